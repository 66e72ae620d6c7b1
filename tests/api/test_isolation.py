"""Partner isolation on every partner-owned route of the app, API and web pages alike: a partner user asking
for another company's record, profile, supply chain or credential gets 404 (403 where its role may not act at
all), learns nothing of it, and changes nothing; on its own company the same request works where its role
allows. The list of routes tested is checked against the app's routes, so a new partner-owned route cannot be
added without a case here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from greenlane.app import create_app
from greenlane.bootstrap import Container
from greenlane.core.types import EntityType
from greenlane.criteria import service as criteria
from greenlane.criteria.catalogue import latest_catalogue
from greenlane.criteria.schemas import ProfileOut
from greenlane.identity.domain import SYSTEM, Role
from greenlane.identity.http import COOKIE_NAME
from greenlane.identity.tokens import issue_token
from greenlane.partners import service as partners
from greenlane.partners.schemas import PartnerOut
from greenlane.supplychain import service as supplychain
from greenlane.supplychain.domain import Node, NodeRole
from greenlane.supplychain.schemas import MapOut
from greenlane.verification import service as verification
from greenlane.verification.schemas import IssuedCredentialOut
from tests.builders import MutableClock, make_user
from tests.integration.partners.support import answer_profile, certified_partner, cheap_password_hashing

pytestmark = [pytest.mark.db, pytest.mark.usefixtures(cheap_password_hashing.__name__)]

MUST = next(c.id for c in latest_catalogue().applicable_to([EntityType.IMPORTER]) if c.is_must)
OTHER_NAME = "Bravo Traders"
OTHER_CHAIN = "Ningbo to Seattle"
NOT_FOUND, FORBIDDEN = 404, 403


@dataclass(frozen=True)
class Company:
    partner_id: int
    chain_id: int
    node_id: int
    credential_id: str


@dataclass(frozen=True)
class World:
    mine: Company
    theirs: Company
    token: str  # a partner user of `mine`


@dataclass(frozen=True)
class Case:
    method: str
    path: str  # the route as the app declares it
    body: dict[str, Any] | None = None
    other: int = NOT_FOUND  # the answer on another partner's resource
    own: int | None = (
        None  # the answer on its own resource; None: any success (2xx, or a redirect without error)
    )


API = "/api/v1/partners/{partner_id}"
CHAIN = API + "/supply-chains/{chain_id}"
PAGE = "/partners/{partner_id}"
PAGE_CHAIN = PAGE + "/supply-chain/chains/{chain_id}"
ANSWER = {"status": "not_met", "evidence_note": "written by someone else"}
LEAVE = {"to": "withdrawn", "reason": "leaving the program"}
NODE = {"role": "broker", "name": "Sneaky Broker", "country": "US"}
CASES = [
    Case("GET", API),
    Case("PATCH", API, {"legal_name": "Renamed by someone else"}),
    Case("POST", API + "/transitions", LEAVE),
    Case("GET", API + "/history"),
    Case("GET", API + "/profile"),
    Case("PUT", API + "/profile/answers/{criterion_id}", ANSWER),
    Case("POST", API + "/profile/submit"),
    Case(
        "POST", API + "/profile/migrate", own=409
    ),  # one catalogue version: reached, nothing newer to move to
    Case("GET", API + "/supply-chains"),
    Case("POST", API + "/supply-chains", {"name": "Injected"}),
    Case("GET", CHAIN),
    Case("PATCH", CHAIN, {"name": "Renamed by someone else"}),
    Case("DELETE", CHAIN),
    Case("POST", CHAIN + "/nodes", NODE),
    Case("PATCH", CHAIN + "/nodes/{node_id}", {"name": "Changed by someone else"}),
    Case("DELETE", CHAIN + "/nodes/{node_id}"),
    Case("GET", API + "/weak-links"),
    Case("POST", API + "/credentials"),
    Case("GET", API + "/credentials"),
    Case(
        "POST",
        "/api/v1/credentials/{credential_id}/revoke",
        {"reason": "spite"},
        other=FORBIDDEN,
        own=FORBIDDEN,
    ),
    Case("GET", PAGE),
    Case("POST", PAGE + "/transition", LEAVE),
    Case("GET", PAGE + "/profile"),
    Case("POST", PAGE + "/profile/answers/{criterion_id}", ANSWER),
    Case("POST", PAGE + "/profile/submit", {}),
    Case("GET", PAGE + "/supply-chain"),
    Case("POST", PAGE + "/supply-chain/chains", {"name": "Injected"}),
    Case("POST", PAGE_CHAIN + "/rename", {"name": "Renamed by someone else"}),
    Case("POST", PAGE_CHAIN + "/delete", {}),
    Case("POST", PAGE_CHAIN + "/nodes", NODE),
    Case("POST", PAGE_CHAIN + "/nodes/{node_id}/delete", {}),
    Case("POST", PAGE + "/credential", {}),
]


def partner_owned_routes(container: Container) -> set[tuple[str, str]]:
    app = create_app(container)
    return {
        (method, context.path)
        for context in iter_route_contexts(app.routes)
        for method in (getattr(context, "methods", None) or ())
        if method != "HEAD" and ("{partner_id}" in context.path or "{credential_id}" in context.path)
    }


def test_every_partner_owned_route_of_the_app_has_an_isolation_case(container: Container) -> None:
    routes = partner_owned_routes(container)

    assert len(routes) >= 30  # the enumeration itself works: API and page routes are both found
    assert {(c.method, c.path) for c in CASES} == routes
    assert len(CASES) == len(routes)


def _company(container: Container, clock: MutableClock, name: str, *, complete_profile: bool) -> Company:
    with container.db.transaction() as session:
        partner = certified_partner(session, clock, legal_name=name)
        assert partner.id is not None
        if complete_profile:  # so that the owner's own submit can succeed
            answer_profile(session, partner.id, [EntityType.IMPORTER], clock)
        chain = supplychain.create_chain(
            session,
            actor=SYSTEM,
            partner_id=partner.id,
            name=OTHER_CHAIN if name == OTHER_NAME else "Shenzhen to Long Beach",
            nodes=[
                Node(id=None, role=NodeRole.FACTORY, name=f"{name} factory", country="CN"),
                Node(id=None, role=NodeRole.CARRIER, name=f"{name} carrier", country="SG"),
            ],
            programs=container.settings.mutual_recognition_programs(),
            clock=clock,
        ).chain
        _, credential = verification.issue_status_credential(
            session, actor=SYSTEM, partner_id=partner.id, settings=container.settings, clock=clock
        )
        assert chain.id is not None and chain.nodes[0].id is not None
        return Company(partner.id, chain.id, chain.nodes[0].id, credential.credential_id)


@pytest.fixture
def world(container: Container, clock: MutableClock) -> World:
    mine = _company(container, clock, "Alpha Imports", complete_profile=True)
    theirs = _company(container, clock, OTHER_NAME, complete_profile=False)
    with container.db.transaction() as session:
        user = make_user(session, username="alice", role=Role.PARTNER_USER, partner_id=mine.partner_id)
    secret = container.settings.resolved_secret_key()
    return World(mine, theirs, issue_token(user_id=user.user_id, secret=secret, now=clock(), minutes=60))


def snapshot(container: Container, company: Company) -> dict[str, Any]:
    """Everything a partner owns, as the API would show it to the program."""
    pid = company.partner_id
    with container.db.transaction() as session:
        return {
            "partner": PartnerOut.of(
                partners.get_partner(session, actor=SYSTEM, partner_id=pid), problems=[]
            ),
            "profile": ProfileOut.of(criteria.get_profile(session, actor=SYSTEM, partner_id=pid)),
            "map": MapOut.of(
                supplychain.assess_map(
                    session,
                    actor=SYSTEM,
                    partner_id=pid,
                    programs=container.settings.mutual_recognition_programs(),
                )
            ),
            "credentials": [
                IssuedCredentialOut.model_validate(r, from_attributes=True)
                for r in verification.list_credentials(session, actor=SYSTEM, partner_id=pid)
            ],
        }


def send(client: TestClient, world: World, case: Case, company: Company) -> Any:
    url = case.path.format(
        partner_id=company.partner_id,
        chain_id=company.chain_id,
        node_id=company.node_id,
        credential_id=company.credential_id,
        criterion_id=MUST,
    )
    if url.startswith("/api/"):
        headers = {"Authorization": f"Bearer {world.token}"}
        return client.request(case.method, url, json=case.body, headers=headers)
    client.cookies.set(COOKIE_NAME, world.token)
    try:
        if case.method == "GET":
            return client.get(url, follow_redirects=False)
        return client.post(url, data=case.body, follow_redirects=False)
    finally:
        client.cookies.clear()


def problems_with(client: TestClient, container: Container, world: World, case: Case) -> list[str]:
    """What went wrong on one route: the other company's resource must be refused without a trace of it and
    stay exactly as it was; the same request on the own company must get the answer its role allows."""
    found: list[str] = []
    before = snapshot(container, world.theirs)
    refused = send(client, world, case, world.theirs)
    if refused.status_code != case.other:
        found.append(
            f"other partner's resource answered {refused.status_code}, not {case.other}: {refused.text[:200]}"
        )
    if OTHER_NAME in refused.text or OTHER_CHAIN in refused.text:
        found.append("the refusal shows the other partner's data")
    if snapshot(container, world.theirs) != before:
        found.append("the other partner's data changed")
    own = send(client, world, case, world.mine)
    location = own.headers.get("location", "")
    if case.own is None and (own.status_code >= 400 or "error=" in location):
        found.append(f"own resource refused: {own.status_code} {location} {own.text[:200]}")
    if case.own is not None and own.status_code != case.own:
        found.append(f"own resource answered {own.status_code}, not {case.own}: {own.text[:200]}")
    return [f"{case.method} {case.path}: {problem}" for problem in found]


# Reads change nothing, so they share one program; each change gets a fresh one.
READS = [c for c in CASES if c.method == "GET"]
CHANGES = [c for c in CASES if c.method != "GET"]


def test_a_partner_user_reads_only_its_own_data_on_every_read_route(
    client: TestClient, container: Container, world: World
) -> None:
    assert len(READS) >= 10
    assert [p for case in READS for p in problems_with(client, container, world, case)] == []


@pytest.mark.parametrize("case", CHANGES, ids=[f"{c.method} {c.path}" for c in CHANGES])
def test_a_partner_user_cannot_change_another_partners_data_but_changes_its_own(
    client: TestClient, container: Container, world: World, case: Case
) -> None:
    assert problems_with(client, container, world, case) == []


def test_the_partner_list_shows_a_partner_user_only_its_own_company(client: TestClient, world: World) -> None:
    response = client.get("/api/v1/partners", headers={"Authorization": f"Bearer {world.token}"})

    assert response.status_code == 200
    assert [p["id"] for p in response.json()["items"]] == [world.mine.partner_id]
    assert response.json()["total"] == 1


def test_the_clocks_show_a_partner_user_only_its_own_clocks(
    client: TestClient, container: Container, world: World
) -> None:
    with container.db.transaction() as session:
        every = partners.list_clocks(session, actor=SYSTEM, clock=container.clock)
    assert {c.partner_id for c in every} == {world.mine.partner_id, world.theirs.partner_id}

    response = client.get("/api/v1/clocks", headers={"Authorization": f"Bearer {world.token}"})

    assert response.status_code == 200
    assert response.json() and {c["partner_id"] for c in response.json()} == {world.mine.partner_id}


@pytest.mark.parametrize("page", ["/partners", "/clocks", "/weak-links"])
def test_program_wide_pages_are_forbidden_to_a_partner_user(
    client: TestClient, world: World, page: str
) -> None:
    client.cookies.set(COOKIE_NAME, world.token)

    response = client.get(page)

    assert response.status_code == FORBIDDEN
    assert OTHER_NAME not in response.text


def test_the_home_page_sends_a_partner_user_to_its_own_company(client: TestClient, world: World) -> None:
    client.cookies.set(COOKIE_NAME, world.token)

    response = client.get("/", follow_redirects=False)

    assert (response.status_code, response.headers["location"]) == (303, f"/partners/{world.mine.partner_id}")
