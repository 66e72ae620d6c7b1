"""The customs-declarations benchmark format: each declaration maps to one record as documented, and a
row that breaks the published schema is quarantined. The real files are read when present."""

from __future__ import annotations

import csv
import io
import os
from collections import Counter
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from greenlane.cargo import KCS_COLUMNS, Accepted, FormatError, Outcome, PartyRole, Quarantine, read_kcs

GOOD_ROW = [
    "97061800", "2020-01-01", "30", "B", "11", "21", "11", "10", "ZZR1LT6", "QLRUBN9", "0VKY2BR", "",
    "440890", "BE", "BE", "0.0", "FEU1", "G", "108.0", "372254.4", "0", "0",
]  # fmt: skip


def data_dir() -> Path:
    """<repo>/../shared/data/customs-declarations unless GREENLANE_KCS_DATA names another place."""
    default = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "customs-declarations"
    return Path(os.environ.get("GREENLANE_KCS_DATA", default))


def require_data(name: str) -> Path:
    path = data_dir() / name
    if not path.exists():
        reason = f"customs-declarations data not found at {path} (set GREENLANE_KCS_DATA)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return path


def read_rows(*rows: list[str], header: tuple[str, ...] = KCS_COLUMNS) -> list[Outcome]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return list(read_kcs(io.StringIO(buffer.getvalue())))


def changed(column: str, value: str) -> list[str]:
    row = list(GOOD_ROW)
    row[KCS_COLUMNS.index(column)] = value
    return row


def test_a_declaration_maps_to_a_record_as_documented() -> None:
    (outcome,) = read_rows(GOOD_ROW)
    assert isinstance(outcome, Accepted)
    record = outcome.record
    bill = record.bill
    assert record.natural_key == ("KCS", "97061800")
    assert bill.filed_at == datetime(2020, 1, 1, tzinfo=UTC)
    assert (bill.voyage.port_of_loading, bill.voyage.port_of_discharge) == ("BEZZZ", "KR030")
    assert [p.role for p in bill.parties] == [
        PartyRole.CONSIGNEE,
        PartyRole.IMPORTER_OF_RECORD,
        PartyRole.SHIPPER,
        PartyRole.SELLER,
    ]
    assert bill.party(PartyRole.CONSIGNEE).identifier == "QLRUBN9"  # type: ignore[union-attr]
    assert bill.party(PartyRole.SHIPPER).identifier == "0VKY2BR"  # type: ignore[union-attr]
    (line,) = bill.goods
    assert (line.hs_code, line.country_of_origin, line.gross_weight_kg) == ("440890", "BE", 108.0)
    assert (line.value, line.currency) == (Decimal("372254.4"), "KRW")
    assert outcome.flags == ()  # no description in this data, so no vague-description flag


def test_a_declaration_without_seller_is_accepted_without_shipper() -> None:
    (outcome,) = read_rows(changed("Seller ID", ""))
    assert isinstance(outcome, Accepted)
    assert outcome.record.bill.party(PartyRole.SHIPPER) is None


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("Declaration ID", ""),
        ("Importer ID", ""),
        ("Date", "2020-02-30"),
        ("Office ID", "Busan"),
        ("HS6 Code", "4408"),
        ("Country of Departure", "Belgium"),
        ("Country of Origin", ""),
        ("Net Mass", "108 kg"),
        ("Item Price", "-5"),
        ("Tax Rate", "eight"),
        ("Fraud", "2"),
        ("Critical Fraud", "1"),
    ],
)
def test_a_row_breaking_the_schema_is_quarantined_naming_the_column(column: str, value: str) -> None:
    (outcome,) = read_rows(changed(column, value))
    assert isinstance(outcome, Quarantine), outcome
    assert outcome.field == ("Fraud" if column == "Critical Fraud" else column)
    assert outcome.locator == "line 2"
    assert outcome.raw.startswith("97061800" if column != "Declaration ID" else ",")


def test_a_short_row_is_quarantined_and_the_next_row_goes_in() -> None:
    outcomes = read_rows(GOOD_ROW[:10], GOOD_ROW)
    assert isinstance(outcomes[0], Quarantine)
    assert "fields" in outcomes[0].reason
    assert isinstance(outcomes[1], Accepted)
    assert outcomes[1].locator == "line 3"


def test_a_file_with_another_header_is_refused() -> None:
    with pytest.raises(FormatError, match="22 documented columns"):
        read_rows(GOOD_ROW, header=tuple(reversed(KCS_COLUMNS)))


@pytest.mark.parametrize(
    ("name", "rows"), [pytest.param("train.csv", 37_385, marks=pytest.mark.slow), ("valid.csv", 8_134)]
)
def test_every_published_declaration_is_read_as_a_record(name: str, rows: int) -> None:
    outcomes = Counter(type(o).__name__ for o in read_kcs(require_data(name)))
    assert outcomes == {"Accepted": rows}
