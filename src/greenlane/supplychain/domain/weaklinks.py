"""How strong each link of a supply chain is on the day of the report. A link that is unknown, points to a
greenlane partner that is not (or no longer) a member, or names a foreign program that is no longer
recognised is a weak link: the place where the cargo could be tampered with unseen. The weakest link of a
chain is the one the program has least reason to trust, and a known failure (suspended, removed) ranks
below an unknown party because there is evidence against it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum

from greenlane.supplychain.domain.chains import Chain, LinkKind, Node


class LinkState(StrEnum):
    """How a link stands on the day of the report; every state but the first two is a weak link."""

    MEMBER = "member"
    MUTUAL_RECOGNITION = "mutual_recognition"
    NOT_YET_CERTIFIED = "not_yet_certified"
    SUSPENDED = "suspended"
    ENDED = "ended"  # removed, withdrawn or rejected
    MISSING_PARTNER = "missing_partner"
    UNRECOGNISED_PROGRAM = "unrecognised_program"
    UNKNOWN = "unknown"


# Higher is stronger; the weakest link of a chain is its lowest. A known failure (suspended, removed) is
# weaker than an unknown party because the program has evidence against it.
_STRENGTH = {
    LinkState.MEMBER: 3,
    LinkState.MUTUAL_RECOGNITION: 3,
    LinkState.NOT_YET_CERTIFIED: 2,
    LinkState.UNKNOWN: 1,
    LinkState.UNRECOGNISED_PROGRAM: 1,
    LinkState.SUSPENDED: 0,
    LinkState.ENDED: 0,
    LinkState.MISSING_PARTNER: 0,
}
_TIER_BONUS = {"tier_1": 0, "tier_2": 1, "tier_3": 2}
_TIER_LABEL = {"tier_1": "Tier I", "tier_2": "Tier II", "tier_3": "Tier III"}
_ENDED = frozenset({"removed", "withdrawn", "rejected"})


@dataclass(frozen=True, slots=True)
class PartyStanding:
    """What the partners area says today about a linked greenlane partner, in plain values."""

    partner_id: int
    status: str
    tier: str
    is_member: bool


@dataclass(frozen=True, slots=True)
class LinkAssessment:
    node: Node
    state: LinkState
    strength: int
    label: str
    reason: str | None = None

    @property
    def weak(self) -> bool:
        return self.reason is not None


def assess_link(
    node: Node, *, standings: Mapping[int, PartyStanding], recognised: frozenset[str]
) -> LinkAssessment:
    """Judges one link against live partner standings and the current mutual-recognition list."""
    link = node.link
    if link.kind is LinkKind.UNKNOWN:
        return _judged(
            node,
            LinkState.UNKNOWN,
            "unknown",
            "no greenlane or mutual-recognition membership is recorded for this party",
        )
    if link.kind is LinkKind.MUTUAL_RECOGNITION:
        if (link.program or "") in recognised:
            return _judged(node, LinkState.MUTUAL_RECOGNITION, f"{link.program} {link.foreign_id}", None)
        return _judged(
            node,
            LinkState.UNRECOGNISED_PROGRAM,
            f"{link.program} (not recognised)",
            f"program {link.program} is not recognised under a mutual-recognition arrangement",
        )
    standing = standings.get(link.partner_id or 0)
    if standing is None:
        return _judged(
            node,
            LinkState.MISSING_PARTNER,
            "no such partner",
            f"greenlane partner {link.partner_id} does not exist",
        )
    return _judged_member(node, standing)


def _judged_member(node: Node, standing: PartyStanding) -> LinkAssessment:
    who = f"greenlane partner {standing.partner_id}"
    status = standing.status.replace("_", " ")
    if standing.is_member:
        label = f"{_TIER_LABEL.get(standing.tier, standing.tier)} member"
        strong = _judged(node, LinkState.MEMBER, label, None)
        return replace(strong, strength=strong.strength + _TIER_BONUS.get(standing.tier, 0))
    if standing.status == "suspended":
        return _judged(node, LinkState.SUSPENDED, "suspended", f"{who} is suspended")
    if standing.status in _ENDED:
        return _judged(node, LinkState.ENDED, status, f"{who} is no longer a member ({status})")
    return _judged(node, LinkState.NOT_YET_CERTIFIED, status, f"{who} is not yet certified ({status})")


def _judged(node: Node, state: LinkState, label: str, reason: str | None) -> LinkAssessment:
    return LinkAssessment(node=node, state=state, strength=_STRENGTH[state], label=label, reason=reason)


@dataclass(frozen=True, slots=True)
class ChainAssessment:
    chain: Chain
    links: tuple[LinkAssessment, ...]

    @property
    def weak_links(self) -> tuple[LinkAssessment, ...]:
        return tuple(a for a in self.links if a.weak)

    @property
    def weakest(self) -> LinkAssessment | None:
        """The lowest-strength link, the earliest in the journey on a tie; None for a chain with no nodes."""
        return min(self.links, key=lambda a: (a.strength, a.node.position), default=None)

    def summary(self) -> str:
        weakest = self.weakest
        if weakest is None:
            return "no parties mapped yet"
        where = f"{weakest.node.name} ({weakest.node.role.value.replace('_', ' ')}, {weakest.node.country})"
        if not weakest.weak:
            return f"every link is vouched for; weakest is {where}: {weakest.label}"
        return f"weakest link is {where}: {weakest.reason}"


def assess_chain(
    chain: Chain, *, standings: Mapping[int, PartyStanding], recognised: frozenset[str]
) -> ChainAssessment:
    return ChainAssessment(
        chain=chain,
        links=tuple(assess_link(n, standings=standings, recognised=recognised) for n in chain.nodes),
    )


@dataclass(frozen=True, slots=True)
class MapAssessment:
    """A partner's whole map judged on one day: the weak-link report is its weak links, by chain."""

    partner_id: int
    chains: tuple[ChainAssessment, ...]
    partner_name: str = ""

    @property
    def total_links(self) -> int:
        return sum(len(c.links) for c in self.chains)

    @property
    def weak_count(self) -> int:
        return sum(len(c.weak_links) for c in self.chains)

    def by_state(self) -> dict[str, int]:
        """Weak links counted by what makes them weak."""
        return dict(Counter(a.state.value for c in self.chains for a in c.weak_links))
