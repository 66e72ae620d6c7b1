"""Account use cases: create a user, log in, and resolve a token to the acting user."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from functools import cache

from sqlalchemy.orm import Session

from greenlane.core.clock import Clock, utc_now
from greenlane.core.errors import Conflict, NotAuthenticated, NotFound
from greenlane.identity.domain import Actor, Role, User, validate_password, validate_username
from greenlane.identity.passwords import hash_password, verify_password
from greenlane.identity.repository import UserRepository
from greenlane.identity.tokens import issue_token, read_token

PartnerExists = Callable[[int], bool]


def create_user(
    session: Session,
    *,
    username: str,
    password: str,
    role: Role,
    partner_id: int | None = None,
    partner_exists: PartnerExists | None = None,
    clock: Clock = utc_now,
) -> User:
    """Partner users must name a partner that exists; the caller passes the check because identity sits
    below the partners area and cannot query it."""
    validate_username(username)
    validate_password(password)
    repo = UserRepository(session)
    if repo.by_username(username) is not None:
        raise Conflict(f"user {username!r} already exists")
    user = User(
        id=None, username=username, role=role, password_hash="", partner_id=partner_id, created_at=clock()
    )
    if partner_id is not None and partner_exists is not None and not partner_exists(partner_id):
        raise NotFound(f"partner {partner_id} does not exist")
    user.password_hash = hash_password(password)
    return repo.add(user)


def log_in(
    session: Session, *, username: str, password: str, secret: str, minutes: int, clock: Clock = utc_now
) -> str:
    """The same refusal after the same work for an unknown user, an inactive one and a wrong password, so that
    usernames can be probed neither by the answer nor by how long it takes."""
    user = UserRepository(session).by_username(username)
    password_ok = verify_password(user.password_hash if user else _stand_in_hash(), password)
    if user is None or not user.active or not password_ok:
        raise NotAuthenticated("wrong username or password")
    assert user.id is not None
    return issue_token(user_id=user.id, secret=secret, now=clock(), minutes=minutes)


@cache
def _stand_in_hash() -> str:
    """Checked when the username is unknown, so that costs one argon2 verification like a wrong password."""
    return hash_password(secrets.token_urlsafe(32))


def actor_for_token(session: Session, *, token: str, secret: str, clock: Clock = utc_now) -> Actor:
    user = UserRepository(session).get(read_token(token, secret=secret, now=clock()))
    if user is None or not user.active:
        raise NotAuthenticated("account no longer active")
    return user.as_actor()


def list_users(session: Session) -> list[User]:
    return UserRepository(session).list()
