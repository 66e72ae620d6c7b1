"""The targeting officer's queue for a day and port: ranked by lane and score, with the reasons, a form that
runs (or re-runs) the day's lanes within a red capacity, an override form that needs a reason code, and the
exam result form. The shipment page shows why a filing got its lane.
A filing not yet stored can be pasted as JSON and scored on the spot."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from greenlane.core.errors import GreenlaneError, ValidationFailed
from greenlane.identity.domain import Actor, Permission
from greenlane.identity.http import ClockDep, DatabaseDep, RecordId, SettingsDep
from greenlane.manifests import service as manifests
from greenlane.risk.lanes import Lane, LanePlan
from greenlane.targeting import screening, service
from greenlane.targeting.domain import OVERRIDE_LABELS, ExamOutcome, SeizureCategory
from greenlane.web.deps import flash_of, page_require
from greenlane.web.render import render

router = APIRouter()
Officer = Annotated[Actor, Depends(page_require(Permission.TARGETING_MANAGE))]


def _back(path: str, *, ok: str | None = None, error: str | None = None) -> RedirectResponse:
    query = f"ok={quote(ok)}" if ok else f"error={quote(error or '')}"
    return RedirectResponse(f"{path}{'&' if '?' in path else '?'}{query}", status_code=303)


def _parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationFailed(f"day {text!r} is not a date (YYYY-MM-DD)", field="day") from None


@router.get("/targeting", response_class=HTMLResponse)
def queue_page(
    request: Request,
    db: DatabaseDep,
    actor: Officer,
    day: str = "",
    port: str = "",
    lane: str = "",
    page: int = 1,
) -> Response:
    size = 100
    with db.transaction() as session:
        ports, days = manifests.arrival_choices(session, actor=actor)
        # Without a day, the officer lands on the last day worked (it has lanes), else the last arrivals.
        latest = service.latest_targeted_day(session, actor=actor) or (days[-1] if days else None)
        chosen = _parse_day(day) if day else latest
        rows, total = (
            service.queue(
                session,
                actor=actor,
                day=chosen,
                port=port or None,
                lane=lane or None,
                limit=size,
                offset=(max(page, 1) - 1) * size,
            )
            if chosen
            else ([], 0)
        )
    return render(
        request,
        "targeting.html",
        {
            "rows": rows,
            "total": total,
            "ports": ports,
            "days": days,
            "day": chosen.isoformat() if chosen else "",
            "port": port,
            "lane": lane,
            "lanes": list(Lane),
            "reasons": OVERRIDE_LABELS,
            "outcomes": list(ExamOutcome),
            "categories": list(SeizureCategory),
            "page": max(page, 1),
            "pages": max(1, -(-total // size)),
            **flash_of(request),
        },
        actor=actor,
    )


@router.post("/targeting/runs")
def run_day(
    db: DatabaseDep,
    settings: SettingsDep,
    clock: ClockDep,
    actor: Officer,
    day: Annotated[str, Form()] = "",
    port: Annotated[str, Form()] = "",
    red_capacity: Annotated[str, Form()] = "",
) -> Response:
    """Assigns the day's lanes and comes back to its queue saying what the run did, or what was wrong."""
    try:
        chosen = _parse_day(day)
    except ValidationFailed as exc:
        return _back("/targeting", error=exc.message)
    back = f"/targeting?day={chosen.isoformat()}&port={quote(port)}"
    try:
        plan = _plan(red_capacity)
        with db.transaction() as session:
            summary = service.run_targeting(
                session, actor=actor, settings=settings, day=chosen, port=port or None, plan=plan, clock=clock
            )
    except GreenlaneError as exc:
        return _back(back, error=exc.message)
    lanes = ", ".join(f"{lane} {summary.lanes.get(lane, 0)}" for lane in ("red", "yellow", "blue", "green"))
    kept = f"; {summary.kept} kept for officers" if summary.kept else ""
    return _back(back, ok=f"{summary.shipments} shipments targeted: {lanes}{kept}.")


def _plan(red_capacity: str) -> LanePlan | None:
    if not red_capacity.strip():
        return None
    try:
        count = int(red_capacity)
    except ValueError:
        raise ValidationFailed(f"{red_capacity!r} is not a whole number", field="red_capacity") from None
    if count < 0:
        raise ValidationFailed("exams per day cannot be negative", field="red_capacity")
    return service.capacity_plan(count)


@router.post("/targeting/decisions/{decision_id}/override")
def override(
    decision_id: RecordId,
    db: DatabaseDep,
    clock: ClockDep,
    actor: Officer,
    lane: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
    back: Annotated[str, Form()] = "/targeting",
) -> Response:
    target = back if back.startswith("/") and not back.startswith("//") else "/targeting"
    try:
        with db.transaction() as session:
            row = service.override_lane(
                session,
                actor=actor,
                decision_id=decision_id,
                lane=lane,
                reason=reason,
                note=note,
                clock=clock,
            )
    except GreenlaneError as exc:
        if exc.code == "not_found":
            raise
        return _back(target, error=exc.message)
    return _back(target, ok=f"Bill {row.bill_id} moved to {row.lane}.")


@router.post("/manifests/{bill_id}/exam")
def exam(
    bill_id: RecordId,
    db: DatabaseDep,
    clock: ClockDep,
    actor: Officer,
    outcome: Annotated[str, Form()] = "",
    category: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
    back: Annotated[str, Form()] = "",
) -> Response:
    target = back if back.startswith("/") and not back.startswith("//") else f"/manifests/{bill_id}"
    try:
        with db.transaction() as session:
            service.record_exam(
                session,
                actor=actor,
                bill_id=bill_id,
                outcome=outcome,
                category=category or None,
                note=note,
                clock=clock,
            )
    except GreenlaneError as exc:
        if exc.code == "not_found":
            raise
        return _back(target, error=exc.message)
    return _back(target, ok=f"Exam result recorded for bill {bill_id}.")


@router.get("/targeting/score", response_class=HTMLResponse)
def score_page(request: Request, actor: Officer) -> Response:
    return render(
        request, "targeting_score.html", {"document": "", "result": None, "error": None}, actor=actor
    )


@router.post("/targeting/score", response_class=HTMLResponse)
def score_filing(
    request: Request,
    db: DatabaseDep,
    settings: SettingsDep,
    actor: Officer,
    document: Annotated[str, Form()] = "",
) -> Response:
    """Scores the pasted bill and shows the result beside the text, or says on the page what is wrong."""
    context: dict[str, object] = {"document": document, "result": None, "error": None}
    try:
        parsed = json.loads(document)
    except ValueError as error:
        context["error"] = f"record manifest: not a JSON document ({error})"
        return render(request, "targeting_score.html", context, actor=actor, status=422)
    try:
        with db.transaction() as session:
            context["result"] = screening.score_filing(
                session, actor=actor, settings=settings, document=parsed
            )
    except GreenlaneError as exc:
        if exc.code not in ("validation_failed", "conflict"):
            raise
        context["error"] = exc.message
        status = 409 if exc.code == "conflict" else 422
        return render(request, "targeting_score.html", context, actor=actor, status=status)
    return render(request, "targeting_score.html", context, actor=actor)
