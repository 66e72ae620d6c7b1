"""Weighted random choices that stay cheap when made hundreds of thousands of times.

numpy's Generator.choice normalises and checks its probability vector on every call, which dominates the
cost of building a nation-scale world; here the cumulative weights are computed once and each pick is one
uniform draw and a binary search. Picking several distinct items uses the Gumbel top-k trick (the k
largest of log-weight plus Gumbel noise are a weighted sample without replacement).
"""

from __future__ import annotations

import numpy as np

__all__ = ["cumulative", "pick", "pick_distinct"]


def cumulative(weights: np.ndarray | list[float]) -> np.ndarray:
    """Running totals of non-negative weights, ready for `pick`."""
    totals: np.ndarray = np.cumsum(np.asarray(weights, dtype=float))
    return totals


def pick(rng: np.random.Generator, totals: np.ndarray) -> int:
    """An index drawn with probability proportional to its weight (zero weights are never drawn)."""
    index = int(np.searchsorted(totals, rng.random() * float(totals[-1]), side="right"))
    return min(index, len(totals) - 1)


def pick_distinct(rng: np.random.Generator, weights: np.ndarray, count: int) -> list[int]:
    """`count` distinct indices, weighted, returned in ascending order."""
    keys = np.log(np.asarray(weights, dtype=float)) + rng.gumbel(size=len(weights))
    return sorted(int(i) for i in np.argsort(-keys)[:count])
