"""Every command of the partner program (partners, profiles, users, verify, credential) refuses a call that
leaves out a required argument or option with exit code 2 and a message naming what is missing, never a
traceback. The commands are read from the app itself, so a new command is covered the day it is added."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer

from greenlane.bootstrap import Container
from greenlane.cli import app
from greenlane.cli.common import use_container
from greenlane.core.config import Settings
from greenlane.db import Database
from tests.cli.support import run, usage_error

PROGRAM_GROUPS = ("partners", "profiles", "users", "credential")


@pytest.fixture(autouse=True)
def cli_container(tmp_path: Path) -> Iterator[None]:
    """Usage errors stop before any database work, so these run once, not per database; should a command get
    that far, it meets an empty throwaway database rather than the developer's own."""
    settings = Settings(data_dir=tmp_path, secret_key="usage-" + "x" * 32)
    use_container(Container(settings=settings, db=Database(f"sqlite:///{tmp_path / 'unused.db'}")))
    yield
    use_container(None)


def _commands() -> list[tuple[tuple[str, ...], Any]]:
    """(path, command) of every program command; Typer's own click types, read by their attributes."""
    root: Any = typer.main.get_command(app)
    found: list[tuple[tuple[str, ...], Any]] = [(("verify",), root.commands["verify"])]
    for group_name in PROGRAM_GROUPS:
        found.extend(
            ((group_name, name), command) for name, command in root.commands[group_name].commands.items()
        )
    return found


COMMANDS = _commands()
WITH_REQUIRED = [(path, c) for path, c in COMMANDS if any(p.required for p in c.params)]


def test_the_program_commands_are_found() -> None:
    names = {" ".join(path) for path, _ in COMMANDS}
    assert {
        "partners apply",
        "partners transition",
        "profiles answer",
        "users create",
        "credential check",
    } <= names
    assert len(WITH_REQUIRED) >= 10


@pytest.mark.parametrize("path", [p for p, _ in WITH_REQUIRED], ids=[" ".join(p) for p, _ in WITH_REQUIRED])
def test_a_command_missing_what_it_requires_exits_2_naming_it(path: tuple[str, ...]) -> None:
    command = dict(WITH_REQUIRED)[path]
    first_required = next(p for p in command.params if p.required)

    message = usage_error(run(*path))

    assert "Missing" in message
    kind = "option" if first_required.opts[0].startswith("--") else "argument"
    assert f"Missing {kind} '{first_required.opts[0]}'" in message


@pytest.mark.parametrize(
    "args",
    [
        ["partners", "show", "1", "--colour"],
        ["partners", "clocks", "--overdue=maybe"],
        ["users", "create", "--username", "x", "--role", "analyst", "--partner-id", "one"],
        ["partners", "list", "--limit", "0"],
    ],
)
def test_malformed_options_are_usage_errors(args: list[str]) -> None:
    assert usage_error(run(*args))
