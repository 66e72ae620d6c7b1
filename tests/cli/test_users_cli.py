"""`greenlane users create`: the password comes on standard input; a partner user names an existing partner
and staff name none; every refusal exits 2 with one line and creates no account."""

from __future__ import annotations

import pytest
from typer.testing import Result

from greenlane.bootstrap import Container
from greenlane.identity.service import list_users, log_in
from tests.builders import PASSWORD, MutableClock, make_partner
from tests.cli.support import ok_json, run, usage_error, user_error

pytestmark = pytest.mark.db


@pytest.fixture
def partner_id(container: Container, clock: MutableClock) -> str:
    with container.db.transaction() as session:
        return str(make_partner(session, clock=clock).id)


def usernames(container: Container) -> list[str]:
    with container.db.transaction() as session:
        return [u.username for u in list_users(session)]


def create(*args: str, password: str = PASSWORD) -> Result:
    return run("users", "create", "--password-stdin", *args, input=password + "\n")


def test_a_staff_user_is_created_and_can_log_in_with_the_password_from_stdin(container: Container) -> None:
    created = ok_json(
        "users",
        "create",
        "--username",
        "spec",
        "--password-stdin",
        "--role",
        "security_specialist",
        input=PASSWORD + "\n",
    )

    assert (created["username"], created["role"], created["partner_id"]) == (
        "spec",
        "security_specialist",
        None,
    )
    with container.db.transaction() as session:
        token = log_in(
            session,
            username="spec",
            password=PASSWORD,
            secret=container.settings.resolved_secret_key(),
            minutes=5,
        )
    assert token


def test_a_partner_user_is_bound_to_its_partner(partner_id: str) -> None:
    created = ok_json(
        "users",
        "create",
        "--username",
        "harbor",
        "--password-stdin",
        "--role",
        "partner_user",
        "--partner-id",
        partner_id,
        input=PASSWORD + "\n",
    )

    assert (created["role"], created["partner_id"]) == ("partner_user", int(partner_id))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--username", "x1", "--role", "root"], "error: unknown role 'root'; expected one of: admin"),
        (
            ["--username", "harbor", "--role", "partner_user"],
            "error: field partner_id: a partner user must be bound",
        ),
        (
            ["--username", "harbor", "--role", "partner_user", "--partner-id", "999"],
            "error: partner 999 does not exist",
        ),
        (
            ["--username", "spec", "--role", "analyst", "--partner-id", "{partner}"],
            "error: field partner_id: only partner users",
        ),
        (["--username", "a b", "--role", "analyst"], "error: record a b, field username: 3-64 characters"),
    ],
)
def test_a_refused_account_exits_2_with_one_line_and_creates_nothing(
    container: Container, partner_id: str, args: list[str], message: str
) -> None:
    line = user_error(create(*[a.format(partner=partner_id) for a in args]))

    assert line.startswith(message)
    assert usernames(container) == []


def test_a_short_password_is_refused(container: Container) -> None:
    line = user_error(create("--username", "spec", "--role", "analyst", password="short"))

    assert line == "error: field password: must be at least 8 characters"
    assert usernames(container) == []


def test_a_taken_username_is_refused(container: Container) -> None:
    create("--username", "spec", "--role", "analyst")

    line = user_error(create("--username", "spec", "--role", "admin"))

    assert line == "error: user 'spec' already exists"
    assert usernames(container) == ["spec"]


def test_the_password_is_never_taken_from_the_command_line(container: Container) -> None:
    line = user_error(run("users", "create", "--username", "spec", "--role", "analyst"))

    assert line == "error: pass --password-stdin and send the password on standard input"
    assert "Missing option '--role'" in usage_error(
        run("users", "create", "--username", "spec", "--password-stdin")
    )
    assert usernames(container) == []


def test_users_are_listed_as_json(container: Container) -> None:
    create("--username", "spec", "--role", "analyst")

    assert [(u["username"], u["role"], u["active"]) for u in ok_json("users", "list")] == [
        ("spec", "analyst", True)
    ]
