"""Ingest-and-store throughput of manifests (docs/benchmarks.md section 3, the database half): the same
synthetic bills written as CSV, NDJSON and CUSCAR (100,000 manifest lines each, a manifest line being one
goods line) are ingested through greenlane.manifests.ingest into a fresh SQLite file and a fresh PostgreSQL
database, then sent again (every record a duplicate). Each run is its own process, so its peak resident
memory (ru_maxrss) is its own; memory is measured at two file sizes to show it does not grow with the file.
The reference, measured in the same run on the same files, is parsing alone (read, validate, flag,
fingerprint: what ingest does before it touches the database), and store/parse is the ratio of the two
rates. The PostgreSQL database is created on the server named by GREENLANE_TEST_POSTGRES_URL (or --postgres)
and dropped afterwards.

    .venv/bin/python benchmarks/ingest_store.py [--lines 100000] [--small 20000] [--chunk 2000] [--json]
        [--json-out FILE] [--postgres URL] [--reader auto|inline|process]
    .venv/bin/python benchmarks/ingest_store.py --profile csv   # cProfile of one PostgreSQL ingest

CPU time is reported for the storing process and for its reader process (ingest reads a large file in a
child process on a machine with two cores or more; --reader inline measures the single-process path), and
the load average with each run, since on a shared machine wall time alone says little.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, make_url, text

from greenlane.cargo import Accepted, read_manifests
from greenlane.db import Database
from greenlane.identity.domain import SYSTEM
from greenlane.manifests.ingest import CHUNK, ingest
from greenlane.migrations.runner import upgrade
from ingest_parse import FORMATS, machine, write_files

# The target holds for CSV and NDJSON into PostgreSQL; CUSCAR is reported without one.
TARGET_POSTGRES_LINES_PER_SECOND = {"csv": 20_000, "ndjson": 20_000}
POSTGRES_ENV = "GREENLANE_TEST_POSTGRES_URL"


# --- the measured runs, each in a child process of its own ---


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports kilobytes


def _parse(path: Path, fmt: str) -> dict[str, Any]:
    lines = 0
    start, cpu = time.perf_counter(), time.process_time()
    for outcome in read_manifests(path, fmt):
        if isinstance(outcome, Accepted):
            lines += len(outcome.record.bill.goods)
    return {
        "seconds": time.perf_counter() - start,
        "cpu_seconds": time.process_time() - cpu,
        "lines": lines,
        "load_average_1m": os.getloadavg()[0],
    }


_READERS = {"auto": None, "inline": False, "process": True}


def _store(url: str, path: Path, fmt: str, chunk: int, reader: str) -> dict[str, Any]:
    db = Database(url)
    with db.transaction() as session:  # connect before measuring: the first connection is not ingest
        session.execute(text("select 1"))
    rss_before = _rss_mb()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    start, cpu = time.perf_counter(), time.process_time()
    result = ingest(db, actor=SYSTEM, source=path, format=fmt, chunk=chunk, separate_reader=_READERS[reader])
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    done = resource.getrusage(resource.RUSAGE_CHILDREN)
    db.dispose()
    c = result.counts
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        # The reader process, when there is one (it has ended and been waited for by now).
        "reader_cpu_seconds": (done.ru_utime + done.ru_stime) - (children.ru_utime + children.ru_stime),
        "load_average_1m": os.getloadavg()[0],
        "lines": c.lines,
        "received": c.received,
        "accepted": c.accepted,
        "quarantined": c.quarantined,
        "duplicates": c.duplicates,
        "rss_before_mb": rss_before,
    }


def worker(argv: list[str]) -> None:
    """`--worker parse PATH FMT` or `--worker store URL PATH FMT CHUNK READER`: one measured run, JSON on
    stdout."""
    if argv[0] == "parse":
        out = _parse(Path(argv[1]), argv[2])
    else:
        out = _store(argv[1], Path(argv[2]), argv[3], int(argv[4]), argv[5])
    out["peak_rss_mb"] = _rss_mb()
    print(json.dumps(out))


def reader_peak_mb(path: Path, fmt: str, chunk: int) -> float:
    """Peak memory of the reader process alone, reading the file to nowhere. Taken from its VmHWM while it
    runs: its ru_maxrss would count the parent's pages it was started from (Linux carries the high-water
    mark of the spawning memory over exec), so an ingest's RUSAGE_CHILDREN overstates it."""
    command = [sys.executable, "-m", "greenlane.manifests.reader", str(path), fmt, str(chunk)]
    reader = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    peak_kb = 0
    status = Path(f"/proc/{reader.pid}/status")
    while reader.poll() is None:
        try:
            found = [line for line in status.read_text().splitlines() if line.startswith("VmHWM:")]
        except OSError:
            break
        if found:
            peak_kb = max(peak_kb, int(found[0].split()[1]))
        time.sleep(0.02)
    reader.wait()
    return peak_kb / 1024


