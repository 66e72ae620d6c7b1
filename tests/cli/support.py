"""Running a CLI command the way a user would, and checking the promise every command makes about user errors:
a non-zero exit, one clear line on stderr and never a traceback."""

from __future__ import annotations

import json
from typing import Any

from typer.testing import CliRunner, Result

from greenlane.cli import app


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(app, list(args), input=input)


def ok_json(*args: str, input: str | None = None) -> Any:
    result = run(*args, "--json", input=input)
    assert result.exit_code == 0, result.output + result.stderr
    return json.loads(result.stdout)


def user_error(result: Result, *, code: int = 2) -> str:
    """The single line the command printed on stderr for a refused input."""
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def usage_error(result: Result) -> str:
    """Click's own refusal of a missing or malformed option: exit code 2, no traceback."""
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    return " ".join(result.stderr.split())
