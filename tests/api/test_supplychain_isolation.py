"""Partner isolation on every supply-chain route, API and web: a partner user asking for another company's
map, chain, party or report gets 404 (never a hint that it exists), cannot change any of it, and the other
company's map is exactly as it was. The route lists are checked against the routers so that a new route
cannot be added without being covered here."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from greenlane.bootstrap import Container
from greenlane.supplychain.routes import router as api_router
from greenlane.web.pages.supplychain import router as page_router
from tests.builders import MutableClock
from tests.integration.supplychain.world import World, build_world, cookies, headers

pytestmark = pytest.mark.db

NODE = {"role": "broker", "name": "Sneaky Broker", "country": "US"}
API = "/api/v1/partners/{partner}/supply-chains"
# (method, route template, body); {partner} is the owner id used in the URL, {chain} and {node} are Bob's.
API_CASES: list[tuple[str, str, dict[str, Any] | None]] = [
    ("GET", API, None),
    ("POST", API, {"name": "Injected"}),
    ("GET", API + "/{chain}", None),
    ("PATCH", API + "/{chain}", {"name": "Renamed by someone else"}),
    ("DELETE", API + "/{chain}", None),
    ("POST", API + "/{chain}/nodes", NODE),
    ("PATCH", API + "/{chain}/nodes/{node}", {"name": "Changed by someone else"}),
    ("DELETE", API + "/{chain}/nodes/{node}", None),
    ("GET", "/api/v1/partners/{partner}/weak-links", None),
]
PAGE = "/partners/{partner}/supply-chain"
PAGE_CASES: list[tuple[str, str, dict[str, Any] | None]] = [
    ("GET", PAGE, None),
    ("POST", PAGE + "/chains", {"name": "Injected"}),
    ("POST", PAGE + "/chains/{chain}/rename", {"name": "Renamed by someone else"}),
    ("POST", PAGE + "/chains/{chain}/delete", {}),
    ("POST", PAGE + "/chains/{chain}/nodes", NODE),
    ("POST", PAGE + "/chains/{chain}/nodes/{node}/delete", {}),
]


def _template(path: str) -> str:
    return (path.replace("{partner_id}", "{partner}").replace("{chain_id}", "{chain}")
            .replace("{node_id}", "{node}").removeprefix("/api/v1"))  # fmt: skip


def _routes(router: Any) -> set[tuple[str, str]]:
    return {(m, _template(r.path)) for r in router.routes if isinstance(r, APIRoute) for m in r.methods}


def test_the_cases_cover_every_partner_owned_route() -> None:
    owned = {(m, p) for m, p in _routes(api_router) if "{partner}" in p}
    assert owned == {(m, _template(p)) for m, p, _ in API_CASES}
    assert _routes(api_router) - owned == {("GET", "/weak-links")}
    pages = {(m, p) for m, p in _routes(page_router) if "{partner}" in p}
    assert pages == {(m, p) for m, p, _ in PAGE_CASES}


@pytest.fixture
def world(container: Container, clock: MutableClock) -> World:
    return build_world(container.db, clock)


def bobs_map(client: TestClient, container: Container, world: World) -> Any:
    response = client.get(
        f"/api/v1/partners/{world.theirs}/supply-chains", headers=headers(container, world, "bob")
    )
    assert response.status_code == 200
    return response.json()


def _call(client: TestClient, method: str, url: str, body: dict[str, Any] | None, **auth: Any) -> Any:
    if method == "GET":
        return client.get(url, **auth)
    if method == "DELETE":
        return client.delete(url, **auth)
    if "/api/" in url:
        return client.request(method, url, json=body, **auth)
    return client.post(url, data=body, follow_redirects=False, **auth)


# 'theirs' names Bob's company in the URL; 'mine' names Alice's own company with Bob's chain and node.
ATTEMPTS = [
    pytest.param(owner, method, path, body, id=f"{owner}-{method}-{path}")
    for method, path, body in API_CASES + PAGE_CASES
    for owner in ("theirs", "mine")
    if owner == "theirs" or "{chain}" in path
]


@pytest.mark.parametrize(("owner", "method", "path", "body"), ATTEMPTS)
def test_a_partner_user_gets_not_found_for_another_partners_supply_chain(
    client: TestClient,
    container: Container,
    world: World,
    owner: str,
    method: str,
    path: str,
    body: dict[str, Any] | None,
) -> None:
    before = bobs_map(client, container, world)
    url = path.format(partner=getattr(world, owner), chain=world.their_chain, node=world.their_node)
    auth: dict[str, Any] = {"headers": headers(container, world, "alice")}
    if not url.startswith("/api/"):
        client.cookies.update(cookies(container, world, "alice"))
        auth = {}
    response = _call(client, method, url, body, **auth)
    client.cookies.clear()
    assert response.status_code == 404, response.text
    assert "Bob Traders" not in response.text and "Ningbo" not in response.text
    assert bobs_map(client, container, world) == before


def test_a_partner_user_cannot_see_the_program_wide_report(
    client: TestClient, container: Container, world: World
) -> None:
    assert client.get("/api/v1/weak-links", headers=headers(container, world, "alice")).status_code == 403
    client.cookies.update(cookies(container, world, "alice"))
    page = client.get("/weak-links")
    assert page.status_code == 403 and "Bob Traders" not in page.text


def test_the_owner_reaches_the_same_routes(client: TestClient, container: Container, world: World) -> None:
    bob = headers(container, world, "bob")
    base = f"/api/v1/partners/{world.theirs}/supply-chains/{world.their_chain}"
    assert client.get(base, headers=bob).status_code == 200
    assert (
        client.patch(
            f"{base}/nodes/{world.their_node}", json={"name": "Ningbo Tools Co"}, headers=bob
        ).status_code
        == 200
    )
    assert client.get(f"/api/v1/partners/{world.theirs}/weak-links", headers=bob).status_code == 200
