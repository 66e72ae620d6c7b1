"""Seeds a small but plausible partnership: a few dozen companies of every entity type at every stage of
the lifecycle, security profiles from untouched to complete, a few suspensions, legal clocks both running and
overdue, and supply-chain maps whose links include members, mutual-recognition partners, suspended members
and unknown parties. Deterministic for a given seed; everything goes through the same services as the API."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from greenlane.core.config import Settings
from greenlane.core.types import EntityType
from greenlane.criteria import service as criteria
from greenlane.identity.domain import SYSTEM, Role
from greenlane.identity.service import create_user
from greenlane.partners import service as partners
from greenlane.partners.domain import Contact, Partner, PartnerStatus, Site
from greenlane.supplychain import service as supplychain
from greenlane.supplychain.domain import Node, NodeRole, StatusLink

DEMO_PASSWORD = "greenlane-demo"
STAFF = [
    ("admin", Role.ADMIN),
    ("specialist", Role.SECURITY_SPECIALIST),
    ("officer", Role.TARGETING_OFFICER),
    ("analyst", Role.ANALYST),
]

_NAMES = {
    EntityType.IMPORTER: [
        "Harbor Home Goods",
        "Redwood Outfitters",
        "Lakeshore Appliances",
        "Summit Toys",
        "Prairie Pharma Supply",
        "Bayside Electronics",
        "Copper Canyon Apparel",
        "Northgate Foods",
    ],
    EntityType.EXPORTER: ["Great Plains Grain Export", "Cascade Timber Export"],
    EntityType.US_MEXICO_HIGHWAY_CARRIER: [
        "Rio Bravo Freight",
        "Sonora Line Trucking",
        "Laredo Express Haul",
    ],
    EntityType.RAIL_CARRIER: ["Continental Rail Freight", "Gulf Coast Railway"],
    EntityType.SEA_CARRIER: [
        "Pacific Meridian Lines",
        "Blue Anchor Shipping",
        "Oriental Star Container Line",
        "Atlantic Crown Lines",
        "Coral Sea Carriers",
    ],
    EntityType.AIR_CARRIER: ["Skybridge Cargo Airlines", "Polar Route Air Freight"],
    EntityType.CUSTOMS_BROKER: ["Keystone Customs Brokerage", "Clearpath Brokers", "Gateway Entry Services"],
    EntityType.CONSOLIDATOR: ["Union Consolidation Services", "Tidewater Forwarding", "Silk Route Logistics"],
    EntityType.THIRD_PARTY_LOGISTICS: ["Meridian 3PL", "Crossdock Partners"],
    EntityType.PORT_AUTHORITY: ["Port of Bayview Authority"],
    EntityType.MARINE_TERMINAL_OPERATOR: ["Pier 400 Terminal Operations", "Harborline Container Terminal"],
    EntityType.FOREIGN_MANUFACTURER: [
        "Shenzhen Brightway Electronics",
        "Ningbo Ocean Textiles",
        "Ho Chi Minh Furniture Works",
        "Penang Precision Parts",
        "Monterrey Steelworks",
        "Busan Marine Components",
    ],
}
_IDS = {
    EntityType.IMPORTER: "importer_of_record",
    EntityType.EXPORTER: "employer_id",
    EntityType.US_MEXICO_HIGHWAY_CARRIER: "scac",
    EntityType.RAIL_CARRIER: "scac",
    EntityType.SEA_CARRIER: "scac",
    EntityType.AIR_CARRIER: "iata",
    EntityType.CUSTOMS_BROKER: "broker_license",
    EntityType.CONSOLIDATOR: "fmc_license",
    EntityType.THIRD_PARTY_LOGISTICS: "employer_id",
    EntityType.PORT_AUTHORITY: "port_code",
    EntityType.MARINE_TERMINAL_OPERATOR: "firms_code",
    EntityType.FOREIGN_MANUFACTURER: "manufacturer_id",
}
_FOREIGN = ["CN", "CN", "VN", "MY", "MX", "KR"]
# Where each company ends up; the rest of the path is walked through the real lifecycle to get there.
_FATES = (
    [PartnerStatus.VALIDATED] * 12
    + [PartnerStatus.CERTIFIED] * 9
    + [PartnerStatus.TIER_3] * 4
    + [PartnerStatus.UNDER_REVIEW] * 4
    + [PartnerStatus.APPLICANT] * 4
    + [PartnerStatus.SUSPENDED] * 3
    + [PartnerStatus.WITHDRAWN, PartnerStatus.REMOVED, PartnerStatus.REJECTED]
)
_PATHS = {
    PartnerStatus.APPLICANT: [],
    PartnerStatus.UNDER_REVIEW: ["under_review"],
    PartnerStatus.REJECTED: ["under_review", "rejected"],
    PartnerStatus.CERTIFIED: ["under_review", "certified"],
    PartnerStatus.VALIDATED: ["under_review", "certified", "validated"],
    PartnerStatus.TIER_3: ["under_review", "certified", "validated", "tier_3"],
    PartnerStatus.SUSPENDED: ["under_review", "certified", "validated", "suspended"],
    PartnerStatus.WITHDRAWN: ["under_review", "certified", "withdrawn"],
    PartnerStatus.REMOVED: ["under_review", "certified", "suspended", "removed"],
}
_REASONS = {
    "under_review": "application complete; assigned to a specialist",
    "certified": "security profile reviewed; all must criteria met",
    "rejected": "eligibility could not be confirmed",
    "validated": "validation visit confirmed the profile",
    "tier_3": "validation found practices exceeding the criteria",
    "suspended": "seizure of undeclared goods in a member shipment",
    "withdrawn": "company left the program",
    "removed": "no response to the suspension within 90 days",
}


@dataclass
class SeedClock:
    """Moves through the program's past so histories and clocks look lived in."""

    now: datetime

    def __call__(self) -> datetime:
        return self.now


