"""Login tokens: short-lived signed JWTs carrying the user id. Role and partner binding are read again from
the database on each request, so a changed role or a deactivated user takes effect at once."""

from __future__ import annotations

from datetime import datetime, timedelta

import jwt

from greenlane.core.errors import NotAuthenticated

_ALGORITHM = "HS256"


def issue_token(*, user_id: int, secret: str, now: datetime, minutes: int) -> str:
    claims = {
        "sub": str(user_id),
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(minutes=minutes)).timestamp()),
    }
    return jwt.encode(claims, secret, algorithm=_ALGORITHM)


def read_token(token: str, *, secret: str, now: datetime) -> int:
    """The user id in a valid token; expired or forged tokens are refused. Expiry is judged on the
    application's clock, the same one that issued the token."""
    try:
        # PyJWT judges "exp" and "iat" on the wall clock. Expiry is judged below on the application clock, and
        # "iat" is not checked: a token issued by a clock set ahead (demo or test dates) would fail at once.
        claims = jwt.decode(
            token,
            secret,
            algorithms=[_ALGORITHM],
            options={"require": ["sub", "exp"], "verify_exp": False, "verify_iat": False},
        )
        user_id, expires = int(claims["sub"]), int(claims["exp"])
    except (jwt.InvalidTokenError, ValueError, TypeError) as exc:
        raise NotAuthenticated("invalid token") from exc
    if now.timestamp() >= expires:
        raise NotAuthenticated("session expired: log in again")
    return user_id
