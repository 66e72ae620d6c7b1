"""Login tokens: short-lived signed JWTs carrying the user id. Role and partner binding are read again from
the database on each request, so a changed role or a deactivated user takes effect at once."""

from __future__ import annotations

from datetime import datetime, timedelta

import jwt

from greenlane.core.errors import NotAuthenticated

_ALGORITHM = "HS256"


def issue_token(*, user_id: int, secret: str, now: datetime, minutes: int) -> str:
    claims = {"sub": str(user_id), "iat": int(now.timestamp()), "exp": int((now + timedelta(minutes=minutes)).timestamp())}
    return jwt.encode(claims, secret, algorithm=_ALGORITHM)


def read_token(token: str, *, secret: str) -> int:
    """The user id in a valid token; expired or forged tokens are refused."""
    try:
        claims = jwt.decode(token, secret, algorithms=[_ALGORITHM], options={"require": ["sub", "exp"]})
        return int(claims["sub"])
    except jwt.ExpiredSignatureError as exc:
        raise NotAuthenticated("session expired: log in again") from exc
    except (jwt.InvalidTokenError, ValueError) as exc:
        raise NotAuthenticated("invalid token") from exc
