"""Reading the CSV manifest contract (see csv_format for the columns): rows are grouped into bills by
consecutive carrier and bill number, each bill is built, validated and flagged, and a bill that cannot be
read is quarantined whole, with the line that broke it, so the filer can correct and resubmit it."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import replace
from functools import lru_cache

from greenlane.cargo.csv_format import (
    BILL_HEAD,
    BILL_WIDTH,
    CONTAINER_SEP,
    CSV_COLUMNS,
    PART_SEP,
    ROLES,
    SEAL_SEP,
    WIDTH,
)
from greenlane.cargo.errors import FormatError
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
from greenlane.cargo.sources import Source, numbered_rows, open_source
from greenlane.cargo.validation import (
    FieldProblem,
    judge,
    parse_datetime,
    parse_decimal,
    parse_float,
    parse_int,
)

__all__ = ["read_csv"]

# How the logical required fields are called in this contract, for quarantine reasons.
_NAMES = {"shipper": "shipper_name", "consignee": "consignee_name"}

Row = list[str]


def read_csv(source: Source) -> Iterator[Outcome]:
    """Streams the file bill by bill (consecutive rows with the same carrier and bill number), yielding
    an accepted record or a quarantine per bill. Memory holds one bill's rows at a time."""
    with open_source(source, newline="") as stream:
        rows = numbered_rows(stream)
        first = next(rows, None)
        if first is None:
            return
        if first[1] is None:
            raise FormatError(f"not a greenlane manifest CSV: the header cannot be read ({first[2]})")
        header = first[1]
        reorder = _reorder_for(header)
        group: list[tuple[int, Row]] = []
        key: tuple[str, str] | None = None
        for line, row, error in rows:
            if row is None:
                yield Quarantine(f"unreadable CSV row: {error}", f"line {line}", "row", "")
                continue
            if reorder is not None and len(row) == len(header):
                row = [row[index] for index in reorder]
            row_key = (row[0], row[1]) if len(row) >= 2 else None
            if group and row_key != key:
                yield _judge_group(group)
                group = []
            key = row_key
            group.append((line, row))
        if group:
            yield _judge_group(group)


def _reorder_for(header: Row) -> tuple[int, ...] | None:
    """None when the header is the contract order; otherwise a picker that puts columns in that order."""
    if tuple(header) == CSV_COLUMNS:
        return None
    missing = [name for name in CSV_COLUMNS if name not in header]
    if missing:
        raise FormatError(f"not a greenlane manifest CSV: header lacks {', '.join(missing)}")
    return tuple(header.index(name) for name in CSV_COLUMNS)


def _judge_group(group: list[tuple[int, Row]]) -> Outcome:
    first_line, first = group[0]
    locator = f"line {first_line}"
    try:
        _check_shape(group)
        bill = _bill_from(first, _goods(group))
    except _RowProblem as problem:
        return _quarantine(problem.problem, f"line {problem.line}", group)
    except FieldProblem as problem:
        return _quarantine(problem, locator, group)
    outcome = judge(bill, locator, "", names=_NAMES)
    if isinstance(outcome, Quarantine):
        return replace(outcome, raw=_raw(group))
    return outcome


class _RowProblem(Exception):
    def __init__(self, line: int, problem: FieldProblem) -> None:
        super().__init__(str(problem))
        self.line = line
        self.problem = problem


def _check_shape(group: list[tuple[int, Row]]) -> None:
    """Every row has the contract's width and repeats the first row's bill-level fields exactly."""
    first_line, first = group[0]
    head = first[:BILL_WIDTH]
    for line, row in group:
        if len(row) != WIDTH:
            problem = FieldProblem("row", f"has {len(row)} fields where the contract has {WIDTH}")
            raise _RowProblem(line, problem)
        if line != first_line and row[:BILL_WIDTH] != head:
            column = next(i for i in range(BILL_WIDTH) if row[i] != head[i])
            reason = f"bill-level field differs from line {first_line} of the same bill"
            raise _RowProblem(line, FieldProblem(CSV_COLUMNS[column], reason))


def _quarantine(problem: FieldProblem, locator: str, group: list[tuple[int, Row]]) -> Quarantine:
    return Quarantine(reason=problem.reason, locator=locator, field=problem.field, raw=_raw(group))


