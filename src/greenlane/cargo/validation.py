"""Record validation: the rules that decide whether a manifest record is accepted or quarantined. A record
is quarantined when it misses what customs cannot work without (the transport document reference, the
carrier that keys it, shipper, consignee, ports of loading and discharge) or when a number or date
cannot be read; the quarantine names the record and the field so the filer can correct and resubmit it.
Everything else is accepted, with flags for what an officer should look at."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from greenlane.cargo.flags import flags_for
from greenlane.cargo.records import Accepted, BillOfLading, ManifestRecord, Outcome, PartyRole, Quarantine

__all__ = [
    "MANIFEST_REQUIRED",
    "FieldProblem",
    "judge",
    "missing_field",
    "parse_datetime",
    "parse_decimal",
    "parse_float",
    "parse_int",
    "quarantine",
]

# Logical field names; each format maps them to its own column, JSON path or segment when it reports.
MANIFEST_REQUIRED = ("bill_number", "carrier", "shipper", "consignee", "port_of_loading", "port_of_discharge")

# UN/LOCODE: two-letter country and three letters or digits for the place.
_LOCODE = re.compile(r"[A-Z]{2}[A-Z0-9]{3}")


class FieldProblem(Exception):
    """Raised while building a record from source text; the reader turns it into a Quarantine."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


def parse_int(text: str, field: str) -> int | None:
    """Blank means not given; anything else must be a whole, non-negative number (package counts)."""
    text = text.strip()
    if not text:
        return None
    if not text.isascii() or not text.isdigit():
        raise FieldProblem(field, f"{text!r} is not a whole non-negative number")
    try:
        return int(text)
    except ValueError:  # more digits than Python converts (a safeguard against hostile input)
        raise FieldProblem(field, f"{text[:20]!r}... has too many digits") from None


def parse_float(text: str, field: str) -> float | None:
    """Blank means not given; otherwise a finite, non-negative decimal number (weights)."""
    text = text.strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise FieldProblem(field, f"{text!r} is not a number") from None
    if "_" in text or not math.isfinite(value) or value < 0:
        raise FieldProblem(field, f"{text!r} is not a finite non-negative number")
    return value


def parse_decimal(text: str, field: str) -> Decimal | None:
    """Blank means not given; otherwise a finite, non-negative amount kept exactly (money)."""
    text = text.strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise FieldProblem(field, f"{text!r} is not an amount") from None
    if "_" in text or not value.is_finite() or value < 0:
        raise FieldProblem(field, f"{text!r} is not a finite non-negative amount")
    return value


def parse_datetime(text: str, field: str) -> datetime | None:
    """ISO 8601; a time without a zone is taken as UTC, and every time is stored in UTC."""
    text = text.strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise FieldProblem(field, f"{text!r} is not an ISO 8601 date-time") from None
    zone = moment.tzinfo
    if zone is UTC:
        return moment
    if zone is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def missing_field(bill: BillOfLading, required: tuple[str, ...] = MANIFEST_REQUIRED) -> FieldProblem | None:
    """The first required field the bill lacks or that is malformed, or None when the bill is complete."""
    voyage = bill.voyage
    if required is MANIFEST_REQUIRED and _complete(bill):
        return None
    for name in required:
        if not _present(bill, name):
            return FieldProblem(name, f"{name.replace('_', ' ')} is missing")
    ports = (("port_of_loading", voyage.port_of_loading), ("port_of_discharge", voyage.port_of_discharge))
    for name, code in ports:
        if code and _LOCODE.fullmatch(code) is None:
            return FieldProblem(name, f"{code!r} is not a UN/LOCODE (country and place code)")
    return None


def _complete(bill: BillOfLading) -> bool:
    """The common case in one pass: every manifest requirement met and both ports well formed."""
    voyage = bill.voyage
    if not (bill.bill_number and voyage.carrier and voyage.port_of_loading and voyage.port_of_discharge):
        return False
    named = {p.role for p in bill.parties if p.name or p.identifier}
    return (
        PartyRole.SHIPPER in named
        and PartyRole.CONSIGNEE in named
        and _LOCODE.fullmatch(voyage.port_of_loading) is not None
        and _LOCODE.fullmatch(voyage.port_of_discharge) is not None
    )


def _present(bill: BillOfLading, name: str) -> bool:
    if name == "shipper":
        return _named(bill, PartyRole.SHIPPER)
    if name == "consignee":
        return _named(bill, PartyRole.CONSIGNEE)
    source = bill if name == "bill_number" else bill.voyage
    return bool(getattr(source, name))


def _named(bill: BillOfLading, role: PartyRole) -> bool:
    party = bill.party(role)
    return party is not None and bool(party.name or party.identifier)


def judge(
    bill: BillOfLading,
    locator: str,
    raw: str,
    *,
    required: tuple[str, ...] = MANIFEST_REQUIRED,
    names: Mapping[str, str] | None = None,
    descriptions: bool = True,
) -> Outcome:
    """Accepts a complete bill with its flags, or quarantines it naming the first missing field in the
    source's own terms (`names` maps a logical field to the column, JSON path or segment)."""
    problem = missing_field(bill, required)
    if problem is not None:
        field = names.get(problem.field, problem.field) if names else problem.field
        return Quarantine(reason=problem.reason, locator=locator, field=field, raw=raw)
    return Accepted(ManifestRecord.of(bill), flags_for(bill, descriptions=descriptions), locator)


def quarantine(problem: FieldProblem, locator: str, raw: str) -> Quarantine:
    """The quarantine for a value that could not be read while building the record."""
    return Quarantine(reason=problem.reason, locator=locator, field=problem.field, raw=raw)
