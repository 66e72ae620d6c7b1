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
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from greenlane.risk.estimator import RiskEstimator
from greenlane.risk.features import prepare_shipments
from greenlane.risk.lanes import LANE_ORDER, WHY, Lane, LanePlan, assign_lane_arrays, score_order
from greenlane.risk.modelpass import ModelPass
from greenlane.risk.rules import RuleHits, RuleSet
from greenlane.risk.trust import TrustPolicy

__all__ = ["TRUST_COLUMNS", "assign_lanes_by_port_day", "score_shipments"]

TRUST_COLUMNS = ("tier", "suspended_links", "unknown_links")
# From this many shipments, the port-days' score orders are sorted on two threads.
_THREADED_LANES_FROM = 100_000


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
    red/yellow lane), forced_lane, forced_rule, rules_fired and reasons (empty unless flagged). On a large
    batch the model runs on worker threads while rules and trust are evaluated (greenlane.risk.modelpass)."""
    frame = prepare_shipments(shipments if isinstance(shipments, pl.DataFrame) else list(shipments))
    policy = trust or TrustPolicy()
    ruleset = rules or RuleSet("none", 1, ())
    with ModelPass(estimator, frame) as model:
        hits = ruleset.evaluate_prepared(frame)
        tiers = (
            frame["tier"] if "tier" in frame.columns else pl.Series("tier", [None] * frame.height, pl.String)
        )
        offsets = policy.offsets(tiers, _column(frame, "suspended_links"), _column(frame, "unknown_links"))
        forced_by = hits.forcing_rule()
        lanes = [rule.lane for rule in ruleset.rules]
        holds = np.array([lane in (Lane.RED, Lane.YELLOW) for lane in lanes] + [False])[forced_by]
        columns = {
            "forced_lane": _per_rule([None if lane is None else lane.value for lane in lanes], forced_by),
            "forced_rule": _per_rule([rule.id for rule in ruleset.rules], forced_by),
            "rules_fired": hits.fired_ids(),
        }
        probability, model_score = model.result()
    score = model_score + hits.weight + offsets
    flagged = (score >= policy.high_risk_threshold) | holds
    result = pl.DataFrame(
        {
            "declaration_id": frame["declaration_id"],
            "probability": probability,
            "model_score": model_score,
            "rule_weight": hits.weight,
            "trust_offset": offsets,
            "score": score,
            "flagged": flagged,
            **columns,
        }
    )
    return result.with_columns(_reasons(frame, estimator, hits, policy, np.flatnonzero(flagged), top_reasons))


def _per_rule(values: list[str | None], forced_by: npt.NDArray[np.intp]) -> pl.Series:
    """Each shipment's value for the rule that forced its lane (-1: none, null)."""
    return pl.Series([*values, None], dtype=pl.String).gather(np.where(forced_by < 0, len(values), forced_by))


def _column(frame: pl.DataFrame, name: str) -> npt.NDArray[np.float64] | None:
    if name not in frame.columns:
        return None
    return np.asarray(frame[name].cast(pl.Float64).fill_null(0).to_numpy(), dtype=np.float64)


def _reasons(
    frame: pl.DataFrame, estimator: RiskEstimator, hits: RuleHits, policy: TrustPolicy, chosen: Any, top: int
) -> pl.Series:
    """Rules that fired, then the model's top contributions, then trust, for the flagged shipments only."""
    texts: list[list[str]] = []
    if len(chosen) and top > 0:
        for i, model_reasons in zip(chosen, estimator.explain(frame[chosen], top=top), strict=True):
            row = int(i)
            links = {
                c: int(frame[c][row] or 0) for c in ("suspended_links", "unknown_links") if c in frame.columns
            }
            tier = frame["tier"][row] if "tier" in frame.columns else None
            texts.append(
                [
                    *(reason for _, reason in hits.fired(row)),
                    *(r.text for r in model_reasons),
                    *policy.offset(tier, **links).reasons,
                ]
            )
    # The explained rows' lists, then one empty list that every other row points at.
    position = np.full(frame.height, len(texts), dtype=np.uint32)
    if texts:
        position[chosen] = np.arange(len(texts), dtype=np.uint32)
    return pl.Series("reasons", [*texts, []], dtype=pl.List(pl.String)).gather(position)


