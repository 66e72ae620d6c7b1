"""Worlds shared by the world tests: generating one takes about a second, so each is built once per session
and its days are kept in memory (a small world's month is a few thousand bills)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from greenlane.world import DayBatch, MembershipTargets, World, WorldParams, WorldSummary, build_world


@dataclass(frozen=True)
class Generated:
    world: World
    batches: tuple[DayBatch, ...]
    summary: WorldSummary


def generate(params: WorldParams) -> Generated:
    world = build_world(params)
    batches = tuple(world.days())
    summary = WorldSummary.start(world)
    for batch in batches:
        summary.add(world, batch)
    return Generated(world, batches, summary)


@pytest.fixture(scope="session")
def month_2002() -> Generated:
    """Default calibration (2002), drift starting on day 15."""
    return generate(WorldParams(seed=11, days=30))


@pytest.fixture(scope="session")
def month_2020() -> Generated:
    return generate(WorldParams(seed=11, days=30, membership=MembershipTargets.for_year(2020)))
