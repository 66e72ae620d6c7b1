"""Queries on user accounts."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from greenlane.identity.domain import Role, User
from greenlane.identity.tables import UserRow


def _to_domain(row: UserRow) -> User:
    return User(
        id=row.id,
        username=row.username,
        role=Role(row.role),
        password_hash=row.password_hash,
        partner_id=row.partner_id,
        active=row.active,
        created_at=row.created_at,
    )


class UserRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, user: User) -> User:
        row = UserRow(
            username=user.username,
            role=user.role.value,
            password_hash=user.password_hash,
            partner_id=user.partner_id,
            active=user.active,
            created_at=user.created_at,
        )
        self.session.add(row)
        self.session.flush()
        return _to_domain(row)

    def by_username(self, username: str) -> User | None:
        row = self.session.scalar(select(UserRow).where(UserRow.username == username))
        return _to_domain(row) if row else None

    def get(self, user_id: int) -> User | None:
        row = self.session.get(UserRow, user_id)
        return _to_domain(row) if row else None

    def list(self) -> list[User]:
        return [_to_domain(r) for r in self.session.scalars(select(UserRow).order_by(UserRow.username))]

    def set_active(self, user_id: int, active: bool) -> None:
        row = self.session.get(UserRow, user_id)
        if row is not None:
            row.active = active
