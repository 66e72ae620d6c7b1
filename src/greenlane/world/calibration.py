"""The public figures the synthetic trade world is calibrated to, and the targets derived from them.

A world that looks like US maritime trade must put the partnership's reach and the rarity of violations
in the right place, or every figure the program later reports about itself (reach, exam rates, hit rates,
benefits to members) is meaningless. Sources, as listed in docs/mission.md and docs/benchmarks.md:
members imported about 34 % of US-bound cargo by value and about 90 % of ocean carriers were enrolled in
2002; members carried over 52 % of import value by 2020 (about 11,500 members); about 3 % of members were
suspended and about 1 % removed in 2012; about 2 % of ~5 M sea containers were examined in 2002 and 3 % of
11.3 M in FY2008; under 1 % of maritime shipments were flagged high-risk (FY2009-13); the targeting hit rate
was 6.3 % (2011-12 review); the DATE study's Nigerian data held 2.24 % illicit declarations; the US took
11.9 M maritime containers in FY2017; a Los Angeles scale port handles about 5 M containers a year (Los
Angeles 9.91 M TEU, Long Beach 9.13 M TEU in 2022). Figures the public record does not give (membership of
brokers, consolidators and foreign manufacturers, the tier mix, filing-error rates) are labelled as our
assumptions here and in docs/world-calibration.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from greenlane.core.errors import ValidationFailed

__all__ = [
    "DATE_ILLICIT_SHARE",
    "EXAM_RATE_FY2008",
    "HIGH_RISK_FLAG_SHARE",
    "LONG_BEACH_TEU_2022",
    "LOS_ANGELES_TEU_2022",
    "MEMBER_VALUE_SHARE_2002",
    "MEMBER_VALUE_SHARE_2020",
    "OCEAN_CARRIER_ENROLMENT_2002",
    "PORT_CONTAINERS_PER_YEAR",
    "REMOVED_SHARE_2012",
    "SUSPENDED_SHARE_2012",
    "TARGETING_HIT_RATE",
    "US_MARITIME_CONTAINERS_FY2017",
    "VIOLATION_BAND",
    "FilingRates",
    "MembershipTargets",
    "ViolationRates",
]

# Program reach (mission.md, "Facts for calibration").
MEMBER_VALUE_SHARE_2002 = 0.34
MEMBER_VALUE_SHARE_2020 = 0.52
OCEAN_CARRIER_ENROLMENT_2002 = 0.90
SUSPENDED_SHARE_2012 = 0.03
REMOVED_SHARE_2012 = 0.01

# Inspection and targeting (mission.md).
EXAM_RATE_FY2008 = 0.03
HIGH_RISK_FLAG_SHARE = 0.01
TARGETING_HIT_RATE = 0.063
DATE_ILLICIT_SHARE = 0.0224

# Volumes (mission.md; benchmarks.md section 4 for the ~5 M containers of a Los Angeles scale port).
LOS_ANGELES_TEU_2022 = 9_910_000
LONG_BEACH_TEU_2022 = 9_130_000
US_MARITIME_CONTAINERS_FY2017 = 11_900_000
PORT_CONTAINERS_PER_YEAR = 5_000_000

# Violations must stay rare: a random exam at ~3 % finds something in a few percent of boxes at most, and
# targeting at 6.3 % hits must be a real lift over that base rate. DATE's 2.24 % sits inside the band.
VIOLATION_BAND = (0.01, 0.04)


def _interpolate(year: int, start: tuple[int, float], end: tuple[int, float]) -> float:
    """Straight line between two published points, held flat outside them: we invent no trend."""
    (y0, v0), (y1, v1) = start, end
    if year <= y0:
        return v0
    if year >= y1:
        return v1
    return v0 + (v1 - v0) * (year - y0) / (y1 - y0)


@dataclass(frozen=True, slots=True)
class MembershipTargets:
    """How far the program reaches into the world: shares of each kind of party that are enrolled.

    importer_value_share and carrier_share are public figures (value share by importers, enrolment share by
    count of ocean carriers); the other shares are our assumptions, scaled with the value share so that a
    later year has a wider program everywhere. mra_share is the share of foreign parties in countries with a
    mutual-recognition arrangement that hold their own programme's status.
    """

    importer_value_share: float = MEMBER_VALUE_SHARE_2002
    carrier_share: float = OCEAN_CARRIER_ENROLMENT_2002
    broker_share: float = 0.40
    consolidator_share: float = 0.30
    manufacturer_share: float = 0.05
    terminal_share: float = 0.60
    suspended_share: float = SUSPENDED_SHARE_2012
    removed_share: float = REMOVED_SHARE_2012
    applicant_share: float = 0.02
    mra_share: float = 0.25
    tier_mix: tuple[float, float, float] = (0.45, 0.40, 0.15)

    def __post_init__(self) -> None:
        shares = {
            "importer_value_share": self.importer_value_share,
            "carrier_share": self.carrier_share,
            "broker_share": self.broker_share,
            "consolidator_share": self.consolidator_share,
            "manufacturer_share": self.manufacturer_share,
            "terminal_share": self.terminal_share,
            "suspended_share": self.suspended_share,
            "removed_share": self.removed_share,
            "applicant_share": self.applicant_share,
            "mra_share": self.mra_share,
        }
        for name, value in shares.items():
            if not 0.0 <= value <= 1.0:
                raise ValidationFailed(f"must be a share between 0 and 1, got {value}", field=name)
        if abs(sum(self.tier_mix) - 1.0) > 1e-6 or min(self.tier_mix) < 0:
            raise ValidationFailed("tier shares must be non-negative and sum to 1", field="tier_mix")

    @classmethod
    def for_year(cls, year: int) -> MembershipTargets:
        """Program reach in a given year, between the 2002 and 2020 public figures.

        The value share moves from 34 % (2002) to 52 % (2020) in a straight line; carrier enrolment stays at
        the 2002 figure (90 %), the only one published. Our assumed shares for the other party kinds grow in
        proportion to the value share.
        """
        value_share = _interpolate(year, (2002, MEMBER_VALUE_SHARE_2002), (2020, MEMBER_VALUE_SHARE_2020))
        growth = value_share / MEMBER_VALUE_SHARE_2002
        base = cls()
        return cls(
            importer_value_share=value_share,
            carrier_share=OCEAN_CARRIER_ENROLMENT_2002,
            broker_share=min(0.9, base.broker_share * growth),
            consolidator_share=min(0.9, base.consolidator_share * growth),
            manufacturer_share=min(0.5, base.manufacturer_share * growth * growth),
            terminal_share=min(0.95, base.terminal_share * growth),
        )


@dataclass(frozen=True, slots=True)
class ViolationRates:
    """Shipment-weighted base rates of what an exam could find, before drift.

    Defaults put all violations together near 2.2 % of shipments (DATE's 2.24 % illicit share), inside
    VIOLATION_BAND; a shipment may carry more than one kind, so the union is a little below the sum.
    Contraband is the rarest by far; misdeclaration (value, tariff line, weight, origin) the most common.
    """

    misdeclaration: float = 0.016
    contraband: float = 0.0015
    security_breach: float = 0.005

    def __post_init__(self) -> None:
        for name in ("misdeclaration", "contraband", "security_breach"):
            value = getattr(self, name)
            if not 0.0 <= value <= 0.2:
                raise ValidationFailed(f"must be a rate between 0 and 0.2, got {value}", field=name)

    @property
    def total(self) -> float:
        return self.misdeclaration + self.contraband + self.security_breach


@dataclass(frozen=True, slots=True)
class FilingRates:
    """How often filings break the data rules, in an average party (our assumptions, not public figures).

    Less compliant filers break them more often, so these flags carry weak signal about the parties.
    """

    late_manifest: float = 0.02
    late_security_filing: float = 0.03
    vague_description: float = 0.03
    invalid_container_number: float = 0.004

    def __post_init__(self) -> None:
        for name in (
            "late_manifest",
            "late_security_filing",
            "vague_description",
            "invalid_container_number",
        ):
            value = getattr(self, name)
            if not 0.0 <= value <= 0.5:
                raise ValidationFailed(f"must be a rate between 0 and 0.5, got {value}", field=name)
