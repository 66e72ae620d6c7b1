"""Users and roles: a partner user is bound to exactly one partner and staff to none; usernames and passwords
follow simple rules; each role's permissions and partner scope are what the program needs."""

from __future__ import annotations

import pytest

from greenlane.core.errors import PermissionDenied, ValidationFailed
from greenlane.identity.domain import (
    ROLE_PERMISSIONS,
    Actor,
    Permission,
    Role,
    User,
    validate_password,
    validate_username,
)

STAFF_ROLES = [r for r in Role if r is not Role.PARTNER_USER]


def test_a_partner_user_must_be_bound_to_a_partner() -> None:
    with pytest.raises(ValidationFailed, match="must be bound to a partner") as refused:
        User(id=None, username="harbor", role=Role.PARTNER_USER, password_hash="h")
    assert refused.value.field == "partner_id"


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_staff_must_not_be_bound_to_a_partner(role: Role) -> None:
    with pytest.raises(ValidationFailed, match="only partner users") as refused:
        User(id=None, username="staff", role=role, password_hash="h", partner_id=3)
    assert refused.value.field == "partner_id"


@pytest.mark.parametrize("username", ["ab", "x" * 65, "has space", "semi;colon", ""])
def test_a_bad_username_is_refused_naming_the_field(username: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        validate_username(username)
    assert refused.value.field == "username"


@pytest.mark.parametrize("username", ["abc", "ada.lovelace", "ops-1_b", "ada@harbor.example", "x" * 64])
def test_a_good_username_is_accepted(username: str) -> None:
    validate_username(username)


def test_a_password_needs_at_least_eight_characters() -> None:
    with pytest.raises(ValidationFailed, match="at least 8") as refused:
        validate_password("1234567")
    assert refused.value.field == "password"
    validate_password("12345678")


def test_a_partner_user_sees_only_its_partner_and_staff_see_the_program() -> None:
    partner_user = Actor(user_id=1, username="harbor", role=Role.PARTNER_USER, partner_id=5)
    specialist = Actor(user_id=2, username="spec", role=Role.SECURITY_SPECIALIST)

    assert partner_user.partner_scope() == 5
    assert (partner_user.may_access_partner(5), partner_user.may_access_partner(6)) == (True, False)
    assert specialist.partner_scope() is None and specialist.may_access_partner(6)


def test_a_partner_user_cannot_decide_read_the_whole_program_or_manage_users() -> None:
    partner_user = Actor(user_id=1, username="harbor", role=Role.PARTNER_USER, partner_id=5)

    for permission in (Permission.PARTNERS_DECIDE, Permission.PARTNERS_READ_ALL, Permission.USERS_MANAGE):
        with pytest.raises(PermissionDenied, match=f"harbor \\(partner_user\\) may not {permission.value}"):
            partner_user.require(permission)


def test_only_admins_and_specialists_decide_and_revoke_and_only_admins_manage_users() -> None:
    deciders = {r for r in Role if Permission.PARTNERS_DECIDE in ROLE_PERMISSIONS[r]}
    revokers = {r for r in Role if Permission.CREDENTIALS_REVOKE in ROLE_PERMISSIONS[r]}
    managers = {r for r in Role if Permission.USERS_MANAGE in ROLE_PERMISSIONS[r]}

    assert deciders == revokers == {Role.ADMIN, Role.SECURITY_SPECIALIST}
    assert managers == {Role.ADMIN}


def test_analysts_only_read() -> None:
    assert all(p.value.endswith(("read", "read_all")) for p in ROLE_PERMISSIONS[Role.ANALYST])


@pytest.mark.parametrize("role", [Role.TARGETING_OFFICER, Role.ANALYST])
def test_targeting_officers_and_analysts_change_nothing_in_the_partner_program(role: Role) -> None:
    program_changes = {
        Permission.PARTNERS_APPLY,
        Permission.PARTNERS_EDIT,
        Permission.PARTNERS_DECIDE,
        Permission.PARTNERS_WITHDRAW,
        Permission.PROFILES_ANSWER,
        Permission.SUPPLYCHAIN_EDIT,
        Permission.CREDENTIALS_REVOKE,
        Permission.USERS_MANAGE,
    }
    assert ROLE_PERMISSIONS[role].isdisjoint(program_changes)
    assert Permission.PARTNERS_READ_ALL in ROLE_PERMISSIONS[role]


def test_an_unsaved_user_has_no_actor() -> None:
    with pytest.raises(ValueError, match="not been stored"):
        User(id=None, username="spec", role=Role.ANALYST, password_hash="h").as_actor()
