"""The signed revocation list an offline checker downloads: it counts only when its signature holds under a
trusted key, it says when it goes stale, and a credential on it is refused."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from greenlane.core.errors import ValidationFailed
from greenlane.core.types import EntityType, Tier
from greenlane.verification.credentials import (
    TAMPERED,
    UNKNOWN_KEY,
    check_credential,
    check_revocation_list,
    issue_credential,
    issue_revocation_list,
    key_fingerprint,
)
from greenlane.verification.domain import Revocation

KEY = Ed25519PrivateKey.generate()
ISSUED = datetime(2026, 9, 1, tzinfo=UTC)
NEXT = ISSUED + timedelta(days=1)
NOW = ISSUED + timedelta(hours=3)
REVOKED = {
    "cred-0007": datetime(2026, 8, 20, 10, 0, tzinfo=UTC),
    "cred-0003": datetime(2026, 7, 2, tzinfo=UTC),
}


def publish(key: Ed25519PrivateKey = KEY, **overrides: Any) -> str:
    fields: dict[str, Any] = {
        "issuer_name": "greenlane",
        "issued_at": ISSUED,
        "next_update": NEXT,
        "revoked": REVOKED,
    }
    fields.update(overrides)
    return issue_revocation_list(key, **fields)


def test_a_published_list_checks_valid_and_lists_every_revocation_with_its_date() -> None:
    result = check_revocation_list(publish(), now=NOW, public_key=KEY.public_key())
    assert (result.valid, result.reason) == (True, "valid")
    assert result.revocation_list is not None
    assert result.revocation_list.revoked() == REVOKED
    ids = [entry["credential_id"] for entry in json.loads(publish())["claims"]["revoked"]]
    assert ids == sorted(ids)


def test_an_empty_list_is_valid() -> None:
    result = check_revocation_list(publish(revoked={}), now=NOW, public_key=KEY.public_key())
    assert result.valid
    assert result.revocation_list is not None and result.revocation_list.revocations == ()


def test_the_list_can_be_trusted_through_the_key_fingerprint() -> None:
    result = check_revocation_list(publish(), now=NOW, trusted_fingerprints=[key_fingerprint(KEY)])
    assert result.valid


@pytest.mark.parametrize(
    "change",
    [
        lambda c: c["revoked"].pop(0),  # quietly un-revoking a credential
        lambda c: c["revoked"][0].update(revoked_at="2026-12-01T00:00:00Z"),
        lambda c: c.update(next_update="2030-01-01T00:00:00Z"),  # keeping an old list alive
        lambda c: c.update(issued_at="2026-09-02T00:00:00Z"),
    ],
    ids=["entry removed", "date moved", "next update pushed", "issue date moved"],
)
def test_a_tampered_list_is_refused(change: Any) -> None:
    data = json.loads(publish())
    change(data["claims"])
    result = check_revocation_list(json.dumps(data), now=NOW, public_key=KEY.public_key())
    assert (result.valid, result.reason, result.revocation_list) == (False, TAMPERED, None)


def test_a_list_signed_by_another_key_is_refused() -> None:
    result = check_revocation_list(
        publish(Ed25519PrivateKey.generate()), now=NOW, public_key=KEY.public_key()
    )
    assert (result.valid, result.reason) == (False, UNKNOWN_KEY)


def test_a_list_past_its_next_update_is_stale_but_still_readable() -> None:
    result = check_revocation_list(publish(), now=NEXT, public_key=KEY.public_key())
    assert (result.valid, result.reason) == (False, "stale: a newer list was due on 2026-09-02T00:00:00Z")
    assert result.revocation_list is not None


def test_a_list_from_the_future_is_not_yet_valid() -> None:
    result = check_revocation_list(publish(), now=ISSUED - timedelta(minutes=1), public_key=KEY.public_key())
    assert not result.valid
    assert result.reason.startswith("not yet valid")


def test_a_credential_cannot_pass_as_a_revocation_list_nor_the_reverse() -> None:
    credential = issue_credential(
        KEY,
        credential_id="cred-0001",
        issuer_name="greenlane",
        verification_id="GL-1",
        legal_name="Acme",
        entity_types=[EntityType.IMPORTER],
        tier=Tier.TIER_1,
        status="certified",
        issued_at=ISSUED,
        expires_at=ISSUED + timedelta(days=365),
    )
    as_list = check_revocation_list(credential, now=NOW, public_key=KEY.public_key())
    assert (as_list.valid, as_list.reason) == (
        False,
        "malformed: not a revocation list (type 'greenlane.status_credential')",
    )
    as_credential = check_credential(publish(), now=NOW, public_key=KEY.public_key())
    assert as_credential.reason == "malformed: not a status credential (type 'greenlane.revocation_list')"


def test_a_credential_on_a_checked_list_is_refused_offline() -> None:
    credential = issue_credential(
        KEY,
        credential_id="cred-0007",
        issuer_name="greenlane",
        verification_id="GL-7",
        legal_name="Acme",
        entity_types=[EntityType.SEA_CARRIER],
        tier=Tier.TIER_2,
        status="validated",
        issued_at=ISSUED - timedelta(days=90),
        expires_at=ISSUED + timedelta(days=275),
    )
    listing = check_revocation_list(publish(), now=NOW, public_key=KEY.public_key()).revocation_list
    assert listing is not None
    result = check_credential(credential, now=NOW, public_key=KEY.public_key(), revoked=listing)
    assert (result.valid, result.reason) == (False, "revoked on 2026-08-20T10:00:00Z")
    assert result.claims is not None and result.claims.verification_id == "GL-7"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"next_update": ISSUED}, "next_update"),
        ({"revoked": [Revocation("cred-1", ISSUED), Revocation("cred-1", NOW)]}, "revocations"),
        ({"revoked": {"cred-1": datetime(2026, 8, 1)}}, "revoked_at"),
        ({"revoked": {"": ISSUED}}, "credential_id"),
    ],
    ids=["next update not after issue", "listed twice", "revocation time without zone", "empty id"],
)
def test_a_bad_list_is_not_published(overrides: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationFailed) as raised:
        publish(**overrides)
    assert raised.value.field == field
