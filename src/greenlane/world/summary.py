"""Running figures about a generated world, to compare with the public figures it is calibrated to.

Counted as the days stream past, so a year at port scale is summarised without holding it: bills and
containers, the members' share of declared import value (importers enrolled, active or suspended), the
share of ocean carriers enrolled (by count, as the 2002 figure), violation rates by kind, for members and
non-members, and for drift schemes, and the filing flags a receiving system should raise (late manifests
and security filings, vague descriptions, invalid container numbers).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from greenlane.core.types import EntityType
from greenlane.world.containers import is_valid_container_number
from greenlane.world.daily import DayBatch
from greenlane.world.model import World
from greenlane.world.truth import ViolationKind

__all__ = ["WorldSummary"]


def _rate(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


@dataclass
class WorldSummary:
    """Figures accumulated over the days added so far."""

    carriers: int = 0
    carriers_enrolled: int = 0
    days: int = 0
    bills: int = 0
    containers: int = 0
    declared_value_usd: float = 0.0
    member_value_usd: float = 0.0
    member_bills: int = 0
    member_violations: int = 0
    non_member_violations: int = 0
    violations: int = 0
    by_kind: dict[str, int] = field(default_factory=lambda: {kind.value: 0 for kind in ViolationKind})
    by_mechanism: dict[str, int] = field(default_factory=dict)
    drift_violations: int = 0
    late_manifests: int = 0
    late_security_filings: int = 0
    vague_descriptions: int = 0
    invalid_container_numbers: int = 0
    files: list[str] = field(default_factory=list)

    @classmethod
    def start(cls, world: World) -> WorldSummary:
        """An empty summary that already knows the carrier enrolment (a property of parties, not days)."""
        carriers = world.parties_of(EntityType.SEA_CARRIER)
        return cls(carriers=len(carriers), carriers_enrolled=sum(1 for c in carriers if c.is_member))

    def add(self, world: World, batch: DayBatch) -> None:
        """Fold one day in; members are judged by the importer of record on the bill."""
        self.days += 1
        self.bills += len(batch.shipments)
        boxes: set[str] = set()
        for shipment, truth in zip(batch.shipments, batch.truths, strict=True):
            member = world.parties[shipment.consignee_id].is_member
            value = shipment.declared_value_usd
            self.declared_value_usd += value
            self.member_value_usd += value if member else 0.0
            self.member_bills += int(member)
            boxes.update(box.number[:10] for box in shipment.containers)
            self.late_manifests += int(shipment.manifest_late)
            self.late_security_filings += int(shipment.security_filing_late)
            self.vague_descriptions += int(shipment.vague_description)
            self.invalid_container_numbers += sum(
                not is_valid_container_number(b.number) for b in shipment.containers
            )
            if truth.violation:
                self._add_violation(truth.mechanisms, member, truth.scheme)
        self.containers += len(boxes)

    def _add_violation(self, mechanisms: tuple[Any, ...], member: bool, scheme: str | None) -> None:
        self.violations += 1
        self.member_violations += int(member)
        self.non_member_violations += int(not member)
        self.drift_violations += int(scheme is not None)
        for kind in {mechanism.kind.value for mechanism in mechanisms}:
            self.by_kind[kind] += 1
        for mechanism in mechanisms:
            self.by_mechanism[mechanism.value] = self.by_mechanism.get(mechanism.value, 0) + 1

    @property
    def member_value_share(self) -> float:
        """Declared value of bills whose importer is enrolled (active or suspended), over all value."""
        return _rate(self.member_value_usd, self.declared_value_usd)

    @property
    def carrier_enrolment_share(self) -> float:
        """Enrolled ocean carriers over all of them, by count as the 2002 figure is."""
        return _rate(self.carriers_enrolled, self.carriers)

    @property
    def violation_rate(self) -> float:
        return _rate(self.violations, self.bills)

    @property
    def member_violation_rate(self) -> float:
        return _rate(self.member_violations, self.member_bills)

    @property
    def non_member_violation_rate(self) -> float:
        return _rate(self.non_member_violations, self.bills - self.member_bills)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready figures; rates are fractions of bills, rounded to five decimals."""
        return {
            "days": self.days,
            "counts": {"bills": self.bills, "containers": self.containers, "violations": self.violations},
            "declared_value_usd": round(self.declared_value_usd, 2),
            "member_value_share": round(self.member_value_share, 5),
            "carrier_enrolment_share": round(self.carrier_enrolment_share, 5),
            "violation_rates": {
                "any": round(self.violation_rate, 5),
                **{kind: round(_rate(count, self.bills), 5) for kind, count in self.by_kind.items()},
                "members": round(self.member_violation_rate, 5),
                "non_members": round(self.non_member_violation_rate, 5),
                "drift": round(_rate(self.drift_violations, self.bills), 5),
            },
            "mechanisms": dict(sorted(self.by_mechanism.items())),
            "flags": {
                "late_manifests": self.late_manifests,
                "late_security_filings": self.late_security_filings,
                "vague_descriptions": self.vague_descriptions,
                "invalid_container_numbers": self.invalid_container_numbers,
            },
            "files": list(self.files),
        }
