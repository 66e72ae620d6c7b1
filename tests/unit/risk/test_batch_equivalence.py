"""The batch fast paths give exactly what the plain computations give: the model run in slices on worker
threads, fired rules gathered per combination, lanes filled with the score orders sorted ahead, and lane
explanations worded only for controlled shipments."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal, assert_series_equal

from greenlane.risk.estimator import RiskEstimator
from greenlane.risk.features import prepare_shipments
from greenlane.risk.lanes import Lane, LanePlan, assign_lanes
from greenlane.risk.modelpass import ModelPass, model_scores
from greenlane.risk.rules import parse_ruleset
from greenlane.risk.scoring import assign_lanes_by_port_day, score_shipments
from tests.unit.risk.builders import make_shipments


def _rule(rule_id: str, when: dict[str, object], **effect: object) -> dict[str, object]:
    return {"id": rule_id, "reason": rule_id.lower(), "when": [when], **effect}


RULES = parse_ruleset(
    {
        "ruleset": "t",
        "version": 1,
        "rules": [
            _rule("ARMS", {"field": "hs6", "prefix_in": ["95"]}, lane="red"),
            _rule("DOCS", {"field": "origin_country", "in": ["VN"]}, lane="yellow"),
            _rule("ROUTE", {"field": "departure_country", "differs_from": "origin_country"}, weight=0.1),
            _rule("NOSELLER", {"field": "seller_id", "missing": True}, weight=0.05),
            _rule("CHEAP", {"field": "unit_value", "less_than": 50}, weight=0.2),
        ],
    }
)


@pytest.fixture(scope="module")
def estimator() -> RiskEstimator:
    return RiskEstimator(n_estimators=30, num_leaves=7, random_state=0).fit(make_shipments(1500, seed=6))


@pytest.fixture(scope="module")
def arrivals() -> pl.DataFrame:
    frame = make_shipments(3000, seed=9, start=date(2020, 6, 1), days=4).drop("fraud", "critical_fraud")
    return prepare_shipments(frame.with_columns(pl.lit("none").alias("tier")))


@pytest.mark.parametrize("slice_rows", [1, 7, 500, 2999, 3000])
def test_the_model_in_slices_on_worker_threads_gives_the_single_pass_figures_exactly(
    estimator: RiskEstimator, arrivals: pl.DataFrame, slice_rows: int
) -> None:
    frame = arrivals.head(40) if slice_rows == 1 else arrivals
    whole = model_scores(estimator, frame)
    with ModelPass(estimator, frame, slice_rows=slice_rows) as model:
        sliced = model.result()
    for a, b in zip(whole, sliced, strict=True):
        assert np.array_equal(a, b)
    matrix = estimator.transform_features(frame)
    probability = estimator.probability_from_matrix(matrix)
    assert np.array_equal(whole[1], estimator.risk_score_from_matrix(matrix))
    assert np.array_equal(whole[0], probability)


def test_rules_fired_per_combination_match_the_shipment_rule_pairs(arrivals: pl.DataFrame) -> None:
    hits = RULES.evaluate(arrivals)
    assert hits.matrix.any(axis=1).mean() > 0.1
    assert_series_equal(hits.fired_ids(), hits._fired_ids_by_pairs())
    plain = [[RULES.rules[r].id for r in np.flatnonzero(row)] for row in hits.matrix]
    assert hits.fired_ids().to_list() == plain


def test_the_forcing_rule_is_the_most_severe_then_the_first_in_the_file(arrivals: pl.DataFrame) -> None:
    hits = RULES.evaluate(arrivals)
    expected = []
    for row in hits.matrix:
        forcing = [r for r in np.flatnonzero(row) if RULES.rules[r].lane is not None]
        severity = [RULES.rules[r].lane.severity for r in forcing]  # type: ignore[union-attr]
        expected.append(forcing[int(np.argmax(severity))] if forcing else -1)
    assert hits.forcing_rule().tolist() == expected
    assert [None if r < 0 else RULES.rules[r].id for r in expected] == hits.forced_rule.tolist()


def test_lanes_by_port_day_are_those_of_assign_lanes_day_by_day(
    estimator: RiskEstimator, arrivals: pl.DataFrame
) -> None:
    """The per-shipment API with one generator taken across port-days in order of first appearance."""
    scored = score_shipments(arrivals, estimator, rules=RULES, top_reasons=0)
    plan = LanePlan(rates={Lane.RED: 0.05, Lane.YELLOW: 0.05, Lane.BLUE: 0.02}, random_rates={Lane.RED: 0.01})
    laned = assign_lanes_by_port_day(scored, arrivals, plan, seed=5)
    rng = np.random.default_rng(5)
    lane, why = [""] * arrivals.height, [""] * arrivals.height
    days = arrivals.with_row_index("_row").group_by("office_id", "date", maintain_order=True).agg("_row")
    forced_lane, forced_rule = scored["forced_lane"].to_list(), scored["forced_rule"].to_list()
    for rows in days["_row"].to_list():
        forced = [None if forced_lane[i] is None else (Lane(forced_lane[i]), forced_rule[i]) for i in rows]
        for i, assignment in zip(
            rows, assign_lanes(scored["score"].to_numpy()[rows], plan, forced=forced, rng=rng), strict=True
        ):
            lane[i], why[i] = assignment.lane.value, assignment.explanation()
    assert laned["lane"].to_list() == lane
    assert laned["lane_why"].to_list() == why
    assert {"red", "yellow", "blue", "green"} <= set(lane)


def test_a_large_batch_sorts_port_days_on_threads_with_the_same_lanes(
    estimator: RiskEstimator, arrivals: pl.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    import greenlane.risk.scoring as scoring

    scored = score_shipments(arrivals, estimator, rules=RULES, top_reasons=0)
    plain = assign_lanes_by_port_day(scored, arrivals, LanePlan(), seed=2)
    monkeypatch.setattr(scoring, "_THREADED_LANES_FROM", 1)
    assert_frame_equal(assign_lanes_by_port_day(scored, arrivals, LanePlan(), seed=2), plain)
