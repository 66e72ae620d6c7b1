from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

import pytest

from greenlane.world import Equipment, GoodsItem, SecurityFiling, Shipment, Site, is_valid_container_number
from greenlane.world.products import PRODUCTS
from tests.unit.world.conftest import Generated

LOADING = datetime(2024, 3, 4, 10, 0, tzinfo=UTC)
SITE = Site("FAC-1", "MFR1", "factory", "CN", "Ningbo", "1 Harbour Road, Ningbo")


def make_shipment(
    *,
    filed_before_loading: timedelta = timedelta(hours=48),
    description: str = "WOODEN FURNITURE",
    house_bill: str | None = None,
) -> Shipment:
    """A valid full-container bill by default; each test overrides only what it is about."""
    goods = (GoodsItem(1, "940360", description, 10, "PK", 250.0, 1250.0, "CN"),)
    filed = LOADING - timedelta(hours=30)
    parties = ("BRK1", "MFR1", "IMP1", "IMP1", "IMP1", "MFR1", "IMP1")
    filing = SecurityFiling(house_bill or "MB1", filed, *parties, "CN", ("940360",), SITE, None)
    return Shipment(
        "MB1", house_bill, "CH1", 0, "CAR1", "MERIDIAN AURORA", "10001E", "NINGBO, CN", "CNNGB", (), "USLAX",
        LOADING, date(2024, 3, 20), LOADING - filed_before_loading, "MFR1", "IMP1", "BRK1", None,
        (Equipment("CSQU3054383", "45G1", ("AB1234567",)),), goods, filing,
    )  # fmt: skip


def test_late_filing_is_flagged_when_less_than_24_hours_before_loading() -> None:
    assert make_shipment(filed_before_loading=timedelta(hours=23, minutes=59)).manifest_late
    assert not make_shipment(filed_before_loading=timedelta(hours=24)).manifest_late


def test_vague_descriptions_are_recognised_and_precise_ones_are_not() -> None:
    assert make_shipment(description="FAK").vague_description
    assert make_shipment(description="SAID TO CONTAIN 40 PACKAGES").vague_description
    assert not make_shipment(description="WOODEN FURNITURE").vague_description


def test_the_transport_document_is_the_house_bill_when_there_is_one() -> None:
    assert make_shipment().transport_document == "MB1"
    assert make_shipment(house_bill="HB7").transport_document == "HB7"


def test_no_catalogue_description_counts_as_vague() -> None:
    assert not any(GoodsItem(1, p.hs6, p.description, 1, p.package, 1.0, 1.0, "CN").vague for p in PRODUCTS)


def test_bills_on_one_sailing_share_vessel_departure_and_arrival(month_2002: Generated) -> None:
    sailings: dict[tuple[str, str, str], set[tuple[datetime, date, str, str]]] = defaultdict(set)
    for batch in month_2002.batches:
        for s in batch.shipments:
            sailings[(s.carrier_id, s.vessel, s.voyage)].add(
                (s.loading_at, s.arrival_on, s.port_of_loading, s.port_of_discharge)
            )
    assert all(len(headers) == 1 for headers in sailings.values())
    assert any(len(batch.shipments) > 1 for batch in month_2002.batches)


def test_bills_load_on_a_weekly_sailing_within_a_week_of_booking(month_2002: Generated) -> None:
    world = month_2002.world
    for batch in month_2002.batches:
        for s in batch.shipments:
            assert 0 <= (s.loading_at.date() - world.params.start).days - batch.day <= 6
            assert s.arrival_on > s.loading_at.date()


def test_consolidated_house_bills_share_a_box_under_the_carriers_master_bill(month_2002: Generated) -> None:
    by_master: dict[str, list[Shipment]] = defaultdict(list)
    for batch in month_2002.batches:
        for s in batch.shipments:
            if s.house_bill:
                by_master[s.master_bill].append(s)
    shared = [bills for bills in by_master.values() if len(bills) > 1]
    assert shared
    for bills in shared:
        assert len({b.containers[0].number[:10] for b in bills}) == 1
        assert len({b.consolidator_id for b in bills}) == 1


def test_transport_documents_are_unique_across_the_world(month_2002: Generated) -> None:
    documents = [s.transport_document for batch in month_2002.batches for s in batch.shipments]
    assert len(documents) == len(set(documents))


def test_container_numbers_are_valid_except_for_a_small_keyed_wrong_share(month_2002: Generated) -> None:
    boxes = [box.number for batch in month_2002.batches for s in batch.shipments for box in s.containers]
    invalid = sum(not is_valid_container_number(number) for number in boxes)
    assert 0 < invalid / len(boxes) < 0.01


def test_declared_values_of_honest_bills_follow_the_unit_value_norm(month_2002: Generated) -> None:
    norms = {p.hs6: p.usd_per_kg for p in PRODUCTS}
    ratios = [
        item.value_usd / item.gross_weight_kg / norms[item.hs6]
        for batch in month_2002.batches
        for s, truth in zip(batch.shipments, batch.truths, strict=True)
        if not truth.violation
        for item in s.goods
    ]
    ratios.sort()
    median = ratios[len(ratios) // 2]
    assert median == pytest.approx(1.0, abs=0.35)


def test_chilled_goods_travel_in_reefer_boxes_and_dry_goods_do_not(month_2002: Generated) -> None:
    reefer = {p.hs6 for p in PRODUCTS if p.reefer}
    for batch in month_2002.batches:
        for s, truth in zip(batch.shipments, batch.truths, strict=True):
            assert all((box.size_type == "45R1") == (truth.true_hs6 in reefer) for box in s.containers)
