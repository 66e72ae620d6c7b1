"""Queries on models, runs, lane decisions, overrides and exam results. Partner users see the lanes of
their own filings (as filer or consignee) and nothing of anyone else's; scores stay with the staff."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from sqlalchemy import Select, delete, func, or_, select, update
from sqlalchemy.orm import Session

from greenlane.core.errors import NotFound
from greenlane.identity.domain import Actor
from greenlane.targeting.tables import (
    ExamResultRow,
    LaneDecisionRow,
    LaneOverrideRow,
    RiskModelRow,
    TargetingRunRow,
)

# PostgreSQL refuses a statement with more than 65,535 parameters, and a month of a large port holds more
# filings than that: id lists are queried in slices.
_IDS_PER_QUERY = 10_000


def _slices(ids: Iterable[int]) -> Iterator[list[int]]:
    values = list(ids)
    for start in range(0, len(values), _IDS_PER_QUERY):
        yield values[start : start + _IDS_PER_QUERY]


class TargetingRepository:
    def __init__(self, session: Session, actor: Actor) -> None:
        self.session = session
        self.actor = actor

    def _decisions(self, query: Select[Any]) -> Select[Any]:
        scope = self.actor.partner_scope()
        if scope is None:
            return query
        return query.where(or_(LaneDecisionRow.filer_partner_id == scope,
                               LaneDecisionRow.consignee_partner_id == scope))  # fmt: skip

    # --- models ---

    def add_model(self, row: RiskModelRow) -> RiskModelRow:
        self.session.execute(update(RiskModelRow).values(active=False))
        row.active = True
        self.session.add(row)
        self.session.flush()
        return row

    def active_model(self) -> RiskModelRow | None:
        return self.session.scalar(select(RiskModelRow).where(RiskModelRow.active.is_(True)))

    def models(self) -> list[RiskModelRow]:
        return list(self.session.scalars(select(RiskModelRow).order_by(RiskModelRow.id.desc())))

    # --- runs and decisions ---

    def add_run(self, row: TargetingRunRow) -> TargetingRunRow:
        self.session.add(row)
        self.session.flush()
        return row

    def locked_bills(self, bill_ids: Iterable[int]) -> set[int]:
        """Filings whose lane an officer changed or whose exam is recorded: a re-run leaves them alone."""
        locked: set[int] = set()
        for ids in _slices(bill_ids):
            overridden = (
                select(LaneDecisionRow.bill_id)
                .join(LaneOverrideRow, LaneOverrideRow.decision_id == LaneDecisionRow.id)
                .where(LaneDecisionRow.bill_id.in_(ids))
            )
            examined = select(ExamResultRow.bill_id).where(ExamResultRow.bill_id.in_(ids))
            locked |= set(self.session.scalars(overridden)) | set(self.session.scalars(examined))
        return locked

    def kept_lanes(self, bill_ids: Iterable[int]) -> dict[int, str]:
        """The lane each locked filing (see locked_bills) stands in. A filing examined without a lane decision
        took a physical examination, so it counts as red."""
        ids = self.locked_bills(bill_ids)
        lanes = dict.fromkeys(ids, "red")
        for chunk in _slices(sorted(ids)):
            query = select(LaneDecisionRow.bill_id, LaneDecisionRow.lane).where(
                LaneDecisionRow.bill_id.in_(chunk)
            )
            lanes.update({bill_id: lane for bill_id, lane in self.session.execute(query)})
        return lanes

    def replace_decisions(self, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        for ids in _slices(r["bill_id"] for r in rows):
            self.session.execute(delete(LaneDecisionRow).where(LaneDecisionRow.bill_id.in_(ids)))
        self.session.add_all(LaneDecisionRow(**r) for r in rows)
        self.session.flush()

    def decision(self, decision_id: int) -> LaneDecisionRow:
        row = self.session.scalar(
            self._decisions(select(LaneDecisionRow).where(LaneDecisionRow.id == decision_id))
        )
        if row is None:
            raise NotFound(f"lane decision {decision_id} not found")
        found: LaneDecisionRow = row
        return found

    def decision_for_bill(self, bill_id: int) -> LaneDecisionRow | None:
        row = self.session.scalar(
            self._decisions(select(LaneDecisionRow).where(LaneDecisionRow.bill_id == bill_id))
        )
        return row if isinstance(row, LaneDecisionRow) else None

    def latest_targeted_day(self) -> date | None:
        query = self._decisions(select(LaneDecisionRow.day)).order_by(LaneDecisionRow.day.desc()).limit(1)
        found: date | None = self.session.scalar(query)
        return found

    def queue(
        self, *, day: date, port: str | None, lane: str | None, limit: int, offset: int
    ) -> tuple[list[LaneDecisionRow], int]:
        query = self._decisions(select(LaneDecisionRow).where(LaneDecisionRow.day == day))
        if port:
            query = query.where(LaneDecisionRow.port == port.upper())
        if lane:
            query = query.where(LaneDecisionRow.lane == lane.strip().lower())
        total = self.session.scalar(select(func.count()).select_from(query.subquery())) or 0
        lane_col = LaneDecisionRow.lane
        order = (lane_col != "red", lane_col != "yellow", lane_col != "blue", LaneDecisionRow.score.desc(),
                 LaneDecisionRow.id)  # fmt: skip
        rows = self.session.scalars(query.order_by(*order).limit(limit).offset(offset))
        return list(rows), total

    def decisions_between(self, start: date, end: date) -> list[LaneDecisionRow]:
        query = select(LaneDecisionRow).where(LaneDecisionRow.day >= start, LaneDecisionRow.day <= end)
        return list(self.session.scalars(query))

    def add_override(self, row: LaneOverrideRow) -> None:
        self.session.add(row)
        self.session.flush()

    def overrides(self, decision_id: int) -> list[LaneOverrideRow]:
        query = (
            select(LaneOverrideRow)
            .where(LaneOverrideRow.decision_id == decision_id)
            .order_by(LaneOverrideRow.id)
        )
        return list(self.session.scalars(query))

    # --- exams ---

    def exam_for_bill(self, bill_id: int) -> ExamResultRow | None:
        return self.session.scalar(select(ExamResultRow).where(ExamResultRow.bill_id == bill_id))

    def add_exam(self, row: ExamResultRow) -> ExamResultRow:
        self.session.add(row)
        self.session.flush()
        return row

    def exams(self) -> list[ExamResultRow]:
        return list(self.session.scalars(select(ExamResultRow).order_by(ExamResultRow.id)))

    def exams_for(self, bill_ids: Iterable[int]) -> dict[int, ExamResultRow]:
        found: dict[int, ExamResultRow] = {}
        for ids in _slices(bill_ids):
            query = select(ExamResultRow).where(ExamResultRow.bill_id.in_(ids))
            found.update((r.bill_id, r) for r in self.session.scalars(query))
        return found
