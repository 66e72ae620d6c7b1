"""Manifest use cases beside the ingest job: arrivals by day and port, one filing with its versions, one
manifest submitted as JSON, and the quarantine: list, inspect, resubmit after correction, or dismiss."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from greenlane.cargo import (
    Accepted,
    BillOfLading,
    ManifestFormat,
    ManifestRecord,
    Quarantine,
    bill_to_json,
    read_isf_ndjson,
    read_manifests,
)
from greenlane.core.clock import Clock, utc_now
from greenlane.core.errors import Conflict, ValidationFailed
from greenlane.db.engine import Database
from greenlane.identity.domain import Actor, Permission
from greenlane.manifests.domain import BillSummary, QuarantineStatus, importer_identifiers, summarise
from greenlane.manifests.ingest import NOT_THE_FILER, IngestResult, ingest, parse_format
from greenlane.manifests.repository import ManifestRepository
from greenlane.manifests.tables import (
    BillRow,
    BillVersionRow,
    IngestBatchRow,
    QuarantineRow,
    SecurityFilingRow,
)

# A CUSCAR consignment cannot stand alone outside its message, so its correction is sent as NDJSON.
_RESUBMIT_AS = {ManifestFormat.CUSCAR: ManifestFormat.NDJSON}


def list_arrivals(
    session: Session,
    *,
    actor: Actor,
    day: date | None = None,
    port: str | None = None,
    flagged_only: bool = False,
    limit: int = 200,
    offset: int = 0,
) -> tuple[list[BillRow], int]:
    actor.require(Permission.MANIFESTS_READ)
    return ManifestRepository(session, actor).arrivals(
        day=day, port=port, flagged_only=flagged_only, limit=limit, offset=offset
    )


def get_manifest(session: Session, *, actor: Actor, bill_id: int) -> tuple[BillRow, list[BillVersionRow]]:
    actor.require(Permission.MANIFESTS_READ)
    repo = ManifestRepository(session, actor)
    return repo.bill(bill_id), repo.versions(bill_id)


def arrival_choices(session: Session, *, actor: Actor) -> tuple[list[str], list[date]]:
    actor.require(Permission.MANIFESTS_READ)
    return ManifestRepository(session, actor).ports_and_days()


def recent_batches(session: Session, *, actor: Actor, limit: int = 20) -> list[IngestBatchRow]:
    actor.require(Permission.MANIFESTS_READ)
    return ManifestRepository(session, actor).recent_batches(limit)


def list_quarantine(
    session: Session,
    *,
    actor: Actor,
    status: QuarantineStatus | None = QuarantineStatus.OPEN,
    limit: int = 200,
    offset: int = 0,
) -> tuple[list[QuarantineRow], int]:
    actor.require(Permission.MANIFESTS_READ)
    return ManifestRepository(session, actor).quarantine_items(status=status, limit=limit, offset=offset)


def get_quarantine_item(session: Session, *, actor: Actor, item_id: int) -> QuarantineRow:
    actor.require(Permission.MANIFESTS_READ)
    return ManifestRepository(session, actor).quarantine_item(item_id)


def submit_manifest(
    db: Database, *, actor: Actor, document: dict[str, object], clock: Clock = utc_now
) -> IngestResult:
    """One bill as the NDJSON contract's object; stored, or quarantined with its reason, like a file."""
    return ingest(
        db,
        actor=actor,
        source=io.StringIO(json.dumps(document) + "\n"),
        format="ndjson",
        source_name="api:manifest",
        clock=clock,
    )


@dataclass(frozen=True, slots=True)
class Resubmission:
    item_id: int
    result: IngestResult


def resubmit_quarantined(
    db: Database, *, actor: Actor, item_id: int, text: str, format: str | None = None, clock: Clock = utc_now
) -> Resubmission:
    """The corrected record is checked first; it is stored, and the item closed, only when it now passes."""
    with db.transaction() as session:
        item = _open_item(session, actor, item_id)
        is_filing = item.format == "isf"
    if is_filing:
        return _resubmit_filing(db, actor=actor, item_id=item_id, text=text, clock=clock)
    original = ManifestFormat(item.format)
    fmt = parse_format(format) if format else _RESUBMIT_AS.get(original, original)
    outcomes = list(read_manifests(io.StringIO(text), fmt))
    problems = [o for o in outcomes if isinstance(o, Quarantine)]
    if problems:
        first = problems[0]
        raise ValidationFailed(
            f"still not acceptable: {first.reason}", field=first.field, record=first.locator
        )
    records = [o.record for o in outcomes if isinstance(o, Accepted)]
    if not records:
        raise ValidationFailed("the correction holds no record", field="text", record=f"quarantine {item_id}")
    result = ingest(
        db,
        actor=actor,
        source=io.StringIO(text),
        format=fmt.value,
        source_name=f"resubmission of quarantine {item_id}",
        clock=clock,
    )
    with db.transaction() as session:
        if not _all_stored(ManifestRepository(session, actor), records):
            # Readable, yet held back by the store: a partner correcting a bill another party filed.
            raise ValidationFailed(
                f"still not acceptable: {NOT_THE_FILER}", field="bill_number", record=f"quarantine {item_id}"
            )
        item = ManifestRepository(session, actor).quarantine_item(item_id)
        item.status, item.resolved_at, item.resolved_by = (
            QuarantineStatus.RESUBMITTED.value,
            clock(),
            actor.username,
        )
        item.resolution = f"corrected and resubmitted in batch {result.batch_id}"
    return Resubmission(item_id=item_id, result=result)


