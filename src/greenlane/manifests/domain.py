"""What happens to each record that arrives: it is new (accepted), the same filing again (a duplicate, which
changes nothing), a changed filing (a correction, which replaces the current version while history keeps
both), or unreadable (quarantined with the reason, naming the record and the field). Every record received
is counted exactly once, so received = accepted + quarantined + duplicates always holds."""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from greenlane.cargo import BillOfLading, Flag, PartyRole


class Disposition(StrEnum):
    NEW = "new"
    CORRECTION = "correction"
    DUPLICATE = "duplicate"


class QuarantineStatus(StrEnum):
    OPEN = "open"
    RESUBMITTED = "resubmitted"
    DISMISSED = "dismissed"


class BatchStatus(StrEnum):
    RUNNING = "running"
    COMPLETE = "complete"
    FAILED = "failed"
    INTERRUPTED = "interrupted"


def disposition(
    *, stored_fingerprint: str | None, fingerprint: str, earlier: Collection[str] = ()
) -> Disposition:
    """A bill's fate from what is stored under its natural key. A version received before and corrected
    since (`earlier`) is a late retransmission, not a correction back to it: sending the same records
    again changes nothing, and a re-run of an interrupted ingest must not turn its originals into new
    versions after their corrections."""
    if stored_fingerprint is None:
        return Disposition.NEW
    if fingerprint == stored_fingerprint or fingerprint in earlier:
        return Disposition.DUPLICATE
    return Disposition.CORRECTION


@dataclass(slots=True)
class IngestCounts:
    """Corrections are accepted records too; `corrections` says how many of the accepted replaced one."""

    received: int = 0
    accepted: int = 0
    quarantined: int = 0
    duplicates: int = 0
    corrections: int = 0
    flagged: int = 0
    lines: int = 0

    def add(self, other: IngestCounts) -> None:
        for name in ("received", "accepted", "quarantined", "duplicates", "corrections", "flagged", "lines"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def balanced(self) -> bool:
        return self.received == self.accepted + self.quarantined + self.duplicates


@dataclass(frozen=True, slots=True)
class BillSummary:
    """The columns officers sort and filter arrivals by, derived once from the bill."""

    arrival_day: date | None
    shipper: str
    consignee: str
    hs_codes: str
    total_value: Decimal | None
    total_weight_kg: float | None
    containers: int
    lines: int


def summarise(bill: BillOfLading) -> BillSummary:
    shipper = bill.party(PartyRole.SHIPPER)
    consignee = bill.party(PartyRole.CONSIGNEE)
    values = [g.value for g in bill.goods if g.value is not None]
    weights = [g.gross_weight_kg for g in bill.goods if g.gross_weight_kg is not None]
    arrival = bill.voyage.arrival
    return BillSummary(
        arrival_day=arrival.date()
        if arrival
        else (bill.voyage.departure.date() if bill.voyage.departure else None),
        shipper=shipper.name if shipper else "",
        consignee=consignee.name if consignee else "",
        hs_codes=" ".join(sorted({g.hs_code for g in bill.goods if g.hs_code})),
        total_value=sum(values, Decimal(0)) if values else None,
        total_weight_kg=sum(weights) if weights else None,
        containers=len(bill.containers),
        lines=len(bill.goods),
    )


_IMPORTER_ROLES = (PartyRole.IMPORTER_OF_RECORD, PartyRole.CONSIGNEE)


def importer_identifiers(bill: BillOfLading) -> tuple[str, ...]:
    """The numbers a program member named by the bill would be enrolled under: the importer of record's,
    then the consignee's, stripped and in upper case as the partners' identifier index holds them."""
    parties = (bill.party(role) for role in _IMPORTER_ROLES)
    return tuple(p.identifier.strip().upper() for p in parties if p is not None and p.identifier.strip())


def flags_json(flags: tuple[Flag, ...]) -> list[dict[str, str]]:
    return [{"code": f.code.value, "detail": f.detail} for f in flags]


def quarantine_key(*, format: str, locator_free_raw: str, reason: str) -> str:
    """Identifies a quarantined record independent of where it sat in the file, so the same bad record sent
    again is a duplicate rather than a second quarantine entry."""
    return hashlib.sha256(f"{format}\x1f{reason}\x1f{locator_free_raw}".encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class StoredBill:
    id: int
    carrier: str
    bill_number: str
    version: int
    received_at: datetime
    bill: BillOfLading
    flags: list[dict[str, str]]
    filer_partner_id: int | None
    consignee_partner_id: int | None
