"""Data for the targeting tests. History comes from a tiny synthetic world: its manifests are ingested and
exams are recorded for every shipment the ground truth says carries a violation and for a regular share of
the clean ones, the way a port's past exams would look. A reference model is trained that way once per test
process (ingest, exams, training through the real services on a private SQLite file) and then installed as
the active model of each test's database, so the daily-targeting tests do not retrain for every test. The
targeted day itself is a few dozen hand-made bills at one port, varied in goods, value and consignee, so a
test controls which filings are forced by a rule and which belong to a member of the program."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from greenlane.cargo import BillOfLading, GoodsLine, write_manifests
from greenlane.core.config import Settings
from greenlane.core.types import EntityType
from greenlane.db import Database
from greenlane.identity.domain import SYSTEM, Actor
from greenlane.manifests import service as manifests
from greenlane.manifests.ingest import ingest
from greenlane.migrations.runner import upgrade
from greenlane.partners import service as partners
from greenlane.risk.lanes import Lane, LanePlan
from greenlane.targeting import service as targeting
from greenlane.targeting.repository import TargetingRepository
from greenlane.targeting.tables import LaneDecisionRow, RiskModelRow
from greenlane.world import GroundTruth, Mechanism, Scale, WorldParams, build_world, to_bill
from greenlane.world.products import PRODUCTS
from tests.builders import MutableClock
from tests.integration.manifests.support import ARRIVAL, box, make_bill
from tests.integration.partners.support import answer_profile

WORLD = WorldParams(seed=11, days=14, scale=Scale.SMALL, bills_per_day=25)
CLEAN_EXAM_EVERY = 3  # one clean shipment in three was examined in the world's past
DAY = ARRIVAL.date()  # the hand-made targeted day
PORT = "USLAX"
# A plan small enough to matter on a day of a few dozen bills: three physical exams, two of them drawn at
# random when the forced rules leave room.
PLAN = LanePlan(
    rates={Lane.RED: 0.10, Lane.YELLOW: 0.10, Lane.BLUE: 0.05},
    capacity={Lane.RED: 3},
    random_rates={Lane.RED: 0.05},
)
_CRITICAL = {Mechanism.CONCEALMENT_AT_STUFFING, Mechanism.RIP_ON_IN_TRANSIT}


def _scratch(prefix: str) -> Path:
    """A folder that lives as long as the test process (the cached world and model outlive any test)."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


