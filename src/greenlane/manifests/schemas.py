"""Shapes of the manifests API."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, Field

from greenlane.manifests.ingest import IngestResult
from greenlane.manifests.tables import BillRow, BillVersionRow, IngestBatchRow, QuarantineRow


class IngestOut(BaseModel):
    batch_id: int
    source: str
    format: str
    received: int
    accepted: int
    quarantined: int
    duplicates: int
    corrections: int
    flagged: int
    lines: int

    @classmethod
    def of(cls, result: IngestResult) -> IngestOut:
        return cls.model_validate(result.as_dict())


class FlagOut(BaseModel):
    code: str
    detail: str


class ArrivalOut(BaseModel):
    id: int
    carrier: str
    bill_number: str
    version: int
    port_of_loading: str
    port_of_discharge: str
    arrival_day: date | None
    filed_at: datetime | None
    departure: datetime | None
    vessel: str
    voyage_number: str
    shipper: str
    consignee: str
    hs_codes: str
    total_value: Decimal | None
    total_weight_kg: float | None
    containers: int
    lines: int
    flags: list[FlagOut]

    @classmethod
    def of(cls, row: BillRow) -> ArrivalOut:
        return cls.model_validate(row, from_attributes=True)


class ArrivalPage(BaseModel):
    items: list[ArrivalOut]
    total: int


class VersionOut(BaseModel):
    version: int
    fingerprint: str
    received_at: datetime
    batch_id: int | None
    flags: list[FlagOut]
    body: dict[str, Any]


class ManifestOut(ArrivalOut):
    body: dict[str, Any]
    versions: list[VersionOut]

    @classmethod
    def full(cls, row: BillRow, versions: list[BillVersionRow]) -> ManifestOut:
        base = ArrivalOut.of(row).model_dump()
        return cls(
            **base,
            body=row.body,
            versions=[VersionOut.model_validate(v, from_attributes=True) for v in versions],
        )


class QuarantineOut(BaseModel):
    id: int
    batch_id: int | None
    format: str
    locator: str
    field: str
    reason: str
    raw: str
    status: str
    created_at: datetime
    resolved_at: datetime | None
    resolved_by: str | None
    resolution: str | None

    @classmethod
    def of(cls, row: QuarantineRow) -> QuarantineOut:
        return cls.model_validate(row, from_attributes=True)


class QuarantinePage(BaseModel):
    items: list[QuarantineOut]
    total: int


class ResubmitIn(BaseModel):
    text: str = Field(min_length=1, max_length=5_000_000, description="The corrected record.")
    format: str | None = Field(default=None, description="Defaults to the item's format (NDJSON for CUSCAR).")


class DismissIn(BaseModel):
    reason: str = Field(min_length=1, max_length=2000)


class BatchOut(BaseModel):
    id: int
    source: str
    format: str
    actor: str
    status: str
    started_at: datetime
    finished_at: datetime | None
    received: int
    accepted: int
    quarantined: int
    duplicates: int
    corrections: int
    flagged: int
    lines: int
    error: str | None

    @classmethod
    def of(cls, row: IngestBatchRow) -> BatchOut:
        return cls.model_validate(row, from_attributes=True)