def _raw(group: list[tuple[int, Row]]) -> str:
    """The bill's rows under the contract header: a file the filer can correct and resubmit as is."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    writer.writerows(row for _, row in group)
    return buffer.getvalue()


def _bill_from(first: Row, goods: tuple[GoodsLine, ...]) -> BillOfLading:
    (carrier, bill_number, bill_type, master_bill, filed_at) = first[:5]
    return BillOfLading(
        bill_number=bill_number.strip(),
        bill_type=_bill_type(bill_type),
        voyage=_voyage(carrier, *first[5:13]),
        parties=_parties(first),
        containers=_containers(first[13]),
        goods=goods,
        filed_at=parse_datetime(filed_at, "filed_at"),
        master_bill=master_bill.strip(),
    )


# Bills of one sailing repeat the same voyage cells and the same shippers recur across a manifest:
# records are immutable, so equal cells can share one object (less work, less memory). The caches are
# bounded in entries, and only short texts enter them, so a hostile file cannot make them large.
_CACHEABLE = 256


def _voyage(*cells: str) -> Voyage:
    if sum(map(len, cells)) <= _CACHEABLE:
        return _shared_voyage(*cells)
    return _new_voyage(*cells)


def _party(role: PartyRole, name: str, address: str, country: str, identifier: str) -> Party:
    if len(name) + len(address) + len(country) + len(identifier) <= _CACHEABLE:
        return _shared_party(role, name, address, country, identifier)
    return _new_party(role, name, address, country, identifier)


def _new_voyage(
    carrier: str,
    vessel: str,
    imo: str,
    voyage_number: str,
    receipt: str,
    loading: str,
    discharge: str,
    departure: str,
    arrival: str,
) -> Voyage:
    return Voyage(
        carrier=carrier.strip().upper(),
        vessel_name=vessel,
        voyage_number=voyage_number,
        port_of_loading=loading.strip().upper(),
        port_of_discharge=discharge.strip().upper(),
        departure=parse_datetime(departure, "departure"),
        arrival=parse_datetime(arrival, "arrival"),
        vessel_imo=imo.strip(),
        place_of_receipt=receipt.strip().upper(),
    )


def _new_party(role: PartyRole, name: str, address: str, country: str, identifier: str) -> Party:
    return Party(role, name, address, country.strip().upper(), identifier)


_shared_voyage = lru_cache(maxsize=256)(_new_voyage)
_shared_party = lru_cache(maxsize=4096)(_new_party)


def _bill_type(text: str) -> BillType:
    text = text.strip().lower()
    if text in ("", "master"):
        return BillType.MASTER
    if text == "house":
        return BillType.HOUSE
    raise FieldProblem("bill_type", f"{text!r} is neither 'master' nor 'house'")


_PACKAGES = "packages"


def _parties(row: Row) -> tuple[Party, ...]:
    parties = []
    base = len(BILL_HEAD)
    for role in ROLES:
        name, address, country, identifier = row[base : base + 4]
        base += 4
        if name or address or country or identifier:
            parties.append(_party(role, name, address, country, identifier))
    return tuple(parties)


def _containers(cell: str) -> tuple[Container, ...]:
    if not cell.strip():
        return ()
    containers = []
    for entry in cell.split(CONTAINER_SEP):
        parts = entry.split(PART_SEP)
        if len(parts) > 3 or not parts[0].strip():
            raise FieldProblem("containers", f"{entry!r} is not NUMBER:SIZETYPE:SEAL|SEAL")
        number = parts[0].strip().upper()
        size_type = parts[1].strip().upper() if len(parts) > 1 else ""
        seals = tuple(parts[2].split(SEAL_SEP)) if len(parts) > 2 and parts[2] else ()
        containers.append(Container(number, size_type, seals))
    return tuple(containers)


def _goods(group: list[tuple[int, Row]]) -> tuple[GoodsLine, ...]:
    """The goods lines of the bill; an unreadable value is reported at the line of its own row."""
    goods = []
    for line, row in group:
        try:
            goods_line = _goods_line(row)
        except FieldProblem as problem:
            raise _RowProblem(line, problem) from None
        if goods_line is not None:
            goods.append(goods_line)
    return tuple(goods)


def _goods_line(row: Row) -> GoodsLine | None:
    hs, description, packages, package_type, weight, value, currency, origin = row[BILL_WIDTH:]
    if not (hs or description or packages or package_type or weight or value or currency or origin):
        return None
    return GoodsLine(
        hs_code=hs.strip(),
        description=description,
        # The plain case inline, anything else through the parser that explains what is wrong.
        packages=int(packages)
        if packages.isdigit() and packages.isascii()
        else parse_int(packages, "packages"),
        package_type=package_type,
        gross_weight_kg=parse_float(weight, "gross_weight_kg"),
        value=parse_decimal(value, "value"),
        currency=currency.strip().upper(),
        country_of_origin=origin.strip().upper(),
    )
