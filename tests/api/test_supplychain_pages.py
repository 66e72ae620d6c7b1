"""The supply-chain web pages: a partner sees its chains with a status badge per party and its weak links
highlighted, adds chains and parties (in place with HTMX, or by plain form posts), sees errors without
anything being written; staff see every weak link of the program by partner and chain."""

from __future__ import annotations

from collections.abc import Iterator
from html import unescape

import pytest
from fastapi.testclient import TestClient

from greenlane.bootstrap import Container
from tests.builders import MutableClock
from tests.integration.supplychain.world import World, build_world, cookies

pytestmark = pytest.mark.db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def world(container: Container, clock: MutableClock) -> World:
    return build_world(container.db, clock)


@pytest.fixture
def as_user(client: TestClient, container: Container, world: World) -> Iterator[TestClient]:
    """The client logged in as Bob by default; tests switch with `client.cookies.update(...)`."""
    client.cookies.update(cookies(container, world, "bob"))
    yield client
    client.cookies.clear()


def page(client: TestClient, world: World) -> str:
    response = client.get(f"/partners/{world.theirs}/supply-chain")
    assert response.status_code == 200, response.text
    return response.text


def test_the_partner_sees_its_chains_with_status_badges_and_weak_links_highlighted(
    as_user: TestClient, world: World
) -> None:
    html = page(as_user, world)
    assert "Ningbo to Seattle" in html and "Ningbo Tools" in html
    assert '<span class="badge suspended">suspended</span>' in html
    assert '<span class="badge unknown">unknown</span>' in html
    assert f'<tr class="weak" data-testid="node-{world.their_node}">' in html
    assert 'data-testid="weak-count">2<' in html
    assert (
        f"weakest link is Shaky Carrier (carrier, SG): greenlane partner {world.suspended} is suspended"
        in html
    )
    assert 'data-testid="add-chain"' in html


def test_a_chain_added_by_form_appears_on_the_page(as_user: TestClient, world: World) -> None:
    response = as_user.post(
        f"/partners/{world.theirs}/supply-chain/chains",
        data={"name": "Busan to Oakland"},
        follow_redirects=False,
    )
    assert response.status_code == 303 and "ok=" in response.headers["location"]
    assert "Busan to Oakland" in page(as_user, world)


def test_a_duplicate_chain_name_is_shown_as_an_error_and_nothing_is_added(
    as_user: TestClient, world: World
) -> None:
    response = as_user.post(
        f"/partners/{world.theirs}/supply-chain/chains", data={"name": "ningbo TO seattle"}
    )
    assert response.status_code == 200
    assert "already has a chain named" in response.text
    assert response.text.count('<section class="card" id="chain-') == 1


