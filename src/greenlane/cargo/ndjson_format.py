"""The NDJSON manifest contract: one bill of lading per line as a JSON object with nested lists of
parties, containers and goods lines. It suits systems that already speak JSON (the web API takes the
same object for a single manifest). docs/manifest-formats.md documents every field; blank lines are
skipped, and a line that is not a JSON object is quarantined like any other bad record."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from json.encoder import encode_basestring
from math import isfinite
from typing import Any

# The reader lives in ndjson_reader; it is re-exported here, where callers first found it.
from greenlane.cargo.ndjson_reader import bill_from_json, read_ndjson
from greenlane.cargo.records import BillOfLading, Container, GoodsLine, Party, Voyage
from greenlane.cargo.sources import Target, TextSink

__all__ = [
    "NdjsonWriter",
    "bill_from_json",
    "bill_to_json",
    "bill_to_json_text",
    "read_ndjson",
    "write_ndjson",
]

JsonObject = dict[str, Any]


class NdjsonWriter:
    """Writes bills one JSON object per line, streaming, so a generator can write millions of them."""

    def __init__(self, target: Target) -> None:
        self._sink = TextSink(target, newline="\n")
        self.lines = 0
        self.goods_lines = 0

    def write(self, bill: BillOfLading) -> None:
        """One bill, one line."""
        self._sink.stream.write(json.dumps(bill_to_json(bill), ensure_ascii=False, separators=(",", ":")))
        self._sink.stream.write("\n")
        self.lines += 1
        self.goods_lines += len(bill.goods)

    def close(self) -> None:
        """Closes a file the writer opened; a stream passed in is flushed and left open."""
        self._sink.close()

    def __enter__(self) -> NdjsonWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def write_ndjson(bills: Iterable[BillOfLading], target: Target) -> int:
    """Writes the bills as contract NDJSON and returns the number of goods lines written."""
    with NdjsonWriter(target) as writer:
        for bill in bills:
            writer.write(bill)
        return writer.goods_lines


def _when(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def bill_to_json(bill: BillOfLading) -> JsonObject:
    """The contract object for one bill; amounts are strings so no binary rounding touches money."""
    v = bill.voyage
    return {
        "bill_number": bill.bill_number,
        "bill_type": bill.bill_type.value,
        "master_bill": bill.master_bill,
        "filed_at": _when(bill.filed_at),
        "voyage": {
            "carrier": v.carrier,
            "vessel_name": v.vessel_name,
            "vessel_imo": v.vessel_imo,
            "voyage_number": v.voyage_number,
            "place_of_receipt": v.place_of_receipt,
            "port_of_loading": v.port_of_loading,
            "port_of_discharge": v.port_of_discharge,
            "departure": _when(v.departure),
            "arrival": _when(v.arrival),
        },
        "parties": [
            {
                "role": p.role.value,
                "name": p.name,
                "address": p.address,
                "country": p.country,
                "identifier": p.identifier,
            }
            for p in bill.parties
        ],
        "containers": [
            {"number": c.number, "size_type": c.size_type, "seals": list(c.seals)} for c in bill.containers
        ],
        "goods": [
            {
                "hs_code": g.hs_code,
                "description": g.description,
                "packages": g.packages,
                "package_type": g.package_type,
                "gross_weight_kg": g.gross_weight_kg,
                "value": None if g.value is None else str(g.value),
                "currency": g.currency,
                "country_of_origin": g.country_of_origin,
            }
            for g in bill.goods
        ],
    }


# --- the same object as JSON text, written directly ---
# The store keeps every bill's body as this text; building the dict and handing it to json.dumps cost
# three times as much. `_s` is json's own string encoder (the C one), so strings come out exactly as
# json.dumps(..., ensure_ascii=False) writes them; the unit tests hold the two equal.
_s = encode_basestring


def _n(value: str | None) -> str:
    return "null" if value is None else _s(value)


def _num(value: float | int | None) -> str:
    if value is None:
        return "null"
    if type(value) is int or (type(value) is float and isfinite(value)):
        return repr(value)
    return json.dumps(value)  # NaN, infinities and booleans as json.dumps spells them


# Readers share one Voyage object between the bills of a sailing (0204), so its text is kept by identity;
# the object is held too, so its id cannot be reused while cached. Bounded by clearing when full.
_VOYAGES: dict[int, tuple[Voyage, str]] = {}


def _shared_voyage_text(v: Voyage) -> str:
    cached = _VOYAGES.get(id(v))
    if cached is not None and cached[0] is v:
        return cached[1]
    if len(_VOYAGES) >= 256:
        _VOYAGES.clear()
    text = _voyage_text(v)
    _VOYAGES[id(v)] = (v, text)
    return text


def _party_text(p: Party) -> str:
    return (
        f'{{"role": {_s(p.role.value)}, "name": {_s(p.name)}, "address": {_s(p.address)}, '
        f'"country": {_s(p.country)}, "identifier": {_s(p.identifier)}}}'
    )


def _container_text(c: Container) -> str:
    seals = ", ".join(map(_s, c.seals))
    return f'{{"number": {_s(c.number)}, "size_type": {_s(c.size_type)}, "seals": [{seals}]}}'


def _goods_text(g: GoodsLine) -> str:
    value = "null" if g.value is None else _s(str(g.value))
    return (
        f'{{"hs_code": {_s(g.hs_code)}, "description": {_s(g.description)}, "packages": {_num(g.packages)}, '
        f'"package_type": {_s(g.package_type)}, "gross_weight_kg": {_num(g.gross_weight_kg)}, '
        f'"value": {value}, "currency": {_s(g.currency)}, "country_of_origin": {_s(g.country_of_origin)}}}'
    )


def _voyage_text(v: Voyage) -> str:
    return (
        f'{{"carrier": {_s(v.carrier)}, "vessel_name": {_s(v.vessel_name)}, '
        f'"vessel_imo": {_s(v.vessel_imo)}, '
        f'"voyage_number": {_s(v.voyage_number)}, "place_of_receipt": {_s(v.place_of_receipt)}, '
        f'"port_of_loading": {_s(v.port_of_loading)}, "port_of_discharge": {_s(v.port_of_discharge)}, '
        f'"departure": {_n(_when(v.departure))}, "arrival": {_n(_when(v.arrival))}}}'
    )


def bill_to_json_text(bill: BillOfLading) -> str:
    """json.dumps(bill_to_json(bill), ensure_ascii=False), character for character, about three times
    faster."""
    voyage = _shared_voyage_text(bill.voyage)
    parties = ", ".join(map(_party_text, bill.parties))
    containers = ", ".join(map(_container_text, bill.containers))
    goods = ", ".join(map(_goods_text, bill.goods))
    return (
        f'{{"bill_number": {_s(bill.bill_number)}, "bill_type": {_s(bill.bill_type.value)}, '
        f'"master_bill": {_s(bill.master_bill)}, "filed_at": {_n(_when(bill.filed_at))}, "voyage": {voyage}, '
        f'"parties": [{parties}], "containers": [{containers}], "goods": [{goods}]}}'
    )