@dataclass
class SeedReport:
    partners: list[Partner] = field(default_factory=list)
    partner_logins: list[tuple[str, str]] = field(default_factory=list)
    chains: int = 0


def seed_program(session: Session, *, settings: Settings, today: datetime, seed: int = 7) -> SeedReport:
    rng = random.Random(seed)
    report = SeedReport()
    for username, role in STAFF:
        create_user(session, username=username, password=DEMO_PASSWORD, role=role)
    companies = [(t, name) for t, names in _NAMES.items() for name in names]
    fates = _FATES + [PartnerStatus.VALIDATED] * max(0, len(companies) - len(_FATES))
    rng.shuffle(fates)
    for index, ((entity_type, name), fate) in enumerate(zip(companies, fates, strict=False)):
        if entity_type is EntityType.FOREIGN_MANUFACTURER and fate is PartnerStatus.TIER_3:
            fate = PartnerStatus.VALIDATED
        report.partners.append(_grow_partner(session, rng, index, entity_type, name, fate, today))
    _seed_chains(session, rng, report, settings=settings, today=today)
    for username, partner in _pick_logins(report.partners):
        assert partner.id is not None
        create_user(
            session, username=username, password=DEMO_PASSWORD, role=Role.PARTNER_USER, partner_id=partner.id
        )
        report.partner_logins.append((username, partner.legal_name))
    return report


def _details(
    rng: random.Random, index: int, entity_type: EntityType, name: str
) -> tuple[dict[str, str], list[Site]]:
    kind = _IDS[entity_type]
    identifier = {
        "scac": f"{name[:2].upper()}{name.split()[-1][:2].upper()}",
        "iata": name[:2].upper(),
        "port_code": "USBYV",
        "firms_code": f"Y{100 + index}",
    }.get(kind, f"{index + 10:02d}-{rng.randrange(10**6, 10**7)}")
    sites = [Site(name="Head office", country="US", kind="office")]
    if entity_type is EntityType.FOREIGN_MANUFACTURER:
        sites = [
            Site(name="Factory", country=rng.choice(_FOREIGN), kind="factory"),
            Site(name="US liaison office", country="US", kind="office"),
        ]
    return {kind: identifier}, sites


