"""The targeting officer's page: the day's queue ranked by lane and score with the reasons, filtered by day,
port and lane; an override form that moves a lane only with a reason code and a note, and an exam form
that records a result once, each saying on the page what happened. Analysts and partner users are refused
the page."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from html import unescape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from greenlane.bootstrap import Container
from greenlane.cargo import bill_to_json
from greenlane.identity.domain import SYSTEM
from greenlane.targeting import service as targeting
from greenlane.targeting.tables import LaneDecisionRow
from tests.builders import MutableClock
from tests.integration.manifests.support import ACME_IOR, ARRIVAL, Cast, build_cast, cookies, make_bill
from tests.integration.targeting.support import (
    ARMS,
    DAY,
    PLAN,
    day_bills,
    decisions,
    ingest_bills,
    install_model,
    noon,
    reference_model,
)

pytestmark = pytest.mark.db


@pytest.fixture
def cast(container: Container, clock: MutableClock) -> Cast:
    return build_cast(container.db, clock)


@pytest.fixture
def day(container: Container, cast: Cast, clock: MutableClock, tmp_path: Path) -> list[LaneDecisionRow]:
    """Twenty-one filings at USLAX (one of arms, held by a rule) and four at USNYC on DAY, targeted with the
    reference model."""
    acme = {"importer_id": ACME_IOR, "consignee": "Acme Imports LLC"}
    bills = [
        *day_bills(20, **acme),
        *day_bills(1, start=40, hs_code=ARMS, **acme),
        *day_bills(4, start=50, port="USNYC"),
    ]
    ingest_bills(container.db, tmp_path, bills)
    clock.now = noon(DAY)
    with container.db.transaction() as session:
        install_model(session, reference_model(), clock)
        targeting.run_targeting(
            session, actor=SYSTEM, settings=container.settings, day=DAY, plan=PLAN, clock=clock
        )
        return decisions(session)


@pytest.fixture
def officer(
    client: TestClient, container: Container, cast: Cast, day: list[LaneDecisionRow]
) -> Iterator[TestClient]:
    """Logged in as the officer once the clock stands on the targeted day (a login lasts an hour)."""
    client.cookies.update(cookies(container, cast, "olivia"))
    yield client
    client.cookies.clear()


def page(client: TestClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.text
    return unescape(response.text)


def post(client: TestClient, url: str, data: dict[str, str]) -> str:
    """Posts a form, checks the redirect, and returns the page it leads to."""
    response = client.post(url, data=data, follow_redirects=False)
    assert response.status_code == 303, response.text
    return page(client, response.headers["location"])


def row_ids(html: str) -> list[int]:
    return [int(part.split('"', 1)[0]) for part in html.split('<tr id="decision-')[1:]]


def test_the_queue_page_lists_the_days_lanes_ranked_with_reasons(
    officer: TestClient, day: list[LaneDecisionRow]
) -> None:
    html = page(officer, f"/targeting?day={DAY.isoformat()}")

    assert f"{DAY.isoformat()} · all ports · 25 shipments" in html
    assert row_ids(html) == [d.id for d in day]
    assert all(d.why in html for d in day)
    assert all(reason in html for d in day for reason in d.reasons)
    assert html.count('action="/targeting/decisions/') == 25


def test_the_queue_page_filters_by_port_and_lane(officer: TestClient, day: list[LaneDecisionRow]) -> None:
    by_port = page(officer, f"/targeting?day={DAY.isoformat()}&port=USNYC")
    red = page(officer, f"/targeting?day={DAY.isoformat()}&lane=red")

    assert row_ids(by_port) == [d.id for d in day if d.port == "USNYC"]
    assert row_ids(red) == [d.id for d in day if d.lane == "red"]


def test_without_a_day_the_page_shows_the_last_targeted_day_even_when_later_arrivals_wait(
    officer: TestClient, container: Container, day: list[LaneDecisionRow], tmp_path: Path
) -> None:
    later = make_bill("OCLN0000500", arrival=ARRIVAL + timedelta(days=3))
    ingest_bills(container.db, tmp_path, [later], name="later")

    assert row_ids(page(officer, "/targeting")) == [d.id for d in day]


def test_an_override_through_the_form_moves_the_lane_and_says_so(
    officer: TestClient, container: Container, day: list[LaneDecisionRow]
) -> None:
    chosen = next(d for d in day if d.lane == "green")
    back = f"/targeting?day={DAY.isoformat()}&port=&lane="

    html = post(
        officer,
        f"/targeting/decisions/{chosen.id}/override",
        {"lane": "red", "reason": "intelligence", "note": "tip from the port police", "back": back},
    )

    assert f"Bill {chosen.bill_id} moved to red." in html
    assert "engine: green" in html
    with container.db.transaction() as session:
        found = targeting.shipment_lane(session, actor=SYSTEM, bill_id=chosen.bill_id)
    assert found.decision is not None and found.decision.lane == "red" and len(found.overrides) == 1


def test_an_override_without_a_note_is_explained_and_changes_nothing(
    officer: TestClient, container: Container, day: list[LaneDecisionRow]
) -> None:
    chosen = next(d for d in day if d.lane == "green")

    html = post(
        officer,
        f"/targeting/decisions/{chosen.id}/override",
        {"lane": "red", "reason": "intelligence", "note": " ", "back": "/targeting"},
    )

    assert "an override needs a note explaining it" in html
    with container.db.transaction() as session:
        assert targeting.shipment_lane(session, actor=SYSTEM, bill_id=chosen.bill_id).overrides == []


def test_an_off_site_return_address_is_ignored(officer: TestClient, day: list[LaneDecisionRow]) -> None:
    chosen = next(d for d in day if d.lane == "green")

    response = officer.post(
        f"/targeting/decisions/{chosen.id}/override",
        follow_redirects=False,
        data={"lane": "red", "reason": "intelligence", "note": "tip", "back": "//evil.example/"},
    )

    assert response.status_code == 303 and response.headers["location"].startswith("/targeting?ok=")


def test_an_exam_result_through_the_form_is_recorded_once(
    officer: TestClient, container: Container, day: list[LaneDecisionRow]
) -> None:
    chosen = next(d for d in day if d.lane == "red")
    form = {"outcome": "seizure", "category": "weapons", "note": "two rifles", "back": "/targeting"}

    recorded = post(officer, f"/manifests/{chosen.bill_id}/exam", form)
    again = post(
        officer, f"/manifests/{chosen.bill_id}/exam", form | {"outcome": "nothing_found", "category": ""}
    )

    assert f"Exam result recorded for bill {chosen.bill_id}." in recorded
    assert f"an exam result is already recorded for bill {chosen.bill_id}" in again
    with container.db.transaction() as session:
        assert [(e.outcome, e.category) for e in targeting.exam_results(session, actor=SYSTEM)] == [
            ("seizure", "weapons")
        ]


@pytest.mark.parametrize("user", ["ana", "alice"])
def test_analysts_and_partner_users_are_refused_the_targeting_page(
    client: TestClient, container: Container, cast: Cast, day: list[LaneDecisionRow], user: str
) -> None:
    client.cookies.update(cookies(container, cast, user))

    assert client.get("/targeting").status_code == 403
    response = client.post(
        f"/targeting/decisions/{day[0].id}/override",
        data={"lane": "red", "reason": "intelligence", "note": "tip"},
        follow_redirects=False,
    )
    assert response.status_code == 403


def test_the_shipment_page_shows_an_officer_why_it_got_its_lane_and_the_exam_form(
    officer: TestClient, container: Container, day: list[LaneDecisionRow]
) -> None:
    chosen = next(d for d in day if d.lane == "red" and d.reasons)
    with container.db.transaction() as session:
        targeting.override_lane(
            session,
            actor=SYSTEM,
            decision_id=chosen.id,
            lane="yellow",
            reason="capacity",
            note="one team short",
        )

    html = page(officer, f"/manifests/{chosen.bill_id}")

    lane = html.split('data-testid="lane"', 1)[1]
    assert "yellow" in lane and f"score {chosen.score:.3f}" in lane and chosen.why in lane
    assert all(reason in lane for reason in chosen.reasons)
    assert "moved it red → yellow (capacity): one team short" in lane
    assert f'action="/manifests/{chosen.bill_id}/exam"' in lane


def test_the_shipment_page_shows_the_recorded_exam_instead_of_the_form(
    officer: TestClient, day: list[LaneDecisionRow]
) -> None:
    chosen = next(d for d in day if d.lane == "red")
    post(officer, f"/manifests/{chosen.bill_id}/exam", {"outcome": "discrepancy", "note": "short-shipped"})

    lane = page(officer, f"/manifests/{chosen.bill_id}").split('data-testid="lane"', 1)[1]

    assert "Exam: " in lane and "short-shipped" in lane and "by olivia" in lane
    assert f'action="/manifests/{chosen.bill_id}/exam"' not in lane


def test_a_partner_sees_its_shipments_lane_without_score_or_reasons(
    client: TestClient, container: Container, cast: Cast, day: list[LaneDecisionRow]
) -> None:
    own = next(d for d in day if d.consignee_partner_id == cast.acme and d.reasons)
    other = next(d for d in day if d.consignee_partner_id != cast.acme)
    client.cookies.update(cookies(container, cast, "alice"))

    lane = page(client, f"/manifests/{own.bill_id}").split('data-testid="lane"', 1)[1]

    assert own.lane in lane and "score" not in lane and own.why not in lane
    assert not any(reason in lane for reason in own.reasons)
    assert client.get(f"/manifests/{other.bill_id}").status_code == 404


# --- scoring a filing not yet stored ---


def pasted(**overrides: object) -> str:
    return json.dumps(bill_to_json(day_bills(1, start=70, **overrides)[0]))  # type: ignore[arg-type]


def test_a_pasted_arms_filing_is_scored_on_the_page_as_forced_red_with_reasons(
    officer: TestClient, day: list[LaneDecisionRow]
) -> None:
    form = officer.get("/targeting/score")
    response = officer.post("/targeting/score", data={"document": pasted(hs_code=ARMS)})

    assert form.status_code == 200 and 'name="document"' in form.text
    assert response.status_code == 200, response.text
    page = unescape(response.text)
    assert "OCLN OCLN0000070" in page and "flagged" in page and "by rule" in page
    assert "Reasons" in page and 'data-testid="score-error"' not in page
    # Nothing was stored: the pasted bill is not among the day's filings.
    assert "OCLN0000070" not in unescape(officer.get("/arrivals").text)


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ("{not json", "not a JSON document"),
        ('{"bill_number": "X1"}', "record manifest"),
        ("[1, 2]", "record manifest"),
    ],
)
def test_a_pasted_filing_that_cannot_be_scored_is_explained_and_kept_in_the_form(
    officer: TestClient, day: list[LaneDecisionRow], document: str, expected: str
) -> None:
    response = officer.post("/targeting/score", data={"document": document})

    assert response.status_code == 422
    page = unescape(response.text)
    assert expected in page and 'data-testid="score-error"' in page and document in page


@pytest.mark.parametrize("user", ["ana", "alice"])
def test_analysts_and_partner_users_are_refused_the_scoring_page(
    client: TestClient, container: Container, cast: Cast, user: str
) -> None:
    client.cookies.update(cookies(container, cast, user))

    assert client.get("/targeting/score").status_code == 403
    assert client.post("/targeting/score", data={"document": pasted()}).status_code == 403


# --- running the day from the page ---


def test_an_officer_reruns_the_day_from_the_page_within_a_red_capacity(
    officer: TestClient, container: Container, day: list[LaneDecisionRow]
) -> None:
    response = officer.post(
        "/targeting/runs", data={"day": DAY.isoformat(), "port": "USNYC", "red_capacity": "1"}
    )

    assert response.status_code == 200 and "4 shipments targeted: red 1" in unescape(response.text)
    with container.db.transaction() as session:
        nyc = [d for d in decisions(session) if d.port == "USNYC"]
    assert len(nyc) == 4 and sum(d.lane == "red" for d in nyc) == 1
    assert 'data-testid="run-form"' in response.text and "Re-run" in response.text


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"day": DAY.isoformat(), "red_capacity": "many"}, "field red_capacity"),
        ({"day": DAY.isoformat(), "red_capacity": "-2"}, "field red_capacity"),
        ({"day": "yesterday"}, "field day"),
    ],
)
def test_a_run_with_bad_input_is_explained_on_the_page_and_changes_nothing(
    officer: TestClient, container: Container, day: list[LaneDecisionRow], data: dict[str, str], expected: str
) -> None:
    response = officer.post("/targeting/runs", data=data)

    assert response.status_code == 200 and expected in unescape(response.text)
    with container.db.transaction() as session:
        assert {(d.id, d.lane) for d in decisions(session)} == {(d.id, d.lane) for d in day}


@pytest.mark.parametrize("user", ["ana", "alice"])
def test_analysts_and_partner_users_may_not_run_a_day_from_the_page(
    client: TestClient, container: Container, cast: Cast, user: str
) -> None:
    client.cookies.update(cookies(container, cast, user))

    response = client.post("/targeting/runs", data={"day": DAY.isoformat()}, follow_redirects=False)

    assert response.status_code == 403
