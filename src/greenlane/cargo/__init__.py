"""Advance cargo data: the manifest data model, its file formats (CSV, NDJSON, UN/EDIFACT CUSCAR and the
customs-declarations benchmark format) and the validation that accepts every record with its flags or
quarantines it with a precise reason. An engine library: no database or web code, so the store, the
synthetic world and the command line can all share it."""

from greenlane.cargo.iso6346 import check_digit, has_valid_check_digit
from greenlane.cargo.records import (
    Accepted,
    BillOfLading,
    BillType,
    Container,
    Flag,
    FlagCode,
    GoodsLine,
    ImporterSecurityFiling,
    ManifestRecord,
    Outcome,
    Party,
    PartyRole,
    Quarantine,
    Voyage,
    content_fingerprint,
)

__all__ = [
    "Accepted",
    "BillOfLading",
    "BillType",
    "Container",
    "Flag",
    "FlagCode",
    "GoodsLine",
    "ImporterSecurityFiling",
    "ManifestRecord",
    "Outcome",
    "Party",
    "PartyRole",
    "Quarantine",
    "Voyage",
    "check_digit",
    "content_fingerprint",
    "has_valid_check_digit",
]
