"""The ingest job. It streams a file through the cargo readers in bounded memory and stores it chunk by
chunk, each chunk in its own transaction with the batch counters, so a run that is killed midway leaves
only whole chunks behind and running it again finishes the job: what was stored counts as duplicates and
the final state is the one a single clean run gives. A whole-file problem (an unreadable CUSCAR
interchange, a CSV without the contract's header) is found before anything is stored."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from greenlane.cargo import (
    Accepted,
    FormatError,
    ManifestFormat,
    PartyRole,
    Quarantine,
    bill_to_json,
    check_interchange,
    read_manifests,
)
from greenlane.core.clock import Clock, utc_now
from greenlane.core.errors import ValidationFailed
from greenlane.db.engine import Database
from greenlane.identity.domain import Actor, Permission
from greenlane.manifests.domain import (
    BatchStatus,
    Disposition,
    IngestCounts,
    QuarantineStatus,
    disposition,
    flags_json,
    quarantine_key,
    summarise,
)
from greenlane.manifests.repository import ManifestRepository
from greenlane.manifests.tables import IngestBatchRow
from greenlane.partners import service as partners

CHUNK = 2_000
# The one refusal the store makes itself (every other quarantine reason comes from the cargo readers).
NOT_THE_FILER = "this bill was filed by another party; only its filer may correct it"
Progress = Callable[[int], None]


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
) -> IngestResult:
    """Stores every record of the file as accepted, corrected, duplicate or quarantined."""
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
        index = _Index(partners.identifier_index(session))
    with batch_lifecycle(db, actor=actor, name=name, fmt=fmt.value, clock=clock) as batch_id:
        for block in _chunks(read_manifests(source, fmt), chunk):
            with db.transaction() as session:
                counts = _store(
                    session, actor=actor, fmt=fmt, batch_id=batch_id, outcomes=block, now=clock(), index=index
                )
                ManifestRepository(session, actor).add_to_batch(batch_id, counts)
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


def _chunks(outcomes: Iterator[Accepted | Quarantine], size: int) -> Iterator[list[Accepted | Quarantine]]:
    while block := list(islice(outcomes, size)):
        yield block


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


@dataclass
class _Index:
    partners: dict[tuple[str, str], int]

    def carrier(self, scac: str) -> int | None:
        return self.partners.get(("scac", scac.upper()))

    def consignee(self, accepted: Accepted) -> int | None:
        bill = accepted.record.bill
        for role in (PartyRole.IMPORTER_OF_RECORD, PartyRole.CONSIGNEE):
            party = bill.party(role)
            if party is not None and party.identifier:
                found = self.partners.get(("importer_of_record", party.identifier.upper()))
                if found is not None:
                    return found
        return None


def _store(
    session: Any,
    *,
    actor: Actor,
    fmt: ManifestFormat,
    batch_id: int,
    outcomes: list[Accepted | Quarantine],
    now: datetime,
    index: _Index | None = None,
) -> IngestCounts:
    return _Chunk(
        ManifestRepository(session, actor),
        index or _Index(partners.identifier_index(session)),
        actor,
        fmt,
        batch_id,
        now,
    ).store(outcomes)


class _Chunk:
    """One chunk of outcomes, stored in one transaction. Bills new to the store are inserted together; a bill
    corrected later in the same chunk makes the pending inserts go first so its history keeps both."""

    def __init__(
        self,
        repo: ManifestRepository,
        index: _Index,
        actor: Actor,
        fmt: ManifestFormat,
        batch_id: int,
        now: datetime,
    ) -> None:
        self.repo, self.index, self.actor, self.fmt, self.batch_id, self.now = (
            repo,
            index,
            actor,
            fmt,
            batch_id,
            now,
        )
        self.stored: dict[tuple[str, str], tuple[int, int, str, int | None]] = {}
        self.history: dict[int, set[str]] = {}
        self.pending: dict[tuple[str, str], dict[str, Any]] = {}
        self.versions: list[dict[str, Any]] = []
        self.held: list[dict[str, Any]] = []
        self.counts = IngestCounts()

    def store(self, outcomes: list[Accepted | Quarantine]) -> IngestCounts:
        self.counts.received = len(outcomes)
        accepted = [o for o in outcomes if isinstance(o, Accepted)]
        self.stored = self.repo.stored(a.record.natural_key for a in accepted)
        # Earlier versions are looked up only for bills arriving with a fingerprint other than the current.
        self.history = self.repo.version_fingerprints(
            self.stored[key][0]
            for key, fingerprint in ((a.record.natural_key, a.record.fingerprint) for a in accepted)
            if key in self.stored and self.stored[key][2] != fingerprint
        )
        for outcome in outcomes:
            if isinstance(outcome, Accepted):
                self._accept(outcome)
            else:
                self.held.append(_quarantine_row(self.fmt, self.batch_id, self.actor, self.now, outcome))
        self._flush_pending()
        self.repo.insert_versions(self.versions)
        self._hold()
        return self.counts

    def _fingerprint_of(self, key: tuple[str, str]) -> str | None:
        if key in self.pending:
            return str(self.pending[key]["fingerprint"])
        return self.stored[key][2] if key in self.stored else None

    def _accept(self, item: Accepted) -> None:
        key = item.record.natural_key
        earlier = self.history.get(self.stored[key][0], ()) if key in self.stored else ()
        fate = disposition(
            stored_fingerprint=self._fingerprint_of(key), fingerprint=item.record.fingerprint, earlier=earlier
        )
        if fate is Disposition.DUPLICATE:
            self.counts.duplicates += 1
            return
        if fate is Disposition.CORRECTION and key in self.pending:
            self._flush_pending()
        owner = self.stored[key][3] if key in self.stored else None
        if self.actor.is_partner_user and key in self.stored and owner != self.actor.partner_id:
            # Held as the NDJSON line it is kept as, so its correction is read in the format it is shown in.
            self.held.append(
                _quarantine_row(
                    ManifestFormat.NDJSON,
                    self.batch_id,
                    self.actor,
                    self.now,
                    Quarantine(
                        reason=NOT_THE_FILER,
                        locator=item.locator,
                        field="bill_number",
                        raw=bill_to_json_text(item),
                    ),
                )
            )
            return
        filer = self.actor.partner_scope() or self.index.carrier(key[0])
        values = _bill_values(
            item, batch_id=self.batch_id, now=self.now, filer=filer, consignee=self.index.consignee(item)
        )
        self.counts.accepted += 1
        self.counts.lines += values["lines"]
        self.counts.flagged += bool(item.flags)
        if fate is Disposition.NEW:
            self.pending[key] = values | {"version": 1}
            return
        self.counts.corrections += 1
        bill_id, version = self.stored[key][0], self.stored[key][1] + 1
        # A correction never changes who filed the bill: staff correcting a partner's filing must not take
        # it out of the partner's sight.
        owner = owner if owner is not None else filer
        self.repo.replace_bill(
            bill_id,
            {k: v for k, v in values.items() if k not in ("carrier", "bill_number")}
            | {"version": version, "filer_partner_id": owner},
        )
        self.history.setdefault(bill_id, set()).add(self.stored[key][2])
        self.stored[key] = (bill_id, version, values["fingerprint"], owner)
        self.versions.append(_version_row(bill_id, version, values))

    def _flush_pending(self) -> None:
        rows = list(self.pending.values())
        for bill_id, values in zip(self.repo.insert_bills(rows), rows, strict=True):
            key = (values["carrier"], values["bill_number"])
            self.stored[key] = (bill_id, 1, values["fingerprint"], values["filer_partner_id"])
            self.versions.append(_version_row(bill_id, 1, values))
        self.pending.clear()

    def _hold(self) -> None:
        _hold_rows(self.repo, self.held, self.counts)


def _hold_rows(repo: ManifestRepository, held: list[dict[str, Any]], counts: IngestCounts) -> None:
    """The same bad record sent again is a duplicate, not a second entry in the quarantine."""
    known = repo.known_quarantine_keys(r["key"] for r in held)
    fresh: dict[str, dict[str, Any]] = {}
    for row in held:
        if row["key"] in known or row["key"] in fresh:
            counts.duplicates += 1
        else:
            fresh[row["key"]] = row
    repo.insert_quarantine(list(fresh.values()))
    counts.quarantined += len(fresh)


def hold_quarantined(
    repo: ManifestRepository,
    held: list[Quarantine],
    *,
    fmt: str,
    batch_id: int,
    actor: Actor,
    now: datetime,
    counts: IngestCounts,
) -> None:
    _hold_rows(repo, [_quarantine_row(fmt, batch_id, actor, now, q) for q in held], counts)


def bill_to_json_text(item: Accepted) -> str:
    return json.dumps(bill_to_json(item.record.bill), ensure_ascii=False)


def _quarantine_row(
    fmt: ManifestFormat | str, batch_id: int, actor: Actor, now: datetime, q: Quarantine
) -> dict[str, Any]:
    code = str(fmt)
    return {
        "batch_id": batch_id,
        "partner_id": actor.partner_scope(),
        "format": code,
        "locator": q.locator[:100],
        "field": q.field[:100],
        "reason": q.reason,
        "raw": q.raw,
        "key": quarantine_key(format=code, locator_free_raw=q.raw, reason=q.reason),
        "status": QuarantineStatus.OPEN.value,
        "created_at": now,
    }


def _bill_values(
    item: Accepted, *, batch_id: int, now: datetime, filer: int | None, consignee: int | None
) -> dict[str, Any]:
    bill = item.record.bill
    summary = summarise(bill)
    flags = flags_json(item.flags)
    return {
        "carrier": bill.voyage.carrier,
        "bill_number": bill.bill_number,
        "fingerprint": item.record.fingerprint,
        "port_of_loading": bill.voyage.port_of_loading,
        "port_of_discharge": bill.voyage.port_of_discharge,
        "arrival_day": summary.arrival_day,
        "departure": bill.voyage.departure,
        "filed_at": bill.filed_at,
        "vessel": bill.voyage.vessel_name[:100],
        "voyage_number": bill.voyage.voyage_number[:32],
        "shipper": summary.shipper[:200],
        "consignee": summary.consignee[:200],
        "hs_codes": summary.hs_codes,
        "total_value": summary.total_value,
        "total_weight_kg": summary.total_weight_kg,
        "containers": summary.containers,
        "lines": summary.lines,
        "flags": flags,
        "flag_codes": " ".join(sorted({f["code"] for f in flags})),
        "body": bill_to_json(bill),
        "filer_partner_id": filer,
        "consignee_partner_id": consignee,
        "batch_id": batch_id,
        "received_at": now,
    }


def _version_row(bill_id: int, version: int, values: dict[str, Any]) -> dict[str, Any]:
    return {
        "bill_id": bill_id,
        "version": version,
        "fingerprint": values["fingerprint"],
        "body": values["body"],
        "flags": values["flags"],
        "batch_id": values["batch_id"],
        "received_at": values["received_at"],
    }