def _all_stored(repo: ManifestRepository, records: list[ManifestRecord]) -> bool:
    """Each record is now one of its bill's versions (new, a correction, or a duplicate of one)."""
    stored = repo.stored(r.natural_key for r in records)
    history = repo.version_fingerprints(found[0] for found in stored.values())
    return all(
        r.natural_key in stored and r.fingerprint in history.get(stored[r.natural_key][0], ())
        for r in records
    )


def _resubmit_filing(db: Database, *, actor: Actor, item_id: int, text: str, clock: Clock) -> Resubmission:
    """An importer security filing is corrected as its NDJSON line, checked before it is stored."""
    outcomes = list(read_isf_ndjson(io.StringIO(text)))
    problem = next((o for o in outcomes if isinstance(o, Quarantine)), None)
    if problem is not None:
        raise ValidationFailed(
            f"still not acceptable: {problem.reason}", field=problem.field, record=problem.locator
        )
    if not outcomes:
        raise ValidationFailed("the correction holds no record", field="text", record=f"quarantine {item_id}")
    result = ingest(
        db,
        actor=actor,
        source=io.StringIO(text),
        format="isf",
        source_name=f"resubmission of quarantine {item_id}",
        clock=clock,
    )
    with db.transaction() as session:
        item = ManifestRepository(session, actor).quarantine_item(item_id)
        item.status, item.resolved_at, item.resolved_by = (
            QuarantineStatus.RESUBMITTED.value,
            clock(),
            actor.username,
        )
        item.resolution = f"corrected and resubmitted in batch {result.batch_id}"
    return Resubmission(item_id=item_id, result=result)


def dismiss_quarantined(
    session: Session, *, actor: Actor, item_id: int, reason: str, clock: Clock = utc_now
) -> QuarantineRow:
    """Closes an item that will not be corrected (a test message, a withdrawn filing), with the reason."""
    if not reason.strip():
        raise ValidationFailed(
            "a reason is required to dismiss", field="reason", record=f"quarantine {item_id}"
        )
    item = _open_item(session, actor, item_id)
    item.status, item.resolved_at, item.resolved_by = (
        QuarantineStatus.DISMISSED.value,
        clock(),
        actor.username,
    )
    item.resolution = reason.strip()
    return item


def _open_item(session: Session, actor: Actor, item_id: int) -> QuarantineRow:
    actor.require(Permission.MANIFESTS_INGEST)
    item = ManifestRepository(session, actor).quarantine_item(item_id)
    if item.status != QuarantineStatus.OPEN.value:
        raise Conflict(f"quarantine item {item_id} is already {item.status}")
    return item


def manifest_counts(session: Session, *, actor: Actor) -> dict[str, int]:
    actor.require(Permission.MANIFESTS_READ)
    return ManifestRepository(session, actor).counts()


def flag_and_port_counts(session: Session, *, actor: Actor) -> tuple[dict[str, int], dict[str, int]]:
    actor.require(Permission.MANIFESTS_READ)
    return ManifestRepository(session, actor).flag_and_port_counts()


def bills_for(
    session: Session,
    *,
    actor: Actor,
    day: date | None = None,
    until: date | None = None,
    port: str | None = None,
    ids: list[int] | None = None,
) -> list[BillRow]:
    actor.require(Permission.MANIFESTS_READ)
    return ManifestRepository(session, actor).bills_where(day=day, until=until, port=port, ids=ids)


def security_filing(session: Session, *, actor: Actor, bill_id: int) -> SecurityFilingRow | None:
    """The importer's security filing for a bill the actor may see, if one was received."""
    actor.require(Permission.MANIFESTS_READ)
    return ManifestRepository(session, actor).filing_for_bill(bill_id)


@dataclass(frozen=True, slots=True)
class CheckedManifest:
    """A bill that passed ingest's validation without being stored: what the risk engine needs of it."""

    bill: BillOfLading
    body: dict[str, object]
    flag_codes: str
    summary: BillSummary

    def importer_identifiers(self) -> tuple[str, ...]:
        return importer_identifiers(self.bill)


def check_manifest(document: object) -> CheckedManifest:
    """One bill in the NDJSON contract's shape, judged exactly as ingest judges it but kept nowhere: accepted
    with its flags, or refused with the quarantine's reason naming the field."""
    try:
        text = json.dumps(document)
    except (TypeError, ValueError) as error:
        raise ValidationFailed(f"not a JSON document: {error}", record="manifest") from None
    outcomes = list(read_manifests(io.StringIO(text + "\n"), ManifestFormat.NDJSON))
    if len(outcomes) != 1:
        raise ValidationFailed("expected exactly one bill of lading", record="manifest")
    outcome = outcomes[0]
    if isinstance(outcome, Quarantine):
        record = outcome.locator.replace("line 1", "manifest", 1) if outcome.locator else "manifest"
        raise ValidationFailed(outcome.reason, field=outcome.field or None, record=record)
    bill = outcome.record.bill
    codes = " ".join(sorted({flag.code.value for flag in outcome.flags}))
    return CheckedManifest(bill, dict(bill_to_json(bill)), codes, summarise(bill))
