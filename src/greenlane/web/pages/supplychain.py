"""Supply-chain pages: a partner's map with every party's live status and its weak links highlighted, the
forms that add chains and parties, and the staff page of weak links across the program. Adding or removing a
party updates its chain in place with HTMX; without JavaScript the same forms post and redirect back."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from greenlane.core.errors import GreenlaneError, ValidationFailed
from greenlane.identity.domain import Actor, Permission
from greenlane.identity.http import ClockDep, DatabaseDep, RecordId, SettingsDep
from greenlane.supplychain import service
from greenlane.supplychain.domain import (
    ChainAssessment,
    LinkAssessment,
    LinkKind,
    LinkState,
    MapAssessment,
    Node,
    NodeRole,
    StatusLink,
)
from greenlane.web.deps import flash_of, page_require
from greenlane.web.render import is_htmx, render

router = APIRouter()
Reader = Annotated[Actor, Depends(page_require(Permission.SUPPLYCHAIN_READ))]
Editor = Annotated[Actor, Depends(page_require(Permission.SUPPLYCHAIN_EDIT))]

# The stylesheet's badge colours, reused: green for vouched-for links, amber for pending, red for failures.
BADGE = {
    LinkState.MEMBER: "member",
    LinkState.MUTUAL_RECOGNITION: "member",
    LinkState.NOT_YET_CERTIFIED: "under_review",
    LinkState.SUSPENDED: "suspended",
    LinkState.ENDED: "removed",
    LinkState.MISSING_PARTNER: "removed",
    LinkState.UNRECOGNISED_PROGRAM: "unknown",
    LinkState.UNKNOWN: "unknown",
}
_PASS_THROUGH = ("not_found", "permission_denied", "not_authenticated")


def _page(partner_id: int) -> str:
    return f"/partners/{partner_id}/supply-chain"


def _back(partner_id: int, *, ok: str | None = None, error: str | None = None) -> RedirectResponse:
    query = f"?ok={quote(ok)}" if ok else f"?error={quote(error or '')}"
    return RedirectResponse(_page(partner_id) + query, status_code=303)


def _common(actor: Actor, programs: frozenset[str]) -> dict[str, object]:
    return {
        "badge": BADGE,
        "roles": list(NodeRole),
        "programs": sorted(programs),
        "can_edit": actor.can(Permission.SUPPLYCHAIN_EDIT),
    }


@router.get("/partners/{partner_id}/supply-chain", response_class=HTMLResponse)
def map_page(
    request: Request, partner_id: RecordId, db: DatabaseDep, settings: SettingsDep, actor: Reader
) -> Response:
    programs = settings.mutual_recognition_programs()
    with db.transaction() as session:
        assessed = service.assess_map(session, actor=actor, partner_id=partner_id, programs=programs)
    return render(
        request,
        "supplychain.html",
        {"map": assessed, **_common(actor, programs), **flash_of(request)},
        actor=actor,
    )


@router.post("/partners/{partner_id}/supply-chain/chains")
def create_chain(
    partner_id: RecordId,
    db: DatabaseDep,
    settings: SettingsDep,
    clock: ClockDep,
    actor: Editor,
    name: Annotated[str, Form()] = "",
) -> Response:
    try:
        with db.transaction() as session:
            created = service.create_chain(
                session,
                actor=actor,
                partner_id=partner_id,
                name=name,
                clock=clock,
                programs=settings.mutual_recognition_programs(),
            )
    except GreenlaneError as exc:
        if exc.code in _PASS_THROUGH:
            raise
        return _back(partner_id, error=exc.message)
    return _back(partner_id, ok=f"Chain {created.chain.name!r} added; now add its parties in journey order.")


@router.post("/partners/{partner_id}/supply-chain/chains/{chain_id}/rename")
def rename_chain(
    partner_id: RecordId,
    chain_id: RecordId,
    db: DatabaseDep,
    settings: SettingsDep,
    clock: ClockDep,
    actor: Editor,
    name: Annotated[str, Form()] = "",
) -> Response:
    try:
        with db.transaction() as session:
            renamed = service.rename_chain(
                session,
                actor=actor,
                partner_id=partner_id,
                chain_id=chain_id,
                name=name,
                programs=settings.mutual_recognition_programs(),
                clock=clock,
            )
    except GreenlaneError as exc:
        if exc.code in _PASS_THROUGH:
            raise
        return _back(partner_id, error=exc.message)
    return _back(partner_id, ok=f"Chain renamed to {renamed.chain.name!r}.")


@router.post("/partners/{partner_id}/supply-chain/chains/{chain_id}/delete")
def delete_chain(partner_id: RecordId, chain_id: RecordId, db: DatabaseDep, actor: Editor) -> Response:
    with db.transaction() as session:
        service.delete_chain(session, actor=actor, partner_id=partner_id, chain_id=chain_id)
    return _back(partner_id, ok="Chain deleted.")


def _form_int(text: str, field: str) -> int | None:
    if not text.strip():
        return None
    try:
        return int(text)
    except ValueError:
        raise ValidationFailed(f"{text!r} is not a whole number", field=field) from None


def _node_from_form(
    role: str,
    name: str,
    country: str,
    address: str,
    link_kind: str,
    partner_id: str,
    program: str,
    foreign_id: str,
) -> Node:
    """The form shows every link field; only those of the chosen kind are read."""
    kind = LinkKind.parse(link_kind or "unknown")
    if kind is LinkKind.MEMBER:
        link = StatusLink(kind=kind, partner_id=_form_int(partner_id, "link.partner_id"))
    elif kind is LinkKind.MUTUAL_RECOGNITION:
        link = StatusLink(kind=kind, program=program, foreign_id=foreign_id)
    else:
        link = StatusLink()
    return Node(id=None, role=NodeRole.parse(role), name=name, country=country, address=address, link=link)


def _chain_fragment(
    request: Request,
    actor: Actor,
    programs: frozenset[str],
    assessed: MapAssessment,
    chain_id: int,
    error: str | None,
) -> Response:
    """The chain's card, plus the page totals swapped out of band so the counts stay true."""
    chain = next(c for c in assessed.chains if c.chain.id == chain_id)
    return render(
        request,
        "supplychain_chain_update.html",
        {"map": assessed, "c": chain, "error": error, **_common(actor, programs)},
        actor=actor,
    )


