"""From a stored filing to one row of the risk engine's shipment frame: the goods are summarised by the line
of highest value, the filing flags found at ingest become 0/1 columns the rules test, the program's facts
about the consignee travel along, and whatever the filing leaves out comes through as unknown without
stopping the engine from scoring the row."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from greenlane.cargo import BillOfLading, GoodsLine, Party, PartyRole, bill_to_json
from greenlane.manifests.domain import summarise
from greenlane.risk.features import prepare_shipments
from greenlane.targeting.frames import FLAG_COLUMNS, ProgramFacts, shipment_row
from tests.unit.cargo.builders import a_bill, a_voyage, with_party

DAY = date(2024, 3, 15)


def row_of(bill: BillOfLading, *, flags: str = "", facts: ProgramFacts | None = None) -> dict[str, Any]:
    """The row exactly as the targeting service builds it from a stored bill."""
    summary = summarise(bill)
    return shipment_row(
        bill_id=42,
        day=DAY,
        body=bill_to_json(bill),
        flag_codes=flags,
        total_value=float(summary.total_value) if summary.total_value is not None else None,
        total_weight_kg=summary.total_weight_kg,
        facts=facts or ProgramFacts(),
    )


def line(hs: str, value: str | None, origin: str = "CN", weight: float | None = 100.0) -> GoodsLine:
    return GoodsLine(hs, "goods", 10, "CT", weight, None if value is None else Decimal(value), "USD", origin)


def test_the_goods_line_of_highest_value_gives_the_hs_code_and_origin() -> None:
    bill = a_bill(
        goods=(line("620520", "900.00", "BD"), line("851712", "52000.00", "VN"), line("940360", "7.5"))
    )

    row = row_of(bill)

    assert (row["hs6"], row["origin_country"]) == ("851712", "VN")


def test_value_and_mass_are_the_bill_totals_not_the_main_line() -> None:
    bill = a_bill(goods=(line("620520", "1000.50", weight=250.0), line("851712", "2000.25", weight=50.5)))

    row = row_of(bill)

    assert row["value"] == pytest.approx(3000.75)
    assert row["net_mass_kg"] == pytest.approx(300.5)


def test_a_line_without_a_value_never_outranks_a_valued_one() -> None:
    bill = a_bill(goods=(line("930190", None, "RU"), line("847130", "10.00", "TW")))

    assert row_of(bill)["hs6"] == "847130"


@pytest.mark.parametrize(
    ("declared", "expected"),
    [("847130", "847130"), ("8471.30", "847130"), ("8471", "847100"), ("84713012", "847130")],
)
def test_the_hs_code_becomes_six_digits(declared: str, expected: str) -> None:
    assert row_of(a_bill(goods=(line(declared, "10.00"),)))["hs6"] == expected


def test_route_parties_and_filing_come_from_the_bill() -> None:
    bill = a_bill(voyage=a_voyage(port_of_loading="SGSIN", port_of_discharge="USLGB", carrier="MSCU"))

    row = row_of(bill)

    assert row["declaration_id"] == "42" and row["date"] == DAY
    assert (row["office_id"], row["departure_country"], row["declarant_id"]) == ("USLGB", "SG", "MSCU")
    assert (row["importer_id"], row["seller_id"]) == ("95-1234567", "CN91330200")
    assert (row["transport_mode"], row["process_type"]) == ("sea", "master")


def test_the_importer_of_record_is_preferred_to_the_consignee() -> None:
    bill = with_party(
        a_bill(),
        PartyRole.IMPORTER_OF_RECORD,
        Party(PartyRole.IMPORTER_OF_RECORD, "Broker Co", "", "US", "77-7777777ZZ"),
    )

    assert row_of(bill)["importer_id"] == "77-7777777ZZ"


def test_a_party_without_an_identifier_is_known_by_its_name() -> None:
    shipper = Party(PartyRole.SHIPPER, "Shenzhen Lamp Works", "1 Road", "CN", "")

    assert row_of(with_party(a_bill(), PartyRole.SHIPPER, shipper))["seller_id"] == "Shenzhen Lamp Works"


@pytest.mark.parametrize(
    "codes",
    [
        "",
        "late_filing",
        "vague_description container_check_digit",
        "container_check_digit late_filing vague_description",
    ],
)
def test_each_ingest_flag_sets_its_own_column_and_only_that(codes: str) -> None:
    row = row_of(a_bill(), flags=codes)

    assert {column: row[column] for column in FLAG_COLUMNS.values()} == {
        column: int(code in codes.split()) for code, column in FLAG_COLUMNS.items()
    }


def test_the_flag_columns_are_the_ones_the_rules_can_test() -> None:
    assert set(FLAG_COLUMNS.values()) == {"late_filing", "vague_description", "bad_container"}


def test_the_programs_facts_about_the_consignee_travel_with_the_row() -> None:
    row = row_of(a_bill(), facts=ProgramFacts(tier="tier_2", suspended_links=1, unknown_links=3))

    assert (row["tier"], row["suspended_links"], row["unknown_links"]) == ("tier_2", 1, 3)


def test_a_filing_of_someone_outside_the_program_is_a_non_member_with_no_weak_links() -> None:
    row = row_of(a_bill())

    assert (row["tier"], row["suspended_links"], row["unknown_links"]) == ("none", 0, 0)


def test_without_goods_the_hs_code_is_unknown_and_the_origin_is_the_country_of_loading() -> None:
    row = row_of(a_bill(goods=()))

    assert (row["hs6"], row["origin_country"]) == ("000000", "CN")


def test_without_goods_origin_or_port_of_loading_the_origin_is_unknown() -> None:
    bill = a_bill(goods=(line("847130", "10.00", origin=""),), voyage=a_voyage(port_of_loading=""))

    row = row_of(bill)

    assert (row["origin_country"], row["departure_country"]) == ("ZZ", None)


def test_a_filing_without_parties_has_unknown_importer_and_seller() -> None:
    row = row_of(replace(a_bill(), parties=()))

    assert (row["importer_id"], row["seller_id"]) == (None, None)


def test_every_row_is_one_the_risk_engine_accepts() -> None:
    bills = [
        a_bill(),
        a_bill(goods=()),
        replace(a_bill(), parties=()),
        a_bill(voyage=a_voyage(port_of_loading="")),
    ]

    frame = prepare_shipments([row_of(b, flags="late_filing") for b in bills])

    assert frame.height == 4 and frame["late_filing"].to_list() == [1.0] * 4


def test_a_filing_without_declared_value_or_weight_still_makes_a_row_the_engine_accepts() -> None:
    # Ingest accepts a goods line without value or weight (both are optional in a manifest), so a day's
    # targeting must not fail on it.
    bill = a_bill(goods=(line("847130", None, weight=None),))

    row = row_of(bill)

    assert (row["value"], row["net_mass_kg"]) == (0.0, 0.0)
    assert prepare_shipments([row]).height == 1