@dataclass(frozen=True)
class TinyWorld:
    manifests: Path  # every bill of the world, as NDJSON
    truth: dict[str, GroundTruth]  # by bill number
    days: list[date]  # arrival days, in order

    def history_end(self) -> date:
        """The middle arrival day: what comes before it is the past the model learns from."""
        return self.days[len(self.days) // 2]


@cache
def tiny_world() -> TinyWorld:
    world = build_world(WORLD)
    bills: list[BillOfLading] = []
    truth: dict[str, GroundTruth] = {}
    for batch in world.days():
        for shipment, found in zip(batch.shipments, batch.truths, strict=True):
            bill = to_bill(shipment, world.parties)
            bills.append(bill)
            truth[bill.bill_number] = found
    path = _scratch("greenlane-tiny-world-") / "manifests.ndjson"
    write_manifests(bills, path, "ndjson")
    days = sorted({b.voyage.arrival.date() for b in bills if b.voyage.arrival is not None})
    return TinyWorld(path, truth, days)


def ingest_world(db: Database, world: TinyWorld) -> None:
    counts = ingest(db, actor=SYSTEM, source=world.manifests, format="ndjson").counts
    assert counts.accepted == counts.received, counts


def exam_from_truth(found: GroundTruth | None) -> tuple[str, str | None]:
    """What an exam finds on a shipment, given what it really carries."""
    if found is None or not found.violation:
        return "nothing_found", None
    if found.contraband:
        critical = any(m in _CRITICAL for m in found.mechanisms)
        return "seizure", "narcotics" if critical else "other"
    return "discrepancy", None


def record_history_exams(
    session: Session, world: TinyWorld, *, until: date, clock: MutableClock, after: date | None = None
) -> int:
    """Exams of the arrivals after `after` up to `until`: every violating shipment and one clean shipment
    in CLEAN_EXAM_EVERY."""
    examined = 0
    for position, bill in enumerate(manifests.bills_for(session, actor=SYSTEM, until=until)):
        found = world.truth.get(bill.bill_number)
        if after is not None and bill.arrival_day is not None and bill.arrival_day <= after:
            continue
        if not (found is not None and found.violation) and position % CLEAN_EXAM_EVERY:
            continue
        outcome, category = exam_from_truth(found)
        targeting.record_exam(
            session, actor=SYSTEM, bill_id=bill.id, outcome=outcome, category=category, clock=clock
        )
        examined += 1
    return examined


@dataclass(frozen=True)
class TrainedModel:
    """A model trained on the tiny world's history, with the facts its database row carried."""

    version: str
    path: str
    examples: int
    positives: int
    metrics: dict[str, Any]
    reference: dict[str, Any]


@cache
def reference_model() -> TrainedModel:
    folder = _scratch("greenlane-reference-model-")
    url = f"sqlite:///{folder / 'history.db'}"
    upgrade(url)
    db = Database(url)
    world = tiny_world()
    settings = Settings(data_dir=folder / "data", secret_key="reference-model-" + "x" * 32)
    try:
        ingest_world(db, world)
        with db.transaction() as session:
            record_history_exams(session, world, until=world.history_end(), clock=MutableClock())
            row = targeting.train_model(
                session, actor=SYSTEM, settings=settings, until=world.history_end(), n_estimators=60
            )
            return TrainedModel(
                row.version, row.path, row.examples, row.positives, dict(row.metrics), dict(row.reference)
            )
    finally:
        db.dispose()


def install_model(session: Session, model: TrainedModel, clock: MutableClock) -> RiskModelRow:
    """Makes the reference model the database's active model, as training would have left it."""
    return TargetingRepository(session, SYSTEM).add_model(
        RiskModelRow(
            version=model.version,
            path=model.path,
            trained_at=clock(),
            trained_by="system",
            examples=model.examples,
            positives=model.positives,
            metrics=model.metrics,
            reference=model.reference,
        )
    )


# --- the hand-made day ---


def goods_for(number: int, *, hs_code: str | None = None, origin: str | None = None) -> GoodsLine:
    """A plausible goods line that varies with the bill number: product, origin, weight and value."""
    product = PRODUCTS[(number * 7) % len(PRODUCTS)]
    weight = 800.0 + (number * 613) % 9000
    value = Decimal(str(round(weight * product.usd_per_kg * (0.4 + (number % 9) / 6), 2)))
    return GoodsLine(
        hs_code=hs_code or product.hs6,
        description=product.description,
        packages=10 + number % 50,
        package_type=product.package,
        gross_weight_kg=weight,
        value=value,
        currency="USD",
        country_of_origin=origin or product.origins[number % len(product.origins)][0],
    )


def day_bills(
    count: int,
    *,
    start: int = 1,
    port: str = PORT,
    importer_id: str = "",
    consignee: str = "Walk-in Imports",
    hs_code: str | None = None,
    origin: str | None = None,
    lines: list[GoodsLine] | None = None,
) -> list[BillOfLading]:
    """Bills arriving at `port` on DAY, numbered from `start`; `hs_code` or `origin` fixed to trigger a rule,
    or `lines` given outright."""
    return [
        make_bill(
            f"OCLN{n:07d}",
            discharge=port,
            importer_id=importer_id,
            consignee=consignee,
            lines=lines or [goods_for(n, hs_code=hs_code, origin=origin)],
            containers=[box(n)],
        )
        for n in range(start, start + count)
    ]


ARMS = "930190"  # HS chapter 93: the shipped rules force these into the red lane


def ingest_bills(db: Database, folder: Path, bills: Iterable[BillOfLading], name: str = "day") -> None:
    path = folder / f"{name}.ndjson"
    write_manifests(list(bills), path, "ndjson")
    counts = ingest(db, actor=SYSTEM, source=path, format="ndjson").counts
    assert counts.accepted == counts.received, counts


def certify(session: Session, partner_id: int, clock: MutableClock) -> None:
    """Moves an importer through review to Tier I, so its filings carry the member's trust offset."""
    answer_profile(session, partner_id, [EntityType.IMPORTER], clock)
    for to in ("under_review", "certified"):
        partners.transition_partner(
            session, actor=SYSTEM, partner_id=partner_id, to=to, reason=f"to {to}", clock=clock
        )


def decisions(session: Session, day: date = DAY, actor: Actor = SYSTEM) -> list[LaneDecisionRow]:
    rows, total = targeting.queue(session, actor=actor, day=day, limit=1000)
    assert len(rows) == total
    return rows


def noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
