"""The security-profile page: every applicable criterion grouped by category, answered in place with HTMX,
the gap report, and submission or annual renewal."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from greenlane.core.errors import GreenlaneError
from greenlane.criteria import service
from greenlane.criteria.domain import AnswerStatus
from greenlane.identity.domain import Actor, Permission
from greenlane.identity.http import ClockDep, DatabaseDep, RecordId
from greenlane.web.deps import flash_of, page_require
from greenlane.web.render import render

router = APIRouter()
Reader = Annotated[Actor, Depends(page_require(Permission.PROFILES_READ))]
Answerer = Annotated[Actor, Depends(page_require(Permission.PROFILES_ANSWER))]


@router.get("/partners/{partner_id}/profile", response_class=HTMLResponse)
def profile_page(request: Request, partner_id: RecordId, db: DatabaseDep, actor: Reader) -> Response:
    with db.transaction() as session:
        profile = service.get_profile(session, actor=actor, partner_id=partner_id)
    criteria = profile.applicable_criteria()
    sections = [(c, [x for x in criteria if x.category == c.id]) for c in profile.catalogue.categories]
    return render(
        request,
        "profile.html",
        {
            "profile": profile,
            "sections": [(c, xs) for c, xs in sections if xs],
            "statuses": list(AnswerStatus),
            "gaps": profile.gap_report(),
            "blockers": profile.certification_blockers(),
            "can_answer": actor.can(Permission.PROFILES_ANSWER),
            "partner_id": partner_id,
            **flash_of(request),
        },
        actor=actor,
    )


@router.post("/partners/{partner_id}/profile/answers/{criterion_id}", response_class=HTMLResponse)
def answer(
    request: Request,
    partner_id: RecordId,
    criterion_id: str,
    db: DatabaseDep,
    clock: ClockDep,
    actor: Answerer,
    status: Annotated[str, Form()] = "",
    evidence_note: Annotated[str, Form()] = "",
) -> Response:
    """Answers one criterion and returns its row, so the page updates in place; errors show on the row."""
    error = None
    try:
        with db.transaction() as session:
            profile = service.answer_criterion(
                session,
                actor=actor,
                partner_id=partner_id,
                criterion_id=criterion_id,
                status=status,
                evidence_note=evidence_note,
                clock=clock,
            )
    except GreenlaneError as exc:
        if exc.code in ("not_found", "permission_denied"):
            raise
        error = exc.message
        with db.transaction() as session:
            profile = service.get_profile(session, actor=actor, partner_id=partner_id)
    criterion = profile.catalogue.criterion(criterion_id.strip().upper())
    return render(
        request,
        "profile_row.html",
        {
            "c": criterion,
            "a": profile.answers.get(criterion.id),
            "statuses": list(AnswerStatus),
            "error": error,
            "can_answer": True,
            "partner_id": partner_id,
        },
        actor=actor,
    )


@router.post("/partners/{partner_id}/profile/submit")
def submit(partner_id: RecordId, db: DatabaseDep, clock: ClockDep, actor: Answerer) -> Response:
    target = f"/partners/{partner_id}/profile"
    try:
        with db.transaction() as session:
            profile = service.submit_profile(session, actor=actor, partner_id=partner_id, clock=clock)
    except GreenlaneError as exc:
        if exc.code == "not_found":
            raise
        return RedirectResponse(f"{target}?error={quote(exc.message)}", status_code=303)
    word = "renewed" if profile.renewed_at else "submitted"
    return RedirectResponse(
        f"{target}?ok={quote(f'Profile {word}; next renewal due {profile.renewal_due_date}.')}",
        status_code=303,
    )
