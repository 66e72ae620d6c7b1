"""Targeting quality, online protocol (docs/benchmarks.md section 2): the training year is the labelled
history, the test period arrives in 7-day batches, each week k = round(rate x batch) declarations are
examined, only their labels are revealed, and the model is retrained before the next week. Pure exploitation,
exploitation + 10 % random and greenlane's policy run at 5 % and 10 %, on the stream as published and with
the seeded drift of greenlane.risk.drift_injection (a new scheme in previously clean goods from week 5 while
the known schemes wind down). Prints the mean precision and recall per policy, overall and from the drift
week, and the machine it ran on.

    .venv/bin/python benchmarks/targeting_online.py [--train FILE] [--test FILE] [--seeds 1] [--json]
        [--json-out FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from greenlane.risk import evaluate_online, load_kcs
from greenlane.risk.kcs import default_data_dir


def machine() -> dict[str, Any]:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "cores": os.cpu_count(),
        "memory_gb": round(memory, 1),
        "date": datetime.now(UTC).date().isoformat(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", help="training file")
    parser.add_argument("--test", help="stream file")
    parser.add_argument("--seeds", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print JSON only")
    parser.add_argument("--json-out", type=Path, help="also write the JSON here")
    args = parser.parse_args()
    folder = default_data_dir()
    train = load_kcs(args.train or folder / "train.csv")
    test = load_kcs(args.test or folder / "valid.csv")
    started = time.perf_counter()
    report = evaluate_online(train, test, seeds=tuple(range(args.seeds)))
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
    header = f"{'precision':>10s}{'recall':>8s}{'P from wk5':>12s}{'R from wk5':>12s}"
    print(f"{'scenario':9s}{'rate':>6s}  {'policy':16s}{header}")
    for scenario, by_rate in report.summary.items():
        for rate, by_policy in sorted(by_rate.items(), key=lambda item: float(item[0])):
            for policy, f in by_policy.items():
                print(
                    f"{scenario:9s}{rate:>5s}%  {policy:16s}{f['precision']:>10.3f}{f['recall']:>8.3f}"
                    f"{f['precision_from_drift_week']:>12.3f}{f['recall_from_drift_week']:>12.3f}"
                )
    m = result["machine"]
    seconds = result["wall_seconds"]
    print(
        f"\n{len(report.seeds)} seed(s); {seconds} s on {m['cores']} cores, {m['memory_gb']} GB ({m['date']})"
    )


if __name__ == "__main__":
    main()
