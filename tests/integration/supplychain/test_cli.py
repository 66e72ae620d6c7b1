"""`greenlane supply-chain ...` against a real database: each command prints the API's shapes with --json
and a readable table without; bad input ends with one clear line and exit code 2, never a traceback, and
writes nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from greenlane.bootstrap import Container
from greenlane.cli import app
from greenlane.cli.common import use_container
from tests.builders import MutableClock
from tests.integration.supplychain.world import World, build_world

pytestmark = pytest.mark.db


@pytest.fixture
def world(container: Container, clock: MutableClock) -> Iterator[World]:
    use_container(container)
    yield build_world(container.db, clock)
    use_container(None)


def run(*args: str) -> Result:
    return CliRunner().invoke(app, ["supply-chain", *args])


def run_json(*args: str) -> Any:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_chain_is_mapped_party_by_party_from_the_terminal(world: World) -> None:
    chain = run_json("add-chain", "--partner", str(world.mine), "--name", "Shenzhen to LA")
    assert (chain["name"], chain["nodes"]) == ("Shenzhen to LA", [])
    cid = str(chain["id"])
    run_json(
        "add-node",
        "--partner",
        str(world.mine),
        "--chain",
        cid,
        "--role",
        "factory",
        "--name",
        "Bright Electronics",
        "--country",
        "CN",
    )
    run_json(
        "add-node",
        "--partner",
        str(world.mine),
        "--chain",
        cid,
        "--role",
        "consolidator",
        "--name",
        "Rhine",
        "--country",
        "DE",
        "--program",
        "aeo-eu",
        "--foreign-id",
        "DE-1",
    )
    last = run_json(
        "add-node",
        "--partner",
        str(world.mine),
        "--chain",
        cid,
        "--role",
        "carrier",
        "--name",
        "Shaky Carrier",
        "--country",
        "SG",
        "--member",
        str(world.suspended),
        "--position",
        "1",
    )
    assert [(n["name"], n["state"]) for n in last["nodes"]] == [
        ("Shaky Carrier", "suspended"),
        ("Bright Electronics", "unknown"),
        ("Rhine", "mutual_recognition"),
    ]
    shown = run_json("show", str(world.mine))
    assert (shown["partner_name"], shown["total_links"], shown["weak_count"]) == ("Alice Imports", 3, 2)
    removed = run_json(
        "remove-node", "--partner", str(world.mine), "--chain", cid, "--node", str(last["nodes"][0]["id"])
    )
    assert [n["name"] for n in removed["nodes"]] == ["Bright Electronics", "Rhine"]
    assert run_json("delete-chain", "--partner", str(world.mine), "--chain", cid) == {"deleted": int(cid)}


def test_weak_links_are_listed_for_one_partner_or_the_whole_program(world: World) -> None:
    one = run_json("weak-links", "--partner", str(world.theirs))
    assert [n["state"] for n in one["chains"][0]["nodes"]] == ["unknown", "suspended"]
    program = run_json("weak-links")
    assert (program["partners"], program["weak_count"], program["weak_by_state"]) == (
        1,
        2,
        {"unknown": 1, "suspended": 1},
    )


def test_without_json_the_commands_print_readable_tables(world: World) -> None:
    shown = run("show", str(world.theirs))
    assert shown.exit_code == 0
    assert "Bob Traders" in shown.stdout and "Ningbo Tools" in shown.stdout and "weak 2" in shown.stdout
    run_json(
        "add-node",
        *_base(world),
        "--role",
        "broker",
        "--name",
        "Solid",
        "--country",
        "US",
        "--member",
        str(world.member),
    )
    program = run("weak-links")
    assert program.exit_code == 0 and "unknown 1" in program.stdout and "suspended 1" in program.stdout
    assert "2 weak of 3" in program.stdout and "Solid" not in program.stdout


def _base(world: World) -> list[str]:
    return ["--partner", str(world.theirs), "--chain", str(world.their_chain)]


NODE = ["--role", "factory", "--name", "X", "--country", "CN"]
BAD_COMMANDS = [
    (["add-chain", "--partner", "999999", "--name", "X"], "partner 999999 not found"),
    (["add-chain", "--partner", "{theirs}", "--name", "  "], "1-200 characters"),
    (["add-chain", "--partner", "{theirs}", "--name", "NINGBO to seattle"], "already has a chain named"),
    (["add-node", "{base}", "--role", "pirate", "--name", "X", "--country", "CN"], "unknown role 'pirate'"),
    (["add-node", "{base}", "--role", "factory", "--name", "X", "--country", "CHN"], "two-letter code"),
    (["add-node", "{base}", *NODE, "--program", "AEO-XX", "--foreign-id", "1"], "'AEO-XX' is not recognised"),
    (["add-node", "{base}", *NODE, "--program", "AEO-EU"], "needs both --program and --foreign-id"),
    (["add-node", "{base}", *NODE, "--member", "3", "--program", "AEO-EU"], "either --member or --program"),
    (["add-node", "{base}", *NODE, "--member", "999999"], "greenlane partner 999999 does not exist"),
    (["add-node", "{base}", *NODE, "--position", "7"], "position must be between 1 and 3"),
    (["add-node", "--partner", "{mine}", "--chain", "{chain}", *NODE], "not found"),
    (["remove-node", "{base}", "--node", "999999"], "node 999999 not found"),
    (["delete-chain", "--partner", "{mine}", "--chain", "{chain}"], "not found"),
    (["show", "999999"], "partner 999999 not found"),
    (["weak-links", "--partner", "999999"], "partner 999999 not found"),
    (["add-chain", "--partner", "abc", "--name", "X"], "Invalid value for '--partner'"),
]


@pytest.mark.parametrize(
    ("args", "message"), BAD_COMMANDS, ids=lambda v: " ".join(v) if isinstance(v, list) else v
)
def test_bad_input_ends_with_one_clear_line_and_exit_code_2_writing_nothing(
    world: World, args: list[str], message: str
) -> None:
    before = run_json("show", str(world.theirs)), run_json("weak-links")
    expanded: list[str] = []
    for arg in args:
        expanded += (
            _base(world)
            if arg == "{base}"
            else [arg.format(theirs=world.theirs, mine=world.mine, chain=world.their_chain)]
        )
    result = run(*expanded)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output and result.stdout == ""
    assert (run_json("show", str(world.theirs)), run_json("weak-links")) == before
