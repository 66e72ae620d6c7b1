"""Scoring a batch of shipments end to end for targeting: the model's risk score, plus the weights of the
selectivity rules that fired, plus the trust offset of the importer's membership and supply chain; the
forced lane of any rule; and reasons for the flagged shipments only (model contributions, rules, trust).
Then lanes are filled per port and day. This is the entry point greenlane.targeting calls with manifest
shipments converted to the shipment frame of greenlane.risk.features, with three optional columns more:

    tier (text: none, tier_1, tier_2, tier_3)   importer's membership tier; absent or unknown = none
    suspended_links (integer)                   suspended business partners in its supply chain
    unknown_links (integer)                     supply-chain partners not known to the program
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from greenlane.risk.estimator import RiskEstimator
from greenlane.risk.features import prepare_shipments
from greenlane.risk.lanes import LANE_ORDER, Lane, LanePlan, assign_lane_arrays
from greenlane.risk.rules import RuleHits, RuleSet
from greenlane.risk.trust import TrustPolicy

__all__ = ["TRUST_COLUMNS", "assign_lanes_by_port_day", "score_shipments"]

TRUST_COLUMNS = ("tier", "suspended_links", "unknown_links")


def score_shipments(
    shipments: pl.DataFrame | Sequence[Mapping[str, Any]],
    estimator: RiskEstimator,
    *,
    rules: RuleSet | None = None,
    trust: TrustPolicy | None = None,
    top_reasons: int = 3,
) -> pl.DataFrame:
    """One row per shipment, in input order: declaration_id, probability, model_score, rule_weight,
    trust_offset, score, flagged (score at or above the trust policy's high-risk threshold, or a forced
    red/yellow lane), forced_lane, forced_rule, rules_fired and reasons (empty unless flagged)."""
    frame = prepare_shipments(shipments if isinstance(shipments, pl.DataFrame) else list(shipments))
    n = frame.height
    policy = trust or TrustPolicy()
    matrix = estimator.transform_features(frame)
    probability = estimator.probability_from_matrix(matrix)
    model_score = probability * (
        1.0 + estimator.critical_weight * estimator.critical_share_from_matrix(matrix, probability)
    )
    hits = (rules or RuleSet("none", 1, ())).evaluate(frame)
    tiers = frame["tier"] if "tier" in frame.columns else pl.Series("tier", [None] * n, dtype=pl.String)
    offsets = policy.offsets(tiers, _column(frame, "suspended_links"), _column(frame, "unknown_links"))
    score = model_score + hits.weight + offsets
    forced_lane = np.array([None if lane is None else lane.value for lane in hits.forced_lane], dtype=object)
    flagged = (score >= policy.high_risk_threshold) | np.isin(
        forced_lane, [Lane.RED.value, Lane.YELLOW.value]
    )
    result = pl.DataFrame(
        {
            "declaration_id": frame["declaration_id"],
            "probability": probability,
            "model_score": model_score,
            "rule_weight": hits.weight,
            "trust_offset": offsets,
            "score": score,
            "flagged": flagged,
            "forced_lane": pl.Series(forced_lane.tolist(), dtype=pl.String),
            "forced_rule": pl.Series(hits.forced_rule.tolist(), dtype=pl.String),
        }
    ).with_columns(hits.fired_ids())
    return result.with_columns(_reasons(frame, estimator, hits, policy, np.flatnonzero(flagged), top_reasons))


def _column(frame: pl.DataFrame, name: str) -> npt.NDArray[np.float64] | None:
    if name not in frame.columns:
        return None
    return np.asarray(frame[name].cast(pl.Float64).fill_null(0).to_numpy(), dtype=np.float64)


def _reasons(
    frame: pl.DataFrame, estimator: RiskEstimator, hits: RuleHits, policy: TrustPolicy, chosen: Any, top: int
) -> pl.Series:
    """Rules that fired, then the model's top contributions, then trust, for the flagged shipments only."""
    texts: dict[int, list[str]] = {}
    if len(chosen) and top > 0:
        for i, model_reasons in zip(chosen, estimator.explain(frame[chosen], top=top), strict=True):
            row = int(i)
            links = {
                c: int(frame[c][row] or 0) for c in ("suspended_links", "unknown_links") if c in frame.columns
            }
            tier = frame["tier"][row] if "tier" in frame.columns else None
            texts[row] = [
                *(reason for _, reason in hits.fired(row)),
                *(r.text for r in model_reasons),
                *policy.offset(tier, **links).reasons,
            ]
    if not texts:
        empty = pl.lit([], dtype=pl.List(pl.String)).alias("reasons")
        return pl.DataFrame({"_": np.zeros(frame.height)}).with_columns(empty)["reasons"]
    index = pl.Series("_row", list(texts), dtype=pl.UInt32)
    found = pl.DataFrame([index, pl.Series("reasons", list(texts.values()), dtype=pl.List(pl.String))])
    rows = pl.DataFrame({"_row": pl.int_range(frame.height, eager=True, dtype=pl.UInt32)})
    joined = rows.join(found, on="_row", how="left").sort("_row")
    return joined.select(pl.col("reasons").fill_null(pl.lit([], dtype=pl.List(pl.String))))["reasons"]


