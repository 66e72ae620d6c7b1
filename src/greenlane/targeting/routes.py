"""Targeting API: run a day's lanes, the officer's queue, a shipment's lane with its reasons, overrides with
reason codes, exam results, training and the drift monitor."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query

from greenlane.identity.domain import Actor, Permission
from greenlane.identity.http import ClockDep, DatabaseDep, RecordId, SettingsDep, require
from greenlane.targeting import monitoring, screening, service
from greenlane.targeting.schemas import (
    DecisionOut,
    ExamIn,
    ExamOut,
    ModelOut,
    OverrideIn,
    OverrideOut,
    QueuePage,
    RunIn,
    RunOut,
    ShipmentLaneOut,
    TrainIn,
)

router = APIRouter(tags=["targeting"])
Officer = Annotated[Actor, Depends(require(Permission.TARGETING_MANAGE))]
Reader = Annotated[Actor, Depends(require(Permission.MANIFESTS_READ))]


@router.post("/targeting/runs", response_model=RunOut, status_code=201)
def run(body: RunIn, db: DatabaseDep, settings: SettingsDep, clock: ClockDep, actor: Officer) -> RunOut:
    plan = service.capacity_plan(body.red_capacity)
    with db.transaction() as session:
        summary = service.run_targeting(
            session,
            actor=actor,
            settings=settings,
            day=body.day,
            port=body.port,
            plan=plan,
            seed=body.seed,
            clock=clock,
        )
        return RunOut.model_validate(summary.as_dict())


@router.post("/targeting/score", response_model=screening.FilingScore)
def score(
    db: DatabaseDep, settings: SettingsDep, actor: Officer, document: Annotated[dict[str, Any], Body()]
) -> screening.FilingScore:
    """One bill in the NDJSON contract's shape, scored as the daily run would score it; nothing is stored.
    A bill that ingest would quarantine is refused with 422 naming the field."""
    with db.transaction() as session:
        return screening.score_filing(session, actor=actor, settings=settings, document=document)


@router.get("/targeting/queue", response_model=QueuePage)
def queue(
    db: DatabaseDep,
    actor: Reader,
    day: date,
    port: Annotated[str | None, Query(max_length=8)] = None,
    lane: Annotated[str | None, Query(max_length=8)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> QueuePage:
    """Ranked: red, yellow, blue, then green, highest score first; partner users get only their lanes."""
    with db.transaction() as session:
        rows, total = service.queue(
            session, actor=actor, day=day, port=port, lane=lane, limit=limit, offset=offset
        )
        staff = not actor.is_partner_user
        return QueuePage(items=[DecisionOut.of(r, staff=staff) for r in rows], total=total)


@router.get("/manifests/{bill_id}/lane", response_model=ShipmentLaneOut)
def shipment_lane(bill_id: RecordId, db: DatabaseDep, actor: Reader) -> ShipmentLaneOut:
    with db.transaction() as session:
        found = service.shipment_lane(session, actor=actor, bill_id=bill_id)
        staff = not actor.is_partner_user
        return ShipmentLaneOut(
            decision=DecisionOut.of(found.decision, staff=staff) if found.decision else None,
            overrides=[OverrideOut.of(o) for o in found.overrides] if staff else [],
            exam=ExamOut.of(found.exam) if found.exam and staff else None,
        )


@router.post("/targeting/decisions/{decision_id}/override", response_model=DecisionOut)
def override(
    decision_id: RecordId, body: OverrideIn, db: DatabaseDep, clock: ClockDep, actor: Officer
) -> DecisionOut:
    with db.transaction() as session:
        row = service.override_lane(
            session,
            actor=actor,
            decision_id=decision_id,
            lane=body.lane,
            reason=body.reason,
            note=body.note,
            clock=clock,
        )
        return DecisionOut.of(row, staff=True)


@router.post("/manifests/{bill_id}/exam", response_model=ExamOut, status_code=201)
def exam(bill_id: RecordId, body: ExamIn, db: DatabaseDep, clock: ClockDep, actor: Officer) -> ExamOut:
    with db.transaction() as session:
        return ExamOut.of(
            service.record_exam(
                session,
                actor=actor,
                bill_id=bill_id,
                outcome=body.outcome,
                category=body.category,
                note=body.note,
                clock=clock,
            )
        )


@router.post("/targeting/models", response_model=ModelOut, status_code=201)
def train(body: TrainIn, db: DatabaseDep, settings: SettingsDep, clock: ClockDep, actor: Officer) -> ModelOut:
    with db.transaction() as session:
        return ModelOut.of(
            service.train_model(
                session, actor=actor, settings=settings, until=body.until, seed=body.seed, clock=clock
            )
        )


@router.get("/targeting/models", response_model=list[ModelOut])
def models(db: DatabaseDep, actor: Officer) -> list[ModelOut]:
    with db.transaction() as session:
        return [ModelOut.of(m) for m in service.list_models(session, actor=actor)]


@router.get("/targeting/drift")
def drift(
    db: DatabaseDep, clock: ClockDep, actor: Officer, days: Annotated[int, Query(ge=1, le=365)] = 7
) -> dict[str, object]:
    with db.transaction() as session:
        return monitoring.drift_status(session, actor=actor, days=days, clock=clock)


@router.get("/targeting/performance")
def performance(db: DatabaseDep, actor: Officer, start: date, end: date) -> dict[str, object]:
    """Exam rates of members and non-members, hit rates of random and targeted exams, detection."""
    with db.transaction() as session:
        return monitoring.performance(session, actor=actor, start=start, end=end)
