"""Targeting use cases: train the model on exam outcomes, assign a day's lanes, let officers override with a
reason code, record exam results, and show the queue. Services never commit; the caller's transaction does.
Partner users may read their own filings' lanes; every other action is for staff."""

from __future__ import annotations

import secrets
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
from sqlalchemy.orm import Session

from greenlane.core.clock import Clock, utc_now
from greenlane.core.config import Settings
from greenlane.core.errors import Conflict, NotFound, ValidationFailed
from greenlane.identity.domain import SYSTEM, Actor, Permission
from greenlane.manifests import service as manifests
from greenlane.manifests.tables import BillRow
from greenlane.partners import service as partners
from greenlane.risk.artifact import load_estimator, save_estimator
from greenlane.risk.drift import DriftReference
from greenlane.risk.estimator import RiskEstimator
from greenlane.risk.lanes import Lane, LanePlan
from greenlane.risk.rules import RuleSet
from greenlane.risk.scoring import assign_lanes_by_port_day, score_shipments
from greenlane.risk.trust import TrustPolicy
from greenlane.supplychain import service as supplychain
from greenlane.targeting.domain import (
    ExamOutcome,
    OverrideReason,
    SeizureCategory,
    check_exam,
    check_override,
    label_of,
)
from greenlane.targeting.frames import ProgramFacts, shipment_row
from greenlane.targeting.repository import TargetingRepository
from greenlane.targeting.rulesets import default_ruleset
from greenlane.targeting.tables import (
    ExamResultRow,
    LaneDecisionRow,
    LaneOverrideRow,
    RiskModelRow,
    TargetingRunRow,
)

RANDOM_DRAW_WEIGHT = 5.0
"""Examples from random draws count this many times in training: they stand for the whole traffic, while
targeted exams over-represent what the previous model already believed (selection bias)."""

_loaded: dict[str, RiskEstimator] = {}


def program_facts(
    session: Session, bills: list[BillRow], programs: frozenset[str]
) -> dict[int, ProgramFacts]:
    """Tier and weak links of each filing's consignee, read through the partners and supply-chain areas."""
    ids = sorted({b.consignee_partner_id for b in bills if b.consignee_partner_id is not None})
    return partner_facts(session, ids, programs)


def partner_facts(session: Session, ids: list[int], programs: frozenset[str]) -> dict[int, ProgramFacts]:
    """Tier and weak links of the given partners; an id that is not a partner is left out."""
    found = partners.get_partners(session, actor=SYSTEM, partner_ids=ids)
    weak = supplychain.weak_links_by_state(session, actor=SYSTEM, programs=programs, partner_ids=ids)
    facts: dict[int, ProgramFacts] = {}
    for pid in ids:
        partner = found.get(pid)
        states = weak.get(pid, {})
        suspended = states.get("suspended", 0) + states.get("ended", 0)
        facts[pid] = ProgramFacts(
            tier=partner.tier.value if partner else "none",
            suspended_links=suspended,
            unknown_links=sum(states.values()) - suspended,
        )
    return facts


def shipment_frame(session: Session, bills: list[BillRow], programs: frozenset[str]) -> pl.DataFrame:
    facts = program_facts(session, bills, programs)
    rows = [
        shipment_row(bill_id=b.id, day=b.arrival_day, body=b.body, flag_codes=b.flag_codes,
                     total_value=float(b.total_value) if b.total_value is not None else None,
                     total_weight_kg=b.total_weight_kg,
                     facts=facts.get(b.consignee_partner_id or -1, ProgramFacts()))
        for b in bills
    ]  # fmt: skip
    return pl.DataFrame(rows, infer_schema_length=None)


# --- training ---