def assign_lanes_by_port_day(
    scored: pl.DataFrame, shipments: pl.DataFrame, plan: LanePlan, *, seed: int = 0
) -> pl.DataFrame:
    """Lanes for every port (office_id) and day of the batch; `scored` comes from score_shipments on the
    same `shipments`. Each port-day gets its own random draws from a generator seeded by `seed`."""
    frame = prepare_shipments(shipments).with_row_index("_row").select("_row", "office_id", "date")
    rng = np.random.default_rng(seed)
    lane_codes = {lane.value: i for i, lane in enumerate(LANE_ORDER)}
    forced = scored["forced_lane"].replace_strict(lane_codes, default=-1, return_dtype=pl.Int64).fill_null(-1)
    forced_all = forced.to_numpy().astype(np.intp)
    scores = scored["score"].to_numpy()
    lane_of = np.empty(frame.height, dtype=np.intp)
    why = np.empty(frame.height, dtype=np.intp)
    rank = np.empty(frame.height, dtype=np.intp)
    # Port-days in order of first appearance, as index ranges of one stable sort: no Python list per row.
    first = frame.select(pl.col("_row").min().over(["office_id", "date"]).alias("first"))["first"]
    order = np.argsort(first.to_numpy(), kind="stable")
    bounds = np.flatnonzero(np.diff(first.to_numpy()[order])) + 1
    for index in np.split(order, bounds) if len(order) else []:
        lane_of[index], why[index], rank[index] = assign_lane_arrays(
            scores[index], plan, forced_all[index], rng
        )
    lanes = pl.Series("lane", np.array([lane.value for lane in LANE_ORDER])[lane_of], dtype=pl.String)
    return scored.with_columns(lanes, _explanations(lanes, why, rank, scored["forced_rule"]))


def _explanations(
    lanes: pl.Series, why: npt.NDArray[np.intp], rank: npt.NDArray[np.intp], rule: pl.Series
) -> pl.Series:
    """The words of LaneAssignment.explanation, built column-wise."""
    parts = pl.DataFrame({"lane": lanes, "why": why, "rank": rank, "rule": rule})
    text = parts.select(
        pl.when(pl.col("why") == 0)
        .then(pl.format("{} by rule {}", "lane", "rule"))
        .when(pl.col("why") == 1)
        .then(pl.format("{} by random draw (control sample)", "lane"))
        .when(pl.col("why") == 2)
        .then(pl.format("{}: risk rank {} of the day", "lane", "rank"))
        .otherwise(pl.lit("released: below the day's examination capacity"))
        .alias("lane_why")
    )
    return text["lane_why"]
