"""Storage of partner companies, their sites, contacts, identifiers and status history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from greenlane.db.base import Base, UtcDateTime


class PartnerRow(Base):
    __tablename__ = "partners"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    legal_name: Mapped[str] = mapped_column(String(200), index=True)
    entity_types: Mapped[list[str]] = mapped_column(JSON)
    identifiers: Mapped[dict[str, str]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(32), index=True)
    verification_id: Mapped[str | None] = mapped_column(String(32), unique=True)
    applied_at: Mapped[datetime] = mapped_column(UtcDateTime())
    certified_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    last_validated_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    suspended_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    status_before_suspension: Mapped[str | None] = mapped_column(String(32))
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    sites: Mapped[list[SiteRow]] = relationship(
        order_by="SiteRow.position", cascade="all, delete-orphan", lazy="selectin"
    )
    contacts: Mapped[list[ContactRow]] = relationship(
        order_by="ContactRow.position", cascade="all, delete-orphan", lazy="selectin"
    )
    events: Mapped[list[StatusEventRow]] = relationship(
        order_by="StatusEventRow.id", cascade="all, delete-orphan", lazy="selectin"
    )


class SiteRow(Base):
    __tablename__ = "partner_sites"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2))
    kind: Mapped[str] = mapped_column(String(32))
    address: Mapped[str] = mapped_column(Text, default="")


class ContactRow(Base):
    __tablename__ = "partner_contacts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    title: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(64), default="")
    is_officer: Mapped[bool] = mapped_column(Boolean, default=False)
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)


class StatusEventRow(Base):
    """Append-only: rows are inserted, never updated or deleted by the application."""

    __tablename__ = "partner_status_events"
    __table_args__ = (UniqueConstraint("partner_id", "sequence"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"), index=True)
    sequence: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    actor: Mapped[str] = mapped_column(String(64))
    from_status: Mapped[str | None] = mapped_column(String(32))
    to_status: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text)
