"""The edge's view of identity: FastAPI dependencies that open the request's transaction, authenticate the
caller from a bearer token or the web session cookie, and guard routes with `require(Permission...)`.
The application stores its Database, Settings and clock on `app.state`; nothing here knows the app."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Path, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from greenlane.core.clock import Clock
from greenlane.core.config import Settings
from greenlane.core.errors import NotAuthenticated
from greenlane.db.engine import Database
from greenlane.identity.domain import Actor, Permission
from greenlane.identity.service import actor_for_token

COOKIE_NAME = "greenlane_session"
_bearer = HTTPBearer(auto_error=False)


def database(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def settings(request: Request) -> Settings:
    s: Settings = request.app.state.settings
    return s


def clock(request: Request) -> Clock:
    c: Clock = request.app.state.clock
    return c


def _token(request: Request, credentials: HTTPAuthorizationCredentials | None) -> str | None:
    if credentials is not None and credentials.scheme.lower() == "bearer":
        return credentials.credentials
    return request.cookies.get(COOKIE_NAME)


def current_actor(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Actor:
    token = _token(request, credentials)
    if not token:
        raise NotAuthenticated("log in first: send 'Authorization: Bearer <token>'")
    db = database(request)
    with db.transaction() as session:
        return actor_for_token(
            session, token=token, secret=settings(request).resolved_secret_key(), clock=clock(request)
        )


def optional_actor(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Actor | None:
    try:
        return current_actor(request, credentials)
    except NotAuthenticated:
        return None


def require(*permissions: Permission) -> Callable[[Actor], Actor]:
    """A dependency that authenticates the caller and checks every listed permission."""

    def guard(actor: Annotated[Actor, Depends(current_actor)]) -> Actor:
        for permission in permissions:
            actor.require(permission)
        return actor

    return guard


DatabaseDep = Annotated[Database, Depends(database)]
SettingsDep = Annotated[Settings, Depends(settings)]
ClockDep = Annotated[Clock, Depends(clock)]

MAX_RECORD_ID = 2**31 - 1
RecordId = Annotated[int, Path(ge=1, le=MAX_RECORD_ID, description="A record id, a positive 32-bit integer.")]
"""Ids in paths: records are numbered from 1 in 32-bit columns, so a larger number can name nothing and is
refused as bad input (422) before it reaches a database that would fail on it."""
