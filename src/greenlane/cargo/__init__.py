"""Advance cargo data: the manifest data model, its file formats (CSV, NDJSON, UN/EDIFACT CUSCAR and the
customs-declarations benchmark format) and the validation that accepts every record with its flags or
quarantines it with a precise reason. An engine library: no database or web code, so the store, the
synthetic world and the command line can all share it.

Reading: read_manifests(path_or_stream, "csv" | "ndjson" | "cuscar" | "kcs") yields Accepted (a
ManifestRecord with natural_key and fingerprint, plus flags) or Quarantine (reason, locator, field,
raw). Writing: open_writer(target, format) / write_manifests(bills, target, format) stream bills out."""

from greenlane.cargo.csv_format import CSV_COLUMNS, CsvWriter, write_csv
from greenlane.cargo.csv_reader import read_csv
from greenlane.cargo.cuscar_reader import SUPPORTED_DIRECTORIES, check_interchange, read_cuscar
from greenlane.cargo.cuscar_writer import CuscarWriter, write_cuscar
from greenlane.cargo.errors import FormatError, InterchangeError
from greenlane.cargo.flags import flags_for, is_vague
from greenlane.cargo.formats import (
    ManifestFormat,
    ManifestWriter,
    open_writer,
    read_manifests,
    write_manifests,
)
from greenlane.cargo.isf import filing_from_json, filing_to_json, read_isf_ndjson, write_isf_ndjson
from greenlane.cargo.iso6346 import check_digit, has_valid_check_digit
from greenlane.cargo.kcs import KCS_COLUMNS, read_kcs
from greenlane.cargo.ndjson_format import NdjsonWriter, bill_to_json, bill_to_json_text, write_ndjson
from greenlane.cargo.ndjson_reader import bill_from_json, read_ndjson
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
from greenlane.cargo.validation import MANIFEST_REQUIRED, FieldProblem, judge

__all__ = [
    "CSV_COLUMNS",
    "KCS_COLUMNS",
    "MANIFEST_REQUIRED",
    "SUPPORTED_DIRECTORIES",
    "Accepted",
    "BillOfLading",
    "BillType",
    "Container",
    "CsvWriter",
    "CuscarWriter",
    "FieldProblem",
    "Flag",
    "FlagCode",
    "FormatError",
    "GoodsLine",
    "ImporterSecurityFiling",
    "InterchangeError",
    "ManifestFormat",
    "ManifestRecord",
    "ManifestWriter",
    "NdjsonWriter",
    "Outcome",
    "Party",
    "PartyRole",
    "Quarantine",
    "Voyage",
    "bill_from_json",
    "bill_to_json",
    "bill_to_json_text",
    "check_digit",
    "check_interchange",
    "content_fingerprint",
    "filing_from_json",
    "filing_to_json",
    "flags_for",
    "has_valid_check_digit",
    "is_vague",
    "judge",
    "open_writer",
    "read_csv",
    "read_cuscar",
    "read_isf_ndjson",
    "read_kcs",
    "read_manifests",
    "read_ndjson",
    "write_csv",
    "write_cuscar",
    "write_isf_ndjson",
    "write_manifests",
    "write_ndjson",
]
