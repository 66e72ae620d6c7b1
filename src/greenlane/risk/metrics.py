"""How good a ranking of declarations is for an inspection service that can only examine the top n % of
them: precision (hits among the examined), recall (share of all frauds caught), recall of critical frauds,
and the share of duty at stake caught. The duty figure is a proxy (value x tax rate / 100) because the
public data carries no revenue label. The best achievable value of each figure at each rate is the cap
that puts every method in perspective."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

__all__ = [
    "DEFAULT_RATES",
    "cap_metrics",
    "inspected_count",
    "ranking_metrics",
    "rate_label",
    "roc_auc",
    "top_indices",
    "top_share_precision",
]

DEFAULT_RATES: tuple[float, ...] = (0.01, 0.02, 0.05, 0.10)
FloatArray = npt.NDArray[np.float64]


def inspected_count(rows: int, rate: float) -> int:
    """k = round(rate x rows), halves rounded up, so 5 % of 8,134 declarations is 407."""
    return int(np.floor(rate * rows + 0.5))


def rate_label(rate: float) -> str:
    """1 % -> "1", 2.5 % -> "2.5": the suffix of metric names such as precision@1."""
    return f"{rate * 100:g}"


def top_indices(scores: FloatArray, k: int) -> npt.NDArray[np.intp]:
    """The k highest scores; ties keep file order so results do not depend on the sort algorithm."""
    return np.argsort(-np.asarray(scores, dtype=np.float64), kind="stable")[:k]


def roc_auc(outcome: npt.ArrayLike, scores: npt.ArrayLike) -> float:
    """Probability that a random fraud outranks a random clean declaration, ties counting half."""
    y = np.asarray(outcome).astype(bool)
    s = np.asarray(scores, dtype=np.float64)
    positives, negatives = int(y.sum()), int((~y).sum())
    if positives == 0 or negatives == 0:
        return float("nan")
    order = np.argsort(s, kind="mergesort")
    ranks = np.empty(len(s), dtype=np.float64)
    sorted_scores = s[order]
    # Average ranks over tied scores.
    _, first, counts = np.unique(sorted_scores, return_index=True, return_counts=True)
    average = first + (counts + 1) / 2.0
    ranks[order] = np.repeat(average, counts)
    return float((ranks[y].sum() - positives * (positives + 1) / 2.0) / (positives * negatives))


def top_share_precision(outcome: npt.ArrayLike, scores: npt.ArrayLike, rate: float) -> float:
    y = np.asarray(outcome, dtype=np.float64)
    k = inspected_count(len(y), rate)
    return float(y[top_indices(np.asarray(scores, dtype=np.float64), k)].mean()) if k else float("nan")


def ranking_metrics(
    outcome: npt.ArrayLike,
    critical: npt.ArrayLike,
    duty: npt.ArrayLike,
    scores: npt.ArrayLike,
    rates: Sequence[float] = DEFAULT_RATES,
) -> dict[str, float]:
    """AUC, and for each rate: precision@n, recall@n, critical_recall@n, duty_proxy_recall@n."""
    y = np.asarray(outcome, dtype=np.float64)
    crit = np.asarray(critical) == 2
    d = np.asarray(duty, dtype=np.float64) * y  # duty at stake exists only where there is fraud
    s = np.asarray(scores, dtype=np.float64)
    result = {"auc": roc_auc(y, s)}
    for rate in rates:
        k = inspected_count(len(y), rate)
        chosen = top_indices(s, k)
        name = rate_label(rate)
        result[f"precision@{name}"] = float(y[chosen].mean()) if k else float("nan")
        result[f"recall@{name}"] = _share(y[chosen].sum(), y.sum())
        result[f"critical_recall@{name}"] = _share(crit[chosen].sum(), crit.sum())
        result[f"duty_proxy_recall@{name}"] = _share(d[chosen].sum(), d.sum())
    return result


def cap_metrics(
    outcome: npt.ArrayLike,
    critical: npt.ArrayLike,
    duty: npt.ArrayLike,
    rates: Sequence[float] = DEFAULT_RATES,
) -> dict[str, float]:
    """Each figure's best possible value: an oracle that knows the labels, optimising that figure alone."""
    y = np.asarray(outcome, dtype=np.float64)
    crit = (np.asarray(critical) == 2).astype(np.float64)
    d = np.asarray(duty, dtype=np.float64) * y
    result = {"auc": 1.0}
    for rate in rates:
        k = inspected_count(len(y), rate)
        name = rate_label(rate)
        result[f"precision@{name}"] = min(1.0, float(y.sum()) / k) if k else float("nan")
        result[f"recall@{name}"] = _share(min(k, y.sum()), y.sum())
        result[f"critical_recall@{name}"] = _share(min(k, crit.sum()), crit.sum())
        result[f"duty_proxy_recall@{name}"] = _share(np.sort(d)[::-1][:k].sum(), d.sum())
    return result


def _share(part: float, whole: float) -> float:
    return float(part) / float(whole) if whole > 0 else float("nan")
