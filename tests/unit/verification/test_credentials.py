"""Signed status credentials checked offline: a good credential passes, and any tampering, a foreign key,
expiry, a future start, revocation or a broken file is reported with its reason."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
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
    issue_credential,
    key_fingerprint,
    public_key_base64,
)
from greenlane.verification.domain import Issuer, Revocation, RevocationList, canonical_json

ISSUED = datetime(2026, 6, 1, tzinfo=UTC)
EXPIRES = datetime(2027, 6, 1, tzinfo=UTC)
NOW = datetime(2026, 9, 15, 8, 0, tzinfo=UTC)
KEY = Ed25519PrivateKey.generate()
OTHER_KEY = Ed25519PrivateKey.generate()


def issue(key: Ed25519PrivateKey = KEY, **overrides: Any) -> str:
    fields: dict[str, Any] = {
        "credential_id": "cred-0001",
        "issuer_name": "greenlane customs partnership",
        "verification_id": "GL-7Q4K-2M9X",
        "legal_name": "Pacific Rim Importers & Söhne, Inc.",
        "entity_types": [EntityType.IMPORTER, EntityType.CONSOLIDATOR],
        "tier": Tier.TIER_2,
        "status": "validated",
        "issued_at": ISSUED,
        "expires_at": EXPIRES,
    }
    fields.update(overrides)
    return issue_credential(key, **fields)


def check(document: str | bytes, now: datetime = NOW, **kwargs: Any) -> tuple[bool, str]:
    kwargs.setdefault("public_key", KEY.public_key())
    result = check_credential(document, now=now, **kwargs)
    return result.valid, result.reason


def edit(document: str, change: Callable[[dict[str, Any]], object]) -> str:
    data = json.loads(document)
    change(data)
    return json.dumps(data, indent=2, ensure_ascii=False)


def test_a_freshly_issued_credential_is_valid_and_shows_its_claims() -> None:
    result = check_credential(issue(), now=NOW, public_key=KEY.public_key())
    assert (result.valid, result.reason) == (True, "valid")
    assert result.claims is not None
    assert result.claims.legal_name == "Pacific Rim Importers & Söhne, Inc."
    assert result.claims.entity_types == (EntityType.CONSOLIDATOR, EntityType.IMPORTER)
    assert (result.claims.tier, result.claims.status) == (Tier.TIER_2, "validated")
    assert result.claims.expires_at == EXPIRES
    assert result.claims.issuer.key_id == key_fingerprint(KEY)


def test_the_file_holds_the_claims_and_a_detached_signature_over_their_canonical_form() -> None:
    data = json.loads(issue())
    assert set(data) == {"format", "claims", "signature"}
    assert data["claims"]["issuer"]["public_key"] == public_key_base64(KEY)
    signature = base64.b64decode(data["signature"]["value"])
    message = json.dumps(data["claims"], sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    assert message == canonical_json(data["claims"])
    KEY.public_key().verify(signature, message)  # raises if the signature does not cover exactly this


def test_reindenting_or_reordering_the_file_does_not_break_it() -> None:
    data = json.loads(issue())
    reshaped = json.dumps(
        {"signature": data["signature"], "claims": data["claims"], "format": data["format"]}
    )
    assert check(reshaped) == (True, "valid")


def test_the_embedded_key_is_used_only_when_its_fingerprint_is_trusted() -> None:
    document = issue()
    spelled = "SHA256:" + key_fingerprint(KEY).upper()
    assert check(document, public_key=None, trusted_fingerprints=[spelled]) == (True, "valid")
    assert check(document, public_key=None, trusted_fingerprints=[key_fingerprint(OTHER_KEY)]) == (
        False,
        UNKNOWN_KEY,
    )


def test_a_checker_must_be_given_a_key_or_a_fingerprint_to_trust() -> None:
    with pytest.raises(ValueError, match="trusted"):
        check_credential(issue(), now=NOW)


SIGNED_FIELDS: list[tuple[str, Callable[[dict[str, Any]], object]]] = [
    ("credential_id", lambda c: c.update(credential_id="cred-0002")),
    ("issuer name", lambda c: c["issuer"].update(name="Another agency")),
    ("verification_id", lambda c: c["subject"].update(verification_id="GL-7Q4K-2M9Y")),
    ("legal_name", lambda c: c["subject"].update(legal_name="Pacific Rim Importers & Sohne, Inc.")),
    ("entity_types", lambda c: c["subject"]["entity_types"].append("sea_carrier")),
    ("tier", lambda c: c["subject"].update(tier="tier_3")),
    ("status", lambda c: c["subject"].update(status="certified")),
    ("issued_at", lambda c: c.update(issued_at="2026-05-01T00:00:00Z")),
    ("expires_at", lambda c: c.update(expires_at="2030-06-01T00:00:00Z")),
    ("type", lambda c: c.update(type="greenlane.revocation_list")),
    ("embedded public key", lambda c: c["issuer"].update(public_key=public_key_base64(OTHER_KEY))),
]


@pytest.mark.parametrize(
    "change", [case[1] for case in SIGNED_FIELDS], ids=[case[0] for case in SIGNED_FIELDS]
)
def test_changing_any_signed_claim_is_detected_as_tampering(
    change: Callable[[dict[str, Any]], object],
) -> None:
    assert check(edit(issue(), lambda doc: change(doc["claims"]))) == (False, TAMPERED)


def test_changing_the_key_id_points_at_a_key_the_checker_does_not_trust() -> None:
    document = edit(issue(), lambda doc: doc["claims"]["issuer"].update(key_id=key_fingerprint(OTHER_KEY)))
    assert check(document) == (False, UNKNOWN_KEY)


def test_a_changed_signature_is_detected() -> None:
    def flip(doc: dict[str, Any]) -> None:
        raw = bytearray(base64.b64decode(doc["signature"]["value"]))
        raw[10] ^= 0x01
        doc["signature"]["value"] = base64.b64encode(bytes(raw)).decode()

    assert check(edit(issue(), flip)) == (False, TAMPERED)


def test_a_credential_signed_by_another_key_is_refused() -> None:
    forged = issue(OTHER_KEY)
    assert check(forged) == (False, UNKNOWN_KEY)
    assert check(forged, public_key=None, trusted_fingerprints=[key_fingerprint(KEY)]) == (False, UNKNOWN_KEY)


def test_a_forgery_that_borrows_the_real_key_id_and_key_fails_its_signature() -> None:
    def borrow(doc: dict[str, Any]) -> None:
        doc["claims"]["issuer"].update(key_id=key_fingerprint(KEY), public_key=public_key_base64(KEY))

    forged = edit(issue(OTHER_KEY, tier=Tier.TIER_3), borrow)
    assert check(forged) == (False, TAMPERED)
    assert check(forged, public_key=None, trusted_fingerprints=[key_fingerprint(KEY)]) == (False, TAMPERED)


def test_a_credential_is_expired_from_its_expiry_instant_on() -> None:
    assert check(issue(), now=EXPIRES - timedelta(seconds=1)) == (True, "valid")
    assert check(issue(), now=EXPIRES) == (False, "expired on 2027-06-01T00:00:00Z")


def test_a_credential_is_not_valid_before_it_was_issued() -> None:
    valid, reason = check(issue(), now=ISSUED - timedelta(seconds=1))
    assert not valid
    assert reason == "not yet valid: valid from 2026-06-01T00:00:00Z"


def test_a_revoked_credential_is_refused_with_the_revocation_date() -> None:
    revoked_at = datetime(2026, 8, 1, 14, 30, tzinfo=UTC)
    assert check(issue(), revoked={"cred-0001": revoked_at}) == (False, "revoked on 2026-08-01T14:30:00Z")
    assert check(issue(), revoked={"cred-0001"}) == (False, "revoked on an unknown date")
    assert check(issue(), revoked={"cred-0099": revoked_at}) == (True, "valid")


def test_a_revocation_counts_from_its_date_so_a_past_moment_can_still_be_checked() -> None:
    listing = RevocationList(
        issuer=Issuer("greenlane", key_fingerprint(KEY), public_key_base64(KEY)),
        issued_at=NOW,
        next_update=NOW + timedelta(days=1),
        revocations=(Revocation("cred-0001", NOW),),
    )
    assert check(issue(), now=NOW - timedelta(days=1), revoked=listing) == (True, "valid")
    assert check(issue(), now=NOW, revoked=listing)[0] is False


MALFORMED: list[tuple[str, str | bytes, str]] = [
    ("not JSON", "{claims: nope", "not JSON"),
    ("empty", "", "not JSON"),
    ("not UTF-8", b'{"claims": "\xff"}', "not UTF-8"),
    ("a list", "[1, 2]", "document must be an object"),
    ("no signature", json.dumps({"format": "greenlane-signed/1", "claims": {}}), "exactly the fields"),
    ("unknown format", edit(issue(), lambda d: d.update(format="jwt")), "unsupported format"),
    ("signature not base64", edit(issue(), lambda d: d["signature"].update(value="%%%")), "not base64"),
    ("other algorithm", edit(issue(), lambda d: d["signature"].update(algorithm="RS256")), "Ed25519"),
    ("claims without issuer", edit(issue(), lambda d: d["claims"].pop("issuer")), "naming its issuer"),
    ("duplicate field", issue().replace('"format":', '"format": "x", "format":', 1), "appears twice"),
]


@pytest.mark.parametrize(
    ("document", "words"), [case[1:] for case in MALFORMED], ids=[case[0] for case in MALFORMED]
)
def test_a_broken_file_is_reported_as_malformed_with_what_is_wrong(document: str | bytes, words: str) -> None:
    valid, reason = check(document)
    assert not valid
    assert reason.startswith("malformed: ")
    assert words in reason


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"issued_at": datetime(2026, 6, 1)}, "issued_at"),
        ({"expires_at": ISSUED}, "expires_at"),
        ({"legal_name": "  "}, "legal_name"),
        ({"legal_name": "Evil\u0000Corp"}, "legal_name"),
        ({"entity_types": []}, "entity_types"),
        ({"issuer_name": ""}, "issuer_name"),
    ],
)
def test_a_credential_with_bad_claims_is_not_issued(overrides: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationFailed) as raised:
        issue(**overrides)
    assert raised.value.field == field


def test_a_second_spelling_of_the_same_signature_is_refused() -> None:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

    def respell(doc: dict[str, Any]) -> None:
        value = doc["signature"]["value"]
        last = value.rstrip("=")[-1]
        alias = alphabet[alphabet.index(last) ^ 1]  # differs only in bits base64 decoding throws away
        respelled = value[: len(value.rstrip("=")) - 1] + alias + "=="
        assert base64.b64decode(respelled) == base64.b64decode(value)
        doc["signature"]["value"] = respelled

    valid, reason = check(edit(issue(), respell))
    assert (valid, reason) == (False, "malformed: signature value is not canonical base64")
