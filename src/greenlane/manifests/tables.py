"""Storage of ingest batches, bills of lading (the current version, with its searchable summary) and every
version received, and the quarantine."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Date, Float, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from greenlane.db.base import Base, UtcDateTime


class IngestBatchRow(Base):
    __tablename__ = "ingest_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(500))
    format: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(64))
    partner_id: Mapped[int | None] = mapped_column(Integer, index=True)
    status: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    received: Mapped[int] = mapped_column(Integer, default=0)
    accepted: Mapped[int] = mapped_column(Integer, default=0)
    quarantined: Mapped[int] = mapped_column(Integer, default=0)
    duplicates: Mapped[int] = mapped_column(Integer, default=0)
    corrections: Mapped[int] = mapped_column(Integer, default=0)
    flagged: Mapped[int] = mapped_column(Integer, default=0)
    lines: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)


class BillRow(Base):
    """The current version of each filing; (carrier, bill number) is the natural key."""

    __tablename__ = "manifest_bills"
    __table_args__ = (UniqueConstraint("carrier", "bill_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    carrier: Mapped[str] = mapped_column(String(16))
    bill_number: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    fingerprint: Mapped[str] = mapped_column(String(64))
    port_of_loading: Mapped[str] = mapped_column(String(8))
    port_of_discharge: Mapped[str] = mapped_column(String(8), index=True)
    arrival_day: Mapped[date | None] = mapped_column(Date, index=True)
    departure: Mapped[datetime | None] = mapped_column(UtcDateTime())
    filed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    vessel: Mapped[str] = mapped_column(String(100))
    voyage_number: Mapped[str] = mapped_column(String(32))
    shipper: Mapped[str] = mapped_column(String(200))
    consignee: Mapped[str] = mapped_column(String(200))
    hs_codes: Mapped[str] = mapped_column(Text)
    total_value: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    total_weight_kg: Mapped[float | None] = mapped_column(Float)
    containers: Mapped[int] = mapped_column(Integer)
    lines: Mapped[int] = mapped_column(Integer)
    flags: Mapped[list[dict[str, str]]] = mapped_column(JSON)
    flag_codes: Mapped[str] = mapped_column(String(200))
    body: Mapped[dict[str, object]] = mapped_column(JSON)
    filer_partner_id: Mapped[int | None] = mapped_column(Integer, index=True)
    consignee_partner_id: Mapped[int | None] = mapped_column(Integer, index=True)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("ingest_batches.id"))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime())


class BillVersionRow(Base):
    """Every version ever received, the current one included; never updated."""

    __tablename__ = "manifest_bill_versions"
    __table_args__ = (UniqueConstraint("bill_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bill_id: Mapped[int] = mapped_column(ForeignKey("manifest_bills.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    fingerprint: Mapped[str] = mapped_column(String(64))
    body: Mapped[dict[str, object]] = mapped_column(JSON)
    flags: Mapped[list[dict[str, str]]] = mapped_column(JSON)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("ingest_batches.id"))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime())


class QuarantineRow(Base):
    __tablename__ = "manifest_quarantine"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("ingest_batches.id"), index=True)
    partner_id: Mapped[int | None] = mapped_column(Integer, index=True)
    format: Mapped[str] = mapped_column(String(16))
    locator: Mapped[str] = mapped_column(String(100))
    field: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(Text)
    raw: Mapped[str] = mapped_column(Text)
    key: Mapped[str] = mapped_column(String(64), index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    resolved_by: Mapped[str | None] = mapped_column(String(64))
    resolution: Mapped[str | None] = mapped_column(Text)
    bill_id: Mapped[int | None] = mapped_column(ForeignKey("manifest_bills.id"))


class SecurityFilingRow(Base):
    """The importer's security filing for a bill; (carrier, bill number) joins it to the manifest."""

    __tablename__ = "security_filings"
    __table_args__ = (UniqueConstraint("carrier", "bill_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    carrier: Mapped[str] = mapped_column(String(16))
    bill_number: Mapped[str] = mapped_column(String(64))
    importer_of_record_number: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[int] = mapped_column(Integer)
    fingerprint: Mapped[str] = mapped_column(String(64))
    filed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    body: Mapped[dict[str, object]] = mapped_column(JSON)
    earlier_versions: Mapped[list[dict[str, object]]] = mapped_column(JSON)
    importer_partner_id: Mapped[int | None] = mapped_column(Integer, index=True)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("ingest_batches.id"))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime())
