"""Shared fixtures. Database tests run on SQLite always and on PostgreSQL as well when
GREENLANE_TEST_POSTGRES_URL is set (CI sets it, and in CI its absence is an error, never a silent skip).
Each test run creates its own databases, migrated with the real migrations, and drops them at the end; each
test starts from empty tables."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, make_url, text

from greenlane.app import create_app
from greenlane.bootstrap import Container, load_all_tables
from greenlane.core.config import Settings
from greenlane.db import Database
from greenlane.migrations.runner import upgrade
from tests.builders import MutableClock

POSTGRES_ENV = "GREENLANE_TEST_POSTGRES_URL"
IN_CI = os.environ.get("CI", "").lower() == "true"


def _backends() -> list[str]:
    if os.environ.get(POSTGRES_ENV):
        return ["sqlite", "postgresql"]
    return ["sqlite"]


def pytest_sessionstart(session: pytest.Session) -> None:
    if IN_CI and not os.environ.get(POSTGRES_ENV):
        raise pytest.UsageError(f"CI=true but {POSTGRES_ENV} is not set: the PostgreSQL tests would not run")


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'greenlane-test.db'}"
    upgrade(url)
    return url


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        pytest.fail(f"{POSTGRES_ENV} is not set")
    name = f"greenlane_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    try:
        upgrade(url)
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=_backends())
def db(request: pytest.FixtureRequest) -> Iterator[Database]:
    url = request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "postgres_url")
    database = Database(url)
    try:
        yield database
    finally:
        metadata = load_all_tables()
        with database.transaction() as session:
            for table in reversed(metadata.sorted_tables):
                session.execute(table.delete())
        database.dispose()


@pytest.fixture
def clock() -> MutableClock:
    return MutableClock()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        secret_key="test-secret-" + "x" * 32,
        issuer_key_file=tmp_path / "data" / "issuer.pem",
        public_lookup_per_minute=5,
    )


@pytest.fixture
def container(db: Database, settings: Settings, clock: MutableClock) -> Container:
    return Container(settings=settings, db=db, clock=clock)


@pytest.fixture
def client(container: Container) -> Iterator[TestClient]:
    with TestClient(create_app(container)) as test_client:
        yield test_client
