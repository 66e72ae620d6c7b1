"""The targeting half of the demo. The world's first three weeks stand in for the program's past: a random
share of filings, and every filing flagged at ingest, were examined, and what each exam found is what the
world's ground truth says the shipment carried. The model is trained on that history; then a week is
targeted day by day within the red lane's capacity, every red-lane shipment is examined (outcomes again
from the ground truth), the model is retrained on the larger history, and the week is judged: how much of
the hidden wrongdoing the red lane caught, exam rates of members against non-members, and the hit rates
of the random draws against the targeted exams."""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from greenlane.core.clock import Clock
from greenlane.core.config import Settings
from greenlane.db.engine import Database
from greenlane.identity.domain import SYSTEM
from greenlane.manifests import service as manifests
from greenlane.manifests.tables import BillRow
from greenlane.targeting import monitoring, screening
from greenlane.targeting import service as targeting
from greenlane.targeting.service import RunSummary

HISTORY_EXAM_SHARE = 0.08
# Mechanisms whose contraband is a threat to safety: the exam records a seizure of that kind.
_CRITICAL_MECHANISMS = {"concealment_at_stuffing": "narcotics", "rip_on_in_transit": "narcotics"}


@dataclass(frozen=True, slots=True)
class Truth:
    violation: bool
    contraband: bool
    misdeclaration: bool
    security_breach: bool
    mechanisms: tuple[str, ...]


def read_truth(path: Path) -> dict[str, Truth]:
    with path.open(newline="", encoding="utf-8") as handle:
        return {
            row["transport_document"]: Truth(
                violation=row["violation"] == "1", contraband=row["contraband"] == "1",
                misdeclaration=row["misdeclaration"] == "1", security_breach=row["security_breach"] == "1",
                mechanisms=tuple(m for m in row["mechanisms"].split("|") if m))
            for row in csv.DictReader(handle)
        }  # fmt: skip


def exam_outcome(truth: Truth | None) -> tuple[str, str | None]:
    """What an exam of this shipment finds, given what it really carries."""
    if truth is None or not truth.violation:
        return "nothing_found", None
    if truth.contraband:
        category = next(
            (_CRITICAL_MECHANISMS[m] for m in truth.mechanisms if m in _CRITICAL_MECHANISMS), "other"
        )
        return "seizure", category
    return "discrepancy", None


@dataclass
class TargetingReport:
    history_exams: int = 0
    history_frauds: int = 0
    first_model: str = ""
    runs: list[RunSummary] = field(default_factory=list)
    week_violations: int = 0
    caught_in_red: int = 0
    performance: dict[str, Any] = field(default_factory=dict)
    retrained_model: str = ""
    drift: dict[str, Any] = field(default_factory=dict)
    on_demand: dict[str, Any] = field(default_factory=dict)


def run_targeting_demo(
    db: Database, *, settings: Settings, truth_file: Path, clock: Clock, seed: int = 7
) -> TargetingReport:
    """History is every arrival before the middle arrival day; the targeted week is the seven days from it."""
    truth = read_truth(truth_file)
    report = TargetingReport()
    with db.transaction() as session:
        _, days = manifests.arrival_choices(session, actor=SYSTEM)
    middle = len(days) // 2
    history_end, week = days[middle - 1], days[middle : middle + 7]
    with db.transaction() as session:
        history = manifests.bills_for(session, actor=SYSTEM, until=history_end)
        rng = random.Random(seed)
        for bill in history:
            if rng.random() < HISTORY_EXAM_SHARE or bill.flag_codes:
                found, category = exam_outcome(truth.get(bill.bill_number))
                targeting.record_exam(
                    session,
                    actor=SYSTEM,
                    bill_id=bill.id,
                    outcome=found,
                    category=category,
                    note="historic exam (world history)",
                    clock=clock,
                )
                report.history_exams += 1
                report.history_frauds += found != "nothing_found"
        report.first_model = targeting.train_model(
            session, actor=SYSTEM, settings=settings, until=history_end, seed=seed, clock=clock
        ).version
    for day in week:
        with db.transaction() as session:
            summary = targeting.run_targeting(
                session, actor=SYSTEM, settings=settings, day=day, seed=seed, clock=clock
            )
            report.runs.append(summary)
            _examine_controls(session, truth, day, clock, report)
    with db.transaction() as session:
        report.performance = monitoring.performance(session, actor=SYSTEM, start=week[0], end=week[-1])
        report.retrained_model = targeting.train_model(
            session, actor=SYSTEM, settings=settings, until=week[-1], seed=seed, clock=clock
        ).version
        report.drift = monitoring.drift_status(session, actor=SYSTEM, days=7, clock=lambda: _noon(week[-1]))
        report.on_demand = _score_one_on_demand(session, settings, days[middle + 7 :] or week)
    return report


def _score_one_on_demand(session: Any, settings: Settings, days: list[date]) -> dict[str, Any]:
    """A filing of a later day, flagged at ingest if one is, sent as a terminal would send it: scored by the
    retrained model without storing anything."""
    later = [b for day in days for b in manifests.bills_for(session, actor=SYSTEM, day=day)]
    if not later:
        return {}
    chosen = next((b for b in later if b.flag_codes), later[0])
    return screening.score_filing(session, actor=SYSTEM, settings=settings, document=chosen.body).as_dict()


def _noon(day: date) -> Any:
    from datetime import UTC, datetime, time

    return datetime.combine(day, time(12), tzinfo=UTC)


def _examine_controls(
    session: Any, truth: dict[str, Truth], day: date, clock: Clock, report: TargetingReport
) -> None:
    """Every red-lane shipment is examined; the week's hidden violations are counted to judge detection."""
    bills: list[BillRow] = manifests.bills_for(session, actor=SYSTEM, day=day)
    red, _ = targeting.queue(session, actor=SYSTEM, day=day, lane="red", limit=100_000)
    red_bills = {d.bill_id for d in red}
    for bill in bills:
        found = truth.get(bill.bill_number)
        if found is not None and found.violation:
            report.week_violations += 1
            report.caught_in_red += bill.id in red_bills
        if bill.id in red_bills:
            outcome, category = exam_outcome(found)
            targeting.record_exam(
                session,
                actor=SYSTEM,
                bill_id=bill.id,
                outcome=outcome,
                category=category,
                note="red-lane exam",
                clock=clock,
            )
