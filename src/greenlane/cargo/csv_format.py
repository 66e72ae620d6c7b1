"""The CSV manifest contract: one row per goods line, the bill-level fields repeated on every row of the
bill, rows of one bill consecutive. It is the format a carrier's spreadsheet export naturally takes, and
one row per goods line is what "manifest line" means in throughput figures. docs/manifest-formats.md
documents every column; CSV_COLUMNS below is the source of truth for their order."""

from __future__ import annotations

import csv
from collections.abc import Iterable

from greenlane.cargo.records import BillOfLading, Container, GoodsLine, Party, PartyRole
from greenlane.cargo.sources import Target, TextSink

__all__ = ["CSV_COLUMNS", "CsvWriter", "write_csv"]

BILL_HEAD = (
    "carrier",
    "bill_number",
    "bill_type",
    "master_bill",
    "filed_at",
    "vessel_name",
    "vessel_imo",
    "voyage_number",
    "place_of_receipt",
    "port_of_loading",
    "port_of_discharge",
    "departure",
    "arrival",
    "containers",
)
ROLES = tuple(PartyRole)
PARTY_PARTS = ("name", "address", "country", "id")
PARTY_COLUMNS = tuple(f"{role.value}_{part}" for role in ROLES for part in PARTY_PARTS)
GOODS_COLUMNS = (
    "hs_code",
    "description",
    "packages",
    "package_type",
    "gross_weight_kg",
    "value",
    "currency",
    "country_of_origin",
)
CSV_COLUMNS = (*BILL_HEAD, *PARTY_COLUMNS, *GOODS_COLUMNS)
BILL_WIDTH = len(BILL_HEAD) + len(PARTY_COLUMNS)
WIDTH = len(CSV_COLUMNS)
_EMPTY_GOODS = [""] * len(GOODS_COLUMNS)
# Containers share one cell: "NUMBER:SIZETYPE:SEAL|SEAL;NUMBER:SIZETYPE:SEAL".
CONTAINER_SEP, PART_SEP, SEAL_SEP = ";", ":", "|"


class CsvWriter:
    """Writes bills one at a time under the contract header, so a generator can stream millions of
    bills to disk. What the contract cannot hold raises ValueError rather than being silently lost:
    two parties in one role, or a container cell character (; : |) inside a container number or seal."""

    def __init__(self, target: Target) -> None:
        self._sink = TextSink(target, newline="")
        self._writer = csv.writer(self._sink.stream, lineterminator="\n")
        self._writer.writerow(CSV_COLUMNS)
        self.rows = 0

    def write(self, bill: BillOfLading) -> None:
        """One row per goods line (one row with empty goods columns for a bill without goods)."""
        head = _bill_cells(bill)
        if not bill.goods:
            self._writer.writerow(head + _EMPTY_GOODS)
            self.rows += 1
            return
        for line in bill.goods:
            self._writer.writerow(head + _goods_cells(line))
        self.rows += len(bill.goods)

    def close(self) -> None:
        """Closes a file the writer opened; a stream passed in is flushed and left open."""
        self._sink.close()

    def __enter__(self) -> CsvWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def write_csv(bills: Iterable[BillOfLading], target: Target) -> int:
    """Writes the bills as contract CSV and returns the number of rows (goods lines) written."""
    with CsvWriter(target) as writer:
        for bill in bills:
            writer.write(bill)
        return writer.rows


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def _bill_cells(bill: BillOfLading) -> list[str]:
    v = bill.voyage
    cells = [
        v.carrier,
        bill.bill_number,
        bill.bill_type.value,
        bill.master_bill,
        _text(bill.filed_at),
        v.vessel_name,
        v.vessel_imo,
        v.voyage_number,
        v.place_of_receipt,
        v.port_of_loading,
        v.port_of_discharge,
        _text(v.departure),
        _text(v.arrival),
        _containers_cell(bill.containers),
    ]
    by_role: dict[PartyRole, Party] = {}
    for party in bill.parties:
        if party.role in by_role:
            reason = f"the CSV contract holds one {party.role.value} per bill"
            raise ValueError(f"bill {bill.bill_number}: {reason}")
        by_role[party.role] = party
    for role in ROLES:
        held = by_role.get(role)
        if held is None:
            cells += ("", "", "", "")
        else:
            cells += (held.name, held.address, held.country, held.identifier)
    return cells


def _containers_cell(containers: tuple[Container, ...]) -> str:
    entries = []
    for container in containers:
        for text in (container.number, container.size_type, *container.seals):
            if CONTAINER_SEP in text or PART_SEP in text or SEAL_SEP in text:
                raise ValueError(f"container {container.number!r}: {text!r} holds a CSV cell separator")
        if not container.number.strip() or not all(seal.strip() for seal in container.seals):
            raise ValueError(f"container {container.number!r}: number and seals must not be blank")
        seals = SEAL_SEP.join(container.seals)
        entries.append(PART_SEP.join((container.number, container.size_type, seals)))
    return CONTAINER_SEP.join(entries)


def _goods_cells(line: GoodsLine) -> list[str]:
    return [
        line.hs_code,
        line.description,
        _text(line.packages),
        line.package_type,
        _text(line.gross_weight_kg),
        _text(line.value),
        line.currency,
        line.country_of_origin,
    ]
