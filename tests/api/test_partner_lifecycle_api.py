"""The whole partner lifecycle through the API: a company signs up, completes its profile, is reviewed and
certified, suspended and reinstated, and can be verified publicly."""

from __future__ import annotations

from fastapi.testclient import TestClient

from greenlane.core.types import EntityType
from greenlane.criteria.catalogue import latest_catalogue
from greenlane.db import Database
from greenlane.identity.domain import Role
from tests.builders import PASSWORD, login, make_user

SIGN_UP = {
    "legal_name": "Harbor Goods Inc",
    "entity_types": ["importer"],
    "identifiers": {"importer_of_record": "12-3456789AB"},
    "sites": [{"name": "Head office", "country": "US"}],
    "contacts": [
        {
            "name": "Ada Officer",
            "email": "ada@harbor.example",
            "title": "CEO",
            "is_officer": True,
            "is_primary": True,
        }
    ],
    "username": "harbor",
    "password": PASSWORD,
}


def _answer_all_musts(client: TestClient, headers: dict[str, str], partner_id: int) -> None:
    for criterion in latest_catalogue().applicable_to([EntityType.IMPORTER]):
        status = "met" if criterion.is_must else "partially"
        response = client.put(
            f"/api/v1/partners/{partner_id}/profile/answers/{criterion.id}",
            headers=headers,
            json={"status": status, "evidence_note": "procedure SP-7, reviewed 2026"},
        )
        assert response.status_code == 200, response.text


def test_a_company_goes_from_sign_up_to_certified_suspended_and_reinstated(
    client: TestClient, db: Database
) -> None:
    created = client.post("/api/v1/applications", json=SIGN_UP)
    assert created.status_code == 201, created.text
    partner_id = created.json()["id"]
    assert created.json()["status"] == "applicant"
    with db.transaction() as session:
        make_user(session, username="spec", role=Role.SECURITY_SPECIALIST)
    partner = login(client, "harbor")
    specialist = login(client, "spec")

    moved = client.post(
        f"/api/v1/partners/{partner_id}/transitions",
        headers=partner,
        json={"to": "under_review", "reason": "application complete"},
    )
    assert moved.status_code == 200, moved.text
    refused = client.post(
        f"/api/v1/partners/{partner_id}/transitions",
        headers=specialist,
        json={"to": "certified", "reason": "looks fine"},
    )
    assert refused.status_code == 409
    assert "unmet 'must' criteria" in refused.json()["detail"]

    _answer_all_musts(client, partner, partner_id)
    certified = client.post(
        f"/api/v1/partners/{partner_id}/transitions",
        headers=specialist,
        json={"to": "certified", "reason": "profile reviewed"},
    )
    assert certified.status_code == 200, certified.text
    verification_id = certified.json()["verification_id"]
    assert certified.json()["tier"] == "tier_1"

    public = client.get(f"/api/v1/public/status/{verification_id}")
    assert public.status_code == 200
    assert set(public.json()) == {"verification_id", "legal_name", "entity_types", "tier", "status"}

    suspended = client.post(
        f"/api/v1/partners/{partner_id}/transitions",
        headers=specialist,
        json={"to": "suspended", "reason": "seal breach found at exam"},
    )
    assert suspended.json()["suspension_response_due"] is not None
    reinstated = client.post(
        f"/api/v1/partners/{partner_id}/transitions",
        headers=specialist,
        json={"to": "reinstated", "reason": "corrective action accepted"},
    )
    assert reinstated.json()["status"] == "certified"
    kinds = [e["kind"] for e in reinstated.json()["history"]]
    assert kinds == ["applied", "transition", "transition", "transition", "reinstated"]


def test_a_partner_user_cannot_certify_its_own_company(client: TestClient) -> None:
    partner_id = client.post("/api/v1/applications", json=SIGN_UP).json()["id"]
    partner = login(client, "harbor")
    client.post(
        f"/api/v1/partners/{partner_id}/transitions",
        headers=partner,
        json={"to": "under_review", "reason": "complete"},
    )
    response = client.post(
        f"/api/v1/partners/{partner_id}/transitions",
        headers=partner,
        json={"to": "certified", "reason": "trust us"},
    )
    assert response.status_code == 403
