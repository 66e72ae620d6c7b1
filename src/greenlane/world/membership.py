"""Decides who is in the partnership, at which tier and in which standing, to hit the public reach figures.

Importers are enrolled by value: walking down a ranking by size and diligence (big, careful companies join
first, as they did in 2002), each is taken while the members' expected share of import value stays at or
under the target (34 % in 2002, 52 % in 2020). Every other kind is enrolled by count (90 % of ocean
carriers in 2002; our assumed shares for brokers, consolidators, foreign manufacturers and terminal
operators). Among members, the tier follows diligence with noise; about 3 % are suspended and former
members amounting to about 1 % are removed (2012 figures). Foreign parties in countries with a
mutual-recognition arrangement may hold their own programme's status instead.
"""

from __future__ import annotations

import numpy as np

from greenlane.core.types import EntityType, Tier
from greenlane.world.calibration import MembershipTargets
from greenlane.world.geography import MRA_PROGRAMS
from greenlane.world.parties import MembershipStatus, Party
from greenlane.world.population import Population

__all__ = ["assign_mra", "enrol_by_count", "enrol_by_value"]

_TIERS = (Tier.TIER_1, Tier.TIER_2, Tier.TIER_3)


def _scores(pop: Population, parties: list[Party], sizes: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    diligence = np.array([pop.diligence[p.party_id] for p in parties])
    scores: np.ndarray = (
        0.6 * np.log(np.maximum(sizes, 1e-12)) + diligence + rng.gumbel(0.0, 0.7, len(parties))
    )
    return scores


def _apply_status(
    pop: Population,
    members: list[Party],
    others: list[Party],
    targets: MembershipTargets,
    rng: np.random.Generator,
) -> None:
    if members:
        standing = np.array([pop.diligence[p.party_id] for p in members]) + 0.8 * rng.standard_normal(
            len(members)
        )
        ranks = np.argsort(np.argsort(standing)) / max(1, len(members))
        bounds = np.cumsum(targets.tier_mix)
        trouble = np.array([pop.diligence[p.party_id] for p in members]) + 0.7 * rng.standard_normal(
            len(members)
        )
        suspended = set(np.argsort(trouble)[: round(targets.suspended_share * len(members))].tolist())
        for index, party in enumerate(members):
            tier = _TIERS[min(2, int(np.searchsorted(bounds, ranks[index], side="right")))]
            status = MembershipStatus.SUSPENDED if index in suspended else MembershipStatus.ACTIVE
            pop.parties[party.party_id] = party.with_membership(status, tier)
    if not others:
        return
    # Removed companies are former members: taken from outside the current membership, the least diligent.
    # Rounded at random (up with the probability of the fraction) so small kinds still see removals at
    # the right rate on average instead of never.
    expected = targets.removed_share * len(members)
    removed_count = min(len(others), int(expected) + int(rng.random() < expected - int(expected)))
    outsider_diligence = np.array([pop.diligence[p.party_id] for p in others]) + 0.7 * rng.standard_normal(
        len(others)
    )
    order = np.argsort(outsider_diligence)
    for index in order[:removed_count]:
        party = others[int(index)]
        pop.parties[party.party_id] = party.with_membership(MembershipStatus.REMOVED, Tier.NONE)
    remaining = order[removed_count:]
    applicants = rng.random(len(remaining)) < targets.applicant_share
    for index in remaining[applicants]:
        party = others[int(index)]
        pop.parties[party.party_id] = party.with_membership(MembershipStatus.APPLICANT, Tier.NONE)


def enrol_by_count(
    pop: Population,
    entity_type: EntityType,
    share: float,
    targets: MembershipTargets,
    rng: np.random.Generator,
) -> None:
    """Enrol round(share x count) parties of one kind, the likeliest joiners first."""
    parties = pop.of_type(entity_type)
    if not parties:
        return
    sizes = np.array([p.size for p in parties])
    order = np.argsort(-_scores(pop, parties, sizes, rng), kind="stable")
    count = round(share * len(parties))
    members = [parties[int(i)] for i in order[:count]]
    others = [parties[int(i)] for i in order[count:]]
    _apply_status(pop, members, others, targets, rng)


def enrol_by_value(
    pop: Population, values: dict[str, float], targets: MembershipTargets, rng: np.random.Generator
) -> None:
    """Enrol importers until members hold the target share of expected import value.

    A greedy walk down the joining ranking that skips a company whose value would push the share past the
    target; with hundreds of importers it lands within a fraction of a percent of the target.
    """
    importers = pop.of_type(EntityType.IMPORTER)
    if not importers:
        return
    sizes = np.array([values.get(p.party_id, 0.0) for p in importers])
    total = float(sizes.sum())
    budget = targets.importer_value_share * total
    members: list[Party] = []
    others: list[Party] = []
    enrolled = 0.0
    for index in np.argsort(-_scores(pop, importers, sizes, rng), kind="stable"):
        value = float(sizes[int(index)])
        party = importers[int(index)]
        if value > 0 and enrolled + value <= budget:
            members.append(party)
            enrolled += value
        else:
            others.append(party)
    _apply_status(pop, members, others, targets, rng)


def assign_mra(pop: Population, share: float, rng: np.random.Generator) -> None:
    """Give foreign manufacturers and consolidators in MRA countries their own programme's status.

    The likelier holders are the more diligent, as with the US program; a US member keeps its US status and
    may hold the foreign one too.
    """
    for entity_type in (EntityType.FOREIGN_MANUFACTURER, EntityType.CONSOLIDATOR):
        eligible = [p for p in pop.of_type(entity_type) if p.country in MRA_PROGRAMS]
        if not eligible:
            continue
        sizes = np.array([p.size for p in eligible])
        order = np.argsort(-_scores(pop, eligible, sizes, rng), kind="stable")
        for index in order[: round(share * len(eligible))]:
            party = eligible[int(index)]
            pop.parties[party.party_id] = party.with_mra(MRA_PROGRAMS[party.country])
