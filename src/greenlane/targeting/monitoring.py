"""Is the model still right, and is the program delivering? The drift monitor compares recent scores and
exam hit rates with the training period (the random draws are the honest sample); the performance figures
give exam rates of members against non-members, the hit rates of random and targeted exams, and what share
of the frauds found came from each."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from greenlane.core.clock import Clock, utc_now
from greenlane.identity.domain import Actor, Permission
from greenlane.risk.drift import DriftReference, check_drift
from greenlane.targeting.repository import TargetingRepository


def drift_status(session: Session, *, actor: Actor, days: int = 7, clock: Clock = utc_now) -> dict[str, Any]:
    actor.require(Permission.TARGETING_MANAGE)
    repo = TargetingRepository(session, actor)
    model = repo.active_model()
    if model is None:
        return {"model": None, "retrain": True, "reasons": ["no model has been trained yet"]}
    end = clock().date()
    decisions = repo.decisions_between(end - timedelta(days=days - 1), end)
    if not decisions:
        return {
            "model": model.version,
            "retrain": False,
            "reasons": [f"no shipments targeted in the last {days} days"],
            "shipments": 0,
        }
    exams = repo.exams_for(d.bill_id for d in decisions)
    ref = model.reference
    reference = DriftReference(
        edges=tuple(ref["edges"]), shares=tuple(ref["shares"]), base_rate=ref["base_rate"]
    )
    outcomes = [float(exams[d.bill_id].fraud) if d.bill_id in exams else np.nan for d in decisions]
    report = check_drift(
        reference,
        [d.probability for d in decisions],
        outcomes,
        random_draw=[d.random_draw for d in decisions],
    )
    return {
        "model": model.version,
        "shipments": len(decisions),
        "window_days": days,
        "psi": round(report.psi, 4),
        "predicted_frauds": report.predicted_frauds,
        "found_frauds": report.found_frauds,
        "random_hit_rate": report.random_hit_rate,
        "random_examined": report.random_examined,
        "training_base_rate": reference.base_rate,
        "retrain": report.retrain,
        "reasons": list(report.reasons),
    }


def _rate(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def performance(session: Session, *, actor: Actor, start: date, end: date) -> dict[str, Any]:
    """Counts over the lane decisions of the period and the exams recorded for them."""
    actor.require(Permission.TARGETING_MANAGE)
    repo = TargetingRepository(session, actor)
    decisions = repo.decisions_between(start, end)
    exams = repo.exams_for(d.bill_id for d in decisions)
    groups: dict[str, dict[str, int]] = {
        "member": {"shipments": 0, "red": 0},
        "non_member": {"shipments": 0, "red": 0},
    }
    random_exams = random_hits = targeted_exams = targeted_hits = 0
    for d in decisions:
        group = groups["member" if d.member_tier != "none" else "non_member"]
        group["shipments"] += 1
        group["red"] += d.lane == "red"
        exam = exams.get(d.bill_id)
        if exam is None:
            continue
        if d.random_draw:
            random_exams += 1
            random_hits += exam.fraud
        else:
            targeted_exams += 1
            targeted_hits += exam.fraud
    member, other = groups["member"], groups["non_member"]
    member_rate, other_rate = (
        _rate(member["red"], member["shipments"]),
        _rate(other["red"], other["shipments"]),
    )
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "shipments": len(decisions),
        "exam_rate_members": member_rate,
        "exam_rate_non_members": other_rate,
        "non_member_to_member_exam_ratio": round(other_rate / member_rate, 2)
        if member_rate and other_rate
        else None,
        "random_exams": random_exams,
        "random_hit_rate": _rate(random_hits, random_exams),
        "targeted_exams": targeted_exams,
        "targeted_hit_rate": _rate(targeted_hits, targeted_exams),
        "frauds_found": random_hits + targeted_hits,
    }
