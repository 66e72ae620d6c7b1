"""The same shipments reach every format: reading each file back gives the bills the world mapped."""

from __future__ import annotations

from pathlib import Path

import pytest

from greenlane.cargo.csv_reader import read_csv
from greenlane.cargo.cuscar_reader import read_cuscar
from greenlane.cargo.isf import read_isf_ndjson
from greenlane.cargo.ndjson_format import read_ndjson
from greenlane.cargo.records import Accepted, BillOfLading, BillType, FlagCode, PartyRole
from greenlane.world import WorldParams, build_world, to_bill, to_security_filing, write_world

PARAMS = WorldParams(seed=8, days=4)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("formats")
    write_world(build_world(PARAMS), out)
    return out


@pytest.fixture(scope="module")
def expected() -> list[BillOfLading]:
    world = build_world(PARAMS)
    return [to_bill(shipment, world.parties) for shipment in world.shipments()]


@pytest.mark.parametrize(
    ("name", "reader"),
    [("manifests.csv", read_csv), ("manifests.ndjson", read_ndjson), ("manifests.edi", read_cuscar)],
)
def test_each_format_reads_back_as_exactly_the_bills_the_world_filed(
    written: Path,
    expected: list,
    name: str,
    reader: object,  # type: ignore[type-arg]
) -> None:
    outcomes = list(reader(written / name))  # type: ignore[operator]
    assert all(isinstance(outcome, Accepted) for outcome in outcomes)
    assert [outcome.record.bill for outcome in outcomes] == expected


def test_the_ingest_flags_match_the_worlds_own_counts(written: Path) -> None:
    world = build_world(PARAMS)
    shipments = list(world.shipments())
    outcomes = [o for o in read_ndjson(written / "manifests.ndjson") if isinstance(o, Accepted)]
    flags = [flag.code for outcome in outcomes for flag in outcome.flags]
    assert flags.count(FlagCode.LATE_FILING) == sum(s.manifest_late for s in shipments)
    assert flags.count(FlagCode.VAGUE_DESCRIPTION) == sum(sum(i.vague for i in s.goods) for s in shipments)
    assert flags.count(FlagCode.CONTAINER_CHECK_DIGIT) > 0


def test_house_bills_name_their_master_bill_and_consolidator() -> None:
    world = build_world(PARAMS)
    house = next(s for s in world.shipments() if s.house_bill)
    bill = to_bill(house, world.parties)
    assert bill.bill_type is BillType.HOUSE and bill.master_bill == house.master_bill
    consolidator = bill.party(PartyRole.CONSOLIDATOR)
    assert consolidator is not None and consolidator.name == world.parties[str(house.consolidator_id)].name


def test_the_security_filing_carries_the_importers_elements() -> None:
    world = build_world(PARAMS)
    shipment = next(iter(world.shipments()))
    filing = to_security_filing(shipment, world.parties)
    importer = world.parties[shipment.consignee_id]
    maker = world.parties[shipment.shipper_id]
    assert filing.bill_number == shipment.transport_document
    assert filing.importer_of_record_number == importer.identifier
    assert (filing.buyer.name, filing.ship_to.name) == (importer.name, importer.name)
    assert (filing.seller.name, filing.manufacturer.name) == (maker.name, maker.name)
    assert filing.stuffing_location.role is PartyRole.STUFFING_LOCATION and filing.stuffing_location.address
    assert (
        filing.hs6 == shipment.goods[0].hs6
        and filing.country_of_origin == shipment.goods[0].country_of_origin
    )


def test_the_security_filings_file_reads_back_as_the_filings_the_world_mapped(written: Path) -> None:
    world = build_world(PARAMS)
    expected = [to_security_filing(shipment, world.parties) for shipment in world.shipments()]
    assert list(read_isf_ndjson(written / "security_filings.ndjson")) == expected
