"""Manifests API: upload a file, submit one manifest as JSON, list arrivals by day and port, read a filing
with its versions, and work the quarantine."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, File, Query, UploadFile

from greenlane.core.errors import ValidationFailed
from greenlane.identity.domain import Actor, Permission
from greenlane.identity.http import ClockDep, DatabaseDep, RecordId, require
from greenlane.manifests import service
from greenlane.manifests.domain import QuarantineStatus
from greenlane.manifests.ingest import ingest, upload_text
from greenlane.manifests.schemas import (
    ArrivalOut,
    ArrivalPage,
    BatchOut,
    DismissIn,
    IngestOut,
    ManifestOut,
    QuarantineOut,
    QuarantinePage,
    ResubmitIn,
)

router = APIRouter(tags=["manifests"])
Reader = Annotated[Actor, Depends(require(Permission.MANIFESTS_READ))]
Filer = Annotated[Actor, Depends(require(Permission.MANIFESTS_INGEST))]


@router.post("/manifests/files", response_model=IngestOut, status_code=201)
def upload(
    db: DatabaseDep,
    clock: ClockDep,
    actor: Filer,
    file: Annotated[UploadFile, File()],
    format: Annotated[str, Query(description="csv, ndjson, cuscar, kcs or isf")],
) -> IngestOut:
    """Streams the upload through the same ingest job as the command line."""
    try:
        text = upload_text(file.file, format)
        return IngestOut.of(
            ingest(
                db,
                actor=actor,
                source=text,
                format=format,
                source_name=f"upload:{file.filename or 'file'}",
                clock=clock,
            )
        )
    except UnicodeDecodeError as exc:
        raise ValidationFailed(
            f"the file is not UTF-8 text ({exc.reason} at byte {exc.start})", field="file"
        ) from None


@router.post("/manifests", response_model=IngestOut, status_code=201)
def submit(
    db: DatabaseDep, clock: ClockDep, actor: Filer, document: Annotated[dict[str, Any], Body()]
) -> IngestOut:
    """One bill in the NDJSON contract's shape (docs/manifest-formats.md)."""
    return IngestOut.of(service.submit_manifest(db, actor=actor, document=document, clock=clock))


@router.get("/arrivals", response_model=ArrivalPage)
def arrivals(
    db: DatabaseDep,
    actor: Reader,
    day: date | None = None,
    port: Annotated[str | None, Query(max_length=8)] = None,
    flagged: bool = False,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> ArrivalPage:
    with db.transaction() as session:
        rows, total = service.list_arrivals(
            session, actor=actor, day=day, port=port, flagged_only=flagged, limit=limit, offset=offset
        )
        return ArrivalPage(items=[ArrivalOut.of(r) for r in rows], total=total)


@router.get("/manifests/{bill_id}", response_model=ManifestOut)
def manifest(bill_id: RecordId, db: DatabaseDep, actor: Reader) -> ManifestOut:
    with db.transaction() as session:
        row, versions = service.get_manifest(session, actor=actor, bill_id=bill_id)
        return ManifestOut.full(row, versions)


@router.get("/ingest-batches", response_model=list[BatchOut])
def batches(
    db: DatabaseDep, actor: Reader, limit: Annotated[int, Query(ge=1, le=200)] = 20
) -> list[BatchOut]:
    with db.transaction() as session:
        return [BatchOut.of(b) for b in service.recent_batches(session, actor=actor, limit=limit)]


@router.get("/quarantine", response_model=QuarantinePage)
def quarantine(
    db: DatabaseDep,
    actor: Reader,
    status: QuarantineStatus | None = QuarantineStatus.OPEN,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> QuarantinePage:
    with db.transaction() as session:
        rows, total = service.list_quarantine(session, actor=actor, status=status, limit=limit, offset=offset)
        return QuarantinePage(items=[QuarantineOut.of(r) for r in rows], total=total)


@router.get("/quarantine/{item_id}", response_model=QuarantineOut)
def quarantine_item(item_id: RecordId, db: DatabaseDep, actor: Reader) -> QuarantineOut:
    with db.transaction() as session:
        return QuarantineOut.of(service.get_quarantine_item(session, actor=actor, item_id=item_id))


@router.post("/quarantine/{item_id}/resubmit", response_model=IngestOut)
def resubmit(
    item_id: RecordId, body: ResubmitIn, db: DatabaseDep, clock: ClockDep, actor: Filer
) -> IngestOut:
    done = service.resubmit_quarantined(
        db, actor=actor, item_id=item_id, text=body.text, format=body.format, clock=clock
    )
    return IngestOut.of(done.result)


@router.post("/quarantine/{item_id}/dismiss", response_model=QuarantineOut)
def dismiss(
    item_id: RecordId, body: DismissIn, db: DatabaseDep, clock: ClockDep, actor: Filer
) -> QuarantineOut:
    with db.transaction() as session:
        return QuarantineOut.of(
            service.dismiss_quarantined(
                session, actor=actor, item_id=item_id, reason=body.reason, clock=clock
            )
        )