def _after_node_change(
    request: Request,
    db: DatabaseDep,
    actor: Actor,
    programs: frozenset[str],
    partner_id: int,
    chain_id: int,
    *,
    ok: str,
    error: str | None,
) -> Response:
    if not is_htmx(request):
        return _back(partner_id, ok=None if error else ok, error=error)
    with db.transaction() as session:
        assessed = service.assess_map(session, actor=actor, partner_id=partner_id, programs=programs)
    return _chain_fragment(request, actor, programs, assessed, chain_id, error)


@router.post("/partners/{partner_id}/supply-chain/chains/{chain_id}/nodes", response_class=HTMLResponse)
def add_node(
    request: Request,
    partner_id: RecordId,
    chain_id: RecordId,
    db: DatabaseDep,
    settings: SettingsDep,
    clock: ClockDep,
    actor: Editor,
    role: Annotated[str, Form()] = "",
    name: Annotated[str, Form()] = "",
    country: Annotated[str, Form()] = "",
    address: Annotated[str, Form()] = "",
    link_kind: Annotated[str, Form()] = "unknown",
    partner: Annotated[str, Form()] = "",
    program: Annotated[str, Form()] = "",
    foreign_id: Annotated[str, Form()] = "",
    position: Annotated[str, Form()] = "",
) -> Response:
    """Adds a party; errors are shown on the chain's card and nothing is written."""
    programs = settings.mutual_recognition_programs()
    error = None
    try:
        node = _node_from_form(role, name, country, address, link_kind, partner, program, foreign_id)
        with db.transaction() as session:
            service.add_node(
                session,
                actor=actor,
                partner_id=partner_id,
                chain_id=chain_id,
                node=node,
                position=_form_int(position, "position"),
                programs=programs,
                clock=clock,
            )
    except GreenlaneError as exc:
        if exc.code in _PASS_THROUGH:
            raise
        error = exc.message
    return _after_node_change(
        request, db, actor, programs, partner_id, chain_id, ok=f"{name.strip()} added.", error=error
    )


@router.post(
    "/partners/{partner_id}/supply-chain/chains/{chain_id}/nodes/{node_id}/delete",
    response_class=HTMLResponse,
)
def remove_node(
    request: Request,
    partner_id: RecordId,
    chain_id: RecordId,
    node_id: RecordId,
    db: DatabaseDep,
    settings: SettingsDep,
    clock: ClockDep,
    actor: Editor,
) -> Response:
    programs = settings.mutual_recognition_programs()
    with db.transaction() as session:
        service.remove_node(
            session,
            actor=actor,
            partner_id=partner_id,
            chain_id=chain_id,
            node_id=node_id,
            programs=programs,
            clock=clock,
        )
    return _after_node_change(
        request, db, actor, programs, partner_id, chain_id, ok="Party removed.", error=None
    )


WeakRows = list[tuple[MapAssessment, list[tuple[ChainAssessment, list[LinkAssessment]]]]]


def _weak_rows(maps: list[MapAssessment], chosen: LinkState | None) -> WeakRows:
    """Partners, then chains, then weak links, leaving out whatever has none of the chosen kind."""
    rows: WeakRows = []
    for m in maps:
        chains = [(c, [a for a in c.weak_links if chosen is None or a.state is chosen]) for c in m.chains]
        chains = [(c, links) for c, links in chains if links]
        if chains:
            rows.append((m, chains))
    return rows


@router.get("/weak-links", response_class=HTMLResponse)
def weak_links_page(
    request: Request, db: DatabaseDep, settings: SettingsDep, actor: Reader, state: str = ""
) -> Response:
    """Program staff: every weak link by partner and chain, optionally only one kind of weakness."""
    programs = settings.mutual_recognition_programs()
    with db.transaction() as session:
        maps = service.program_weak_links(session, actor=actor, programs=programs)
    chosen = LinkState(state) if state in {s.value for s in LinkState} else None
    totals: dict[str, int] = {}
    for m in maps:
        for key, count in m.by_state().items():
            totals[key] = totals.get(key, 0) + count
    return render(
        request,
        "weak_links.html",
        {
            "groups": _weak_rows(maps, chosen),
            "totals": dict(sorted(totals.items())),
            "chosen": chosen,
            "mapped": len(maps),
            "links": sum(m.total_links for m in maps),
            "weak": sum(m.weak_count for m in maps),
            "badge": BADGE,
            **flash_of(request),
        },
        actor=actor,
    )
