"""Request and response shapes of the supply-chain API. Input is checked field by field so that bad input
is refused with the field named before anything is written; the rules that need the program's settings or
the other chains (recognised programs, unique names) are the domain's and come back as the same 422."""

from __future__ import annotations

from datetime import datetime
from typing import Self

from pydantic import BaseModel, Field, model_validator

from greenlane.supplychain.domain import (
    ChainAssessment,
    LinkAssessment,
    LinkKind,
    LinkState,
    MapAssessment,
    Node,
    NodeRole,
    StatusLink,
)

_NAME = Field(min_length=1, max_length=200)
_COUNTRY = Field(min_length=2, max_length=2, pattern="^[A-Za-z]{2}$", description="ISO 3166 alpha-2")


class LinkIn(BaseModel):
    kind: LinkKind = LinkKind.UNKNOWN
    partner_id: int | None = Field(
        default=None, ge=1, description="The greenlane partner, for a member link."
    )
    program: str | None = Field(
        default=None, min_length=2, max_length=32, description="A recognised foreign program such as AEO-EU."
    )
    foreign_id: str | None = Field(
        default=None, min_length=1, max_length=64, description="The party's id in the foreign program."
    )

    @model_validator(mode="after")
    def _fields_match_kind(self) -> Self:
        needed = {
            LinkKind.MEMBER: {"partner_id"},
            LinkKind.MUTUAL_RECOGNITION: {"program", "foreign_id"},
            LinkKind.UNKNOWN: set(),
        }[self.kind]
        given = {name for name in ("partner_id", "program", "foreign_id") if getattr(self, name) is not None}
        if needed - given:
            raise ValueError(f"a {self.kind.value} link needs {', '.join(sorted(needed - given))}")
        if given - needed:
            raise ValueError(f"a {self.kind.value} link takes no {', '.join(sorted(given - needed))}")
        return self

    def to_domain(self) -> StatusLink:
        return StatusLink(
            kind=self.kind, partner_id=self.partner_id, program=self.program, foreign_id=self.foreign_id
        )


class NodeIn(BaseModel):
    role: NodeRole
    name: str = _NAME
    country: str = _COUNTRY
    address: str = Field(default="", max_length=500)
    link: LinkIn = Field(default_factory=LinkIn)
    position: int | None = Field(default=None, ge=1, description="1 = first in the journey; default last.")

    def to_domain(self) -> Node:
        return Node(
            id=None,
            role=self.role,
            name=self.name,
            country=self.country,
            address=self.address,
            link=self.link.to_domain(),
        )


class NodeUpdate(BaseModel):
    """Only the given parts change; a given link replaces the whole link."""

    role: NodeRole | None = None
    name: str | None = Field(default=None, min_length=1, max_length=200)
    country: str | None = Field(default=None, min_length=2, max_length=2, pattern="^[A-Za-z]{2}$")
    address: str | None = Field(default=None, max_length=500)
    link: LinkIn | None = None
    position: int | None = Field(default=None, ge=1)

    def applied_to(self, node: Node) -> Node:
        return Node(
            id=node.id,
            role=self.role or node.role,
            name=self.name if self.name is not None else node.name,
            country=self.country or node.country,
            address=self.address if self.address is not None else node.address,
            link=self.link.to_domain() if self.link is not None else node.link,
            position=node.position,
        )


class ChainIn(BaseModel):
    name: str = _NAME
    nodes: list[NodeIn] = Field(default_factory=list, max_length=50)


class ChainRename(BaseModel):
    name: str = _NAME


class LinkOut(BaseModel):
    kind: LinkKind
    partner_id: int | None
    program: str | None
    foreign_id: str | None


class NodeOut(BaseModel):
    id: int
    position: int
    role: NodeRole
    name: str
    country: str
    address: str
    link: LinkOut
    state: LinkState
    label: str
    strength: int
    weak: bool
    reason: str | None

    @classmethod
    def of(cls, a: LinkAssessment) -> NodeOut:
        n = a.node
        assert n.id is not None
        link = LinkOut(
            kind=n.link.kind,
            partner_id=n.link.partner_id,
            program=n.link.program,
            foreign_id=n.link.foreign_id,
        )
        return cls(
            id=n.id,
            position=n.position,
            role=n.role,
            name=n.name,
            country=n.country,
            address=n.address,
            link=link,
            state=a.state,
            label=a.label,
            strength=a.strength,
            weak=a.weak,
            reason=a.reason,
        )


class ChainOut(BaseModel):
    id: int
    partner_id: int
    name: str
    created_at: datetime | None
    updated_at: datetime | None
    nodes: list[NodeOut]
    total_links: int
    weak_count: int
    weakest_node_id: int | None
    summary: str

    @classmethod
    def of(cls, c: ChainAssessment, *, weak_only: bool = False) -> ChainOut:
        assert c.chain.id is not None
        weakest = c.weakest
        links = c.weak_links if weak_only else c.links
        return cls(
            id=c.chain.id,
            partner_id=c.chain.partner_id,
            name=c.chain.name,
            created_at=c.chain.created_at,
            updated_at=c.chain.updated_at,
            nodes=[NodeOut.of(a) for a in links],
            total_links=len(c.links),
            weak_count=len(c.weak_links),
            weakest_node_id=weakest.node.id if weakest else None,
            summary=c.summary(),
        )


class MapOut(BaseModel):
    """A partner's map; in a weak-link report each chain lists only its weak links."""

    partner_id: int
    partner_name: str
    total_links: int
    weak_count: int
    weak_by_state: dict[str, int]
    chains: list[ChainOut]

    @classmethod
    def of(cls, m: MapAssessment, *, weak_only: bool = False) -> MapOut:
        return cls(
            partner_id=m.partner_id,
            partner_name=m.partner_name,
            total_links=m.total_links,
            weak_count=m.weak_count,
            weak_by_state=m.by_state(),
            chains=[ChainOut.of(c, weak_only=weak_only) for c in m.chains],
        )


class ProgramWeakLinksOut(BaseModel):
    partners: int
    total_links: int
    weak_count: int
    weak_by_state: dict[str, int]
    maps: list[MapOut]

    @classmethod
    def of(cls, maps: list[MapAssessment]) -> ProgramWeakLinksOut:
        by_state: dict[str, int] = {}
        for m in maps:
            for state, count in m.by_state().items():
                by_state[state] = by_state.get(state, 0) + count
        return cls(
            partners=len(maps),
            total_links=sum(m.total_links for m in maps),
            weak_count=sum(m.weak_count for m in maps),
            weak_by_state=by_state,
            maps=[MapOut.of(m, weak_only=True) for m in maps],
        )
