"""What every command shares: the container for the configured database, one transaction per command, JSON
or Rich output, and user errors printed as one clear line with exit code 2 instead of a traceback."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from enum import Enum
from functools import wraps
from typing import Any, ParamSpec, TypeVar

import typer
from pydantic import BaseModel
from rich.console import Console
from sqlalchemy.orm import Session

from greenlane.bootstrap import Container, build_container, migrate
from greenlane.core.errors import GreenlaneError

P = ParamSpec("P")
R = TypeVar("R")
console = Console()
err_console = Console(stderr=True)

_container: Container | None = None


def container() -> Container:
    """Built once per process, migrated on first use so a fresh data directory just works."""
    global _container
    if _container is None:
        _container = build_container()
        migrate(_container)
    return _container


def use_container(value: Container | None) -> None:
    """Tests point the CLI at their own database."""
    global _container
    _container = value


@contextmanager
def transaction() -> Iterator[Session]:
    with container().db.transaction() as session:
        yield session


def fail(message: str, code: int = 2) -> typer.Exit:
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def user_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Domain errors, bad values and unusable files become one line on stderr and exit code 2."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except GreenlaneError as exc:
            raise fail(exc.message) from None
        except ValueError as exc:
            raise fail(str(exc)) from None
        except OSError as exc:  # a file named on the command line cannot be read or written
            raise fail(f"{exc.filename}: {exc.strerror}" if exc.filename else str(exc)) from None

    return wrapper


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def print_json(data: Any) -> None:
    if isinstance(data, BaseModel):
        data = data.model_dump(mode="json")
    elif isinstance(data, list) and data and isinstance(data[0], BaseModel):
        data = [d.model_dump(mode="json") for d in data]
    sys.stdout.write(json.dumps(data, default=_default, indent=2, ensure_ascii=False) + "\n")


JsonOption = typer.Option("--json", help="Print JSON only, for scripts.")
