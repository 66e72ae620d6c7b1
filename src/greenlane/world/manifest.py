"""Maps the world's shipments onto the cargo library's records, so every format writer sees one truth.

A shipment becomes a BillOfLading (a house bill under its carrier's master bill when consolidated) with
the shipper (the manufacturer), consignee (the importer), notify party (the customs broker) and, for
house bills, the consolidator; and an ImporterSecurityFiling with the importer's ten elements. Names,
addresses and identifiers come from the party register, so the same shipment written as CSV, NDJSON or
CUSCAR reads back as the same record. Money is written to the cent as a Decimal in US dollars; codes are
upper-case as the cargo contract asks. Transshipment ports have no field in the cargo records and are
kept on the world's shipment only.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from decimal import Decimal
from functools import lru_cache

from greenlane.cargo.records import (
    BillOfLading,
    BillType,
    Container,
    GoodsLine,
    ImporterSecurityFiling,
    PartyRole,
    Voyage,
)
from greenlane.cargo.records import Party as CargoParty
from greenlane.world.parties import Party, Site
from greenlane.world.shipments import Shipment

__all__ = ["to_bill", "to_security_filing"]

_CENT = Decimal("0.01")


@lru_cache(maxsize=1 << 16)
def _party(role: PartyRole, party: Party) -> CargoParty:
    # Cached: the same few thousand parties appear on every bill, and the records are immutable.
    return CargoParty(role, party.name, party.address, party.country, party.identifier)


def _site_party(site: Site, parties: dict[str, Party]) -> CargoParty:
    """The stuffing location as filed: its owner's name, or for an unmapped site just a warehouse."""
    name = parties[site.owner_id].name if site.owner_id is not None else f"Warehouse, {site.city}"
    return CargoParty(PartyRole.STUFFING_LOCATION, name, site.address, site.country, site.site_id)


def to_bill(shipment: Shipment, parties: dict[str, Party]) -> BillOfLading:
    """The bill of lading exactly as the carrier (or the consolidator, for a house bill) files it."""
    carrier = parties[shipment.carrier_id]
    voyage = Voyage(
        carrier=carrier.identifier,
        vessel_name=shipment.vessel,
        voyage_number=shipment.voyage,
        port_of_loading=shipment.port_of_loading,
        port_of_discharge=shipment.port_of_discharge,
        departure=shipment.loading_at,
        arrival=datetime.combine(shipment.arrival_on, time(0), UTC),
        place_of_receipt=shipment.place_of_receipt.upper(),
    )
    named = [
        _party(PartyRole.SHIPPER, parties[shipment.shipper_id]),
        _party(PartyRole.CONSIGNEE, parties[shipment.consignee_id]),
        _party(PartyRole.NOTIFY, parties[shipment.notify_id]),
    ]
    if shipment.consolidator_id is not None:
        named.append(_party(PartyRole.CONSOLIDATOR, parties[shipment.consolidator_id]))
    goods = tuple(
        GoodsLine(
            hs_code=item.hs6,
            description=item.description,
            packages=item.packages,
            package_type=item.package_type,
            gross_weight_kg=item.gross_weight_kg,
            value=Decimal(repr(item.value_usd)).quantize(_CENT),
            currency="USD",
            country_of_origin=item.country_of_origin,
        )
        for item in shipment.goods
    )
    return BillOfLading(
        bill_number=shipment.transport_document,
        bill_type=BillType.HOUSE if shipment.house_bill else BillType.MASTER,
        voyage=voyage,
        parties=tuple(named),
        containers=tuple(Container(box.number, box.size_type, box.seals) for box in shipment.containers),
        goods=goods,
        filed_at=shipment.manifest_filed_at,
        master_bill=shipment.master_bill if shipment.house_bill else "",
    )


def to_security_filing(shipment: Shipment, parties: dict[str, Party]) -> ImporterSecurityFiling:
    """The importer security filing of the bill (the cargo record holds one HS-6: the first line's)."""
    filing = shipment.security_filing
    importer = parties[filing.importer_of_record_id]
    consolidator = (
        _party(PartyRole.CONSOLIDATOR, parties[filing.consolidator_id])
        if filing.consolidator_id is not None
        else CargoParty(PartyRole.CONSOLIDATOR, "")
    )
    return ImporterSecurityFiling(
        bill_number=filing.transport_document,
        carrier=parties[shipment.carrier_id].identifier,
        importer_of_record_number=importer.identifier,
        consignee_number=parties[filing.consignee_id].identifier,
        seller=_party(PartyRole.SELLER, parties[filing.seller_id]),
        buyer=_party(PartyRole.BUYER, parties[filing.buyer_id]),
        manufacturer=_party(PartyRole.MANUFACTURER, parties[filing.manufacturer_id]),
        ship_to=_party(PartyRole.SHIP_TO, parties[filing.ship_to_id]),
        stuffing_location=_site_party(filing.stuffing_site, parties),
        consolidator=consolidator,
        country_of_origin=filing.country_of_origin,
        hs6=filing.hs6[0],
        filed_at=filing.filed_at,
    )
