"""Reading the NDJSON manifest contract (see ndjson_format): each line is decoded, built into a bill
through a fast path for well-formed objects or a careful path that names the exact JSON path of a bad
field, then validated and flagged. A line that is not a JSON object is quarantined like any other bad
record, and the next line still goes in."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import lru_cache
from operator import itemgetter
from typing import Any, TypeVar

from greenlane.cargo.json_fields import JsonObject, as_list, as_object, code, number, object_at, text, time
from greenlane.cargo.records import (
    BillOfLading,
    BillType,
    Container,
    GoodsLine,
    Outcome,
    Party,
    PartyRole,
    Quarantine,
    Voyage,
)
from greenlane.cargo.sources import Source, open_source
from greenlane.cargo.validation import (
    FieldProblem,
    judge,
    parse_decimal,
    parse_float,
    parse_int,
)

__all__ = ["bill_from_json", "read_ndjson"]

_NAMES = {
    "carrier": "voyage.carrier",
    "port_of_loading": "voyage.port_of_loading",
    "port_of_discharge": "voyage.port_of_discharge",
    "shipper": "parties[shipper]",
    "consignee": "parties[consignee]",
}
_ROLES = {role.value: role for role in PartyRole}
T = TypeVar("T")
_INFINITY = float("inf")


def read_ndjson(source: Source) -> Iterator[Outcome]:
    """Streams the file line by line, yielding an accepted record or a quarantine per bill."""
    with open_source(source) as stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            locator = f"line {number}"
            try:
                bill = bill_from_json(json.loads(line))
            except FieldProblem as problem:
                yield Quarantine(problem.reason, locator, problem.field, line.rstrip("\r\n"))
            except (ValueError, RecursionError) as error:  # json.JSONDecodeError is a ValueError
                yield Quarantine(f"not valid JSON: {error}", locator, "", line.rstrip("\r\n"))
            else:
                outcome = judge(bill, locator, "", names=_NAMES)
                yield (
                    replace(outcome, raw=line.rstrip("\r\n")) if isinstance(outcome, Quarantine) else outcome
                )


def bill_from_json(document: object) -> BillOfLading:
    """Builds a bill from one decoded NDJSON object; raises FieldProblem naming the JSON path."""
    if not isinstance(document, dict):
        raise FieldProblem("", "a manifest line must be a JSON object")
    voyage = object_at(document, "voyage", "voyage")
    bill_type = text(document, "bill_type", "").lower() or "master"
    if bill_type not in ("master", "house"):
        raise FieldProblem("bill_type", f"{bill_type!r} is neither 'master' nor 'house'")
    return BillOfLading(
        bill_number=text(document, "bill_number", "").strip(),
        bill_type=BillType(bill_type),
        voyage=_voyage(voyage),
        parties=_each(document, "parties", _party, _party_careful),
        containers=_each(document, "containers", _container, _container_careful),
        goods=_each(document, "goods", _goods, _goods_careful),
        filed_at=time(document, "filed_at", ""),
        master_bill=text(document, "master_bill", "").strip(),
    )


# Bills of one sailing repeat the same voyage and shippers recur across a manifest; records are
# immutable, so equal JSON values can share one object (less work, less memory). The caches are bounded
# in entries, and only short, all-text values enter them, so a hostile file cannot make them large.
_CACHEABLE = 256


def _voyage(voyage: JsonObject) -> Voyage:
    try:
        values = _VOYAGE_KEYS(voyage)
        if sum(map(len, values)) <= _CACHEABLE:
            return _shared_voyage(values)
    except (KeyError, TypeError):  # a key is missing, null, or not text: read it carefully
        pass
    return _voyage_careful(voyage)


@lru_cache(maxsize=256)
def _shared_voyage(values: tuple[str, ...]) -> Voyage:
    return _voyage_careful(dict(zip(_VOYAGE_FIELDS, values, strict=True)))


def _voyage_careful(voyage: JsonObject) -> Voyage:
    return Voyage(
        carrier=code(voyage, "carrier", "voyage."),
        vessel_name=text(voyage, "vessel_name", "voyage."),
        voyage_number=text(voyage, "voyage_number", "voyage."),
        port_of_loading=code(voyage, "port_of_loading", "voyage."),
        port_of_discharge=code(voyage, "port_of_discharge", "voyage."),
        departure=time(voyage, "departure", "voyage."),
        arrival=time(voyage, "arrival", "voyage."),
        vessel_imo=text(voyage, "vessel_imo", "voyage.").strip(),
        place_of_receipt=code(voyage, "place_of_receipt", "voyage."),
    )


class _Unusual(Exception):
    """Something the fast path does not handle; the careful path reads the list again and names it."""


def _each(
    document: JsonObject, key: str, fast: Callable[[Any], T], careful: Callable[[object, str], T]
) -> tuple[T, ...]:
    """Fast paths: well-formed objects (all keys present, the usual JSON types) are built straight
    away; anything unusual sends the whole list through the careful path, which names the exact
    field that is wrong (`goods[2].packages`)."""
    items = as_list(document, key)
    try:
        return tuple(map(fast, items))
    except _Unusual:
        return tuple(careful(item, f"{key}[{index}]") for index, item in enumerate(items))


_PARTY_KEYS = itemgetter("role", "name", "address", "country", "identifier")
_VOYAGE_FIELDS = (
    "carrier",
    "vessel_name",
    "voyage_number",
    "port_of_loading",
    "port_of_discharge",
    "departure",
    "arrival",
    "vessel_imo",
    "place_of_receipt",
)
_VOYAGE_KEYS = itemgetter(*_VOYAGE_FIELDS)
_GOODS_TEXT = ("hs_code", "description", "package_type", "currency", "country_of_origin")
_GOODS_KEYS = itemgetter(*_GOODS_TEXT, "packages", "gross_weight_kg", "value")
_GOODS_TYPES = (str, str, str, str, str, int, float, str)
_CONTAINER_KEYS = itemgetter("number", "size_type", "seals")
_IS_TEXT = str.__instancecheck__


def _party(item: Any) -> Party:
    try:
        values = _PARTY_KEYS(item)
        short = sum(map(len, values)) <= _CACHEABLE
        party = _shared_party(values) if short else _new_party(values)
    except (KeyError, TypeError):  # a key is missing or a value is not text
        raise _Unusual from None
    if party is None:
        raise _Unusual
    return party


def _new_party(values: tuple[Any, ...]) -> Party | None:
    """The party for well-typed values, None when the careful path must name what is wrong."""
    role_text, name, address, country, identifier = values
    role = _ROLES.get(role_text) if role_text.__class__ is str else None
    if role is None or not _all_text(name, address, country, identifier):
        return None
    return Party(role, name, address, country.strip().upper(), identifier)


_shared_party = lru_cache(maxsize=4096)(_new_party)


def _all_text(*values: object) -> bool:
    return all(map(_IS_TEXT, values))


def _party_careful(item: object, path: str) -> Party:
    party = as_object(item, path)
    prefix = f"{path}."
    role = _ROLES.get(text(party, "role", prefix).strip().lower())
    if role is None:
        raise FieldProblem(f"{path}.role", f"{party.get('role')!r} is not a party role")
    return Party(
        role=role,
        name=text(party, "name", prefix),
        address=text(party, "address", prefix),
        country=code(party, "country", prefix),
        identifier=text(party, "identifier", prefix),
    )


def _container(item: Any) -> Container:
    try:
        number, size_type, seals = _CONTAINER_KEYS(item)
    except (KeyError, TypeError):
        raise _Unusual from None
    if number.__class__ is not str or size_type.__class__ is not str or seals.__class__ is not list:
        raise _Unusual
    if not all(map(_IS_TEXT, seals)):
        raise _Unusual
    return Container(number.strip().upper(), size_type.strip().upper(), tuple(seals))


def _container_careful(item: object, path: str) -> Container:
    container = as_object(item, path)
    prefix = f"{path}."
    seals = as_list(container, "seals", prefix)
    for position, seal in enumerate(seals):
        if not isinstance(seal, str):
            raise FieldProblem(f"{path}.seals[{position}]", "a seal number must be text")
    return Container(
        number=code(container, "number", prefix),
        size_type=code(container, "size_type", prefix),
        seals=tuple(seals),
    )


def _goods(item: Any) -> GoodsLine:
    try:
        values = _GOODS_KEYS(item)
    except (KeyError, TypeError):
        raise _Unusual from None
    if tuple(map(type, values)) != _GOODS_TYPES:  # nulls and numbers as strings take the careful path
        raise _Unusual
    hs, description, package_type, currency, origin, packages, weight, value = values
    if packages < 0 or not 0 <= weight < _INFINITY:
        raise _Unusual
    try:
        amount = parse_decimal(value, "value")
    except FieldProblem:
        raise _Unusual from None
    return GoodsLine(
        hs.strip(),
        description,
        packages,
        package_type,
        weight,
        amount,
        currency.strip().upper(),
        origin.strip().upper(),
    )


def _goods_careful(item: object, path: str) -> GoodsLine:
    line = as_object(item, path)
    prefix = f"{path}."
    return GoodsLine(
        hs_code=text(line, "hs_code", prefix).strip(),
        description=text(line, "description", prefix),
        packages=number(line, "packages", prefix, parse_int),
        package_type=text(line, "package_type", prefix),
        gross_weight_kg=number(line, "gross_weight_kg", prefix, parse_float),
        value=number(line, "value", prefix, parse_decimal),
        currency=code(line, "currency", prefix),
        country_of_origin=code(line, "country_of_origin", prefix),
    )
