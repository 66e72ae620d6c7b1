"""Prepared bills (prepared.py: the bills table's columns as text) written in bulk, for the repository,
which alone calls this module. PostgreSQL takes one COPY per chunk in its text format, the lines formatted
here; other databases take typed rows by executemany."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Date, Float, Numeric, Text, column, table
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session

from greenlane.db.base import UtcDateTime
from greenlane.manifests.prepared import JSON_COLUMNS, STORED_COLUMNS
from greenlane.manifests.tables import BillRow

# The bills table with its JSON columns typed as text, for inserting prepared bills on SQLite (which keeps
# JSON as text anyway).
BILLS_AS_TEXT = table(
    BillRow.__tablename__,
    *(column(c.name, Text() if c.name in JSON_COLUMNS else c.type) for c in BillRow.__table__.columns),
)
_ESCAPES = (("\\", "\\\\"), ("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r"))


def _copy_value(value: object) -> str:
    """A prepared value (or an id, a time the store adds) in COPY's text format."""
    if value is None:
        return "\\N"
    if type(value) is not str:
        return str(value)
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        for raw, escaped in _ESCAPES:
            value = value.replace(raw, escaped)
    return value


def _from_text(kind: Any) -> Any:
    """How a prepared value (text, see prepared.py) becomes the Python value the column's type binds."""
    if isinstance(kind, UtcDateTime):
        return datetime.fromisoformat
    if isinstance(kind, Date):
        return date.fromisoformat
    if isinstance(kind, Numeric) and kind.asdecimal:
        return Decimal
    if isinstance(kind, Float):
        return float
    return None


_CONVERT = {c.name: convert for c in BillRow.__table__.columns if (convert := _from_text(c.type)) is not None}


def typed(values: dict[str, Any]) -> dict[str, Any]:
    """The row with its prepared text turned into the values the columns' types bind (in place)."""
    for name, convert in _CONVERT.items():
        value = values.get(name)
        if isinstance(value, str):
            values[name] = convert(value)
    return values


def copy_bills(session: Session, rows: Sequence[tuple[object, ...]]) -> list[int]:
    """Ids first (one round trip for the chunk), then one COPY of rows formatted here, not by the driver:
    formatting per value was most of the driver's cost."""
    sequence = "SELECT nextval(pg_get_serial_sequence('manifest_bills', 'id')) FROM generate_series(1, :n)"
    ids = sorted(int(i) for i in session.scalars(sql_text(sequence), {"n": len(rows)}))
    lines = [
        f"{bill_id}\t" + "\t".join([_copy_value(v) for v in row]) + "\n"
        for bill_id, row in zip(ids, rows, strict=True)
    ]
    driver = session.connection().connection.driver_connection
    assert driver is not None
    names = ", ".join(f'"{c}"' for c in ("id", *STORED_COLUMNS))
    with driver.cursor() as cursor, cursor.copy(f"COPY manifest_bills ({names}) FROM STDIN") as copy:
        copy.write("".join(lines))
    return ids
