"""Accounts on the database: the rules for creating users (partner users name an existing partner, staff name
none, usernames are unique, passwords long enough), logging in without revealing which usernames exist, and
a deactivated account losing access at once, even with a token it already holds."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from greenlane.core.errors import Conflict, NotAuthenticated, NotFound, ValidationFailed
from greenlane.db import Database
from greenlane.identity import service
from greenlane.identity.domain import SYSTEM, Role
from greenlane.identity.repository import UserRepository
from greenlane.identity.service import actor_for_token, create_user, log_in
from greenlane.identity.tables import UserRow
from greenlane.identity.tokens import issue_token
from greenlane.partners.service import partner_exists
from tests.builders import PASSWORD, MutableClock, make_partner, make_user
from tests.integration.partners.support import cheap_password_hashing

pytestmark = [pytest.mark.db, pytest.mark.usefixtures(cheap_password_hashing.__name__)]
SECRET = "test-secret-" + "x" * 32


def user_count(db: Database) -> int:
    with db.transaction() as session:
        return session.scalar(select(func.count()).select_from(UserRow)) or 0


def test_a_partner_user_is_created_for_an_existing_partner_and_logs_in(
    db: Database, clock: MutableClock
) -> None:
    with db.transaction() as session:
        partner_id = make_partner(session, clock=clock).id
        user = create_user(
            session,
            username="harbor",
            password=PASSWORD,
            role=Role.PARTNER_USER,
            partner_id=partner_id,
            partner_exists=lambda pid: partner_exists(session, actor=SYSTEM, partner_id=pid),
            clock=clock,
        )
    with db.transaction() as session:
        token = log_in(session, username="harbor", password=PASSWORD, secret=SECRET, minutes=60, clock=clock)
        actor = actor_for_token(session, token=token, secret=SECRET, clock=clock)

    assert (actor.user_id, actor.role, actor.partner_id) == (user.id, Role.PARTNER_USER, partner_id)
    assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash


def test_a_partner_user_for_a_partner_that_does_not_exist_is_refused(db: Database) -> None:
    with pytest.raises(NotFound, match="partner 999 does not exist"), db.transaction() as session:
        create_user(
            session,
            username="ghost",
            password=PASSWORD,
            role=Role.PARTNER_USER,
            partner_id=999,
            partner_exists=lambda pid: partner_exists(session, actor=SYSTEM, partner_id=pid),
        )
    assert user_count(db) == 0


def test_a_partner_user_without_a_partner_is_refused(db: Database) -> None:
    with pytest.raises(ValidationFailed, match="bound to a partner"), db.transaction() as session:
        create_user(session, username="loose", password=PASSWORD, role=Role.PARTNER_USER)
    assert user_count(db) == 0


def test_staff_bound_to_a_partner_is_refused(db: Database, clock: MutableClock) -> None:
    with db.transaction() as session:
        partner_id = make_partner(session, clock=clock).id
    with pytest.raises(ValidationFailed, match="only partner users"), db.transaction() as session:
        create_user(
            session, username="spec", password=PASSWORD, role=Role.SECURITY_SPECIALIST, partner_id=partner_id
        )
    assert user_count(db) == 0


def test_a_taken_username_is_a_conflict_and_the_first_account_is_untouched(db: Database) -> None:
    with db.transaction() as session:
        first = make_user(session, username="spec", role=Role.SECURITY_SPECIALIST)

    with pytest.raises(Conflict, match="'spec' already exists"), db.transaction() as session:
        create_user(session, username="spec", password="another-password", role=Role.ADMIN)

    with db.transaction() as session:
        stored = UserRepository(session).by_username("spec")
        token = log_in(session, username="spec", password=PASSWORD, secret=SECRET, minutes=5)
    assert stored is not None and (stored.id, stored.role) == (first.user_id, Role.SECURITY_SPECIALIST)
    assert token
    assert user_count(db) == 1


@pytest.mark.parametrize(
    ("username", "password", "field"), [("ab", PASSWORD, "username"), ("spec", "short", "password")]
)
def test_a_bad_username_or_short_password_is_refused_naming_the_field(
    db: Database, username: str, password: str, field: str
) -> None:
    with pytest.raises(ValidationFailed) as refused, db.transaction() as session:
        create_user(session, username=username, password=password, role=Role.ANALYST)
    assert refused.value.field == field
    assert user_count(db) == 0


def test_a_wrong_password_and_an_unknown_user_get_the_same_refusal(db: Database) -> None:
    with db.transaction() as session:
        make_user(session, username="spec", role=Role.SECURITY_SPECIALIST)

    messages = []
    for username, password in (("spec", PASSWORD + "x"), ("nobody", PASSWORD)):
        with pytest.raises(NotAuthenticated) as refused, db.transaction() as session:
            log_in(session, username=username, password=password, secret=SECRET, minutes=5)
        messages.append(refused.value.message)

    assert messages == ["wrong username or password"] * 2


def test_a_deactivated_user_cannot_log_in_and_its_existing_token_stops_working(db: Database) -> None:
    with db.transaction() as session:
        user = make_user(session, username="spec", role=Role.SECURITY_SPECIALIST)
        token = log_in(session, username="spec", password=PASSWORD, secret=SECRET, minutes=60)
        UserRepository(session).set_active(user.user_id, False)

    with pytest.raises(NotAuthenticated, match="wrong username or password"), db.transaction() as session:
        log_in(session, username="spec", password=PASSWORD, secret=SECRET, minutes=60)
    with pytest.raises(NotAuthenticated, match="no longer active"), db.transaction() as session:
        actor_for_token(session, token=token, secret=SECRET)


def test_a_token_for_a_user_that_no_longer_exists_is_refused(db: Database, clock: MutableClock) -> None:
    token = issue_token(user_id=12345, secret=SECRET, now=clock(), minutes=5)

    with pytest.raises(NotAuthenticated), db.transaction() as session:
        actor_for_token(session, token=token, secret=SECRET, clock=clock)


def test_an_unknown_user_costs_the_same_password_check_as_a_wrong_password(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    with db.transaction() as session:
        make_user(session, username="spec", role=Role.SECURITY_SPECIALIST)
    checks: list[str] = []
    real = service.verify_password

    def counting(password_hash: str, password: str) -> bool:
        checks.append(password)
        return real(password_hash, password)

    monkeypatch.setattr(service, "verify_password", counting)
    for username in ("spec", "nobody"):
        with pytest.raises(NotAuthenticated), db.transaction() as session:
            log_in(session, username=username, password="not-the-password", secret=SECRET, minutes=5)

    assert checks == ["not-the-password", "not-the-password"]
