"""Importer security filings (the importer's ten elements) taken in beside the manifests. A filing is keyed
by carrier and bill number, so it joins the carrier's bill whichever arrives first; the same filing sent
again is a duplicate, and a changed one becomes the current version with the earlier ones kept."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy.orm import Session

from greenlane.cargo import ImporterSecurityFiling, Quarantine, filing_to_json, read_isf_ndjson
from greenlane.core.clock import Clock, utc_now
from greenlane.db.engine import Database
from greenlane.identity.domain import Actor, Permission
from greenlane.manifests.chunk_store import hold_quarantined
from greenlane.manifests.domain import IngestCounts
from greenlane.manifests.ingest import IngestResult, Progress, batch_lifecycle
from greenlane.manifests.repository import ManifestRepository
from greenlane.manifests.tables import SecurityFilingRow
from greenlane.partners import service as partners

CHUNK = 2_000


def fingerprint(filing: ImporterSecurityFiling) -> tuple[dict[str, Any], str]:
    body = filing_to_json(filing)
    content = {k: v for k, v in body.items() if k != "filed_at"}
    return body, hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def ingest_filings(
    db: Database,
    *,
    actor: Actor,
    source: Path | TextIO,
    source_name: str,
    clock: Clock = utc_now,
    progress: Progress | None = None,
    chunk: int = CHUNK,
) -> IngestResult:
    """Streams an ISF NDJSON file chunk by chunk, like the manifests."""
    actor.require(Permission.MANIFESTS_INGEST)
    total = IngestCounts()
    with batch_lifecycle(db, actor=actor, name=source_name, fmt="isf", clock=clock) as batch_id:
        outcomes = read_isf_ndjson(source)
        for block in _chunks(outcomes, chunk):
            with db.transaction() as session:
                counts = _store(session, actor, batch_id, block, clock())
                ManifestRepository(session, actor).add_to_batch(batch_id, counts)
            total.add(counts)
            if progress is not None:
                progress(counts.received)
    return IngestResult(batch_id=batch_id, source=source_name, format="isf", counts=total)


def _chunks(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    while block := list(islice(items, size)):
        yield block


def _store(
    session: Session,
    actor: Actor,
    batch_id: int,
    block: list[ImporterSecurityFiling | Quarantine],
    now: datetime,
) -> IngestCounts:
    counts = IngestCounts(received=len(block))
    filings = [f for f in block if isinstance(f, ImporterSecurityFiling)]
    repo = ManifestRepository(session, actor)
    stored = repo.filings_by_key((f.carrier, f.bill_number) for f in filings)
    index = partners.identifier_index(session, kinds=("importer_of_record",))
    for filing in filings:
        body, digest = fingerprint(filing)
        row = stored.get((filing.carrier, filing.bill_number))
        if row is not None and row.fingerprint == digest:
            counts.duplicates += 1
            continue
        counts.accepted += 1
        importer = index.get(("importer_of_record", filing.importer_of_record_number.upper()))
        if row is None:
            row = SecurityFilingRow(
                carrier=filing.carrier,
                bill_number=filing.bill_number,
                version=1,
                earlier_versions=[],
                importer_of_record_number=filing.importer_of_record_number,
            )
            repo.add_filing(row)
            stored[(filing.carrier, filing.bill_number)] = row
        else:
            counts.corrections += 1
            row.earlier_versions = [*row.earlier_versions, {"version": row.version, "body": row.body}]
            row.version += 1
        row.fingerprint, row.body, row.filed_at = digest, body, filing.filed_at
        row.importer_partner_id, row.batch_id, row.received_at = importer, batch_id, now
        session.flush()
    held = [q for q in block if isinstance(q, Quarantine)]
    hold_quarantined(
        ManifestRepository(session, actor),
        held,
        fmt="isf",
        batch_id=batch_id,
        actor=actor,
        now=now,
        counts=counts,
    )
    return counts
