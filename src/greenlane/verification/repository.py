"""Queries on issued credentials, scoped to the actor for partner users."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from greenlane.core.errors import NotFound
from greenlane.identity.domain import Actor
from greenlane.verification.tables import IssuedCredentialRow


class CredentialRepository:
    def __init__(self, session: Session, actor: Actor) -> None:
        self.session = session
        self.actor = actor

    def add(self, row: IssuedCredentialRow) -> None:
        scope = self.actor.partner_scope()
        if scope is not None and scope != row.partner_id:
            raise NotFound(f"partner {row.partner_id} not found")
        self.session.add(row)
        self.session.flush()

    def for_partner(self, partner_id: int) -> list[IssuedCredentialRow]:
        scope = self.actor.partner_scope()
        if scope is not None and scope != partner_id:
            raise NotFound(f"partner {partner_id} not found")
        query = select(IssuedCredentialRow).where(IssuedCredentialRow.partner_id == partner_id)
        return list(self.session.scalars(query.order_by(IssuedCredentialRow.issued_at.desc())))

    def get(self, credential_id: str) -> IssuedCredentialRow:
        row = self.session.get(IssuedCredentialRow, credential_id)
        scope = self.actor.partner_scope()
        if row is None or (scope is not None and row.partner_id != scope):
            raise NotFound(f"credential {credential_id} not found")
        return row

    def outstanding(self) -> list[IssuedCredentialRow]:
        return list(
            self.session.scalars(select(IssuedCredentialRow).where(IssuedCredentialRow.revoked_at.is_(None)))
        )

    def revoked(self) -> dict[str, datetime]:
        query = select(IssuedCredentialRow.credential_id, IssuedCredentialRow.revoked_at).where(
            IssuedCredentialRow.revoked_at.is_not(None)
        )
        return {cid: at for cid, at in self.session.execute(query) if at is not None}
