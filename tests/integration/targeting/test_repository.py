"""Targeting queries that take the filings of a whole period at once: exam results and locked decisions are
found however many filings a period holds, beyond what one database statement may carry (PostgreSQL
refuses more than 65,535 parameters; a month at a large port has more filings than that)."""

from __future__ import annotations

import pytest

from greenlane.db import Database
from greenlane.identity.domain import SYSTEM
from greenlane.manifests import service as manifests
from greenlane.targeting import service as targeting
from greenlane.targeting.repository import TargetingRepository
from tests.builders import MutableClock
from tests.integration.targeting.conftest import Ingest
from tests.integration.targeting.support import day_bills

pytestmark = pytest.mark.db
MANY = 70_000


def test_exam_results_are_found_among_more_filings_than_one_statement_carries(
    db: Database, clock: MutableClock, arrive: Ingest
) -> None:
    arrive(day_bills(2))
    with db.transaction() as session:
        examined, other = (b.id for b in manifests.bills_for(session, actor=SYSTEM))
        targeting.record_exam(session, actor=SYSTEM, bill_id=examined, outcome="nothing_found", clock=clock)

    with db.transaction() as session:
        found = TargetingRepository(session, SYSTEM).exams_for(
            [*range(1_000_000, 1_000_000 + MANY), other, examined]
        )

    assert list(found) == [examined]


def test_locked_decisions_are_found_among_more_filings_than_one_statement_carries(
    db: Database, clock: MutableClock, arrive: Ingest
) -> None:
    arrive(day_bills(1))
    with db.transaction() as session:
        (bill,) = manifests.bills_for(session, actor=SYSTEM)
        targeting.record_exam(session, actor=SYSTEM, bill_id=bill.id, outcome="nothing_found", clock=clock)

    with db.transaction() as session:
        locked = TargetingRepository(session, SYSTEM).locked_bills(
            [*range(1_000_000, 1_000_000 + MANY), bill.id]
        )

    assert locked == {bill.id}
