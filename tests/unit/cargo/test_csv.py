"""The CSV contract: one row per goods line with the bill repeated, rows of a bill together; every bad
bill is quarantined with the line and column that broke it, and the rest of the file still goes in."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

import pytest

from greenlane.cargo import (
    CSV_COLUMNS,
    Accepted,
    BillOfLading,
    FlagCode,
    FormatError,
    Outcome,
    PartyRole,
    Quarantine,
    read_csv,
    write_csv,
)
from tests.unit.cargo.builders import a_bill, with_party


def csv_text(*bills: BillOfLading) -> str:
    buffer = io.StringIO()
    write_csv(bills, buffer)
    return buffer.getvalue()


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def text_of(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def read(text: str) -> list[Outcome]:
    return list(read_csv(io.StringIO(text)))


def edited(column: str, value: str, row: int | None = None) -> list[Outcome]:
    """The standard bill as CSV with one column changed: on every row (as the contract repeats bill-level
    fields), or only on `row` (1 is the first data row, on line 2)."""
    rows = rows_of(csv_text(a_bill()))
    for index in [row] if row is not None else range(1, len(rows)):
        rows[index][CSV_COLUMNS.index(column)] = value
    return read(text_of(rows))


def only_quarantine(outcomes: list[Outcome]) -> Quarantine:
    assert len(outcomes) == 1
    assert isinstance(outcomes[0], Quarantine), outcomes[0]
    return outcomes[0]


def test_one_row_is_written_per_goods_line_with_the_bill_repeated() -> None:
    rows = rows_of(csv_text(a_bill()))
    assert rows[0] == list(CSV_COLUMNS)
    assert len(rows) == 3
    assert rows[1][:5] == rows[2][:5]


def test_a_bill_reads_back_as_one_accepted_record_located_at_its_first_line() -> None:
    outcomes = read(csv_text(a_bill(), a_bill(bill_number="MAEU249999999")))
    assert [type(o) for o in outcomes] == [Accepted, Accepted]
    assert [o.locator for o in outcomes] == ["line 2", "line 4"]
    assert isinstance(outcomes[0], Accepted)
    assert outcomes[0].record.bill == a_bill()


def test_a_bill_without_goods_lines_is_one_row_with_empty_goods_columns() -> None:
    outcomes = read(csv_text(a_bill(goods=())))
    assert isinstance(outcomes[0], Accepted)
    assert outcomes[0].record.bill.goods == ()


@pytest.mark.parametrize(
    ("column", "field"),
    [
        ("bill_number", "bill_number"),
        ("carrier", "carrier"),
        ("shipper_name", "shipper_name"),
        ("consignee_name", "consignee_name"),
        ("port_of_loading", "port_of_loading"),
        ("port_of_discharge", "port_of_discharge"),
    ],
)
def test_a_missing_required_field_quarantines_the_bill_naming_line_and_field(column: str, field: str) -> None:
    rows = rows_of(csv_text(a_bill()))
    for row in rows[1:]:
        row[CSV_COLUMNS.index(column)] = ""
        if column.endswith("_name"):  # a party is there as long as it has a name or an identifier
            row[CSV_COLUMNS.index(column.replace("_name", "_id"))] = ""
    quarantine = only_quarantine(read(text_of(rows)))
    assert quarantine.field == field
    assert "missing" in quarantine.reason
    assert quarantine.locator == "line 2"


@pytest.mark.parametrize(
    ("column", "value"),
    [("packages", "12 cartons"), ("packages", "-3"), ("gross_weight_kg", "6,120.5"), ("value", "USD 48210")],
)
def test_an_unparseable_number_quarantines_the_bill_naming_the_column(column: str, value: str) -> None:
    quarantine = only_quarantine(edited(column, value, row=1))
    assert quarantine.field == column
    assert repr(value) in quarantine.reason
    assert quarantine.locator == "line 2"


@pytest.mark.parametrize("column", ["filed_at", "departure", "arrival"])
def test_a_bad_date_quarantines_the_bill_naming_the_column(column: str) -> None:
    quarantine = only_quarantine(edited(column, "31/02/2024 10:00"))
    assert quarantine.field == column
    assert "ISO 8601" in quarantine.reason


def test_a_port_that_is_not_a_locode_is_quarantined() -> None:
    quarantine = only_quarantine(edited("port_of_loading", "Shanghai"))
    assert quarantine.field == "port_of_loading"
    assert "UN/LOCODE" in quarantine.reason


def test_an_unknown_bill_type_is_quarantined() -> None:
    assert only_quarantine(edited("bill_type", "waybill")).field == "bill_type"


def test_a_bad_second_row_quarantines_the_whole_bill_at_that_line() -> None:
    quarantine = only_quarantine(edited("gross_weight_kg", "heavy", row=2))
    assert quarantine.locator == "line 3"
    assert quarantine.raw.splitlines()[0] == ",".join(CSV_COLUMNS)
    assert len(quarantine.raw.splitlines()) == 3


def test_rows_of_one_bill_that_disagree_on_bill_level_fields_are_quarantined() -> None:
    quarantine = only_quarantine(edited("vessel_name", "OTHER SHIP", row=2))
    assert quarantine.field == "vessel_name"
    assert quarantine.locator == "line 3"
    assert "differs from line 2" in quarantine.reason


def test_a_row_with_the_wrong_number_of_fields_is_quarantined() -> None:
    text = csv_text(a_bill()) + "MAEU,SHORTROW,master\n"
    outcomes = read(text)
    assert isinstance(outcomes[0], Accepted)
    assert isinstance(outcomes[1], Quarantine)
    assert outcomes[1].locator == "line 4"
    assert "fields" in outcomes[1].reason


def test_the_rest_of_the_file_still_goes_in_after_a_bad_bill() -> None:
    bad = with_party(a_bill(bill_number="B2"), PartyRole.CONSIGNEE, None)
    outcomes = read(csv_text(a_bill(bill_number="B1"), bad, a_bill(bill_number="B3")))
    assert [type(o).__name__ for o in outcomes] == ["Accepted", "Quarantine", "Accepted"]
    assert outcomes[1].locator == "line 4"


def test_columns_may_come_in_any_order() -> None:
    rows = rows_of(csv_text(a_bill()))
    order = list(reversed(range(len(CSV_COLUMNS))))
    shuffled = [[row[i] for i in order] for row in rows]
    outcomes = read(text_of(shuffled))
    assert isinstance(outcomes[0], Accepted)
    assert outcomes[0].record.bill == a_bill()


def test_a_header_lacking_contract_columns_is_a_format_error() -> None:
    with pytest.raises(FormatError, match="port_of_loading"):
        read("carrier,bill_number\nMAEU,1\n")


def test_an_empty_file_yields_nothing() -> None:
    assert read("") == []


def test_an_oversized_field_is_quarantined_and_reading_goes_on() -> None:
    rows = rows_of(csv_text(a_bill(bill_number="B1")))
    rows[1][CSV_COLUMNS.index("description")] = "x" * 200_000
    text = text_of(rows) + "".join(csv_text(a_bill(bill_number="B2")).splitlines(keepends=True)[1:])
    outcomes = read(text)
    assert any(isinstance(o, Quarantine) and "unreadable CSV row" in o.reason for o in outcomes)
    assert any(isinstance(o, Accepted) and o.record.bill.bill_number == "B2" for o in outcomes)


def test_flags_travel_with_the_accepted_record() -> None:
    bill = a_bill()
    vague = replace(bill, goods=(replace(bill.goods[0], description="said to contain"),))
    outcome = read(csv_text(vague))[0]
    assert isinstance(outcome, Accepted)
    assert [f.code for f in outcome.flags] == [FlagCode.VAGUE_DESCRIPTION]


def test_the_writer_refuses_two_parties_in_one_role() -> None:
    bill = a_bill()
    twice = replace(bill, parties=(*bill.parties, bill.parties[0]))
    with pytest.raises(ValueError, match="one shipper"):
        csv_text(twice)


def test_the_writer_refuses_a_seal_holding_a_cell_separator() -> None:
    bill = a_bill()
    with pytest.raises(ValueError, match="separator"):
        csv_text(replace(bill, containers=(replace(bill.containers[0], seals=("A;B",)),)))


def test_reading_from_a_path_works_like_reading_a_stream(tmp_path: Path) -> None:
    path = tmp_path / "manifest.csv"
    write_csv([a_bill()], path)
    outcomes = list(read_csv(path))
    assert isinstance(outcomes[0], Accepted)
    assert outcomes[0].record.bill == a_bill()


def test_a_byte_order_mark_from_a_spreadsheet_export_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes(b"\xef\xbb\xbf" + csv_text(a_bill()).encode())
    outcomes = list(read_csv(path))
    assert isinstance(outcomes[0], Accepted)
