"""The partners API refuses bad input with 422 naming the field, refuses domain rule breaks with 409 or 422
and a clear detail, and never leaves anything half-written: a refused sign-up creates no partner and no
account, a refused move leaves status and history as they were, a refused edit changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from greenlane.bootstrap import Container
from greenlane.core.types import EntityType
from greenlane.db import Database
from greenlane.identity.domain import Role
from greenlane.identity.tables import UserRow
from greenlane.partners.tables import PartnerRow, StatusEventRow
from tests.builders import PASSWORD, MutableClock, login, make_partner, make_user
from tests.integration.partners.support import cheap_password_hashing

pytestmark = [pytest.mark.db, pytest.mark.usefixtures(cheap_password_hashing.__name__)]

OFFICER = {
    "name": "Ada Officer",
    "email": "ada@harbor.example",
    "title": "CEO",
    "is_officer": True,
    "is_primary": True,
}
SIGN_UP: dict[str, Any] = {
    "legal_name": "Harbor Goods Inc",
    "entity_types": ["importer"],
    "identifiers": {"importer_of_record": "12-3456789AB"},
    "sites": [{"name": "Head office", "country": "US"}],
    "contacts": [OFFICER],
    "username": "harbor",
    "password": PASSWORD,
}


def counts(db: Database) -> tuple[int, int, int]:
    """Partners, users and history events stored."""
    with db.transaction() as session:
        return tuple(  # type: ignore[return-value]
            session.scalar(select(func.count()).select_from(table)) or 0
            for table in (PartnerRow, UserRow, StatusEventRow)
        )


def problem_fields(response: Any) -> list[str]:
    assert response.status_code == 422, response.text
    body = response.json()
    return [p["field"] for p in body["problems"]] if "problems" in body else [body["field"]]


@pytest.fixture
def specialist(client: TestClient, db: Database) -> dict[str, str]:
    with db.transaction() as session:
        make_user(session, username="spec", role=Role.SECURITY_SPECIALIST)
    return login(client, "spec")


@pytest.fixture
def applicant_id(db: Database, clock: MutableClock) -> int:
    with db.transaction() as session:
        partner_id = make_partner(session, clock=clock).id
    assert partner_id is not None
    return partner_id


def test_a_company_signs_up_and_can_log_in_to_its_own_record(client: TestClient, db: Database) -> None:
    created = client.post("/api/v1/applications", json=SIGN_UP)

    assert created.status_code == 201, created.text
    body = created.json()
    assert (body["status"], body["tier"], body["application_problems"]) == ("applicant", "none", [])
    assert body["allowed_moves"] == ["under_review", "withdrawn"]
    me = client.get("/api/v1/auth/me", headers=login(client, "harbor")).json()
    assert (me["role"], me["partner_id"]) == ("partner_user", body["id"])
    assert counts(db) == (1, 1, 1)


def test_a_sign_up_with_a_taken_username_creates_no_partner(client: TestClient, db: Database) -> None:
    assert client.post("/api/v1/applications", json=SIGN_UP).status_code == 201
    before = counts(db)

    again = client.post("/api/v1/applications", json={**SIGN_UP, "legal_name": "Another Co"})

    assert again.status_code == 409
    assert again.json()["detail"] == "user 'harbor' already exists"
    assert counts(db) == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"legal_name": ""}, "legal_name"),
        ({"entity_types": []}, "entity_types"),
        ({"entity_types": ["spaceport"]}, "entity_types.0"),
        ({"sites": [{"name": "Head office", "country": "USA"}]}, "sites.0.country"),
        ({"contacts": [{**OFFICER, "email": "not-an-email"}]}, "contacts.0.email"),
        ({"password": "short"}, "password"),
        ({"username": "ab"}, "username"),
        ({"identifiers": {"passport": "X1"}}, "identifiers"),
        ({"contacts": [OFFICER, {**OFFICER, "name": "Bo"}]}, "contacts"),
        ({"username": "has space"}, "username"),
    ],
)
def test_a_bad_sign_up_is_refused_naming_the_field_and_writes_nothing(
    client: TestClient, db: Database, change: dict[str, Any], field: str
) -> None:
    response = client.post("/api/v1/applications", json={**SIGN_UP, **change})

    assert field in problem_fields(response)
    assert counts(db) == (0, 0, 0)


def test_a_missing_field_is_named(client: TestClient, db: Database) -> None:
    body = {k: v for k, v in SIGN_UP.items() if k != "legal_name"}

    assert problem_fields(client.post("/api/v1/applications", json=body)) == ["legal_name"]
    assert counts(db) == (0, 0, 0)


def test_staff_file_an_application_for_a_company(client: TestClient, specialist: dict[str, str]) -> None:
    body = {k: v for k, v in SIGN_UP.items() if k not in ("username", "password")}
    body["entity_types"] = ["Sea carrier"]  # labels are not accepted by the API: values only

    assert "entity_types.0" in problem_fields(client.post("/api/v1/partners", json=body, headers=specialist))
    body["entity_types"] = ["sea_carrier"]
    created = client.post("/api/v1/partners", json=body, headers=specialist)

    assert created.status_code == 201
    assert created.json()["application_problems"] == ["Sea carrier: scac number required"]


def test_a_partner_user_cannot_file_applications_for_others(client: TestClient) -> None:
    client.post("/api/v1/applications", json=SIGN_UP)
    body = {k: v for k, v in SIGN_UP.items() if k not in ("username", "password")}

    response = client.post("/api/v1/partners", json=body, headers=login(client, "harbor"))

    assert response.status_code == 403
    assert "may not partners:apply" in response.json()["detail"]


def test_an_invalid_move_is_refused_with_the_allowed_moves_and_changes_nothing(
    client: TestClient, specialist: dict[str, str], applicant_id: int
) -> None:
    url = f"/api/v1/partners/{applicant_id}"
    before = client.get(url, headers=specialist).json()

    response = client.post(
        f"{url}/transitions", headers=specialist, json={"to": "validated", "reason": "fast"}
    )

    assert response.status_code == 409
    assert response.json() == {
        "error": "invalid_transition",
        "detail": "cannot move from applicant to validated; allowed from here: under_review, withdrawn",
    }
    assert client.get(url, headers=specialist).json() == before


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"to": "approved", "reason": "ok"}, 422, "status"),
        ({"to": "under_review", "reason": "   "}, 422, "reason"),
        ({"to": "under_review"}, 422, "reason"),
        ({"reason": "why"}, 422, "to"),
        ({"to": "", "reason": "why"}, 422, "to"),
    ],
)
def test_a_bad_transition_request_names_the_field_and_changes_nothing(
    client: TestClient,
    specialist: dict[str, str],
    applicant_id: int,
    body: dict[str, str],
    status: int,
    field: str,
) -> None:
    url = f"/api/v1/partners/{applicant_id}"
    before = client.get(url, headers=specialist).json()

    response = client.post(f"{url}/transitions", headers=specialist, json=body)

    assert field in problem_fields(response)
    assert client.get(url, headers=specialist).json() == before


def test_review_of_an_incomplete_application_is_refused_saying_what_is_missing(
    client: TestClient, db: Database, clock: MutableClock, specialist: dict[str, str]
) -> None:
    with db.transaction() as session:
        partner_id = make_partner(
            session, complete=False, entity_types=[EntityType.AIR_CARRIER], clock=clock
        ).id

    response = client.post(
        f"/api/v1/partners/{partner_id}/transitions",
        headers=specialist,
        json={"to": "review", "reason": "go"},
    )

    assert response.status_code == 409
    assert response.json()["detail"] == (
        "the application is not complete: add at least one site; name a primary contact; "
        "Air carrier: iata number required"
    )
    history = client.get(f"/api/v1/partners/{partner_id}/history", headers=specialist).json()
    assert [e["kind"] for e in history] == ["applied"]


def test_reinstating_a_partner_that_is_not_suspended_is_refused(
    client: TestClient, specialist: dict[str, str], applicant_id: int
) -> None:
    response = client.post(
        f"/api/v1/partners/{applicant_id}/transitions",
        headers=specialist,
        json={"to": "reinstated", "reason": "why not"},
    )

    assert response.status_code == 409
    assert response.json()["detail"] == "only a suspended partner can be reinstated; it is applicant"


def test_a_partner_user_may_withdraw_its_company_but_not_reject_it(client: TestClient) -> None:
    partner_id = client.post("/api/v1/applications", json=SIGN_UP).json()["id"]
    own = login(client, "harbor")
    url = f"/api/v1/partners/{partner_id}/transitions"

    client.post(url, headers=own, json={"to": "under_review", "reason": "complete"})
    refused = client.post(url, headers=own, json={"to": "rejected", "reason": "changed our mind"})
    withdrawn = client.post(url, headers=own, json={"to": "withdrawn", "reason": "changed our mind"})

    assert refused.status_code == 403
    assert refused.json()["detail"] == "harbor may not move a partner to rejected: that is a program decision"
    assert withdrawn.status_code == 200
    assert [(e["to_status"], e["actor"]) for e in withdrawn.json()["history"]][-1] == ("withdrawn", "harbor")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"sites": [{"name": "Plant", "country": "X1"}]}, "sites.0.country"),
        ({"contacts": [OFFICER, {**OFFICER, "name": "Bo"}]}, "contacts"),
        ({"identifiers": {"passport": "X1"}}, "identifiers"),
        ({"legal_name": ""}, "legal_name"),
        ({"entity_types": []}, "entity_types"),
    ],
)
def test_a_bad_edit_of_the_company_record_is_refused_and_changes_nothing(
    client: TestClient, specialist: dict[str, str], applicant_id: int, change: dict[str, Any], field: str
) -> None:
    url = f"/api/v1/partners/{applicant_id}"
    before = client.get(url, headers=specialist).json()

    assert field in problem_fields(client.patch(url, headers=specialist, json=change))
    assert client.get(url, headers=specialist).json() == before


def test_an_edit_changes_only_the_parts_given(
    client: TestClient, specialist: dict[str, str], applicant_id: int
) -> None:
    url = f"/api/v1/partners/{applicant_id}"
    before = client.get(url, headers=specialist).json()

    after = client.patch(url, headers=specialist, json={"sites": [{"name": "Plant", "country": "mx"}]}).json()

    assert after["sites"] == [{"name": "Plant", "country": "MX", "kind": "office", "address": ""}]
    assert after["application_problems"] == ["Importer: needs an office in US"]
    assert {k: v for k, v in after.items() if k not in ("sites", "application_problems")} == {
        k: v for k, v in before.items() if k not in ("sites", "application_problems")
    }


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/partners/abc", "partner_id"),
        ("/api/v1/partners?status=approved", "status"),
        ("/api/v1/partners?entity_type=spaceport", "entity_type"),
        ("/api/v1/partners?limit=0", "limit"),
        ("/api/v1/partners?offset=-1", "offset"),
        ("/api/v1/clocks?overdue=perhaps", "overdue"),
    ],
)
def test_bad_query_or_path_values_are_refused_naming_them(
    client: TestClient, specialist: dict[str, str], url: str, field: str
) -> None:
    assert [f.split(".")[-1] for f in problem_fields(client.get(url, headers=specialist))] == [field]


def test_an_unknown_partner_is_not_found(client: TestClient, specialist: dict[str, str]) -> None:
    response = client.get("/api/v1/partners/424242", headers=specialist)

    assert (response.status_code, response.json()["detail"]) == (404, "partner 424242 not found")


def test_the_partner_list_filters_by_status_entity_type_and_name(
    client: TestClient, db: Database, clock: MutableClock, specialist: dict[str, str]
) -> None:
    with db.transaction() as session:
        make_partner(
            session, legal_name="Blue Ocean Lines", entity_types=[EntityType.SEA_CARRIER], clock=clock
        )
        make_partner(session, legal_name="Acme Imports LLC", clock=clock)

    def names(query: str) -> list[str]:
        return [
            p["legal_name"]
            for p in client.get(f"/api/v1/partners?{query}", headers=specialist).json()["items"]
        ]

    assert names("") == ["Acme Imports LLC", "Blue Ocean Lines"]
    assert names("entity_type=sea_carrier") == ["Blue Ocean Lines"]
    assert names("q=ACME") == ["Acme Imports LLC"]
    assert names("status=certified") == []
    assert names("limit=1&offset=1") == ["Blue Ocean Lines"]


def test_the_clocks_list_flags_overdue_decisions(
    client: TestClient, clock: MutableClock, specialist: dict[str, str], applicant_id: int
) -> None:
    assert client.get("/api/v1/clocks?overdue=true", headers=specialist).json() == []
    clock.advance(days=91)

    overdue = client.get("/api/v1/clocks?overdue=true", headers=login(client, "spec")).json()

    assert [(c["partner_id"], c["clock"], c["state"], c["days_left"]) for c in overdue] == [
        (applicant_id, "decision", "overdue", -1)
    ]


class TestAuthentication:
    def test_a_request_without_a_token_is_refused_with_401(
        self, client: TestClient, applicant_id: int
    ) -> None:
        response = client.get(f"/api/v1/partners/{applicant_id}")

        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"

    def test_a_forged_token_is_refused(self, client: TestClient, applicant_id: int) -> None:
        response = client.get(
            f"/api/v1/partners/{applicant_id}", headers={"Authorization": "Bearer abc.def.ghi"}
        )

        assert (response.status_code, response.json()["detail"]) == (401, "invalid token")

    def test_a_token_expires_on_the_application_clock(
        self, client: TestClient, container: Container, clock: MutableClock, specialist: dict[str, str]
    ) -> None:
        assert client.get("/api/v1/auth/me", headers=specialist).status_code == 200
        clock.advance(minutes=container.settings.token_minutes)

        response = client.get("/api/v1/auth/me", headers=specialist)

        assert (response.status_code, response.json()["detail"]) == (401, "session expired: log in again")

    def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(
        self, client: TestClient, specialist: dict[str, str]
    ) -> None:
        wrong = client.post("/api/v1/auth/token", json={"username": "spec", "password": "not-the-password"})
        unknown = client.post("/api/v1/auth/token", json={"username": "nobody", "password": PASSWORD})

        assert wrong.status_code == unknown.status_code == 401
        assert (
            wrong.json()
            == unknown.json()
            == {"error": "not_authenticated", "detail": "wrong username or password"}
        )

    def test_only_admins_list_users(
        self, client: TestClient, db: Database, specialist: dict[str, str]
    ) -> None:
        with db.transaction() as session:
            make_user(session, username="root", role=Role.ADMIN)

        assert client.get("/api/v1/users", headers=specialist).status_code == 403
        listed = client.get("/api/v1/users", headers=login(client, "root"))
        assert [u["username"] for u in listed.json()] == ["root", "spec"]

    @pytest.mark.parametrize(
        ("body", "field"),
        [({"username": "spec"}, "password"), ({"username": "", "password": "x"}, "username")],
    )
    def test_a_malformed_login_names_the_field(
        self, client: TestClient, body: dict[str, str], field: str
    ) -> None:
        assert problem_fields(client.post("/api/v1/auth/token", json=body)) == [field]
