"""Alembic environment: sees every area's tables through the bootstrap; comparisons cover all."""

from __future__ import annotations

from alembic import context

from greenlane.bootstrap import load_all_tables
from greenlane.db.engine import make_engine

metadata = load_all_tables()
url = context.config.get_main_option("sqlalchemy.url") or ""


def run() -> None:
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run()