def train_model(
    session: Session,
    *,
    actor: Actor,
    settings: Settings,
    until: date | None = None,
    seed: int = 0,
    clock: Clock = utc_now,
    n_estimators: int = 200,
) -> RiskModelRow:
    """Learns from examined filings only (the rest still feed history features), weighting random draws up
    to correct for the selection; saves a versioned artifact and makes it the active model."""
    actor.require(Permission.TARGETING_MANAGE)
    bills = manifests.bills_for(session, actor=SYSTEM, until=until)
    repo = TargetingRepository(session, actor)
    exams = repo.exams_for(b.id for b in bills)
    if not exams:
        raise Conflict("no exam results recorded yet: the model learns from examined shipments")
    frame = shipment_frame(session, bills, settings.mutual_recognition_programs())
    fraud = [exams[b.id].fraud if b.id in exams else None for b in bills]
    critical = [exams[b.id].critical_fraud if b.id in exams else None for b in bills]
    frame = frame.with_columns(pl.Series("fraud", fraud, dtype=pl.Int64),
                               pl.Series("critical_fraud", critical, dtype=pl.Int64))  # fmt: skip
    weight = np.array(
        [RANDOM_DRAW_WEIGHT if b.id in exams and exams[b.id].random_draw else 1.0 for b in bills]
    )
    estimator = RiskEstimator(n_estimators=n_estimators, min_child_samples=5, random_state=seed)
    estimator.fit(frame, sample_weight=weight)
    version = f"{clock():%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"
    path = save_estimator(estimator, Path(settings.data_dir) / "models" / version)
    labelled = [i for i, b in enumerate(bills) if b.id in exams]
    # The drift monitor compares later calibrated probabilities with these, over all of the period's traffic.
    probabilities = estimator.predict_proba(frame)[:, 1]
    base_rate = float(np.mean([fraud[i] for i in labelled]))
    reference = DriftReference.from_scores(probabilities, base_rate)
    row = RiskModelRow(version=version, path=str(path), trained_at=clock(), trained_by=actor.username,
                       examples=len(labelled), positives=int(sum(fraud[i] or 0 for i in labelled)),
                       metrics=dict(getattr(estimator, "metrics_", {}) or {}),
                       reference={"edges": list(reference.edges), "shares": list(reference.shares),
                                  "base_rate": reference.base_rate})  # fmt: skip
    return repo.add_model(row)


def active_estimator(session: Session) -> tuple[RiskModelRow, RiskEstimator]:
    row = TargetingRepository(session, SYSTEM).active_model()
    if row is None:
        raise Conflict("no risk model yet: record exam results, then run `greenlane targeting train`")
    if row.path not in _loaded:
        _loaded[row.path] = load_estimator(row.path)
    return row, _loaded[row.path]


# --- daily targeting ---


@dataclass(frozen=True, slots=True)
class RunSummary:
    run_id: int | None
    day: date
    port: str | None
    model_version: str
    shipments: int
    lanes: dict[str, int]
    random_draws: int
    flagged: int
    kept: int
    members: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "day": self.day.isoformat(),
            "port": self.port,
            "model": self.model_version,
            "shipments": self.shipments,
            "lanes": self.lanes,
            "random_draws": self.random_draws,
            "flagged": self.flagged,
            "kept_decisions": self.kept,
            "member_lanes": self.members,
        }


def capacity_plan(red_capacity: int | None) -> LanePlan | None:
    """The default plan with the red lane held to this many physical exams per port and day (None: the
    default rates). The API, the CLI and the page all take capacity this way."""
    return None if red_capacity is None else LanePlan(capacity={Lane.RED: red_capacity})


