"""Reading the NDJSON manifest contract (see ndjson_format): each line is decoded, built into a bill
through a fast path for well-formed objects or a careful path that names the exact JSON path of a bad
field, then validated and flagged. A line that is not a JSON object is quarantined like any other bad
record, and the next line still goes in."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import datetime
from functools import lru_cache
from operator import itemgetter
from typing import Any, TypeVar

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
    parse_datetime,
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
JsonObject = dict[str, Any]
T = TypeVar("T")
_INFINITY = float("inf")


def read_ndjson(source: Source) -> Iterator[Outcome]:
    """Streams the file line by line, yielding an accepted record or a quarantine per bill."""
    with open_source(source) as stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            locator = f"line {number}"
            raw = line.rstrip("\r\n")
            try:
                bill = bill_from_json(json.loads(line))
            except FieldProblem as problem:
                yield Quarantine(problem.reason, locator, problem.field, raw)
            except (ValueError, RecursionError) as error:  # json.JSONDecodeError is a ValueError
                yield Quarantine(f"not valid JSON: {error}", locator, "", raw)
            else:
                yield judge(bill, locator, raw, names=_NAMES)


def bill_from_json(document: object) -> BillOfLading:
    """Builds a bill from one decoded NDJSON object; raises FieldProblem naming the JSON path."""
    if not isinstance(document, dict):
        raise FieldProblem("", "a manifest line must be a JSON object")
    voyage = _object(document, "voyage", "voyage")
    bill_type = _text(document, "bill_type", "").lower() or "master"
    if bill_type not in ("master", "house"):
        raise FieldProblem("bill_type", f"{bill_type!r} is neither 'master' nor 'house'")
    return BillOfLading(
        bill_number=_text(document, "bill_number", "").strip(),
        bill_type=BillType(bill_type),
        voyage=_voyage(voyage),
        parties=_each(document, "parties", _party),
        containers=_each(document, "containers", _container),
        goods=_each(document, "goods", _goods),
        filed_at=_time(document, "filed_at", ""),
        master_bill=_text(document, "master_bill", "").strip(),
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
        carrier=_code(voyage, "carrier", "voyage."),
        vessel_name=_text(voyage, "vessel_name", "voyage."),
        voyage_number=_text(voyage, "voyage_number", "voyage."),
        port_of_loading=_code(voyage, "port_of_loading", "voyage."),
        port_of_discharge=_code(voyage, "port_of_discharge", "voyage."),
        departure=_time(voyage, "departure", "voyage."),
        arrival=_time(voyage, "arrival", "voyage."),
        vessel_imo=_text(voyage, "vessel_imo", "voyage.").strip(),
        place_of_receipt=_code(voyage, "place_of_receipt", "voyage."),
    )


def _each(document: JsonObject, key: str, build: Callable[[object, str, int], T]) -> tuple[T, ...]:
    return tuple(build(item, key, index) for index, item in enumerate(_list(document, key)))


# Fast paths: a well-formed object (all keys present, the expected JSON types) is built straight away;
# anything unusual goes through the careful path, which names the exact field that is wrong.
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
_IS_TEXT = str.__instancecheck__


def _party(item: object, key: str, index: int) -> Party:
    try:
        values = _PARTY_KEYS(item)  # type: ignore[arg-type]
        short = sum(map(len, values)) <= _CACHEABLE
        party = _shared_party(values) if short else _new_party(values)
    except (KeyError, TypeError):  # a key is missing or a value is not text
        party = None
    return _party_careful(item, f"{key}[{index}]") if party is None else party


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
    party = _as_object(item, path)
    prefix = f"{path}."
    role = _ROLES.get(_text(party, "role", prefix).strip().lower())
    if role is None:
        raise FieldProblem(f"{path}.role", f"{party.get('role')!r} is not a party role")
    return Party(
        role=role,
        name=_text(party, "name", prefix),
        address=_text(party, "address", prefix),
        country=_code(party, "country", prefix),
        identifier=_text(party, "identifier", prefix),
    )


def _container(item: object, key: str, index: int) -> Container:
    path = f"{key}[{index}]"
    container = _as_object(item, path)
    prefix = f"{path}."
    seals = _list(container, "seals", prefix)
    for index, seal in enumerate(seals):
        if not isinstance(seal, str):
            raise FieldProblem(f"{path}.seals[{index}]", "a seal number must be text")
    return Container(
        number=_code(container, "number", prefix),
        size_type=_code(container, "size_type", prefix),
        seals=tuple(seals),
    )


def _goods(item: object, key: str, index: int) -> GoodsLine:
    try:
        hs, description, package_type, currency, origin, packages, weight, value = _GOODS_KEYS(item)  # type: ignore[arg-type]
    except (KeyError, TypeError):
        return _goods_careful(item, f"{key}[{index}]")
    if (
        not _all_text(hs, description, package_type, currency, origin)
        or not (packages is None or (packages.__class__ is int and packages >= 0))
        or not (weight is None or (weight.__class__ is float and 0 <= weight < _INFINITY))
        or not (value is None or value.__class__ is str)
    ):
        return _goods_careful(item, f"{key}[{index}]")
    return GoodsLine(
        hs.strip(),
        description,
        packages,
        package_type,
        weight,
        None if value is None else parse_decimal(value, f"{key}[{index}].value"),
        currency.strip().upper(),
        origin.strip().upper(),
    )


def _goods_careful(item: object, path: str) -> GoodsLine:
    line = _as_object(item, path)
    prefix = f"{path}."
    return GoodsLine(
        hs_code=_text(line, "hs_code", prefix).strip(),
        description=_text(line, "description", prefix),
        packages=_number(line, "packages", prefix, parse_int),
        package_type=_text(line, "package_type", prefix),
        gross_weight_kg=_number(line, "gross_weight_kg", prefix, parse_float),
        value=_number(line, "value", prefix, parse_decimal),
        currency=_code(line, "currency", prefix),
        country_of_origin=_code(line, "country_of_origin", prefix),
    )


def _as_object(item: object, path: str) -> JsonObject:
    if not isinstance(item, dict):
        raise FieldProblem(path, "must be a JSON object")
    return item


def _object(document: JsonObject, key: str, path: str) -> JsonObject:
    value = document.get(key)
    return {} if value is None else _as_object(value, path)


# The helpers take the JSON path prefix ("goods[2].") and only build the full path on error: this code
# runs for every field of every bill received.


def _list(document: JsonObject, key: str, prefix: str = "") -> list[Any]:
    value = document.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise FieldProblem(prefix + key, "must be a JSON list")
    return value


def _text(document: JsonObject, key: str, prefix: str) -> str:
    value = document.get(key)
    if value is None:
        return ""
    if value.__class__ is not str and not isinstance(value, str):
        raise FieldProblem(prefix + key, f"must be text, not {type(value).__name__}")
    return value


def _code(document: JsonObject, key: str, prefix: str) -> str:
    return _text(document, key, prefix).strip().upper()


def _time(document: JsonObject, key: str, prefix: str) -> datetime | None:
    text = _text(document, key, prefix)
    return parse_datetime(text, prefix + key) if text else None


def _number(document: JsonObject, key: str, prefix: str, parse: Callable[[str, str], T | None]) -> T | None:
    """JSON numbers and numeric strings are both accepted (amounts are written as strings to stay exact)."""
    value = document.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise FieldProblem(prefix + key, f"must be a number, not {json.dumps(value)[:40]}")
    return parse(value if isinstance(value, str) else repr(value), prefix + key)
