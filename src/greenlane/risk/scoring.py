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
import polars as pl

from greenlane.risk.estimator import RiskEstimator
from greenlane.risk.features import prepare_shipments
from greenlane.risk.lanes import Lane, LanePlan, assign_lanes
from greenlane.risk.rules import RuleSet
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
    policy = trust or TrustPolicy()
    matrix = estimator.transform_features(frame)
    probability = estimator.probability_from_matrix(matrix)
    model_score = probability * (
        1.0 + estimator.critical_weight * estimator.critical_share_from_matrix(matrix)
    )
    hits = rules.evaluate(frame) if rules is not None else None
    rule_weight = hits.weight if hits is not None else np.zeros(frame.height)
    tiers = frame["tier"].to_list() if "tier" in frame.columns else [None] * frame.height
    offsets = policy.offsets(tiers, _column(frame, "suspended_links"), _column(frame, "unknown_links"))
    score = model_score + rule_weight + offsets
    forced = hits.forced if hits is not None else [None] * frame.height
    flagged = (score >= policy.high_risk_threshold) | np.array(
        [f is not None and f[0] in (Lane.RED, Lane.YELLOW) for f in forced], dtype=bool
    )
    reasons: list[list[str]] = [[] for _ in range(frame.height)]
    chosen = np.flatnonzero(flagged)
    if len(chosen) and top_reasons > 0:
        explained = estimator.explain(frame[chosen], top=top_reasons)
        for i, model_reasons in zip(chosen, explained, strict=True):
            reasons[i] = _reasons(int(i), model_reasons, hits, policy, frame, tiers)
    return pl.DataFrame(
        {
            "declaration_id": frame["declaration_id"],
            "probability": probability,
            "model_score": model_score,
            "rule_weight": rule_weight,
            "trust_offset": offsets,
            "score": score,
            "flagged": flagged,
            "forced_lane": [f[0].value if f else None for f in forced],
            "forced_rule": [f[1] if f else None for f in forced],
            "rules_fired": [[rid for rid, _ in fired] for fired in hits.fired]
            if hits
            else [[]] * frame.height,
            "reasons": reasons,
        },
        schema_overrides={
            "forced_lane": pl.String,
            "forced_rule": pl.String,
            "rules_fired": pl.List(pl.String),
            "reasons": pl.List(pl.String),
        },
    )


def _column(frame: pl.DataFrame, name: str) -> np.ndarray[Any, Any] | None:
    return frame[name].cast(pl.Float64).fill_null(0).to_numpy() if name in frame.columns else None


def _reasons(
    i: int,
    model_reasons: Sequence[Any],
    hits: Any,
    policy: TrustPolicy,
    frame: pl.DataFrame,
    tiers: list[Any],
) -> list[str]:
    texts = [reason for _, reason in hits.fired[i]] if hits is not None else []
    texts += [r.text for r in model_reasons]
    links = {
        name: int(frame[name][i] or 0)
        for name in ("suspended_links", "unknown_links")
        if name in frame.columns
    }
    texts += list(policy.offset(tiers[i], **links).reasons)
    return texts


def assign_lanes_by_port_day(
    scored: pl.DataFrame, shipments: pl.DataFrame, plan: LanePlan, *, seed: int = 0
) -> pl.DataFrame:
    """Lanes for every port (office_id) and day of the batch; `scored` comes from score_shipments on the
    same `shipments`. Each port-day gets its own random draws from a generator seeded by `seed`."""
    frame = prepare_shipments(shipments).with_row_index("_row").select("_row", "office_id", "date")
    rng = np.random.default_rng(seed)
    lane = np.empty(frame.height, dtype=object)
    why = np.empty(frame.height, dtype=object)
    for _, group in frame.group_by(["office_id", "date"], maintain_order=True):
        rows = group["_row"].to_numpy()
        forced = [
            (Lane(scored["forced_lane"][int(r)]), str(scored["forced_rule"][int(r)]))
            if scored["forced_lane"][int(r)] is not None
            else None
            for r in rows
        ]
        for assignment in assign_lanes(scored["score"].to_numpy()[rows], plan, forced=forced, rng=rng):
            lane[rows[assignment.index]] = assignment.lane.value
            why[rows[assignment.index]] = assignment.explanation()
    return scored.with_columns(
        pl.Series("lane", lane, dtype=pl.String), pl.Series("lane_why", why, dtype=pl.String)
    )
