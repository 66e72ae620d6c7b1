"""One entry point per direction for every manifest format, so the command line, the web upload and the
world generator name a format ("csv", "ndjson", "cuscar", "kcs") instead of importing each module."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from enum import StrEnum
from typing import Any, Protocol

from greenlane.cargo.csv_format import CsvWriter
from greenlane.cargo.csv_reader import read_csv
from greenlane.cargo.cuscar_reader import read_cuscar
from greenlane.cargo.cuscar_writer import CuscarWriter
from greenlane.cargo.kcs import read_kcs
from greenlane.cargo.ndjson_format import NdjsonWriter
from greenlane.cargo.ndjson_reader import read_ndjson
from greenlane.cargo.records import BillOfLading, Outcome
from greenlane.cargo.sources import Source, Target

__all__ = ["ManifestFormat", "ManifestWriter", "open_writer", "read_manifests", "write_manifests"]


class ManifestFormat(StrEnum):
    """The manifest formats greenlane reads; all but the customs-declarations data can be written too."""

    CSV = "csv"
    NDJSON = "ndjson"
    CUSCAR = "cuscar"
    KCS = "kcs"


class ManifestWriter(Protocol):
    """What every writer offers: write bills one at a time (streaming), then close."""

    def write(self, bill: BillOfLading) -> None:
        """Adds one bill to the output."""

    def close(self) -> None:
        """Finishes the output; a file the writer opened is closed."""


_READERS = {
    ManifestFormat.CSV: read_csv,
    ManifestFormat.NDJSON: read_ndjson,
    ManifestFormat.CUSCAR: read_cuscar,
    ManifestFormat.KCS: read_kcs,
}


def read_manifests(source: Source, format: ManifestFormat | str) -> Iterator[Outcome]:
    """Streams outcomes (accepted record with flags, or quarantine) from a path or an open text stream.
    Raises FormatError (InterchangeError for CUSCAR) when the file as a whole cannot be read."""
    return _READERS[ManifestFormat(format)](source)


def open_writer(target: Target, format: ManifestFormat | str, **options: Any) -> ManifestWriter:
    """A streaming writer; options go to the CUSCAR writer (directory, charset, line_breaks...)."""
    chosen = ManifestFormat(format)
    if chosen is ManifestFormat.CSV:
        return CsvWriter(target)
    if chosen is ManifestFormat.NDJSON:
        return NdjsonWriter(target)
    if chosen is ManifestFormat.CUSCAR:
        return CuscarWriter(target, **options)
    raise ValueError("the customs-declarations format is read-only: it is public benchmark data, not ours")


def write_manifests(
    bills: Iterable[BillOfLading], target: Target, format: ManifestFormat | str, **options: Any
) -> int:
    """Writes all bills and returns the number of goods lines (manifest lines) written."""
    writer = open_writer(target, format, **options)
    lines = 0
    try:
        for bill in bills:
            writer.write(bill)
            lines += len(bill.goods)
    finally:
        writer.close()
    return lines
