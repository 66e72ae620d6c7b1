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
from pathlib import Path

import pytest

from greenlane.db import Database
from greenlane.identity.domain import SYSTEM
from greenlane.manifests.domain import BatchStatus
from greenlane.manifests.ingest import ingest
from tests.integration.manifests.support import batches, mixed_shipments, store_state, write

pytestmark = [pytest.mark.db, pytest.mark.slow]
REPO = Path(__file__).resolve().parents[3]
CHUNK = 100
BILLS = 1_200


@pytest.fixture
def manifest(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write(tmp_path_factory.mktemp("kill"), mixed_shipments(BILLS), "ndjson")


def kill_midway(db: Database, path: Path, *, stop_after: int, inside: bool, separate: bool) -> int:
    """Runs the worker until it stops where asked, kills it, and returns the records it had committed."""
    command = [sys.executable, "-m", "tests.integration.manifests.kill_worker", db.url, str(path), "ndjson"]
    command += ["--chunk", str(CHUNK), "--stop-after", str(stop_after), *(["--inside"] if inside else [])]
    command += ["--separate-reader"] if separate else []
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
    ("stop_after", "inside", "separate"),
    [(4, False, False), (4, False, True), (6, True, True)],
    ids=["between-chunks", "between-chunks-reader-process", "in-a-chunk-reader-process"],
)
def test_an_ingest_killed_midway_and_run_again_ends_as_one_clean_run(
    db: Database, fresh: Database, manifest: Path, stop_after: int, inside: bool, separate: bool
) -> None:
    committed = kill_midway(db, manifest, stop_after=stop_after, inside=inside, separate=separate)
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
