"""Wiring shared by the web app, the CLI and the tests: settings, the database, the clock, and the list of
every area's tables so that migrations and schema checks see the whole model."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import MetaData

from greenlane.core.clock import Clock, utc_now
from greenlane.core.config import Settings, get_settings
from greenlane.core.ratelimit import SlidingWindowLimiter
from greenlane.db import Base, Database


def load_all_tables() -> MetaData:
    """Importing each area's tables registers them on the shared metadata."""
    import greenlane.criteria.tables
    import greenlane.identity.tables
    import greenlane.manifests.tables
    import greenlane.partners.tables
    import greenlane.supplychain.tables
    import greenlane.targeting.tables
    import greenlane.verification.tables  # noqa: F401

    return Base.metadata


@dataclass
class Container:
    settings: Settings
    db: Database
    clock: Clock = utc_now
    limiter: SlidingWindowLimiter = field(init=False)

    def __post_init__(self) -> None:
        self.limiter = SlidingWindowLimiter(per_minute=self.settings.public_lookup_per_minute)


def build_container(settings: Settings | None = None, *, clock: Clock = utc_now) -> Container:
    settings = settings or get_settings()
    load_all_tables()
    return Container(settings=settings, db=Database(settings.resolved_database_url()), clock=clock)


def migrate(container: Container) -> None:
    from greenlane.migrations.runner import upgrade

    upgrade(container.db.url)
