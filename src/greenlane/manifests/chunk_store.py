"""One chunk of a file stored in one transaction: each prepared bill is new, a duplicate of any version its
bill has had, or a correction, decided against what is stored and against the bills earlier in the same
chunk; each quarantined record is held once however often it is sent. Bills new to the store are written
together; a bill corrected later in the same chunk makes the pending ones go first, so its history keeps
both versions in order. Every version is taken from the bill row as written, so the body travels once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from greenlane.cargo import ManifestFormat, Quarantine
from greenlane.identity.domain import Actor
from greenlane.manifests.domain import (
    Disposition,
    IngestCounts,
    QuarantineStatus,
    disposition,
    quarantine_key,
)
from greenlane.manifests.prepared import BILL_COLUMNS, Prepared, PreparedBill
from greenlane.manifests.repository import ManifestRepository

# The one refusal the store makes itself (every other quarantine reason comes from the cargo readers).
NOT_THE_FILER = "this bill was filed by another party; only its filer may correct it"
Stored = tuple[int, int, str, int | None]  # id, version, fingerprint, filer partner


@dataclass
class PartnerIndex:
    """Enrolled partners by registered number, read once per run: who filed a bill (the carrier's SCAC) and
    which partner it names as importer."""

    partners: dict[tuple[str, str], int]

    def carrier(self, scac: str) -> int | None:
        return self.partners.get(("scac", scac.upper()))

    def consignee(self, bill: PreparedBill) -> int | None:
        for identifier in bill.consignee_ids:
            found = self.partners.get(("importer_of_record", identifier))
            if found is not None:
                return found
        return None


@dataclass
class Chunk:
    repo: ManifestRepository
    index: PartnerIndex
    actor: Actor
    fmt: ManifestFormat
    batch_id: int
    now: datetime

    def store(self, items: list[Prepared]) -> IngestCounts:
        self.counts = IngestCounts(received=len(items))
        self.pending: dict[tuple[str, str], tuple[object, ...]] = {}
        self.held: list[dict[str, Any]] = []
        bills = [i for i in items if isinstance(i, PreparedBill)]
        self.stored: dict[tuple[str, str], Stored] = self.repo.stored(b.key for b in bills)
        # Earlier versions are looked up only for bills arriving with a fingerprint other than the current.
        self.history = self.repo.version_fingerprints(
            self.stored[b.key][0]
            for b in bills
            if b.key in self.stored and self.stored[b.key][2] != b.fingerprint
        )
        for item in items:
            if isinstance(item, PreparedBill):
                self._accept(item)
            else:
                self.held.append(quarantine_row(self.fmt, self.batch_id, self.actor, self.now, item))
        self._flush_pending()
        hold_rows(self.repo, self.held, self.counts)
        return self.counts

    def _fate(self, item: PreparedBill) -> Disposition:
        key = item.key
        pending = self.pending.get(key)
        found = self.stored.get(key)
        current = str(pending[2]) if pending is not None else (found[2] if found is not None else None)
        earlier = self.history.get(found[0], ()) if found is not None else ()
        return disposition(stored_fingerprint=current, fingerprint=item.fingerprint, earlier=earlier)

    def _accept(self, item: PreparedBill) -> None:
        fate = self._fate(item)
        if fate is Disposition.DUPLICATE:
            self.counts.duplicates += 1
            return
        if fate is Disposition.CORRECTION and item.key in self.pending:
            self._flush_pending()
        found = self.stored.get(item.key)
        owner = found[3] if found is not None else None
        if self.actor.is_partner_user and found is not None and owner != self.actor.partner_id:
            self.held.append(self._not_the_filer(item))
            return
        filer = self.actor.partner_scope() or self.index.carrier(item.key[0])
        self.counts.accepted += 1
        self.counts.lines += item.lines
        self.counts.flagged += item.flagged
        if fate is Disposition.NEW:
            self.pending[item.key] = (
                *item.values,
                1,
                filer,
                self.index.consignee(item),
                self.batch_id,
                self.now,
            )
            return
        assert found is not None
        self._correct(item, found, owner if owner is not None else filer)

    def _correct(self, item: PreparedBill, found: Stored, owner: int | None) -> None:
        """A correction never changes who filed the bill: staff correcting a partner's filing must not take
        it out of the partner's sight."""
        self.counts.corrections += 1
        bill_id, version = found[0], found[1] + 1
        values: dict[str, object] = dict(zip(BILL_COLUMNS[2:], item.values[2:], strict=True))
        values |= {
            "version": version,
            "filer_partner_id": owner,
            "consignee_partner_id": self.index.consignee(item),
            "batch_id": self.batch_id,
            "received_at": self.now,
        }
        self.repo.replace_bill(bill_id, values)
        self.repo.snapshot_versions([bill_id])
        self.history.setdefault(bill_id, set()).add(found[2])
        self.stored[item.key] = (bill_id, version, item.fingerprint, owner)

    def _flush_pending(self) -> None:
        rows = list(self.pending.values())
        ids = self.repo.insert_bills(rows)
        for bill_id, row in zip(ids, rows, strict=True):
            self.stored[(str(row[0]), str(row[1]))] = (bill_id, 1, str(row[2]), _filer(row))
        self.repo.snapshot_versions(ids)
        self.pending.clear()

    def _not_the_filer(self, item: PreparedBill) -> dict[str, Any]:
        """Held as the NDJSON line it is kept as, so its correction is read in the format it is shown in."""
        problem = Quarantine(reason=NOT_THE_FILER, locator=item.locator, field="bill_number", raw=item.body)
        return quarantine_row(ManifestFormat.NDJSON, self.batch_id, self.actor, self.now, problem)


def _filer(row: tuple[object, ...]) -> int | None:
    filer = row[len(BILL_COLUMNS) + 1]
    return filer if isinstance(filer, int) else None


def hold_rows(repo: ManifestRepository, held: list[dict[str, Any]], counts: IngestCounts) -> None:
    """The same bad record sent again is a duplicate, not a second entry in the quarantine."""
    known = repo.known_quarantine_keys(r["key"] for r in held)
    fresh: dict[str, dict[str, Any]] = {}
    for row in held:
        if row["key"] in known or row["key"] in fresh:
            counts.duplicates += 1
        else:
            fresh[row["key"]] = row
    repo.insert_quarantine(list(fresh.values()))
    counts.quarantined += len(fresh)


def quarantine_row(
    fmt: ManifestFormat | str, batch_id: int, actor: Actor, now: datetime, q: Quarantine
) -> dict[str, Any]:
    code = str(fmt)
    return {
        "batch_id": batch_id,
        "partner_id": actor.partner_scope(),
        "format": code,
        "locator": q.locator[:100],
        "field": q.field[:100],
        "reason": q.reason,
        "raw": q.raw,
        "key": quarantine_key(format=code, locator_free_raw=q.raw, reason=q.reason),
        "status": QuarantineStatus.OPEN.value,
        "created_at": now,
    }


def hold_quarantined(
    repo: ManifestRepository,
    held: list[Quarantine],
    *,
    fmt: str,
    batch_id: int,
    actor: Actor,
    now: datetime,
    counts: IngestCounts,
) -> None:
    hold_rows(repo, [quarantine_row(fmt, batch_id, actor, now, q) for q in held], counts)
