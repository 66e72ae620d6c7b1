"""Partner pages: the staff list, a partner's record with its lifecycle actions, the company sign-up form and
the legal clocks. Forms post here and redirect back with a one-line message (post/redirect/get)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from greenlane.core.errors import GreenlaneError, ValidationFailed
from greenlane.core.types import EntityType
from greenlane.criteria import service as criteria
from greenlane.identity.domain import Actor, Permission
from greenlane.identity.http import ClockDep, DatabaseDep, RecordId, SettingsDep
from greenlane.partners import service
from greenlane.partners.clocks import CLOCK_LABELS
from greenlane.partners.domain import Contact, IdentifierKind, PartnerStatus, Site
from greenlane.partners.repository import PartnerFilter
from greenlane.web.deps import MaybeActor, flash_of, page_require
from greenlane.web.render import render

router = APIRouter()
Reader = Annotated[Actor, Depends(page_require(Permission.PARTNERS_READ))]
StaffReader = Annotated[Actor, Depends(page_require(Permission.PARTNERS_READ_ALL))]


def _back(path: str, *, ok: str | None = None, error: str | None = None) -> RedirectResponse:
    query = f"?ok={quote(ok)}" if ok else f"?error={quote(error or '')}"
    return RedirectResponse(path + query, status_code=303)


@router.get("/partners", response_class=HTMLResponse)
def partner_list(
    request: Request,
    db: DatabaseDep,
    actor: StaffReader,
    status: str = "",
    entity_type: str = "",
    q: str = "",
) -> Response:
    try:
        chosen_type = EntityType.parse(entity_type) if entity_type else None
    except ValueError as exc:  # a hand-edited URL; shown as bad input, not a server error
        raise ValidationFailed(str(exc), field="entity_type") from None
    filters = PartnerFilter(
        status=PartnerStatus.parse(status) if status else None,
        entity_type=chosen_type,
        search=q or None,
        limit=500,
    )
    with db.transaction() as session:
        items, total = service.list_partners(session, actor=actor, filters=filters)
    return render(
        request,
        "partners.html",
        {
            "partners": items,
            "total": total,
            "statuses": list(PartnerStatus),
            "entity_types": list(EntityType),
            "status": status,
            "entity_type": entity_type,
            "q": q,
            **flash_of(request),
        },
        actor=actor,
    )


@router.get("/partners/{partner_id}", response_class=HTMLResponse)
def partner_page(
    request: Request, partner_id: RecordId, db: DatabaseDep, settings: SettingsDep, actor: Reader
) -> Response:
    with db.transaction() as session:
        partner = service.get_partner(session, actor=actor, partner_id=partner_id)
        profile = criteria.get_profile(session, actor=actor, partner_id=partner_id)
    problems = service.application_problems(partner, home_country=settings.home_country)
    return render(
        request,
        "partner.html",
        {
            "partner": partner,
            "problems": problems,
            "gaps": profile.gap_report(),
            "ready": profile.is_ready_for_certification(),
            "profile": profile,
            "can_decide": actor.can(Permission.PARTNERS_DECIDE),
            **flash_of(request),
        },
        actor=actor,
    )


@router.post("/partners/{partner_id}/transition")
def partner_transition(
    partner_id: RecordId,
    db: DatabaseDep,
    clock: ClockDep,
    settings: SettingsDep,
    actor: Reader,
    to: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
) -> Response:
    try:
        with db.transaction() as session:
            _partner, event = service.transition_partner(
                session,
                actor=actor,
                partner_id=partner_id,
                to=to,
                reason=reason,
                clock=clock,
                home_country=settings.home_country,
            )
    except GreenlaneError as exc:
        if exc.code == "not_found":
            raise
        return _back(f"/partners/{partner_id}", error=exc.message)
    return _back(f"/partners/{partner_id}", ok=f"Moved to {event.to_status.value.replace('_', ' ')}.")


@router.get("/apply", response_class=HTMLResponse)
def apply_form(request: Request, actor: MaybeActor) -> Response:
    return render(
        request,
        "apply.html",
        {"entity_types": list(EntityType), "identifier_kinds": list(IdentifierKind), "form": {}},
        actor=actor,
    )


@router.post("/apply")
def apply_submit(
    request: Request,
    db: DatabaseDep,
    clock: ClockDep,
    legal_name: Annotated[str, Form()] = "",
    entity_types: Annotated[list[str] | None, Form()] = None,
    country: Annotated[str, Form()] = "US",
    identifier_kind: Annotated[str, Form()] = "",
    identifier_value: Annotated[str, Form()] = "",
    contact_name: Annotated[str, Form()] = "",
    contact_email: Annotated[str, Form()] = "",
    contact_title: Annotated[str, Form()] = "",
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
) -> Response:
    """A company signs up: the application and its first user account, created together or not at all."""
    form = {
        "legal_name": legal_name,
        "country": country,
        "contact_name": contact_name,
        "contact_email": contact_email,
        "contact_title": contact_title,
        "username": username,
        "identifier_kind": identifier_kind,
        "identifier_value": identifier_value,
        "entity_types": entity_types,
    }
    try:
        types = [EntityType.parse(t) for t in entity_types or []]
        identifiers = (
            {identifier_kind: identifier_value.strip()}
            if identifier_kind and identifier_value.strip()
            else {}
        )
        with db.transaction() as session:
            contacts = [Contact(name=contact_name, email=contact_email, title=contact_title, is_officer=True,
                                is_primary=True)] if contact_name or contact_email else []  # fmt: skip
            partner = service.sign_up_company(
                session,
                legal_name=legal_name,
                entity_types=types,
                username=username,
                password=password,
                identifiers=identifiers,
                sites=[Site(name="Head office", country=country.strip(), kind="office")],
                contacts=contacts,
                clock=clock,
            )
    except (GreenlaneError, ValueError) as exc:
        message = exc.message if isinstance(exc, GreenlaneError) else str(exc)
        return render(
            request,
            "apply.html",
            {
                "error": message,
                "form": form,
                "entity_types": list(EntityType),
                "identifier_kinds": list(IdentifierKind),
            },
            status=422,
        )
    return _back(
        "/login", ok=f"Application received for {partner.legal_name}. Log in as {username} to continue."
    )


@router.get("/clocks", response_class=HTMLResponse)
def clocks_page(
    request: Request, db: DatabaseDep, clock: ClockDep, actor: StaffReader, overdue: bool = False
) -> Response:
    with db.transaction() as session:
        items = service.list_clocks(session, actor=actor, overdue_only=overdue, clock=clock)
    return render(
        request, "clocks.html", {"clocks": items, "labels": CLOCK_LABELS, "overdue": overdue}, actor=actor
    )
