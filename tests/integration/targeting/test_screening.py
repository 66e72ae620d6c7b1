"""Scoring one filing on demand, on each database: it sees what the daily run would see in the same filing
once stored (model risk, rules, trust offset, reasons), it stores nothing, it refuses a filing that ingest
would quarantine with the same reason naming the field, and it is for targeting officers only."""

from __future__ import annotations

from typing import Any

import pytest

from greenlane.cargo import bill_to_json
from greenlane.core.config import Settings
from greenlane.core.errors import Conflict, PermissionDenied, ValidationFailed
from greenlane.db import Database
from greenlane.identity.domain import SYSTEM, Actor
from greenlane.manifests import service as manifests
from greenlane.targeting import screening
from greenlane.targeting import service as targeting
from greenlane.targeting.screening import FilingScore
from greenlane.targeting.tables import RiskModelRow
from tests.builders import MutableClock
from tests.integration.manifests.support import ACME_IOR, Cast, row_counts
from tests.integration.targeting.conftest import Ingest
from tests.integration.targeting.support import ARMS, DAY, PLAN, certify, day_bills, decisions

pytestmark = pytest.mark.db


def score(db: Database, settings: Settings, document: object, actor: Actor = SYSTEM) -> FilingScore:
    with db.transaction() as session:
        return screening.score_filing(session, actor=actor, settings=settings, document=document)


def document(**overrides: Any) -> dict[str, Any]:
    bill = day_bills(1, start=overrides.pop("start", 7), **overrides)[0]
    return dict(bill_to_json(bill))


def test_a_filing_scores_as_the_daily_run_scores_it_once_stored(
    db: Database, settings: Settings, clock: MutableClock, model: RiskModelRow, cast: Cast, arrive: Ingest
) -> None:
    with db.transaction() as session:
        certify(session, cast.acme, clock)
    bills = [*day_bills(12), *day_bills(1, start=40, importer_id=ACME_IOR, consignee="Acme Imports LLC")]
    bills += day_bills(1, start=60, hs_code=ARMS)
    previews = [score(db, settings, dict(bill_to_json(b))) for b in bills]

    arrive(bills)
    with db.transaction() as session:
        targeting.run_targeting(session, actor=SYSTEM, settings=settings, day=DAY, plan=PLAN, clock=clock)
        stored = {d.bill_id: d for d in decisions(session)}
        ids = {b.bill_number: b.id for b in manifests.bills_for(session, actor=SYSTEM, day=DAY)}

    for preview in previews:
        decision = stored[ids[preview.bill_number]]
        assert preview.score == pytest.approx(decision.score, abs=1e-9)
        assert preview.probability == pytest.approx(decision.probability, abs=1e-9)
        assert (preview.rule_weight, preview.trust_offset) == pytest.approx(
            (decision.rule_weight, decision.trust_offset)
        )
        assert preview.rules_fired == decision.rules_fired and preview.member_tier == decision.member_tier
        assert preview.model_version == model.version


def test_a_members_filing_carries_the_trust_offset_and_an_arms_filing_is_forced_red_with_reasons(
    db: Database, settings: Settings, clock: MutableClock, model: RiskModelRow, cast: Cast
) -> None:
    with db.transaction() as session:
        certify(session, cast.acme, clock)

    member = score(db, settings, document(importer_id=ACME_IOR, consignee="Acme Imports LLC"))
    arms = score(db, settings, document(hs_code=ARMS))

    assert member.member_tier == "tier_1" and member.consignee_partner_id == cast.acme
    assert member.trust_offset < 0 and member.score == pytest.approx(
        member.model_score + member.rule_weight + member.trust_offset
    )
    assert (arms.forced_lane, arms.flagged, arms.member_tier) == ("red", True, "none")
    assert arms.forced_rule in arms.rules_fired and arms.reasons


def test_scoring_a_filing_stores_nothing(
    db: Database, settings: Settings, model: RiskModelRow, cast: Cast
) -> None:
    before = row_counts(db)

    score(db, settings, document())

    assert row_counts(db) == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d.update(bill_number=""), "bill_number"),
        (lambda d: d.update(parties=[p for p in d["parties"] if p["role"] != "consignee"]), "consignee"),
        (lambda d: d["goods"][0].update(value="twelve"), "value"),
        (lambda d: d["voyage"].update(port_of_discharge=""), "port_of_discharge"),
    ],
)
def test_a_filing_that_ingest_would_quarantine_is_refused_naming_the_field(
    db: Database, settings: Settings, model: RiskModelRow, change: Any, field: str
) -> None:
    bad = document()
    change(bad)

    with pytest.raises(ValidationFailed) as refused:
        score(db, settings, bad)

    assert field in (refused.value.field or "") and refused.value.record == "manifest"


@pytest.mark.parametrize("junk", [[1, 2], "a bill", None, 42])
def test_a_document_that_is_not_a_bill_object_is_refused(
    db: Database, settings: Settings, model: RiskModelRow, junk: object
) -> None:
    with pytest.raises(ValidationFailed, match="record manifest"):
        score(db, settings, junk)


def test_scoring_without_a_trained_model_is_refused(db: Database, settings: Settings) -> None:
    with pytest.raises(Conflict, match="no risk model"):
        score(db, settings, document())


@pytest.mark.parametrize("username", ["ana", "alice"])
def test_only_targeting_officers_score_filings(
    db: Database, settings: Settings, model: RiskModelRow, cast: Cast, username: str
) -> None:
    with pytest.raises(PermissionDenied):
        score(db, settings, document(), actor=cast.actor(username))
