from __future__ import annotations

from statistics import mean

from greenlane.core.types import EntityType, Tier
from greenlane.world import MembershipStatus
from greenlane.world.geography import MRA_PROGRAMS
from tests.unit.world.conftest import Generated


def test_every_party_has_an_entity_type_a_country_and_a_unique_name(month_2002: Generated) -> None:
    parties = list(month_2002.world.parties.values())
    assert all(isinstance(p.entity_type, EntityType) and len(p.country) == 2 for p in parties)
    assert len({p.name for p in parties}) == len(parties)


def test_the_world_holds_every_kind_of_party_a_supply_chain_needs(month_2002: Generated) -> None:
    kinds = {p.entity_type for p in month_2002.world.parties.values()}
    needed = {
        EntityType.IMPORTER,
        EntityType.FOREIGN_MANUFACTURER,
        EntityType.CONSOLIDATOR,
        EntityType.CUSTOMS_BROKER,
        EntityType.SEA_CARRIER,
        EntityType.PORT_AUTHORITY,
        EntityType.MARINE_TERMINAL_OPERATOR,
    }
    assert needed <= kinds


def test_only_members_hold_a_tier(month_2002: Generated) -> None:
    for party in month_2002.world.parties.values():
        assert (party.tier is not Tier.NONE) == party.is_member


def test_a_few_percent_of_members_are_suspended_and_some_former_members_removed(
    month_2002: Generated,
) -> None:
    parties = month_2002.world.parties.values()
    members = [p for p in parties if p.is_member]
    suspended = [p for p in members if p.status is MembershipStatus.SUSPENDED]
    removed = [p for p in parties if p.status is MembershipStatus.REMOVED]
    assert 0.01 <= len(suspended) / len(members) <= 0.06
    assert removed and all(p.tier is Tier.NONE for p in removed)


def test_foreign_programme_status_is_held_only_in_countries_with_a_recognition_arrangement(
    month_2002: Generated,
) -> None:
    holders = [p for p in month_2002.world.parties.values() if p.mra_program]
    assert holders
    assert all(MRA_PROGRAMS[p.country] == p.mra_program for p in holders)
    assert {"AEO-EU", "AEO-JP", "AEO-KR"} <= {p.mra_program for p in holders}


def test_hidden_compliance_rises_with_tier_but_tiers_overlap(month_2002: Generated) -> None:
    world = month_2002.world
    by_tier = {
        tier: [world.behaviour[p.party_id].compliance for p in world.parties.values() if p.tier is tier]
        for tier in Tier
    }
    assert mean(by_tier[Tier.NONE]) < mean(by_tier[Tier.TIER_1]) < mean(by_tier[Tier.TIER_3])
    # Imperfect signal: some outsiders behave better than some top-tier members.
    assert max(by_tier[Tier.NONE]) > min(by_tier[Tier.TIER_3])


def test_members_keep_better_security_than_non_members_on_average(month_2002: Generated) -> None:
    world = month_2002.world
    members = [world.behaviour[p.party_id].security for p in world.parties.values() if p.is_member]
    outsiders = [world.behaviour[p.party_id].security for p in world.parties.values() if not p.is_member]
    assert mean(members) > mean(outsiders)
