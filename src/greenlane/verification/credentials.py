"""Signing and checking status credentials and revocation lists with Ed25519, so that a business partner
can confirm a company's status offline and notice any change to the file. The issuer signs a canonical form of
the claims (sorted keys, no whitespace, UTF-8); a checker trusts a key only when it was given that public key
or its fingerprint, never because the file carries a key (docs/decisions/0402-credential-trust-model.md)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from datetime import datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from greenlane.core.errors import NotFound, ValidationFailed
from greenlane.core.types import EntityType, Tier
from greenlane.verification.domain import (
    CheckResult,
    Issuer,
    Malformed,
    Revocation,
    RevocationList,
    RevocationListCheck,
    StatusClaims,
    canonical_json,
    clean_text,
    format_time,
    read_document,
    write_document,
)

TAMPERED = "tampered: signature does not match"
UNKNOWN_KEY = "unknown issuer key"
AnyKey = Ed25519PrivateKey | Ed25519PublicKey
Revoked = Mapping[str, datetime] | AbstractSet[str] | RevocationList

# --- keys ---------------------------------------------------------------------------------------------------


def generate_issuer_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def private_key_pem(key: Ed25519PrivateKey) -> bytes:
    unencrypted = serialization.NoEncryption()
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, unencrypted)


def load_issuer_key(path: Path, *, create: bool = False) -> Ed25519PrivateKey:
    """Reads the issuer's private key; with create, a missing file gets a new key only its owner can read.
    A key file others can read is refused, as ssh does, since anyone holding it can forge credentials."""
    if not path.exists():
        if not create:
            raise NotFound(f"issuer key file {path} does not exist")
        return _create_key_file(path)
    if os.name == "posix" and path.stat().st_mode & 0o077:
        message = f"issuer key file {path} is readable by others; run chmod 600 on it"
        raise ValidationFailed(message, field="issuer_key_file")
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (ValueError, TypeError) as error:
        raise ValidationFailed(f"issuer key file {path} is not an unencrypted PEM key: {error}") from error
    if not isinstance(key, Ed25519PrivateKey):
        raise ValidationFailed(f"issuer key file {path} does not hold an Ed25519 key")
    return key


def _create_key_file(path: Path) -> Ed25519PrivateKey:
    path.parent.mkdir(parents=True, exist_ok=True)
    key = generate_issuer_key()
    try:
        # O_EXCL: if another process created the key meanwhile, use that one rather than overwrite it.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return load_issuer_key(path)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(private_key_pem(key))
    return key


def _public(key: AnyKey) -> Ed25519PublicKey:
    return key.public_key() if isinstance(key, Ed25519PrivateKey) else key


def public_key_pem(key: AnyKey) -> str:
    spki = serialization.PublicFormat.SubjectPublicKeyInfo
    return _public(key).public_bytes(serialization.Encoding.PEM, spki).decode("ascii")


def public_key_raw(key: AnyKey) -> bytes:
    return _public(key).public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_key_base64(key: AnyKey) -> str:
    return base64.b64encode(public_key_raw(key)).decode("ascii")


def key_fingerprint(key: AnyKey) -> str:
    """The key id: lowercase hex SHA-256 of the raw 32-byte public key, derived so it cannot be chosen."""
    return hashlib.sha256(public_key_raw(key)).hexdigest()


def normalise_fingerprint(text: str) -> str:
    """Fingerprints are compared after dropping case, colons and a 'sha256:' prefix, as people copy them."""
    return text.strip().lower().removeprefix("sha256:").replace(":", "")


def load_public_key(data: str | bytes) -> Ed25519PublicKey:
    """Accepts a PEM public key or the raw key in base64, the two forms greenlane publishes."""
    text = data.decode("ascii", "replace") if isinstance(data, bytes) else data
    try:
        if "-----BEGIN" not in text:
            return Ed25519PublicKey.from_public_bytes(base64.b64decode(text.strip(), validate=True))
        key = serialization.load_pem_public_key(text.encode("ascii"))
    except (ValueError, binascii.Error, UnicodeEncodeError) as error:
        raise ValidationFailed(f"not an Ed25519 public key: {error}", field="public_key") from error
    if not isinstance(key, Ed25519PublicKey):
        raise ValidationFailed("the public key is not an Ed25519 key", field="public_key")
    return key


# --- sealing and opening ------------------------------------------------------------------------------------


def _issuer(key: Ed25519PrivateKey, name: str) -> Issuer:
    return Issuer(clean_text(name, "issuer_name"), key_fingerprint(key), public_key_base64(key))


def _seal(key: Ed25519PrivateKey, claims: dict[str, object]) -> str:
    return write_document(claims, key.sign(canonical_json(claims)))


def _trusted_key(
    issuer: Issuer, public_key: Ed25519PublicKey | None, trusted_fingerprints: Iterable[str]
) -> Ed25519PublicKey | None:
    """The key to verify with, or None when the document's key is not one the checker trusts."""
    if public_key is not None:
        return public_key if issuer.key_id == key_fingerprint(public_key) else None
    trusted = {normalise_fingerprint(fingerprint) for fingerprint in trusted_fingerprints}
    if not trusted:
        raise ValueError("give the issuer public key or at least one trusted key fingerprint")
    try:
        embedded = Ed25519PublicKey.from_public_bytes(base64.b64decode(issuer.public_key, validate=True))
    except (ValueError, binascii.Error):
        raise Malformed("the embedded issuer key is not an Ed25519 key") from None
    fingerprint = key_fingerprint(embedded)
    return embedded if fingerprint in trusted and fingerprint == issuer.key_id else None


