"""The inspection loop benchmark (docs/benchmarks.md section 2). The training year is the fully labelled
history; the test period arrives in 7-day batches. Each week a policy picks k = round(rate x batch)
declarations to examine, only their outcomes are revealed, and the model is retrained on everything known
before the next week. Policies: pure exploitation (top scores), exploitation plus 10 % random checks, and
greenlane's policy (a smaller random control sample, plus a per-declarant and per-importer correction
learned from how exam outcomes differed from the model's expectation, sampled from its posterior so that
thinly evidenced groups are explored; random checks weigh more in retraining because they are the unbiased
sample). A drift scenario changes the fraud pattern from a given week (see DriftInjection)."""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from greenlane.core.errors import ValidationFailed
from greenlane.risk.drift_injection import DriftInjection, week_numbers
from greenlane.risk.estimator import RiskEstimator
from greenlane.risk.features import LABEL_COLUMNS
from greenlane.risk.metrics import inspected_count
from greenlane.risk.policies import POLICIES, ExamMemory, Policy, select

__all__ = ["ONLINE_MODEL", "OnlineReport", "evaluate_online", "run_stream"]

FloatArray = npt.NDArray[np.float64]
# A lighter model than the static one: the loop retrains about 150 times per seed.
ONLINE_MODEL: dict[str, Any] = {
    "n_estimators": 100,
    "learning_rate": 0.15,
    "num_leaves": 15,
    "calibration": "none",
}


@dataclass(frozen=True)
class OnlineReport:
    weeks: list[dict[str, Any]]
    summary: dict[str, dict[str, dict[str, dict[str, float]]]]
    seeds: tuple[int, ...]
    drift: DriftInjection

    def to_json(self) -> dict[str, Any]:
        return {
            "protocol": "online (docs/benchmarks.md section 2)",
            "seeds": list(self.seeds),
            "drift": self.drift.describe(),
            "summary": self.summary,
            "per_week": self.weeks,
        }


Fit = Callable[[pl.DataFrame, FloatArray, int], RiskEstimator]


def _fit(history: pl.DataFrame, weights: FloatArray, seed: int) -> RiskEstimator:
    return RiskEstimator(**ONLINE_MODEL, random_state=seed).fit(history, sample_weight=weights)


def run_stream(
    train: pl.DataFrame,
    stream: pl.DataFrame,
    *,
    rate: float,
    policy: Policy,
    seed: int,
    new_scheme: npt.NDArray[np.bool_] | None = None,
    first_model: RiskEstimator | None = None,
    fit: Fit = _fit,
) -> list[dict[str, Any]]:
    """One policy over the whole stream; returns a row of figures per week."""
    weeks = week_numbers(stream)
    rng = np.random.default_rng([seed, zlib.crc32(policy.name.encode()), int(rate * 1000)])
    history, weights = train, np.ones(train.height)
    memory = ExamMemory()
    scheme = np.zeros(stream.height, bool) if new_scheme is None else new_scheme
    results = []
    for week in np.unique(weeks):
        in_week = weeks == week
        batch = stream.filter(pl.Series(in_week))
        model = (
            first_model if (first_model is not None and week == weeks.min()) else fit(history, weights, seed)
        )
        matrix = model.transform_features(batch.drop(LABEL_COLUMNS))
        probability = model.probability_from_matrix(matrix)
        boost = memory.boost(batch, rng, policy.group_prior) if policy.learn_groups else None
        k = inspected_count(batch.height, rate)
        selection = select(policy, model.risk_score_from_matrix(matrix), k, rng, boost)
        chosen, drawn = selection.chosen, selection.drawn
        outcome = batch["fraud"].to_numpy().astype(np.float64)
        found = float(outcome[chosen].sum())
        results.append(
            {
                "week": int(week),
                "rows": batch.height,
                "k": k,
                "frauds": int(outcome.sum()),
                "found": int(found),
                "precision": found / k if k else float("nan"),
                "recall": found / outcome.sum() if outcome.sum() else float("nan"),
                "random_hits": int(outcome[chosen[drawn]].sum()),
                "random_checks": int(drawn.sum()),
                "new_scheme_found": int(outcome[chosen][scheme[in_week][chosen]].sum()),
            }
        )
        memory.record(batch, selection, probability)
        examined = np.zeros(batch.height, bool)
        examined[chosen] = True
        revealed = batch.with_columns(
            [pl.when(pl.Series(examined)).then(pl.col(c)).otherwise(None).alias(c) for c in LABEL_COLUMNS]
        )
        week_weights = np.ones(batch.height)
        week_weights[chosen] = policy.recent_weight
        week_weights[chosen[drawn]] = policy.recent_weight * policy.random_weight
        history = pl.concat([history, revealed], how="vertical_relaxed")
        weights = np.concatenate([weights, week_weights])
    return results


def evaluate_online(
    train: pl.DataFrame,
    test: pl.DataFrame,
    *,
    seeds: Sequence[int] = (0,),
    rates: Sequence[float] = (0.05, 0.10),
    policies: Sequence[Policy] = POLICIES,
    drift: DriftInjection | None = None,
    progress: Callable[[str], None] | None = None,
) -> OnlineReport:
    """Every policy at every rate, without and with the drift injection, per seed."""
    if any(c not in test.columns or test[c].null_count() for c in LABEL_COLUMNS):
        raise ValidationFailed("the test data needs fraud and critical_fraud on every row", field="fraud")
    injection = drift or DriftInjection()
    rows: list[dict[str, Any]] = []
    for seed in seeds:
        first = _fit(train, np.ones(train.height), seed)  # week 1 sees only the training year: shared
        drifted, scheme = injection.apply(train, test, seed)
        for scenario, stream, mask in (("stable", test, None), ("drift", drifted, scheme)):
            for rate in rates:
                for policy in policies:
                    for row in run_stream(
                        train, stream, rate=rate, policy=policy, seed=seed, new_scheme=mask, first_model=first
                    ):
                        rows.append(
                            {"scenario": scenario, "rate": rate, "policy": policy.name, "seed": seed, **row}
                        )
                    if progress is not None:
                        progress(f"seed {seed} {scenario} {rate:.0%} {policy.name}")
    return OnlineReport(rows, _summarise(rows, injection.start_week), tuple(seeds), injection)


def _number(value: Any) -> float:
    """A mean over no weeks (a stream shorter than the drift week) is NaN, not an error."""
    return float("nan") if value is None else float(value)


def _summarise(
    rows: list[dict[str, Any]], start_week: int
) -> dict[str, dict[str, dict[str, dict[str, float]]]]:
    """Mean (and std over seeds of the per-seed means) of weekly precision and recall, overall and from the
    drift week on."""
    frame = pl.DataFrame(rows)
    summary: dict[str, dict[str, dict[str, dict[str, float]]]] = {}
    per_seed = frame.group_by("scenario", "rate", "policy", "seed").agg(
        pl.col("precision").mean(),
        pl.col("recall").mean(),
        pl.col("precision").filter(pl.col("week") >= start_week).mean().alias("precision_from_drift_week"),
        pl.col("recall").filter(pl.col("week") >= start_week).mean().alias("recall_from_drift_week"),
    )
    figures = ("precision", "recall", "precision_from_drift_week", "recall_from_drift_week")
    for (scenario, rate, policy), group in per_seed.group_by("scenario", "rate", "policy"):
        entry = {name: _number(group[name].mean()) for name in figures}
        entry |= {f"{name}_std": _number(group[name].std(ddof=0)) for name in figures}
        summary.setdefault(str(scenario), {}).setdefault(f"{float(rate) * 100:g}", {})[str(policy)] = entry
    return summary
