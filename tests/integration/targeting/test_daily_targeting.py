"""A day's targeting, on each database: every arrival of the day gets exactly one lane; the red lane holds
its capacity, except that forced rules (arms, embargoes) send their shipments to red beyond it; the random
control sample is drawn first and from everyone, members included; and running the day again replaces the
engine's choices but keeps a lane an officer changed and a shipment already examined."""

from __future__ import annotations

from collections import Counter

import pytest

from greenlane.core.config import Settings
from greenlane.core.errors import Conflict
from greenlane.db import Database
from greenlane.identity.domain import SYSTEM
from greenlane.manifests import service as manifests
from greenlane.risk.lanes import Lane
from greenlane.targeting import service as targeting
from greenlane.targeting.tables import RiskModelRow
from tests.builders import MutableClock
from tests.integration.manifests.support import ACME_IOR, BRAVO_IOR, Cast, goods
from tests.integration.targeting.conftest import Ingest
from tests.integration.targeting.support import ARMS, DAY, PLAN, PORT, certify, day_bills, decisions

pytestmark = pytest.mark.db


def run(
    db: Database, settings: Settings, clock: MutableClock, *, seed: int = 0, **kwargs: object
) -> targeting.RunSummary:
    with db.transaction() as session:
        return targeting.run_targeting(
            session,
            actor=SYSTEM,
            settings=settings,
            day=DAY,
            plan=PLAN,
            seed=seed,
            clock=clock,
            **kwargs,  # type: ignore[arg-type]
        )


def lanes_of(db: Database) -> Counter[str]:
    with db.transaction() as session:
        return Counter(d.lane for d in decisions(session))


def test_every_bill_of_the_day_gets_one_lane(
    db: Database, settings: Settings, clock: MutableClock, model: RiskModelRow, arrive: Ingest
) -> None:
    arrive(day_bills(40))
    arrive(day_bills(3, start=900, port="USNYC"))

    summary = run(db, settings, clock)

    with db.transaction() as session:
        bills = manifests.bills_for(session, actor=SYSTEM, day=DAY)
        rows = decisions(session)
    assert sorted(d.bill_id for d in rows) == sorted(b.id for b in bills)
    assert {d.lane for d in rows} <= {lane.value for lane in Lane}
    assert summary.shipments == 43 and sum(summary.lanes.values()) == 43
    assert summary.model_version == model.version
    assert all(d.why and d.decided_at == clock() for d in rows)
    # Lanes are filled per port: the three New York arrivals are a day of their own.
    assert Counter(d.port for d in rows) == {PORT: 40, "USNYC": 3}


def test_the_red_lane_holds_its_capacity(
    db: Database, settings: Settings, clock: MutableClock, model: RiskModelRow, arrive: Ingest
) -> None:
    arrive(day_bills(40))

    run(db, settings, clock)

    assert lanes_of(db)["red"] == PLAN.capacity[Lane.RED]


def test_forced_rules_send_shipments_to_red_beyond_capacity(
    db: Database, settings: Settings, clock: MutableClock, model: RiskModelRow, arrive: Ingest
) -> None:
    arrive(day_bills(35))
    arrive(day_bills(3, start=100, hs_code=ARMS))
    arrive(day_bills(2, start=200, origin="KP"))

    summary = run(db, settings, clock)

    with db.transaction() as session:
        red = [d for d in decisions(session) if d.lane == "red"]
    assert len(red) == 5 > PLAN.capacity[Lane.RED]
    assert sorted(d.why for d in red) == ["red by rule ARMS-01"] * 3 + ["red by rule ORIGIN-01"] * 2
    # Capacity is used up by the holds: no random draw and no shipment chosen by score joins them.
    assert summary.lanes["red"] == 5 and not any(d.random_draw for d in red)
    assert all("ARMS-01" in d.rules_fired for d in red if d.why.endswith("ARMS-01"))


