"""`greenlane ingest`, `greenlane arrivals` and `greenlane quarantine`, run as a user would against the test
database (SQLite and PostgreSQL): ingest prints counts that add up, a refused file (missing, unknown format,
truncated interchange, not UTF-8) exits 2 with one line and stores nothing, the quarantine is listed, shown,
corrected from a file and dismissed, and arrivals are listed by date and port."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from greenlane.bootstrap import Container
from tests.cli.support import ok_json, run, user_error
from tests.integration.manifests.support import ARRIVAL, bills, make_bill, row_counts, write

pytestmark = pytest.mark.db


def test_ingest_prints_counts_that_add_up_as_json(tmp_path: Path) -> None:
    path = write(tmp_path, [*bills(3), make_bill("OCLN0000004", consignee="")], "csv")

    first = ok_json("ingest", str(path), "--format", "csv")
    again = ok_json("ingest", str(path), "--format", "CSV")

    assert {k: first[k] for k in ("received", "accepted", "quarantined", "duplicates")} == {
        "received": 4,
        "accepted": 3,
        "quarantined": 1,
        "duplicates": 0,
    }
    assert first["format"] == "csv" and first["lines"] == 3 and first["source"] == str(path)
    assert (again["received"], again["duplicates"]) == (4, 4)


def test_ingest_prints_a_table_without_json(tmp_path: Path) -> None:
    result = run("ingest", str(write(tmp_path, bills(2), "ndjson")), "--format", "ndjson")

    assert result.exit_code == 0, result.output
    assert "received" in result.stdout and "manifest.ndjson (ndjson)" in result.stdout


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("missing", "no such file"),
        ("format", "unknown format 'xml'"),
        ("truncated", "unreadable interchange, nothing stored"),
        ("latin1", "not UTF-8"),
    ],
)
def test_a_refused_file_exits_2_with_one_line_and_stores_nothing(
    container: Container, tmp_path: Path, case: str, expected: str
) -> None:
    path = write(tmp_path, bills(4), "cuscar")
    fmt = "cuscar"
    if case == "missing":
        path = tmp_path / "nowhere.csv"
    elif case == "format":
        fmt = "xml"
    elif case == "truncated":
        text = path.read_text(encoding="utf-8")
        path.write_text(text[: text.index("CNI+3")], encoding="utf-8")
    else:
        path, fmt = tmp_path / "latin1.ndjson", "ndjson"
        path.write_bytes('{"bill_number": "Ünï"}\n'.encode("latin-1"))

    line = user_error(run("ingest", str(path), "--format", fmt))

    assert expected in line
    assert row_counts(container.db)["manifest_bills"] == 0
    assert row_counts(container.db)["manifest_quarantine"] == 0


def quarantine_one(folder: Path) -> dict[str, object]:
    path = write(folder, [make_bill("OCLN0000001"), make_bill("OCLN0000002", shipper="")], "ndjson", "held")
    ok_json("ingest", str(path), "--format", "ndjson")
    listed = ok_json("quarantine", "list")
    assert listed["total"] == 1
    item: dict[str, object] = listed["items"][0]
    return item


def test_the_quarantine_is_listed_shown_and_corrected_from_a_file(tmp_path: Path) -> None:
    item = quarantine_one(tmp_path)
    assert (item["field"], item["locator"], item["reason"]) == (
        "parties[shipper]",
        "line 2",
        "shipper is missing",
    )

    shown = ok_json("quarantine", "show", str(item["id"]))
    fixed = write(tmp_path, [make_bill("OCLN0000002")], "ndjson", "fixed")
    done = ok_json("quarantine", "resubmit", str(item["id"]), "--file", str(fixed))

    assert shown["raw"] == item["raw"] and '"OCLN0000002"' in str(shown["raw"])
    assert (done["received"], done["accepted"]) == (1, 1)
    assert ok_json("quarantine", "list")["total"] == 0
    assert ok_json("quarantine", "list", "--status", "resubmitted")["items"][0]["status"] == "resubmitted"
    plain = run("quarantine", "show", str(item["id"]))
    assert plain.exit_code == 0 and "shipper is missing" in plain.stdout


def test_a_correction_that_is_still_wrong_or_missing_exits_2_and_the_item_stays_open(tmp_path: Path) -> None:
    item = quarantine_one(tmp_path)
    still_bad = tmp_path / "still-bad.ndjson"
    still_bad.write_text(str(item["raw"]) + "\n", encoding="utf-8")

    refused = user_error(run("quarantine", "resubmit", str(item["id"]), "--file", str(still_bad)))
    missing = user_error(
        run("quarantine", "resubmit", str(item["id"]), "--file", str(tmp_path / "nope.ndjson"))
    )

    assert "still not acceptable: shipper is missing" in refused
    assert "nope.ndjson" in missing
    assert ok_json("quarantine", "show", str(item["id"]))["status"] == "open"


def test_an_item_is_dismissed_once_with_a_reason(tmp_path: Path) -> None:
    item = quarantine_one(tmp_path)

    result = run("quarantine", "dismiss", str(item["id"]), "--reason", "test transmission")
    twice = user_error(run("quarantine", "dismiss", str(item["id"]), "--reason", "again"))

    assert result.exit_code == 0 and f"quarantine {item['id']} dismissed" in result.stdout
    assert f"quarantine item {item['id']} is already dismissed" in twice
    assert ok_json("quarantine", "show", str(item["id"]))["resolution"] == "test transmission"
    assert "not found" in user_error(run("quarantine", "show", "999999"))
    assert "closed" in user_error(run("quarantine", "list", "--status", "closed"))


def test_arrivals_are_listed_by_date_and_port(tmp_path: Path) -> None:
    shipments = [
        make_bill("OCLN0000001"),
        make_bill("OCLN0000002", discharge="USNYC"),
        make_bill("OCLN0000003", arrival=ARRIVAL + timedelta(days=2)),
    ]
    ok_json("ingest", str(write(tmp_path, shipments, "cuscar")), "--format", "cuscar")
    day = ARRIVAL.date().isoformat()

    found = ok_json("arrivals", "--date", day, "--port", "USLAX")
    everything = ok_json("arrivals")
    table = run("arrivals", "--date", day)

    assert found["total"] == 1 and found["items"][0]["bill_number"] == "OCLN0000001"
    assert found["items"][0]["port_of_discharge"] == "USLAX" and found["items"][0]["arrival_day"] == day
    assert everything["total"] == 3
    assert table.exit_code == 0 and "2 filings" in table.stdout
    assert "yesterday" in user_error(run("arrivals", "--date", "yesterday"))
