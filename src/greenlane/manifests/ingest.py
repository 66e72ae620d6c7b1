"""The ingest job. It streams a file through the cargo readers in bounded memory and stores it chunk by
chunk, each chunk in its own transaction with the batch counters, so a run that is killed midway leaves
only whole chunks behind and running it again finishes the job: what was stored counts as duplicates and
the final state is the one a single clean run gives. A whole-file problem (an unreadable CUSCAR
interchange, a CSV without the contract's header) is found before anything is stored."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from greenlane.cargo import FormatError, ManifestFormat, check_interchange
from greenlane.core.clock import Clock, utc_now
from greenlane.core.errors import ValidationFailed
from greenlane.db.engine import Database
from greenlane.identity.domain import Actor, Permission
from greenlane.manifests.chunk_store import NOT_THE_FILER, Chunk, PartnerIndex
from greenlane.manifests.domain import BatchStatus, IngestCounts
from greenlane.manifests.reader import prepared_chunks
from greenlane.manifests.repository import ManifestRepository
from greenlane.manifests.tables import IngestBatchRow
from greenlane.partners import service as partners

CHUNK = 2_000
Progress = Callable[[int], None]
__all__ = [
    "CHUNK",
    "NOT_THE_FILER",
    "IngestResult",
    "Progress",
    "batch_lifecycle",
    "ingest",
    "ingest_text",
    "parse_format",
    "upload_text",
]


@dataclass(frozen=True, slots=True)
class IngestResult:
    batch_id: int
    source: str
    format: str
    counts: IngestCounts

    def as_dict(self) -> dict[str, Any]:
        c = self.counts
        return {
            "batch_id": self.batch_id,
            "source": self.source,
            "format": self.format,
            "received": c.received,
            "accepted": c.accepted,
            "quarantined": c.quarantined,
            "duplicates": c.duplicates,
            "corrections": c.corrections,
            "flagged": c.flagged,
            "lines": c.lines,
        }


def parse_format(text: str) -> ManifestFormat:
    try:
        return ManifestFormat(text.strip().lower())
    except ValueError:
        valid = ", ".join(f.value for f in ManifestFormat)
        raise ValidationFailed(f"unknown format {text!r}; expected one of: {valid}", field="format") from None


def _check_whole_file(source: Path | TextIO, fmt: ManifestFormat) -> None:
    if fmt is not ManifestFormat.CUSCAR:
        return
    try:
        check_interchange(source)
    except FormatError as exc:
        raise ValidationFailed(
            f"unreadable interchange, nothing stored: {exc}", field="interchange"
        ) from None
    if not isinstance(source, Path):
        source.seek(0)


def ingest(
    db: Database,
    *,
    actor: Actor,
    source: Path | TextIO,
    format: str,
    source_name: str | None = None,
    clock: Clock = utc_now,
    progress: Progress | None = None,
    chunk: int = CHUNK,
    separate_reader: bool | None = None,
) -> IngestResult:
    """Stores every record of the file as accepted, corrected, duplicate or quarantined. `separate_reader`
    reads the file in a child process while this one stores (None: when the file is large enough and there
    are cores for it; a stream is always read here)."""
    actor.require(Permission.MANIFESTS_INGEST)
    if format.strip().lower() == "isf":
        from greenlane.manifests.filings import ingest_filings

        name = source_name or (str(source) if isinstance(source, Path) else "upload")
        return ingest_filings(
            db, actor=actor, source=source, source_name=name, clock=clock, progress=progress
        )
    fmt = parse_format(format)
    name = source_name or (str(source) if isinstance(source, Path) else "upload")
    _check_whole_file(source, fmt)
    total = IngestCounts()
    with db.transaction() as session:
        # Read once per run: the partners a filing is attributed to do not change during one ingest.
        index = PartnerIndex(partners.identifier_index(session))
    with batch_lifecycle(db, actor=actor, name=name, fmt=fmt.value, clock=clock) as batch_id:
        for block in prepared_chunks(source, fmt, chunk, separate=separate_reader):
            with db.transaction() as session:
                repo = ManifestRepository(session, actor)
                counts = Chunk(repo, index, actor, fmt, batch_id, clock()).store(block)
                repo.add_to_batch(batch_id, counts)
            total.add(counts)
            if progress is not None:
                progress(counts.received)
    return IngestResult(batch_id=batch_id, source=name, format=fmt.value, counts=total)


@contextmanager
def batch_lifecycle(db: Database, *, actor: Actor, name: str, fmt: str, clock: Clock) -> Iterator[int]:
    """Opens the batch, and closes it complete, or failed with the reason when the file as a whole turns out
    unreadable midway (chunks already stored stay: each is whole, and running the file again is safe)."""
    batch_id = _open_batch(db, actor=actor, name=name, fmt=fmt, clock=clock)
    try:
        yield batch_id
    except FormatError as exc:
        _close_batch(db, actor, batch_id, BatchStatus.FAILED, clock, error=str(exc))
        raise ValidationFailed(f"{name}: {exc}", field="file") from None
    except UnicodeDecodeError as exc:
        # Found only when the reader gets there; the batch must not be left looking as if it still ran.
        error = f"the file is not UTF-8 text ({exc.reason})"
        _close_batch(db, actor, batch_id, BatchStatus.FAILED, clock, error=error)
        raise ValidationFailed(f"{name}: {error}", field="file") from None
    except OSError as exc:
        # A missing or unreadable file: the caller hears the OSError itself, the batch says it failed.
        error = f"the file could not be read: {exc.strerror or exc}"
        _close_batch(db, actor, batch_id, BatchStatus.FAILED, clock, error=error)
        raise
    except Exception as exc:
        # Anything else that stops the job (a reader process that died, a database error): the caller gets
        # the error itself; the batch says it failed and why, if the database still takes the note. A
        # killed process cannot say anything: its batch stays running until the next run marks it
        # interrupted.
        with suppress(Exception):
            _close_batch(db, actor, batch_id, BatchStatus.FAILED, clock, error=f"{type(exc).__name__}: {exc}")
        raise
    _close_batch(db, actor, batch_id, BatchStatus.COMPLETE, clock)


def upload_text(stream: BinaryIO, format: str) -> TextIO:
    """An uploaded file as text. A CUSCAR interchange declares its character set in UNB: UNOW and UNOY are
    UTF-8, the single-byte sets UNOA..UNOK are read as Latin-1, as the cargo reader does for a file on disk
    (the writer's default, UNOC, is Latin-1). Every other format is UTF-8."""
    encoding = "utf-8"
    if format.strip().lower() == ManifestFormat.CUSCAR.value:
        head = stream.read(512)
        stream.seek(0)
        encoding = "utf-8" if b"UNOW" in head or b"UNOY" in head else "latin-1"
    return io.TextIOWrapper(stream, encoding=encoding, newline="")


def ingest_text(
    db: Database, *, actor: Actor, text: str, format: str, source_name: str, clock: Clock = utc_now
) -> IngestResult:
    return ingest(
        db, actor=actor, source=io.StringIO(text), format=format, source_name=source_name, clock=clock
    )


def _open_batch(db: Database, *, actor: Actor, name: str, fmt: str, clock: Clock) -> int:
    with db.transaction() as session:
        repo = ManifestRepository(session, actor)
        for stale in repo.running_batches(source=name, format=fmt):
            stale.status = BatchStatus.INTERRUPTED.value
        row = repo.add_batch(
            IngestBatchRow(
                source=name[:500],
                format=fmt,
                actor=actor.username,
                partner_id=actor.partner_scope(),
                status=BatchStatus.RUNNING.value,
                started_at=clock(),
            )
        )
        return row.id


def _close_batch(
    db: Database, actor: Actor, batch_id: int, status: BatchStatus, clock: Clock, error: str | None = None
) -> None:
    with db.transaction() as session:
        row = ManifestRepository(session, actor).batch(batch_id)
        row.status, row.finished_at, row.error = status.value, clock(), error
