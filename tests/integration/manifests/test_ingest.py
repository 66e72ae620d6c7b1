"""Ingest into the store, on SQLite and PostgreSQL: every format goes in with counts that add up
(received = accepted + quarantined + duplicates), the same records sent again change nothing whatever the
format, a corrected bill becomes the current version while history keeps every version, bad records are
quarantined naming the record and the field while the rest of the file goes in, an unreadable interchange
stores nothing, and flags are kept on the bill."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from greenlane.core.errors import ValidationFailed
from greenlane.db import Database
from greenlane.identity.domain import SYSTEM
from greenlane.manifests import service
from greenlane.manifests.domain import BatchStatus
from greenlane.manifests.ingest import ingest
from tests.integration.manifests.support import (
    DEPARTURE,
    batches,
    bill_row,
    bills,
    box,
    corrected,
    edit,
    first_description,
    goods,
    kcs_row,
    make_bill,
    quarantine_rows,
    row_counts,
    run,
    store_state,
    write,
    write_kcs,
)

pytestmark = pytest.mark.db
FORMATS = ("csv", "ndjson", "cuscar")


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_bill_of_a_file_is_stored_with_counts_that_add_up(
    db: Database, tmp_path: Path, fmt: str
) -> None:
    shipments = [
        *bills(2),
        make_bill("OCLN0000003", lines=[goods(), goods("ceramic brake pads", hs_code="870830")]),
    ]

    counts = run(db, write(tmp_path, shipments, fmt), fmt)

    assert (counts.received, counts.accepted, counts.quarantined, counts.duplicates) == (3, 3, 0, 0)
    assert counts.lines == 4 and counts.corrections == 0 and counts.balanced
    assert row_counts(db) == {
        "ingest_batches": 1,
        "manifest_bills": 3,
        "manifest_bill_versions": 3,
        "manifest_quarantine": 0,
    }
    (batch,) = batches(db)
    assert batch.status == BatchStatus.COMPLETE.value and (batch.received, batch.accepted, batch.lines) == (
        3,
        3,
        4,
    )
    with db.transaction() as session:
        stored = bill_row(session, "OCLN0000003")
        assert (stored.version, stored.lines, stored.port_of_discharge) == (1, 2, "USLAX")
        assert (
            stored.hs_codes == "846721 870830"
            and stored.arrival_day == (DEPARTURE + timedelta(days=14)).date()
        )


def test_customs_declarations_are_stored_under_their_declaration_id_and_a_bad_one_is_quarantined(
    db: Database, tmp_path: Path
) -> None:
    path = write_kcs(
        tmp_path, [kcs_row("DEC0001"), kcs_row("DEC0002", Seller_ID=""), kcs_row("DEC0003", Net_Mass="12,5")]
    )

    counts = run(db, path, "kcs")

    assert (counts.received, counts.accepted, counts.quarantined, counts.duplicates) == (3, 2, 1, 0)
    with db.transaction() as session:
        stored = bill_row(session, "DEC0002", carrier="KCS")
        assert (stored.port_of_loading, stored.port_of_discharge, stored.consignee) == (
            "CNZZZ",
            "KR030",
            "IMPA001",
        )
    (held,) = quarantine_rows(db)
    assert (held.locator, held.field) == ("line 4", "Net Mass") and "'12,5' is not a number" in held.reason
    assert run(db, path, "kcs").duplicates == 3


@pytest.mark.parametrize("fmt", [*FORMATS, "kcs"])
def test_sending_the_same_file_again_changes_nothing(db: Database, tmp_path: Path, fmt: str) -> None:
    if fmt == "kcs":
        path = write_kcs(
            tmp_path, [kcs_row("DEC0001"), kcs_row("DEC0002"), kcs_row("DEC0003", Office_ID="x")]
        )
    else:
        path = write(tmp_path, [*bills(2), make_bill("OCLN0000009", consignee="")], fmt)
    run(db, path, fmt)
    before, tables = store_state(db), row_counts(db)

    again = run(db, path, fmt)

    assert (again.received, again.accepted, again.quarantined, again.duplicates) == (3, 0, 0, 3)
    assert store_state(db) == before
    assert row_counts(db) == tables | {"ingest_batches": 2}


def test_the_same_shipments_sent_in_another_format_are_duplicates(db: Database, tmp_path: Path) -> None:
    shipments = [
        *bills(3),
        make_bill(
            "OCLN0000004", lines=[goods(weight=None, value=None), goods("steel bolts, M8", hs_code="731815")]
        ),
    ]
    run(db, write(tmp_path, shipments, "csv"), "csv")
    before = store_state(db)

    for fmt in ("ndjson", "cuscar"):
        counts = run(db, write(tmp_path, shipments, fmt), fmt)
        assert (counts.received, counts.duplicates, counts.accepted) == (4, 4, 0), fmt

    assert store_state(db) == before


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_corrected_bill_replaces_the_current_version_and_history_keeps_both(
    db: Database, tmp_path: Path, fmt: str
) -> None:
    original = make_bill("OCLN0000001")
    run(db, write(tmp_path, [original, make_bill("OCLN0000002")], fmt, "first"), fmt)

    counts = run(db, write(tmp_path, [corrected(original)], fmt, "second"), fmt)

    assert (counts.accepted, counts.corrections, counts.duplicates) == (1, 1, 0)
    with db.transaction() as session:
        stored = bill_row(session, "OCLN0000001")
        row, versions = service.get_manifest(session, actor=SYSTEM, bill_id=stored.id)
    assert row.version == 2 and first_description(row.body) == "cordless power drills, 20 V"
    assert [(v.version, first_description(v.body)) for v in versions] == [
        (1, "cordless power drills, 18 V"),
        (2, "cordless power drills, 20 V"),
    ]
    assert versions[1].fingerprint == row.fingerprint != versions[0].fingerprint
    assert row_counts(db)["manifest_bills"] == 2


def test_a_correction_and_its_original_in_the_same_file_are_both_kept_in_order(
    db: Database, tmp_path: Path
) -> None:
    original = make_bill("OCLN0000001")
    shipments = [original, make_bill("OCLN0000002"), corrected(original), corrected(original, "drills, 24 V")]

    counts = run(db, write(tmp_path, shipments, "ndjson"), "ndjson")

    assert (counts.received, counts.accepted, counts.corrections, counts.duplicates) == (4, 4, 2, 0)
    state = store_state(db)
    assert [(b[1], b[2]) for b in state.bills] == [("OCLN0000001", 3), ("OCLN0000002", 1)]
    assert [(v[1], v[2]) for v in state.versions] == [
        ("OCLN0000001", 1),
        ("OCLN0000001", 2),
        ("OCLN0000001", 3),
        ("OCLN0000002", 1),
    ]


def test_an_earlier_version_sent_again_after_its_correction_changes_nothing(
    db: Database, tmp_path: Path
) -> None:
    original = make_bill("OCLN0000001")
    first = write(tmp_path, [original], "csv", "first")
    run(db, first, "csv")
    run(db, write(tmp_path, [corrected(original)], "csv", "second"), "csv")
    before = store_state(db)

    again = run(db, first, "csv")

    assert (again.received, again.duplicates, again.corrections) == (1, 1, 0)
    assert store_state(db) == before


def test_an_original_repeated_after_its_correction_in_the_same_file_is_a_duplicate(
    db: Database, tmp_path: Path
) -> None:
    original = make_bill("OCLN0000001")

    # NDJSON: in CSV, consecutive rows with one bill number are one bill by the contract.
    counts = run(db, write(tmp_path, [original, corrected(original), original], "ndjson"), "ndjson")

    assert (counts.received, counts.accepted, counts.corrections, counts.duplicates) == (3, 2, 1, 1)
    assert [(b[1], b[2]) for b in store_state(db).bills] == [("OCLN0000001", 2)]


@pytest.mark.parametrize("chunk", [1, 2, 3, 1000])
def test_the_chunk_size_does_not_change_what_is_stored(db: Database, tmp_path: Path, chunk: int) -> None:
    a, bad = make_bill("OCLN0000001"), make_bill("OCLN0000003", consignee="")
    shipments = [a, make_bill("OCLN0000002"), a, corrected(a), bad, bad, a, make_bill("OCLN0000004")]
    path = write(tmp_path, shipments, "ndjson")

    result = ingest(db, actor=SYSTEM, source=path, format="ndjson", chunk=chunk)

    c = result.counts
    assert (c.received, c.accepted, c.corrections, c.quarantined, c.duplicates) == (8, 4, 1, 1, 3)
    state = store_state(db)
    assert [(b[1], b[2]) for b in state.bills] == [("OCLN0000001", 2), ("OCLN0000002", 1), ("OCLN0000004", 1)]
    assert len(state.versions) == 4 and len(state.quarantine) == 1
    (batch,) = batches(db)
    assert (batch.received, batch.accepted, batch.duplicates, batch.quarantined) == (8, 4, 3, 1)


# What each format calls the fields a record cannot do without, and how to make a number unreadable there.
FIELDS = {
    "csv": (
        "bill_number",
        "shipper_name",
        "consignee_name",
        "port_of_loading",
        "port_of_discharge",
        "gross_weight_kg",
    ),
    "ndjson": (
        "bill_number",
        "parties[shipper]",
        "parties[consignee]",
        "voyage.port_of_loading",
        "voyage.port_of_discharge",
        "goods[0].gross_weight_kg",
    ),
    "cuscar": ("CNI", "NAD+CZ", "NAD+CN", "LOC+9", "LOC+11", "MEA+AAE (goods item 1)"),
}
UNREADABLE = {
    "csv": ("4321.5", "43x1.5"),
    "ndjson": ("4321.5", '"43x1.5"'),
    "cuscar": ("KGM:4321.5", "KGM:43x1.5"),
}
LOCATOR = {"csv": r"line \d+", "ndjson": r"line \d+", "cuscar": r"message \d+ consignment \d+"}


def bad_file(folder: Path, fmt: str) -> Path:
    """Two good bills around six bad ones, each missing (or spoiling) one thing customs needs."""
    shipments = [
        make_bill("OCLN0000001"),
        make_bill(""),
        make_bill("OCLN0000003", shipper=""),
        make_bill("OCLN0000004", consignee=""),
        make_bill("OCLN0000005", loading=""),
        make_bill("OCLN0000006", discharge=""),
        make_bill("OCLN0000007", lines=[goods(weight=4321.5)]),
        make_bill("OCLN0000008"),
    ]
    old, new = UNREADABLE[fmt]
    return edit(write(folder, shipments, fmt), old, new)


@pytest.mark.parametrize("fmt", FORMATS)
def test_bad_records_are_quarantined_naming_the_record_and_field_while_the_rest_goes_in(
    db: Database, tmp_path: Path, fmt: str
) -> None:
    counts = run(db, bad_file(tmp_path, fmt), fmt)

    assert (counts.received, counts.accepted, counts.quarantined, counts.duplicates) == (8, 2, 6, 0)
    assert [b[1] for b in store_state(db).bills] == ["OCLN0000001", "OCLN0000008"]
    held = quarantine_rows(db)
    assert [q.field for q in held] == list(FIELDS[fmt])
    for item in held:
        assert re.fullmatch(LOCATOR[fmt], item.locator), item.locator
        assert item.status == "open" and item.format == fmt and item.raw
    reasons = [q.reason for q in held]
    assert reasons[:5] == [
        "bill number is missing",
        "shipper is missing",
        "consignee is missing",
        "port of loading is missing",
        "port of discharge is missing",
    ]
    assert "43x1.5" in reasons[5] and "not a number" in reasons[5]
    assert "OCLN0000007" in held[5].raw  # the record is there to inspect and correct
    if fmt != "cuscar":
        first = 3 if fmt == "csv" else 2  # after the CSV header; the second record is the first bad one
        assert [q.locator for q in held] == [f"line {n}" for n in range(first, first + 6)]


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_same_bad_record_sent_again_is_a_duplicate_not_a_second_quarantine_item(
    db: Database, tmp_path: Path, fmt: str
) -> None:
    path = bad_file(tmp_path, fmt)
    run(db, path, fmt)

    again = run(db, path, fmt)

    assert (again.received, again.quarantined, again.duplicates) == (8, 0, 8)
    assert len(quarantine_rows(db)) == 6


def test_a_truncated_interchange_is_refused_and_stores_nothing(db: Database, tmp_path: Path) -> None:
    run(db, write(tmp_path, bills(2), "csv"), "csv")
    before, tables = store_state(db), row_counts(db)
    path = write(tmp_path, bills(6, start=10), "cuscar", "truncated")
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("CNI+4")], encoding="utf-8")

    with pytest.raises(ValidationFailed) as refused:
        run(db, path, "cuscar")

    assert refused.value.field == "interchange" and "nothing stored" in refused.value.message
    assert store_state(db) == before and row_counts(db) == tables


def test_flags_are_stored_and_visible_on_the_bill(db: Database, tmp_path: Path) -> None:
    flagged = make_bill(
        "OCLN0000001",
        filed_at=DEPARTURE - timedelta(hours=6),
        lines=[goods(), goods("FAK", hs_code="000000")],
        containers=[box(1), box(2, valid=False)],
    )
    counts = run(db, write(tmp_path, [flagged, make_bill("OCLN0000002")], "csv"), "csv")

    assert (counts.accepted, counts.flagged) == (2, 1)
    with db.transaction() as session:
        row = bill_row(session, "OCLN0000001")
        assert row.flag_codes == "container_check_digit late_filing vague_description"
        codes = [f["code"] for f in row.flags]
        assert codes == ["late_filing", "vague_description", "container_check_digit"]
        assert "6.0 hours before loading" in row.flags[0]["detail"]
        assert "'FAK'" in row.flags[1]["detail"] and "MSKU000002" in row.flags[2]["detail"]
        assert bill_row(session, "OCLN0000002").flags == []
        flagged_only, total = service.list_arrivals(session, actor=SYSTEM, flagged_only=True)
        assert total == 1 and flagged_only[0].bill_number == "OCLN0000001"
        _, versions = service.get_manifest(session, actor=SYSTEM, bill_id=row.id)
        assert [f["code"] for f in versions[0].flags] == codes


def test_a_goods_line_without_value_or_weight_leaves_the_totals_empty(db: Database, tmp_path: Path) -> None:
    empty = replace(goods(), gross_weight_kg=None, value=None)
    run(db, write(tmp_path, [make_bill("OCLN0000001", lines=[empty])], "ndjson"), "ndjson")

    with db.transaction() as session:
        row = bill_row(session, "OCLN0000001")
        assert row.total_value is None and row.total_weight_kg is None and row.lines == 1
