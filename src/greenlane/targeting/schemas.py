"""Shapes of the targeting API. Staff see scores and reasons; a partner user sees only its filings' lanes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from greenlane.targeting.tables import ExamResultRow, LaneDecisionRow, LaneOverrideRow, RiskModelRow


class RunIn(BaseModel):
    day: date
    port: str | None = Field(default=None, max_length=8)
    red_capacity: int | None = Field(default=None, ge=0, description="Physical exams per port and day.")
    seed: int = 0


class RunOut(BaseModel):
    run_id: int | None
    day: date
    port: str | None
    model: str
    shipments: int
    lanes: dict[str, int]
    random_draws: int
    flagged: int
    kept_decisions: int
    member_lanes: dict[str, int]


class DecisionOut(BaseModel):
    id: int
    bill_id: int
    day: date
    port: str
    lane: str
    engine_lane: str | None = None
    score: float | None = None
    probability: float | None = None
    rule_weight: float | None = None
    trust_offset: float | None = None
    random_draw: bool | None = None
    why: str | None = None
    reasons: list[str] | None = None
    rules_fired: list[str] | None = None
    member_tier: str | None = None

    @classmethod
    def of(cls, row: LaneDecisionRow, *, staff: bool) -> DecisionOut:
        if staff:
            return cls.model_validate(row, from_attributes=True)
        return cls(id=row.id, bill_id=row.bill_id, day=row.day, port=row.port, lane=row.lane)


class QueuePage(BaseModel):
    items: list[DecisionOut]
    total: int


class OverrideIn(BaseModel):
    lane: str = Field(min_length=1, max_length=8)
    reason: str = Field(min_length=1, max_length=32)
    note: str = Field(min_length=1, max_length=2000)


class OverrideOut(BaseModel):
    from_lane: str
    to_lane: str
    reason: str
    note: str
    actor: str
    at: datetime

    @classmethod
    def of(cls, row: LaneOverrideRow) -> OverrideOut:
        return cls.model_validate(row, from_attributes=True)


class ExamIn(BaseModel):
    outcome: str = Field(min_length=1, max_length=16)
    category: str | None = Field(default=None, max_length=32)
    note: str = Field(default="", max_length=2000)


class ExamOut(BaseModel):
    bill_id: int
    outcome: str
    category: str | None
    fraud: int
    critical_fraud: int
    random_draw: bool
    note: str
    recorded_by: str
    recorded_at: datetime

    @classmethod
    def of(cls, row: ExamResultRow) -> ExamOut:
        return cls.model_validate(row, from_attributes=True)


class ShipmentLaneOut(BaseModel):
    decision: DecisionOut | None
    overrides: list[OverrideOut]
    exam: ExamOut | None


class ModelOut(BaseModel):
    version: str
    trained_at: datetime
    trained_by: str
    examples: int
    positives: int
    active: bool
    metrics: dict[str, Any]

    @classmethod
    def of(cls, row: RiskModelRow) -> ModelOut:
        return cls.model_validate(row, from_attributes=True)


class TrainIn(BaseModel):
    until: date | None = None
    seed: int = 0
