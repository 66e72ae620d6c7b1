"""Reading the customs-declarations benchmark data (Korea Customs Service / IBS synthetic import
declarations, MIT licence, see its DATA.md) as cargo records, so the same ingest, store and risk code
runs on public data. A declaration is not a bill of lading: the mapping below keeps every field that
has a place in the cargo model and says where it goes, and fills the ports the data does not carry
with documented stand-ins (docs/manifest-formats.md, docs/decisions/0203-customs-declarations-mapping.md).

Declaration ID -> bill number (carrier "KCS", so the natural key is ("KCS", declaration id));
Date -> filed_at (midnight UTC); Office ID -> port of discharge "KR" + office number in three digits;
Country of Departure -> port of loading "<country>ZZZ" (UN/LOCODE's "place not listed");
Importer ID -> consignee and importer of record; Seller ID (when present) -> shipper and seller;
HS6 Code, Country of Origin, Net Mass (kg, stored as the weight), Item Price (KRW) -> one goods line.
Declarant, courier, process/import/payment types, tax and the fraud labels have no manifest field; the
labels are ground truth and deliberately never enter a manifest record."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime

from greenlane.cargo.errors import FormatError
from greenlane.cargo.records import (
    BillOfLading,
    BillType,
    GoodsLine,
    Outcome,
    Party,
    PartyRole,
    Quarantine,
    Voyage,
)
from greenlane.cargo.sources import Source, numbered_rows, open_source
from greenlane.cargo.validation import MANIFEST_REQUIRED, FieldProblem, judge, parse_decimal, parse_float

__all__ = ["KCS_CARRIER", "KCS_COLUMNS", "read_kcs"]

KCS_COLUMNS = (
    "Declaration ID",
    "Date",
    "Office ID",
    "Process Type",
    "Import Type",
    "Import Use",
    "Payment Type",
    "Mode of Transport",
    "Declarant ID",
    "Importer ID",
    "Seller ID",
    "Courier ID",
    "HS6 Code",
    "Country of Departure",
    "Country of Origin",
    "Tax Rate",
    "Tax Type",
    "Country of Origin Indicator",
    "Net Mass",
    "Item Price",
    "Fraud",
    "Critical Fraud",
)
KCS_CARRIER = "KCS"
# A declaration may lack a seller (the data leaves Seller ID empty on about one row in ten); that is
# valid in its own schema, so the shipper is not required here, unlike on a manifest.
_REQUIRED = tuple(name for name in MANIFEST_REQUIRED if name != "shipper")
_NAMES = {"bill_number": "Declaration ID", "consignee": "Importer ID"}
_COUNTRY = re.compile(r"[A-Z]{2}")
_HS6 = re.compile(r"\d{6}")
_OFFICE = re.compile(r"\d{1,3}")


def read_kcs(source: Source) -> Iterator[Outcome]:
    """Streams a train.csv/valid.csv file, one accepted record or quarantine per declaration."""
    with open_source(source, newline="") as stream:
        rows = numbered_rows(stream)
        first = next(rows, None)
        if first is None:
            return
        if first[1] is None or tuple(first[1]) != KCS_COLUMNS:
            raise FormatError("not a customs-declarations file: the header is not the 22 documented columns")
        for line, row, error in rows:
            if row is None:
                yield Quarantine(f"unreadable CSV row: {error}", f"line {line}", "row", "")
            else:
                yield _outcome(row, f"line {line}")


def _outcome(row: list[str], locator: str) -> Outcome:
    try:
        bill = _bill(row)
    except FieldProblem as problem:
        return Quarantine(problem.reason, locator, problem.field, _raw(row))
    outcome = judge(bill, locator, "", required=_REQUIRED, names=_NAMES, descriptions=False)
    if isinstance(outcome, Quarantine):
        return Quarantine(outcome.reason, locator, outcome.field, _raw(row))
    return outcome


def _bill(row: list[str]) -> BillOfLading:
    if len(row) != len(KCS_COLUMNS):
        raise FieldProblem("row", f"has {len(row)} fields where the data has {len(KCS_COLUMNS)}")
    (declaration, day, office, *_, importer, seller, _courier, hs6, departure, origin) = row[:15]
    tax_rate, _tax_type, _indicator, mass, price, fraud, critical = row[15:]
    _check(_OFFICE, office, "Office ID", "an office number")
    _check(_HS6, hs6, "HS6 Code", "six digits")
    _check(_COUNTRY, departure, "Country of Departure", "an ISO country code")
    _check(_COUNTRY, origin, "Country of Origin", "an ISO country code")
    parse_float(tax_rate, "Tax Rate")
    if fraud not in ("0", "1") or critical not in ("0", "1", "2") or (fraud == "1") != (critical != "0"):
        raise FieldProblem("Fraud", f"labels Fraud={fraud!r}, Critical Fraud={critical!r} are inconsistent")
    parties = [Party(PartyRole.CONSIGNEE, importer, identifier=importer, country="KR")]
    parties.append(Party(PartyRole.IMPORTER_OF_RECORD, importer, identifier=importer, country="KR"))
    if seller:
        parties.append(Party(PartyRole.SHIPPER, seller, identifier=seller))
        parties.append(Party(PartyRole.SELLER, seller, identifier=seller))
    goods = GoodsLine(
        hs_code=hs6,
        description="",
        gross_weight_kg=parse_float(mass, "Net Mass"),
        value=parse_decimal(price, "Item Price"),
        currency="KRW",
        country_of_origin=origin,
    )
    return BillOfLading(
        bill_number=declaration.strip(),
        bill_type=BillType.MASTER,
        voyage=Voyage(KCS_CARRIER, "", "", f"{departure}ZZZ", f"KR{int(office):03d}"),
        parties=tuple(parties),
        goods=(goods,),
        filed_at=_day(day),
    )


def _check(pattern: re.Pattern[str], text: str, field: str, expected: str) -> None:
    if pattern.fullmatch(text) is None:
        raise FieldProblem(field, f"{text!r} is not {expected}")


def _day(text: str) -> datetime:
    try:
        return datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError:
        raise FieldProblem("Date", f"{text!r} is not a YYYY-MM-DD date") from None


def _raw(row: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(row)
    return buffer.getvalue()
