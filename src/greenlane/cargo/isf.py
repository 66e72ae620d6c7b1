"""Importer security filings (ISF "10+2") as NDJSON, one filing per line. The importer files these ten
elements separately from the carrier's manifest and they are joined to it by bill number, which is
what lets targeting compare what the importer says (manufacturer, origin, stuffing location) with
what the carrier reports. A filing without its bill number or importer of record number, or with an
unreadable time, is quarantined like a manifest record."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from greenlane.cargo.records import ImporterSecurityFiling, Party, PartyRole, Quarantine
from greenlane.cargo.sources import Source, Target, TextSink, open_source
from greenlane.cargo.validation import FieldProblem, parse_datetime

__all__ = ["filing_from_json", "filing_to_json", "read_isf_ndjson", "write_isf_ndjson"]

_PARTY_FIELDS = {
    "seller": PartyRole.SELLER,
    "buyer": PartyRole.BUYER,
    "manufacturer": PartyRole.MANUFACTURER,
    "ship_to": PartyRole.SHIP_TO,
    "stuffing_location": PartyRole.STUFFING_LOCATION,
    "consolidator": PartyRole.CONSOLIDATOR,
}
_TEXT_FIELDS = (
    "bill_number",
    "carrier",
    "importer_of_record_number",
    "consignee_number",
    "country_of_origin",
    "hs6",
)
_REQUIRED = ("bill_number", "importer_of_record_number")


def read_isf_ndjson(source: Source) -> Iterator[ImporterSecurityFiling | Quarantine]:
    """Streams filings line by line; blank lines are skipped, bad lines quarantined ("line 4")."""
    with open_source(source) as stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            raw = line.rstrip("\r\n")
            try:
                yield filing_from_json(json.loads(line))
            except FieldProblem as problem:
                yield Quarantine(problem.reason, f"line {number}", problem.field, raw)
            except (ValueError, RecursionError) as error:
                yield Quarantine(f"not valid JSON: {error}", f"line {number}", "", raw)


def filing_from_json(document: object) -> ImporterSecurityFiling:
    """One filing from its decoded JSON object; raises FieldProblem naming the field."""
    if not isinstance(document, dict):
        raise FieldProblem("", "a filing must be a JSON object")
    texts = {name: _text(document.get(name), name) for name in _TEXT_FIELDS}
    for name in _REQUIRED:
        if not texts[name].strip():
            raise FieldProblem(name, f"{name.replace('_', ' ')} is missing")
    parties = {name: _party(document.get(name), name, role) for name, role in _PARTY_FIELDS.items()}
    return ImporterSecurityFiling(
        bill_number=texts["bill_number"].strip(),
        carrier=texts["carrier"].strip().upper(),
        importer_of_record_number=texts["importer_of_record_number"].strip(),
        consignee_number=texts["consignee_number"].strip(),
        country_of_origin=texts["country_of_origin"].strip().upper(),
        hs6=texts["hs6"].strip(),
        filed_at=parse_datetime(_text(document.get("filed_at"), "filed_at"), "filed_at"),
        **parties,
    )


def _text(value: object, field: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise FieldProblem(field, f"must be text, not {type(value).__name__}")
    return value


def _party(value: object, field: str, role: PartyRole) -> Party:
    if value is None:
        return Party(role, "")
    if not isinstance(value, dict):
        raise FieldProblem(field, "must be a JSON object with name, address, country and identifier")
    return Party(
        role,
        _text(value.get("name"), f"{field}.name"),
        _text(value.get("address"), f"{field}.address"),
        _text(value.get("country"), f"{field}.country").strip().upper(),
        _text(value.get("identifier"), f"{field}.identifier"),
    )


def filing_to_json(filing: ImporterSecurityFiling) -> dict[str, Any]:
    """The NDJSON object for one filing (the contract is in docs/manifest-formats.md)."""
    document: dict[str, Any] = {name: getattr(filing, name) for name in _TEXT_FIELDS}
    document["filed_at"] = None if filing.filed_at is None else filing.filed_at.isoformat()
    for name in _PARTY_FIELDS:
        party: Party = getattr(filing, name)
        document[name] = {
            "name": party.name,
            "address": party.address,
            "country": party.country,
            "identifier": party.identifier,
        }
    return document


def write_isf_ndjson(filings: Iterable[ImporterSecurityFiling], target: Target) -> int:
    """Writes one filing per line and returns how many were written."""
    sink = TextSink(target, newline="\n")
    count = 0
    try:
        for filing in filings:
            text = json.dumps(filing_to_json(filing), ensure_ascii=False, separators=(",", ":"))
            sink.stream.write(text + "\n")
            count += 1
    finally:
        sink.close()
    return count
