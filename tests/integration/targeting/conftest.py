"""Fixtures of the targeting database tests: the cast of partners and users, the reference model installed
as the active one, and a targeted day of hand-made bills at one port."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from greenlane.cargo import BillOfLading
from greenlane.db import Database
from greenlane.targeting.tables import RiskModelRow
from tests.builders import MutableClock
from tests.integration.manifests.support import Cast, build_cast
from tests.integration.targeting.support import DAY, ingest_bills, install_model, noon, reference_model

Ingest = Callable[[list[BillOfLading]], None]


@pytest.fixture
def cast(db: Database, clock: MutableClock) -> Cast:
    return build_cast(db, clock)


@pytest.fixture
def model(db: Database, clock: MutableClock) -> RiskModelRow:
    with db.transaction() as session:
        return install_model(session, reference_model(), clock)


@pytest.fixture
def arrive(db: Database, tmp_path: Path, clock: MutableClock) -> Ingest:
    """Ingests bills (one file per call) and moves the clock to noon of the targeted day."""
    files = iter(range(1_000))

    def ingest(bills: list[BillOfLading]) -> None:
        ingest_bills(db, tmp_path, bills, name=f"day-{next(files)}")
        clock.now = noon(DAY)

    return ingest
