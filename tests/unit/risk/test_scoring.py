from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl
import pytest

from greenlane.risk.estimator import RiskEstimator
from greenlane.risk.lanes import Lane, LanePlan
from greenlane.risk.rules import parse_ruleset
from greenlane.risk.scoring import assign_lanes_by_port_day, score_shipments
from greenlane.risk.trust import TrustPolicy
from tests.unit.risk.builders import make_shipments

RULES = parse_ruleset(
    {
        "ruleset": "t",
        "version": 1,
        "rules": [
            {
                "id": "ARMS",
                "reason": "arms are always examined",
                "lane": "red",
                "when": [{"field": "hs6", "prefix_in": ["93"]}],
            },
        ],
    }
)


@pytest.fixture(scope="module")
def estimator() -> RiskEstimator:
    return RiskEstimator(n_estimators=30, num_leaves=7, random_state=0).fit(make_shipments(1200, seed=6))


@pytest.fixture()
def arrivals() -> pl.DataFrame:
    frame = make_shipments(200, seed=7, start=date(2020, 6, 1), days=2).drop("fraud", "critical_fraud")
    return frame.with_columns(
        pl.when(pl.int_range(pl.len()) == 0).then(pl.lit("930200")).otherwise(pl.col("hs6")).alias("hs6"),
        pl.lit("none").alias("tier"),
    )


def test_every_shipment_gets_a_score_and_only_flagged_ones_get_reasons(
    estimator: RiskEstimator, arrivals: pl.DataFrame
) -> None:
    scored = score_shipments(arrivals, estimator, rules=RULES)
    assert scored.height == arrivals.height
    assert scored["declaration_id"].to_list() == arrivals["declaration_id"].to_list()
    flagged = scored["flagged"].to_numpy()
    assert flagged.any() and not flagged.all()
    assert all(len(r) > 0 for r in scored.filter(pl.col("flagged"))["reasons"].to_list())
    assert all(len(r) == 0 for r in scored.filter(~pl.col("flagged"))["reasons"].to_list())
    assert scored["forced_lane"][0] == "red"
    assert scored["reasons"][0][0] == "arms are always examined"


def test_membership_lowers_the_score_by_the_bounded_offset_only(
    estimator: RiskEstimator, arrivals: pl.DataFrame
) -> None:
    policy = TrustPolicy(high_risk_threshold=0.5)
    plain = score_shipments(arrivals, estimator, trust=policy)
    members = score_shipments(arrivals.with_columns(pl.lit("tier_1").alias("tier")), estimator, trust=policy)
    assert np.allclose(plain["score"] - members["score"], 0.2 * 0.5)
    assert np.allclose(plain["model_score"], members["model_score"])


def test_weak_supply_chain_links_raise_the_score(estimator: RiskEstimator, arrivals: pl.DataFrame) -> None:
    plain = score_shipments(arrivals, estimator)
    weak = score_shipments(arrivals.with_columns(pl.lit(2).alias("suspended_links")), estimator)
    assert (weak["score"] > plain["score"]).all()


def test_lanes_are_filled_per_port_and_day_with_forced_rules_first(
    estimator: RiskEstimator, arrivals: pl.DataFrame
) -> None:
    scored = score_shipments(arrivals, estimator, rules=RULES)
    plan = LanePlan(rates={Lane.RED: 0.05, Lane.YELLOW: 0.05}, random_rates={Lane.RED: 0.01})
    laned = assign_lanes_by_port_day(scored, arrivals, plan, seed=3)
    assert laned["lane"][0] == "red" and laned["lane_why"][0] == "red by rule ARMS"
    per_day = (
        laned.with_columns(arrivals["office_id"], arrivals["date"])
        .group_by("office_id", "date")
        .agg(
            (pl.col("lane") == "red").sum().alias("red"),
            pl.len().alias("n"),
            pl.col("lane_why").str.contains("by rule").sum().alias("forced"),
        )
    )
    for red, n, forced in per_day.select("red", "n", "forced").iter_rows():
        assert red - forced <= max(plan.quota(Lane.RED, n) - forced, 0)


def test_a_batch_where_no_rule_forces_a_lane_scores_cleanly(
    estimator: RiskEstimator, arrivals: pl.DataFrame
) -> None:
    calm = arrivals.with_columns(pl.lit("847130").alias("hs6"))
    scored = score_shipments(calm, estimator, rules=RULES)
    assert scored["forced_lane"].null_count() == calm.height
    assert scored["rules_fired"].list.len().sum() == 0


def test_without_reasons_every_shipment_gets_an_empty_list(
    estimator: RiskEstimator, arrivals: pl.DataFrame
) -> None:
    scored = score_shipments(arrivals, estimator, rules=RULES, top_reasons=0)
    assert scored["reasons"].list.len().to_list() == [0] * arrivals.height
