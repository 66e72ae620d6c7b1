"""Selectivity: sending each of a port's shipments for a day to a lane. Red is a physical examination, yellow
a document check, blue a post-release audit and green release. Each lane has an expected rate (or a
capacity in exams per day) and a minimum random rate that applies to members too, so hit rates stay
measurable and new schemes get found. The order is fixed: forced rules first (they may exceed capacity, a
legal hold must be honoured), then the random draws, then the highest scores until each lane's expected
count is met; whatever is left is released."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from greenlane.core.errors import ValidationFailed

__all__ = [
    "LANE_ORDER",
    "WHY",
    "Lane",
    "LaneAssignment",
    "LanePlan",
    "assign_lane_arrays",
    "assign_lanes",
    "score_order",
]


class Lane(StrEnum):
    """Ordered from the most to the least intrusive treatment."""

    RED = "red"
    YELLOW = "yellow"
    BLUE = "blue"
    GREEN = "green"

    @property
    def severity(self) -> int:
        return {Lane.RED: 3, Lane.YELLOW: 2, Lane.BLUE: 1, Lane.GREEN: 0}[self]


_CONTROL_LANES = (Lane.RED, Lane.YELLOW, Lane.BLUE)


@dataclass(frozen=True)
class LanePlan:
    """Expected share of the day's shipments per control lane, optionally replaced by a fixed capacity
    (exams per day), and the minimum random share drawn into each lane."""

    rates: Mapping[Lane, float] = field(
        default_factory=lambda: {Lane.RED: 0.03, Lane.YELLOW: 0.05, Lane.BLUE: 0.02}
    )
    capacity: Mapping[Lane, int] = field(default_factory=dict)
    random_rates: Mapping[Lane, float] = field(default_factory=lambda: {Lane.RED: 0.005})

    def __post_init__(self) -> None:
        for lane, share in {**self.rates, **self.random_rates}.items():
            if lane == Lane.GREEN:
                raise ValidationFailed("green is what is left; it takes no rate", field=f"rates.{lane}")
            if not 0.0 <= share <= 1.0:
                raise ValidationFailed(f"{share} is not a share between 0 and 1", field=f"rates.{lane}")
        for lane, count in self.capacity.items():
            if lane == Lane.GREEN or count < 0:
                raise ValidationFailed(
                    "capacity is a non-negative count for red, yellow or blue", field=f"capacity.{lane}"
                )
        if sum(self.rates.values()) > 1.0:
            raise ValidationFailed("the lane rates add up to more than all shipments", field="rates")
        for lane, share in self.random_rates.items():
            if lane not in self.capacity and share > self.rates.get(lane, 0.0):
                raise ValidationFailed(
                    f"the random share of {lane} exceeds its expected rate", field=f"random_rates.{lane}"
                )

    def quota(self, lane: Lane, shipments: int) -> int:
        """Shipments the lane may take today: the capacity if given, else round(rate x shipments)."""
        if lane in self.capacity:
            return int(self.capacity[lane])
        return int(np.floor(self.rates.get(lane, 0.0) * shipments + 0.5))

    def random_quota(self, lane: Lane, shipments: int, rng: np.random.Generator | None = None) -> int:
        """Control draws for the lane today. With a generator the fraction is drawn (stochastic rounding), so
        the expected number of draws is exactly rate x shipments even where a port's day is too small for
        one whole draw: rounding to the nearest would leave small ports with no control sample at all."""
        expected = self.random_rates.get(lane, 0.0) * shipments
        if rng is None:
            return int(np.floor(expected + 0.5))
        whole = int(np.floor(expected))
        return whole + int(rng.random() < expected - whole)


@dataclass(frozen=True)
class LaneAssignment:
    """One shipment's lane and why: "forced" (rule id), "random" draw, "score" (rank), or "release"."""

    index: int
    lane: Lane
    why: str
    rule_id: str | None = None
    rank: int | None = None

    def explanation(self) -> str:
        if self.why == "forced":
            return f"{self.lane} by rule {self.rule_id}"
        if self.why == "random":
            return f"{self.lane} by random draw (control sample)"
        if self.why == "score":
            return f"{self.lane}: risk rank {self.rank} of the day"
        return "released: below the day's examination capacity"


LANE_ORDER: tuple[Lane, ...] = (*_CONTROL_LANES, Lane.GREEN)  # index of a lane in the arrays below
WHY = ("forced", "random", "score", "release")


def assign_lanes(
    scores: Sequence[float] | npt.NDArray[np.float64],
    plan: LanePlan,
    *,
    forced: Sequence[tuple[Lane, str] | None] | None = None,
    rng: np.random.Generator | int | None = None,
) -> list[LaneAssignment]:
    """Lanes for one port and day. `forced[i]` is (lane, rule id) when a rule forces shipment i. Random draws
    are uniform over everyone not forced, members included, and never exceed a lane's remaining quota."""
    values = np.asarray(scores, dtype=np.float64)
    n = len(values)
    if forced is not None and len(forced) != n:
        raise ValidationFailed(f"{len(forced)} forced entries for {n} shipments", field="forced")
    held = np.array(
        [-1 if f is None else LANE_ORDER.index(f[0]) for f in forced or [None] * n], dtype=np.intp
    )
    generator = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
    lane_of, why, rank = assign_lane_arrays(values, plan, held, generator)
    return [
        LaneAssignment(
            i,
            LANE_ORDER[lane_of[i]],
            WHY[why[i]],
            rule_id=forced[i][1] if forced is not None and forced[i] is not None else None,  # type: ignore[index]
            rank=int(rank[i]) if why[i] >= 2 else None,
        )
        for i in range(n)
    ]


def assign_lane_arrays(
    scores: npt.NDArray[np.float64],
    plan: LanePlan,
    forced: npt.NDArray[np.intp],
    rng: np.random.Generator,
    *,
    order: npt.NDArray[np.intp] | None = None,
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """The same decision on arrays, for batches of many port-days: `forced` holds a LANE_ORDER index or -1;
    returns the lane index, the index into WHY and the day's score rank of every shipment. `order` may
    carry score_order(scores), computed ahead (it needs no random draw)."""
    n = len(scores)
    lane_of = np.where(forced >= 0, forced, LANE_ORDER.index(Lane.GREEN)).astype(np.intp)
    why = np.where(forced >= 0, 0, 3).astype(np.intp)
    taken = forced >= 0
    remaining = {
        lane: plan.quota(lane, n) - int(np.sum(forced == LANE_ORDER.index(lane))) for lane in _CONTROL_LANES
    }
    for lane in _CONTROL_LANES:
        free = np.flatnonzero(~taken)
        draws = min(plan.random_quota(lane, n, rng), max(remaining[lane], 0), len(free))
        chosen = rng.choice(free, size=draws, replace=False) if draws else np.empty(0, dtype=np.intp)
        lane_of[chosen], why[chosen], taken[chosen] = LANE_ORDER.index(lane), 1, True
        remaining[lane] -= draws
    order = score_order(scores) if order is None else order
    rank = np.empty(n, dtype=np.intp)
    rank[order] = np.arange(1, n + 1)
    candidates = order[~taken[order]]
    start = 0
    for lane in _CONTROL_LANES:
        chosen = candidates[start : start + max(remaining[lane], 0)]
        start += len(chosen)
        lane_of[chosen], why[chosen] = LANE_ORDER.index(lane), 2
    return lane_of, why, rank


def score_order(scores: npt.NDArray[np.float64]) -> npt.NDArray[np.intp]:
    """Positions from the highest score down, ties in input order."""
    return np.argsort(-scores, kind="stable")
