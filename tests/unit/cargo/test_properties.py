"""Properties over generated input: every format carries any valid bill unchanged (write, then read),
and no input, however broken, makes a reader crash: each record is accepted or quarantined with a
reason. Only a broken CUSCAR envelope may raise, and then only InterchangeError."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from greenlane.cargo import (
    CSV_COLUMNS,
    Accepted,
    BillOfLading,
    Outcome,
    PartyRole,
    Quarantine,
    bill_to_json,
    bill_to_json_text,
    read_csv,
    read_cuscar,
    read_ndjson,
    write_csv,
    write_cuscar,
    write_ndjson,
)
from tests.unit.cargo.builders import a_bill, bills

# The machine is shared; a slow example is not a failure.
relaxed = settings(deadline=None, max_examples=40)
bill_lists = st.lists(bills(), min_size=1, max_size=4, unique_by=lambda b: (b.voyage.carrier, b.bill_number))
_ROLE_ORDER = {role: index for index, role in enumerate(PartyRole)}


def accepted_bills(outcomes: list[Outcome]) -> list[BillOfLading]:
    assert all(isinstance(o, Accepted) for o in outcomes), [o for o in outcomes if isinstance(o, Quarantine)]
    return [o.record.bill for o in outcomes if isinstance(o, Accepted)]


def assert_each_is_an_outcome_with_a_reason(outcomes: list[Outcome]) -> None:
    for outcome in outcomes:
        assert isinstance(outcome, Accepted | Quarantine)
        if isinstance(outcome, Quarantine):
            assert outcome.reason
            assert outcome.locator


# --- round trips ------------------------------------------------------------------------------------


@relaxed
@given(bill_lists)
def test_csv_round_trip_recovers_the_same_bills(written: list[BillOfLading]) -> None:
    buffer = io.StringIO()
    write_csv(written, buffer)
    read = accepted_bills(list(read_csv(io.StringIO(buffer.getvalue()))))
    # The CSV contract has one column group per role, so parties come back in role order.
    expected = [
        replace(b, parties=tuple(sorted(b.parties, key=lambda p: _ROLE_ORDER[p.role]))) for b in written
    ]
    assert read == expected


@relaxed
@given(bill_lists)
def test_ndjson_round_trip_recovers_the_same_bills(written: list[BillOfLading]) -> None:
    buffer = io.StringIO()
    write_ndjson(written, buffer)
    assert accepted_bills(list(read_ndjson(io.StringIO(buffer.getvalue())))) == written


@relaxed
@given(
    bill_lists, st.sampled_from(["D:95B", "D:96B", "D:98A", "D:99B", "D:03B"]), st.booleans(), st.booleans()
)
def test_cuscar_round_trip_recovers_the_same_consignments(
    written: list[BillOfLading], directory: str, una: bool, line_breaks: bool
) -> None:
    buffer = io.StringIO()
    write_cuscar(written, buffer, directory=directory, una=una, line_breaks=line_breaks)
    assert accepted_bills(list(read_cuscar(io.StringIO(buffer.getvalue())))) == written


@relaxed
@given(bill_lists)
def test_the_same_bill_through_any_format_has_the_same_fingerprint(written: list[BillOfLading]) -> None:
    texts = {}
    for name, write in (("csv", write_csv), ("ndjson", write_ndjson), ("cuscar", write_cuscar)):
        buffer = io.StringIO()
        write(written, buffer)
        texts[name] = buffer.getvalue()
    fingerprints = {
        name: [o.record.fingerprint for o in read(io.StringIO(texts[name])) if isinstance(o, Accepted)]
        for name, read in (("csv", read_csv), ("ndjson", read_ndjson), ("cuscar", read_cuscar))
    }
    assert fingerprints["csv"] == fingerprints["ndjson"] == fingerprints["cuscar"]


# --- never a crash -----------------------------------------------------------------------------------

_ANY_TEXT = st.text(max_size=40)
_CELL = st.one_of(
    _ANY_TEXT,
    st.sampled_from(["", "0", "-1", "1e400", "nan", "12.5", "2024-02-30T10:00", "house", "USLAX", "A:B:C;D"]),
)


@relaxed
@given(st.data())
def test_any_csv_row_is_accepted_or_quarantined_never_a_crash(data: st.DataObject) -> None:
    buffer = io.StringIO()
    write_csv([a_bill()], buffer)
    rows = list(csv.reader(io.StringIO(buffer.getvalue())))
    for _ in range(data.draw(st.integers(1, 6))):
        row = data.draw(st.integers(1, len(rows) - 1))
        rows[row][data.draw(st.integers(0, len(CSV_COLUMNS) - 1))] = data.draw(_CELL)
    rows += data.draw(st.lists(st.lists(_CELL, max_size=len(CSV_COLUMNS) + 2), max_size=3))
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    assert_each_is_an_outcome_with_a_reason(list(read_csv(io.StringIO(out.getvalue()))))


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | _ANY_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_ANY_TEXT, inner, max_size=3),
    max_leaves=8,
)


def _paths(document: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(document, dict):
        for key, value in document.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            found += _paths(value, (*prefix, index))
    return found


@relaxed
@given(st.data())
def test_any_ndjson_line_is_accepted_or_quarantined_never_a_crash(data: st.DataObject) -> None:
    document = bill_to_json(a_bill())
    for _ in range(data.draw(st.integers(1, 4))):
        path = data.draw(st.sampled_from(_paths(document)))
        holder = document
        for step in path[:-1]:
            holder = holder[step]
        holder[path[-1]] = data.draw(_JSON)
    lines = [json.dumps(document), json.dumps(data.draw(_JSON)), data.draw(_ANY_TEXT).replace("\n", " ")]
    assert_each_is_an_outcome_with_a_reason(list(read_ndjson(io.StringIO("\n".join(lines) + "\n"))))


_TAGS = st.sampled_from(
    ["RFF", "LOC", "NAD", "GID", "PIA", "FTX", "MEA", "MOA", "EQD", "SEL", "DTM", "SGP", "CNT"]
)
_QUALIFIERS = st.sampled_from(
    ["BM", "BH", "MB", "9", "11", "88", "27", "CZ", "CN", "N1", "AAA", "AAE", "G", "137"]
)
_COMPONENT = st.one_of(_QUALIFIERS, st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=12))
_ELEMENT = st.one_of(_COMPONENT, st.lists(_COMPONENT, min_size=1, max_size=4))


def _release(text: str) -> str:
    return text.replace("?", "??").replace("+", "?+").replace(":", "?:").replace("'", "?'")


def _segment(tag: str, elements: list[Any]) -> str:
    parts = [_release(e) if isinstance(e, str) else ":".join(map(_release, e)) for e in elements]
    return "+".join([tag, *parts]) + "'"


@relaxed
@given(
    st.lists(st.lists(st.tuples(_TAGS, st.lists(_ELEMENT, max_size=6)), max_size=8), min_size=1, max_size=3)
)
def test_any_cuscar_consignment_is_accepted_or_quarantined_never_a_crash(consignments: list[Any]) -> None:
    buffer = io.StringIO()
    write_cuscar([a_bill()], buffer, line_breaks=False)
    valid = buffer.getvalue()
    head, body = valid[: valid.index("CNI+")], valid[valid.index("CNI+") : valid.index("UNT+")]
    texts = [body]  # our valid consignment first, then the generated ones
    for number, group in enumerate(consignments, start=2):
        texts.append(_segment("CNI", [str(number), f"BILL{number}"]))
        texts += [_segment(tag, elements) for tag, elements in group]
    message = "".join(texts)
    count = len(_split(head[head.index("UNH") :] + message)) + 1  # UNH .. UNT inclusive
    text = head + message + f"UNT+{count}+1'UNZ+1+1'"
    outcomes = list(read_cuscar(io.StringIO(text)))
    assert len(outcomes) == 1 + len(consignments)
    assert_each_is_an_outcome_with_a_reason(outcomes)


def _split(text: str) -> list[str]:
    """Segments of default-syntax EDIFACT text, honouring the release character."""
    found, current, released = [], [], False
    for char in text:
        current.append(char)
        if released:
            released = False
        elif char == "?":
            released = True
        elif char == "'":
            found.append("".join(current))
            current = []
    return found


@relaxed
@given(bills(), st.text(max_size=12), st.sampled_from([None, 0.0, 1e300, float("nan"), float("inf"), 12.25]))
def test_the_direct_json_text_of_a_bill_is_exactly_what_json_dumps_writes(
    bill: BillOfLading, text: str, weight: float | None
) -> None:
    # Any text (quotes, backslashes, control and non-ASCII characters) and the awkward floats too.
    goods = tuple(replace(g, description=g.description + text, gross_weight_kg=weight) for g in bill.goods)
    voyage = replace(bill.voyage, vessel_name=text + '"\\')
    for each in (bill, replace(bill, goods=goods, voyage=voyage, master_bill=text)):
        assert bill_to_json_text(each) == json.dumps(bill_to_json(each), ensure_ascii=False)