def run_targeting(
    session: Session,
    *,
    actor: Actor,
    settings: Settings,
    day: date,
    port: str | None = None,
    plan: LanePlan | None = None,
    trust: TrustPolicy | None = None,
    rules: RuleSet | None = None,
    seed: int = 0,
    clock: Clock = utc_now,
) -> RunSummary:
    """Scores the day's arrivals and fills the lanes per port; a filing an officer overrode or examined
    keeps its lane when the day is run again."""
    actor.require(Permission.TARGETING_MANAGE)
    port = port.strip().upper() or None if port else None
    model, estimator = active_estimator(session)
    bills = manifests.bills_for(session, actor=SYSTEM, day=day, port=port)
    ruleset = rules or default_ruleset()
    lane_plan = plan or LanePlan()
    if not bills:
        return RunSummary(None, day, port, model.version, 0, {}, 0, 0, 0)
    frame = shipment_frame(session, bills, settings.mutual_recognition_programs())
    scored = score_shipments(frame, estimator, rules=ruleset, trust=trust or TrustPolicy())
    repo = TargetingRepository(session, actor)
    kept_lanes = repo.kept_lanes(b.id for b in bills)
    locked = set(kept_lanes)
    held = _hold_kept_lanes(scored, [kept_lanes.get(b.id) for b in bills])
    laned = assign_lanes_by_port_day(held, frame, lane_plan, seed=seed + day.toordinal())
    run = repo.add_run(
        TargetingRunRow(
            day=day,
            port=port,
            model_version=model.version,
            ruleset=f"{ruleset.name} v{ruleset.version}",
            plan={
                "rates": {k.value: v for k, v in lane_plan.rates.items()},
                "capacity": {k.value: v for k, v in lane_plan.capacity.items()},
                "random_rates": {k.value: v for k, v in lane_plan.random_rates.items()},
            },
            counts={},
            actor=actor.username,
            created_at=clock(),
        )
    )
    rows = []
    for bill, rec, tier in zip(bills, laned.iter_rows(named=True), frame["tier"].to_list(), strict=True):
        if bill.id in locked:
            continue
        rows.append(_decision(bill, rec, tier, run.id, clock))
    repo.replace_decisions(rows)
    # The day's lanes as they now stand: the new decisions plus those kept because an officer acted on them.
    kept = [d for d in (repo.decision_for_bill(bill_id) for bill_id in locked) if d is not None]
    final = [(r["lane"], r["member_tier"]) for r in rows] + [(d.lane, d.member_tier) for d in kept]
    lanes = Counter(lane for lane, _ in final)
    members = Counter(f"{'member' if tier != 'none' else 'non_member'}:{lane}" for lane, tier in final)
    summary = RunSummary(
        run.id,
        day,
        port,
        model.version,
        len(bills),
        dict(lanes),
        sum(1 for r in rows if r["random_draw"]),
        int(laned["flagged"].sum()),
        len(locked),
        dict(members),
    )
    run.counts = summary.as_dict()
    return summary


def _hold_kept_lanes(scored: pl.DataFrame, kept: list[str | None]) -> pl.DataFrame:
    """A filing an officer overrode or examined keeps its lane and uses that lane's capacity: the engine sees
    it as held there, like a forced rule, so an override into red leaves one exam fewer for the rest of the
    day and the kept filing is never drawn at random or ranked again."""
    if not any(kept):
        return scored
    forced = [lane or rule_lane for lane, rule_lane in zip(kept, scored["forced_lane"], strict=True)]
    return scored.with_columns(pl.Series("forced_lane", forced, dtype=pl.String))


def _decision(bill: BillRow, rec: dict[str, Any], tier: str, run_id: int, clock: Clock) -> dict[str, Any]:
    why = str(rec["lane_why"] or "")
    return {
        "bill_id": bill.id,
        "run_id": run_id,
        "day": bill.arrival_day,
        "port": bill.port_of_discharge,
        "engine_lane": rec["lane"],
        "lane": rec["lane"],
        "random_draw": "by random draw" in why,
        "why": why,
        "score": float(rec["score"]),
        "probability": float(rec["probability"]),
        "rule_weight": float(rec["rule_weight"]),
        "trust_offset": float(rec["trust_offset"]),
        "rules_fired": list(rec["rules_fired"] or []),
        "reasons": list(rec["reasons"] or []),
        "member_tier": tier or "none",
        "filer_partner_id": bill.filer_partner_id,
        "consignee_partner_id": bill.consignee_partner_id,
        "decided_at": clock(),
    }


# --- officers ---


