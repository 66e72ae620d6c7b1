"""Storage of the status credentials issued to partners and of their revocations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from greenlane.db.base import Base, UtcDateTime


class IssuedCredentialRow(Base):
    __tablename__ = "issued_credentials"

    credential_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    partner_id: Mapped[int] = mapped_column(Integer, index=True)
    verification_id: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(32))
    tier: Mapped[str] = mapped_column(String(16))
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    issued_by: Mapped[str] = mapped_column(String(64))
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    revoked_by: Mapped[str | None] = mapped_column(String(64))
    revocation_reason: Mapped[str | None] = mapped_column(Text)
