"""A received bill turned into what the store writes, before the store is asked anything: its searchable
summary, its flags and its body as JSON text, in the column order of the bills table. None of this depends
on what is already stored, so it is done next to parsing (in the reader process when there is one) and the
store only decides each bill's fate and adds the columns that depend on it (id, version, filer, batch).

No database code here: a reader process imports this module and the cargo readers, nothing heavier."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import NamedTuple

from greenlane.cargo import Accepted, Quarantine, bill_to_json_text
from greenlane.manifests.domain import flags_json, importer_identifiers, summarise

# The bills table's columns that follow from the bill alone, in the order of PreparedBill.values.
BILL_COLUMNS = (
    "carrier",
    "bill_number",
    "fingerprint",
    "port_of_loading",
    "port_of_discharge",
    "arrival_day",
    "departure",
    "filed_at",
    "vessel",
    "voyage_number",
    "shipper",
    "consignee",
    "hs_codes",
    "total_value",
    "total_weight_kg",
    "containers",
    "lines",
    "flags",
    "flag_codes",
    "body",
)
# A new bill's row: the columns above, then those the store adds once it knows the bill's fate.
STORED_COLUMNS = (
    *BILL_COLUMNS,
    "version",
    "filer_partner_id",
    "consignee_partner_id",
    "batch_id",
    "received_at",
)
JSON_COLUMNS = frozenset({"flags", "body"})
BODY = BILL_COLUMNS.index("body")
_NO_FLAGS = "[]"


class PreparedBill(NamedTuple):
    """An accepted bill ready to store. `consignee_ids` are the importer-of-record and consignee numbers
    (upper case, that order) the store matches against enrolled partners; `values` follow BILL_COLUMNS as
    text (None for none; dates and times in ISO 8601, amounts as decimal strings, weights as Python writes
    floats), flags and body as JSON text, the body as the NDJSON contract writes it. Text because it is
    what the database is sent anyway, and it crosses from a reader process at the cost of a copy."""

    key: tuple[str, str]
    fingerprint: str
    locator: str
    lines: int
    flagged: bool
    consignee_ids: tuple[str, ...]
    values: tuple[str | int | None, ...]

    @property
    def body(self) -> str:
        return str(self.values[BODY])


Prepared = PreparedBill | Quarantine


def prepare(outcome: Accepted | Quarantine) -> Prepared:
    return prepare_bill(outcome) if isinstance(outcome, Accepted) else outcome


def prepare_bill(item: Accepted) -> PreparedBill:
    record = item.record
    bill = record.bill
    voyage = bill.voyage
    summary = summarise(bill)
    if item.flags:
        flags = flags_json(item.flags)
        flags_text = json.dumps(flags, ensure_ascii=False)
        codes = " ".join(sorted({f["code"] for f in flags}))
    else:
        flags_text, codes = _NO_FLAGS, ""
    values = (
        voyage.carrier,
        bill.bill_number,
        record.fingerprint,
        voyage.port_of_loading,
        voyage.port_of_discharge,
        _iso(summary.arrival_day),
        _iso(voyage.departure),
        _iso(bill.filed_at),
        voyage.vessel_name[:100],
        voyage.voyage_number[:32],
        summary.shipper[:200],
        summary.consignee[:200],
        summary.hs_codes,
        _amount(summary.total_value),
        None if summary.total_weight_kg is None else repr(summary.total_weight_kg),
        summary.containers,
        summary.lines,
        flags_text,
        codes,
        bill_to_json_text(bill),
    )
    return PreparedBill(
        key=(voyage.carrier, bill.bill_number),
        fingerprint=record.fingerprint,
        locator=item.locator,
        lines=summary.lines,
        flagged=bool(item.flags),
        consignee_ids=importer_identifiers(bill),
        values=values,
    )


def _iso(moment: date | datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else str(value)
