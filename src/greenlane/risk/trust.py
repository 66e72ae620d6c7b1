"""Trust as a bounded offset on the risk score, never an exemption. A certified member's shipment has its
score lowered by a configured share of the high-risk threshold, capped per tier (in the US a Tier I member
may cut at most 20 % of it; higher tiers more, but a hard ceiling keeps every tier well short of the whole
threshold), while suspended or unknown links in its supply chain raise the score, also within a bound.
Forced rules and random draws ignore the offset, so members are still examined."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import polars as pl

from greenlane.core.errors import ValidationFailed
from greenlane.core.types import Tier

__all__ = ["CAP_CEILING", "TrustOffset", "TrustPolicy"]

# No configuration may let membership remove more than half of the threshold: beyond that it is an exemption.
CAP_CEILING = 0.5


def _default_caps() -> dict[Tier, float]:
    return {Tier.TIER_1: 0.20, Tier.TIER_2: 0.35, Tier.TIER_3: 0.50}


def _default_reductions() -> dict[Tier, float]:
    return {Tier.TIER_1: 0.20, Tier.TIER_2: 0.30, Tier.TIER_3: 0.40}


@dataclass(frozen=True)
class TrustOffset:
    """The amount added to a shipment's score (negative lowers it) and the words for each part."""

    amount: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class TrustPolicy:
    """Reductions, caps and raises are shares of the high-risk threshold, so they keep their meaning when
    the threshold is retuned."""

    high_risk_threshold: float = 0.5
    reductions: Mapping[Tier, float] = field(default_factory=_default_reductions)
    caps: Mapping[Tier, float] = field(default_factory=_default_caps)
    suspended_link_raise: float = 0.10
    unknown_link_raise: float = 0.05
    max_raise: float = 0.50

    def __post_init__(self) -> None:
        if self.high_risk_threshold <= 0:
            raise ValidationFailed("the high-risk threshold must be positive", field="high_risk_threshold")
        for tier, cap in self.caps.items():
            if not 0.0 <= cap <= CAP_CEILING:
                raise ValidationFailed(
                    f"a cap must lie between 0 and {CAP_CEILING} of the threshold", field=f"caps.{tier}"
                )
        for tier, share in self.reductions.items():
            if tier == Tier.NONE and share:
                raise ValidationFailed("non-members get no reduction", field="reductions.none")
            cap = self.caps.get(tier, 0.0)
            if share < 0 or share > cap:
                raise ValidationFailed(
                    f"{tier} reduction {share} of the threshold exceeds its cap {cap}",
                    field=f"reductions.{tier}",
                )
        for name in ("suspended_link_raise", "unknown_link_raise", "max_raise"):
            if getattr(self, name) < 0:
                raise ValidationFailed("raises must not be negative", field=name)

    def reduction(self, tier: Tier) -> float:
        """Score points removed for membership: min(configured, cap) x threshold."""
        share = min(self.reductions.get(tier, 0.0), self.caps.get(tier, 0.0))
        return share * self.high_risk_threshold

    def raise_for(self, suspended_links: int, unknown_links: int) -> float:
        raw = suspended_links * self.suspended_link_raise + unknown_links * self.unknown_link_raise
        return min(raw, self.max_raise) * self.high_risk_threshold

    def offset(
        self, tier: Tier | str | None = Tier.NONE, *, suspended_links: int = 0, unknown_links: int = 0
    ) -> TrustOffset:
        """One shipment's offset with its reasons; an unknown tier counts as a non-member."""
        if suspended_links < 0 or unknown_links < 0:
            raise ValidationFailed("link counts cannot be negative", field="suspended_links")
        tier = _as_tier(tier)
        cut, lift = self.reduction(tier), self.raise_for(suspended_links, unknown_links)
        reasons = []
        if cut:
            share = cut / self.high_risk_threshold
            reasons.append(
                f"{_tier_words(tier)} member: score lowered by {cut:.3g} ({share:.0%} of the threshold)"
            )
        if suspended_links:
            reasons.append(
                f"{suspended_links} suspended link{'s' if suspended_links > 1 else ''} in the supply chain"
            )
        if unknown_links:
            reasons.append(
                f"{unknown_links} unknown link{'s' if unknown_links > 1 else ''} in the supply chain"
            )
        if lift:
            reasons.append(f"score raised by {lift:.3g} for supply-chain links")
        return TrustOffset(lift - cut, tuple(reasons))

    def offsets(
        self,
        tiers: Sequence[Tier | str | None] | pl.Series,
        suspended_links: npt.ArrayLike | None = None,
        unknown_links: npt.ArrayLike | None = None,
    ) -> npt.NDArray[np.float64]:
        """Vectorised offsets for many shipments; an unknown or missing tier counts as a non-member."""
        names = pl.Series("tier", tiers, dtype=pl.String) if not isinstance(tiers, pl.Series) else tiers
        cuts = {tier.value: self.reduction(tier) for tier in Tier}
        cut = names.cast(pl.String).replace_strict(cuts, default=0.0, return_dtype=pl.Float64).fill_null(0.0)
        n = len(names)
        suspended = np.zeros(n) if suspended_links is None else np.asarray(suspended_links, dtype=np.float64)
        unknown = np.zeros(n) if unknown_links is None else np.asarray(unknown_links, dtype=np.float64)
        raw = (
            np.nan_to_num(suspended) * self.suspended_link_raise
            + np.nan_to_num(unknown) * self.unknown_link_raise
        )
        lift = np.minimum(np.maximum(raw, 0.0), self.max_raise) * self.high_risk_threshold
        return np.asarray(lift - cut.to_numpy(), dtype=np.float64)


def _as_tier(value: Tier | str | None) -> Tier:
    if isinstance(value, Tier):
        return value
    try:
        return Tier(str(value)) if value else Tier.NONE
    except ValueError:
        return Tier.NONE


def _tier_words(tier: Tier) -> str:
    return {Tier.TIER_1: "Tier I", Tier.TIER_2: "Tier II", Tier.TIER_3: "Tier III"}.get(tier, "non")
