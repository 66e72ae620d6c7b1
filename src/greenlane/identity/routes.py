"""Identity API: log in for a token, see who you are, and (admins) manage users."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from greenlane.identity.domain import Actor, Permission
from greenlane.identity.http import ClockDep, DatabaseDep, SettingsDep, current_actor, require
from greenlane.identity.schemas import LoginRequest, TokenResponse, UserOut
from greenlane.identity.service import list_users, log_in

router = APIRouter(tags=["identity"])


@router.post("/auth/token", response_model=TokenResponse)
def login(body: LoginRequest, db: DatabaseDep, settings: SettingsDep, clock: ClockDep) -> TokenResponse:
    with db.transaction() as session:
        token = log_in(
            session,
            username=body.username,
            password=body.password,
            secret=settings.resolved_secret_key(),
            minutes=settings.token_minutes,
            clock=clock,
        )
    return TokenResponse(access_token=token)


@router.get("/auth/me", response_model=UserOut)
def me(actor: Annotated[Actor, Depends(current_actor)]) -> UserOut:
    return UserOut(id=actor.user_id, username=actor.username, role=actor.role, partner_id=actor.partner_id)


@router.get("/users", response_model=list[UserOut])
def users(db: DatabaseDep, _: Annotated[Actor, Depends(require(Permission.USERS_MANAGE))]) -> list[UserOut]:
    with db.transaction() as session:
        return [
            UserOut(id=u.id or 0, username=u.username, role=u.role, partner_id=u.partner_id)
            for u in list_users(session)
        ]
