"""Writing CUSCAR: the interchange our writer produces is well formed in every variant a sender may
choose, groups bills of one sailing into bounded messages, and is byte-for-byte deterministic."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

from greenlane.cargo import (
    SUPPORTED_DIRECTORIES,
    Accepted,
    BillOfLading,
    Party,
    PartyRole,
    check_interchange,
    read_cuscar,
    write_cuscar,
)
from tests.unit.cargo.builders import a_bill, a_voyage, with_party


def cuscar_text(bills: list[BillOfLading], **options: Any) -> str:
    buffer = io.StringIO()
    write_cuscar(bills, buffer, **options)
    return buffer.getvalue()


def round_trip(bills: list[BillOfLading], **options: Any) -> list[BillOfLading]:
    outcomes = list(read_cuscar(io.StringIO(cuscar_text(bills, **options))))
    assert all(isinstance(o, Accepted) for o in outcomes), outcomes
    return [o.record.bill for o in outcomes if isinstance(o, Accepted)]


@pytest.mark.parametrize("directory", SUPPORTED_DIRECTORIES)
def test_every_supported_directory_can_be_written_and_read_back(directory: str) -> None:
    text = cuscar_text([a_bill()], directory=directory)
    assert f"UNH+1+CUSCAR:{directory}:UN'" in text
    assert round_trip([a_bill()], directory=directory) == [a_bill()]


@pytest.mark.parametrize(("una", "line_breaks"), [(True, True), (True, False), (False, True), (False, False)])
def test_with_or_without_una_and_line_breaks_the_bills_come_back(una: bool, line_breaks: bool) -> None:
    text = cuscar_text([a_bill()], una=una, line_breaks=line_breaks)
    assert text.startswith("UNA") is una
    assert ("\n" in text) is line_breaks
    assert round_trip([a_bill()], una=una, line_breaks=line_breaks) == [a_bill()]


def test_text_holding_separators_is_released_and_comes_back() -> None:
    tricky = Party(PartyRole.SHIPPER, "O'Brien + Sons: Cork?", "Quay 1+2", "IE", "IE:77'1")
    bill = with_party(a_bill(), PartyRole.SHIPPER, tricky)
    text = cuscar_text([bill])
    assert "O?'Brien ?+ Sons?: Cork??" in text
    assert round_trip([bill]) == [bill]


def test_bills_of_one_sailing_share_a_message_and_a_new_sailing_opens_another() -> None:
    same = [a_bill(bill_number=f"B{i}") for i in range(3)]
    other = a_bill(bill_number="B9", voyage=a_voyage(voyage_number="413E"))
    text = cuscar_text([*same, other])
    assert text.count("UNH+") == 2
    assert "UNZ+2+1'" in text
    assert round_trip([*same, other]) == [*same, other]


def test_a_long_run_of_bills_is_cut_into_bounded_messages() -> None:
    bills = [a_bill(bill_number=f"B{i:03d}") for i in range(25)]
    text = cuscar_text(bills, per_message=10)
    assert text.count("UNH+") == 3
    assert check_interchange(io.StringIO(text)) == 3
    assert round_trip(bills, per_message=10) == bills


def test_an_interchange_without_bills_is_still_a_valid_envelope() -> None:
    text = cuscar_text([])
    assert check_interchange(io.StringIO(text)) == 0
    assert list(read_cuscar(io.StringIO(text))) == []


def test_output_is_deterministic_without_a_clock() -> None:
    assert cuscar_text([a_bill()]) == cuscar_text([a_bill()])
    assert "UNB+UNOC:3+GREENLANE+CUSTOMS+240228:1200+1'" in cuscar_text([a_bill()])


def test_a_preparation_time_stamps_the_envelope_and_the_message() -> None:
    prepared = datetime(2024, 2, 29, 6, 30, tzinfo=UTC)
    text = cuscar_text([a_bill()], prepared_at=prepared)
    assert "+240229:0630+" in text
    assert "DTM+137:202402290630:203'" in text


def test_times_with_seconds_use_format_204() -> None:
    bill = a_bill(filed_at=datetime(2024, 2, 27, 8, 15, 42, tzinfo=UTC))
    assert "DTM+137:20240227081542:204'" in cuscar_text([bill])
    assert round_trip([bill]) == [bill]


def test_latin1_text_is_written_in_latin1_and_other_text_needs_utf8(tmp_path: Any) -> None:
    accented = with_party(a_bill(), PartyRole.SHIPPER, Party(PartyRole.SHIPPER, "Société Générale Export"))
    latin = tmp_path / "latin.edi"
    write_cuscar([accented], latin)
    assert "Société".encode("latin-1") in latin.read_bytes()
    assert [o.record.bill for o in read_cuscar(latin) if isinstance(o, Accepted)] == [accented]

    chinese = with_party(a_bill(), PartyRole.SHIPPER, Party(PartyRole.SHIPPER, "宁波明亮纺织有限公司"))
    with pytest.raises(UnicodeEncodeError):
        write_cuscar([chinese], tmp_path / "refused.edi")
    utf8 = tmp_path / "utf8.edi"
    write_cuscar([chinese], utf8, charset="UNOW")
    assert b"UNB+UNOW:4" in utf8.read_bytes()
    assert [o.record.bill for o in read_cuscar(utf8) if isinstance(o, Accepted)] == [chinese]


def test_an_unknown_charset_is_refused() -> None:
    with pytest.raises(ValueError, match="UNOC"):
        cuscar_text([a_bill()], charset="UNOB")


def test_weights_that_python_prints_with_exponents_are_written_plainly() -> None:
    bill = a_bill()
    tiny = replace(bill, goods=(replace(bill.goods[0], gross_weight_kg=1e-05),))
    text = cuscar_text([tiny])
    assert "KGM:0.00001'" in text
    assert round_trip([tiny]) == [tiny]
