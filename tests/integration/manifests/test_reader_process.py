"""A file read in a separate reader process is stored exactly as one read in-process, on SQLite and
PostgreSQL: the same bills, versions and quarantine, the same counts, a re-send all duplicates, and a
whole-file problem met midway failing the batch after the chunks before it. Also: text the COPY format
must escape (tabs, new lines, backslashes) comes back from the store as it was sent."""

from __future__ import annotations

from pathlib import Path

import pytest

from greenlane.cargo import bill_from_json
from greenlane.core.errors import ValidationFailed
from greenlane.db import Database
from greenlane.identity.domain import SYSTEM
from greenlane.manifests.domain import BatchStatus
from greenlane.manifests.ingest import ingest
from tests.integration.manifests.support import (
    batches,
    bill_row,
    goods,
    make_bill,
    mixed_shipments,
    store_state,
    write,
)

pytestmark = pytest.mark.db
CHUNK = 100


@pytest.mark.parametrize("fmt", ["csv", "ndjson", "cuscar"])
def test_a_file_read_in_a_reader_process_is_stored_as_one_read_in_process(
    db: Database, fresh: Database, tmp_path: Path, fmt: str
) -> None:
    path = write(tmp_path, mixed_shipments(400), fmt)

    separate = ingest(db, actor=SYSTEM, source=path, format=fmt, chunk=CHUNK, separate_reader=True)
    inline = ingest(fresh, actor=SYSTEM, source=path, format=fmt, chunk=CHUNK, separate_reader=False)

    assert separate.counts == inline.counts and separate.counts.balanced
    assert separate.counts.corrections > 0 and separate.counts.quarantined > 0
    assert store_state(db) == store_state(fresh)
    again = ingest(db, actor=SYSTEM, source=path, format=fmt, chunk=CHUNK, separate_reader=True)
    assert again.counts.duplicates == again.counts.received == separate.counts.received
    assert store_state(db) == store_state(fresh)


def test_a_file_that_turns_out_not_utf8_midway_fails_its_batch_after_the_chunks_before(
    db: Database, tmp_path: Path
) -> None:
    path = write(tmp_path, mixed_shipments(300), "ndjson")
    with path.open("ab") as out:
        out.write(b'{"bill_number": "\xff\xfe"}\n')

    with pytest.raises(ValidationFailed, match="not UTF-8"):
        ingest(db, actor=SYSTEM, source=path, format="ndjson", chunk=CHUNK, separate_reader=True)

    (batch,) = batches(db)
    assert batch.status == BatchStatus.FAILED.value and "UTF-8" in (batch.error or "")
    assert batch.received > 0 and len(store_state(db).bills) > 0


@pytest.mark.parametrize("separate", [False, True], ids=["in-process", "reader-process"])
def test_a_missing_file_is_reported_as_missing_stores_nothing_and_fails_its_batch(
    db: Database, tmp_path: Path, separate: bool
) -> None:
    with pytest.raises(FileNotFoundError):
        ingest(db, actor=SYSTEM, source=tmp_path / "gone.csv", format="csv", separate_reader=separate)

    assert store_state(db).bills == []
    # The batch does not stay "running" as if the ingest were still going.
    (batch,) = batches(db)
    assert batch.status == BatchStatus.FAILED.value and "could not be read" in (batch.error or "")


@pytest.mark.parametrize("separate", [False, True], ids=["in-process", "reader-process"])
def test_text_the_copy_format_escapes_is_stored_as_sent(db: Database, tmp_path: Path, separate: bool) -> None:
    awkward = "Tab\there, back\\slash, new\nline, \\N, carriage\rreturn"
    bill = make_bill("OCLN0000001", shipper=awkward, lines=[goods(f"drills {awkward}")])
    path = write(tmp_path, [bill], "ndjson")

    counts = ingest(db, actor=SYSTEM, source=path, format="ndjson", separate_reader=separate).counts

    assert counts.accepted == 1
    with db.transaction() as session:
        stored = bill_row(session, "OCLN0000001")
        assert stored.shipper == awkward
        assert bill_from_json(stored.body).goods[0].description == f"drills {awkward}"
        versions = store_state(db).versions
    assert [v[2] for v in versions] == [1]


@pytest.mark.parametrize("separate", [False, True], ids=["in-process", "reader-process"])
def test_an_ingest_stopped_by_an_unexpected_error_fails_its_batch_with_the_reason(
    db: Database, tmp_path: Path, separate: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    from greenlane.manifests import ingest as ingest_module

    class BrokenAfterFirstChunk(ingest_module.Chunk):
        calls = 0

        def store(self, block):  # type: ignore[no-untyped-def]
            BrokenAfterFirstChunk.calls += 1
            if BrokenAfterFirstChunk.calls > 1:
                raise RuntimeError("the database went away")
            return super().store(block)

    monkeypatch.setattr(ingest_module, "Chunk", BrokenAfterFirstChunk)
    path = write(tmp_path, mixed_shipments(400), "ndjson")

    with pytest.raises(RuntimeError, match="went away"):
        ingest(db, actor=SYSTEM, source=path, format="ndjson", chunk=CHUNK, separate_reader=separate)

    (batch,) = batches(db)
    assert batch.status == BatchStatus.FAILED.value and "the database went away" in (batch.error or "")
    assert 0 < len(store_state(db).bills) < 400  # the first chunk stays, whole
