"""Status verification: the public lookup by verification id, and signed status credentials that a business
partner checks offline. A credential whose company no longer holds the status it states (suspended,
removed, withdrawn, or moved to another tier) is revoked as of that change the next time the revocation
list is produced, so the list never lags the program by more than one publication."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.orm import Session

from greenlane.core.clock import Clock, utc_now
from greenlane.core.config import Settings
from greenlane.core.errors import Conflict, InvalidTransition, ValidationFailed
from greenlane.identity.domain import SYSTEM, Actor, Permission
from greenlane.partners import service as partners
from greenlane.partners.domain import Partner
from greenlane.verification.credentials import (
    issue_credential,
    issue_revocation_list,
    key_fingerprint,
    load_issuer_key,
    public_key_pem,
)
from greenlane.verification.repository import CredentialRepository
from greenlane.verification.schemas import PublicStatus
from greenlane.verification.tables import IssuedCredentialRow

REVOCATION_LIST_LIFETIME = timedelta(days=1)


def issuer_key(settings: Settings) -> Ed25519PrivateKey:
    """The configured key, created on first use in the data directory when none is configured."""
    return load_issuer_key(Path(settings.resolved_issuer_key_file()), create=True)


def installed_public_key_pem(settings: Settings) -> str | None:
    """This installation's issuer public key, without creating a key when there is none."""
    path = Path(settings.resolved_issuer_key_file())
    return public_key_pem(load_issuer_key(path)) if path.exists() else None


@dataclass(frozen=True, slots=True)
class IssuerInfo:
    name: str
    key_id: str
    public_key_pem: str


def issuer_info(settings: Settings) -> IssuerInfo:
    key = issuer_key(settings)
    return IssuerInfo(
        name=settings.issuer_name, key_id=key_fingerprint(key), public_key_pem=public_key_pem(key)
    )


def public_lookup(session: Session, *, verification_id: str) -> PublicStatus | None:
    """Only certified partners have a verification id; the answer names no more than a partner needs."""
    partner = partners.public_status(session, verification_id=verification_id, actor=SYSTEM)
    if partner is None or partner.verification_id is None:
        return None
    return PublicStatus(
        verification_id=partner.verification_id,
        legal_name=partner.legal_name,
        entity_types=list(partner.entity_types),
        tier=partner.tier,
        status=partner.status.value,
    )


def issue_status_credential(
    session: Session, *, actor: Actor, partner_id: int, settings: Settings, clock: Clock = utc_now
) -> tuple[str, IssuedCredentialRow]:
    """A signed statement of the partner's current status, valid for the configured number of days."""
    actor.require(Permission.CREDENTIALS_DOWNLOAD)
    partner = partners.get_partner(session, actor=actor, partner_id=partner_id)
    if not partner.is_member or partner.verification_id is None:
        raise InvalidTransition(
            f"only members get a status credential; this partner is {partner.status.value}"
        )
    now = clock()
    row = IssuedCredentialRow(
        credential_id="GLC-" + secrets.token_hex(8).upper(),
        partner_id=partner_id,
        verification_id=partner.verification_id,
        status=partner.status.value,
        tier=partner.tier.value,
        issued_at=now,
        expires_at=now + timedelta(days=settings.credential_days),
        issued_by=actor.username,
    )
    document = issue_credential(
        issuer_key(settings),
        credential_id=row.credential_id,
        issuer_name=settings.issuer_name,
        verification_id=partner.verification_id,
        legal_name=partner.legal_name,
        entity_types=partner.entity_types,
        tier=partner.tier,
        status=partner.status.value,
        issued_at=row.issued_at,
        expires_at=row.expires_at,
    )
    CredentialRepository(session, actor).add(row)
    return document, row


def list_credentials(session: Session, *, actor: Actor, partner_id: int) -> list[IssuedCredentialRow]:
    actor.require(Permission.CREDENTIALS_DOWNLOAD)
    partners.get_partner(session, actor=actor, partner_id=partner_id)
    return CredentialRepository(session, actor).for_partner(partner_id)


def revoke_credential(
    session: Session, *, actor: Actor, credential_id: str, reason: str, clock: Clock = utc_now
) -> IssuedCredentialRow:
    actor.require(Permission.CREDENTIALS_REVOKE)
    if not reason.strip():
        raise ValidationFailed(
            "a reason is required to revoke a credential", field="reason", record=credential_id
        )
    row = CredentialRepository(session, actor).get(credential_id)
    if row.revoked_at is not None:
        raise Conflict(
            f"credential {credential_id} was already revoked on {row.revoked_at.date().isoformat()}"
        )
    row.revoked_at, row.revoked_by, row.revocation_reason = clock(), actor.username, reason.strip()
    return row


def _revoke_outdated(session: Session, repo: CredentialRepository) -> None:
    cache: dict[int, Partner] = {}
    for row in repo.outstanding():
        partner = cache.get(row.partner_id) or partners.get_partner(
            session, actor=SYSTEM, partner_id=row.partner_id
        )
        cache[row.partner_id] = partner
        if partner.status.value == row.status:
            continue
        # The credential asserts a status the partner no longer holds: lapsed, or moved to another tier.
        change = next((e for e in reversed(partner.history) if e.at >= row.issued_at), None)
        row.revoked_at = change.at if change else row.issued_at
        row.revoked_by = "system"
        row.revocation_reason = f"partner is now {partner.status.value}"


def revocation_list(session: Session, *, settings: Settings, clock: Clock = utc_now) -> str:
    """The signed, current revocation list; anyone may fetch it to check credentials offline."""
    repo = CredentialRepository(session, SYSTEM)
    _revoke_outdated(session, repo)
    session.flush()
    now = clock()
    return issue_revocation_list(
        issuer_key(settings),
        issuer_name=settings.issuer_name,
        issued_at=now,
        next_update=now + REVOCATION_LIST_LIFETIME,
        revoked=repo.revoked(),
    )
