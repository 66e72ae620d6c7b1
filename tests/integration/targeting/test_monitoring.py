"""Watching the model and the program, on each database: the drift monitor compares the last days' scores
and exam results with the training period and says whether to retrain; the performance figures give exam
rates of members against non-members and the hit rates of random and targeted exams, counted from the
lane decisions and exam results of the period."""

from __future__ import annotations

import math
from datetime import timedelta

import pytest

from greenlane.core.config import Settings
from greenlane.core.errors import PermissionDenied
from greenlane.db import Database
from greenlane.identity.domain import SYSTEM
from greenlane.targeting import monitoring
from greenlane.targeting import service as targeting
from greenlane.targeting.tables import LaneDecisionRow, RiskModelRow
from tests.builders import MutableClock
from tests.integration.manifests.support import ACME_IOR, Cast
from tests.integration.targeting.conftest import Ingest
from tests.integration.targeting.support import DAY, PLAN, certify, day_bills, decisions, noon

pytestmark = pytest.mark.db


@pytest.fixture
def day(
    db: Database, settings: Settings, clock: MutableClock, model: RiskModelRow, cast: Cast, arrive: Ingest
) -> list[LaneDecisionRow]:
    """A targeted day of 40 filings, twenty of them a Tier I member's; every red-lane shipment is examined
    and only the best-scored targeted one is found to carry a discrepancy."""
    with db.transaction() as session:
        certify(session, cast.acme, clock)
    arrive(day_bills(20, importer_id=ACME_IOR, consignee="Acme Imports LLC"))
    arrive(day_bills(20, start=100))
    with db.transaction() as session:
        targeting.run_targeting(session, actor=SYSTEM, settings=settings, day=DAY, plan=PLAN, clock=clock)
        rows = decisions(session)
        targeted = [d for d in rows if d.lane == "red" and not d.random_draw]
        for decision in (d for d in rows if d.lane == "red"):
            outcome = "discrepancy" if decision is targeted[0] else "nothing_found"
            targeting.record_exam(
                session, actor=SYSTEM, bill_id=decision.bill_id, outcome=outcome, clock=clock
            )
        return rows


def test_without_a_model_the_drift_monitor_asks_for_one(db: Database) -> None:
    with db.transaction() as session:
        status = monitoring.drift_status(session, actor=SYSTEM)

    assert (status["model"], status["retrain"]) == (None, True)
    assert status["reasons"] == ["no model has been trained yet"]


def test_the_drift_monitor_compares_the_days_scores_and_exams_with_training(
    db: Database, clock: MutableClock, model: RiskModelRow, day: list[LaneDecisionRow]
) -> None:
    with db.transaction() as session:
        status = monitoring.drift_status(session, actor=SYSTEM, days=7, clock=lambda: noon(DAY))

    drawn = [d for d in day if d.random_draw]
    assert (status["model"], status["shipments"], status["window_days"]) == (model.version, 40, 7)
    assert math.isfinite(status["psi"]) and status["psi"] >= 0
    assert status["training_base_rate"] == model.reference["base_rate"]
    assert status["random_examined"] == len(drawn) and status["random_hit_rate"] == 0.0
    assert isinstance(status["retrain"], bool) and status["reasons"]
    # Too few exams to judge predicted against found frauds: the monitor does not pretend to.
    assert (status["predicted_frauds"], status["found_frauds"]) == (None, None)


def test_the_drift_window_ends_today_and_reaches_back_the_given_days(
    db: Database, day: list[LaneDecisionRow]
) -> None:
    week_later = noon(DAY + timedelta(days=7))
    with db.transaction() as session:
        outside = monitoring.drift_status(session, actor=SYSTEM, days=7, clock=lambda: week_later)
        inside = monitoring.drift_status(session, actor=SYSTEM, days=8, clock=lambda: week_later)

    assert (outside["shipments"], outside["retrain"]) == (0, False)
    assert outside["reasons"] == ["no shipments targeted in the last 7 days"]
    assert inside["shipments"] == 40


def test_performance_gives_exam_rates_of_members_and_hit_rates_of_random_and_targeted_exams(
    db: Database, day: list[LaneDecisionRow]
) -> None:
    with db.transaction() as session:
        figures = monitoring.performance(session, actor=SYSTEM, start=DAY, end=DAY)

    red = [d for d in day if d.lane == "red"]
    member_red = sum(d.member_tier != "none" for d in red)
    drawn = sum(d.random_draw for d in red)
    assert figures["shipments"] == 40
    assert figures["exam_rate_members"] == round(member_red / 20, 4)
    assert figures["exam_rate_non_members"] == round((len(red) - member_red) / 20, 4)
    assert (figures["random_exams"], figures["random_hit_rate"]) == (drawn, 0.0)
    assert figures["targeted_exams"] == len(red) - drawn
    assert figures["targeted_hit_rate"] == round(1 / (len(red) - drawn), 4)
    assert figures["frauds_found"] == 1


def test_performance_over_a_period_without_targeting_has_no_rates(
    db: Database, day: list[LaneDecisionRow]
) -> None:
    later = DAY + timedelta(days=30)
    with db.transaction() as session:
        figures = monitoring.performance(session, actor=SYSTEM, start=later, end=later)

    assert figures["shipments"] == 0 and figures["frauds_found"] == 0
    assert figures["exam_rate_members"] is figures["random_hit_rate"] is figures["targeted_hit_rate"] is None


def test_only_targeting_officers_watch_drift_and_performance(db: Database, cast: Cast) -> None:
    with db.transaction() as session:
        for user in ("ana", "alice"):
            with pytest.raises(PermissionDenied):
                monitoring.drift_status(session, actor=cast.actor(user))
            with pytest.raises(PermissionDenied):
                monitoring.performance(session, actor=cast.actor(user), start=DAY, end=DAY)