def _grow_partner(
    session: Session,
    rng: random.Random,
    index: int,
    entity_type: EntityType,
    name: str,
    fate: PartnerStatus,
    today: datetime,
) -> Partner:
    steps = _PATHS[fate]
    spans = {
        "under_review": 20,
        "certified": 60,
        "validated": 400,
        "tier_3": 500,
        "suspended": 200,
        "withdrawn": 300,
        "removed": 95,
        "rejected": 70,
    }
    total = sum(spans[s] for s in steps)
    backlog = 130 if fate in (PartnerStatus.APPLICANT, PartnerStatus.UNDER_REVIEW) and index % 3 == 0 else 15
    start = today - timedelta(
        days=total
        + backlog
        + rng.randrange(0, 700 if fate in (PartnerStatus.VALIDATED, PartnerStatus.CERTIFIED) else 40)
    )
    clock = SeedClock(start)
    identifiers, sites = _details(rng, index, entity_type, name)
    contact = Contact(
        name=f"{rng.choice(['Ana', 'Ben', 'Chen', 'Dana', 'Eli', 'Fatima', 'Goran'])} "
        f"{rng.choice(['Ruiz', 'Okafor', 'Nguyen', 'Schmidt', 'Patel', 'Kim'])}",
        email=f"security@{name.split()[0].lower()}.example",
        title="Chief Operating Officer",
        is_officer=True,
        is_primary=True,
    )
    suffix = " Co., Ltd." if entity_type is EntityType.FOREIGN_MANUFACTURER else " Inc."
    partner = partners.apply_partner(
        session,
        actor=SYSTEM,
        legal_name=name + suffix,
        entity_types=[entity_type],
        identifiers=identifiers,
        sites=sites,
        contacts=[contact],
        clock=clock,
    )
    assert partner.id is not None
    _answer_profile(session, rng, partner, clock, complete=bool(steps) and fate is not PartnerStatus.REJECTED)
    partner_id = partner.id
    for step in steps:
        clock.now += timedelta(days=spans[step] * rng.uniform(0.6, 1.0))
        if step == "certified":
            criteria.submit_profile(session, actor=SYSTEM, partner_id=partner_id, clock=clock)
        partner, _ = partners.transition_partner(
            session, actor=SYSTEM, partner_id=partner_id, to=step, reason=_REASONS[step], clock=clock
        )
    if partner.is_member and rng.random() < 0.7:
        clock.now = max(clock.now + timedelta(days=1), today - timedelta(days=rng.randrange(5, 300)))
        criteria.submit_profile(session, actor=SYSTEM, partner_id=partner_id, clock=clock)
    return partner


def _answer_profile(
    session: Session, rng: random.Random, partner: Partner, clock: SeedClock, *, complete: bool
) -> None:
    assert partner.id is not None
    profile = criteria.get_profile(session, actor=SYSTEM, partner_id=partner.id)
    applicable = profile.applicable_criteria()
    share = 1.0 if complete else rng.uniform(0.1, 0.6)
    for criterion in applicable[: int(len(applicable) * share)]:
        if criterion.is_must:
            status = "met" if complete or rng.random() < 0.8 else "partially"
        else:
            status = rng.choice(["met", "met", "met", "partially", "not_met"])
        criteria.answer_criterion(
            session,
            actor=SYSTEM,
            partner_id=partner.id,
            criterion_id=criterion.id,
            status=status,
            evidence_note=rng.choice(_EVIDENCE),
            clock=clock,
        )


_EVIDENCE = [
    "written procedure, reviewed this year",
    "checked during the last internal audit",
    "training records kept by HR",
    "photos of the site on file",
    "contract clause with the provider",
    "logbook sampled for three months",
]