def override_lane(
    session: Session,
    *,
    actor: Actor,
    decision_id: int,
    lane: str,
    reason: str,
    note: str,
    clock: Clock = utc_now,
) -> LaneDecisionRow:
    actor.require(Permission.TARGETING_MANAGE)
    repo = TargetingRepository(session, actor)
    decision = repo.decision(decision_id)
    record = f"decision {decision_id}"
    target = _parse(Lane, lane, "lane", record)
    code = _parse(OverrideReason, reason, "reason", record)
    check_override(Lane(decision.lane), target, code, note, record=record)
    repo.add_override(
        LaneOverrideRow(
            decision_id=decision.id,
            from_lane=decision.lane,
            to_lane=target.value,
            reason=code.value,
            note=note.strip(),
            actor=actor.username,
            at=clock(),
        )
    )
    decision.lane = target.value
    return decision


def record_exam(
    session: Session,
    *,
    actor: Actor,
    bill_id: int,
    outcome: str,
    category: str | None = None,
    note: str = "",
    clock: Clock = utc_now,
) -> ExamResultRow:
    """One result per filing; it becomes the label the next training learns from."""
    actor.require(Permission.TARGETING_MANAGE)
    record = f"bill {bill_id}"
    parsed = _parse(ExamOutcome, outcome, "outcome", record)
    seized = _parse(SeizureCategory, category, "category", record) if category else None
    check_exam(parsed, seized, record=record)
    manifests.get_manifest(session, actor=actor, bill_id=bill_id)
    repo = TargetingRepository(session, actor)
    if repo.exam_for_bill(bill_id) is not None:
        raise Conflict(f"an exam result is already recorded for bill {bill_id}")
    decision = repo.decision_for_bill(bill_id)
    label = label_of(parsed, seized)
    return repo.add_exam(
        ExamResultRow(
            bill_id=bill_id,
            decision_id=decision.id if decision else None,
            outcome=parsed.value,
            category=seized.value if seized else None,
            fraud=label.fraud,
            critical_fraud=label.critical_fraud,
            random_draw=bool(decision and decision.random_draw),
            note=note.strip(),
            recorded_by=actor.username,
            recorded_at=clock(),
        )
    )


def _parse(kind: Any, text: str, field: str, record: str) -> Any:
    try:
        return kind(text.strip().lower())
    except ValueError:
        valid = ", ".join(k.value for k in kind)
        raise ValidationFailed(
            f"unknown {field} {text!r}; expected one of: {valid}", field=field, record=record
        ) from None


def queue(
    session: Session,
    *,
    actor: Actor,
    day: date,
    port: str | None = None,
    lane: str | None = None,
    limit: int = 200,
    offset: int = 0,
) -> tuple[list[LaneDecisionRow], int]:
    actor.require(Permission.MANIFESTS_READ)
    return TargetingRepository(session, actor).queue(
        day=day, port=port, lane=lane, limit=limit, offset=offset
    )


def latest_targeted_day(session: Session, *, actor: Actor) -> date | None:
    """The last day that has lanes, among the filings the actor may see."""
    actor.require(Permission.MANIFESTS_READ)
    return TargetingRepository(session, actor).latest_targeted_day()


@dataclass(frozen=True, slots=True)
class ShipmentLane:
    decision: LaneDecisionRow | None
    overrides: list[LaneOverrideRow]
    exam: ExamResultRow | None


def shipment_lane(session: Session, *, actor: Actor, bill_id: int) -> ShipmentLane:
    manifests.get_manifest(session, actor=actor, bill_id=bill_id)
    repo = TargetingRepository(session, actor)
    decision = repo.decision_for_bill(bill_id)
    return ShipmentLane(
        decision, repo.overrides(decision.id) if decision else [], repo.exam_for_bill(bill_id)
    )


def list_models(session: Session, *, actor: Actor) -> list[RiskModelRow]:
    actor.require(Permission.TARGETING_MANAGE)
    return TargetingRepository(session, actor).models()


def exam_results(session: Session, *, actor: Actor) -> list[ExamResultRow]:
    actor.require(Permission.TARGETING_MANAGE)
    return TargetingRepository(session, actor).exams()


def decision(session: Session, *, actor: Actor, decision_id: int) -> LaneDecisionRow:
    row = TargetingRepository(session, actor).decision(decision_id)
    if row is None:
        raise NotFound(f"lane decision {decision_id} not found")
    return row
