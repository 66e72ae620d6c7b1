"""The cargo half of the demo: a month of a synthetic port's trade. The world's program members are
enrolled through the partner services (profile answered, certified, validated or suspended as the world
says), its manifests are ingested in every format (the same shipments in CSV, NDJSON and CUSCAR, so the
second and third files are recognised as duplicates), and a late file of corrected and broken records
shows corrections kept as versions and records quarantined with their reasons."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from greenlane.core.types import EntityType, Tier
from greenlane.criteria import service as criteria
from greenlane.db.engine import Database
from greenlane.identity.domain import SYSTEM
from greenlane.manifests.ingest import IngestResult, ingest
from greenlane.partners import service as partners
from greenlane.partners.domain import Contact, Site
from greenlane.world import MembershipStatus, Scale, WorldParams, WorldSummary, build_world, write_world
from greenlane.world import Party as WorldParty

_IDENTIFIER = {
    EntityType.IMPORTER: "importer_of_record",
    EntityType.SEA_CARRIER: "scac",
    EntityType.CUSTOMS_BROKER: "broker_license",
    EntityType.CONSOLIDATOR: "fmc_license",
    EntityType.MARINE_TERMINAL_OPERATOR: "firms_code",
    EntityType.PORT_AUTHORITY: "port_code",
    EntityType.FOREIGN_MANUFACTURER: "manufacturer_id",
    EntityType.EXPORTER: "employer_id",
    EntityType.THIRD_PARTY_LOGISTICS: "employer_id",
    EntityType.AIR_CARRIER: "iata",
    EntityType.RAIL_CARRIER: "scac",
    EntityType.US_MEXICO_HIGHWAY_CARRIER: "scac",
}
_PATH = {
    Tier.TIER_1: ["under_review", "certified"],
    Tier.TIER_2: ["under_review", "certified", "validated"],
    Tier.TIER_3: ["under_review", "certified", "validated", "tier_3"],
}


@dataclass
class CargoReport:
    world_dir: Path
    enrolled: int = 0
    suspended: int = 0
    ingests: list[IngestResult] = field(default_factory=list)
    world: WorldSummary | None = None


def enrol_world_members(session: Session, parties: list[WorldParty], *, today: datetime) -> tuple[int, int]:
    """Every member of the world becomes a partner whose history leads to the tier the world gave it."""
    enrolled = suspended = 0
    for index, party in enumerate(p for p in parties if p.is_member and p.tier is not Tier.NONE):
        at = today - timedelta(days=900 - index)
        clock = _Clock(at)
        sites = [Site(name="Head office", country=party.country or "US", kind="office")]
        if party.entity_type is EntityType.FOREIGN_MANUFACTURER:
            sites = [
                Site(name="Factory", country=party.country if party.country != "US" else "CN", kind="factory")
            ]
        else:
            sites.append(Site(name="US office", country="US", kind="office"))
        partner = partners.apply_partner(
            session,
            actor=SYSTEM,
            legal_name=party.name,
            entity_types=[party.entity_type],
            identifiers={_IDENTIFIER[party.entity_type]: party.identifier},
            sites=sites,
            contacts=[
                Contact(
                    name="Security Officer",
                    email=f"security{index}@members.example",
                    title="COO",
                    is_officer=True,
                    is_primary=True,
                )
            ],
            clock=clock,
        )
        assert partner.id is not None
        profile = criteria.get_profile(session, actor=SYSTEM, partner_id=partner.id)
        criteria.answer_criteria(
            session,
            actor=SYSTEM,
            partner_id=partner.id,
            clock=clock,
            answers=[(c.id, "met", "confirmed at enrolment") for c in profile.applicable_criteria()],
        )
        criteria.submit_profile(session, actor=SYSTEM, partner_id=partner.id, clock=clock)
        for step in _PATH[party.tier]:
            clock.now += timedelta(days=60)
            partners.transition_partner(
                session,
                actor=SYSTEM,
                partner_id=partner.id,
                to=step,
                reason="enrolled from the synthetic world",
                clock=clock,
            )
        if party.status is MembershipStatus.SUSPENDED:
            clock.now += timedelta(days=30)
            partners.transition_partner(
                session,
                actor=SYSTEM,
                partner_id=partner.id,
                to="suspended",
                reason="security incident found in the world's history",
                clock=clock,
            )
            suspended += 1
        enrolled += 1
    return enrolled, suspended


@dataclass
class _Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


def run_cargo_demo(db: Database, *, out: Path, today: datetime, seed: int = 7, days: int = 30) -> CargoReport:
    world = build_world(WorldParams(seed=seed, days=days, scale=Scale.SMALL))
    summary = write_world(world, out)
    report = CargoReport(world_dir=out, world=summary)
    with db.transaction() as session:
        report.enrolled, report.suspended = enrol_world_members(
            session, list(world.parties.values()), today=today
        )
    for name, fmt in (("manifests.csv", "csv"), ("manifests.ndjson", "ndjson"), ("manifests.edi", "cuscar")):
        report.ingests.append(ingest(db, actor=SYSTEM, source=out / name, format=fmt, clock=lambda: today))
    report.ingests.append(
        ingest(db, actor=SYSTEM, source=out / "security_filings.ndjson", format="isf", clock=lambda: today)
    )
    late = _late_file(out / "manifests.ndjson", out / "late-corrections.ndjson")
    report.ingests.append(ingest(db, actor=SYSTEM, source=late, format="ndjson", clock=lambda: today))
    return report


def _late_file(source: Path, target: Path) -> Path:
    """Ten bills sent again with a corrected weight, and three that lost required fields on the way."""
    lines = source.read_text(encoding="utf-8").splitlines()
    out: list[str] = []
    for line in lines[:10]:
        bill = json.loads(line)
        for goods in bill["goods"]:
            if goods.get("gross_weight_kg") is not None:
                goods["gross_weight_kg"] = round(float(goods["gross_weight_kg"]) * 1.1, 1)
        out.append(json.dumps(bill))
    for line, broken in zip(lines[10:13], ("port_of_discharge", "shipper", "weight"), strict=True):
        bill = json.loads(line)
        if broken == "port_of_discharge":
            bill["voyage"]["port_of_discharge"] = ""
        elif broken == "shipper":
            bill["parties"] = [p for p in bill["parties"] if p["role"] != "shipper"]
        else:
            bill["goods"][0]["gross_weight_kg"] = "twelve tonnes"
        out.append(json.dumps(bill))
    target.write_text("\n".join(out) + "\n", encoding="utf-8")
    return target
