"""A small program for the supply-chain API, page and CLI tests: two partner companies with a user each, a
security specialist, an analyst, and one partner already mapped with a weak chain. Tests log in as whoever
they need and check what each can reach. Users are stored with one password hash computed once and given
tokens directly: logging in is the identity tests' business, and argon2 per test would make these slow."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy.orm import Session

from greenlane.bootstrap import Container
from greenlane.db import Database
from greenlane.identity.domain import SYSTEM, Role, User
from greenlane.identity.http import COOKIE_NAME
from greenlane.identity.passwords import hash_password
from greenlane.identity.repository import UserRepository
from greenlane.identity.tokens import issue_token
from greenlane.supplychain import service
from greenlane.supplychain.domain import Node, NodeRole, StatusLink
from tests.builders import PASSWORD, MutableClock, make_partner
from tests.integration.supplychain.members import partner_in

PROGRAMS = frozenset({"AEO-EU", "AEO-JP"})


@dataclass(frozen=True)
class World:
    mine: int  # the partner whose user logs in as "alice"
    theirs: int  # another partner, with user "bob" and a mapped chain
    their_chain: int
    their_node: int
    suspended: int  # a suspended greenlane partner that their chain links to
    member: int  # a Tier I member
    users: dict[str, int] = field(default_factory=dict)


@lru_cache(maxsize=1)
def _password_hash() -> str:
    return hash_password(PASSWORD)


def _add_user(
    session: Session, username: str, role: Role, partner_id: int | None, clock: MutableClock
) -> int:
    user = UserRepository(session).add(
        User(
            id=None,
            username=username,
            role=role,
            password_hash=_password_hash(),
            partner_id=partner_id,
            created_at=clock(),
        )
    )
    assert user.id is not None
    return user.id


def build_world(db: Database, clock: MutableClock) -> World:
    with db.transaction() as session:
        mine = make_partner(session, legal_name="Alice Imports", clock=clock).id
        theirs = make_partner(session, legal_name="Bob Traders", clock=clock).id
        assert mine is not None and theirs is not None
        suspended = partner_in(session, "suspended", clock, name="Shaky Carrier")
        member = partner_in(session, "certified", clock, name="Solid Forwarder")
        accounts = [
            ("alice", Role.PARTNER_USER, mine),
            ("bob", Role.PARTNER_USER, theirs),
            ("spec", Role.SECURITY_SPECIALIST, None),
            ("ana", Role.ANALYST, None),
        ]
        ids = {name: _add_user(session, name, role, partner, clock) for name, role, partner in accounts}
        chain = service.create_chain(
            session,
            actor=SYSTEM,
            partner_id=theirs,
            name="Ningbo to Seattle",
            programs=PROGRAMS,
            clock=clock,
            nodes=[
                Node(id=None, role=NodeRole.FACTORY, name="Ningbo Tools", country="CN"),
                Node(
                    id=None,
                    role=NodeRole.CARRIER,
                    name="Shaky Carrier",
                    country="SG",
                    link=StatusLink.member(suspended),
                ),
            ],
        ).chain
    assert chain.id is not None and chain.nodes[0].id is not None
    return World(
        mine=mine,
        theirs=theirs,
        their_chain=chain.id,
        their_node=chain.nodes[0].id,
        suspended=suspended,
        member=member,
        users=ids,
    )


def token(container: Container, world: World, username: str) -> str:
    return issue_token(
        user_id=world.users[username],
        secret=container.settings.resolved_secret_key(),
        now=container.clock(),
        minutes=60,
    )


def headers(container: Container, world: World, username: str) -> dict[str, str]:
    """API authentication as one of the world's users."""
    return {"Authorization": f"Bearer {token(container, world, username)}"}


def cookies(container: Container, world: World, username: str) -> dict[str, str]:
    """The web session cookie of one of the world's users."""
    return {COOKIE_NAME: token(container, world, username)}