def test_a_forced_yellow_rule_sends_its_shipments_to_documents(
    db: Database, settings: Settings, clock: MutableClock, model: RiskModelRow, arrive: Ingest
) -> None:
    arrive(day_bills(20))
    arrive(day_bills(2, start=100, hs_code="284410"))

    run(db, settings, clock)

    with db.transaction() as session:
        nuclear = [d for d in decisions(session) if "NUCLEAR-01" in d.rules_fired]
    assert [(d.lane, d.why) for d in nuclear] == [("yellow", "yellow by rule NUCLEAR-01")] * 2


def test_the_random_quota_is_drawn_into_the_red_lane(
    db: Database, settings: Settings, clock: MutableClock, model: RiskModelRow, arrive: Ingest
) -> None:
    arrive(day_bills(40))

    summary = run(db, settings, clock)

    with db.transaction() as session:
        drawn = [d for d in decisions(session) if d.random_draw]
    quota = PLAN.random_quota(Lane.RED, 40)
    assert quota >= 1 and summary.random_draws >= quota
    assert len(drawn) == summary.random_draws
    assert {(d.lane, d.why) for d in drawn} == {("red", "red by random draw (control sample)")}


def test_members_can_be_drawn_at_random(
    db: Database, settings: Settings, clock: MutableClock, model: RiskModelRow, cast: Cast, arrive: Ingest
) -> None:
    with db.transaction() as session:
        certify(session, cast.acme, clock)
    arrive(day_bills(40, importer_id=ACME_IOR, consignee="Acme Imports LLC"))

    summary = run(db, settings, clock)

    with db.transaction() as session:
        rows = decisions(session)
    drawn = [d for d in rows if d.random_draw]
    assert {d.member_tier for d in rows} == {"tier_1"}
    assert len(drawn) == PLAN.random_quota(Lane.RED, 40) and all(d.lane == "red" for d in drawn)
    assert summary.members["member:red"] == PLAN.capacity[Lane.RED]
    # Trust lowers a member's score by a bounded offset; it never exempts the member.
    assert all(d.trust_offset < 0 for d in rows)


def test_a_member_pays_a_lower_score_than_a_non_member_for_the_same_goods(
    db: Database, settings: Settings, clock: MutableClock, model: RiskModelRow, cast: Cast, arrive: Ingest
) -> None:
    with db.transaction() as session:
        certify(session, cast.acme, clock)
    arrive(day_bills(1, start=1, importer_id=ACME_IOR, consignee="Acme Imports LLC", lines=[goods()]))
    arrive(day_bills(1, start=2, importer_id=BRAVO_IOR, consignee="Bravo Traders", lines=[goods()]))

    run(db, settings, clock)

    with db.transaction() as session:
        member, other = sorted(decisions(session), key=lambda d: d.member_tier, reverse=True)
    assert (member.member_tier, other.member_tier) == ("tier_1", "none")
    assert member.trust_offset < 0 == other.trust_offset
    assert member.score - member.trust_offset == pytest.approx(other.score - other.trust_offset, abs=0.05)


def test_a_bill_without_declared_value_or_weight_is_targeted_with_the_rest(
    db: Database, settings: Settings, clock: MutableClock, model: RiskModelRow, arrive: Ingest
) -> None:
    arrive(day_bills(10))
    arrive(day_bills(1, start=50, lines=[goods(weight=None, value=None)]))

    summary = run(db, settings, clock)

    assert summary.shipments == 11 and sum(summary.lanes.values()) == 11


def test_only_the_chosen_port_is_targeted(
    db: Database, settings: Settings, clock: MutableClock, model: RiskModelRow, arrive: Ingest
) -> None:
    arrive(day_bills(10))
    arrive(day_bills(4, start=900, port="USNYC"))

    summary = run(db, settings, clock, port="usnyc")

    with db.transaction() as session:
        assert {d.port for d in decisions(session)} == {"USNYC"}
    assert (summary.shipments, summary.port) == (4, "USNYC")


