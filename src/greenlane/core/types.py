"""Value types shared by several areas and libraries. The twelve business entity types of the
partnership are here because the partner record, the criteria catalogue and the synthetic world all
speak of them."""

from __future__ import annotations

from enum import StrEnum


class EntityType(StrEnum):
    """The kinds of business that may enrol; a company may enrol as several."""

    IMPORTER = "importer"
    EXPORTER = "exporter"
    US_MEXICO_HIGHWAY_CARRIER = "highway_carrier"
    RAIL_CARRIER = "rail_carrier"
    SEA_CARRIER = "sea_carrier"
    AIR_CARRIER = "air_carrier"
    CUSTOMS_BROKER = "customs_broker"
    CONSOLIDATOR = "consolidator"
    THIRD_PARTY_LOGISTICS = "third_party_logistics"
    PORT_AUTHORITY = "port_authority"
    MARINE_TERMINAL_OPERATOR = "terminal_operator"
    FOREIGN_MANUFACTURER = "foreign_manufacturer"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @classmethod
    def parse(cls, text: str) -> EntityType:
        """Accepts the value, the enum name or the label in any case ('Sea carrier', 'sea-carrier')."""
        key = text.strip().lower().replace("-", "_").replace(" ", "_").replace("/", "_")
        for member in cls:
            if key in (member.value, member.name.lower(), member.label.lower().replace(" ", "_")):
                return member
        valid = ", ".join(m.value for m in cls)
        raise ValueError(f"unknown entity type {text!r}; expected one of: {valid}")


_LABELS = {
    EntityType.IMPORTER: "Importer",
    EntityType.EXPORTER: "Exporter",
    EntityType.US_MEXICO_HIGHWAY_CARRIER: "US/Mexico highway carrier",
    EntityType.RAIL_CARRIER: "Rail carrier",
    EntityType.SEA_CARRIER: "Sea carrier",
    EntityType.AIR_CARRIER: "Air carrier",
    EntityType.CUSTOMS_BROKER: "Customs broker",
    EntityType.CONSOLIDATOR: "Consolidator / freight forwarder",
    EntityType.THIRD_PARTY_LOGISTICS: "Third-party logistics provider",
    EntityType.PORT_AUTHORITY: "Port authority",
    EntityType.MARINE_TERMINAL_OPERATOR: "Marine terminal operator",
    EntityType.FOREIGN_MANUFACTURER: "Foreign manufacturer",
}


class Tier(StrEnum):
    """Trust earned in the program; NONE for non-members and applicants."""

    NONE = "none"
    TIER_1 = "tier_1"
    TIER_2 = "tier_2"
    TIER_3 = "tier_3"
