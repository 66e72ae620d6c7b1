"""The synthetic trade world: a seeded, deterministic, calibrated stand-in for US maritime imports.

It lets greenlane be demonstrated and tested with no outside data: countries and ports with realistic
volumes, carriers, importers, foreign manufacturers, consolidators and brokers with program membership and
tiers calibrated to the public figures (34 % of import value and 90 % of ocean carriers in 2002; 52 % of
value by 2020), supply chains with their weak links, and day after day of shipments whose manifests and
security filings are written through greenlane.cargo, while what they really carry is kept apart as ground
truth. An engine library: no database or web code.

    world = build_world(WorldParams(seed=7, days=30, scale=Scale.SMALL))
    for batch in world.days():
        batch.shipments, batch.truths
    write_world(world, Path("out"))
"""

from greenlane.world.calibration import (
    MEMBER_VALUE_SHARE_2002,
    MEMBER_VALUE_SHARE_2020,
    OCEAN_CARRIER_ENROLMENT_2002,
    VIOLATION_BAND,
    FilingRates,
    MembershipTargets,
    ViolationRates,
)
from greenlane.world.chains import SupplyChain
from greenlane.world.containers import container_number, is_valid_container_number, iso6346_check_digit
from greenlane.world.daily import DayBatch
from greenlane.world.export import FILES, write_world
from greenlane.world.manifest import to_bill, to_security_filing
from greenlane.world.model import World, WorldParams, build_world
from greenlane.world.parties import Behaviour, MembershipStatus, Party, Site
from greenlane.world.scales import Scale, ScaleProfile
from greenlane.world.shipments import Equipment, GoodsItem, SecurityFiling, Shipment
from greenlane.world.summary import WorldSummary
from greenlane.world.truth import DriftScheme, GroundTruth, Mechanism, ViolationKind, default_drift

__all__ = [
    "FILES",
    "MEMBER_VALUE_SHARE_2002",
    "MEMBER_VALUE_SHARE_2020",
    "OCEAN_CARRIER_ENROLMENT_2002",
    "VIOLATION_BAND",
    "Behaviour",
    "DayBatch",
    "DriftScheme",
    "Equipment",
    "FilingRates",
    "GoodsItem",
    "GroundTruth",
    "Mechanism",
    "MembershipStatus",
    "MembershipTargets",
    "Party",
    "Scale",
    "ScaleProfile",
    "SecurityFiling",
    "Shipment",
    "Site",
    "SupplyChain",
    "ViolationKind",
    "ViolationRates",
    "World",
    "WorldParams",
    "WorldSummary",
    "build_world",
    "container_number",
    "default_drift",
    "is_valid_container_number",
    "iso6346_check_digit",
    "to_bill",
    "to_security_filing",
    "write_world",
]
