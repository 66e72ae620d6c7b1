"""Watching whether the risk model still describes the traffic: the distribution of recent scores against the
training period (population stability index), the frauds found among examined shipments against what the
model predicted for them, and the hit rate of the random control draws against the base rate seen in
training. The random draws matter most: they are the only unbiased sample, so a rise there is the first
sign of a scheme the model cannot see. The monitor says whether to retrain and why, in plain words."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["DriftReference", "DriftReport", "check_drift", "population_stability"]

FloatArray = npt.NDArray[np.float64]
_EPSILON = 1e-4  # keeps an empty bin from making the index infinite


@dataclass(frozen=True)
class DriftReference:
    """The training period in brief: score bin edges, the share of scores in each bin, and the fraud rate."""

    edges: tuple[float, ...]
    shares: tuple[float, ...]
    base_rate: float

    @classmethod
    def from_scores(cls, scores: npt.ArrayLike, base_rate: float, *, bins: int = 10) -> DriftReference:
        values = np.asarray(scores, dtype=np.float64)
        edges = np.unique(np.quantile(values, np.linspace(0, 1, bins + 1)[1:-1]))
        counts = np.bincount(np.searchsorted(edges, values, side="right"), minlength=len(edges) + 1)
        return cls(
            tuple(float(e) for e in edges), tuple(float(c) for c in counts / counts.sum()), float(base_rate)
        )

    @classmethod
    def from_quantiles(cls, quantiles: list[float], base_rate: float) -> DriftReference:
        """From evenly spaced quantiles (minimum ... maximum), as stored with a trained estimator."""
        inner = np.unique(np.asarray(quantiles[1:-1], dtype=np.float64))
        share = 1.0 / (len(inner) + 1)
        return cls(tuple(float(e) for e in inner), tuple([share] * (len(inner) + 1)), float(base_rate))


@dataclass(frozen=True)
class DriftReport:
    psi: float
    predicted_frauds: float | None
    found_frauds: int | None
    random_hit_rate: float | None
    random_examined: int
    retrain: bool
    reasons: tuple[str, ...]


def population_stability(reference: DriftReference, scores: npt.ArrayLike) -> float:
    """PSI = sum (recent - reference) x ln(recent / reference) over the reference bins; by convention
    below 0.1 is stable, 0.1-0.25 a moderate shift, above 0.25 a major one."""
    values = np.asarray(scores, dtype=np.float64)
    counts = np.bincount(
        np.searchsorted(np.asarray(reference.edges), values, side="right"), minlength=len(reference.shares)
    )
    recent = np.maximum(counts / max(counts.sum(), 1), _EPSILON)
    expected = np.maximum(np.asarray(reference.shares), _EPSILON)
    return float(np.sum((recent - expected) * np.log(recent / expected)))


def check_drift(
    reference: DriftReference,
    probabilities: npt.ArrayLike,
    outcomes: npt.ArrayLike | None = None,
    *,
    random_draw: npt.ArrayLike | None = None,
    psi_limit: float = 0.25,
    z_limit: float = 3.0,
    min_examined: int = 30,
) -> DriftReport:
    """`probabilities` are the model's calibrated fraud probabilities for recent shipments, `outcomes` the
    exam results (NaN where not examined), `random_draw` marks the shipments examined because they were
    drawn."""
    p = np.asarray(probabilities, dtype=np.float64)
    psi = population_stability(reference, p)
    reasons: list[str] = []
    retrain = psi > psi_limit
    if retrain:
        reasons.append(f"scores have shifted since training (PSI {psi:.2f} > {psi_limit})")
    predicted = found = None
    random_rate: float | None = None
    random_n = 0
    if outcomes is not None:
        y = np.asarray(outcomes, dtype=np.float64)
        examined = ~np.isnan(y)
        if examined.sum() >= min_examined:
            predicted, found = float(p[examined].sum()), int(y[examined].sum())
            spread = math.sqrt(max(float(np.sum(p[examined] * (1 - p[examined]))), 1e-9))
            z = (found - predicted) / spread
            if abs(z) > z_limit:
                retrain = True
                reasons.append(
                    f"examinations found {found} frauds where the model expected {predicted:.0f} (z {z:+.1f})"
                )
        drawn = examined & (
            np.asarray(random_draw, dtype=bool) if random_draw is not None else np.zeros(len(y), bool)
        )
        random_n = int(drawn.sum())
        if random_n:
            random_rate = float(y[drawn].mean())
        if random_n >= min_examined and random_rate is not None:
            base = min(max(reference.base_rate, 1e-6), 1 - 1e-6)
            z = (random_rate - base) / math.sqrt(base * (1 - base) / random_n)
            if abs(z) > z_limit:
                retrain = True
                reasons.append(
                    f"hit rate of random checks is {random_rate:.1%} against {base:.1%} in training "
                    f"(z {z:+.1f}): traffic or schemes have changed"
                )
    if not reasons:
        reasons.append(f"no drift detected (PSI {psi:.2f})")
    return DriftReport(psi, predicted, found, random_rate, random_n, retrain, tuple(reasons))
