"""Scoring one filing on demand, before or without storing it: an officer (or a terminal system) sends a bill
in the NDJSON contract's shape and gets back what the daily run would see in it: the model's risk, the
selectivity rules that fire (and a forced lane, if any), the trust offset of the importer's membership and
supply chain, and the reasons when it is flagged. The lane itself is not given: lanes are filled per port
and day against inspection capacity, which only the day's run knows. Nothing is stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl
from sqlalchemy.orm import Session

from greenlane.core.config import Settings
from greenlane.identity.domain import Actor, Permission
from greenlane.manifests import service as manifests
from greenlane.partners import service as partners
from greenlane.risk.rules import RuleSet
from greenlane.risk.scoring import score_shipments
from greenlane.risk.trust import TrustPolicy
from greenlane.targeting import service
from greenlane.targeting.frames import ProgramFacts, shipment_row
from greenlane.targeting.rulesets import default_ruleset


@dataclass(frozen=True, slots=True)
class FilingScore:
    """What the daily run would see in one filing; its lane is decided per port-day against capacity."""

    carrier: str
    bill_number: str
    port_of_discharge: str
    arrival_day: date | None
    model_version: str
    ruleset: str
    member_tier: str
    consignee_partner_id: int | None
    probability: float
    model_score: float
    rule_weight: float
    trust_offset: float
    score: float
    high_risk_threshold: float
    flagged: bool
    forced_lane: str | None
    forced_rule: str | None
    rules_fired: list[str]
    reasons: list[str]
    filing_flags: list[str]

    def as_dict(self) -> dict[str, Any]:
        values = {name: getattr(self, name) for name in self.__slots__}
        values["arrival_day"] = self.arrival_day.isoformat() if self.arrival_day else None
        return values


def score_filing(
    session: Session,
    *,
    actor: Actor,
    settings: Settings,
    document: object,
    rules: RuleSet | None = None,
    trust: TrustPolicy | None = None,
) -> FilingScore:
    """The active model, the shipped (or given) rules and the trust policy applied to one filing. A filing
    ingest would quarantine is refused with the same reason, naming the field."""
    actor.require(Permission.TARGETING_MANAGE)
    checked = manifests.check_manifest(document)
    model, estimator = service.active_estimator(session)
    partner_id = _member_of_program(session, checked.importer_identifiers())
    programs = settings.mutual_recognition_programs()
    ids = [] if partner_id is None else [partner_id]
    facts = service.partner_facts(session, ids, programs).get(partner_id or -1, ProgramFacts())
    summary = checked.summary
    row = shipment_row(
        bill_id=0,
        day=summary.arrival_day,
        body=checked.body,
        flag_codes=checked.flag_codes,
        total_value=float(summary.total_value) if summary.total_value is not None else None,
        total_weight_kg=summary.total_weight_kg,
        facts=facts,
    )
    ruleset = rules or default_ruleset()
    policy = trust or TrustPolicy()
    scored = score_shipments(pl.DataFrame([row]), estimator, rules=ruleset, trust=policy).row(0, named=True)
    bill = checked.bill
    return FilingScore(
        carrier=bill.voyage.carrier,
        bill_number=bill.bill_number,
        port_of_discharge=bill.voyage.port_of_discharge,
        arrival_day=summary.arrival_day,
        model_version=model.version,
        ruleset=f"{ruleset.name} v{ruleset.version}",
        member_tier=facts.tier,
        consignee_partner_id=partner_id,
        probability=float(scored["probability"]),
        model_score=float(scored["model_score"]),
        rule_weight=float(scored["rule_weight"]),
        trust_offset=float(scored["trust_offset"]),
        score=float(scored["score"]),
        high_risk_threshold=policy.high_risk_threshold,
        flagged=bool(scored["flagged"]),
        forced_lane=scored["forced_lane"],
        forced_rule=scored["forced_rule"],
        rules_fired=list(scored["rules_fired"] or []),
        reasons=list(scored["reasons"] or []),
        filing_flags=checked.flag_codes.split(),
    )


def _member_of_program(session: Session, identifiers: tuple[str, ...]) -> int | None:
    """The partner known by the filing's importer or consignee number, the way ingest attributes filings."""
    return partners.partner_with_identifier(session, kind="importer_of_record", values=list(identifiers))
