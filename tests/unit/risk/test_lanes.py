from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from greenlane.core.errors import ValidationFailed
from greenlane.risk.lanes import Lane, LanePlan, assign_lanes

CONTROL = (Lane.RED, Lane.YELLOW, Lane.BLUE)

plans = st.builds(
    lambda red, yellow, blue, random_red, random_yellow, red_capacity: LanePlan(
        rates={Lane.RED: red, Lane.YELLOW: yellow, Lane.BLUE: blue},
        random_rates={Lane.RED: min(random_red, red), Lane.YELLOW: min(random_yellow, yellow)},
        capacity={} if red_capacity is None else {Lane.RED: red_capacity},
    ),
    st.floats(0, 0.3),
    st.floats(0, 0.3),
    st.floats(0, 0.3),
    st.floats(0, 0.1),
    st.floats(0, 0.1),
    st.none() | st.integers(0, 20),
)


@st.composite
def days(draw: st.DrawFn) -> tuple[np.ndarray, list[tuple[Lane, str] | None]]:
    n = draw(st.integers(0, 300))
    scores = np.array(draw(st.lists(st.floats(0, 2), min_size=n, max_size=n)), dtype=np.float64)
    forced = draw(
        st.lists(st.none() | st.sampled_from([(Lane.RED, "R1"), (Lane.YELLOW, "Y1")]), min_size=n, max_size=n)
    )
    return scores, forced


@settings(max_examples=60, deadline=None)
@given(plan=plans, day=days(), seed=st.integers(0, 2**32 - 1))
def test_no_lane_takes_more_than_its_quota_except_through_forced_rules(
    plan: LanePlan, day, seed: int
) -> None:  # type: ignore[no-untyped-def]
    scores, forced = day
    lanes = assign_lanes(scores, plan, forced=forced, rng=seed)
    for lane in CONTROL:
        forced_here = sum(1 for a in lanes if a.lane == lane and a.why == "forced")
        others = sum(1 for a in lanes if a.lane == lane and a.why != "forced")
        assert others <= max(plan.quota(lane, len(scores)) - forced_here, 0)


@settings(max_examples=60, deadline=None)
@given(plan=plans, day=days(), seed=st.integers(0, 2**32 - 1))
def test_the_random_share_is_honoured_whenever_capacity_allows(plan: LanePlan, day, seed: int) -> None:  # type: ignore[no-untyped-def]
    scores, forced = day
    n = len(scores)
    lanes = assign_lanes(scores, plan, forced=forced, rng=seed)
    free = sum(1 for f in forced if f is None)
    for lane in CONTROL:
        drawn = sum(1 for a in lanes if a.lane == lane and a.why == "random")
        room = plan.quota(lane, n) - sum(1 for a in lanes if a.lane == lane and a.why == "forced")
        earlier = sum(1 for a in lanes if a.why == "random" and a.lane.severity > lane.severity)
        expected = plan.random_rates.get(lane, 0.0) * n
        wanted = {math.floor(expected), math.ceil(expected)}
        assert drawn in {min(w, max(room, 0), free - earlier) for w in wanted}


@settings(max_examples=50, deadline=None)
@given(day=days(), seed=st.integers(0, 2**32 - 1))
def test_forced_rules_come_first_and_score_fills_from_the_top(day, seed: int) -> None:  # type: ignore[no-untyped-def]
    scores, forced = day
    lanes = assign_lanes(scores, LanePlan(), forced=forced, rng=seed)
    assert all(a.lane == f[0] and a.rule_id == f[1] for a, f in zip(lanes, forced, strict=True) if f)
    by_score = [scores[a.index] for a in lanes if a.why == "score"]
    released = [scores[a.index] for a in lanes if a.why == "release"]
    if by_score and released:
        assert min(by_score) >= max(released)


def test_members_with_low_scores_are_still_drawn_at_random() -> None:
    scores = np.r_[np.zeros(50), np.ones(950)]  # the first 50 shipments are members with an offset
    counts: Counter[str] = Counter()
    for seed in range(40):
        for a in assign_lanes(scores, LanePlan(random_rates={Lane.RED: 0.01}), rng=seed):
            if a.index < 50 and a.why == "random":
                counts[a.lane.value] += 1
    assert counts["red"] > 0


def test_each_shipment_gets_a_lane_and_a_readable_why() -> None:
    lanes = assign_lanes(
        [0.9, 0.1, 0.5],
        LanePlan(rates={Lane.RED: 0.34}, random_rates={}),
        forced=[None, (Lane.YELLOW, "DOC-1"), None],
        rng=0,
    )
    assert [a.lane for a in lanes] == [Lane.RED, Lane.YELLOW, Lane.GREEN]
    assert lanes[0].explanation() == "red: risk rank 1 of the day"
    assert lanes[1].explanation() == "yellow by rule DOC-1"
    assert lanes[2].explanation().startswith("released")


def test_capacity_in_exams_per_day_replaces_the_rate() -> None:
    lanes = assign_lanes(np.linspace(0, 1, 100), LanePlan(capacity={Lane.RED: 7}, random_rates={}), rng=1)
    assert sum(a.lane == Lane.RED for a in lanes) == 7


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"rates": {Lane.RED: 0.7, Lane.YELLOW: 0.5}}, "rates"),
        ({"rates": {Lane.GREEN: 0.1}}, "rates.green"),
        ({"rates": {Lane.RED: 0.01}, "random_rates": {Lane.RED: 0.05}}, "random_rates.red"),
    ],
)
def test_an_impossible_plan_is_refused(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        LanePlan(**kwargs)  # type: ignore[arg-type]
    assert caught.value.field == field


def test_small_days_still_get_their_share_of_control_draws_on_average() -> None:
    """0.5 % of 40 shipments is 0.2 draws: rounding never draws; stochastic rounding draws 1 day in 5."""
    plan = LanePlan(random_rates={Lane.RED: 0.005})
    rng = np.random.default_rng(3)
    days = 2_000
    drawn = sum(
        sum(1 for a in assign_lanes(np.linspace(0, 1, 40), plan, rng=rng) if a.why == "random")
        for _ in range(days)
    )
    assert 0.15 < drawn / days < 0.25
