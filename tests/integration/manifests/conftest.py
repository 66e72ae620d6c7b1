"""Fixtures shared by the manifests store tests."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from greenlane.db import Database
from greenlane.migrations.runner import upgrade


@pytest.fixture
def fresh(db: Database, tmp_path: Path) -> Iterator[Database]:
    """An empty, migrated database of the same kind as `db`, for the clean reference run."""
    if db.url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'clean.db'}"
        upgrade(url)
        database = Database(url)
        yield database
        database.dispose()
        return
    name = f"greenlane_clean_{uuid.uuid4().hex[:10]}"
    admin = create_engine(db.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(db.url).set(database=name).render_as_string(hide_password=False)
    database = Database(url)
    try:
        upgrade(url)
        yield database
    finally:
        database.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
