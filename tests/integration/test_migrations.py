"""The migrations build exactly the schema the code declares, on SQLite and PostgreSQL: upgrading a fresh
database to head leaves Alembic's autogenerate comparison with nothing to report (types and server defaults
included), downgrading to base removes every table, and upgrading again works. Each test migrates a database
of its own, never the shared test databases."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, make_url, text

from greenlane.bootstrap import load_all_tables
from greenlane.migrations.runner import current_heads, downgrade, upgrade

POSTGRES_ENV = "GREENLANE_TEST_POSTGRES_URL"
BOOKKEEPING = {"alembic_version"}
BACKENDS = ["sqlite", "postgresql"] if os.environ.get(POSTGRES_ENV) else ["sqlite"]


@pytest.fixture(params=BACKENDS)
def fresh_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrations.db'}"
        return
    base = os.environ[POSTGRES_ENV]
    name = f"greenlane_migrations_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def differences(url: str) -> list[object]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "compare_server_default": True}
            )
            return list(compare_metadata(context, load_all_tables()))
    finally:
        engine.dispose()


def tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return set(inspect(conn).get_table_names())
    finally:
        engine.dispose()


def version(url: str) -> str | None:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn)
            return context.get_current_revision()
    finally:
        engine.dispose()


def test_the_comparison_sees_a_database_without_migrations_as_missing_every_table(fresh_url: str) -> None:
    missing = {
        diff[1].name for diff in differences(fresh_url) if isinstance(diff, tuple) and diff[0] == "add_table"
    }

    assert missing == set(load_all_tables().tables)


def test_upgrading_a_fresh_database_gives_exactly_the_declared_schema(fresh_url: str) -> None:
    upgrade(fresh_url)

    assert differences(fresh_url) == []
    assert tables(fresh_url) == set(load_all_tables().tables) | BOOKKEEPING
    assert (version(fresh_url),) == current_heads(fresh_url)


def test_downgrading_to_base_removes_every_table_and_upgrading_again_works(fresh_url: str) -> None:
    upgrade(fresh_url)

    downgrade(fresh_url, "base")

    assert tables(fresh_url) <= BOOKKEEPING
    assert version(fresh_url) is None

    upgrade(fresh_url)

    assert differences(fresh_url) == []
    assert tables(fresh_url) == set(load_all_tables().tables) | BOOKKEEPING
