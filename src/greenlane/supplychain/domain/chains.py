"""What a partner records about its supply chain. A partner names its chains (say "Shenzhen electronics to
Los Angeles"); each chain lists, in the order the goods pass them, the parties that touch the cargo: factory,
stuffing point, consolidator, foreign port, carrier, broker. Every party carries a status link: another
greenlane partner, a member of a foreign program recognised under mutual recognition, or unknown. The rules
here decide what may be recorded, so the API, the web pages, the CLI and the demo all refuse the same things
with the chain, node and field named."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from greenlane.core.errors import Conflict, NotFound, ValidationFailed

MAX_CHAINS_PER_PARTNER = 100
MAX_NODES_PER_CHAIN = 50


class NodeRole(StrEnum):
    """What a party does for the goods on their way; the order of a chain is the order of the journey."""

    FACTORY = "factory"
    STUFFING_POINT = "stuffing_point"
    CONSOLIDATOR = "consolidator"
    WAREHOUSE = "warehouse"
    FOREIGN_PORT = "foreign_port"
    TERMINAL = "terminal"
    CARRIER = "carrier"
    BROKER = "broker"

    @classmethod
    def parse(cls, text: str) -> NodeRole:
        key = text.strip().lower().replace("-", "_").replace(" ", "_")
        try:
            return cls(key)
        except ValueError:
            valid = ", ".join(r.value for r in cls)
            raise ValidationFailed(f"unknown role {text!r}; expected one of: {valid}", field="role") from None


class LinkKind(StrEnum):
    MEMBER = "member"  # another greenlane partner
    MUTUAL_RECOGNITION = "mutual_recognition"  # a member of a recognised foreign program
    UNKNOWN = "unknown"

    @classmethod
    def parse(cls, text: str) -> LinkKind:
        key = text.strip().lower().replace("-", "_").replace(" ", "_")
        key = {"greenlane": "member", "mra": "mutual_recognition", "foreign": "mutual_recognition"}.get(
            key, key
        )
        try:
            return cls(key)
        except ValueError:
            valid = ", ".join(k.value for k in cls)
            raise ValidationFailed(
                f"unknown link kind {text!r}; expected one of: {valid}", field="link.kind"
            ) from None


@dataclass(frozen=True, slots=True)
class StatusLink:
    """Who vouches for the party. Exactly the fields of its kind are set, so a link can never be half one
    kind and half another."""

    kind: LinkKind = LinkKind.UNKNOWN
    partner_id: int | None = None
    program: str | None = None
    foreign_id: str | None = None

    @classmethod
    def member(cls, partner_id: int) -> StatusLink:
        return cls(kind=LinkKind.MEMBER, partner_id=partner_id)

    @classmethod
    def foreign(cls, program: str, foreign_id: str) -> StatusLink:
        return cls(
            kind=LinkKind.MUTUAL_RECOGNITION, program=program.strip().upper(), foreign_id=foreign_id.strip()
        )

    def checked(self, *, record: str, recognised: frozenset[str]) -> StatusLink:
        """A member link names a partner id; a foreign link names a recognised program and the party's id in
        it; an unknown link names neither. New links to an unrecognised program are refused here, while
        stored ones whose program was later dropped from the list are reported as weak instead."""
        if self.kind is LinkKind.MEMBER:
            if self.partner_id is None or self.partner_id < 1:
                raise ValidationFailed(
                    "a member link needs the partner id", field="link.partner_id", record=record
                )
            if self.program or self.foreign_id:
                raise ValidationFailed(
                    "a member link has no foreign program", field="link.program", record=record
                )
            return self
        if self.kind is LinkKind.UNKNOWN:
            if self.partner_id is not None or self.program or self.foreign_id:
                raise ValidationFailed(
                    "an unknown link names no partner or program", field="link.kind", record=record
                )
            return self
        return self._checked_foreign(record=record, recognised=recognised)

    def _checked_foreign(self, *, record: str, recognised: frozenset[str]) -> StatusLink:
        program = (self.program or "").strip().upper()
        foreign_id = (self.foreign_id or "").strip()
        if self.partner_id is not None:
            raise ValidationFailed(
                "a foreign-program link names no greenlane partner", field="link.partner_id", record=record
            )
        if program not in recognised:
            shown = ", ".join(sorted(recognised)) or "none configured"
            raise ValidationFailed(
                f"program {program or '(empty)'!r} is not recognised under mutual recognition; "
                f"recognised: {shown}",
                field="link.program",
                record=record,
            )
        if not 1 <= len(foreign_id) <= 64:
            raise ValidationFailed(
                "the party's id in the foreign program is required (1-64 characters)",
                field="link.foreign_id",
                record=record,
            )
        return replace(self, program=program, foreign_id=foreign_id)


@dataclass(frozen=True, slots=True)
class Node:
    """One party in a chain. `position` counts from 1 in the order the goods pass."""

    id: int | None
    role: NodeRole
    name: str
    country: str
    address: str = ""
    link: StatusLink = field(default_factory=StatusLink)
    position: int = 0

    def checked(self, *, record: str, recognised: frozenset[str]) -> Node:
        name, country, address = self.name.strip(), self.country.strip().upper(), self.address.strip()
        if not 1 <= len(name) <= 200:
            raise ValidationFailed(
                "the party's name is required (1-200 characters)", field="name", record=record
            )
        if len(country) != 2 or not country.isascii() or not country.isalpha():
            raise ValidationFailed(
                f"{self.country!r} is not an ISO 3166 two-letter code", field="country", record=record
            )
        if len(address) > 500:
            raise ValidationFailed("at most 500 characters", field="address", record=record)
        link = self.link.checked(record=record, recognised=recognised)
        return replace(self, name=name, country=country, address=address, link=link)


def check_chain_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not 1 <= len(cleaned) <= 200:
        raise ValidationFailed("a chain needs a name of 1-200 characters", field="name")
    return cleaned


@dataclass(slots=True)
class Chain:
    """A named route the goods take, with its parties in journey order."""

    id: int | None
    partner_id: int
    name: str
    nodes: list[Node] = field(default_factory=list)
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def node(self, node_id: int) -> Node:
        found = next((n for n in self.nodes if n.id == node_id), None)
        if found is None:
            raise NotFound(f"node {node_id} not found in chain {self.name!r}")
        return found

    def add_node(self, node: Node, *, recognised: frozenset[str], position: int | None = None) -> Node:
        """Inserts at `position` (1 = first; default last) and renumbers the rest."""
        if len(self.nodes) >= MAX_NODES_PER_CHAIN:
            raise ValidationFailed(
                f"a chain holds at most {MAX_NODES_PER_CHAIN} nodes",
                field="nodes",
                record=f"chain {self.name!r}",
            )
        index = self._index_for(position, len(self.nodes) + 1)
        checked = node.checked(record=self._record(index + 1), recognised=recognised)
        self.nodes.insert(index, checked)
        self._renumber()
        return self.nodes[index]

    def update_node(
        self, node_id: int, changed: Node, *, recognised: frozenset[str], position: int | None = None
    ) -> Node:
        """Replaces the party's details (keeping its id) and moves it when a position is given."""
        current = self.node(node_id)
        index = self.nodes.index(current)
        checked = replace(changed, id=node_id).checked(record=self._record(index + 1), recognised=recognised)
        del self.nodes[index]
        target = index if position is None else self._index_for(position, len(self.nodes) + 1)
        self.nodes.insert(target, checked)
        self._renumber()
        return self.nodes[target]

    def remove_node(self, node_id: int) -> None:
        self.nodes.remove(self.node(node_id))
        self._renumber()

    def _index_for(self, position: int | None, slots: int) -> int:
        if position is None:
            return slots - 1
        if not 1 <= position <= slots:
            raise ValidationFailed(
                f"position must be between 1 and {slots}", field="position", record=f"chain {self.name!r}"
            )
        return position - 1

    def _renumber(self) -> None:
        self.nodes[:] = [replace(n, position=i) for i, n in enumerate(self.nodes, start=1)]

    def _record(self, position: int) -> str:
        return f"chain {self.name!r} node {position}"


@dataclass(slots=True)
class SupplyChainMap:
    """All chains of one partner: names are unique within a map, ignoring case and spacing."""

    partner_id: int
    chains: list[Chain] = field(default_factory=list)

    def new_chain(self, name: str, *, at: datetime) -> Chain:
        cleaned = check_chain_name(name)
        if len(self.chains) >= MAX_CHAINS_PER_PARTNER:
            raise ValidationFailed(f"a partner maps at most {MAX_CHAINS_PER_PARTNER} chains", field="name")
        self._refuse_duplicate(cleaned, keep=None)
        chain = Chain(id=None, partner_id=self.partner_id, name=cleaned, created_at=at, updated_at=at)
        self.chains.append(chain)
        return chain

    def rename(self, chain: Chain, name: str, *, at: datetime) -> Chain:
        cleaned = check_chain_name(name)
        self._refuse_duplicate(cleaned, keep=chain.id)
        chain.name, chain.updated_at = cleaned, at
        return chain

    def _refuse_duplicate(self, name: str, *, keep: int | None) -> None:
        if any(c.name.casefold() == name.casefold() and (keep is None or c.id != keep) for c in self.chains):
            raise Conflict(f"partner {self.partner_id} already has a chain named {name!r}")
