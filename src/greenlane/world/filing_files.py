"""Writes importer security filings as NDJSON, one filing per line, with the json standard library.

greenlane.cargo defines the ImporterSecurityFiling record but (at the time of writing) no file format for
it, so this module is the world's own stop-gap writer, kept apart so that it can be swapped for a cargo
writer when one exists. The layout follows the record field by field: bill_number, carrier, the two
importer numbers, the six parties as objects (role, name, address, country, identifier), country of
origin, HS-6 and filed_at as ISO 8601 UTC.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import TracebackType
from typing import Any

from greenlane.cargo.records import ImporterSecurityFiling
from greenlane.cargo.records import Party as CargoParty

__all__ = ["SecurityFilingWriter", "filing_to_json"]


def _party(party: CargoParty) -> dict[str, str]:
    return {
        "role": party.role.value,
        "name": party.name,
        "address": party.address,
        "country": party.country,
        "identifier": party.identifier,
    }


def filing_to_json(filing: ImporterSecurityFiling) -> dict[str, Any]:
    """The JSON object for one filing."""
    return {
        "bill_number": filing.bill_number,
        "carrier": filing.carrier,
        "importer_of_record_number": filing.importer_of_record_number,
        "consignee_number": filing.consignee_number,
        "seller": _party(filing.seller),
        "buyer": _party(filing.buyer),
        "manufacturer": _party(filing.manufacturer),
        "ship_to": _party(filing.ship_to),
        "stuffing_location": _party(filing.stuffing_location),
        "consolidator": _party(filing.consolidator),
        "country_of_origin": filing.country_of_origin,
        "hs6": filing.hs6,
        "filed_at": None if filing.filed_at is None else filing.filed_at.isoformat(),
    }


class SecurityFilingWriter:
    """Streams filings to an NDJSON file."""

    def __init__(self, path: Path) -> None:
        self._stream = path.open("w", encoding="utf-8", newline="\n")
        self.lines = 0

    def write(self, filing: ImporterSecurityFiling) -> None:
        self._stream.write(json.dumps(filing_to_json(filing), ensure_ascii=False, separators=(",", ":")))
        self._stream.write("\n")
        self.lines += 1

    def close(self) -> None:
        self._stream.close()

    def __enter__(self) -> SecurityFilingWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()
