"""Parse-and-validate throughput of manifest ingest (docs/benchmarks.md section 3, the parsing half; the
database half belongs to the manifests area). Generates synthetic bills, writes them as CSV, NDJSON and
CUSCAR with greenlane's own writers, then reads every file back through the real readers (parse,
validate, flag, fingerprint) and reports manifest lines per second and peak memory. A manifest line is
one goods line (one CSV row). Memory is measured at two file sizes to show it does not grow with the
file: the readers stream. Each format is also timed against a bare reference pass over the same file
(csv.reader, json.loads per line, the EDIFACT segment split) so the ratio survives a noisy machine.

    .venv/bin/python benchmarks/ingest_parse.py [--lines 100000] [--small 20000] [--repeat 3] [--json]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from greenlane.cargo import (
    Accepted,
    BillOfLading,
    BillType,
    Container,
    GoodsLine,
    Party,
    PartyRole,
    Voyage,
    check_digit,
    read_manifests,
    write_manifests,
)
from greenlane.cargo.cuscar_syntax import split_segments

TARGET_LINES_PER_SECOND = {"csv": 50_000, "ndjson": 50_000}
FORMATS = ("csv", "ndjson", "cuscar")
_PORTS = ("CNSHA", "CNNGB", "CNYTN", "VNSGN", "KRPUS", "SGSIN", "DEHAM", "NLRTM", "INNSA", "TWKHH")
_GOODS = (
    ("620520", "men's cotton woven shirts"),
    ("847130", "portable computers, under 10 kg"),
    ("940360", "wooden bedroom furniture"),
    ("870830", "brake pads, ceramic"),
    ("392690", "plastic storage boxes"),
    ("640399", "leather footwear"),
    ("851712", "mobile telephones"),
    ("000000", "FAK"),
    ("000000", "said to contain general cargo"),
)


def synthetic_bills(lines: int, seed: int = 7) -> Iterator[BillOfLading]:
    """Bills as a carrier files them: sailings of 50 to 400 consecutive bills, each with 1 to 5 goods
    lines (3 on average), shippers and consignees drawn from pools of recurring businesses. About 1 %
    lack a consignee (quarantined); some are filed late, some have vague goods or a mistyped container."""
    rng = random.Random(seed)
    made = number = 0
    while made < lines:
        voyage = _sailing(rng, number)
        for _ in range(rng.randint(50, 400)):
            if made >= lines:
                return
            number += 1
            count = min(rng.randint(1, 5), lines - made)
            yield BillOfLading(
                bill_number=f"{voyage.carrier}{number:010d}",
                bill_type=BillType.MASTER if rng.random() < 0.7 else BillType.HOUSE,
                voyage=replace(voyage, place_of_receipt=rng.choice(_PORTS)),
                parties=_parties(rng),
                containers=(_container(rng, number),),
                goods=tuple(_goods_line(rng) for _ in range(count)),
                filed_at=voyage.departure - timedelta(hours=rng.choice((12, 30, 48, 72, 96))),  # type: ignore[operator]
            )
            made += count


def _sailing(rng: random.Random, number: int) -> Voyage:
    departure = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(525_600))
    return Voyage(
        carrier=rng.choice(("MAEU", "MSCU", "CMDU", "HLCU", "COSU")),
        vessel_name=f"VESSEL {number % 40}",
        voyage_number=f"{number % 97:03d}E",
        port_of_loading=rng.choice(_PORTS),
        port_of_discharge=rng.choice(("USLAX", "USLGB", "USNYC", "USSAV")),
        departure=departure,
        arrival=departure + timedelta(days=rng.randint(10, 35)),
        vessel_imo=f"9{number % 999_999:06d}",
    )


def _parties(rng: random.Random) -> tuple[Party, ...]:
    shipper, consignee = rng.randrange(5000), rng.randrange(3000)
    parties = [
        Party(
            PartyRole.SHIPPER, f"Shipper {shipper} Co", f"{shipper} Harbour Road", "CN", f"CN{shipper:06d}"
        ),
        Party(PartyRole.NOTIFY, "Harbor Customs Brokers", "9 Dock St", "US", ""),
    ]
    if rng.random() > 0.01:
        parties.append(
            Party(PartyRole.CONSIGNEE, f"Importer {consignee} Inc", "2 Main St", "US", f"US{consignee}")
        )
    return tuple(parties)


def _container(rng: random.Random, number: int) -> Container:
    first_ten = f"{rng.choice(('MSKU', 'TGHU', 'CSQU'))}{number % 1_000_000:06d}"
    digit = check_digit(first_ten) if rng.random() > 0.02 else (check_digit(first_ten) + 1) % 10
    return Container(first_ten + str(digit), "45G1", (f"SL{number:08d}",))


def _goods_line(rng: random.Random) -> GoodsLine:
    hs_code, description = rng.choice(_GOODS)
    return GoodsLine(
        hs_code=hs_code,
        description=description,
        packages=rng.randint(1, 900),
        package_type="CT",
        gross_weight_kg=round(rng.uniform(50, 24_000), 1),
        value=Decimal(rng.randint(10_000, 10_000_000)) / 100,
        currency="USD",
        country_of_origin="CN",
    )


def ingest(path: Path, name: str) -> tuple[int, int]:
    """Reads a file as the ingest does (every record built, validated, flagged and fingerprinted) and
    counts accepted and quarantined bills; the records themselves are dropped, as a store would."""
    accepted = quarantined = 0
    for outcome in read_manifests(path, name):
        if isinstance(outcome, Accepted):
            accepted += 1
        else:
            quarantined += 1
    return accepted, quarantined


def reference(path: Path, name: str) -> None:
    """The least any reader of this format must do: csv.reader, json.loads per line, segment split."""
    if name == "csv":
        with open(path, newline="") as stream:
            for _ in csv.reader(stream):
                pass
    elif name == "ndjson":
        with open(path) as stream:
            for line in stream:
                json.loads(line)
    else:
        with open(path, encoding="latin-1") as stream:
            for _ in split_segments(stream):
                pass


def best_time(action: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Best wall time and best CPU time of `repeat` runs: on a shared machine the best run is the least
    disturbed one, and CPU time shows what the code costs when other processes take the cores."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def peak_memory(path: Path, name: str) -> int:
    """Peak Python allocation while reading the whole file, in a fresh process so the readers' bounded
    caches start empty and everything they hold is counted (tracemalloc is slow, so this is not timed)."""
    completed = subprocess.run(
        [sys.executable, __file__, "--peak-of", str(path), "--format", name],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(completed.stdout.strip())


def _peak_here(path: Path, name: str) -> int:
    tracemalloc.start()
    try:
        ingest(path, name)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def write_files(folder: Path, lines: int) -> dict[str, Path]:
    paths = {name: folder / f"manifest-{lines}.{name}" for name in FORMATS}
    for name, path in paths.items():
        write_manifests(synthetic_bills(lines), path, name)
    return paths


def measure(lines: int, small: int, repeat: int, folder: Path) -> list[dict[str, Any]]:
    large_files, small_files = write_files(folder, lines), write_files(folder, small)
    results = []
    for name in FORMATS:
        path = large_files[name]
        # Every file holds exactly `lines` goods lines; quarantined bills are parsed and validated too.
        accepted, quarantined = ingest(path, name)
        seconds, cpu = best_time(lambda path=path, name=name: ingest(path, name), repeat)
        bare, bare_cpu = best_time(lambda path=path, name=name: reference(path, name), repeat)
        results.append(
            {
                "format": name,
                "lines": lines,
                "bills_accepted": accepted,
                "bills_quarantined": quarantined,
                "file_mb": round(path.stat().st_size / 1e6, 1),
                "seconds": round(seconds, 3),
                "lines_per_second": round(lines / seconds),
                "cpu_seconds": round(cpu, 3),
                "lines_per_cpu_second": round(lines / cpu),
                "reference_seconds": round(bare, 3),
                "ratio_to_reference": round(cpu / bare_cpu, 2),
                f"peak_mb_at_{small}": round(peak_memory(small_files[name], name) / 1e6, 2),
                f"peak_mb_at_{lines}": round(peak_memory(path, name) / 1e6, 2),
                "target_lines_per_second": TARGET_LINES_PER_SECOND.get(name),
            }
        )
    return results


def machine() -> dict[str, Any]:
    memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "cores": os.cpu_count(),
        "memory_gb": round(memory_gb, 1),
        "load_average_1m": round(os.getloadavg()[0], 2),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def table(results: Iterable[dict[str, Any]], lines: int, small: int, host: dict[str, Any]) -> str:
    rows = [
        f"Manifest parse + validate, {lines:,} lines per format; machine: {host['cores']} cores, "
        f"{host['memory_gb']} GB, load {host['load_average_1m']}, Python {host['python']}",
        f"{'format':<8}{'lines/s':>10}{'/cpu s':>9}{'target':>9}{'x bare':>8}{'file MB':>9}"
        f"{f'peak MB @{small // 1000}k':>15}{f'peak MB @{lines // 1000}k':>16}{'quarantined':>13}",
    ]
    for r in results:
        target = r["target_lines_per_second"]
        verdict = (
            "-"
            if target is None
            else f"{target // 1000}k " + ("ok" if r["lines_per_second"] >= target else "MISS")
        )
        rows.append(
            f"{r['format']:<8}{r['lines_per_second']:>10,}{r['lines_per_cpu_second']:>9,}{verdict:>9}"
            f"{r['ratio_to_reference']:>8}{r['file_mb']:>9}{r[f'peak_mb_at_{small}']:>15}"
            f"{r[f'peak_mb_at_{lines}']:>16}{r['bills_quarantined']:>13}"
        )
    rows.append("lines/s: wall clock; /cpu s: per CPU second of this process (fairer on a shared machine).")
    rows.append(
        "x bare: CPU time relative to a bare csv.reader / json.loads / segment split of the same file."
    )
    rows.append("target: judged on wall-clock lines/s.")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--lines", type=int, default=100_000, help="manifest lines per format")
    parser.add_argument("--small", type=int, default=20_000, help="smaller size for the memory comparison")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per format (best is reported)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of the table")
    parser.add_argument("--peak-of", type=Path, help=argparse.SUPPRESS)  # internal: one memory measurement
    parser.add_argument("--format", choices=FORMATS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.peak_of is not None:
        print(_peak_here(args.peak_of, args.format))
        return 0
    host = machine()
    with tempfile.TemporaryDirectory(prefix="greenlane-ingest-") as folder:
        results = measure(args.lines, args.small, args.repeat, Path(folder))
    if args.json:
        print(json.dumps({"benchmark": "ingest_parse", "machine": host, "results": results}, indent=2))
    else:
        print(table(results, args.lines, args.small, host))
    return 0


if __name__ == "__main__":
    sys.exit(main())
