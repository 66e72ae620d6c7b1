"""Time is read through a clock so that legal deadlines can be tested on fixed dates."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The system clock, always timezone-aware in UTC."""
    return datetime.now(UTC)


def fixed_clock(moment: datetime) -> Clock:
    """A clock stuck at `moment`, for tests and for replaying history."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return lambda: aware


def as_utc(moment: datetime) -> datetime:
    """Databases may hand back naive datetimes (SQLite); every stored time is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def today(clock: Clock = utc_now) -> date:
    return clock().date()


def add_years(moment: datetime, years: int) -> datetime:
    """The same calendar day `years` later; 29 February falls on 28 February so a deadline is never late."""
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:
        return moment.replace(year=moment.year + years, day=28)