def _open(
    document: str | bytes, public_key: Ed25519PublicKey | None, trusted_fingerprints: Iterable[str]
) -> tuple[dict[str, object] | None, str]:
    """The verified claims and "valid", or None and the reason they cannot be believed."""
    try:
        claims, signature, issuer = read_document(document)
        key = _trusted_key(issuer, public_key, trusted_fingerprints)
        if key is None:
            return None, UNKNOWN_KEY
        key.verify(signature, canonical_json(claims))
    except Malformed as problem:
        return None, f"malformed: {problem}"
    except InvalidSignature:
        return None, TAMPERED
    except UnicodeEncodeError:  # lone surrogates from \ud800 escapes cannot be canonicalised
        return None, "malformed: text that cannot be encoded as UTF-8"
    return claims, "valid"


# --- status credentials -------------------------------------------------------------------------------------


def issue_credential(
    key: Ed25519PrivateKey,
    *,
    credential_id: str,
    issuer_name: str,
    verification_id: str,
    legal_name: str,
    entity_types: Iterable[EntityType],
    tier: Tier,
    status: str,
    issued_at: datetime,
    expires_at: datetime,
) -> str:
    """A signed credential as JSON text. The key id is the signing key's fingerprint, so a document cannot
    name one key and be signed by another."""
    claims = StatusClaims(
        credential_id=credential_id,
        issuer=_issuer(key, issuer_name),
        verification_id=verification_id,
        legal_name=legal_name,
        entity_types=tuple(sorted(set(entity_types))),
        tier=Tier(tier),
        status=status,
        issued_at=issued_at,
        expires_at=expires_at,
    )
    return _seal(key, claims.to_json())


def check_credential(
    document: str | bytes,
    *,
    now: datetime,
    public_key: Ed25519PublicKey | None = None,
    trusted_fingerprints: Iterable[str] = (),
    revoked: Revoked = frozenset(),
) -> CheckResult:
    """Valid only when the signature is good under a trusted key, it was not revoked by `now` and `now` lies
    in its validity window. `revoked` is a checked RevocationList, ids with revocation times, or bare ids."""
    raw, reason = _open(document, public_key, trusted_fingerprints)
    if raw is None:
        return CheckResult(False, reason)
    try:
        claims = StatusClaims.from_json(raw)
    except Malformed as problem:
        return CheckResult(False, f"malformed: {problem}")
    revoked_on = _revoked_on(claims.credential_id, revoked, now)
    if revoked_on is not None:
        return CheckResult(False, f"revoked on {revoked_on}", claims)
    if now < claims.issued_at:
        return CheckResult(False, f"not yet valid: valid from {format_time(claims.issued_at)}", claims)
    if now >= claims.expires_at:
        return CheckResult(False, f"expired on {format_time(claims.expires_at)}", claims)
    return CheckResult(True, "valid", claims)


def _revoked_on(credential_id: str, revoked: Revoked, now: datetime) -> str | None:
    # A revocation dated after `now` is not yet in force, so checking "as of" a past moment stays truthful.
    if isinstance(revoked, RevocationList):
        revoked = revoked.revoked()
    if isinstance(revoked, Mapping):
        at = revoked.get(credential_id)
        return format_time(at) if at is not None and at <= now else None
    return "an unknown date" if credential_id in revoked else None


# --- revocation lists ---------------------------------------------------------------------------------------


def _revocations(revoked: Mapping[str, datetime] | Iterable[Revocation]) -> tuple[Revocation, ...]:
    if isinstance(revoked, Mapping):
        return tuple(Revocation(credential_id, at) for credential_id, at in revoked.items())
    return tuple(revoked)


def issue_revocation_list(
    key: Ed25519PrivateKey,
    *,
    issuer_name: str,
    issued_at: datetime,
    next_update: datetime,
    revoked: Mapping[str, datetime] | Iterable[Revocation],
) -> str:
    """The signed list of withdrawn credentials; publish a fresh one before `next_update`."""
    listing = RevocationList(_issuer(key, issuer_name), issued_at, next_update, _revocations(revoked))
    return _seal(key, listing.to_json())


def check_revocation_list(
    document: str | bytes,
    *,
    now: datetime,
    public_key: Ed25519PublicKey | None = None,
    trusted_fingerprints: Iterable[str] = (),
) -> RevocationListCheck:
    """A list counts only when signed by a trusted key. A list past its next update is stale: valid is False,
    but its revocations are still returned, because a stale list is better than none."""
    raw, reason = _open(document, public_key, trusted_fingerprints)
    if raw is None:
        return RevocationListCheck(False, reason)
    try:
        listing = RevocationList.from_json(raw)
    except Malformed as problem:
        return RevocationListCheck(False, f"malformed: {problem}")
    if now < listing.issued_at:
        return RevocationListCheck(False, f"not yet valid: issued {format_time(listing.issued_at)}", listing)
    if now >= listing.next_update:
        due = format_time(listing.next_update)
        return RevocationListCheck(False, f"stale: a newer list was due on {due}", listing)
    return RevocationListCheck(True, "valid", listing)
