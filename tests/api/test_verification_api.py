"""Status verification through the API: the public lookup shows only name, entity types, tier and status and
is rate-limited; members download a signed credential that anyone checks offline with the issuer's public key,
and that check fails once the file is tampered with, has expired or was revoked (by hand, or because the
partner was suspended) as the published revocation list says."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from fastapi.testclient import TestClient

from greenlane.bootstrap import Container
from greenlane.core.types import EntityType
from greenlane.db import Database
from greenlane.identity.domain import Role
from greenlane.verification.credentials import check_credential, check_revocation_list, load_public_key
from greenlane.verification.domain import RevocationList
from tests.builders import MutableClock, login, make_partner, make_user
from tests.integration.partners.support import certified_partner, cheap_password_hashing

pytestmark = [pytest.mark.db, pytest.mark.usefixtures(cheap_password_hashing.__name__)]
PUBLIC_FIELDS = {"verification_id", "legal_name", "entity_types", "tier", "status"}


class Program:
    def __init__(self, client: TestClient, db: Database, clock: MutableClock) -> None:
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
            make_user(session, username="ana", role=Role.ANALYST)
        self.client = client
        self.clock = clock
        self._key: Ed25519PublicKey | None = None

    def issuer_key(self) -> Ed25519PublicKey:
        """Fetched once: every public call counts against the rate limit."""
        if self._key is None:
            self._key = load_public_key(self.client.get("/api/v1/public/issuer-key").json()["public_key_pem"])
        return self._key

    def headers(self, username: str) -> dict[str, str]:
        return login(self.client, username)

    def download(self, username: str = "harbor") -> str:
        response = self.client.post(
            f"/api/v1/partners/{self.member}/credentials", headers=self.headers(username)
        )
        assert response.status_code == 201, response.text
        return response.text

    def check(
        self, document: str, *, at_days: float = 0, revoked: RevocationList | None = None
    ) -> tuple[bool, str]:
        now = self.clock() + timedelta(days=at_days)
        result = check_credential(
            document, now=now, public_key=self.issuer_key(), revoked=revoked or frozenset()
        )
        return result.valid, result.reason

    def revocations(self) -> RevocationList:
        response = self.client.get("/api/v1/public/revocations")
        assert response.status_code == 200
        checked = check_revocation_list(response.text, now=self.clock(), public_key=self.issuer_key())
        assert checked.valid and checked.revocation_list is not None, checked.reason
        return checked.revocation_list


@pytest.fixture
def program(client: TestClient, db: Database, clock: MutableClock) -> Program:
    return Program(client, db, clock)


def credential_id(document: str) -> str:
    value: str = json.loads(document)["claims"]["credential_id"]
    return value


def test_the_public_lookup_needs_no_login_and_shows_only_name_entity_types_tier_and_status(
    client: TestClient, program: Program
) -> None:
    response = client.get(f"/api/v1/public/status/{program.verification_id.lower()}")

    assert response.status_code == 200
    assert response.json() == {
        "verification_id": program.verification_id,
        "legal_name": "Harbor Goods Inc",
        "entity_types": ["importer"],
        "tier": "tier_1",
        "status": "certified",
    }
    assert set(response.json()) == PUBLIC_FIELDS


@pytest.mark.parametrize("verification_id", ["GL-UNKNOWN000", "nothing"])
def test_an_unknown_verification_id_is_not_found(
    client: TestClient, program: Program, verification_id: str
) -> None:
    response = client.get(f"/api/v1/public/status/{verification_id}")

    assert (response.status_code, response.json()["detail"]) == (
        404,
        f"no partner with verification id {verification_id}",
    )


def test_a_too_short_verification_id_is_refused_as_bad_input(client: TestClient) -> None:
    assert client.get("/api/v1/public/status/GL").status_code == 422


def test_the_public_lookup_is_refused_with_429_after_the_allowance(
    client: TestClient, container: Container, program: Program
) -> None:
    allowance = container.settings.public_lookup_per_minute
    assert allowance == 5
    url = f"/api/v1/public/status/{program.verification_id}"

    answers = [client.get(url).status_code for _ in range(allowance + 2)]

    assert answers == [200] * allowance + [429, 429]
    assert client.get(url).json()["detail"].startswith("too many lookups: try again in")


def test_a_suspended_partner_is_shown_as_suspended_without_a_tier(
    client: TestClient, program: Program
) -> None:
    client.post(
        f"/api/v1/partners/{program.member}/transitions",
        headers=program.headers("spec"),
        json={"to": "suspended", "reason": "seal breach"},
    )

    shown = client.get(f"/api/v1/public/status/{program.verification_id}").json()

    assert (shown["status"], shown["tier"]) == ("suspended", "none")


def test_only_members_get_a_credential(client: TestClient, program: Program) -> None:
    response = client.post(
        f"/api/v1/partners/{program.applicant}/credentials", headers=program.headers("fresh")
    )

    assert response.status_code == 409
    assert response.json()["detail"] == "only members get a status credential; this partner is applicant"
    assert (
        client.get(
            f"/api/v1/partners/{program.applicant}/credentials", headers=program.headers("spec")
        ).json()
        == []
    )


def test_analysts_may_not_download_credentials(client: TestClient, program: Program) -> None:
    response = client.post(f"/api/v1/partners/{program.member}/credentials", headers=program.headers("ana"))

    assert response.status_code == 403


def test_a_downloaded_credential_checks_valid_offline_with_the_issuer_key(
    client: TestClient, program: Program
) -> None:
    response = client.post(
        f"/api/v1/partners/{program.member}/credentials", headers=program.headers("harbor")
    )

    assert response.status_code == 201
    assert (
        response.headers["content-disposition"]
        == f'attachment; filename="{program.verification_id}-status.json"'
    )
    assert program.check(response.text) == (True, "valid")
    subject = json.loads(response.text)["claims"]["subject"]
    assert subject == {
        "verification_id": program.verification_id,
        "legal_name": "Harbor Goods Inc",
        "entity_types": [EntityType.IMPORTER.value],
        "tier": "tier_1",
        "status": "certified",
    }
    issued = client.get(
        f"/api/v1/partners/{program.member}/credentials", headers=program.headers("harbor")
    ).json()
    assert [(c["credential_id"], c["issued_by"], c["revoked_at"]) for c in issued] == [
        (credential_id(response.text), "harbor", None)
    ]


@pytest.mark.parametrize(
    ("field", "value"),
    [("legal_name", "Harbor Goods Incorporated"), ("tier", "tier_3"), ("status", "validated")],
)
def test_a_tampered_credential_is_invalid(program: Program, field: str, value: str) -> None:
    document = json.loads(program.download())
    document["claims"]["subject"][field] = value

    assert program.check(json.dumps(document)) == (False, "tampered: signature does not match")


def test_a_credential_is_invalid_once_it_has_expired(container: Container, program: Program) -> None:
    document = program.download()
    days = container.settings.credential_days

    assert program.check(document, at_days=days - 0.001)[0] is True
    valid, reason = program.check(document, at_days=days)
    assert not valid and reason.startswith("expired on ")


def test_a_revoked_credential_is_invalid_against_the_published_revocation_list(
    client: TestClient, program: Program
) -> None:
    document = program.download()
    cid = credential_id(document)
    program.clock.advance(hours=2)

    revoked = client.post(
        f"/api/v1/credentials/{cid}/revoke", headers=program.headers("spec"), json={"reason": "lost"}
    )
    listing = program.revocations()

    assert revoked.status_code == 200 and revoked.json()["revocation_reason"] == "lost"
    assert listing.revoked() == {cid: program.clock()}
    valid, reason = program.check(document, revoked=listing)
    assert not valid and reason.startswith("revoked on ")


def test_a_suspended_partners_credential_appears_in_the_next_revocation_list(
    client: TestClient, program: Program
) -> None:
    document = program.download()
    assert program.revocations().revoked() == {}
    program.clock.advance(days=30)
    suspended_at = program.clock()
    client.post(
        f"/api/v1/partners/{program.member}/transitions",
        headers=program.headers("spec"),
        json={"to": "suspended", "reason": "seal breach"},
    )
    program.clock.advance(days=1)

    listing = program.revocations()

    assert listing.revoked() == {credential_id(document): suspended_at}
    assert program.check(document, revoked=listing)[0] is False


@pytest.mark.parametrize(
    ("username", "body", "status"),
    [("harbor", {"reason": "mine"}, 403), ("spec", {"reason": "  "}, 422), ("spec", {}, 422)],
)
def test_a_revocation_refused_changes_nothing(
    client: TestClient, program: Program, username: str, body: dict[str, Any], status: int
) -> None:
    cid = credential_id(program.download())

    response = client.post(f"/api/v1/credentials/{cid}/revoke", headers=program.headers(username), json=body)

    assert response.status_code == status
    assert program.revocations().revoked() == {}


def test_revoking_twice_or_an_unknown_credential_is_refused(client: TestClient, program: Program) -> None:
    cid = credential_id(program.download())
    spec = program.headers("spec")
    client.post(f"/api/v1/credentials/{cid}/revoke", headers=spec, json={"reason": "lost"})

    again = client.post(f"/api/v1/credentials/{cid}/revoke", headers=spec, json={"reason": "lost again"})
    unknown = client.post("/api/v1/credentials/GLC-NOPE/revoke", headers=spec, json={"reason": "x"})

    assert (again.status_code, again.json()["detail"]) == (
        409,
        f"credential {cid} was already revoked on 2026-01-05",
    )
    assert (unknown.status_code, unknown.json()["detail"]) == (404, "credential GLC-NOPE not found")
