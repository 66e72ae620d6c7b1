"""Storage of trained models, targeting runs, lane decisions with their overrides, and exam results."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from greenlane.db.base import Base, UtcDateTime


class RiskModelRow(Base):
    """A trained estimator: the artifact lives on disk under the data directory; its facts live here."""

    __tablename__ = "risk_models"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[str] = mapped_column(String(64), unique=True)
    path: Mapped[str] = mapped_column(String(500))
    trained_at: Mapped[datetime] = mapped_column(UtcDateTime())
    trained_by: Mapped[str] = mapped_column(String(64))
    examples: Mapped[int] = mapped_column(Integer)
    positives: Mapped[int] = mapped_column(Integer)
    metrics: Mapped[dict[str, Any]] = mapped_column(JSON)
    reference: Mapped[dict[str, Any]] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(Boolean, default=False)


class TargetingRunRow(Base):
    __tablename__ = "targeting_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    port: Mapped[str | None] = mapped_column(String(8))
    model_version: Mapped[str] = mapped_column(String(64))
    ruleset: Mapped[str] = mapped_column(String(100))
    plan: Mapped[dict[str, Any]] = mapped_column(JSON)
    counts: Mapped[dict[str, Any]] = mapped_column(JSON)
    actor: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class LaneDecisionRow(Base):
    """The engine's lane for one filing on its arrival day; re-running a day replaces the engine's choice
    but never an officer's override or a recorded exam."""

    __tablename__ = "lane_decisions"
    __table_args__ = (UniqueConstraint("bill_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bill_id: Mapped[int] = mapped_column(ForeignKey("manifest_bills.id", ondelete="CASCADE"))
    run_id: Mapped[int] = mapped_column(ForeignKey("targeting_runs.id"))
    day: Mapped[date] = mapped_column(Date, index=True)
    port: Mapped[str] = mapped_column(String(8), index=True)
    engine_lane: Mapped[str] = mapped_column(String(8))
    lane: Mapped[str] = mapped_column(String(8), index=True)
    random_draw: Mapped[bool] = mapped_column(Boolean)
    why: Mapped[str] = mapped_column(Text)
    score: Mapped[float] = mapped_column(Float)
    probability: Mapped[float] = mapped_column(Float)
    rule_weight: Mapped[float] = mapped_column(Float)
    trust_offset: Mapped[float] = mapped_column(Float)
    rules_fired: Mapped[list[str]] = mapped_column(JSON)
    reasons: Mapped[list[str]] = mapped_column(JSON)
    member_tier: Mapped[str] = mapped_column(String(16))
    filer_partner_id: Mapped[int | None] = mapped_column(Integer, index=True)
    consignee_partner_id: Mapped[int | None] = mapped_column(Integer, index=True)
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime())


class LaneOverrideRow(Base):
    """Append-only log of officers' lane changes."""

    __tablename__ = "lane_overrides"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("lane_decisions.id", ondelete="CASCADE"), index=True)
    from_lane: Mapped[str] = mapped_column(String(8))
    to_lane: Mapped[str] = mapped_column(String(8))
    reason: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UtcDateTime())


class ExamResultRow(Base):
    __tablename__ = "exam_results"
    __table_args__ = (UniqueConstraint("bill_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bill_id: Mapped[int] = mapped_column(ForeignKey("manifest_bills.id", ondelete="CASCADE"))
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("lane_decisions.id"))
    outcome: Mapped[str] = mapped_column(String(16))
    category: Mapped[str | None] = mapped_column(String(32))
    fraud: Mapped[int] = mapped_column(Integer)
    critical_fraud: Mapped[int] = mapped_column(Integer)
    random_draw: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())
