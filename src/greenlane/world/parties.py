"""The parties of the synthetic world as the program sees them, and the hidden behaviour it cannot see.

A Party is what a registry or the partnership knows: kind of business (the twelve entity types of
greenlane.core.types), country and address, trade identifier, program status and tier, and the foreign
mutual-recognition programme it holds, if any. Its Behaviour (diligence, compliance propensity, security
posture) drives what its shipments really carry but is kept apart, in the world's ground truth, because a
customs agency only ever learns it through exams and validations. A Site is a place where containers are
stuffed; a site with no known owner is a weak link in a supply chain.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from enum import StrEnum

from greenlane.core.types import EntityType, Tier

__all__ = ["Behaviour", "MembershipStatus", "Party", "Site", "sigmoid"]


class MembershipStatus(StrEnum):
    """Where a party stands in the program. Suspended members keep their tier but lose the benefits."""

    NONE = "none"
    APPLICANT = "applicant"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    REMOVED = "removed"


@dataclass(frozen=True, slots=True)
class Party:
    party_id: str
    name: str
    entity_type: EntityType
    country: str
    city: str
    address: str
    identifier: str
    size: float
    status: MembershipStatus = MembershipStatus.NONE
    tier: Tier = Tier.NONE
    mra_program: str | None = None
    port: str | None = None

    @property
    def is_member(self) -> bool:
        """Enrolled in the program, whether or not benefits are currently suspended."""
        return self.status in (MembershipStatus.ACTIVE, MembershipStatus.SUSPENDED)

    @property
    def is_trusted(self) -> bool:
        """A link a supply-chain map counts as secure: an active member or a recognised foreign programme."""
        return self.status is MembershipStatus.ACTIVE or self.mra_program is not None

    def with_membership(self, status: MembershipStatus, tier: Tier) -> Party:
        return replace(self, status=status, tier=tier)

    def with_mra(self, program: str) -> Party:
        return replace(self, mra_program=program)


@dataclass(frozen=True, slots=True)
class Site:
    """A stuffing point: a factory, a consolidator's freight station, or a warehouse nobody mapped."""

    site_id: str
    owner_id: str | None
    kind: str
    country: str
    city: str
    address: str

    @property
    def known(self) -> bool:
        """Only a site with an identified owner can be vetted; an unknown one is a weak link."""
        return self.owner_id is not None


def sigmoid(value: float) -> float:
    return 1.0 / (1.0 + math.exp(-value))


@dataclass(frozen=True, slots=True)
class Behaviour:
    """Hidden propensities in [0, 1]: compliance (declares truthfully, files on time) and security posture.

    Both rise with the latent diligence that also makes a company likelier to enrol and to reach a higher
    tier, and both rise again with active membership (members tighten their security to meet the criteria
    and their procedures are audited), security the more. Noise on top keeps the link imperfect: some
    members are careless, some outsiders are excellent.
    """

    party_id: str
    diligence: float
    compliance: float
    security: float

    @classmethod
    def derive(cls, party: Party, diligence: float, noise: tuple[float, float]) -> Behaviour:
        """Traits from diligence, standing and two standard normal draws (one per trait)."""
        tier_lift = {Tier.NONE: 0.0, Tier.TIER_1: 0.2, Tier.TIER_2: 0.4, Tier.TIER_3: 0.6}[party.tier]
        member_lift = 0.6 if party.status is MembershipStatus.ACTIVE else 0.0
        mra_lift = 0.4 if party.mra_program else 0.0
        compliance = sigmoid(1.2 + 1.1 * diligence + 0.7 * noise[0] + 0.5 * member_lift)
        security = sigmoid(0.6 + 0.9 * diligence + 0.8 * noise[1] + member_lift + tier_lift + mra_lift)
        return cls(party.party_id, diligence, compliance, security)
