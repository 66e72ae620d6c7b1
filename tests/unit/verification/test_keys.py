"""The issuer key: created once with owner-only permissions, refused when others can read it, and exported
as PEM or raw base64 with a fingerprint that checkers can pin."""

from __future__ import annotations

import base64
import hashlib
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from greenlane.core.errors import NotFound, ValidationFailed
from greenlane.verification.credentials import (
    generate_issuer_key,
    key_fingerprint,
    load_issuer_key,
    load_public_key,
    normalise_fingerprint,
    private_key_pem,
    public_key_base64,
    public_key_pem,
    public_key_raw,
)


def test_a_missing_key_is_created_readable_by_its_owner_only_and_then_reused(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "issuer.pem"
    created = load_issuer_key(path, create=True)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    again = load_issuer_key(path, create=True)
    assert public_key_raw(again) == public_key_raw(created)


def test_a_missing_key_is_not_invented_unless_asked(tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="does not exist"):
        load_issuer_key(tmp_path / "issuer.pem")
    assert not (tmp_path / "issuer.pem").exists()


def test_a_key_file_others_can_read_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "issuer.pem"
    path.write_bytes(private_key_pem(generate_issuer_key()))
    path.chmod(0o644)
    with pytest.raises(ValidationFailed, match="chmod 600"):
        load_issuer_key(path)
    path.chmod(0o600)
    load_issuer_key(path)


@pytest.mark.parametrize(
    "content",
    [
        b"not a key",
        ec.generate_private_key(ec.SECP256R1()).private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ),
    ],
    ids=["garbage", "an EC key"],
)
def test_a_file_that_is_not_an_ed25519_private_key_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "issuer.pem"
    path.write_bytes(content)
    path.chmod(0o600)
    with pytest.raises(ValidationFailed, match="issuer key file"):
        load_issuer_key(path)


def test_the_public_key_round_trips_through_pem_and_base64() -> None:
    key = generate_issuer_key()
    from_pem = load_public_key(public_key_pem(key))
    from_base64 = load_public_key(public_key_base64(key).encode())
    assert public_key_raw(from_pem) == public_key_raw(from_base64) == public_key_raw(key)
    assert len(base64.b64decode(public_key_base64(key))) == 32


def test_the_fingerprint_is_the_sha256_of_the_raw_public_key_however_it_is_written() -> None:
    key = generate_issuer_key()
    fingerprint = key_fingerprint(key)
    assert fingerprint == hashlib.sha256(public_key_raw(key)).hexdigest()
    assert key_fingerprint(key.public_key()) == fingerprint
    assert normalise_fingerprint(" SHA256:" + fingerprint.upper()) == fingerprint


@pytest.mark.parametrize(
    "text", ["", "bm90IGEga2V5", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"]
)
def test_text_that_is_not_an_ed25519_public_key_is_refused(text: str) -> None:
    with pytest.raises(ValidationFailed) as raised:
        load_public_key(text)
    assert raised.value.field == "public_key"


def test_a_public_key_of_another_algorithm_is_refused() -> None:
    pem = (
        ec.generate_private_key(ec.SECP256R1())
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    with pytest.raises(ValidationFailed, match="not an Ed25519 key"):
        load_public_key(pem)
