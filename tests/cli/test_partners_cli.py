"""`greenlane partners ...`: apply, show, move through the lifecycle and list the clocks from a terminal, with
JSON for scripts; bad input and refused moves exit with code 2 and one clear line, and write nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from greenlane.bootstrap import Container
from greenlane.db import Database
from greenlane.partners.tables import PartnerRow
from tests.builders import START, MutableClock, make_partner
from tests.cli.support import ok_json, run, usage_error, user_error

pytestmark = pytest.mark.db

COMPLETE = [
    "--identifier",
    "importer_of_record=12-3456789AB",
    "--contact-name",
    "Ada Officer",
    "--contact-email",
    "ada@harbor.example",
]


def partner_count(db: Database) -> int:
    with db.transaction() as session:
        return session.scalar(select(func.count()).select_from(PartnerRow)) or 0


def apply(*extra: str) -> int:
    created = ok_json("partners", "apply", "--name", "Harbor Goods", "--entity-type", "importer", *extra)
    partner_id: int = created["id"]
    return partner_id


def test_apply_prints_the_new_partner_with_its_id_and_status(db: Database) -> None:
    created = ok_json(
        "partners", "apply", "--name", "Harbor Goods", "--entity-type", "importer", "--country", "US"
    )

    assert created["status"] == "applicant"
    assert isinstance(created["id"], int) and created["legal_name"] == "Harbor Goods"
    assert created["sites"] == [{"name": "Head office", "country": "US", "kind": "office", "address": ""}]
    assert created["application_problems"] == [
        "name a primary contact",
        "Importer: importer of record number required",
    ]
    assert partner_count(db) == 1


def test_apply_with_identifier_contact_and_several_types_is_complete() -> None:
    created = ok_json(
        "partners",
        "apply",
        "--name",
        "Harbor Goods",
        "--entity-type",
        "importer",
        "--entity-type",
        "Foreign manufacturer",
        "--identifier",
        "manufacturer_id=CNHARFAC1SHE",
        "--site",
        "Plant:cn:factory",
        *COMPLETE,
    )

    assert created["entity_types"] == ["importer", "foreign_manufacturer"]
    assert created["application_problems"] == []
    assert created["sites"][1] == {"name": "Plant", "country": "CN", "kind": "factory", "address": ""}


def test_apply_without_json_prints_a_readable_summary() -> None:
    result = run("partners", "apply", "--name", "Harbor Goods", "--entity-type", "importer", *COMPLETE)

    assert result.exit_code == 0
    assert "Harbor Goods" in result.stdout and "status applicant" in result.stdout
    assert "next moves: under_review, withdrawn" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--entity-type", "spaceport"], "error: unknown entity type 'spaceport'; expected one of: importer"),
        (
            ["--entity-type", "importer", "--country", "USA"],
            "field country: ISO 3166 two-letter code required",
        ),
        (["--entity-type", "importer", "--identifier", "12-34"], "expected KIND=VALUE"),
        (["--entity-type", "importer", "--identifier", "passport=1"], "unknown identifier 'passport'"),
        (["--entity-type", "importer", "--site", "Plant"], "--site 'Plant': expected NAME:COUNTRY[:KIND]"),
        (["--entity-type", "importer", "--contact-email", "nobody"], "name and a valid email required"),
    ],
)
def test_apply_with_bad_input_exits_2_with_one_line_and_writes_nothing(
    db: Database, args: list[str], message: str
) -> None:
    line = user_error(run("partners", "apply", "--name", "Harbor Goods", *args))

    assert line.startswith("error: ") and message in line
    assert partner_count(db) == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--entity-type", "importer"], "Missing option '--name'"),
        (["--name", "Harbor Goods"], "Missing option '--entity-type'"),
        (["--name", "Harbor Goods", "--entity-type"], "Option '--entity-type' requires an argument"),
    ],
)
def test_apply_with_a_missing_option_is_a_usage_error(db: Database, args: list[str], message: str) -> None:
    assert message in usage_error(run("partners", "apply", *args))
    assert partner_count(db) == 0


def test_show_prints_the_partner_as_json() -> None:
    partner_id = apply(*COMPLETE)

    shown = ok_json("partners", "show", str(partner_id))

    assert (shown["id"], shown["status"], shown["legal_name"]) == (partner_id, "applicant", "Harbor Goods")
    assert [e["kind"] for e in shown["history"]] == ["applied"]


def test_show_of_an_unknown_partner_exits_2() -> None:
    assert user_error(run("partners", "show", "4242")) == "error: partner 4242 not found"
    assert "partner_id" in usage_error(run("partners", "show", "forty-two"))


def test_transition_moves_the_partner_and_records_the_reason() -> None:
    partner_id = apply(*COMPLETE)

    result = run("partners", "transition", str(partner_id), "--to", "under_review", "--reason", "complete")

    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "Harbor Goods: applicant -> under_review"
    last = ok_json("partners", "show", str(partner_id))["history"][-1]
    assert (last["to_status"], last["reason"], last["actor"]) == ("under_review", "complete", "system")


@pytest.mark.parametrize(
    ("to", "reason", "message"),
    [
        (
            "validated",
            "skip",
            "error: cannot move from applicant to validated; allowed from here: under_review, withdrawn",
        ),
        ("approved", "ok", "error: field status: unknown status 'approved'"),
        ("reinstated", "ok", "error: only a suspended partner can be reinstated; it is applicant"),
        ("under_review", " ", "error: field reason: a reason is required for every status change"),
    ],
)
def test_a_refused_transition_exits_2_with_one_line_and_changes_nothing(
    to: str, reason: str, message: str
) -> None:
    partner_id = apply(*COMPLETE)
    before = ok_json("partners", "show", str(partner_id))

    line = user_error(run("partners", "transition", str(partner_id), "--to", to, "--reason", reason))

    assert line.startswith(message)
    assert ok_json("partners", "show", str(partner_id)) == before


def test_review_of_an_incomplete_application_is_refused_naming_what_is_missing() -> None:
    partner_id = apply()

    line = user_error(
        run("partners", "transition", str(partner_id), "--to", "under_review", "--reason", "go")
    )

    assert line == (
        "error: the application is not complete: name a primary contact; "
        "Importer: importer of record number required"
    )


def test_transition_without_a_reason_is_a_usage_error() -> None:
    partner_id = apply(*COMPLETE)

    assert "Missing option '--reason'" in usage_error(
        run("partners", "transition", str(partner_id), "--to", "withdrawn")
    )


def test_clocks_lists_every_running_clock_and_overdue_only_the_late_ones(
    container: Container, clock: MutableClock
) -> None:
    with container.db.transaction() as session:
        late = make_partner(session, legal_name="Late Co", clock=clock).id
        clock.advance(days=30)
        make_partner(session, legal_name="Recent Co", clock=clock)
    clock.now = START + timedelta(days=100)

    every = ok_json("partners", "clocks")
    overdue = ok_json("partners", "clocks", "--overdue")

    assert [(c["legal_name"], c["clock"], c["overdue"]) for c in every] == [
        ("Late Co", "decision", True),
        ("Recent Co", "decision", False),
    ]
    assert [(c["partner_id"], c["state"], c["days_left"]) for c in overdue] == [(late, "overdue", -10)]


def test_clocks_as_a_table_flags_overdue_items(container: Container, clock: MutableClock) -> None:
    with container.db.transaction() as session:
        make_partner(session, legal_name="Late Co", clock=clock)
    clock.advance(days=91)

    result = run("partners", "clocks", "--overdue")

    assert result.exit_code == 0
    assert "1 clocks" in result.stdout and "overdue" in result.stdout and "Late Co" in result.stdout


def test_list_filters_and_refuses_an_unknown_status() -> None:
    apply(*COMPLETE)

    assert ok_json("partners", "list", "--status", "applicant")["total"] == 1
    assert ok_json("partners", "list", "--status", "tier-1")["total"] == 0
    assert user_error(run("partners", "list", "--status", "approved")).startswith(
        "error: field status: unknown status"
    )
    assert user_error(run("partners", "list", "--entity-type", "ship")).startswith(
        "error: unknown entity type 'ship'"
    )
