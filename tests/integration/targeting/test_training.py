"""Training on exam results, on each database: with no exam recorded there is nothing to learn from; with
the tiny world's past exams the model learns from the examined shipments up to the cutoff only, its
artifact is written under the data directory and its row becomes the one active model, which a later
training replaces."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from greenlane.core.config import Settings
from greenlane.core.errors import Conflict, PermissionDenied
from greenlane.db import Database
from greenlane.identity.domain import SYSTEM
from greenlane.manifests import service as manifests
from greenlane.targeting import service as targeting
from greenlane.targeting.repository import TargetingRepository
from tests.builders import MutableClock
from tests.integration.manifests.support import Cast
from tests.integration.targeting.support import (
    ingest_world,
    record_history_exams,
    tiny_world,
)

pytestmark = pytest.mark.db


def test_training_is_refused_until_exam_results_are_recorded(db: Database, settings: Settings) -> None:
    ingest_world(db, tiny_world())

    with db.transaction() as session, pytest.raises(Conflict, match="no exam results"):
        targeting.train_model(session, actor=SYSTEM, settings=settings)
    with db.transaction() as session:
        assert targeting.list_models(session, actor=SYSTEM) == []


def test_training_learns_from_the_shipments_examined_up_to_the_cutoff(
    db: Database, settings: Settings, clock: MutableClock
) -> None:
    world = tiny_world()
    ingest_world(db, world)
    cutoff = world.history_end()
    with db.transaction() as session:
        examined = record_history_exams(session, world, until=cutoff, clock=clock)
        # An exam after the cutoff is not part of this training.
        record_history_exams(session, world, until=world.days[-1], after=cutoff, clock=clock)

        row = targeting.train_model(
            session, actor=SYSTEM, settings=settings, until=cutoff, clock=clock, n_estimators=30
        )

    with db.transaction() as session:
        exams = {e.bill_id: e for e in targeting.exam_results(session, actor=SYSTEM)}
        bills = {b.id: b for b in manifests.bills_for(session, actor=SYSTEM, until=cutoff)}
        learned = [exams[i] for i in bills if i in exams]
    assert row.examples == examined == len(learned) < len(exams)
    assert row.positives == sum(e.fraud for e in learned) > 0
    assert row.active and row.trained_by == "system" and row.trained_at == clock()
    artifact = Path(row.path)
    assert artifact.parent == settings.data_dir / "models" and artifact.name == row.version
    manifest = json.loads((artifact / "manifest.json").read_text())
    assert manifest["training_summary"]["examined"] == examined
    assert 0.0 <= row.reference["base_rate"] <= 1.0 and len(row.reference["shares"]) >= 1


def test_a_second_training_deactivates_the_first(
    db: Database, settings: Settings, clock: MutableClock
) -> None:
    world = tiny_world()
    ingest_world(db, world)
    with db.transaction() as session:
        record_history_exams(session, world, until=world.history_end(), clock=clock)
        first = targeting.train_model(session, actor=SYSTEM, settings=settings, clock=clock, n_estimators=20)
    clock.advance(days=1)
    with db.transaction() as session:
        second = targeting.train_model(session, actor=SYSTEM, settings=settings, clock=clock, n_estimators=20)

    with db.transaction() as session:
        models = targeting.list_models(session, actor=SYSTEM)
        active = TargetingRepository(session, SYSTEM).active_model()
        assert [(m.version, m.active) for m in models] == [(second.version, True), (first.version, False)]
        assert active is not None and active.version == second.version
        row, estimator = targeting.active_estimator(session)
        assert row.version == second.version and estimator.feature_names_
    assert first.path != second.path and Path(first.path).is_dir() and Path(second.path).is_dir()


def test_an_analyst_may_not_train(db: Database, settings: Settings, cast: Cast) -> None:
    with db.transaction() as session, pytest.raises(PermissionDenied):
        targeting.train_model(session, actor=cast.actor("ana"), settings=settings)
