"""Login tokens: a token names its user until it expires on the application's clock; a forged, altered or
foreign-signed token is refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt
import pytest

from greenlane.core.errors import NotAuthenticated
from greenlane.identity.tokens import issue_token, read_token

SECRET = "s" * 48
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def test_a_fresh_token_names_its_user() -> None:
    token = issue_token(user_id=42, secret=SECRET, now=NOW, minutes=30)

    assert read_token(token, secret=SECRET, now=NOW + timedelta(minutes=29)) == 42


def test_a_token_expires_on_the_application_clock_not_the_wall_clock() -> None:
    token = issue_token(user_id=42, secret=SECRET, now=NOW, minutes=30)

    with pytest.raises(NotAuthenticated, match="session expired"):
        read_token(token, secret=SECRET, now=NOW + timedelta(minutes=30))


def test_a_token_issued_long_ago_is_still_read_when_the_application_clock_says_it_is_fresh() -> None:
    long_ago = datetime(2001, 1, 1, tzinfo=UTC)
    token = issue_token(user_id=7, secret=SECRET, now=long_ago, minutes=5)

    assert read_token(token, secret=SECRET, now=long_ago + timedelta(minutes=1)) == 7


def test_a_token_signed_with_another_secret_is_refused() -> None:
    token = issue_token(user_id=42, secret="another-secret-" + "y" * 32, now=NOW, minutes=30)

    with pytest.raises(NotAuthenticated, match="invalid token"):
        read_token(token, secret=SECRET, now=NOW)


def test_a_token_whose_claims_were_changed_is_refused() -> None:
    header, _claims, signature = issue_token(user_id=42, secret=SECRET, now=NOW, minutes=30).split(".")
    forged_claims = jwt.encode({"sub": "1", "exp": 4_000_000_000}, "g" * 40, algorithm="HS256").split(".")[1]

    with pytest.raises(NotAuthenticated, match="invalid token"):
        read_token(f"{header}.{forged_claims}.{signature}", secret=SECRET, now=NOW)


def test_an_unsigned_token_is_refused() -> None:
    unsigned = jwt.encode({"sub": "1", "exp": 4_000_000_000}, key=None, algorithm="none")

    with pytest.raises(NotAuthenticated, match="invalid token"):
        read_token(unsigned, secret=SECRET, now=NOW)


@pytest.mark.parametrize(
    "claims",
    [{"exp": 4_000_000_000}, {"sub": "1"}, {"sub": "not-a-number", "exp": 4_000_000_000}],
    ids=["no subject", "no expiry", "subject not a user id"],
)
def test_a_correctly_signed_token_with_missing_or_bad_claims_is_refused(claims: dict[str, object]) -> None:
    with pytest.raises(NotAuthenticated, match="invalid token"):
        read_token(jwt.encode(claims, SECRET, algorithm="HS256"), secret=SECRET, now=NOW)


@pytest.mark.parametrize("garbage", ["", "abc", "a.b.c"])
def test_garbage_is_refused(garbage: str) -> None:
    with pytest.raises(NotAuthenticated):
        read_token(garbage, secret=SECRET, now=NOW)


def test_a_token_issued_by_an_application_clock_ahead_of_the_wall_clock_is_read() -> None:
    future = datetime.now(UTC) + timedelta(days=400)
    token = issue_token(user_id=9, secret=SECRET, now=future, minutes=5)

    assert read_token(token, secret=SECRET, now=future + timedelta(minutes=1)) == 9
