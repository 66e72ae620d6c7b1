"""The server-rendered pages: each main page renders for the roles it is meant for (login, home, partner list,
partner page, profile, clocks, verify, apply), forms re-render or redirect with a clear message on bad input
and write nothing, a page without a session sends the browser to the login page, and a partner user gets the
not-found page for another company."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from greenlane.core.types import EntityType
from greenlane.criteria.catalogue import latest_catalogue
from greenlane.db import Database
from greenlane.identity.domain import Role
from greenlane.identity.http import COOKIE_NAME
from greenlane.identity.tables import UserRow
from greenlane.partners.tables import PartnerRow
from tests.builders import PASSWORD, MutableClock, make_partner, make_user
from tests.integration.partners.support import certified_partner, cheap_password_hashing

pytestmark = [pytest.mark.db, pytest.mark.usefixtures(cheap_password_hashing.__name__)]
MUST = next(c for c in latest_catalogue().applicable_to([EntityType.IMPORTER]) if c.is_must)
APPLY_FORM: dict[str, Any] = {
    "legal_name": "Harbor Goods Inc",
    "entity_types": ["importer"],
    "country": "US",
    "identifier_kind": "importer_of_record",
    "identifier_value": "12-3456789AB",
    "contact_name": "Ada Officer",
    "contact_email": "ada@harbor.example",
    "contact_title": "CEO",
    "username": "harbor",
    "password": PASSWORD,
}


class Program:
    """A certified member, an applicant, a partner user of each, and a specialist."""

    def __init__(self, db: Database, clock: MutableClock) -> None:
        with db.transaction() as session:
            member = certified_partner(session, clock, legal_name="Harbor Goods Inc")
            applicant = make_partner(session, legal_name="Fresh Applicant", clock=clock)
            assert member.id is not None and applicant.id is not None and member.verification_id
            self.member, self.applicant, self.verification_id = (
                member.id,
                applicant.id,
                member.verification_id,
            )
            make_user(session, username="harbor", role=Role.PARTNER_USER, partner_id=member.id)
            make_user(session, username="fresh", role=Role.PARTNER_USER, partner_id=applicant.id)
            make_user(session, username="spec", role=Role.SECURITY_SPECIALIST)


@pytest.fixture
def program(db: Database, clock: MutableClock) -> Program:
    return Program(db, clock)


def log_in(client: TestClient, username: str) -> None:
    response = client.post(
        "/login", data={"username": username, "password": PASSWORD}, follow_redirects=False
    )
    assert response.status_code == 303, response.text
    assert COOKIE_NAME in response.cookies


def counts(db: Database) -> tuple[int, int]:
    with db.transaction() as session:
        return (
            session.scalar(select(func.count()).select_from(PartnerRow)) or 0,
            session.scalar(select(func.count()).select_from(UserRow)) or 0,
        )


def test_the_login_page_renders_a_form(client: TestClient) -> None:
    page = client.get("/login?next=/clocks")

    assert page.status_code == 200
    assert 'name="username"' in page.text and 'name="password"' in page.text
    assert 'name="next" value="/clocks"' in page.text


def test_logging_in_sends_the_user_where_it_was_going_and_never_off_site(
    client: TestClient, program: Program
) -> None:
    local = client.post(
        "/login", data={"username": "spec", "password": PASSWORD, "next": "/clocks"}, follow_redirects=False
    )
    foreign = client.post(
        "/login",
        data={"username": "spec", "password": PASSWORD, "next": "//evil.example"},
        follow_redirects=False,
    )

    backslashed = client.post(
        "/login",
        data={"username": "spec", "password": PASSWORD, "next": "/\\evil.example"},
        follow_redirects=False,
    )

    assert (local.status_code, local.headers["location"]) == (303, "/clocks")
    assert foreign.headers["location"] == "/"
    assert backslashed.headers["location"] == "/"  # browsers read /\ as //
    assert "httponly" in local.headers["set-cookie"].lower()


def test_a_wrong_password_re_renders_the_login_page_with_the_error(
    client: TestClient, program: Program
) -> None:
    page = client.post("/login", data={"username": "spec", "password": "nope-nope"}, follow_redirects=False)

    assert page.status_code == 401
    assert "wrong username or password" in page.text
    assert COOKIE_NAME not in page.cookies


@pytest.mark.parametrize(
    "path", ["/partners", "/partners/1", "/partners/1/profile", "/clocks", "/weak-links"]
)
def test_a_page_without_a_session_redirects_to_the_login_page(client: TestClient, path: str) -> None:
    response = client.get(path, follow_redirects=False)

    assert (response.status_code, response.headers["location"]) == (303, f"/login?next={path}")


def test_an_expired_session_redirects_to_the_login_page(
    client: TestClient, clock: MutableClock, program: Program
) -> None:
    log_in(client, "spec")
    clock.advance(days=2)

    response = client.get("/partners", follow_redirects=False)

    assert (response.status_code, response.headers["location"]) == (303, "/login?next=/partners")


def test_the_public_home_page_offers_to_apply_verify_and_log_in(client: TestClient) -> None:
    page = client.get("/")

    assert page.status_code == 200
    assert 'href="/apply"' in page.text and 'href="/verify"' in page.text and 'href="/login"' in page.text


def test_staff_see_the_program_overview_with_overdue_clocks(
    client: TestClient, clock: MutableClock, program: Program
) -> None:
    clock.advance(days=91)  # the applicant's decision is now overdue
    log_in(client, "spec")

    page = client.get("/")

    assert page.status_code == 200
    assert "Program overview" in page.text
    assert "Fresh Applicant" in page.text and "1 days late" in page.text


def test_logging_out_ends_the_session(client: TestClient, program: Program) -> None:
    log_in(client, "spec")

    out = client.post("/logout", follow_redirects=False)

    assert out.headers["location"].startswith("/login?ok=")
    client.cookies.clear()
    assert client.get("/partners", follow_redirects=False).status_code == 303


def test_staff_see_the_partner_list_and_can_filter_it(client: TestClient, program: Program) -> None:
    log_in(client, "spec")

    every = client.get("/partners")
    members = client.get("/partners?status=certified")
    bad = client.get("/partners?status=approved")
    bad_type = client.get("/partners?entity_type=spaceport")

    assert every.status_code == 200 and "Harbor Goods Inc" in every.text and "Fresh Applicant" in every.text
    assert "Harbor Goods Inc" in members.text and "Fresh Applicant" not in members.text
    assert bad.status_code == 422 and "unknown status" in bad.text
    assert bad_type.status_code == 422 and "unknown entity type" in bad_type.text


def test_the_partner_page_shows_record_status_and_the_moves_staff_may_make(
    client: TestClient, program: Program
) -> None:
    log_in(client, "spec")

    page = client.get(f"/partners/{program.applicant}")

    assert page.status_code == 200
    assert "Fresh Applicant" in page.text
    assert f'action="/partners/{program.applicant}/transition"' in page.text
    assert "under_review" in page.text


def test_a_partner_user_sees_its_own_page_and_gets_not_found_for_another(
    client: TestClient, program: Program
) -> None:
    log_in(client, "harbor")

    own = client.get(f"/partners/{program.member}")
    other = client.get(f"/partners/{program.applicant}")
    other_profile = client.get(f"/partners/{program.applicant}/profile")

    assert own.status_code == 200 and "Harbor Goods Inc" in own.text and program.verification_id in own.text
    assert other.status_code == 404 and "Fresh Applicant" not in other.text
    assert other_profile.status_code == 404 and "Fresh Applicant" not in other_profile.text


def test_a_move_from_the_partner_page_redirects_with_the_outcome(
    client: TestClient, program: Program
) -> None:
    log_in(client, "spec")
    url = f"/partners/{program.applicant}/transition"

    refused = client.post(url, data={"to": "certified", "reason": "fast"}, follow_redirects=False)
    moved = client.post(url, data={"to": "under_review", "reason": "complete"}, follow_redirects=False)

    assert refused.headers["location"].startswith(f"/partners/{program.applicant}?error=cannot%20move")
    assert moved.headers["location"] == f"/partners/{program.applicant}?ok=Moved%20to%20under%20review."
    page = client.get(moved.headers["location"])
    assert "Moved to under review." in page.text


def test_the_profile_page_lists_the_criteria_and_answers_in_place(
    client: TestClient, program: Program
) -> None:
    log_in(client, "fresh")
    url = f"/partners/{program.applicant}/profile"

    page = client.get(url)
    row = client.post(
        f"{url}/answers/{MUST.id}",
        data={"status": "met", "evidence_note": "SOP 1"},
        headers={"HX-Request": "true"},
    )
    bad = client.post(f"{url}/answers/{MUST.id}", data={"status": "mostly"}, headers={"HX-Request": "true"})

    assert page.status_code == 200 and MUST.id in page.text
    assert row.status_code == 200 and MUST.id in row.text and "SOP 1" in row.text
    assert bad.status_code == 200 and "unknown status &#39;mostly&#39;" in bad.text
    assert "SOP 1" in bad.text  # the stored answer is still shown


def test_submitting_an_incomplete_profile_from_the_page_redirects_with_the_reason(
    client: TestClient, program: Program
) -> None:
    log_in(client, "fresh")

    response = client.post(f"/partners/{program.applicant}/profile/submit", follow_redirects=False)

    assert "error=field%20answers" in response.headers["location"]


def test_staff_see_the_clocks_page_and_partner_users_do_not(
    client: TestClient, clock: MutableClock, program: Program
) -> None:
    clock.advance(days=91)
    log_in(client, "spec")
    overdue = client.get("/clocks?overdue=true")
    client.cookies.clear()
    log_in(client, "harbor")

    assert (
        overdue.status_code == 200
        and "Fresh Applicant" in overdue.text
        and "Harbor Goods Inc" not in overdue.text
    )
    assert client.get("/clocks").status_code == 403


def test_the_verify_page_needs_no_login_and_shows_the_public_status(
    client: TestClient, program: Program
) -> None:
    empty = client.get("/verify")
    found = client.get(f"/verify?id={program.verification_id}")
    unknown = client.get("/verify?id=GL-NOPE")

    assert empty.status_code == 200
    assert found.status_code == 200 and "Harbor Goods Inc" in found.text and "tier" in found.text.lower()
    assert "No certified partner has the verification id GL-NOPE." in unknown.text


def test_the_verify_page_is_rate_limited_like_the_api(client: TestClient, program: Program) -> None:
    answers = [client.get(f"/verify?id={program.verification_id}").status_code for _ in range(6)]

    assert answers == [200] * 5 + [429]


def test_a_member_downloads_its_credential_from_its_page(client: TestClient, program: Program) -> None:
    log_in(client, "harbor")

    response = client.post(f"/partners/{program.member}/credential")

    assert response.status_code == 200
    assert (
        response.headers["content-disposition"]
        == f'attachment; filename="{program.verification_id}-status.json"'
    )
    assert '"legal_name": "Harbor Goods Inc"' in response.text


def test_an_applicant_asking_for_a_credential_is_sent_back_with_the_reason(
    client: TestClient, program: Program
) -> None:
    log_in(client, "fresh")

    response = client.post(f"/partners/{program.applicant}/credential", follow_redirects=False)

    assert response.headers["location"].startswith(f"/partners/{program.applicant}?error=only%20members")


def test_the_apply_form_renders_for_anyone(client: TestClient) -> None:
    page = client.get("/apply")

    assert page.status_code == 200
    assert 'name="legal_name"' in page.text and 'value="foreign_manufacturer"' in page.text


def test_applying_creates_the_company_and_its_account(client: TestClient, db: Database) -> None:
    response = client.post("/apply", data=APPLY_FORM, follow_redirects=False)

    assert response.status_code == 303 and response.headers["location"].startswith("/login?ok=Application")
    assert counts(db) == (1, 1)
    log_in(client, "harbor")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"entity_types": []}, "enrol as at least one entity type"),
        ({"entity_types": ["spaceport"]}, "unknown entity type &#39;spaceport&#39;"),
        ({"country": "USA"}, "ISO 3166 two-letter code required"),
        ({"contact_email": "nobody"}, "name and a valid email required"),
        ({"password": "short"}, "must be at least 8 characters"),
        ({"legal_name": " "}, "1-200 characters required"),
    ],
)
def test_a_bad_application_re_renders_the_form_with_the_error_and_writes_nothing(
    client: TestClient, db: Database, change: dict[str, Any], message: str
) -> None:
    page = client.post("/apply", data={**APPLY_FORM, **change})

    assert page.status_code == 422
    assert message in page.text
    assert 'value="ada@harbor.example"' in page.text or change.get(
        "contact_email"
    )  # the form keeps its values
    assert PASSWORD not in page.text
    assert counts(db) == (0, 0)


def test_applying_with_a_taken_username_creates_no_company(
    client: TestClient, db: Database, program: Program
) -> None:
    before = counts(db)

    page = client.post("/apply", data={**APPLY_FORM, "legal_name": "Copycat Co"})

    assert page.status_code == 422 and "user &#39;harbor&#39; already exists" in page.text
    assert counts(db) == before