def assign_lanes_by_port_day(
    scored: pl.DataFrame, shipments: pl.DataFrame, plan: LanePlan, *, seed: int = 0
) -> pl.DataFrame:
    """Lanes for every port (office_id) and day of the batch; `scored` comes from score_shipments on the
    same `shipments`. Each port-day gets its own random draws from a generator seeded by `seed`, port-days
    taken in order of their first shipment."""
    rng = np.random.default_rng(seed)
    lane_codes = {lane.value: i for i, lane in enumerate(LANE_ORDER)}
    forced = scored["forced_lane"].replace_strict(lane_codes, default=-1, return_dtype=pl.Int64).fill_null(-1)
    forced_all = forced.to_numpy().astype(np.intp)
    scores = scored["score"].to_numpy()
    lane_of = np.empty(len(scores), dtype=np.intp)
    why = np.empty(len(scores), dtype=np.intp)
    rank = np.empty(len(scores), dtype=np.intp)
    groups = _port_days(shipments)
    for index, order in zip(groups, _score_orders(scores, groups), strict=True):
        lane_of[index], why[index], rank[index] = assign_lane_arrays(
            scores[index], plan, forced_all[index], rng, order=order
        )
    lanes = pl.Series("lane", [lane.value for lane in LANE_ORDER], dtype=pl.String).gather(lane_of)
    return scored.with_columns(lanes, _explanations(lanes, why, rank, scored["forced_rule"]))


def _port_days(shipments: pl.DataFrame) -> list[npt.NDArray[np.intp]]:
    """Row numbers of each port-day, port-days in order of first appearance and rows in frame order."""
    prepared = shipments.schema.get("date") == pl.Date and shipments.schema.get("office_id") == pl.String
    frame = shipments if prepared else prepare_shipments(shipments)
    groups = (
        frame.select("office_id", "date")
        .with_row_index("_row")
        .group_by("office_id", "date", maintain_order=True)
        .agg("_row")["_row"]
    )
    if groups.is_empty():
        return []
    rows = groups.explode().to_numpy().astype(np.intp)
    return np.split(rows, np.cumsum(groups.list.len().to_numpy())[:-1])


def _score_orders(
    scores: npt.NDArray[np.float64], groups: list[npt.NDArray[np.intp]]
) -> list[npt.NDArray[np.intp]]:
    """Each port-day's score order. They need no random draw, so a large batch sorts them on two threads
    (numpy sorts outside the interpreter lock) before the draws, which must go port-day by port-day."""

    def one(index: npt.NDArray[np.intp]) -> npt.NDArray[np.intp]:
        return score_order(scores[index])

    if len(scores) < _THREADED_LANES_FROM:
        return [one(index) for index in groups]
    with ThreadPoolExecutor(2) as pool:
        return list(pool.map(one, groups))


_RELEASED = "released: below the day's examination capacity"


def _explanations(
    lanes: pl.Series, why: npt.NDArray[np.intp], rank: npt.NDArray[np.intp], rule: pl.Series
) -> pl.Series:
    """The words of LaneAssignment.explanation, built column-wise and only for the shipments sent to a
    control lane: the released ones (most of a day) all share one sentence."""
    controlled = np.flatnonzero(why != WHY.index("release"))
    parts = pl.DataFrame(
        {"lane": lanes.gather(controlled), "why": why[controlled], "rank": rank[controlled]}
    ).with_columns(rule.gather(controlled).alias("rule"))
    text = parts.select(
        pl.when(pl.col("why") == WHY.index("forced"))
        .then(pl.format("{} by rule {}", "lane", "rule"))
        .when(pl.col("why") == WHY.index("random"))
        .then(pl.format("{} by random draw (control sample)", "lane"))
        .otherwise(pl.format("{}: risk rank {} of the day", "lane", "rank"))
        .alias("lane_why")
    )["lane_why"]
    position = np.full(len(why), len(controlled), dtype=np.uint32)
    position[controlled] = np.arange(len(controlled), dtype=np.uint32)
    return text.append(pl.Series([_RELEASED], dtype=pl.String)).gather(position)
