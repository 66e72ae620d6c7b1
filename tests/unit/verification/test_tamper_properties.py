"""Properties of the signed file, over generated claims: any single-byte change inside the claims is caught,
a change anywhere in the file is caught unless it only touches layout, and layout alone never matters."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from greenlane.core.types import EntityType, Tier
from greenlane.verification.credentials import check_credential, issue_credential
from greenlane.verification.domain import canonical_json

KEY = Ed25519PrivateKey.generate()
NOW = datetime(2026, 10, 1, tzinfo=UTC)

names = st.text(st.characters(exclude_categories=("Cc", "Cs")), min_size=1, max_size=40).filter(str.strip)
credentials = st.builds(
    lambda name, types, tier, days: issue_credential(
        KEY,
        credential_id="cred-42",
        issuer_name="greenlane",
        verification_id="GL-42",
        legal_name=name,
        entity_types=types,
        tier=tier,
        status="certified",
        issued_at=NOW - timedelta(days=days),
        expires_at=NOW + timedelta(days=365 - days),
    ),
    names,
    st.sets(st.sampled_from(list(EntityType)), min_size=1),
    st.sampled_from(list(Tier)),
    st.integers(min_value=0, max_value=300),
)


def check(document: bytes | str) -> bool:
    return check_credential(document, now=NOW, public_key=KEY.public_key()).valid


@settings(max_examples=300, deadline=None)
@given(document=credentials, data=st.data())
def test_any_single_byte_change_in_the_claims_is_detected(document: str, data: st.DataObject) -> None:
    compact = canonical_json(json.loads(document))  # no layout bytes: every byte of the claims is meaningful
    claims = canonical_json(json.loads(document)["claims"])
    start = compact.index(claims)
    assert check(compact)
    position = start + data.draw(st.integers(min_value=0, max_value=len(claims) - 1), label="offset")
    byte = data.draw(
        st.integers(min_value=0, max_value=255).filter(lambda b: b != compact[position]), label="byte"
    )
    changed = compact[:position] + bytes([byte]) + compact[position + 1 :]
    assert not check(changed)


@settings(max_examples=300, deadline=None)
@given(document=credentials, data=st.data())
def test_a_byte_change_anywhere_is_caught_unless_it_only_changes_layout(
    document: str, data: st.DataObject
) -> None:
    raw = document.encode("utf-8")
    position = data.draw(st.integers(min_value=0, max_value=len(raw) - 1), label="position")
    byte = data.draw(
        st.integers(min_value=0, max_value=255).filter(lambda b: b != raw[position]), label="byte"
    )
    changed = raw[:position] + bytes([byte]) + raw[position + 1 :]
    if check(changed):
        assert json.loads(changed) == json.loads(document)


@settings(max_examples=100, deadline=None)
@given(
    document=credentials,
    indent=st.sampled_from([None, 0, 1, 4, "\t"]),
    sort_keys=st.booleans(),
    ensure_ascii=st.booleans(),
)
def test_layout_key_order_and_escaping_never_change_the_verdict(
    document: str, indent: int | str | None, sort_keys: bool, ensure_ascii: bool
) -> None:
    reshaped = json.dumps(json.loads(document), indent=indent, sort_keys=sort_keys, ensure_ascii=ensure_ascii)
    assert check(reshaped)
