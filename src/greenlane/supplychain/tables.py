"""Storage of supply-chain maps: one row per named chain of a partner and one per party along a chain, in
journey order. A chain belongs to its partner and goes with it; the partner a node links to is kept as a
plain id because its standing is read live through the partners service, and a link to a partner that
disappears must show up as a weak link rather than block the other company's record."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from greenlane.db.base import Base, UtcDateTime


class ChainRow(Base):
    __tablename__ = "supply_chains"
    # Exact-name backstop; the domain also refuses names that differ only in case or spacing.
    __table_args__ = (UniqueConstraint("partner_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())

    nodes: Mapped[list[NodeRow]] = relationship(
        order_by="NodeRow.position", cascade="all, delete-orphan", lazy="selectin"
    )


class NodeRow(Base):
    __tablename__ = "supply_chain_nodes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chain_id: Mapped[int] = mapped_column(ForeignKey("supply_chains.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2))
    address: Mapped[str] = mapped_column(Text, default="")
    link_kind: Mapped[str] = mapped_column(String(32))
    # Plain integer, not a foreign key: see the module docstring.
    linked_partner_id: Mapped[int | None] = mapped_column(Integer, index=True)
    program: Mapped[str | None] = mapped_column(String(32))
    foreign_id: Mapped[str | None] = mapped_column(String(64))
