"""One entry point per direction: read_manifests and write_manifests/open_writer by format name."""

from __future__ import annotations

from pathlib import Path

import pytest

from greenlane.cargo import Accepted, ManifestFormat, open_writer, read_manifests, write_manifests
from tests.unit.cargo.builders import a_bill


@pytest.mark.parametrize("name", ["csv", "ndjson", "cuscar"])
def test_each_writable_format_round_trips_through_the_dispatcher(name: str, tmp_path: Path) -> None:
    path = tmp_path / f"manifest.{name}"
    bills = [a_bill(), a_bill(bill_number="B2", goods=())]
    assert write_manifests(bills, path, name) == 2
    outcomes = list(read_manifests(path, name))
    assert [o.record.bill for o in outcomes if isinstance(o, Accepted)] == bills


def test_writers_stream_one_bill_at_a_time(tmp_path: Path) -> None:
    path = tmp_path / "manifest.edi"
    writer = open_writer(path, ManifestFormat.CUSCAR, directory="D:03B")
    for number in range(3):
        writer.write(a_bill(bill_number=f"B{number}"))
    writer.close()
    assert "CUSCAR:D:03B:UN" in path.read_text(encoding="latin-1")
    assert len(list(read_manifests(path, "cuscar"))) == 3


def test_the_customs_declarations_format_is_read_only(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="read-only"):
        open_writer(tmp_path / "x.csv", "kcs")


def test_an_unknown_format_name_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="xml"):
        read_manifests(tmp_path / "x", "xml")
