"""The officer's actions and what partners see, on each database: an override moves a lane with a reason code
and a note and is logged beside the engine's choice; an exam result is recorded once per shipment, with its
outcome and seizure category checked and named when wrong; the queue ranks red first and highest score
first; a partner user sees only its own filings' lanes and may change nothing."""

from __future__ import annotations

import pytest

from greenlane.core.config import Settings
from greenlane.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from greenlane.db import Database
from greenlane.identity.domain import SYSTEM
from greenlane.targeting import service as targeting
from greenlane.targeting.tables import LaneDecisionRow, RiskModelRow
from tests.builders import MutableClock
from tests.integration.manifests.support import ACME_IOR, BRAVO_IOR, Cast
from tests.integration.targeting.conftest import Ingest
from tests.integration.targeting.support import DAY, PLAN, day_bills, decisions

pytestmark = pytest.mark.db
LANE_ORDER = {"red": 0, "yellow": 1, "blue": 2, "green": 3}


@pytest.fixture
def day(
    db: Database, settings: Settings, clock: MutableClock, model: RiskModelRow, cast: Cast, arrive: Ingest
) -> list[LaneDecisionRow]:
    """A targeted day of 30 filings: ten of Acme's, five of Bravo's, fifteen of outside importers."""
    arrive(day_bills(10, importer_id=ACME_IOR, consignee="Acme Imports LLC"))
    arrive(day_bills(5, start=100, importer_id=BRAVO_IOR, consignee="Bravo Traders"))
    arrive(day_bills(15, start=200))
    with db.transaction() as session:
        targeting.run_targeting(session, actor=SYSTEM, settings=settings, day=DAY, plan=PLAN, clock=clock)
        return decisions(session)


def first(rows: list[LaneDecisionRow], lane: str) -> LaneDecisionRow:
    return next(d for d in rows if d.lane == lane)


def test_an_override_moves_the_lane_and_logs_from_to_reason_note_and_officer(
    db: Database, clock: MutableClock, cast: Cast, day: list[LaneDecisionRow]
) -> None:
    chosen = first(day, "green")
    clock.advance(minutes=30)

    with db.transaction() as session:
        moved = targeting.override_lane(
            session,
            actor=cast.actor("olivia"),
            decision_id=chosen.id,
            lane="RED",
            reason="intelligence",
            note="  tip from the port police ",
            clock=clock,
        )
        assert (moved.engine_lane, moved.lane) == ("green", "red")

    with db.transaction() as session:
        found = targeting.shipment_lane(session, actor=SYSTEM, bill_id=chosen.bill_id)
    assert found.decision is not None and (found.decision.engine_lane, found.decision.lane) == (
        "green",
        "red",
    )
    assert [(o.from_lane, o.to_lane, o.reason, o.note, o.actor, o.at) for o in found.overrides] == [
        ("green", "red", "intelligence", "tip from the port police", "olivia", clock())
    ]


def test_a_second_override_is_logged_after_the_first(
    db: Database, clock: MutableClock, day: list[LaneDecisionRow]
) -> None:
    chosen = first(day, "red")
    with db.transaction() as session:
        for lane, reason in (("yellow", "capacity"), ("green", "perishable")):
            targeting.override_lane(
                session,
                actor=SYSTEM,
                decision_id=chosen.id,
                lane=lane,
                reason=reason,
                note="see the shift log",
                clock=clock,
            )

    with db.transaction() as session:
        logged = targeting.shipment_lane(session, actor=SYSTEM, bill_id=chosen.bill_id).overrides
    assert [(o.from_lane, o.to_lane, o.reason) for o in logged] == [
        ("red", "yellow", "capacity"),
        ("yellow", "green", "perishable"),
    ]


@pytest.mark.parametrize(
    ("lane", "reason", "note", "field"),
    [
        ("purple", "intelligence", "tip", "lane"),
        ("red", "hunch", "tip", "reason"),
        ("red", "intelligence", "   ", "note"),
        ("green", "intelligence", "tip", "lane"),  # already green
    ],
)
def test_an_incomplete_override_is_refused_naming_the_field_and_changes_nothing(
    db: Database, day: list[LaneDecisionRow], lane: str, reason: str, note: str, field: str
) -> None:
    chosen = first(day, "green")

    with db.transaction() as session, pytest.raises(ValidationFailed) as caught:
        targeting.override_lane(
            session, actor=SYSTEM, decision_id=chosen.id, lane=lane, reason=reason, note=note
        )

    assert caught.value.field == field
    with db.transaction() as session:
        found = targeting.shipment_lane(session, actor=SYSTEM, bill_id=chosen.bill_id)
    assert found.decision is not None and found.decision.lane == "green" and found.overrides == []


def test_capacity_may_not_be_given_as_the_reason_to_raise_a_lane(
    db: Database, day: list[LaneDecisionRow]
) -> None:
    with db.transaction() as session, pytest.raises(ValidationFailed) as caught:
        targeting.override_lane(
            session,
            actor=SYSTEM,
            decision_id=first(day, "green").id,
            lane="yellow",
            reason="capacity",
            note="room today",
        )
    assert caught.value.field == "reason"


def test_an_override_of_an_unknown_decision_is_not_found(db: Database, day: list[LaneDecisionRow]) -> None:
    with db.transaction() as session, pytest.raises(NotFound):
        targeting.override_lane(
            session,
            actor=SYSTEM,
            decision_id=max(d.id for d in day) + 1,
            lane="red",
            reason="intelligence",
            note="tip",
        )


