"""CLI tests run the real `greenlane` Typer app against the test database of the `container` fixture, on
SQLite and PostgreSQL, with the app's clock under the test's control."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from greenlane.bootstrap import Container
from greenlane.cli.common import use_container
from tests.integration.partners.support import cheap_password_hashing

__all__ = ["cheap_password_hashing"]


@pytest.fixture(autouse=True)
def cli_container(container: Container) -> Iterator[Container]:
    use_container(container)
    yield container
    use_container(None)
