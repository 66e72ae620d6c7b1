"""Cargo pages for officers and filers: arrivals by day and port with flags and a file upload, one filing with
every version received, and the quarantine with correction and dismissal. Partners see only their filings."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from greenlane.core.errors import GreenlaneError, ValidationFailed
from greenlane.identity.domain import Actor, Permission
from greenlane.identity.http import ClockDep, DatabaseDep, RecordId
from greenlane.manifests import service
from greenlane.manifests.domain import QuarantineStatus
from greenlane.manifests.ingest import ingest, upload_text
from greenlane.targeting import service as targeting
from greenlane.targeting.domain import ExamOutcome, SeizureCategory
from greenlane.web.deps import flash_of, page_require
from greenlane.web.render import render

router = APIRouter()
Reader = Annotated[Actor, Depends(page_require(Permission.MANIFESTS_READ))]
Filer = Annotated[Actor, Depends(page_require(Permission.MANIFESTS_INGEST))]


def _back(
    path: str, *, ok: str | None = None, error: str | None = None, anchor: str = ""
) -> RedirectResponse:
    query = f"ok={quote(ok)}" if ok else f"error={quote(error or '')}"
    # The anchor goes last: a query after a '#' is part of the fragment and never reaches the page.
    fragment = f"#{anchor}" if anchor else ""
    return RedirectResponse(f"{path}{'&' if '?' in path else '?'}{query}{fragment}", status_code=303)


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        raise ValidationFailed(f"{text!r} is not a date (YYYY-MM-DD)", field="day") from None


def _status(text: str) -> QuarantineStatus | None:
    try:
        return None if text == "all" else QuarantineStatus(text)
    except ValueError:
        raise ValidationFailed(
            f"{text!r} is not open, resubmitted, dismissed or all", field="status"
        ) from None


@router.get("/arrivals", response_class=HTMLResponse)
def arrivals_page(
    request: Request,
    db: DatabaseDep,
    actor: Reader,
    day: str = "",
    port: str = "",
    flagged: bool = False,
    page: int = 1,
) -> Response:
    parsed = _day(day)
    size = 100
    with db.transaction() as session:
        ports, days = service.arrival_choices(session, actor=actor)
        rows, total = service.list_arrivals(
            session,
            actor=actor,
            day=parsed,
            port=port or None,
            flagged_only=flagged,
            limit=size,
            offset=(max(page, 1) - 1) * size,
        )
        batches = service.recent_batches(session, actor=actor, limit=5)
        counts = service.manifest_counts(session, actor=actor)
    return render(
        request,
        "arrivals.html",
        {
            "rows": rows,
            "total": total,
            "ports": ports,
            "days": days,
            "day": day,
            "port": port,
            "flagged": flagged,
            "page": max(page, 1),
            "pages": max(1, -(-total // size)),
            "batches": batches,
            "counts": counts,
            "can_ingest": actor.can(Permission.MANIFESTS_INGEST),
            **flash_of(request),
        },
        actor=actor,
    )


@router.post("/arrivals/upload")
def upload(
    db: DatabaseDep,
    clock: ClockDep,
    actor: Filer,
    file: Annotated[UploadFile, File()],
    format: Annotated[str, Form()] = "csv",
) -> Response:
    try:
        text = upload_text(file.file, format)
        result = ingest(
            db,
            actor=actor,
            source=text,
            format=format,
            source_name=f"upload:{file.filename or 'file'}",
            clock=clock,
        )
    except (GreenlaneError, UnicodeDecodeError) as exc:
        message = exc.message if isinstance(exc, GreenlaneError) else "the file is not UTF-8 text"
        return _back("/arrivals", error=message)
    c = result.counts
    return _back(
        "/arrivals",
        ok=f"{file.filename}: {c.received} received, {c.accepted} accepted "
        f"({c.corrections} corrections), {c.duplicates} duplicates, {c.quarantined} quarantined.",
    )


@router.get("/manifests/{bill_id}", response_class=HTMLResponse)
def manifest_page(request: Request, bill_id: RecordId, db: DatabaseDep, actor: Reader) -> Response:
    with db.transaction() as session:
        row, versions = service.get_manifest(session, actor=actor, bill_id=bill_id)
        filing = service.security_filing(session, actor=actor, bill_id=bill_id)
        lane = targeting.shipment_lane(session, actor=actor, bill_id=bill_id)
    context = {
        "bill": row, "body": row.body, "versions": versions, "filing": filing, "lane": lane,
        "staff": not actor.is_partner_user, "officer": actor.can(Permission.TARGETING_MANAGE),
        "outcomes": list(ExamOutcome), "categories": list(SeizureCategory), **flash_of(request),
    }  # fmt: skip
    return render(request, "manifest.html", context, actor=actor)


@router.get("/quarantine", response_class=HTMLResponse)
def quarantine_page(request: Request, db: DatabaseDep, actor: Reader, status: str = "open") -> Response:
    wanted = _status(status)
    with db.transaction() as session:
        rows, total = service.list_quarantine(session, actor=actor, status=wanted, limit=500)
    return render(
        request,
        "quarantine.html",
        {
            "rows": rows,
            "total": total,
            "status": status,
            "can_fix": actor.can(Permission.MANIFESTS_INGEST),
            **flash_of(request),
        },
        actor=actor,
    )


@router.post("/quarantine/{item_id}/resubmit")
def resubmit(
    item_id: RecordId,
    db: DatabaseDep,
    clock: ClockDep,
    actor: Filer,
    text: Annotated[str, Form()] = "",
    format: Annotated[str, Form()] = "",
) -> Response:
    try:
        done = service.resubmit_quarantined(
            db, actor=actor, item_id=item_id, text=text, format=format or None, clock=clock
        )
    except GreenlaneError as exc:
        if exc.code == "not_found":
            raise
        return _back("/quarantine", error=f"Item {item_id}: {exc.message}", anchor=f"item-{item_id}")
    return _back(
        "/quarantine", ok=f"Item {item_id} corrected: {done.result.counts.accepted} record(s) accepted."
    )


@router.post("/quarantine/{item_id}/dismiss")
def dismiss(
    item_id: RecordId, db: DatabaseDep, clock: ClockDep, actor: Filer, reason: Annotated[str, Form()] = ""
) -> Response:
    try:
        with db.transaction() as session:
            service.dismiss_quarantined(session, actor=actor, item_id=item_id, reason=reason, clock=clock)
    except GreenlaneError as exc:
        if exc.code == "not_found":
            raise
        return _back("/quarantine", error=f"Item {item_id}: {exc.message}")
    return _back("/quarantine", ok=f"Item {item_id} dismissed.")