def test_an_exam_result_becomes_the_label_and_is_recorded_only_once(
    db: Database, clock: MutableClock, cast: Cast, day: list[LaneDecisionRow]
) -> None:
    chosen = first(day, "red")
    with db.transaction() as session:
        exam = targeting.record_exam(
            session,
            actor=cast.actor("olivia"),
            bill_id=chosen.bill_id,
            outcome="Seizure",
            category="weapons",
            note=" two rifles ",
            clock=clock,
        )
        assert (exam.outcome, exam.category, exam.fraud, exam.critical_fraud) == ("seizure", "weapons", 1, 2)
        assert (exam.decision_id, exam.note, exam.recorded_by) == (chosen.id, "two rifles", "olivia")

    with db.transaction() as session, pytest.raises(Conflict, match="already recorded"):
        targeting.record_exam(session, actor=SYSTEM, bill_id=chosen.bill_id, outcome="nothing_found")
    with db.transaction() as session:
        assert [e.outcome for e in targeting.exam_results(session, actor=SYSTEM)] == ["seizure"]


def test_an_exam_of_a_random_draw_is_marked_as_part_of_the_unbiased_sample(
    db: Database, day: list[LaneDecisionRow]
) -> None:
    drawn = next(d for d in day if d.random_draw)
    targeted = next(d for d in day if d.lane == "red" and not d.random_draw)
    with db.transaction() as session:
        for decision in (drawn, targeted):
            targeting.record_exam(session, actor=SYSTEM, bill_id=decision.bill_id, outcome="nothing_found")

    with db.transaction() as session:
        exams = {e.bill_id: e.random_draw for e in targeting.exam_results(session, actor=SYSTEM)}
    assert exams == {drawn.bill_id: True, targeted.bill_id: False}


@pytest.mark.parametrize(
    ("outcome", "category", "field"),
    [
        ("found_drugs", None, "outcome"),
        ("seizure", "kittens", "category"),
        ("seizure", None, "category"),
        ("nothing_found", "narcotics", "category"),
    ],
)
def test_a_wrong_exam_result_is_refused_naming_the_field(
    db: Database, day: list[LaneDecisionRow], outcome: str, category: str | None, field: str
) -> None:
    with db.transaction() as session, pytest.raises(ValidationFailed) as caught:
        targeting.record_exam(
            session, actor=SYSTEM, bill_id=day[0].bill_id, outcome=outcome, category=category
        )

    assert caught.value.field == field
    with db.transaction() as session:
        assert targeting.exam_results(session, actor=SYSTEM) == []


def test_an_exam_of_an_unknown_bill_is_not_found(db: Database, day: list[LaneDecisionRow]) -> None:
    with db.transaction() as session, pytest.raises(NotFound):
        targeting.record_exam(
            session, actor=SYSTEM, bill_id=max(d.bill_id for d in day) + 1, outcome="nothing_found"
        )


def test_the_queue_ranks_red_yellow_blue_then_green_and_by_score_within_a_lane(
    db: Database, day: list[LaneDecisionRow]
) -> None:
    keys = [(LANE_ORDER[d.lane], -d.score) for d in day]

    assert keys == sorted(keys)
    assert len({d.lane for d in day}) == 4


def test_the_queue_filters_by_lane_and_pages(db: Database, day: list[LaneDecisionRow]) -> None:
    with db.transaction() as session:
        red, red_total = targeting.queue(session, actor=SYSTEM, day=DAY, lane="red")
        page, total = targeting.queue(session, actor=SYSTEM, day=DAY, limit=10, offset=10)

    assert red_total == sum(d.lane == "red" for d in day) == len(red)
    assert total == 30 and [d.id for d in page] == [d.id for d in day[10:20]]


@pytest.mark.parametrize(("user", "importer"), [("alice", ACME_IOR), ("bob", BRAVO_IOR)])
def test_a_partner_user_sees_only_its_own_filings_in_the_queue(
    db: Database, cast: Cast, day: list[LaneDecisionRow], user: str, importer: str
) -> None:
    partner = cast.acme if importer == ACME_IOR else cast.bravo
    with db.transaction() as session:
        rows, total = targeting.queue(session, actor=cast.actor(user), day=DAY)

    assert total == len(rows) == sum(d.consignee_partner_id == partner for d in day) > 0
    assert {d.consignee_partner_id for d in rows} == {partner}


def test_a_partner_user_cannot_read_another_filings_lane(
    db: Database, cast: Cast, day: list[LaneDecisionRow]
) -> None:
    others = next(d for d in day if d.consignee_partner_id != cast.acme)
    own = next(d for d in day if d.consignee_partner_id == cast.acme)

    with db.transaction() as session:
        assert (
            targeting.shipment_lane(session, actor=cast.actor("alice"), bill_id=own.bill_id).decision
            is not None
        )
        with pytest.raises(NotFound):
            targeting.shipment_lane(session, actor=cast.actor("alice"), bill_id=others.bill_id)
        with pytest.raises(NotFound):
            targeting.decision(session, actor=cast.actor("alice"), decision_id=others.id)


@pytest.mark.parametrize("user", ["alice", "ana"])
def test_partners_and_analysts_may_not_override_or_record_exams(
    db: Database, cast: Cast, day: list[LaneDecisionRow], user: str
) -> None:
    own = next(d for d in day if d.consignee_partner_id == cast.acme)
    with db.transaction() as session:
        with pytest.raises(PermissionDenied):
            targeting.override_lane(
                session,
                actor=cast.actor(user),
                decision_id=own.id,
                lane="green",
                reason="officer_judgement",
                note="we are certified",
            )
        with pytest.raises(PermissionDenied):
            targeting.record_exam(
                session, actor=cast.actor(user), bill_id=own.bill_id, outcome="nothing_found"
            )
