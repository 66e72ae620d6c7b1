"""Storage of security profiles. Answers are append-only: every answer ever given is a row, and the current
answer to a criterion is its latest row, so the audit trail cannot be lost by an update."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from greenlane.db.base import Base, UtcDateTime


class ProfileRow(Base):
    __tablename__ = "security_profiles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The partner's id, not a foreign key: criteria sits below the partners area and stays independent of it.
    partner_id: Mapped[int] = mapped_column(Integer, unique=True)
    catalogue_version: Mapped[str] = mapped_column(String(16))
    entity_types: Mapped[list[str]] = mapped_column(JSON)
    submitted_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    renewed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    answers: Mapped[list[AnswerRow]] = relationship(
        order_by="AnswerRow.id", cascade="all, delete-orphan", lazy="selectin"
    )


class AnswerRow(Base):
    __tablename__ = "profile_answers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("security_profiles.id", ondelete="CASCADE"), index=True
    )
    catalogue_version: Mapped[str] = mapped_column(String(16))
    criterion_id: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    evidence_note: Mapped[str] = mapped_column(Text)
    answered_by: Mapped[str] = mapped_column(String(64))
    answered_at: Mapped[datetime] = mapped_column(UtcDateTime())