def test_a_party_added_with_htmx_returns_the_updated_chain_and_totals(
    as_user: TestClient, world: World
) -> None:
    response = as_user.post(
        f"/partners/{world.theirs}/supply-chain/chains/{world.their_chain}/nodes",
        headers=HTMX,
        data={
            "role": "consolidator",
            "name": "Solid Forwarder",
            "country": "us",
            "link_kind": "member",
            "partner": str(world.member),
            "program": "",
            "foreign_id": "",
            "position": "2",
        },
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith(f'<section class="card" id="chain-{world.their_chain}"')
    assert "Solid Forwarder" in response.text and "Tier I member" in response.text
    assert 'id="map-totals" hx-swap-oob="true"' in response.text
    assert "<html" not in response.text
    assert "Solid Forwarder" in page(as_user, world)


def test_a_bad_party_sent_with_htmx_shows_the_error_on_its_chain_and_writes_nothing(
    as_user: TestClient, world: World
) -> None:
    response = as_user.post(
        f"/partners/{world.theirs}/supply-chain/chains/{world.their_chain}/nodes",
        headers=HTMX,
        data={
            "role": "factory",
            "name": "Fake AEO",
            "country": "FR",
            "link_kind": "mutual_recognition",
            "program": "AEO-XX",
            "foreign_id": "1",
        },
    )
    assert response.status_code == 200
    assert 'data-testid="chain-error"' in response.text and "'AEO-XX' is not recognised" in unescape(
        response.text
    )
    assert "Fake AEO" not in page(as_user, world)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"role": "pirate", "name": "X", "country": "CN"}, "unknown role"),
        (
            {"role": "factory", "name": "X", "country": "CN", "link_kind": "member", "partner": "abc"},
            "whole number",
        ),
        (
            {"role": "factory", "name": "X", "country": "CN", "link_kind": "member", "partner": ""},
            "partner id",
        ),
        ({"role": "factory", "name": "X", "country": "CN", "position": "9"}, "position must be between"),
        ({"role": "factory", "name": "", "country": "CN"}, "name is required"),
    ],
)
def test_a_bad_party_sent_by_plain_form_redirects_with_the_error_and_writes_nothing(
    as_user: TestClient, world: World, data: dict[str, str], message: str
) -> None:
    response = as_user.post(
        f"/partners/{world.theirs}/supply-chain/chains/{world.their_chain}/nodes", data=data
    )
    assert response.status_code == 200
    assert message in response.text
    assert response.text.count('data-testid="node-') == 2


def test_a_party_removed_with_htmx_disappears_from_its_chain(as_user: TestClient, world: World) -> None:
    url = f"/partners/{world.theirs}/supply-chain/chains/{world.their_chain}/nodes/{world.their_node}/delete"
    response = as_user.post(url, headers=HTMX)
    assert response.status_code == 200 and "Ningbo Tools" not in response.text
    assert 'data-testid="weak-count">1<' in response.text


def test_a_chain_is_renamed_and_deleted_from_the_page(as_user: TestClient, world: World) -> None:
    base = f"/partners/{world.theirs}/supply-chain/chains/{world.their_chain}"
    assert "Ningbo to Tacoma" in as_user.post(f"{base}/rename", data={"name": "Ningbo to Tacoma"}).text
    html = as_user.post(f"{base}/delete").text
    assert "Chain deleted." in html and 'data-testid="no-chains"' in html


def test_staff_who_only_read_see_the_map_without_edit_forms(
    as_user: TestClient, container: Container, world: World
) -> None:
    as_user.cookies.update(cookies(container, world, "ana"))
    html = page(as_user, world)
    assert "Ningbo Tools" in html and 'data-testid="add-chain"' not in html and "Add a party" not in html
    refused = as_user.post(f"/partners/{world.theirs}/supply-chain/chains", data={"name": "X"})
    assert refused.status_code == 403


def test_staff_see_every_weak_link_by_partner_and_chain(
    as_user: TestClient, container: Container, world: World
) -> None:
    as_user.cookies.update(cookies(container, world, "spec"))
    html = as_user.get("/weak-links").text
    assert 'data-testid="weak-total">2<' in html
    assert f'data-testid="partner-{world.theirs}"' in html and "Bob Traders" in html
    assert f'data-testid="partner-{world.mine}"' not in html  # Alice has no map yet
    assert f"greenlane partner {world.suspended} is suspended" in html
    assert "no greenlane or mutual-recognition membership" in html
    only_suspended = as_user.get("/weak-links", params={"state": "suspended"}).text
    assert "Shaky Carrier" in only_suspended and "Ningbo Tools" not in only_suspended


def test_the_staff_page_says_so_when_there_are_no_weak_links(
    as_user: TestClient, container: Container, world: World
) -> None:
    as_user.cookies.update(cookies(container, world, "bob"))
    as_user.post(f"/partners/{world.theirs}/supply-chain/chains/{world.their_chain}/delete")
    as_user.cookies.update(cookies(container, world, "spec"))
    assert 'data-testid="no-weak-links"' in as_user.get("/weak-links").text
