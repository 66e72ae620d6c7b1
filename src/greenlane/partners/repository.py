"""Queries on partners. Every read and write goes through the actor's scope: a partner user's repository
can only ever see its own company, even if a route forgets its guard, and another company's record is
reported as not found rather than forbidden so that ids cannot be probed."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from greenlane.core.errors import NotFound
from greenlane.core.types import EntityType
from greenlane.identity.domain import Actor
from greenlane.partners.domain import Contact, Partner, PartnerStatus, Site, StatusEvent
from greenlane.partners.tables import ContactRow, PartnerRow, SiteRow, StatusEventRow


@dataclass(frozen=True, slots=True)
class PartnerFilter:
    status: PartnerStatus | None = None
    entity_type: EntityType | None = None
    search: str | None = None
    limit: int = 100
    offset: int = 0


def _to_domain(row: PartnerRow) -> Partner:
    return Partner(
        id=row.id,
        legal_name=row.legal_name,
        entity_types=tuple(EntityType(t) for t in row.entity_types),
        status=PartnerStatus(row.status),
        applied_at=row.applied_at,
        identifiers=dict(row.identifiers),
        sites=tuple(Site(name=s.name, country=s.country, kind=s.kind, address=s.address) for s in row.sites),
        contacts=tuple(
            Contact(
                name=c.name,
                email=c.email,
                title=c.title,
                phone=c.phone,
                is_officer=c.is_officer,
                is_primary=c.is_primary,
            )
            for c in row.contacts
        ),
        verification_id=row.verification_id,
        certified_at=row.certified_at,
        last_validated_at=row.last_validated_at,
        suspended_at=row.suspended_at,
        status_before_suspension=PartnerStatus(row.status_before_suspension)
        if row.status_before_suspension
        else None,
        ended_at=row.ended_at,
        history=[
            StatusEvent(
                at=e.at,
                actor=e.actor,
                from_status=PartnerStatus(e.from_status) if e.from_status else None,
                to_status=PartnerStatus(e.to_status),
                reason=e.reason,
                kind=e.kind,
            )
            for e in row.events
        ],
    )


class PartnerRepository:
    def __init__(self, session: Session, actor: Actor) -> None:
        self.session = session
        self.actor = actor

    def _scoped(self, query: Select[PartnerRow]) -> Select[PartnerRow]:
        scope = self.actor.partner_scope()
        return query if scope is None else query.where(PartnerRow.id == scope)

    def _row(self, partner_id: int) -> PartnerRow:
        row = self.session.scalar(self._scoped(select(PartnerRow).where(PartnerRow.id == partner_id)))
        if row is None:
            raise NotFound(f"partner {partner_id} not found")
        found: PartnerRow = row
        return found

    def get(self, partner_id: int) -> Partner:
        return _to_domain(self._row(partner_id))

    def exists(self, partner_id: int) -> bool:
        return (
            self.session.scalar(self._scoped(select(PartnerRow).where(PartnerRow.id == partner_id)))
            is not None
        )

    def search(self, filters: PartnerFilter) -> tuple[list[Partner], int]:
        query = self._scoped(select(PartnerRow))
        if filters.status is not None:
            query = query.where(PartnerRow.status == filters.status.value)
        if filters.search:
            query = query.where(func.lower(PartnerRow.legal_name).contains(filters.search.lower()))
        rows = list(self.session.scalars(query.order_by(PartnerRow.legal_name, PartnerRow.id)))
        if filters.entity_type is not None:
            # JSON containment differs between SQLite and PostgreSQL; filtering here keeps one query for both.
            rows = [r for r in rows if filters.entity_type.value in r.entity_types]
        return [_to_domain(r) for r in rows[filters.offset : filters.offset + filters.limit]], len(rows)

    def all(self) -> list[Partner]:
        return [
            _to_domain(r)
            for r in self.session.scalars(self._scoped(select(PartnerRow).order_by(PartnerRow.id)))
        ]

    def add(self, partner: Partner) -> Partner:
        row = PartnerRow(entity_types=[], identifiers={})
        self.session.add(row)
        self._write(row, partner)
        self.session.flush()
        return _to_domain(row)

    def save(self, partner: Partner) -> Partner:
        assert partner.id is not None
        row = self._row(partner.id)
        self._write(row, partner)
        self.session.flush()
        return _to_domain(row)

    def _write(self, row: PartnerRow, partner: Partner) -> None:
        row.legal_name = partner.legal_name
        row.entity_types = [t.value for t in partner.entity_types]
        row.identifiers = dict(partner.identifiers)
        row.status = partner.status.value
        row.verification_id = partner.verification_id
        row.applied_at = partner.applied_at
        row.certified_at = partner.certified_at
        row.last_validated_at = partner.last_validated_at
        row.suspended_at = partner.suspended_at
        row.status_before_suspension = (
            partner.status_before_suspension.value if partner.status_before_suspension else None
        )
        row.ended_at = partner.ended_at
        row.sites = [
            SiteRow(position=i, name=s.name, country=s.country, kind=s.kind, address=s.address)
            for i, s in enumerate(partner.sites)
        ]
        row.contacts = [
            ContactRow(
                position=i,
                name=c.name,
                email=c.email,
                title=c.title,
                phone=c.phone,
                is_officer=c.is_officer,
                is_primary=c.is_primary,
            )
            for i, c in enumerate(partner.contacts)
        ]
        # History is append-only: only events beyond those already stored are inserted.
        for sequence, event in enumerate(partner.history[len(row.events) :], start=len(row.events)):
            row.events.append(
                StatusEventRow(
                    sequence=sequence,
                    at=event.at,
                    actor=event.actor,
                    from_status=event.from_status.value if event.from_status else None,
                    to_status=event.to_status.value,
                    kind=event.kind,
                    reason=event.reason,
                )
            )

    def public_by_verification_id(self, verification_id: str) -> Partner | None:
        """The public lookup needs no login, so it is not scoped; the edge returns only public fields."""
        row = self.session.scalar(select(PartnerRow).where(PartnerRow.verification_id == verification_id))
        return _to_domain(row) if row else None

    def count_by_status(self) -> dict[str, int]:
        query = select(PartnerRow.status, func.count()).group_by(PartnerRow.status)
        scope = self.actor.partner_scope()
        if scope is not None:
            query = query.where(PartnerRow.id == scope)
        return {status: count for status, count in self.session.execute(query)}

    def identifier_index(self, kinds: tuple[str, ...]) -> dict[tuple[str, str], int]:
        """(identifier kind, value) to partner id, for matching filings to the partners they concern."""
        index: dict[tuple[str, str], int] = {}
        for partner_id, identifiers in self.session.execute(select(PartnerRow.id, PartnerRow.identifiers)):
            for kind in kinds:
                value = (identifiers or {}).get(kind)
                if value:
                    index[(kind, value.strip().upper())] = partner_id
        return index

    def holder_of_identifier(self, kind: str, values: list[str]) -> int | None:
        """The partner holding any of `values` (stripped, upper case) as its `kind` identifier, trying them in
        the order given: one narrow query instead of reading every partner's identifiers."""
        held = func.upper(func.trim(PartnerRow.identifiers[kind].as_string()))
        query = select(PartnerRow.id, held).where(held.in_(values)).order_by(PartnerRow.id)
        found = {value: partner_id for partner_id, value in self.session.execute(query)}
        return next((found[v] for v in values if v in found), None)

    def many(self, partner_ids: list[int]) -> list[Partner]:
        """Several partners in one query (in the actor's scope); ids that do not exist are left out."""
        if not partner_ids:
            return []
        query = self._scoped(select(PartnerRow).where(PartnerRow.id.in_(sorted(set(partner_ids)))))
        return [_to_domain(r) for r in self.session.scalars(query.order_by(PartnerRow.id))]
