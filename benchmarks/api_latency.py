"""Single-shipment scoring through the API (docs/benchmarks.md section 3, last item): latency percentiles of
POST /api/v1/targeting/score at fixed request rates, sent by a load generator in a separate process over
loopback to `greenlane serve` (Uvicorn, one process), on a database seeded by `greenlane demo` (a month of a
synthetic port, its partners and a trained model).

The generator is open-loop: request i is due at start + i / rate whatever happened to the others, and its
latency is counted from when it was due, so a slow server shows up as queueing instead of quietly lowering
the rate (no coordinated omission). The first seconds are a warm-up and are not counted. The reference,
measured in the same run at the same rates against the same server, is the cheapest authenticated request
(GET /api/v1/auth/me: the framework, the token check and a user read), so "x reference" is what scoring adds.
Bills are real filings of the seeded world (NDJSON contract objects), taken in turn.

    .venv/bin/python benchmarks/api_latency.py [--rates 10,40] [--seconds 20] [--warmup 3] [--json]
        [--json-out FILE] [--postgres URL]     # PostgreSQL: a fresh database on that server, dropped after
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import numpy as np
from sqlalchemy import create_engine, make_url, text

from ingest_parse import machine

GREENLANE = Path(sys.executable).with_name("greenlane")
PASSWORD = "greenlane-demo"
DOCUMENTS = 2_000
WORKERS = 32
REFERENCE = "reference: GET /api/v1/auth/me"
SCORE = "POST /api/v1/targeting/score"


# --- the load generator (a process of its own) ---


def generate(
    base: str, token: str, kind: str, rate: float, seconds: float, warmup: float, docs: Path
) -> None:
    """Sends rate x (warmup + seconds) requests on an open-loop schedule and prints the counted ones."""
    documents = [json.loads(line) for line in docs.read_text(encoding="utf-8").splitlines()]
    total = int(rate * (warmup + seconds))
    skipped = int(rate * warmup)
    start = time.perf_counter() + 0.5
    due = start + np.arange(total) / rate
    results: list[tuple[float, float, int] | None] = [None] * total
    work: queue.Queue[int | None] = queue.Queue()
    for i in range(total):
        work.put(i)

    def worker() -> None:
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=60) as client:
            while (i := work.get()) is not None:
                wait = due[i] - time.perf_counter()
                if wait > 0:
                    time.sleep(wait)
                sent = time.perf_counter()
                if kind == "score":
                    response = client.post("/api/v1/targeting/score", json=documents[i % len(documents)])
                else:
                    response = client.get("/api/v1/auth/me")
                done = time.perf_counter()
                results[i] = (done - due[i], done - sent, response.status_code)

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for thread in threads:
        work.put(None)
        thread.start()
    for thread in threads:
        thread.join()
    counted = [r for r in results[skipped:] if r is not None]
    elapsed = max(due[-1] - due[skipped], 1e-9)
    print(json.dumps({"results": counted, "window_s": float(elapsed)}))


# --- the measured server ---


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def _database(postgres: str | None) -> Iterator[str]:
    """Empty means the embedded SQLite file of the data directory; a server URL gets a fresh database."""
    if not postgres:
        yield ""
        return
    url = make_url(postgres)
    name = f"greenlane_latency_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _seed(env: dict[str, str], postgres: bool) -> None:
    command = [str(GREENLANE), "demo", *(["--no-reset"] if postgres else [])]
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)


@contextmanager
def _server(env: dict[str, str]) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = _free_port()
    process = subprocess.Popen(
        [str(GREENLANE), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/openapi.json", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            raise RuntimeError("the server did not come up within 30 s")
        yield base, process
    finally:
        process.terminate()
        process.wait(timeout=30)


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _measure(
    base: str, server_pid: int, token: str, kind: str, rate: float, args: Any, docs: Path
) -> dict[str, Any]:
    cpu_before = _cpu_seconds(server_pid)
    command = [sys.executable, __file__, "--generate", kind, "--base", base, "--token", token,
               "--rate", str(rate), "--seconds", str(args.seconds), "--warmup", str(args.warmup),
               "--docs", str(docs)]  # fmt: skip
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    server_cpu = _cpu_seconds(server_pid) - cpu_before
    found = json.loads(output)
    rows = np.array(found["results"], dtype=float).reshape(-1, 3)
    latency_ms, service_ms = rows[:, 0] * 1000, rows[:, 1] * 1000
    ok = rows[:, 2] == 200
    return {
        "request": SCORE if kind == "score" else REFERENCE,
        "rate_per_s": rate,
        "requests": len(rows),
        "errors": int((~ok).sum()),
        "achieved_per_s": round(len(rows) / found["window_s"], 1),
        "p50_ms": round(float(np.percentile(latency_ms, 50)), 2),
        "p95_ms": round(float(np.percentile(latency_ms, 95)), 2),
        "p99_ms": round(float(np.percentile(latency_ms, 99)), 2),
        "max_ms": round(float(latency_ms.max()), 2),
        "service_p50_ms": round(float(np.percentile(service_ms, 50)), 2),
        "server_cpu_ms_per_request": round(
            server_cpu * 1000 / max(int(rate * (args.seconds + args.warmup)), 1), 2
        ),
    }


def _documents(data_dir: Path, folder: Path) -> Path:
    lines = (data_dir / "demo-world" / "manifests.ndjson").read_text(encoding="utf-8").splitlines()
    step = max(len(lines) // DOCUMENTS, 1)
    path = folder / "documents.ndjson"
    path.write_text("\n".join(lines[::step][:DOCUMENTS]) + "\n", encoding="utf-8")
    return path


def run(args: Any) -> dict[str, Any]:
    rates = [float(r) for r in args.rates.split(",")]
    with tempfile.TemporaryDirectory(prefix="greenlane-latency-") as folder, _database(args.postgres) as url:
        data_dir = Path(folder) / "var"
        env = {**os.environ, "GREENLANE_DATA_DIR": str(data_dir), "GREENLANE_DATABASE_URL": url}
        _seed(env, postgres=bool(url))
        docs = _documents(data_dir, Path(folder))
        host = machine()
        with _server(env) as (base, process):
            login = {"username": "officer", "password": PASSWORD}
            token = httpx.post(f"{base}/api/v1/auth/token", json=login, timeout=30).json()["access_token"]
            runs = []
            for rate in rates:
                for kind in ("reference", "score"):
                    runs.append(_measure(base, process.pid, token, kind, rate, args, docs))
                    print(_line(runs[-1]), file=sys.stderr)
        for result in runs:
            reference = next(
                r for r in runs if r["request"] == REFERENCE and r["rate_per_s"] == result["rate_per_s"]
            )
            result["p50_x_reference"] = round(result["p50_ms"] / max(reference["p50_ms"], 1e-9), 2)
        host["load_average_1m_after"] = round(os.getloadavg()[0], 2)
    return {"database": "postgresql" if url else "sqlite", "seconds": args.seconds, "warmup": args.warmup,
            "machine": host, "runs": runs}  # fmt: skip


def _line(r: dict[str, Any]) -> str:
    return (
        f"{r['request']:<34} {r['rate_per_s']:>5.0f}/s  p50 {r['p50_ms']:>7.2f}  p95 {r['p95_ms']:>7.2f}  "
        f"p99 {r['p99_ms']:>7.2f}  max {r['max_ms']:>8.2f} ms  errors {r['errors']}  "
        f"server cpu {r['server_cpu_ms_per_request']:.2f} ms/req"
    )


def table(report: dict[str, Any]) -> str:
    host = report["machine"]
    rows = [
        f"Single-shipment scoring through the API ({report['database']}), {report['seconds']} s a rate after "
        f"{report['warmup']} s warm-up; machine: {host['cores']} cores, {host['memory_gb']} GB, load "
        f"{host['load_average_1m']} -> {host['load_average_1m_after']}, Python {host['python']}",
        f"{'request':<34}{'rate/s':>7}{'done/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}"
        f"{'errors':>7}{'cpu ms/req':>11}{'p50 x ref':>10}",
    ]
    for r in report["runs"]:
        rows.append(
            f"{r['request']:<34}{r['rate_per_s']:>7.0f}{r['achieved_per_s']:>8.1f}{r['p50_ms']:>9.2f}"
            f"{r['p95_ms']:>9.2f}{r['p99_ms']:>9.2f}{r['max_ms']:>9.2f}{r['errors']:>7}"
            f"{r['server_cpu_ms_per_request']:>11.2f}{r['p50_x_reference']:>10.2f}"
        )
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rates", default="10,40", help="Requests per second, comma-separated.")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--postgres", default=None, help="A PostgreSQL server URL instead of SQLite.")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--json-out", type=Path, default=None)
    parser.add_argument("--generate", choices=("score", "reference"), help=argparse.SUPPRESS)
    parser.add_argument("--base", help=argparse.SUPPRESS)
    parser.add_argument("--token", help=argparse.SUPPRESS)
    parser.add_argument("--rate", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--docs", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:
        generate(args.base, args.token, args.generate, args.rate, args.seconds, args.warmup, args.docs)
        return
    report = run(args)
    if args.json_out:
        args.json_out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2) if args.json else table(report))


if __name__ == "__main__":
    main()
