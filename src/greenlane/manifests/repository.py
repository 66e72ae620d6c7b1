"""Queries on bills, versions, batches and the quarantine. Partner users see the filings they filed or that
name them as consignee, and the quarantine of their own uploads; everything else does not exist for them."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, cast

from sqlalchemy import (
    Integer,
    Select,
    String,
    any_,
    bindparam,
    func,
    insert,
    or_,
    select,
    tuple_,
    update,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from greenlane.core.errors import NotFound
from greenlane.identity.domain import Actor
from greenlane.manifests.bulk import BILLS_AS_TEXT, copy_bills, typed
from greenlane.manifests.domain import IngestCounts, QuarantineStatus
from greenlane.manifests.prepared import JSON_COLUMNS, STORED_COLUMNS
from greenlane.manifests.tables import (
    BillRow,
    BillVersionRow,
    IngestBatchRow,
    QuarantineRow,
    SecurityFilingRow,
)


class ManifestRepository:
    def __init__(self, session: Session, actor: Actor) -> None:
        self.session = session
        self.actor = actor

    def _bills(self, query: Select[Any]) -> Select[Any]:
        scope = self.actor.partner_scope()
        if scope is None:
            return query
        return query.where(or_(BillRow.filer_partner_id == scope, BillRow.consignee_partner_id == scope))

    def _quarantine(self, query: Select[Any]) -> Select[Any]:
        scope = self.actor.partner_scope()
        return query if scope is None else query.where(QuarantineRow.partner_id == scope)

    # --- ingest (unscoped lookups by natural key: a filing is one filing whoever sends it) ---

    def _among(self, column: Any, values: list[Any], sql_type: Any) -> Any:
        """`column IN values`, bound as one array on PostgreSQL: a long expanded IN is re-parsed by the driver
        on every call, which dominated ingest time."""
        if self.session.get_bind().dialect.name == "postgresql":
            return column == any_(bindparam(f"among_{column.key}", values, type_=postgresql.ARRAY(sql_type)))
        return column.in_(values)

    def stored(
        self, keys: Iterable[tuple[str, str]]
    ) -> dict[tuple[str, str], tuple[int, int, str, int | None]]:
        """(carrier, bill) to (id, version, fingerprint, filer partner) for the keys already stored."""
        wanted = set(keys)
        numbers = sorted({number for _, number in wanted})
        carriers = sorted({carrier for carrier, _ in wanted})
        found: dict[tuple[str, str], tuple[int, int, str, int | None]] = {}
        for start in range(0, len(numbers), 2000):
            query = select(
                BillRow.carrier,
                BillRow.bill_number,
                BillRow.id,
                BillRow.version,
                BillRow.fingerprint,
                BillRow.filer_partner_id,
            ).where(
                # Both columns, so the (carrier, bill_number) unique index serves the lookup.
                self._among(BillRow.carrier, carriers, String),
                self._among(BillRow.bill_number, numbers[start : start + 2000], String),
            )
            for carrier, bill_number, bill_id, version, fingerprint, filer in self.session.execute(query):
                if (carrier, bill_number) in wanted:
                    found[(carrier, bill_number)] = (bill_id, version, fingerprint, filer)
        return found

    def version_fingerprints(self, bill_ids: Iterable[int]) -> dict[int, set[str]]:
        """Every fingerprint each bill has had, to recognise an old version sent again."""
        wanted = sorted(set(bill_ids))
        found: dict[int, set[str]] = {}
        for start in range(0, len(wanted), 2000):
            query = select(BillVersionRow.bill_id, BillVersionRow.fingerprint).where(
                self._among(BillVersionRow.bill_id, wanted[start : start + 2000], Integer)
            )
            for bill_id, fingerprint in self.session.execute(query):
                found.setdefault(bill_id, set()).add(fingerprint)
        return found

    def known_quarantine_keys(self, keys: Iterable[str]) -> set[str]:
        wanted = list(set(keys))
        if not wanted:
            return set()
        return set(
            self.session.scalars(
                select(QuarantineRow.key).where(self._among(QuarantineRow.key, wanted, String))
            )
        )

    def insert_bills(self, rows: Sequence[tuple[object, ...]]) -> list[int]:
        """New bills, rows in STORED_COLUMNS order; their ids in the rows' order. PostgreSQL takes them by
        COPY with ids drawn from the sequence first; elsewhere one executemany, ids read back by key."""
        if not rows:
            return []
        if self.session.get_bind().dialect.name == "postgresql":
            return copy_bills(self.session, rows)
        self.session.execute(
            insert(BILLS_AS_TEXT), [typed(dict(zip(STORED_COLUMNS, r, strict=True))) for r in rows]
        )
        stored = self.stored((str(r[0]), str(r[1])) for r in rows)
        return [stored[(str(r[0]), str(r[1]))][0] for r in rows]

    def replace_bill(self, bill_id: int, values: dict[str, Any]) -> None:
        """A correction's columns over the current ones (flags and body given as JSON text). Rare enough
        to go through the JSON columns' own types, which PostgreSQL needs for an UPDATE."""
        columns = typed(values)
        for name in JSON_COLUMNS:
            columns[name] = json.loads(columns[name])
        self.session.execute(update(BillRow).where(BillRow.id == bill_id).values(**columns))

    def snapshot_versions(self, bill_ids: Sequence[int]) -> None:
        """The bills as they now stand become versions in their history, copied by the database itself."""
        if not bill_ids:
            return
        b = BillRow
        columns = ("bill_id", "version", "fingerprint", "body", "flags", "batch_id", "received_at")
        current = select(b.id, b.version, b.fingerprint, b.body, b.flags, b.batch_id, b.received_at)
        for start in range(0, len(bill_ids), 2000):
            chosen = current.where(self._among(b.id, list(bill_ids[start : start + 2000]), Integer))
            self.session.execute(insert(BillVersionRow).from_select(columns, chosen))

    def insert_quarantine(self, rows: Sequence[dict[str, Any]]) -> None:
        if rows:
            self.session.execute(insert(QuarantineRow), rows)

    # --- batches ---

    def add_batch(self, row: IngestBatchRow) -> IngestBatchRow:
        self.session.add(row)
        self.session.flush()
        return row

    def batch(self, batch_id: int) -> IngestBatchRow:
        row = self.session.get(IngestBatchRow, batch_id)
        scope = self.actor.partner_scope()
        if row is None or (scope is not None and row.partner_id != scope):
            raise NotFound(f"ingest batch {batch_id} not found")
        return row

    def add_to_batch(self, batch_id: int, counts: IngestCounts) -> None:
        """Counts of a stored chunk join its batch in the chunk's own transaction."""
        row = self.batch(batch_id)
        for name in ("received", "accepted", "quarantined", "duplicates", "corrections", "flagged", "lines"):
            setattr(row, name, (getattr(row, name) or 0) + getattr(counts, name))

    def running_batches(self, *, source: str, format: str) -> list[IngestBatchRow]:
        query = select(IngestBatchRow).where(
            IngestBatchRow.source == source,
            IngestBatchRow.format == format,
            IngestBatchRow.status == "running",
        )
        return list(self.session.scalars(query))

    def recent_batches(self, limit: int = 20) -> list[IngestBatchRow]:
        query = select(IngestBatchRow).order_by(IngestBatchRow.id.desc()).limit(limit)
        scope = self.actor.partner_scope()
        if scope is not None:
            query = query.where(IngestBatchRow.partner_id == scope)
        return list(self.session.scalars(query))

    # --- reading ---

    def arrivals(
        self, *, day: date | None, port: str | None, flagged_only: bool, limit: int, offset: int
    ) -> tuple[list[BillRow], int]:
        query = self._bills(select(BillRow))
        if day is not None:
            query = query.where(BillRow.arrival_day == day)
        if port:
            query = query.where(BillRow.port_of_discharge == port.upper())
        if flagged_only:
            query = query.where(BillRow.flag_codes != "")
        total = self.session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = self.session.scalars(
            query.order_by(BillRow.arrival_day, BillRow.port_of_discharge, BillRow.id)
            .limit(limit)
            .offset(offset)
        )
        return list(rows), total

    def bill(self, bill_id: int) -> BillRow:
        row = self.session.scalar(self._bills(select(BillRow).where(BillRow.id == bill_id)))
        if row is None:
            raise NotFound(f"manifest {bill_id} not found")
        found: BillRow = row
        return found

    def versions(self, bill_id: int) -> list[BillVersionRow]:
        self.bill(bill_id)
        query = (
            select(BillVersionRow).where(BillVersionRow.bill_id == bill_id).order_by(BillVersionRow.version)
        )
        return list(self.session.scalars(query))

    def ports_and_days(self) -> tuple[list[str], list[date]]:
        ports = self.session.scalars(self._bills(select(BillRow.port_of_discharge).distinct()))
        days = self.session.scalars(self._bills(select(BillRow.arrival_day).distinct()))
        return sorted(p for p in ports if p), sorted(d for d in days if d)

    def quarantine_items(
        self, *, status: QuarantineStatus | None, limit: int, offset: int
    ) -> tuple[list[QuarantineRow], int]:
        query = self._quarantine(select(QuarantineRow))
        if status is not None:
            query = query.where(QuarantineRow.status == status.value)
        total = self.session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = self.session.scalars(query.order_by(QuarantineRow.id).limit(limit).offset(offset))
        return list(rows), total

    def quarantine_item(self, item_id: int) -> QuarantineRow:
        row = self.session.scalar(self._quarantine(select(QuarantineRow).where(QuarantineRow.id == item_id)))
        if row is None:
            raise NotFound(f"quarantine item {item_id} not found")
        found: QuarantineRow = row
        return found

    def counts(self) -> dict[str, int]:
        bills = self.session.scalar(
            select(func.count()).select_from(self._bills(select(BillRow.id)).subquery())
        )
        open_items = self.session.scalar(
            select(func.count()).select_from(
                self._quarantine(select(QuarantineRow.id).where(QuarantineRow.status == "open")).subquery()
            )
        )
        return {"bills": bills or 0, "open_quarantine": open_items or 0}

    def flag_and_port_counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """Filings per flag code and per port of discharge, in the actor's view."""
        flags: dict[str, int] = {}
        for codes in self.session.scalars(
            self._bills(select(BillRow.flag_codes).where(BillRow.flag_codes != ""))
        ):
            for code in codes.split():
                flags[code] = flags.get(code, 0) + 1
        query = cast(Select[Any], select(BillRow.port_of_discharge, func.count()))
        ports: dict[str, int] = {}
        for port, count in self.session.execute(self._bills(query).group_by(BillRow.port_of_discharge)):
            ports[str(port)] = int(count)
        return flags, ports

    def bills_where(
        self,
        *,
        day: date | None = None,
        until: date | None = None,
        port: str | None = None,
        ids: list[int] | None = None,
    ) -> list[BillRow]:
        """Every matching filing, unpaged: for batch jobs (targeting a day, training on a period)."""
        query = self._bills(select(BillRow))
        if day is not None:
            query = query.where(BillRow.arrival_day == day)
        if until is not None:
            query = query.where(BillRow.arrival_day <= until)
        if port:
            query = query.where(BillRow.port_of_discharge == port.upper())
        if ids is not None:
            query = query.where(self._among(BillRow.id, ids, Integer))
        return list(self.session.scalars(query.order_by(BillRow.id)))

    # --- importer security filings (keyed like bills; read unscoped by key at ingest, scoped when shown) ---

    def filings_by_key(self, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], SecurityFilingRow]:
        wanted = list(set(keys))
        found: dict[tuple[str, str], SecurityFilingRow] = {}
        for start in range(0, len(wanted), 500):
            column = tuple_(SecurityFilingRow.carrier, SecurityFilingRow.bill_number)
            for row in self.session.scalars(
                select(SecurityFilingRow).where(column.in_(wanted[start : start + 500]))
            ):
                found[(row.carrier, row.bill_number)] = row
        return found

    def add_filing(self, row: SecurityFilingRow) -> None:
        self.session.add(row)

    def filing_for_bill(self, bill_id: int) -> SecurityFilingRow | None:
        """The filing joined to a bill the actor may see (the bill's scope decides)."""
        bill = self.bill(bill_id)
        row = SecurityFilingRow
        query = select(row).where(row.carrier == bill.carrier, row.bill_number == bill.bill_number)
        found = self.session.scalar(query)
        return found if isinstance(found, SecurityFilingRow) else None
