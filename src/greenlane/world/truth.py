"""Ground truth: what each shipment really carries, kept apart from anything a filer would declare.

Three kinds of finding can await an exam: contraband (goods that must not enter), a misdeclaration (value,
tariff line, weight or origin declared falsely) and a security breach (a tampered seal, or stuffing at a
point nobody mapped). Each comes from a named mechanism so that an analyst can ask which schemes a policy
catches. A drift scheme is a new mechanism that starts on a given day among parties that were clean
until then: the test that a targeting system trained on yesterday's labels still finds tomorrow's fraud.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from greenlane.core.errors import ValidationFailed

__all__ = ["DriftScheme", "GroundTruth", "Mechanism", "ViolationKind", "default_drift"]


class ViolationKind(StrEnum):
    CONTRABAND = "contraband"
    MISDECLARATION = "misdeclaration"
    SECURITY_BREACH = "security_breach"


class Mechanism(StrEnum):
    """How a violation came about; each leaves its own (possibly faint) trace in the filings."""

    UNDERVALUATION = "undervaluation"
    TARIFF_MISCLASSIFICATION = "tariff_misclassification"
    WEIGHT_MISDECLARED = "weight_misdeclared"
    ORIGIN_LAUNDERING = "origin_laundering"
    CONCEALMENT_AT_STUFFING = "concealment_at_stuffing"
    RIP_ON_IN_TRANSIT = "rip_on_in_transit"
    TAMPERED_SEAL = "tampered_seal"
    UNKNOWN_STUFFING_POINT = "unknown_stuffing_point"

    @property
    def kind(self) -> ViolationKind:
        return _KIND[self]


_KIND: dict[Mechanism, ViolationKind] = {
    Mechanism.UNDERVALUATION: ViolationKind.MISDECLARATION,
    Mechanism.TARIFF_MISCLASSIFICATION: ViolationKind.MISDECLARATION,
    Mechanism.WEIGHT_MISDECLARED: ViolationKind.MISDECLARATION,
    Mechanism.ORIGIN_LAUNDERING: ViolationKind.MISDECLARATION,
    Mechanism.CONCEALMENT_AT_STUFFING: ViolationKind.CONTRABAND,
    Mechanism.RIP_ON_IN_TRANSIT: ViolationKind.CONTRABAND,
    Mechanism.TAMPERED_SEAL: ViolationKind.SECURITY_BREACH,
    Mechanism.UNKNOWN_STUFFING_POINT: ViolationKind.SECURITY_BREACH,
}


@dataclass(frozen=True, slots=True)
class DriftScheme:
    """A scheme that begins on start_day (0 = first generated day) among previously clean importers.

    importer_share of the importers, drawn from the most compliant half, start using `mechanism` on a
    share `rate` of their shipments from that day on.
    """

    name: str
    start_day: int
    mechanism: Mechanism
    importer_share: float = 0.03
    rate: float = 0.25

    def __post_init__(self) -> None:
        if self.start_day < 0:
            raise ValidationFailed("a scheme cannot start before the first day", field="start_day")
        if not 0.0 < self.importer_share <= 0.5:
            raise ValidationFailed("share of importers must be in (0, 0.5]", field="importer_share")
        if not 0.0 < self.rate <= 1.0:
            raise ValidationFailed("rate must be in (0, 1]", field="rate")

    def active_on(self, day: int) -> bool:
        """From the start day on; never before, so earlier labels cannot reveal the scheme."""
        return day >= self.start_day


def default_drift(start_day: int = 15) -> tuple[DriftScheme, ...]:
    """Origin laundering through a transshipment hub: the best documented new scheme of recent years."""
    return (DriftScheme("hub-origin-laundering", start_day, Mechanism.ORIGIN_LAUNDERING),)


@dataclass(frozen=True, slots=True)
class GroundTruth:
    """The truth about one bill (master bill, or house bill when consolidated); clean bills are listed too.

    True values are given where the declaration lies about them, so that an exam can report what it found.
    """

    transport_document: str
    day: int
    mechanisms: tuple[Mechanism, ...]
    responsible_party_id: str | None
    scheme: str | None
    true_hs6: str
    true_origin: str
    true_weight_kg: float
    true_value_usd: float

    def has(self, kind: ViolationKind) -> bool:
        return any(mechanism.kind is kind for mechanism in self.mechanisms)

    @property
    def contraband(self) -> bool:
        return self.has(ViolationKind.CONTRABAND)

    @property
    def misdeclaration(self) -> bool:
        return self.has(ViolationKind.MISDECLARATION)

    @property
    def security_breach(self) -> bool:
        return self.has(ViolationKind.SECURITY_BREACH)

    @property
    def violation(self) -> bool:
        """What an exam of this shipment would find something about."""
        return bool(self.mechanisms)
