"""Reading typed fields out of decoded JSON objects for the careful paths of the JSON readers: each
helper names the exact JSON path of a value that is missing its expected type, and builds that path
only when something is wrong (these run for every field of every unusual record)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from greenlane.cargo.validation import FieldProblem, parse_datetime

__all__ = ["JsonObject", "as_list", "as_object", "code", "number", "object_at", "text", "time"]

JsonObject = dict[str, Any]
T = TypeVar("T")


def as_object(item: object, path: str) -> JsonObject:
    if not isinstance(item, dict):
        raise FieldProblem(path, "must be a JSON object")
    return item


def object_at(document: JsonObject, key: str, path: str) -> JsonObject:
    value = document.get(key)
    return {} if value is None else as_object(value, path)


def as_list(document: JsonObject, key: str, prefix: str = "") -> list[Any]:
    value = document.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise FieldProblem(prefix + key, "must be a JSON list")
    return value


def text(document: JsonObject, key: str, prefix: str) -> str:
    value = document.get(key)
    if value is None:
        return ""
    if value.__class__ is not str and not isinstance(value, str):
        raise FieldProblem(prefix + key, f"must be text, not {type(value).__name__}")
    return value


def code(document: JsonObject, key: str, prefix: str) -> str:
    return text(document, key, prefix).strip().upper()


def time(document: JsonObject, key: str, prefix: str) -> datetime | None:
    value = text(document, key, prefix)
    return parse_datetime(value, prefix + key) if value else None


def number(document: JsonObject, key: str, prefix: str, parse: Callable[[str, str], T | None]) -> T | None:
    """JSON numbers and numeric strings are both accepted (amounts are written as strings to stay exact)."""
    value = document.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise FieldProblem(prefix + key, f"must be a number, not {json.dumps(value)[:40]}")
    return parse(value if isinstance(value, str) else repr(value), prefix + key)
