"""Security profiles through the API: the gap report says what is missing per category, one unmet must
blocks certification and meeting every must allows it, only a complete profile is submitted, a renewal
restarts the year, the catalogue version a profile was answered on is kept, and refused answers write
nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from greenlane.core.types import EntityType
from greenlane.criteria.catalogue import latest_catalogue
from greenlane.db import Database
from greenlane.identity.domain import Role
from tests.builders import MutableClock, login, make_partner, make_user
from tests.integration.partners.support import answer_profile, cheap_password_hashing

pytestmark = [pytest.mark.db, pytest.mark.usefixtures(cheap_password_hashing.__name__)]

CATALOGUE = latest_catalogue()
IMPORTER = CATALOGUE.applicable_to([EntityType.IMPORTER])
MUSTS = [c for c in IMPORTER if c.is_must]
SHOULDS = [c for c in IMPORTER if not c.is_must]
NOT_FOR_IMPORTERS = next(c for c in CATALOGUE.criteria if not c.applies_to([EntityType.IMPORTER]))


@pytest.fixture
def partner_id(db: Database, clock: MutableClock) -> int:
    with db.transaction() as session:
        found = make_partner(session, clock=clock).id
    assert found is not None
    return found


@pytest.fixture
def own(client: TestClient, db: Database, partner_id: int) -> dict[str, str]:
    """A partner user of the partner, logged in."""
    with db.transaction() as session:
        make_user(session, username="harbor", role=Role.PARTNER_USER, partner_id=partner_id)
        make_user(session, username="spec", role=Role.SECURITY_SPECIALIST)
    return login(client, "harbor")


def profile(client: TestClient, headers: dict[str, str], partner_id: int) -> dict[str, Any]:
    response = client.get(f"/api/v1/partners/{partner_id}/profile", headers=headers)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def answer(
    client: TestClient, headers: dict[str, str], partner_id: int, criterion_id: str, **body: str
) -> Any:
    return client.put(
        f"/api/v1/partners/{partner_id}/profile/answers/{criterion_id}", headers=headers, json=body
    )


def move(client: TestClient, headers: dict[str, str], partner_id: int, to: str) -> Any:
    return client.post(
        f"/api/v1/partners/{partner_id}/transitions", headers=headers, json={"to": to, "reason": f"to {to}"}
    )


def test_a_new_profile_is_on_the_latest_catalogue_and_every_criterion_is_a_gap(
    client: TestClient, own: dict[str, str], partner_id: int
) -> None:
    shown = profile(client, own, partner_id)

    assert (shown["catalogue_version"], shown["entity_types"], shown["answers"]) == (
        CATALOGUE.version,
        ["importer"],
        [],
    )
    gaps = shown["gaps"]
    assert (gaps["applicable"], gaps["answered"], gaps["completion_percent"]) == (len(IMPORTER), 0, 0.0)
    assert gaps["ready_for_certification"] is False
    assert [u for c in gaps["categories"] for u in c["unanswered"]] == [c.id for c in IMPORTER]


def test_the_gap_report_lists_unanswered_and_unmet_criteria_by_category(
    client: TestClient, own: dict[str, str], partner_id: int
) -> None:
    must, should = MUSTS[0], SHOULDS[0]
    answer(client, own, partner_id, must.id, status="partially", evidence_note="half the doors sealed")
    answer(client, own, partner_id, should.id, status="not_met")
    answer(client, own, partner_id, MUSTS[1].id, status="met", evidence_note="policy SP-2")

    gaps = profile(client, own, partner_id)["gaps"]

    by_category = {c["category"]: c for c in gaps["categories"]}
    assert by_category[must.category]["musts_not_met"] == [
        {
            "criterion_id": must.id,
            "level": "must",
            "status": "partially",
            "reason": f"{must.id} (must) is answered partially",
        }
    ]
    assert {"criterion_id": should.id, "level": "should", "status": "not_met"}.items() <= (
        by_category[should.category]["shoulds_not_met"][0].items()
    )
    assert gaps["answered"] == 3
    assert gaps["completion_percent"] == round(100 * 3 / len(IMPORTER), 1)
    unanswered = {u for c in gaps["categories"] for u in c["unanswered"]}
    assert unanswered == {c.id for c in IMPORTER} - {must.id, should.id, MUSTS[1].id}
    assert sum(c["applicable"] for c in gaps["categories"]) == len(IMPORTER)


def test_one_unmet_must_blocks_certification_and_meeting_it_allows_it(
    client: TestClient, db: Database, clock: MutableClock, own: dict[str, str], partner_id: int
) -> None:
    with db.transaction() as session:
        answer_profile(session, partner_id, [EntityType.IMPORTER], clock, shoulds="not_met")
    last = MUSTS[-1]
    answer(client, own, partner_id, last.id, status="not_met", evidence_note="no audit yet")
    specialist = login(client, "spec")
    assert move(client, own, partner_id, "under_review").status_code == 200

    refused = move(client, specialist, partner_id, "certified")

    assert refused.status_code == 409
    assert refused.json()["detail"] == f"certification refused: unmet 'must' criteria {last.id}"
    assert profile(client, own, partner_id)["gaps"]["ready_for_certification"] is False

    answer(client, own, partner_id, last.id, status="met", evidence_note="audit done")
    certified = move(client, specialist, partner_id, "certified")

    assert certified.status_code == 200, certified.text
    assert (certified.json()["status"], certified.json()["tier"]) == ("certified", "tier_1")


def test_a_justified_not_applicable_must_does_not_block_certification(
    client: TestClient, db: Database, clock: MutableClock, own: dict[str, str], partner_id: int
) -> None:
    with db.transaction() as session:
        answer_profile(session, partner_id, [EntityType.IMPORTER], clock, shoulds=None)
    refused = answer(client, own, partner_id, MUSTS[0].id, status="not_applicable", evidence_note="  ")
    waived = answer(client, own, partner_id, MUSTS[0].id, status="not_applicable", evidence_note="no yard")

    assert refused.status_code == 422 and refused.json()["field"] == "evidence_note"
    assert waived.status_code == 200
    assert waived.json()["gaps"]["ready_for_certification"] is True


def test_submitting_an_incomplete_profile_is_refused_and_changes_nothing(
    client: TestClient, db: Database, clock: MutableClock, own: dict[str, str], partner_id: int
) -> None:
    with db.transaction() as session:
        answer_profile(session, partner_id, [EntityType.IMPORTER], clock, shoulds=None)
    before = profile(client, own, partner_id)

    response = client.post(f"/api/v1/partners/{partner_id}/profile/submit", headers=own)

    assert response.status_code == 422
    assert response.json()["field"] == "answers"
    assert response.json()["detail"].startswith(
        f"field answers: {len(SHOULDS)} applicable criteria are unanswered"
    )
    assert profile(client, own, partner_id) == before


def test_a_renewal_restarts_the_year_from_the_renewal(
    client: TestClient, db: Database, clock: MutableClock, own: dict[str, str], partner_id: int
) -> None:
    with db.transaction() as session:
        answer_profile(session, partner_id, [EntityType.IMPORTER], clock)
    url = f"/api/v1/partners/{partner_id}/profile/submit"

    submitted = client.post(url, headers=own).json()
    assert (submitted["submitted_at"][:10], submitted["renewed_at"], submitted["renewal_due"]) == (
        "2026-01-05",
        None,
        "2027-01-05",
    )
    clock.now = clock.now.replace(year=2026, month=12, day=20)
    response = client.post(url, headers=login(client, "harbor"))
    assert response.status_code == 200, response.text
    renewed = response.json()

    assert renewed["submitted_at"] == submitted["submitted_at"]
    assert (renewed["renewed_at"][:10], renewed["renewal_due"]) == (
        "2026-12-20",
        date(2027, 12, 20).isoformat(),
    )


def test_the_catalogue_version_stays_with_the_profile(
    client: TestClient, db: Database, clock: MutableClock, own: dict[str, str], partner_id: int
) -> None:
    with db.transaction() as session:
        answer_profile(session, partner_id, [EntityType.IMPORTER], clock)
    client.post(f"/api/v1/partners/{partner_id}/profile/submit", headers=own)

    same = client.post(
        f"/api/v1/partners/{partner_id}/profile/migrate?version={CATALOGUE.version}", headers=own
    )
    unknown = client.post(f"/api/v1/partners/{partner_id}/profile/migrate?version=2099.1", headers=own)

    assert (same.status_code, same.json()["detail"]) == (
        409,
        f"catalogue {CATALOGUE.version} is not newer than {CATALOGUE.version}",
    )
    assert unknown.status_code == 404 and "no criteria catalogue version '2099.1'" in unknown.json()["detail"]
    shown = profile(client, own, partner_id)
    assert shown["catalogue_version"] == CATALOGUE.version
    assert len(shown["answers"]) == len(IMPORTER)


def test_an_answer_to_a_criterion_that_does_not_apply_is_refused_and_writes_nothing(
    client: TestClient, own: dict[str, str], partner_id: int
) -> None:
    response = answer(client, own, partner_id, NOT_FOR_IMPORTERS.id, status="met", evidence_note="x")

    assert response.status_code == 422
    assert (response.json()["field"], response.json()["record"]) == ("criterion_id", NOT_FOR_IMPORTERS.id)
    assert "does not apply to the company's entity types (importer)" in response.json()["detail"]
    assert profile(client, own, partner_id)["answers"] == []


@pytest.mark.parametrize(
    ("criterion_id", "body", "field"),
    [
        ("ZZ-99", {"status": "met"}, "criterion_id"),
        (MUSTS[0].id, {"status": "mostly"}, "status"),
        (MUSTS[0].id, {}, "status"),
        (MUSTS[0].id, {"status": "met", "evidence_note": "x" * 4001}, "evidence_note"),
    ],
)
def test_a_bad_answer_is_refused_naming_the_field_and_writes_nothing(
    client: TestClient,
    own: dict[str, str],
    partner_id: int,
    criterion_id: str,
    body: dict[str, str],
    field: str,
) -> None:
    response = answer(client, own, partner_id, criterion_id, **body)

    assert response.status_code == 422
    fields = [p["field"] for p in response.json().get("problems", [])] or [response.json()["field"]]
    assert field in fields
    assert profile(client, own, partner_id)["answers"] == []


def test_an_answer_records_who_and_when_and_criterion_ids_are_case_insensitive(
    client: TestClient, clock: MutableClock, own: dict[str, str], partner_id: int
) -> None:
    response = answer(client, own, partner_id, MUSTS[0].id.lower(), status="met", evidence_note="  SOP 12  ")

    assert response.status_code == 200
    assert response.json()["answers"] == [
        {
            "criterion_id": MUSTS[0].id,
            "status": "met",
            "evidence_note": "SOP 12",
            "answered_by": "harbor",
            "answered_at": clock.now.isoformat().replace("+00:00", "Z"),
        }
    ]


def test_changing_the_entity_types_moves_the_profile_to_the_new_criteria(
    client: TestClient, own: dict[str, str], partner_id: int
) -> None:
    only_importers = next(c for c in MUSTS if not c.applies_to([EntityType.SEA_CARRIER]))
    answer(client, own, partner_id, only_importers.id, status="met", evidence_note="x")

    client.patch(f"/api/v1/partners/{partner_id}", headers=own, json={"entity_types": ["sea_carrier"]})
    shown = profile(client, own, partner_id)

    assert shown["entity_types"] == ["sea_carrier"]
    assert shown["answers"] == []
    assert shown["gaps"]["applicable"] == len(CATALOGUE.applicable_to([EntityType.SEA_CARRIER]))


def test_the_catalogue_is_readable_by_any_logged_in_user_filtered_by_entity_type(
    client: TestClient, own: dict[str, str]
) -> None:
    assert client.get("/api/v1/criteria/catalogue").status_code == 401

    listed = client.get("/api/v1/criteria/catalogue?entity_type=importer", headers=own).json()

    assert listed["version"] == CATALOGUE.version
    assert [c["id"] for c in listed["criteria"]] == [c.id for c in IMPORTER]
    assert client.get("/api/v1/criteria/catalogues", headers=own).json()[-1] == CATALOGUE.version
