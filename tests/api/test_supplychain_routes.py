"""The supply-chain API: chains and parties are created, changed and removed through /api/v1, every answer
carries each party's live status, the weak-link reports list what is weak and why, and bad input is refused
with 422 naming the field while nothing is written."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from greenlane.bootstrap import Container
from tests.builders import MutableClock
from tests.integration.supplychain.world import World, build_world, headers

pytestmark = pytest.mark.db


@pytest.fixture
def world(container: Container, clock: MutableClock) -> World:
    return build_world(container.db, clock)


@pytest.fixture
def alice(container: Container, world: World) -> dict[str, str]:
    return headers(container, world, "alice")


@pytest.fixture
def auth(container: Container, world: World) -> Callable[[str], dict[str, str]]:
    return lambda username: headers(container, world, username)


def chains_url(partner_id: int) -> str:
    return f"/api/v1/partners/{partner_id}/supply-chains"


def new_chain(client: TestClient, auth: dict[str, str], partner_id: int, **body: Any) -> dict[str, Any]:
    response = client.post(chains_url(partner_id), json={"name": "Shenzhen to LA", **body}, headers=auth)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def test_a_partner_maps_a_chain_and_sees_each_partys_status(
    client: TestClient, world: World, alice: dict[str, str]
) -> None:
    chain = new_chain(
        client,
        alice,
        world.mine,
        nodes=[
            {"role": "factory", "name": "Bright Electronics", "country": "cn"},
            {
                "role": "consolidator",
                "name": "Rhine",
                "country": "DE",
                "link": {"kind": "mutual_recognition", "program": "aeo-eu", "foreign_id": "DE-1"},
            },
            {
                "role": "carrier",
                "name": "Solid Forwarder",
                "country": "US",
                "link": {"kind": "member", "partner_id": world.member},
            },
        ],
    )
    assert [(n["position"], n["state"], n["weak"]) for n in chain["nodes"]] == [
        (1, "unknown", True),
        (2, "mutual_recognition", False),
        (3, "member", False),
    ]
    assert chain["nodes"][0]["country"] == "CN" and chain["nodes"][1]["link"]["program"] == "AEO-EU"
    assert chain["nodes"][2]["label"] == "Tier I member"
    assert chain["weakest_node_id"] == chain["nodes"][0]["id"]
    assert chain["summary"].startswith("weakest link is Bright Electronics (factory, CN)")
    shown = client.get(chains_url(world.mine), headers=alice).json()
    assert (shown["partner_name"], shown["total_links"], shown["weak_count"]) == ("Alice Imports", 3, 1)


def test_parties_are_added_moved_changed_and_removed(
    client: TestClient, world: World, alice: dict[str, str]
) -> None:
    chain = new_chain(client, alice, world.mine, nodes=[{"role": "factory", "name": "A", "country": "CN"}])
    url = f"{chains_url(world.mine)}/{chain['id']}"
    added = client.post(
        f"{url}/nodes",
        json={"role": "stuffing_point", "name": "B", "country": "CN", "position": 1},
        headers=alice,
    )
    assert added.status_code == 201 and [n["name"] for n in added.json()["nodes"]] == ["B", "A"]
    b_id = added.json()["nodes"][0]["id"]
    changed = client.patch(
        f"{url}/nodes/{b_id}",
        headers=alice,
        json={"link": {"kind": "member", "partner_id": world.suspended}, "position": 2},
    )
    assert changed.status_code == 200, changed.text
    b = changed.json()["nodes"][1]
    assert (b["id"], b["name"], b["state"], b["reason"]) == (
        b_id,
        "B",
        "suspended",
        f"greenlane partner {world.suspended} is suspended",
    )
    removed = client.delete(f"{url}/nodes/{b_id}", headers=alice)
    assert [n["name"] for n in removed.json()["nodes"]] == ["A"]


def test_a_chain_is_renamed_and_deleted(client: TestClient, world: World, alice: dict[str, str]) -> None:
    chain = new_chain(client, alice, world.mine)
    url = f"{chains_url(world.mine)}/{chain['id']}"
    assert client.patch(url, json={"name": "Shenzhen to Long Beach"}, headers=alice).json()["name"] == (
        "Shenzhen to Long Beach"
    )
    assert client.delete(url, headers=alice).status_code == 204
    assert client.get(url, headers=alice).status_code == 404
    assert client.get(chains_url(world.mine), headers=alice).json()["chains"] == []


def test_the_partner_weak_link_report_lists_only_weak_links_with_reasons(
    client: TestClient, world: World, auth: Callable[[str], dict[str, str]]
) -> None:
    report = client.get(f"/api/v1/partners/{world.theirs}/weak-links", headers=auth("bob")).json()
    assert (report["total_links"], report["weak_count"]) == (2, 2)
    assert report["weak_by_state"] == {"unknown": 1, "suspended": 1}
    chain = report["chains"][0]
    assert [n["reason"] for n in chain["nodes"]] == [
        "no greenlane or mutual-recognition membership is recorded for this party",
        f"greenlane partner {world.suspended} is suspended",
    ]
    assert (
        chain["summary"]
        == f"weakest link is Shaky Carrier (carrier, SG): greenlane partner {world.suspended} "
        "is suspended"
    )


def test_staff_see_weak_links_across_the_program_and_partners_may_not(
    client: TestClient, world: World, alice: dict[str, str], auth: Callable[[str], dict[str, str]]
) -> None:
    new_chain(client, alice, world.mine, nodes=[{"role": "broker", "name": "Quick Broker", "country": "US"}])
    report = client.get("/api/v1/weak-links", headers=auth("ana"))
    assert report.status_code == 200
    body = report.json()
    assert (body["partners"], body["total_links"], body["weak_count"]) == (2, 3, 3)
    assert [(m["partner_name"], m["weak_count"]) for m in body["maps"]] == [
        ("Alice Imports", 1),
        ("Bob Traders", 2),
    ]
    assert client.get("/api/v1/weak-links", headers=alice).status_code == 403


def test_an_analyst_reads_maps_but_cannot_edit_them(
    client: TestClient, world: World, auth: Callable[[str], dict[str, str]]
) -> None:
    ana = auth("ana")
    assert client.get(chains_url(world.theirs), headers=ana).status_code == 200
    assert client.post(chains_url(world.theirs), json={"name": "New"}, headers=ana).status_code == 403


def test_every_route_needs_a_login(client: TestClient, world: World) -> None:
    assert client.get(chains_url(world.mine)).status_code == 401
    assert client.get("/api/v1/weak-links").status_code == 401


def problems(response: Any) -> dict[str, str]:
    body = response.json()
    if "problems" in body:
        return {p["field"]: p["detail"] for p in body["problems"]}
    return {body.get("field") or "": body["detail"]}


BAD_CHAINS = [
    ({"name": ""}, "name"),
    ({"name": "x" * 201}, "name"),
    ({"name": "   "}, "name"),
    ({"name": "R", "nodes": [{"role": "shipper", "name": "X", "country": "CN"}]}, "nodes.0.role"),
    ({"name": "R", "nodes": [{"role": "factory", "name": "X", "country": "CHN"}]}, "nodes.0.country"),
    ({"name": "R", "nodes": [{"role": "factory", "name": "", "country": "CN"}]}, "nodes.0.name"),
    (
        {
            "name": "R",
            "nodes": [{"role": "factory", "name": "X", "country": "CN", "link": {"kind": "member"}}],
        },
        "nodes.0.link",
    ),
    (
        {
            "name": "R",
            "nodes": [
                {
                    "role": "factory",
                    "name": "X",
                    "country": "CN",
                    "link": {"kind": "unknown", "program": "AEO-EU"},
                }
            ],
        },
        "nodes.0.link",
    ),
    (
        {
            "name": "R",
            "nodes": [
                {
                    "role": "factory",
                    "name": "X",
                    "country": "CN",
                    "link": {"kind": "mutual_recognition", "program": "AEO-XX", "foreign_id": "1"},
                }
            ],
        },
        "link.program",
    ),
    (
        {
            "name": "R",
            "nodes": [
                {
                    "role": "factory",
                    "name": "X",
                    "country": "CN",
                    "link": {"kind": "member", "partner_id": 987654},
                }
            ],
        },
        "link.partner_id",
    ),
]


@pytest.mark.parametrize(("body", "field"), BAD_CHAINS)
def test_a_bad_new_chain_is_refused_naming_the_field_and_nothing_is_written(
    client: TestClient,
    world: World,
    alice: dict[str, str],
    body: dict[str, Any],
    field: str,
) -> None:
    response = client.post(chains_url(world.mine), json=body, headers=alice)
    assert response.status_code == 422, response.text
    assert field in problems(response), problems(response)
    assert client.get(chains_url(world.mine), headers=alice).json()["chains"] == []


def test_a_duplicate_or_bad_chain_name_is_refused_on_rename(
    client: TestClient, world: World, alice: dict[str, str]
) -> None:
    first, second = new_chain(client, alice, world.mine), new_chain(client, alice, world.mine, name="Other")
    url = f"{chains_url(world.mine)}/{second['id']}"
    clash = client.patch(url, json={"name": "shenzhen TO la"}, headers=alice)
    assert clash.status_code == 409 and "already has a chain named" in clash.json()["detail"]
    assert "name" in problems(client.patch(url, json={"name": ""}, headers=alice))
    names = [c["name"] for c in client.get(chains_url(world.mine), headers=alice).json()["chains"]]
    assert names == [first["name"], "Other"]


BAD_NODES = [
    ({"role": "factory", "name": "X", "country": "CN", "position": 0}, "position"),
    ({"role": "factory", "name": "X", "country": "CN", "position": 3}, "position"),
    ({"role": "factory", "name": "X", "country": "1A"}, "country"),
    ({"role": "factory", "name": "X", "country": "CN", "address": "x" * 501}, "address"),
    (
        {"role": "factory", "name": "X", "country": "CN", "link": {"kind": "member", "partner_id": 0}},
        "link.partner_id",
    ),
    (
        {"role": "factory", "name": "X", "country": "CN", "link": {"kind": "member", "partner_id": 555555}},
        "link.partner_id",
    ),
    (
        {
            "role": "factory",
            "name": "X",
            "country": "CN",
            "link": {"kind": "mutual_recognition", "program": "AEO-EU"},
        },
        "link",
    ),
    ({"name": "X", "country": "CN"}, "role"),
]


@pytest.mark.parametrize(("body", "field"), BAD_NODES)
def test_a_bad_party_is_refused_naming_the_field_and_the_chain_is_unchanged(
    client: TestClient,
    world: World,
    alice: dict[str, str],
    body: dict[str, Any],
    field: str,
) -> None:
    chain = new_chain(client, alice, world.mine, nodes=[{"role": "factory", "name": "A", "country": "CN"}])
    url = f"{chains_url(world.mine)}/{chain['id']}"
    response = client.post(f"{url}/nodes", json=body, headers=alice)
    assert response.status_code == 422, response.text
    assert field in problems(response), problems(response)
    assert client.get(url, headers=alice).json()["nodes"] == chain["nodes"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"country": "Chin"}, "country"),
        ({"name": ""}, "name"),
        ({"position": 5}, "position"),
        ({"link": {"kind": "mutual_recognition", "program": "AEO-ZZ", "foreign_id": "1"}}, "link.program"),
        ({"role": "captain"}, "role"),
    ],
)
def test_a_bad_change_to_a_party_is_refused_and_the_party_is_unchanged(
    client: TestClient,
    world: World,
    alice: dict[str, str],
    body: dict[str, Any],
    field: str,
) -> None:
    chain = new_chain(client, alice, world.mine, nodes=[{"role": "factory", "name": "A", "country": "CN"}])
    url = f"{chains_url(world.mine)}/{chain['id']}"
    response = client.patch(f"{url}/nodes/{chain['nodes'][0]['id']}", json=body, headers=alice)
    assert response.status_code == 422, response.text
    assert field in problems(response), problems(response)
    assert client.get(url, headers=alice).json()["nodes"] == chain["nodes"]


def test_a_party_that_is_not_in_the_chain_is_not_found(
    client: TestClient, world: World, alice: dict[str, str]
) -> None:
    chain = new_chain(client, alice, world.mine)
    url = f"{chains_url(world.mine)}/{chain['id']}/nodes/999999"
    assert client.patch(url, json={"name": "X"}, headers=alice).status_code == 404
    assert client.delete(url, headers=alice).status_code == 404
