"""The ingest run that test_kill_midway kills: a separate process storing a manifest file into the test's
database chunk by chunk. It reports each committed chunk on stdout and, at the point the test asks for, says
"stopped" and blocks, so the test kills it at a known place without waiting on the clock: between two
committed chunks, or inside a chunk's transaction after its bills and versions were written but before it
committed.

    python -m tests.integration.manifests.kill_worker URL PATH FORMAT --chunk 200 --stop-after 3 [--inside]
        [--separate-reader]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from greenlane.db import Database
from greenlane.identity.domain import SYSTEM
from greenlane.manifests.domain import IngestCounts
from greenlane.manifests.ingest import ingest
from greenlane.manifests.repository import ManifestRepository


def stop_here() -> None:
    """Tells the test where the run stands and waits to be killed (stdin never closes before that)."""
    print("stopped", flush=True)
    sys.stdin.read()
    raise SystemExit("not killed: the test closed stdin")


def stop_inside_chunk(number: int) -> None:
    """Blocks inside the transaction of chunk `number`, once its bills, versions, quarantine and batch
    counts are written: the last thing a chunk does before it commits."""
    original = ManifestRepository.add_to_batch
    calls = 0

    def add_to_batch(self: ManifestRepository, batch_id: int, counts: IngestCounts) -> None:
        nonlocal calls
        original(self, batch_id, counts)
        calls += 1
        if calls == number:
            self.session.flush()
            stop_here()

    ManifestRepository.add_to_batch = add_to_batch  # type: ignore[method-assign]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("path", type=Path)
    parser.add_argument("format")
    parser.add_argument("--chunk", type=int, default=200)
    parser.add_argument("--stop-after", type=int, default=0, help="committed chunks before stopping")
    parser.add_argument("--inside", action="store_true", help="stop inside the next chunk's transaction")
    parser.add_argument("--separate-reader", action="store_true", help="read the file in a reader process")
    args = parser.parse_args()
    committed = received = 0

    def progress(count: int) -> None:
        nonlocal committed, received
        committed += 1
        received += count
        print(f"committed {committed} {received}", flush=True)
        if committed == args.stop_after and not args.inside:
            stop_here()

    if args.inside:
        stop_inside_chunk(args.stop_after + 1)
    db = Database(args.url)
    result = ingest(
        db,
        actor=SYSTEM,
        source=args.path,
        format=args.format,
        progress=progress,
        chunk=args.chunk,
        separate_reader=args.separate_reader,
    )
    print(f"done {result.counts.received}", flush=True)


if __name__ == "__main__":
    main()
