"""Importer security filings as NDJSON: written and read back unchanged, linked to the bill by number,
and quarantined like manifests when they lack what links them or cannot be read."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

import pytest

from greenlane.cargo import (
    ImporterSecurityFiling,
    Party,
    PartyRole,
    Quarantine,
    filing_to_json,
    read_isf_ndjson,
    write_isf_ndjson,
)


def a_filing(**overrides: object) -> ImporterSecurityFiling:
    fields: dict[str, object] = {
        "bill_number": "MAEU241234567",
        "carrier": "MAEU",
        "importer_of_record_number": "95-1234567",
        "consignee_number": "95-1234567",
        "seller": Party(PartyRole.SELLER, "Ningbo Bright Textiles Co", "8 Harbour Road, Ningbo", "CN"),
        "buyer": Party(PartyRole.BUYER, "Pacific Apparel Inc", "100 Ocean Blvd, Long Beach CA", "US"),
        "manufacturer": Party(
            PartyRole.MANUFACTURER, "Yiwu Garment Works", "Yiwu, Zhejiang", "CN", "MID-CNYIW1"
        ),
        "ship_to": Party(PartyRole.SHIP_TO, "Pacific Apparel DC", "Ontario CA", "US"),
        "stuffing_location": Party(PartyRole.STUFFING_LOCATION, "Ningbo CFS 3", "Beilun, Ningbo", "CN"),
        "consolidator": Party(PartyRole.CONSOLIDATOR, "Blue Anchor Logistics", "Ningbo", "CN"),
        "country_of_origin": "CN",
        "hs6": "620520",
        "filed_at": datetime(2024, 2, 26, 9, 0, tzinfo=UTC),
    }
    fields.update(overrides)
    return ImporterSecurityFiling(**fields)  # type: ignore[arg-type]


def round_trip(*filings: ImporterSecurityFiling) -> list[object]:
    buffer = io.StringIO()
    assert write_isf_ndjson(filings, buffer) == len(filings)
    return list(read_isf_ndjson(io.StringIO(buffer.getvalue())))


def test_filings_are_written_and_read_back_unchanged() -> None:
    filings = [a_filing(), a_filing(bill_number="B2", filed_at=None)]
    assert round_trip(*filings) == filings


def test_a_party_that_was_not_filed_comes_back_as_an_empty_party_in_its_role() -> None:
    document = filing_to_json(a_filing())
    del document["consolidator"]
    (filing,) = list(read_isf_ndjson(io.StringIO(json.dumps(document) + "\n")))
    assert isinstance(filing, ImporterSecurityFiling)
    assert filing.consolidator == Party(PartyRole.CONSOLIDATOR, "")


@pytest.mark.parametrize("field", ["bill_number", "importer_of_record_number"])
def test_a_filing_without_its_link_fields_is_quarantined(field: str) -> None:
    (outcome,) = round_trip(a_filing(**{field: " "}))
    assert isinstance(outcome, Quarantine)
    assert outcome.field == field
    assert outcome.locator == "line 1"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"filed_at": "last Tuesday"}, "filed_at"),
        ({"hs6": 620520}, "hs6"),
        ({"seller": "Ningbo Bright"}, "seller"),
        ({"buyer": {"name": 7}}, "buyer.name"),
    ],
)
def test_unreadable_fields_are_quarantined_naming_them(change: dict[str, object], field: str) -> None:
    document = filing_to_json(a_filing()) | change
    (outcome,) = list(read_isf_ndjson(io.StringIO(json.dumps(document) + "\n")))
    assert isinstance(outcome, Quarantine)
    assert outcome.field == field


def test_a_line_that_is_not_json_is_quarantined() -> None:
    outcomes = list(read_isf_ndjson(io.StringIO("\n[1, 2\n")))
    assert len(outcomes) == 1
    assert isinstance(outcomes[0], Quarantine)
    assert outcomes[0].locator == "line 2"