def child(*args: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--worker", *args], check=True, capture_output=True, text=True
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


# --- fresh databases ---


@contextmanager
def fresh_sqlite(folder: Path) -> Iterator[str]:
    path = folder / f"store-{uuid.uuid4().hex[:8]}.db"
    url = f"sqlite:///{path}"
    upgrade(url)
    try:
        yield url
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


@contextmanager
def fresh_postgres(server: str) -> Iterator[str]:
    name = f"greenlane_bench_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    try:
        upgrade(url)
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def fresh(backend: str, folder: Path, server: str | None) -> Iterator[str]:
    if backend == "sqlite":
        with fresh_sqlite(folder) as url:
            yield url
    else:
        assert server is not None
        with fresh_postgres(server) as url:
            yield url


# --- the benchmark ---


def measure(args: argparse.Namespace, folder: Path) -> list[dict[str, Any]]:
    large, small = write_files(folder, args.lines), write_files(folder, args.small)
    backends = ["sqlite", "postgresql"] if args.postgres else ["sqlite"]
    results = []
    for fmt in FORMATS:
        parse = child("parse", str(large[fmt]), fmt)
        parse_rate = parse["lines"] / parse["seconds"]
        reader_mb = [reader_peak_mb(files[fmt], fmt, args.chunk) for files in (small, large)]
        for backend in backends:
            run = (fmt, str(args.chunk), args.reader)
            with fresh(backend, folder, args.postgres) as url:
                first = child("store", url, str(large[fmt]), *run)
                resend = child("store", url, str(large[fmt]), *run)
            with fresh(backend, folder, args.postgres) as url:
                smaller = child("store", url, str(small[fmt]), *run)
            rate = first["lines"] / first["seconds"]
            results.append(
                {
                    "format": fmt,
                    "backend": backend,
                    "lines": first["lines"],
                    "bills": first["received"],
                    "quarantined": first["quarantined"],
                    "seconds": round(first["seconds"], 2),
                    "lines_per_second": round(rate),
                    "cpu_seconds": round(first["cpu_seconds"], 2),
                    "reader_cpu_seconds": round(first["reader_cpu_seconds"], 2),
                    "load_average_1m": round(first["load_average_1m"], 2),
                    "resend_lines_per_second": round(first["lines"] / resend["seconds"]),
                    "resend_all_duplicates": resend["duplicates"] == resend["received"],
                    "parse_lines_per_second": round(parse_rate),
                    "parse_cpu_lines_per_second": round(parse["lines"] / parse["cpu_seconds"]),
                    "store_to_parse": round(rate / parse_rate, 2),
                    f"peak_rss_mb_at_{args.small}": round(smaller["peak_rss_mb"], 1),
                    f"peak_rss_mb_at_{args.lines}": round(first["peak_rss_mb"], 1),
                    f"reader_peak_rss_mb_at_{args.small}": round(reader_mb[0], 1),
                    f"reader_peak_rss_mb_at_{args.lines}": round(reader_mb[1], 1),
                    "rss_before_ingest_mb": round(first["rss_before_mb"], 1),
                    "target_lines_per_second": TARGET_POSTGRES_LINES_PER_SECOND.get(fmt)
                    if backend == "postgresql"
                    else None,
                }
            )
    return results


def table(results: list[dict[str, Any]], args: argparse.Namespace, host: dict[str, Any]) -> str:
    small, lines = args.small, args.lines
    rows = [
        f"Manifest ingest + store, {lines:,} lines per format, chunk {args.chunk}, reader {args.reader}; "
        f"machine: {host['cores']} cores, {host['memory_gb']} GB, load {host['load_average_1m']}, "
        f"Python {host['python']}",
        f"{'format':<8}{'database':<12}{'lines/s':>9}{'target':>11}{'cpu s':>7}{'reader s':>9}{'load':>6}"
        f"{'resend/s':>10}{'parse/s':>9}{'store/parse':>13}{f'RSS MB @{small // 1000}k':>14}"
        f"{f'RSS MB @{lines // 1000}k':>15}{'reader MB':>11}{'held':>6}",
    ]
    for r in results:
        target = r["target_lines_per_second"]
        verdict = (
            "-"
            if target is None
            else f"{target // 1000}k " + ("ok" if r["lines_per_second"] >= target else "MISS")
        )
        reader_mb = f"{r[f'reader_peak_rss_mb_at_{small}']}->{r[f'reader_peak_rss_mb_at_{lines}']}"
        rows.append(
            f"{r['format']:<8}{r['backend']:<12}{r['lines_per_second']:>9,}{verdict:>11}"
            f"{r['cpu_seconds']:>7}{r['reader_cpu_seconds']:>9}{r['load_average_1m']:>6}"
            f"{r['resend_lines_per_second']:>10,}{r['parse_lines_per_second']:>9,}{r['store_to_parse']:>13}"
            f"{r[f'peak_rss_mb_at_{small}']:>14}{r[f'peak_rss_mb_at_{lines}']:>15}{reader_mb:>11}"
            f"{r['quarantined']:>6}"
        )
    rows += [
        "lines/s: first ingest into an empty database; resend/s: the same file again (all duplicates);",
        "cpu s: CPU time of the storing process; reader s: of its reader process (0 when read in-process);",
        "load: 1-minute load average when the run ended (the machine is shared);",
        "parse/s: reading, validating, flagging, fingerprinting alone on the same file (the reference);",
        "RSS: peak resident memory of the process doing the run at the small and the large size; reader MB:",
        "peak of the reader process alone at both sizes (a separate run; it is used for files of 2 MB or",
        "more); held: bills quarantined.",
    ]
    return "\n".join(rows)


def profile(args: argparse.Namespace, folder: Path) -> str:
    """cProfile of one ingest of the large file into a fresh database (PostgreSQL when available)."""
    fmt = args.profile
    path = write_files(folder, args.lines)[fmt]
    backend = "postgresql" if args.postgres else "sqlite"
    with fresh(backend, folder, args.postgres) as url:
        db = Database(url)
        profiler = cProfile.Profile()
        profiler.enable()
        ingest(
            db, actor=SYSTEM, source=path, format=fmt, chunk=args.chunk, separate_reader=_READERS[args.reader]
        )
        profiler.disable()
        db.dispose()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("cumulative").print_stats(45)
    stats.sort_stats("tottime").print_stats(30)
    return f"profile of one {fmt} ingest into {backend}\n{out.getvalue()}"


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        worker(sys.argv[2:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--lines", type=int, default=100_000, help="manifest lines per format")
    parser.add_argument("--small", type=int, default=20_000, help="smaller size for the memory comparison")
    parser.add_argument("--chunk", type=int, default=CHUNK, help="records per transaction")
    parser.add_argument(
        "--postgres", default=os.environ.get(POSTGRES_ENV), help=f"server URL (default ${POSTGRES_ENV})"
    )
    parser.add_argument(
        "--reader",
        choices=sorted(_READERS),
        default="auto",
        help="read in a separate process, in-process, or as ingest decides (auto; the default)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of the table")
    parser.add_argument("--json-out", type=Path, help="also write the JSON to this file")
    parser.add_argument("--profile", choices=FORMATS, help="profile one ingest instead of benchmarking")
    args = parser.parse_args()
    host = machine()
    with tempfile.TemporaryDirectory(prefix="greenlane-store-") as folder:
        if args.profile:
            print(profile(args, Path(folder)))
            return 0
        results = measure(args, Path(folder))
    payload = {
        "benchmark": "ingest_store",
        "machine": host,
        "chunk": args.chunk,
        "reader": args.reader,
        "results": results,
    }
    if args.json_out:
        args.json_out.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(payload, indent=2) if args.json else table(results, args, host))
    if not args.postgres:
        print(f"PostgreSQL not measured: set {POSTGRES_ENV} or pass --postgres", file=sys.stderr)
    missed = [
        r
        for r in results
        if r["target_lines_per_second"] and r["lines_per_second"] < r["target_lines_per_second"]
    ]
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
