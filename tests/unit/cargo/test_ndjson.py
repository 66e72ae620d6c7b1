"""The NDJSON contract: one bill per line with nested parties, containers and goods; bad lines are
quarantined naming the line and the JSON path of the field."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from typing import Any

import pytest

from greenlane.cargo import (
    Accepted,
    BillOfLading,
    BillType,
    Outcome,
    PartyRole,
    Quarantine,
    bill_to_json,
    read_ndjson,
    write_ndjson,
)
from tests.unit.cargo.builders import a_bill


def ndjson_text(*bills: BillOfLading) -> str:
    buffer = io.StringIO()
    write_ndjson(bills, buffer)
    return buffer.getvalue()


def read(text: str) -> list[Outcome]:
    return list(read_ndjson(io.StringIO(text)))


def one(document: Any) -> Outcome:
    outcomes = read(json.dumps(document) + "\n")
    assert len(outcomes) == 1
    return outcomes[0]


def quarantined(document: Any) -> Quarantine:
    outcome = one(document)
    assert isinstance(outcome, Quarantine), outcome
    return outcome


def test_each_bill_is_one_line_and_reads_back_unchanged() -> None:
    text = ndjson_text(a_bill(), a_bill(bill_number="B2"))
    assert len(text.splitlines()) == 2
    outcomes = read(text)
    assert [o.locator for o in outcomes] == ["line 1", "line 2"]
    assert isinstance(outcomes[0], Accepted)
    assert outcomes[0].record.bill == a_bill()


def test_amounts_are_written_as_strings_so_money_stays_exact() -> None:
    document = bill_to_json(a_bill())
    assert document["goods"][0]["value"] == "48210.00"


def test_numbers_may_also_come_as_json_numbers_or_numeric_strings() -> None:
    document = bill_to_json(a_bill())
    document["goods"][0] |= {"packages": "840", "gross_weight_kg": 6120, "value": 48210.5}
    outcome = one(document)
    assert isinstance(outcome, Accepted)
    line = outcome.record.bill.goods[0]
    assert (line.packages, line.gross_weight_kg, line.value) == (840, 6120.0, Decimal("48210.5"))


@pytest.mark.parametrize(
    ("path", "field"),
    [
        (("bill_number",), "bill_number"),
        (("voyage", "carrier"), "voyage.carrier"),
        (("voyage", "port_of_loading"), "voyage.port_of_loading"),
        (("voyage", "port_of_discharge"), "voyage.port_of_discharge"),
    ],
)
def test_a_missing_required_field_is_quarantined_with_its_json_path(
    path: tuple[str, ...], field: str
) -> None:
    document = bill_to_json(a_bill())
    holder = document
    for key in path[:-1]:
        holder = holder[key]
    del holder[path[-1]]
    quarantine = quarantined(document)
    assert quarantine.field == field
    assert "missing" in quarantine.reason
    assert quarantine.locator == "line 1"


@pytest.mark.parametrize("role", [PartyRole.SHIPPER, PartyRole.CONSIGNEE])
def test_a_missing_shipper_or_consignee_is_quarantined(role: PartyRole) -> None:
    document = bill_to_json(a_bill())
    document["parties"] = [p for p in document["parties"] if p["role"] != role.value]
    assert quarantined(document).field == f"parties[{role.value}]"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("packages", "many"),
        ("packages", 2.5),
        ("gross_weight_kg", "6,120"),
        ("value", "n/a"),
        ("value", True),
    ],
)
def test_an_unparseable_number_names_the_goods_line_and_field(field: str, value: object) -> None:
    document = bill_to_json(a_bill())
    document["goods"][1][field] = value
    assert quarantined(document).field == f"goods[1].{field}"


@pytest.mark.parametrize("field", ["filed_at", "voyage.departure", "voyage.arrival"])
def test_a_bad_date_is_quarantined_with_its_path(field: str) -> None:
    document = bill_to_json(a_bill())
    if "." in field:
        document["voyage"][field.split(".")[1]] = "yesterday"
    else:
        document[field] = "yesterday"
    quarantine = quarantined(document)
    assert quarantine.field == field
    assert "ISO 8601" in quarantine.reason


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda d: d.update(parties={"role": "shipper"}), "parties"),
        (lambda d: d["parties"].append("shipper"), "parties[3]"),
        (lambda d: d["parties"][0].update(role="captain"), "parties[0].role"),
        (lambda d: d["containers"][0].update(seals=[7]), "containers[0].seals[0]"),
        (lambda d: d["voyage"].update(vessel_name=12), "voyage.vessel_name"),
        (lambda d: d.update(voyage=[]), "voyage"),
        (lambda d: d.update(bill_type="waybill"), "bill_type"),
    ],
)
def test_wrong_json_shapes_are_quarantined_naming_the_path(mutate: Any, field: str) -> None:
    document = bill_to_json(a_bill())
    mutate(document)
    assert quarantined(document).field == field


def test_a_line_that_is_not_json_is_quarantined_and_the_next_line_still_goes_in() -> None:
    text = "{not json\n" + ndjson_text(a_bill())
    outcomes = read(text)
    assert isinstance(outcomes[0], Quarantine)
    assert outcomes[0].reason.startswith("not valid JSON")
    assert outcomes[0].raw == "{not json"
    assert isinstance(outcomes[1], Accepted)
    assert outcomes[1].locator == "line 2"


def test_a_json_value_that_is_not_an_object_is_quarantined() -> None:
    assert "JSON object" in quarantined([1, 2]).reason


def test_blank_lines_are_skipped_but_still_counted_for_locators() -> None:
    outcomes = read("\n\n" + ndjson_text(a_bill()))
    assert [o.locator for o in outcomes] == ["line 3"]


def test_house_bill_keeps_its_master_reference() -> None:
    house = a_bill(bill_type=BillType.HOUSE, master_bill="MAEU241234567", bill_number="NVOC0001")
    outcome = read(ndjson_text(house))[0]
    assert isinstance(outcome, Accepted)
    assert outcome.record.bill.master_bill == "MAEU241234567"
    assert outcome.record.bill.bill_type is BillType.HOUSE
