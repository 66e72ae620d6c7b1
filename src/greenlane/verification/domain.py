"""What a status credential and a revocation list say, as plain values. A credential tells a business partner,
offline, that a company is a member with a given tier and status until an expiry date; a revocation list tells
it which credentials the program has withdrawn since. Both are claims an issuer signs (see credentials.py);
here they are checked for shape and turned into and out of the JSON objects that get signed, so a document
that parses here means exactly one thing."""

from __future__ import annotations

import base64
import binascii
import json
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from greenlane.core.errors import ValidationFailed
from greenlane.core.types import EntityType, Tier

DOCUMENT_FORMAT = "greenlane-signed/1"
ALGORITHM = "Ed25519"
CREDENTIAL_TYPE = "greenlane.status_credential"
REVOCATION_LIST_TYPE = "greenlane.revocation_list"
_TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


class Malformed(Exception):
    """A document that is not a well-formed credential or list; the message says what is wrong."""


def format_time(moment: datetime) -> str:
    """Whole seconds in UTC with a Z, so each instant has exactly one spelling in signed claims."""
    if moment.tzinfo is None:
        raise ValidationFailed("times in credentials must carry a time zone", field="time")
    return moment.astimezone(UTC).strftime(_TIME_FORMAT)


def parse_time(value: object, name: str) -> datetime:
    if not isinstance(value, str):
        raise Malformed(f"{name} must be a time like 2026-01-01T00:00:00Z")
    try:
        return datetime.strptime(value, _TIME_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        raise Malformed(f"{name} must be a time like 2026-01-01T00:00:00Z, got {value!r}") from None


def clean_text(value: str, name: str) -> str:
    """Signed text must be non-empty and free of control characters: they are invisible to a reader and
    would give one claim several JSON spellings."""
    if not value.strip() or any(unicodedata.category(char) == "Cc" for char in value):
        raise ValidationFailed("must be non-empty text without control characters", field=name)
    return value


def require_aware(moment: datetime, name: str) -> None:
    if moment.tzinfo is None:
        raise ValidationFailed("must carry a time zone", field=name)


def _text(data: Mapping[str, object], name: str) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value:
        raise Malformed(f"{name} must be non-empty text")
    return value


def _list(data: Mapping[str, object], name: str) -> list[object]:
    value = data.get(name)
    if not isinstance(value, list):
        raise Malformed(f"{name} must be a list")
    return value


def _expect_type(data: object, expected: str, what: str) -> None:
    # Checked first so that a list handed in as a credential, or the reverse, is named as such.
    found = data.get("type") if isinstance(data, dict) else None
    if found != expected:
        raise Malformed(f"not {what} (type {found!r})")


def _exact_keys(data: object, keys: set[str], name: str) -> Mapping[str, object]:
    if not isinstance(data, dict):
        raise Malformed(f"{name} must be an object")
    if set(data) != keys:
        raise Malformed(f"{name} must have exactly the fields {', '.join(sorted(keys))}")
    return data


@dataclass(frozen=True, slots=True)
class Issuer:
    """Who signed: a name for people and the key (raw Ed25519, base64) with its id, the key's SHA-256."""

    name: str
    key_id: str
    public_key: str

    def to_json(self) -> dict[str, object]:
        return {"name": self.name, "key_id": self.key_id, "public_key": self.public_key}

    @classmethod
    def from_json(cls, data: object) -> Issuer:
        fields = _exact_keys(data, {"name", "key_id", "public_key"}, "issuer")
        return cls(_text(fields, "name"), _text(fields, "key_id"), _text(fields, "public_key"))


@dataclass(frozen=True, slots=True)
class StatusClaims:
    """What a status credential asserts: the public status of one partner during a validity window."""

    credential_id: str
    issuer: Issuer
    verification_id: str
    legal_name: str
    entity_types: tuple[EntityType, ...]
    tier: Tier
    status: str
    issued_at: datetime
    expires_at: datetime

    def __post_init__(self) -> None:
        for name in ("credential_id", "verification_id", "legal_name", "status"):
            clean_text(getattr(self, name), name)
        if not self.entity_types:
            raise ValidationFailed("a credential names at least one entity type", field="entity_types")
        for name in ("issued_at", "expires_at"):
            require_aware(getattr(self, name), name)
        if self.expires_at <= self.issued_at:
            raise ValidationFailed("a credential must expire after it is issued", field="expires_at")

    def to_json(self) -> dict[str, object]:
        return {
            "type": CREDENTIAL_TYPE,
            "credential_id": self.credential_id,
            "issuer": self.issuer.to_json(),
            "subject": {
                "verification_id": self.verification_id,
                "legal_name": self.legal_name,
                "entity_types": sorted(entity_type.value for entity_type in self.entity_types),
                "tier": self.tier.value,
                "status": self.status,
            },
            "issued_at": format_time(self.issued_at),
            "expires_at": format_time(self.expires_at),
        }

    @classmethod
    def from_json(cls, data: object) -> StatusClaims:
        _expect_type(data, CREDENTIAL_TYPE, "a status credential")
        keys = {"type", "credential_id", "issuer", "subject", "issued_at", "expires_at"}
        claims = _exact_keys(data, keys, "claims")
        subject = _exact_keys(
            claims["subject"], {"verification_id", "legal_name", "entity_types", "tier", "status"}, "subject"
        )
        try:
            entity_types = tuple(EntityType(str(value)) for value in _list(subject, "entity_types"))
            return cls(
                credential_id=_text(claims, "credential_id"),
                issuer=Issuer.from_json(claims["issuer"]),
                verification_id=_text(subject, "verification_id"),
                legal_name=_text(subject, "legal_name"),
                entity_types=entity_types,
                tier=Tier(_text(subject, "tier")),
                status=_text(subject, "status"),
                issued_at=parse_time(claims["issued_at"], "issued_at"),
                expires_at=parse_time(claims["expires_at"], "expires_at"),
            )
        except (ValueError, ValidationFailed) as error:
            raise Malformed(str(error)) from None


@dataclass(frozen=True, slots=True)
class Revocation:
    credential_id: str
    revoked_at: datetime


@dataclass(frozen=True, slots=True)
class RevocationList:
    """The credentials withdrawn as of `issued_at`; checkers should fetch a newer list after `next_update`."""

    issuer: Issuer
    issued_at: datetime
    next_update: datetime
    revocations: tuple[Revocation, ...]

    def __post_init__(self) -> None:
        require_aware(self.issued_at, "issued_at")
        require_aware(self.next_update, "next_update")
        for revocation in self.revocations:
            require_aware(revocation.revoked_at, "revoked_at")
        if self.next_update <= self.issued_at:
            raise ValidationFailed("the next update must come after the list is issued", field="next_update")
        ids = [revocation.credential_id for revocation in self.revocations]
        if len(ids) != len(set(ids)):
            raise ValidationFailed("a credential is listed twice", field="revocations")
        for credential_id in ids:
            clean_text(credential_id, "credential_id")

    def revoked(self) -> dict[str, datetime]:
        """Credential id to revocation time, the form check_credential takes."""
        return {revocation.credential_id: revocation.revoked_at for revocation in self.revocations}

    def to_json(self) -> dict[str, object]:
        ordered = sorted(self.revocations, key=lambda revocation: revocation.credential_id)
        return {
            "type": REVOCATION_LIST_TYPE,
            "issuer": self.issuer.to_json(),
            "issued_at": format_time(self.issued_at),
            "next_update": format_time(self.next_update),
            "revoked": [
                {"credential_id": r.credential_id, "revoked_at": format_time(r.revoked_at)} for r in ordered
            ],
        }

    @classmethod
    def from_json(cls, data: object) -> RevocationList:
        _expect_type(data, REVOCATION_LIST_TYPE, "a revocation list")
        claims = _exact_keys(data, {"type", "issuer", "issued_at", "next_update", "revoked"}, "claims")
        entries = _list(claims, "revoked")
        try:
            return cls(
                issuer=Issuer.from_json(claims["issuer"]),
                issued_at=parse_time(claims["issued_at"], "issued_at"),
                next_update=parse_time(claims["next_update"], "next_update"),
                revocations=tuple(_revocation(entry) for entry in entries),
            )
        except ValidationFailed as error:
            raise Malformed(str(error)) from None


def _revocation(entry: object) -> Revocation:
    fields = _exact_keys(entry, {"credential_id", "revoked_at"}, "revoked entry")
    return Revocation(_text(fields, "credential_id"), parse_time(fields["revoked_at"], "revoked_at"))


# --- the signed file ------------------------------------------------------------------------------------


def canonical_json(value: object) -> bytes:
    """The exact bytes that are signed: sorted keys, no whitespace, UTF-8, so a re-indented file still checks
    while any change of meaning does not."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def write_document(claims: dict[str, object], signature: bytes) -> str:
    """The file a partner downloads, indented for people; the signature covers the canonical claims."""
    value = base64.b64encode(signature).decode("ascii")
    envelope = {
        "format": DOCUMENT_FORMAT,
        "claims": claims,
        "signature": {"algorithm": ALGORITHM, "value": value},
    }
    return json.dumps(envelope, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def _reject_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
    # A repeated key would let a file show a reader one value while the signature covers another.
    found: dict[str, object] = {}
    for key, value in pairs:
        if key in found:
            raise Malformed(f"field {key!r} appears twice")
        found[key] = value
    return found


def _json(document: str | bytes) -> object:
    try:
        text = document.decode("utf-8") if isinstance(document, bytes) else document
        return json.loads(text, object_pairs_hook=_reject_duplicates)
    except UnicodeDecodeError:
        raise Malformed("the file is not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise Malformed(f"not JSON ({error.msg} at line {error.lineno} column {error.colno})") from None


def read_document(document: str | bytes) -> tuple[dict[str, object], bytes, Issuer]:
    """Splits a signed file into its claims, the raw signature and the issuer the claims name, checking only
    the shape; whether to believe the claims is the signature's business."""
    data = _exact_keys(_json(document), {"format", "claims", "signature"}, "document")
    if data["format"] != DOCUMENT_FORMAT:
        raise Malformed(f"unsupported format {data['format']!r}")
    claims, signature = data["claims"], _exact_keys(data["signature"], {"algorithm", "value"}, "signature")
    if not isinstance(claims, dict) or "issuer" not in claims:
        raise Malformed("claims must be an object naming its issuer")
    if signature["algorithm"] != ALGORITHM or not isinstance(signature["value"], str):
        raise Malformed(f"signature must be {ALGORITHM} in base64")
    try:
        raw_signature = base64.b64decode(signature["value"], validate=True)
    except binascii.Error:
        raise Malformed("signature value is not base64") from None
    # Base64 ignores the spare bits of its last character; demanding the one canonical spelling means no two
    # different files carry the same valid signature.
    if base64.b64encode(raw_signature).decode("ascii") != signature["value"]:
        raise Malformed("signature value is not canonical base64")
    return claims, raw_signature, Issuer.from_json(claims["issuer"])


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The verdict on a credential. `claims` is filled whenever the signature was good, so a checker can show
    what an expired or revoked credential said."""

    valid: bool
    reason: str
    claims: StatusClaims | None = None


@dataclass(frozen=True, slots=True)
class RevocationListCheck:
    valid: bool
    reason: str
    revocation_list: RevocationList | None = None
