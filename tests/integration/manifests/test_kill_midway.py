"""An ingest killed midway (SIGKILL to a separate process, on SQLite and PostgreSQL) and run again ends in
exactly the state one clean run gives: the same bills with the same fingerprints and versions, the same
history and the same quarantine. The file holds corrections whose originals sit in earlier chunks,
duplicates and bad records, so every kind of record straddles the kill. The killed batch is marked
interrupted by the re-run. The worker stops at a known point and waits to be killed, so nothing here depends
on timing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from greenlane.cargo import BillOfLading
from greenlane.db import Database
from greenlane.identity.domain import SYSTEM
from greenlane.manifests.domain import BatchStatus
from greenlane.manifests.ingest import ingest
from greenlane.migrations.runner import upgrade
from tests.integration.manifests.support import batches, corrected, make_bill, store_state, write

pytestmark = [pytest.mark.db, pytest.mark.slow]
REPO = Path(__file__).resolve().parents[3]
CHUNK = 100
BILLS = 1_200


def shipments() -> list[BillOfLading]:
    """1,200 bills and, spread through the file: every 50th bill corrected 300 records later (so in a
    later chunk), every 61st sent twice, and every 97th without a consignee (quarantined)."""
    out: list[BillOfLading] = []
    originals: dict[int, BillOfLading] = {}
    for number in range(1, BILLS + 1):
        bill = make_bill(f"OCLN{number:07d}", consignee="" if number % 97 == 0 else "Acme Imports LLC")
        originals[number] = bill
        out.append(bill)
        if number % 61 == 0:
            out.append(bill)
        if number > 300 and (number - 300) % 50 == 0:
            out.append(corrected(originals[number - 300]))
    return out


@pytest.fixture
def manifest(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write(tmp_path_factory.mktemp("kill"), shipments(), "ndjson")


@pytest.fixture
def fresh(db: Database, tmp_path: Path) -> Iterator[Database]:
    """An empty, migrated database of the same kind as `db`, for the clean reference run."""
    if db.url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'clean.db'}"
        upgrade(url)
        database = Database(url)
        yield database
        database.dispose()
        return
    name = f"greenlane_clean_{uuid.uuid4().hex[:10]}"
    admin = create_engine(db.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(db.url).set(database=name).render_as_string(hide_password=False)
    database = Database(url)
    try:
        upgrade(url)
        yield database
    finally:
        database.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def kill_midway(db: Database, path: Path, *, stop_after: int, inside: bool) -> int:
    """Runs the worker until it stops where asked, kills it, and returns the records it had committed."""
    command = [sys.executable, "-m", "tests.integration.manifests.kill_worker", db.url, str(path), "ndjson"]
    command += ["--chunk", str(CHUNK), "--stop-after", str(stop_after), *(["--inside"] if inside else [])]
    worker = subprocess.Popen(
        command, cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert worker.stdout is not None and worker.stdin is not None
    committed = 0
    try:
        for line in worker.stdout:
            if line.startswith("committed "):
                committed = int(line.split()[2])
            if line.strip() == "stopped":
                break
        else:
            pytest.fail(f"the worker ended before stopping: {worker.wait()} {worker.stderr.read()}")  # type: ignore[union-attr]
        os.kill(worker.pid, signal.SIGKILL)
        assert worker.wait() == -signal.SIGKILL
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
        worker.stdin.close()
        worker.stdout.close()
        worker.stderr.close()  # type: ignore[union-attr]
    return committed


@pytest.mark.parametrize(
    ("stop_after", "inside"), [(4, False), (6, True)], ids=["between-chunks", "in-a-chunk"]
)
def test_an_ingest_killed_midway_and_run_again_ends_as_one_clean_run(
    db: Database, fresh: Database, manifest: Path, stop_after: int, inside: bool
) -> None:
    committed = kill_midway(db, manifest, stop_after=stop_after, inside=inside)
    assert committed == stop_after * CHUNK
    (killed,) = batches(db)
    assert (killed.status, killed.received) == (BatchStatus.RUNNING.value, committed)
    assert len(store_state(db).versions) > 0

    rerun = ingest(db, actor=SYSTEM, source=manifest, format="ndjson", chunk=CHUNK)
    clean = ingest(fresh, actor=SYSTEM, source=manifest, format="ndjson", chunk=CHUNK)

    assert store_state(db) == store_state(fresh)
    state = store_state(fresh)
    assert max(b[2] for b in state.bills) == 2 and len(state.quarantine) > 0  # corrections and quarantine
    killed, finished = batches(db)
    assert killed.status == BatchStatus.INTERRUPTED.value and killed.received == committed
    assert finished.status == BatchStatus.COMPLETE.value and rerun.counts.balanced
    assert rerun.counts.received == clean.counts.received
    # What the killed run stored is not stored twice: the re-run takes in exactly the rest.
    taken = rerun.counts.accepted + rerun.counts.quarantined + killed.accepted + killed.quarantined
    assert taken == clean.counts.accepted + clean.counts.quarantined
