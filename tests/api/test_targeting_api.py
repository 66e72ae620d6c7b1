"""The targeting API: an officer runs a day's lanes, reads the ranked queue and a shipment's lane with its
reasons, overrides with a reason code, records exam results once, trains models and watches drift and
performance. Bad input is 422 naming the field; an analyst reads the queue but is refused every officer
action (403); a partner user sees its own filings' lanes without scores or reasons and gets 404 for the
rest."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from greenlane.bootstrap import Container
from greenlane.cargo import bill_to_json
from greenlane.targeting.tables import RiskModelRow
from tests.builders import MutableClock
from tests.integration.manifests.support import ACME_IOR, BRAVO_IOR, Cast, build_cast, headers
from tests.integration.targeting.support import (
    ARMS,
    DAY,
    PORT,
    day_bills,
    ingest_bills,
    ingest_world,
    install_model,
    noon,
    record_history_exams,
    reference_model,
    tiny_world,
)

pytestmark = pytest.mark.db
Auth = Callable[[str], dict[str, str]]
STAFF_ONLY = {"score", "probability", "rule_weight", "trust_offset", "why", "reasons", "rules_fired"}


@pytest.fixture
def cast(container: Container, clock: MutableClock) -> Cast:
    return build_cast(container.db, clock)


@pytest.fixture
def auth(container: Container, cast: Cast) -> Auth:
    return lambda username: headers(container, cast, username)


@pytest.fixture
def model(container: Container, clock: MutableClock) -> RiskModelRow:
    with container.db.transaction() as session:
        return install_model(session, reference_model(), clock)


@pytest.fixture
def arrivals(container: Container, cast: Cast, tmp_path: Path, clock: MutableClock) -> None:
    """Thirty filings at USLAX on DAY: ten of Acme's, five of Bravo's, fifteen of outside importers."""
    bills = [
        *day_bills(10, importer_id=ACME_IOR, consignee="Acme Imports LLC"),
        *day_bills(5, start=100, importer_id=BRAVO_IOR, consignee="Bravo Traders"),
        *day_bills(15, start=200),
    ]
    ingest_bills(container.db, tmp_path, bills)
    clock.now = noon(DAY)


@pytest.fixture
def targeted(client: TestClient, auth: Auth, model: RiskModelRow, arrivals: None) -> dict[str, Any]:
    """The day run through the API with three physical exams, and the ranked queue it left."""
    ok(
        client.post(
            "/api/v1/targeting/runs", json={"day": DAY.isoformat(), "red_capacity": 3}, headers=auth("olivia")
        ),
        201,
    )
    return ok(client.get("/api/v1/targeting/queue", params={"day": DAY.isoformat()}, headers=auth("olivia")))


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def refused(response: Any, status: int, field: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    if field is not None:
        # A domain refusal names the field; a malformed request names where it was ("query.day").
        named = {body.get("field")} | {p["field"].rsplit(".", 1)[-1] for p in body.get("problems", [])}
        assert field in named, body
    return body


def first(queue: dict[str, Any], lane: str) -> dict[str, Any]:
    return next(d for d in queue["items"] if d["lane"] == lane)


# --- runs ---


def test_an_officer_runs_a_day_and_gets_its_lane_counts(
    client: TestClient, auth: Auth, model: RiskModelRow, arrivals: None
) -> None:
    body = ok(
        client.post(
            "/api/v1/targeting/runs",
            json={"day": DAY.isoformat(), "port": PORT, "red_capacity": 2},
            headers=auth("olivia"),
        ),
        201,
    )

    assert (body["day"], body["port"], body["model"], body["shipments"]) == (
        DAY.isoformat(),
        PORT,
        model.version,
        30,
    )
    assert sum(body["lanes"].values()) == 30 and body["lanes"]["red"] == 2
    assert body["run_id"] is not None and body["kept_decisions"] == 0


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"day": "2026-02-30"}, "day"),
        ({}, "day"),
        ({"day": DAY.isoformat(), "red_capacity": -1}, "red_capacity"),
        ({"day": DAY.isoformat(), "port": "TOO-LONG-PORT"}, "port"),
    ],
)
def test_a_run_with_bad_input_is_refused_naming_the_field(
    client: TestClient, auth: Auth, model: RiskModelRow, payload: dict[str, Any], field: str
) -> None:
    refused(client.post("/api/v1/targeting/runs", json=payload, headers=auth("olivia")), 422, field)


def test_a_run_without_a_trained_model_is_a_conflict(client: TestClient, auth: Auth, arrivals: None) -> None:
    body = refused(
        client.post("/api/v1/targeting/runs", json={"day": DAY.isoformat()}, headers=auth("olivia")), 409
    )

    assert "no risk model" in body["detail"]


@pytest.mark.parametrize("user", ["ana", "alice"])
def test_analysts_and_partners_may_not_run_a_day(
    client: TestClient, auth: Auth, model: RiskModelRow, arrivals: None, user: str
) -> None:
    refused(client.post("/api/v1/targeting/runs", json={"day": DAY.isoformat()}, headers=auth(user)), 403)


# --- queue and lanes ---


def test_the_queue_is_ranked_with_scores_and_reasons_for_staff(
    client: TestClient, auth: Auth, targeted: dict[str, Any]
) -> None:
    items = targeted["items"]
    order = {"red": 0, "yellow": 1, "blue": 2, "green": 3}

    assert targeted["total"] == len(items) == 30
    assert [(order[d["lane"]], -d["score"]) for d in items] == sorted(
        (order[d["lane"]], -d["score"]) for d in items
    )
    assert all(d["why"] and d["reasons"] is not None and d["member_tier"] is not None for d in items)
    analyst = ok(
        client.get(
            "/api/v1/targeting/queue", params={"day": DAY.isoformat(), "lane": "red"}, headers=auth("ana")
        )
    )
    assert [d["id"] for d in analyst["items"]] == [d["id"] for d in items if d["lane"] == "red"]


@pytest.mark.parametrize(("user", "count"), [("alice", 10), ("bob", 5)])
def test_a_partner_sees_only_its_own_lanes_without_scores_or_reasons(
    client: TestClient, auth: Auth, targeted: dict[str, Any], user: str, count: int
) -> None:
    body = ok(client.get("/api/v1/targeting/queue", params={"day": DAY.isoformat()}, headers=auth(user)))

    assert body["total"] == len(body["items"]) == count
    assert all(d[key] is None for d in body["items"] for key in STAFF_ONLY)
    assert {d["lane"] for d in body["items"]} <= {"red", "yellow", "blue", "green"}


@pytest.mark.parametrize(
    ("params", "field"),
    [({"day": "yesterday"}, "day"), ({}, "day"), ({"day": DAY.isoformat(), "limit": 0}, "limit")],
)
def test_a_queue_with_bad_filters_is_refused_naming_the_field(
    client: TestClient, auth: Auth, params: dict[str, Any], field: str
) -> None:
    refused(client.get("/api/v1/targeting/queue", params=params, headers=auth("olivia")), 422, field)


def test_a_shipment_lane_shows_why_overrides_and_exam_to_staff(
    client: TestClient, auth: Auth, targeted: dict[str, Any], clock: MutableClock
) -> None:
    chosen = first(targeted, "green")
    ok(
        client.post(
            f"/api/v1/targeting/decisions/{chosen['id']}/override",
            json={"lane": "red", "reason": "intelligence", "note": "tip"},
            headers=auth("olivia"),
        )
    )
    ok(
        client.post(
            f"/api/v1/manifests/{chosen['bill_id']}/exam",
            json={"outcome": "nothing_found"},
            headers=auth("olivia"),
        ),
        201,
    )

    body = ok(client.get(f"/api/v1/manifests/{chosen['bill_id']}/lane", headers=auth("ana")))

    assert (body["decision"]["lane"], body["decision"]["engine_lane"]) == ("red", "green")
    assert body["decision"]["why"] == chosen["why"]
    assert [(o["from_lane"], o["to_lane"], o["reason"], o["actor"]) for o in body["overrides"]] == [
        ("green", "red", "intelligence", "olivia")
    ]
    assert (body["exam"]["outcome"], body["exam"]["recorded_by"]) == ("nothing_found", "olivia")


def test_a_partner_reads_its_own_shipment_lane_and_gets_404_for_anothers(
    client: TestClient, auth: Auth, cast: Cast, targeted: dict[str, Any]
) -> None:
    officer = {d["bill_id"]: d for d in targeted["items"]}
    own = ok(client.get("/api/v1/targeting/queue", params={"day": DAY.isoformat()}, headers=auth("alice")))[
        "items"
    ]
    others = sorted(set(officer) - {d["bill_id"] for d in own})

    mine = ok(client.get(f"/api/v1/manifests/{own[0]['bill_id']}/lane", headers=auth("alice")))

    assert mine["decision"]["lane"] == officer[own[0]["bill_id"]]["lane"]
    assert all(mine["decision"][key] is None for key in STAFF_ONLY)
    assert (mine["overrides"], mine["exam"]) == ([], None)
    refused(client.get(f"/api/v1/manifests/{others[0]}/lane", headers=auth("alice")), 404)


def test_a_lane_of_an_unknown_bill_is_404(client: TestClient, auth: Auth, targeted: dict[str, Any]) -> None:
    missing = max(d["bill_id"] for d in targeted["items"]) + 1
    refused(client.get(f"/api/v1/manifests/{missing}/lane", headers=auth("olivia")), 404)


# --- overrides and exams ---


def test_an_override_moves_the_lane(client: TestClient, auth: Auth, targeted: dict[str, Any]) -> None:
    chosen = first(targeted, "red")

    body = ok(
        client.post(
            f"/api/v1/targeting/decisions/{chosen['id']}/override",
            json={"lane": "yellow", "reason": "capacity", "note": "one team short"},
            headers=auth("olivia"),
        )
    )

    assert (body["id"], body["lane"], body["engine_lane"]) == (chosen["id"], "yellow", "red")


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"lane": "purple", "reason": "intelligence", "note": "tip"}, "lane"),
        ({"lane": "red", "reason": "hunch", "note": "tip"}, "reason"),
        ({"lane": "red", "reason": "intelligence", "note": ""}, "note"),
        ({"lane": "red", "reason": "intelligence", "note": "   "}, "note"),
        ({"lane": "red", "reason": "intelligence"}, "note"),
        ({"lane": "yellow", "reason": "capacity", "note": "room today"}, "reason"),
    ],
)
def test_an_incomplete_override_is_refused_naming_the_field(
    client: TestClient, auth: Auth, targeted: dict[str, Any], payload: dict[str, Any], field: str
) -> None:
    chosen = first(targeted, "green")
    url = f"/api/v1/targeting/decisions/{chosen['id']}/override"

    refused(client.post(url, json=payload, headers=auth("olivia")), 422, field)


def test_overriding_an_unknown_decision_is_404(
    client: TestClient, auth: Auth, targeted: dict[str, Any]
) -> None:
    missing = max(d["id"] for d in targeted["items"]) + 1
    payload = {"lane": "red", "reason": "intelligence", "note": "tip"}
    refused(
        client.post(f"/api/v1/targeting/decisions/{missing}/override", json=payload, headers=auth("olivia")),
        404,
    )


@pytest.mark.parametrize("user", ["ana", "alice"])
def test_analysts_and_partners_may_not_override_or_record_exams(
    client: TestClient, auth: Auth, targeted: dict[str, Any], user: str
) -> None:
    chosen = first(targeted, "red")
    payload = {"lane": "green", "reason": "officer_judgement", "note": "fine"}

    refused(
        client.post(f"/api/v1/targeting/decisions/{chosen['id']}/override", json=payload, headers=auth(user)),
        403,
    )
    refused(
        client.post(
            f"/api/v1/manifests/{chosen['bill_id']}/exam",
            json={"outcome": "nothing_found"},
            headers=auth(user),
        ),
        403,
    )


def test_an_exam_result_is_recorded_once(client: TestClient, auth: Auth, targeted: dict[str, Any]) -> None:
    chosen = first(targeted, "red")
    url = f"/api/v1/manifests/{chosen['bill_id']}/exam"

    body = ok(
        client.post(
            url,
            json={"outcome": "seizure", "category": "narcotics", "note": "in the doors"},
            headers=auth("olivia"),
        ),
        201,
    )

    assert (body["outcome"], body["category"], body["fraud"], body["critical_fraud"]) == (
        "seizure",
        "narcotics",
        1,
        2,
    )
    assert body["random_draw"] is chosen["random_draw"]
    again = refused(client.post(url, json={"outcome": "nothing_found"}, headers=auth("olivia")), 409)
    assert "already recorded" in again["detail"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"outcome": "found_drugs"}, "outcome"),
        ({"outcome": "seizure", "category": "kittens"}, "category"),
        ({"outcome": "seizure"}, "category"),
        ({"outcome": "discrepancy", "category": "weapons"}, "category"),
        ({}, "outcome"),
    ],
)
def test_a_wrong_exam_result_is_refused_naming_the_field(
    client: TestClient, auth: Auth, targeted: dict[str, Any], payload: dict[str, Any], field: str
) -> None:
    chosen = first(targeted, "red")
    refused(
        client.post(f"/api/v1/manifests/{chosen['bill_id']}/exam", json=payload, headers=auth("olivia")),
        422,
        field,
    )


# --- models, drift and performance ---


def test_an_officer_trains_a_model_and_lists_the_models(
    client: TestClient, auth: Auth, container: Container, clock: MutableClock
) -> None:
    refused(client.post("/api/v1/targeting/models", json={}, headers=auth("olivia")), 409)
    world = tiny_world()
    ingest_world(container.db, world)
    with container.db.transaction() as session:
        examined = record_history_exams(session, world, until=world.history_end(), clock=clock)

    trained = ok(
        client.post(
            "/api/v1/targeting/models",
            json={"until": world.history_end().isoformat(), "seed": 3},
            headers=auth("olivia"),
        ),
        201,
    )

    assert (trained["examples"], trained["active"], trained["trained_by"]) == (examined, True, "olivia")
    listed = ok(client.get("/api/v1/targeting/models", headers=auth("olivia")))
    assert [(m["version"], m["active"]) for m in listed] == [(trained["version"], True)]


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("post", "/api/v1/targeting/models"),
        ("get", "/api/v1/targeting/models"),
        ("get", "/api/v1/targeting/drift"),
    ],
)
@pytest.mark.parametrize("user", ["ana", "alice"])
def test_models_and_drift_are_for_targeting_officers(
    client: TestClient, auth: Auth, method: str, url: str, user: str
) -> None:
    kwargs: dict[str, Any] = {"json": {}} if method == "post" else {}
    refused(getattr(client, method)(url, headers=auth(user), **kwargs), 403)


def test_a_training_with_a_bad_cutoff_is_refused_naming_the_field(client: TestClient, auth: Auth) -> None:
    refused(
        client.post("/api/v1/targeting/models", json={"until": "soon"}, headers=auth("olivia")), 422, "until"
    )


def test_drift_and_performance_describe_the_day(
    client: TestClient, auth: Auth, model: RiskModelRow, targeted: dict[str, Any]
) -> None:
    drift = ok(client.get("/api/v1/targeting/drift", params={"days": 1}, headers=auth("olivia")))
    figures = ok(
        client.get(
            "/api/v1/targeting/performance",
            params={"start": DAY.isoformat(), "end": DAY.isoformat()},
            headers=auth("olivia"),
        )
    )

    assert (drift["model"], drift["shipments"], drift["window_days"]) == (model.version, 30, 1)
    assert drift["psi"] >= 0 and isinstance(drift["retrain"], bool) and drift["reasons"]
    red = sum(d["lane"] == "red" for d in targeted["items"])
    members = [d for d in targeted["items"] if d["member_tier"] != "none"]
    assert figures["shipments"] == 30 and figures["frauds_found"] == 0
    assert figures["exam_rate_non_members"] == round(
        sum(d["lane"] == "red" for d in targeted["items"] if d["member_tier"] == "none")
        / (30 - len(members)),
        4,
    )
    assert red == 3


@pytest.mark.parametrize(
    ("url", "params", "field"),
    [
        ("/api/v1/targeting/drift", {"days": 0}, "days"),
        ("/api/v1/targeting/drift", {"days": "week"}, "days"),
        ("/api/v1/targeting/performance", {"start": DAY.isoformat()}, "end"),
        ("/api/v1/targeting/performance", {"start": "then", "end": DAY.isoformat()}, "start"),
    ],
)
def test_drift_and_performance_with_bad_parameters_are_refused_naming_the_field(
    client: TestClient, auth: Auth, url: str, params: dict[str, Any], field: str
) -> None:
    refused(client.get(url, params=params, headers=auth("olivia")), 422, field)


def test_performance_is_for_targeting_officers(client: TestClient, auth: Auth) -> None:
    params = {"start": DAY.isoformat(), "end": DAY.isoformat()}
    for user in ("ana", "alice"):
        refused(client.get("/api/v1/targeting/performance", params=params, headers=auth(user)), 403)


# --- one filing scored on demand ---


def bill_document(**overrides: Any) -> dict[str, Any]:
    return dict(bill_to_json(day_bills(1, start=5, **overrides)[0]))


def test_an_officer_scores_one_filing_and_nothing_is_stored(
    client: TestClient, auth: Auth, model: RiskModelRow, container: Container
) -> None:
    body = ok(client.post("/api/v1/targeting/score", json=bill_document(), headers=auth("olivia")))

    assert body["bill_number"] == "OCLN0000005" and body["model_version"] == model.version
    assert body["score"] == pytest.approx(body["model_score"] + body["rule_weight"] + body["trust_offset"])
    assert body["member_tier"] == "none" and isinstance(body["reasons"], list)
    queue = ok(client.get("/api/v1/arrivals", params={"day": DAY.isoformat()}, headers=auth("olivia")))
    assert queue["total"] == 0


def test_an_arms_filing_scored_on_demand_is_forced_red_with_reasons(
    client: TestClient, auth: Auth, model: RiskModelRow
) -> None:
    body = ok(
        client.post("/api/v1/targeting/score", json=bill_document(hs_code=ARMS), headers=auth("olivia"))
    )

    assert (body["forced_lane"], body["flagged"]) == ("red", True) and body["reasons"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d.update(bill_number=""), "bill_number"),
        (lambda d: d["goods"][0].update(gross_weight_kg="heavy"), "goods[0].gross_weight_kg"),
        (lambda d: d.update(voyage="MSC"), "voyage"),
    ],
)
def test_a_filing_that_would_be_quarantined_is_refused_naming_the_field(
    client: TestClient, auth: Auth, model: RiskModelRow, change: Any, field: str
) -> None:
    document = bill_document()
    change(document)
    refused(client.post("/api/v1/targeting/score", json=document, headers=auth("olivia")), 422, field)


def test_a_body_that_is_not_a_json_object_is_refused(
    client: TestClient, auth: Auth, model: RiskModelRow
) -> None:
    response = client.post("/api/v1/targeting/score", json=[1, 2], headers=auth("olivia"))
    assert response.status_code == 422


def test_scoring_a_filing_without_a_model_is_a_conflict(client: TestClient, auth: Auth) -> None:
    refused(client.post("/api/v1/targeting/score", json=bill_document(), headers=auth("olivia")), 409)


@pytest.mark.parametrize("user", ["ana", "alice", "cara"])
def test_only_targeting_officers_score_filings(
    client: TestClient, auth: Auth, model: RiskModelRow, user: str
) -> None:
    refused(client.post("/api/v1/targeting/score", json=bill_document(), headers=auth(user)), 403)
