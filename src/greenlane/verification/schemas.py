"""Shapes of the status-verification API. The public status carries only what a business partner needs to
know: name, entity types, tier and status."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from greenlane.core.types import EntityType, Tier


class PublicStatus(BaseModel):
    verification_id: str
    legal_name: str
    entity_types: list[EntityType]
    tier: Tier
    status: str


class RevokeIn(BaseModel):
    reason: str


class IssuedCredentialOut(BaseModel):
    credential_id: str
    partner_id: int
    verification_id: str
    status: str
    tier: str
    issued_at: datetime
    expires_at: datetime
    issued_by: str
    revoked_at: datetime | None
    revocation_reason: str | None
