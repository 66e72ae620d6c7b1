"""`greenlane profiles ...`: answer one criterion or a whole CSV file, read the profile with its gap report
and submit it. A file with one bad line is refused whole, naming the line, and nothing of it is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from greenlane.bootstrap import Container
from greenlane.core.types import EntityType
from greenlane.criteria.catalogue import latest_catalogue
from tests.builders import MutableClock, make_partner
from tests.cli.support import ok_json, run, user_error

pytestmark = pytest.mark.db

CATALOGUE = latest_catalogue()
IMPORTER = CATALOGUE.applicable_to([EntityType.IMPORTER])
MUST = next(c for c in IMPORTER if c.is_must)
NOT_FOR_IMPORTERS = next(c for c in CATALOGUE.criteria if not c.applies_to([EntityType.IMPORTER]))


@pytest.fixture
def partner_id(container: Container, clock: MutableClock) -> str:
    with container.db.transaction() as session:
        return str(make_partner(session, clock=clock).id)


def answers(partner_id: str) -> list[dict[str, str]]:
    found: list[dict[str, str]] = ok_json("profiles", "show", partner_id)["answers"]
    return found


def test_one_answer_is_recorded_with_its_evidence(partner_id: str) -> None:
    shown = ok_json(
        "profiles",
        "answer",
        partner_id,
        "--criterion",
        MUST.id.lower(),
        "--status",
        "met",
        "--evidence",
        "SOP 4",
    )

    assert [
        (a["criterion_id"], a["status"], a["evidence_note"], a["answered_by"]) for a in shown["answers"]
    ] == [(MUST.id, "met", "SOP 4", "system")]
    assert shown["gaps"]["answered"] == 1


def test_a_whole_file_of_answers_is_recorded(partner_id: str, tmp_path: Path) -> None:
    lines = ["criterion_id,status,evidence"] + [f"{c.id},met,policy {c.id}" for c in IMPORTER]
    (tmp_path / "answers.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")

    shown = ok_json("profiles", "answer", partner_id, "--from-file", str(tmp_path / "answers.csv"))

    assert len(shown["answers"]) == len(IMPORTER)
    assert shown["gaps"]["ready_for_certification"] is True
    submitted = ok_json("profiles", "submit", partner_id)
    assert submitted["submitted_at"] is not None and submitted["renewal_due"] == "2027-01-05"


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        (f"{MUST.id},mostly,x", f"error: record {MUST.id}, field status: unknown status 'mostly'"),
        (
            f"{NOT_FOR_IMPORTERS.id},met,x",
            f"error: record {NOT_FOR_IMPORTERS.id}, field criterion_id: criterion does not apply",
        ),
        ("ZZ-99,met,x", "error: record ZZ-99, field criterion_id: criterion is not in catalogue version"),
        (MUST.id, "error: record line 3: expected criterion_id,status[,evidence]"),
    ],
)
def test_a_file_with_one_bad_line_is_refused_whole_and_nothing_is_written(
    partner_id: str, tmp_path: Path, bad_line: str, message: str
) -> None:
    good = [f"{c.id},met,policy" for c in IMPORTER[1:4]]
    path = tmp_path / "answers.csv"
    path.write_text("\n".join(["criterion_id,status,evidence", good[0], bad_line, *good[1:]]) + "\n")

    line = user_error(run("profiles", "answer", partner_id, "--from-file", str(path)))

    assert line.startswith(message)
    assert answers(partner_id) == []


def test_answer_needs_a_criterion_and_status_or_a_file(partner_id: str) -> None:
    line = user_error(run("profiles", "answer", partner_id, "--criterion", MUST.id))

    assert line == "error: give --criterion and --status, or --from-file"


@pytest.mark.parametrize("name", ["missing.csv", "."], ids=["missing file", "a directory"])
def test_an_answers_file_that_cannot_be_read_exits_2_with_one_line(
    partner_id: str, tmp_path: Path, name: str
) -> None:
    path = tmp_path / name

    line = user_error(run("profiles", "answer", partner_id, "--from-file", str(path)))

    assert line.startswith(f"error: {path}: ")
    assert answers(partner_id) == []


def test_submitting_an_incomplete_profile_exits_2_and_changes_nothing(partner_id: str) -> None:
    line = user_error(run("profiles", "submit", partner_id))

    assert line.startswith(f"error: field answers: {len(IMPORTER)} applicable criteria are unanswered")
    assert ok_json("profiles", "show", partner_id)["submitted_at"] is None


def test_show_prints_the_gap_report(partner_id: str) -> None:
    result = run("profiles", "show", partner_id)

    assert result.exit_code == 0
    assert (
        f"catalogue {CATALOGUE.version}" in result.stdout and f"answered 0/{len(IMPORTER)}" in result.stdout
    )
    assert "ready for certification: no" in result.stdout


def test_show_of_a_partner_without_a_profile_exits_2() -> None:
    assert user_error(run("profiles", "show", "999")) == "error: no security profile for partner 999"


def test_the_catalogue_lists_the_criteria_for_an_entity_type() -> None:
    listed = ok_json("profiles", "catalogue", "--entity-type", "importer")

    assert [c["id"] for c in listed["criteria"]] == [c.id for c in IMPORTER]
    assert user_error(run("profiles", "catalogue", "--version", "1999.1")).startswith(
        "error: no criteria catalogue version '1999.1'"
    )
