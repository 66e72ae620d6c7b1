"""Targeting quality, static protocol (docs/benchmarks.md section 1): fit on the training declarations, score
the test period, examine the top 1, 2, 5 and 10 %. greenlane and the baselines (random, highest value first,
plain LightGBM on label-encoded columns) run in the same process on the same files, so the comparison holds
on a noisy machine; the best achievable value of each figure is printed beside them. Wall time per method
and seed is reported for context, never asserted.

    .venv/bin/python benchmarks/targeting_static.py [--train FILE[,FILE]] [--test FILE] [--seeds 3] [--json]
        [--json-out FILE]

Data: $GREENLANE_KCS_DATA or <repo>/../shared/data/customs-declarations (train.csv, valid.csv).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from greenlane.risk import evaluate_static, load_kcs
from greenlane.risk.kcs import default_data_dir

ROWS = (
    "auc",
    "precision@1",
    "precision@2",
    "precision@5",
    "precision@10",
    "recall@10",
    "critical_recall@1",
    "critical_recall@5",
    "critical_recall@10",
    "duty_proxy_recall@10",
)


def machine() -> dict[str, Any]:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "cores": os.cpu_count(),
        "memory_gb": round(memory, 1),
        "python": sys.version.split()[0],
        "date": datetime.now(UTC).date().isoformat(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", help="comma-separated training files")
    parser.add_argument("--test", help="file to score")
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print JSON only")
    parser.add_argument("--json-out", type=Path, help="also write the JSON here")
    args = parser.parse_args()
    folder = default_data_dir()
    train = load_kcs(args.train.split(",") if args.train else folder / "train.csv")
    test = load_kcs(args.test or folder / "valid.csv")
    started = time.perf_counter()
    report = evaluate_static(train, test, seeds=tuple(range(args.seeds)))
    result = {
        **report.to_json(),
        "machine": machine(),
        "wall_seconds": round(time.perf_counter() - started, 1),
    }
    if args.json_out:
        args.json_out.write_text(json.dumps(result, indent=2))
    if args.json:
        print(json.dumps(result, indent=2))
        return
    names = list(report.models)
    print(f"{'metric':24s}" + "".join(f"{n[:20]:>22s}" for n in names) + f"{'best':>8s}")
    for metric in ROWS:
        cells = "".join(
            f"{report.models[n][metric]:>14.3f} ±{report.models[n][metric + '_std']:.3f}" for n in names
        )
        print(f"{metric:24s}{cells}{report.cap[metric]:>8.3f}")
    m = result["machine"]
    print(f"\n{len(report.seeds)} seed(s); {report.train_rows:,} training, {report.test_rows:,} test rows;")
    print(f"{result['wall_seconds']} s on {m['cores']} cores, {m['memory_gb']} GB ({m['date']})")


if __name__ == "__main__":
    main()
