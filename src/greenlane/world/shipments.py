"""The shipments of the synthetic world as their filers declare them: the advance manifest line of a bill
of lading and the importer security filing that goes with it.

These are the world's own records, holding party ids rather than names so that one shipment can be written
in any manifest format (CSV, NDJSON, CUSCAR) through the cargo library. Everything here is a declaration,
true or not; what the shipment really carries is in greenlane.world.truth and never on these records. The
24-hour rule (a manifest and a security filing are due at least 24 hours before loading at the foreign
port) is a rule of the declaration, so it lives here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from greenlane.cargo.flags import is_vague
from greenlane.world.parties import Site

__all__ = ["FILING_DEADLINE", "Equipment", "GoodsItem", "SecurityFiling", "Shipment"]

FILING_DEADLINE = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class Equipment:
    """A container on a bill: ISO 6346 number (possibly with a wrong check digit), size-type, seals."""

    number: str
    size_type: str
    seals: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GoodsItem:
    line: int
    hs6: str
    description: str
    packages: int
    package_type: str
    gross_weight_kg: float
    value_usd: float
    country_of_origin: str

    @property
    def vague(self) -> bool:
        """A description that does not say what the goods are, by the same rule the cargo flags apply."""
        return is_vague(self.description)


@dataclass(frozen=True, slots=True)
class SecurityFiling:
    """The importer security filing: the ten importer elements, linked to the bill by transport_document."""

    transport_document: str
    filed_at: datetime
    filer_id: str
    seller_id: str
    buyer_id: str
    importer_of_record_id: str
    consignee_id: str
    manufacturer_id: str
    ship_to_id: str
    country_of_origin: str
    hs6: tuple[str, ...]
    stuffing_site: Site
    consolidator_id: str | None


@dataclass(frozen=True, slots=True)
class Shipment:
    master_bill: str
    house_bill: str | None
    chain_id: str
    day: int
    carrier_id: str
    vessel: str
    voyage: str
    place_of_receipt: str
    port_of_loading: str
    transshipment_ports: tuple[str, ...]
    port_of_discharge: str
    loading_at: datetime
    arrival_on: date
    manifest_filed_at: datetime
    shipper_id: str
    consignee_id: str
    notify_id: str
    consolidator_id: str | None
    containers: tuple[Equipment, ...]
    goods: tuple[GoodsItem, ...]
    security_filing: SecurityFiling

    @property
    def transport_document(self) -> str:
        """The lowest bill: the house bill for consolidated cargo, else the master bill."""
        return self.house_bill or self.master_bill

    @property
    def declared_value_usd(self) -> float:
        return sum(item.value_usd for item in self.goods)

    @property
    def declared_weight_kg(self) -> float:
        return sum(item.gross_weight_kg for item in self.goods)

    @property
    def manifest_lead(self) -> timedelta:
        return self.loading_at - self.manifest_filed_at

    @property
    def manifest_late(self) -> bool:
        """Filed less than 24 hours before loading."""
        return self.manifest_lead < FILING_DEADLINE

    @property
    def security_filing_late(self) -> bool:
        return self.loading_at - self.security_filing.filed_at < FILING_DEADLINE

    @property
    def vague_description(self) -> bool:
        return any(item.vague for item in self.goods)
