"""`greenlane targeting score FILE`, run as an officer would against the test database (SQLite and
PostgreSQL): one bill from a file or stdin is scored with its reasons and nothing is stored; a missing file,
a file that is not JSON, or a bill that ingest would quarantine exits 2 with one line naming the problem."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from greenlane.bootstrap import Container
from greenlane.cargo import bill_to_json
from greenlane.targeting.tables import RiskModelRow
from tests.builders import MutableClock
from tests.cli.support import ok_json, run, user_error
from tests.integration.manifests.support import row_counts
from tests.integration.targeting.support import ARMS, day_bills, install_model, reference_model

pytestmark = pytest.mark.db


@pytest.fixture
def model(container: Container, clock: MutableClock) -> RiskModelRow:
    with container.db.transaction() as session:
        return install_model(session, reference_model(), clock)


def bill_file(folder: Path, **overrides: object) -> Path:
    path = folder / "bill.json"
    path.write_text(json.dumps(bill_to_json(day_bills(1, start=9, **overrides)[0])), encoding="utf-8")  # type: ignore[arg-type]
    return path


def test_a_filing_is_scored_from_a_file_and_nothing_is_stored(
    container: Container, tmp_path: Path, model: RiskModelRow
) -> None:
    before = row_counts(container.db)

    body = ok_json("targeting", "score", str(bill_file(tmp_path, hs_code=ARMS)))

    assert (body["bill_number"], body["forced_lane"], body["flagged"]) == ("OCLN0000009", "red", True)
    assert body["reasons"] and body["model_version"] == model.version
    assert row_counts(container.db) == before


def test_a_filing_is_scored_from_stdin_in_words(tmp_path: Path, model: RiskModelRow) -> None:
    result = run("targeting", "score", "-", input=bill_file(tmp_path).read_text(encoding="utf-8"))

    assert result.exit_code == 0, result.output
    assert "OCLN0000009: score" in result.stdout and "threshold 0.50" in result.stdout
    assert "below the high-risk threshold" in result.stdout


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "no such file"),
        ("{not json", "not a JSON document"),
        (json.dumps({"bill_number": "X1"}), "record manifest"),
    ],
)
def test_a_refused_filing_exits_2_with_one_line(
    tmp_path: Path, model: RiskModelRow, content: str | None, expected: str
) -> None:
    path = tmp_path / "bill.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")

    line = user_error(run("targeting", "score", str(path)))

    assert expected in line.lower() or expected in line
