"""CUSCAR: a hand-written interchange in the shape carriers send (not produced by our writer) maps to
the expected bills; syntax variants (UNA or not, release characters, one line or many, directory
releases) read the same; a broken interchange raises, a bad consignment is quarantined."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from greenlane.cargo import (
    SUPPORTED_DIRECTORIES,
    Accepted,
    BillType,
    FlagCode,
    InterchangeError,
    Outcome,
    PartyRole,
    Quarantine,
    check_interchange,
    read_cuscar,
)

# Two consignments of one sailing. The first uses our usual layout; the second is a house bill in an
# older style: unstructured NAD (C058), weight in tonnes with a decimal comma, a date in format 102,
# ports only from the header, a release character in a name, and segments the mapping ignores (CNT).
INTERCHANGE = """UNA:+.? '
UNB+UNOA:2+HLCU+USCBP+240301:0800+IC0042'
UNH+M1+CUSCAR:D:95B:UN'
BGM+85+MAN-7781+9'
DTM+137:202402280930:203'
NAD+CA+HLCU:172:20'
TDT+20+031E+1++HLCU:172:20+++9501368:146:11:BERLIN EXPRESS'
LOC+9+DEHAM:139:6'
LOC+11+USNYC:139:6'
DTM+133:202403011800:203'
DTM+132:202403121200:203'
CNT+11:2'
CNI+1+HLCUHAM240301'
DTM+137:202402271030:203'
RFF+BM:HLCUHAM240301'
LOC+88+DEBRE:139:6'
NAD+CZ+DE8712::172++Bremer Maschinenbau GmbH+Hafenstrasse 4+Bremen++28195+DE'
NAD+CN+US4411++Atlantic Tools Inc+12 Pier Rd+Newark++07105+US'
GID+1+12:PL'
PIA+5+846711:HS'
FTX+AAA+++pneumatic drills, hand-held'
MEA+AAE+G+KGM:4210.5'
MOA+39:88000.00:EUR'
LOC+27+DE'
EQD+CN+HLXU8003311+42G1'
SEL+DE4471123'
SEL+DE4471124'
CNI+2+NVOC88120'
DTM+137:20240226:102'
RFF+BH:NVOC88120'
RFF+MB:HLCUHAM240301'
NAD+CZ++Schmidt ?+ Sohn KG:Ringstrasse 1:Hamburg++++++DE'
NAD+CN++Lakeside Imports LLC:400 Lake Ave, Chicago IL++++++US'
NAD+N1++Lakeside Imports LLC++++++US'
GID+1+3:CT'
PIA+5+940360:HS'
FTX+AAA+++wooden bedroom furniture:flat-packed'
MEA+WT+G+TNE:1,25'
LOC+27+PL'
EQD+CN+HLXU8003310+22G1'
UNT+39+M1'
UNZ+1+IC0042'
"""


def read(text: str) -> list[Outcome]:
    return list(read_cuscar(io.StringIO(text)))


def accepted(text: str) -> list[Accepted]:
    outcomes = read(text)
    assert all(isinstance(o, Accepted) for o in outcomes), outcomes
    return [o for o in outcomes if isinstance(o, Accepted)]


def test_the_voyage_header_applies_to_every_consignment() -> None:
    first, second = (o.record.bill for o in accepted(INTERCHANGE))
    for bill in (first, second):
        assert bill.voyage.carrier == "HLCU"
        assert bill.voyage.vessel_name == "BERLIN EXPRESS"
        assert bill.voyage.vessel_imo == "9501368"
        assert bill.voyage.voyage_number == "031E"
        assert bill.voyage.departure == datetime(2024, 3, 1, 18, 0, tzinfo=UTC)
        assert bill.voyage.arrival == datetime(2024, 3, 12, 12, 0, tzinfo=UTC)
        assert (bill.voyage.port_of_loading, bill.voyage.port_of_discharge) == ("DEHAM", "USNYC")


def test_a_consignment_maps_to_a_bill_with_parties_goods_and_sealed_containers() -> None:
    bill = accepted(INTERCHANGE)[0].record.bill
    assert (bill.bill_number, bill.bill_type, bill.master_bill) == ("HLCUHAM240301", BillType.MASTER, "")
    assert bill.filed_at == datetime(2024, 2, 27, 10, 30, tzinfo=UTC)
    assert bill.voyage.place_of_receipt == "DEBRE"
    shipper = bill.party(PartyRole.SHIPPER)
    assert shipper is not None
    assert (shipper.name, shipper.address, shipper.country, shipper.identifier) == (
        "Bremer Maschinenbau GmbH",
        "Hafenstrasse 4 Bremen 28195",
        "DE",
        "DE8712",
    )
    (line,) = bill.goods
    assert (line.hs_code, line.description, line.packages, line.package_type) == (
        "846711",
        "pneumatic drills, hand-held",
        12,
        "PL",
    )
    assert (line.gross_weight_kg, line.value, line.currency, line.country_of_origin) == (
        4210.5,
        Decimal("88000.00"),
        "EUR",
        "DE",
    )
    (container,) = bill.containers
    assert (container.number, container.size_type, container.seals) == (
        "HLXU8003311",
        "42G1",
        ("DE4471123", "DE4471124"),
    )


def test_an_older_style_house_consignment_maps_too() -> None:
    bill = accepted(INTERCHANGE)[1].record.bill
    assert (bill.bill_number, bill.bill_type, bill.master_bill) == (
        "NVOC88120",
        BillType.HOUSE,
        "HLCUHAM240301",
    )
    assert bill.filed_at == datetime(2024, 2, 26, tzinfo=UTC)
    shipper = bill.party(PartyRole.SHIPPER)
    assert shipper is not None
    assert (shipper.name, shipper.address) == ("Schmidt + Sohn KG", "Ringstrasse 1 Hamburg")
    (line,) = bill.goods
    assert line.description == "wooden bedroom furniture flat-packed"
    assert line.gross_weight_kg == 1250.0
    assert line.value is None


def test_locators_name_message_and_consignment() -> None:
    assert [o.locator for o in read(INTERCHANGE)] == ["message 1 consignment 1", "message 1 consignment 2"]


def test_flags_are_attached_to_cuscar_records_too() -> None:
    first, second = accepted(INTERCHANGE)
    assert first.flags == ()  # filed 55.5 hours ahead; HLXU8003311 has the right check digit
    assert [f.code for f in second.flags] == [FlagCode.CONTAINER_CHECK_DIGIT]
    assert "expected 1" in second.flags[0].detail


def test_without_una_the_default_service_characters_apply() -> None:
    without = INTERCHANGE.split("\n", 1)[1]
    assert [o.record for o in accepted(without)] == [o.record for o in accepted(INTERCHANGE)]


def test_a_una_with_other_service_characters_is_honoured() -> None:
    # With * as the data separator, a plus sign in the data no longer needs its release character.
    swapped = INTERCHANGE.replace("?+", "\x00").replace("+", "*").replace("\x00", "+")
    assert swapped.startswith("UNA:*.? '")
    assert [o.record for o in accepted(swapped)] == [o.record for o in accepted(INTERCHANGE)]


def test_segments_on_one_line_read_the_same_as_one_per_line() -> None:
    one_line = INTERCHANGE.replace("'\n", "'")
    assert "\n" not in one_line.strip()
    assert [o.record for o in accepted(one_line)] == [o.record for o in accepted(INTERCHANGE)]


def test_windows_line_breaks_read_the_same() -> None:
    crlf = INTERCHANGE.replace("\n", "\r\n")
    assert [o.record for o in accepted(crlf)] == [o.record for o in accepted(INTERCHANGE)]


def test_released_separators_and_release_characters_are_data() -> None:
    text = INTERCHANGE.replace("Atlantic Tools Inc", "Atlantic ?'Tools?' ?:Inc?? 50?%")
    bill = accepted(text)[0].record.bill
    consignee = bill.party(PartyRole.CONSIGNEE)
    assert consignee is not None
    # A release character before an ordinary character releases nothing and is dropped, as pydifact does.
    assert consignee.name == "Atlantic 'Tools' :Inc? 50%"


@pytest.mark.parametrize("directory", SUPPORTED_DIRECTORIES)
def test_each_supported_directory_release_reads_the_same(directory: str) -> None:
    text = INTERCHANGE.replace("CUSCAR:D:95B:UN", f"CUSCAR:{directory}:UN")
    assert [o.record for o in accepted(text)] == [o.record for o in accepted(INTERCHANGE)]


def test_a_message_that_is_not_cuscar_is_refused() -> None:
    with pytest.raises(InterchangeError, match="not CUSCAR") as caught:
        read(INTERCHANGE.replace("CUSCAR:D:95B", "IFTMIN:D:95B"))
    assert caught.value.message_number == 1
    assert caught.value.segment == "UNH"


@pytest.mark.parametrize(
    ("damage", "segment", "message"),
    [
        (lambda t: t[: t.index("UNZ")], "UNT", 0),
        (lambda t: t[: t.index("UNT")], "EQD", 1),
        (lambda t: t[: t.index("GID+1+3")] + "GID+1+3:", "GID", 1),
        (lambda t: t.replace("UNT+39+M1", "UNT+38+M1"), "UNT", 1),
        (lambda t: t.replace("UNT+39+M1", "UNT+39+M2"), "UNT", 1),
        (lambda t: t.replace("UNZ+1+", "UNZ+2+"), "UNZ", 0),
        (lambda t: t.replace("UNZ+1+IC0042", "UNZ+1+IC0043"), "UNZ", 0),
        (lambda t: t.replace("UNB+", "UNX+"), "UNX", 0),
        (lambda t: t + "UNH+M2+CUSCAR:D:95B:UN'", "UNH", 0),
        (lambda t: t.replace("FTX+AAA", "F#X+AAA"), "F#X", 1),
        (lambda t: t.replace("UNH+M1+CUSCAR:D:95B:UN", "UNH+M1+CUSCAR:D:XYZ:UN"), "UNH", 1),
        (lambda t: "%PDF-1.4 binary garbage" + t, "%PD", 0),
    ],
)
def test_an_unreadable_or_truncated_interchange_raises_naming_message_and_segment(
    damage: object, segment: str, message: int
) -> None:
    broken = damage(INTERCHANGE)  # type: ignore[operator]
    with pytest.raises(InterchangeError) as caught:
        read(broken)
    assert caught.value.segment == segment
    assert caught.value.message_number == message
    assert f"segment {segment}" in str(caught.value)


def test_an_empty_text_is_not_an_interchange() -> None:
    with pytest.raises(InterchangeError, match="no UNB"):
        read("")


def test_check_interchange_counts_messages_or_raises(tmp_path: pytest.TempPathFactory) -> None:
    assert check_interchange(io.StringIO(INTERCHANGE)) == 1
    with pytest.raises(InterchangeError):
        check_interchange(io.StringIO(INTERCHANGE[:-10]))


def test_a_bad_consignment_is_quarantined_and_its_neighbours_go_in() -> None:
    text = INTERCHANGE.replace("MEA+AAE+G+KGM:4210.5", "MEA+AAE+G+KGM:4.210,5t")
    first, second = read(text)
    assert isinstance(first, Quarantine)
    assert first.locator == "message 1 consignment 1"
    assert first.field == "MEA+AAE (goods item 1)"
    assert first.raw.startswith("CNI+1+HLCUHAM240301'")
    assert isinstance(second, Accepted)


@pytest.mark.parametrize(
    ("remove", "field"),
    [
        ("NAD+CZ+DE8712::172++Bremer Maschinenbau GmbH+Hafenstrasse 4+Bremen++28195+DE'\n", "NAD+CZ"),
        ("NAD+CN+US4411++Atlantic Tools Inc+12 Pier Rd+Newark++07105+US'\n", "NAD+CN"),
    ],
)
def test_a_consignment_missing_a_party_is_quarantined_naming_the_segment(remove: str, field: str) -> None:
    first = read(INTERCHANGE.replace(remove, "").replace("UNT+39", "UNT+38"))[0]
    assert isinstance(first, Quarantine)
    assert first.field == field


def test_a_missing_port_of_discharge_quarantines_every_consignment_of_the_message() -> None:
    outcomes = read(INTERCHANGE.replace("LOC+11+USNYC:139:6'\n", "").replace("UNT+39", "UNT+38"))
    assert [(type(o).__name__, o.field) for o in outcomes if isinstance(o, Quarantine)] == [
        ("Quarantine", "LOC+11"),
        ("Quarantine", "LOC+11"),
    ]


def test_a_bad_header_date_quarantines_each_consignment_with_the_reason() -> None:
    outcomes = read(INTERCHANGE.replace("DTM+133:202403011800:203", "DTM+133:2024-03-01:203"))
    assert all(isinstance(o, Quarantine) and o.field == "DTM+133" for o in outcomes)


def test_an_unknown_date_format_is_quarantined() -> None:
    first = read(INTERCHANGE.replace("DTM+137:202402271030:203", "DTM+137:202402271030:718"))[0]
    assert isinstance(first, Quarantine)
    assert "date format" in first.reason


def test_a_weight_unit_we_cannot_convert_is_quarantined() -> None:
    first = read(INTERCHANGE.replace("KGM:4210.5", "MTQ:4210.5"))[0]
    assert isinstance(first, Quarantine)
    assert "weight unit" in first.reason


def test_a_file_path_is_decoded_by_its_declared_character_set(tmp_path: pytest.TempPathFactory) -> None:
    latin = INTERCHANGE.replace("UNOA:2", "UNOC:3").replace("Bremer Maschinenbau", "Bremer Maschinenbäu")
    path = tmp_path / "latin1.edi"  # type: ignore[operator]
    path.write_bytes(latin.encode("latin-1"))
    shipper = accepted_path(path)[0].record.bill.party(PartyRole.SHIPPER)
    assert shipper is not None and shipper.name == "Bremer Maschinenbäu GmbH"
    utf8 = tmp_path / "utf8.edi"  # type: ignore[operator]
    utf8.write_bytes(latin.replace("UNOC:3", "UNOW:4").replace("äu", "ău").encode("utf-8"))
    shipper = accepted_path(utf8)[0].record.bill.party(PartyRole.SHIPPER)
    assert shipper is not None and shipper.name == "Bremer Maschinenbău GmbH"


def accepted_path(path: object) -> list[Accepted]:
    outcomes = list(read_cuscar(path))  # type: ignore[arg-type]
    assert all(isinstance(o, Accepted) for o in outcomes)
    return [o for o in outcomes if isinstance(o, Accepted)]