def test_a_day_without_arrivals_assigns_nothing(
    db: Database, settings: Settings, clock: MutableClock, model: RiskModelRow
) -> None:
    summary = run(db, settings, clock)

    assert (summary.run_id, summary.shipments, summary.lanes) == (None, 0, {})


def test_targeting_without_a_trained_model_is_refused(
    db: Database, settings: Settings, clock: MutableClock, arrive: Ingest
) -> None:
    arrive(day_bills(5))

    with pytest.raises(Conflict, match="no risk model"):
        run(db, settings, clock)


def test_running_a_day_again_keeps_an_overridden_lane_and_an_examined_shipment(
    db: Database, settings: Settings, clock: MutableClock, model: RiskModelRow, arrive: Ingest
) -> None:
    arrive(day_bills(40))
    first = run(db, settings, clock)
    with db.transaction() as session:
        rows = decisions(session)
        green = next(d for d in rows if d.lane == "green")
        red = next(d for d in rows if d.lane == "red")
        targeting.override_lane(
            session,
            actor=SYSTEM,
            decision_id=green.id,
            lane="red",
            reason="intelligence",
            note="tip from the port police",
            clock=clock,
        )
        targeting.record_exam(
            session, actor=SYSTEM, bill_id=red.bill_id, outcome="nothing_found", clock=clock
        )
        kept = {green.id: (green.bill_id, "red"), red.id: (red.bill_id, "red")}

    clock.advance(hours=2)
    again = run(db, settings, clock, seed=99)

    with db.transaction() as session:
        rows = decisions(session)
        now = {d.id: (d.bill_id, d.lane) for d in rows}
        overrides = targeting.shipment_lane(session, actor=SYSTEM, bill_id=green.bill_id).overrides
    assert again.kept == 2 and again.run_id != first.run_id
    # The summary gives the day's lanes as they stand, the kept decisions included.
    assert sum(again.lanes.values()) == 40
    assert {i: now[i] for i in kept} == kept
    assert len(now) == 40
    assert [(o.from_lane, o.to_lane) for o in overrides] == [("green", "red")]
    assert all(d.run_id == again.run_id for d in rows if d.id not in kept)


def raise_greens_to_red(db: Database, clock: MutableClock, count: int) -> set[int]:
    """An officer moves `count` released filings of the day to red; returns their bill ids."""
    with db.transaction() as session:
        greens = [d for d in decisions(session) if d.lane == "green"][:count]
        for decision in greens:
            targeting.override_lane(
                session, actor=SYSTEM, decision_id=decision.id, lane="red", reason="intelligence",
                note="tip from the port police", clock=clock,
            )  # fmt: skip
        return {d.bill_id for d in greens}


def red_bills(db: Database) -> set[int]:
    with db.transaction() as session:
        return {d.bill_id for d in decisions(session) if d.lane == "red"}


def test_a_lane_kept_for_an_officer_uses_that_lanes_capacity_on_a_rerun(
    db: Database, settings: Settings, clock: MutableClock, model: RiskModelRow, arrive: Ingest
) -> None:
    arrive(day_bills(40))
    run(db, settings, clock)
    raised = raise_greens_to_red(db, clock, 2)

    again = run(db, settings, clock, seed=7)

    # Two of the three exams are the officer's; the engine fills only the one left.
    red = red_bills(db)
    assert raised <= red
    assert len(red) == PLAN.capacity[Lane.RED] and again.lanes["red"] == PLAN.capacity[Lane.RED]


def test_officers_raising_more_than_capacity_leave_the_engine_no_red_exams(
    db: Database, settings: Settings, clock: MutableClock, model: RiskModelRow, arrive: Ingest
) -> None:
    arrive(day_bills(40))
    run(db, settings, clock)
    raised = raise_greens_to_red(db, clock, PLAN.capacity[Lane.RED] + 1)

    run(db, settings, clock, seed=3)

    assert red_bills(db) == raised
