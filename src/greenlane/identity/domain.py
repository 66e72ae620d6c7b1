"""Users, roles and permissions. A partner user is bound to exactly one partner company and may only ever
see or change that company's data; staff roles see the whole program within their permissions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from greenlane.core.errors import PermissionDenied, ValidationFailed


class Role(StrEnum):
    ADMIN = "admin"
    TARGETING_OFFICER = "targeting_officer"
    SECURITY_SPECIALIST = "security_specialist"
    PARTNER_USER = "partner_user"
    ANALYST = "analyst"


class Permission(StrEnum):
    USERS_MANAGE = "users:manage"
    PARTNERS_APPLY = "partners:apply"
    PARTNERS_READ = "partners:read"
    PARTNERS_READ_ALL = "partners:read_all"
    PARTNERS_EDIT = "partners:edit"
    PARTNERS_DECIDE = "partners:decide"
    PARTNERS_WITHDRAW = "partners:withdraw"
    PROFILES_ANSWER = "profiles:answer"
    PROFILES_READ = "profiles:read"
    SUPPLYCHAIN_EDIT = "supplychain:edit"
    SUPPLYCHAIN_READ = "supplychain:read"
    CLOCKS_READ = "clocks:read"
    CREDENTIALS_DOWNLOAD = "credentials:download"
    CREDENTIALS_REVOKE = "credentials:revoke"
    MANIFESTS_INGEST = "manifests:ingest"
    MANIFESTS_READ = "manifests:read"
    MANIFESTS_READ_ALL = "manifests:read_all"
    TARGETING_MANAGE = "targeting:manage"


_PARTNER_SELF_SERVICE = {
    Permission.PARTNERS_READ,
    Permission.PARTNERS_EDIT,
    Permission.PARTNERS_WITHDRAW,
    Permission.PROFILES_ANSWER,
    Permission.PROFILES_READ,
    Permission.SUPPLYCHAIN_EDIT,
    Permission.SUPPLYCHAIN_READ,
    Permission.CREDENTIALS_DOWNLOAD,
    Permission.MANIFESTS_INGEST,
    Permission.MANIFESTS_READ,
}
_STAFF_READ = {
    Permission.PARTNERS_READ,
    Permission.PARTNERS_READ_ALL,
    Permission.PROFILES_READ,
    Permission.SUPPLYCHAIN_READ,
    Permission.CLOCKS_READ,
    Permission.MANIFESTS_READ,
    Permission.MANIFESTS_READ_ALL,
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.SECURITY_SPECIALIST: frozenset(
        _STAFF_READ
        | {
            Permission.PARTNERS_APPLY,
            Permission.PARTNERS_EDIT,
            Permission.PARTNERS_DECIDE,
            Permission.PARTNERS_WITHDRAW,
            Permission.PROFILES_ANSWER,
            Permission.SUPPLYCHAIN_EDIT,
            Permission.CREDENTIALS_DOWNLOAD,
            Permission.CREDENTIALS_REVOKE,
        }
    ),
    Role.TARGETING_OFFICER: frozenset(
        _STAFF_READ | {Permission.MANIFESTS_INGEST, Permission.TARGETING_MANAGE}
    ),
    Role.ANALYST: frozenset(_STAFF_READ),
    Role.PARTNER_USER: frozenset(_PARTNER_SELF_SERVICE),
}


@dataclass(frozen=True, slots=True)
class Actor:
    """The authenticated caller of a request or command, as the guards and repositories see it."""

    user_id: int
    username: str
    role: Role
    partner_id: int | None = None

    def can(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]

    def require(self, permission: Permission) -> None:
        if not self.can(permission):
            raise PermissionDenied(f"{self.username} ({self.role.value}) may not {permission.value}")

    @property
    def is_partner_user(self) -> bool:
        return self.role is Role.PARTNER_USER

    def partner_scope(self) -> int | None:
        """The only partner this actor may touch, or None when it may see the whole program."""
        return self.partner_id if self.is_partner_user else None

    def may_access_partner(self, partner_id: int) -> bool:
        return not self.is_partner_user or self.partner_id == partner_id


SYSTEM = Actor(user_id=0, username="system", role=Role.ADMIN)
"""The actor used by the CLI and jobs run by an operator on the server itself."""


@dataclass(slots=True)
class User:
    id: int | None
    username: str
    role: Role
    password_hash: str
    partner_id: int | None = None
    active: bool = True
    created_at: datetime | None = None

    def __post_init__(self) -> None:
        validate_username(self.username)
        if self.role is Role.PARTNER_USER and self.partner_id is None:
            raise ValidationFailed("a partner user must be bound to a partner", field="partner_id")
        if self.role is not Role.PARTNER_USER and self.partner_id is not None:
            raise ValidationFailed("only partner users are bound to a partner", field="partner_id")

    def as_actor(self) -> Actor:
        if self.id is None:
            raise ValueError("user has not been stored yet")
        return Actor(user_id=self.id, username=self.username, role=self.role, partner_id=self.partner_id)


def validate_username(username: str) -> None:
    if not (3 <= len(username) <= 64) or not all(c.isalnum() or c in "._-@" for c in username):
        raise ValidationFailed(
            "3-64 characters: letters, digits and . _ - @ only",
            field="username",
            record=username or "(empty)",
        )


def validate_password(password: str) -> None:
    if len(password) < 8:
        raise ValidationFailed("must be at least 8 characters", field="password")