def _seed_chains(
    session: Session, rng: random.Random, report: SeedReport, *, settings: Settings, today: datetime
) -> None:
    by_type: dict[EntityType, list[Partner]] = {}
    for p in report.partners:
        by_type.setdefault(p.entity_types[0], []).append(p)
    programs = settings.mutual_recognition_programs()
    clock = SeedClock(today - timedelta(days=3))
    owners = by_type[EntityType.IMPORTER] + by_type[EntityType.CONSOLIDATOR][:1]
    for owner in owners:
        assert owner.id is not None
        for lane in rng.sample(_LANES, k=rng.randint(1, 2)):
            nodes = [_node(rng, role, country, by_type) for role, country in lane[1]]
            supplychain.create_chain(
                session,
                actor=SYSTEM,
                partner_id=owner.id,
                name=lane[0],
                programs=programs,
                nodes=nodes,
                clock=clock,
            )
            report.chains += 1


_LANES = [
    (
        "Shenzhen electronics to Los Angeles",
        [
            (NodeRole.FACTORY, "CN"),
            (NodeRole.STUFFING_POINT, "CN"),
            (NodeRole.FOREIGN_PORT, "CN"),
            (NodeRole.CARRIER, "DK"),
            (NodeRole.BROKER, "US"),
        ],
    ),
    (
        "Ningbo textiles via Busan to Long Beach",
        [
            (NodeRole.FACTORY, "CN"),
            (NodeRole.CONSOLIDATOR, "CN"),
            (NodeRole.FOREIGN_PORT, "KR"),
            (NodeRole.CARRIER, "KR"),
            (NodeRole.BROKER, "US"),
        ],
    ),
    (
        "Vietnam furniture to Savannah",
        [
            (NodeRole.FACTORY, "VN"),
            (NodeRole.STUFFING_POINT, "VN"),
            (NodeRole.FOREIGN_PORT, "SG"),
            (NodeRole.CARRIER, "SG"),
            (NodeRole.BROKER, "US"),
        ],
    ),
    (
        "Monterrey steel by road",
        [(NodeRole.FACTORY, "MX"), (NodeRole.CARRIER, "MX"), (NodeRole.BROKER, "US")],
    ),
]
_ROLE_TYPES = {
    NodeRole.FACTORY: EntityType.FOREIGN_MANUFACTURER,
    NodeRole.CARRIER: EntityType.SEA_CARRIER,
    NodeRole.BROKER: EntityType.CUSTOMS_BROKER,
    NodeRole.CONSOLIDATOR: EntityType.CONSOLIDATOR,
}
_MRA = {"CN": "AEO-CN", "KR": "AEO-KR", "SG": "AEO-SG", "MX": "AEO-MX", "VN": None, "DK": "AEO-EU"}


def _node(rng: random.Random, role: NodeRole, country: str, by_type: dict[EntityType, list[Partner]]) -> Node:
    roll = rng.random()
    candidates = by_type.get(_ROLE_TYPES.get(role, EntityType.IMPORTER), []) if role in _ROLE_TYPES else []
    if candidates and roll < 0.55:
        party = rng.choice(candidates)
        assert party.id is not None
        return Node(
            id=None, role=role, name=party.legal_name, country=country, link=StatusLink.member(party.id)
        )
    program = _MRA.get(country)
    label = f"{role.value.replace('_', ' ').title()} {country}-{rng.randrange(100, 999)}"
    if program and roll < 0.8:
        return Node(
            id=None,
            role=role,
            name=label,
            country=country,
            link=StatusLink.foreign(program, f"{country}{rng.randrange(10**8, 10**9)}"),
        )
    return Node(id=None, role=role, name=label, country=country)


def _pick_logins(all_partners: list[Partner]) -> list[tuple[str, Partner]]:
    """A member importer with weak links, an applicant still filling its profile, and a suspended company."""
    picks: list[tuple[str, Partner]] = []
    wanted: list[tuple[str, Callable[[Partner], bool]]] = [
        ("importer", lambda p: p.is_member and EntityType.IMPORTER in p.entity_types),
        ("applicant", lambda p: p.status is PartnerStatus.APPLICANT),
        ("suspended", lambda p: p.status is PartnerStatus.SUSPENDED),
    ]
    for username, test in wanted:
        found = next((p for p in all_partners if test(p)), None)
        if found is not None:
            picks.append((username, found))
    return picks
