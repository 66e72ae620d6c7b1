"""How big a synthetic world is: a quick one for tests and demos, one large US port, or the nation.

PORT is a Los Angeles scale port: about 5 M containers a year (benchmarks.md), which with the world's mix
of multi-container bills and consolidated house bills is about 11,000 bills of lading a day, all
discharged at Los Angeles (USLAX). NATION spreads the 11.9 M maritime containers of FY2017 (mission.md)
over all the modelled US ports by their TEU. SMALL keeps a few hundred bills a day and a few hundred
parties, so that a month generates in seconds. Party counts grow more slowly than volume: big worlds have
more parties, and bigger ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from greenlane.world.calibration import PORT_CONTAINERS_PER_YEAR, US_MARITIME_CONTAINERS_FY2017

__all__ = ["CONTAINERS_PER_BILL", "Scale", "ScaleProfile"]

# Mean containers per bill of lading in the generated mix (full loads of one or more boxes, and house bills
# sharing a consolidator's box); measured on generated port-scale worlds (1.21) and rounded.
CONTAINERS_PER_BILL = 1.21


class Scale(StrEnum):
    SMALL = "SMALL"
    PORT = "PORT"
    NATION = "NATION"

    @classmethod
    def parse(cls, text: str) -> Scale:
        """Case-insensitive, so `--scale port` works on the command line."""
        try:
            return cls(text.strip().upper())
        except ValueError:
            valid = ", ".join(member.value for member in cls)
            raise ValueError(f"unknown scale {text!r}; expected one of: {valid}") from None

    @property
    def profile(self) -> ScaleProfile:
        return _PROFILES[self]


@dataclass(frozen=True, slots=True)
class ScaleProfile:
    """Volume and population of a world; discharge_ports empty means every modelled US port."""

    bills_per_day: float
    importers: int
    manufacturers: int
    consolidators: int
    brokers: int
    carriers: int
    discharge_ports: tuple[str, ...] = ()


_PROFILES: dict[Scale, ScaleProfile] = {
    Scale.SMALL: ScaleProfile(300.0, 300, 600, 30, 25, 20),
    Scale.PORT: ScaleProfile(
        PORT_CONTAINERS_PER_YEAR / 365 / CONTAINERS_PER_BILL, 6_000, 12_000, 300, 250, 30, ("USLAX",)
    ),
    Scale.NATION: ScaleProfile(
        US_MARITIME_CONTAINERS_FY2017 / 365 / CONTAINERS_PER_BILL, 20_000, 40_000, 800, 600, 40
    ),
}
