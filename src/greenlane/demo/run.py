"""The demo job: a fresh embedded database, the seeded program, and a summary a newcomer can read, ending
with how to open the web UI on the same data."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table
from sqlalchemy.engine import make_url

from greenlane.bootstrap import Container, build_container, migrate
from greenlane.core.errors import Conflict
from greenlane.demo.program import DEMO_PASSWORD, STAFF, SeedReport, seed_program
from greenlane.identity.domain import SYSTEM
from greenlane.partners import service as partners
from greenlane.supplychain import service as supplychain


def fresh_container(*, reset: bool) -> Container:
    """The demo owns the embedded SQLite file and recreates it; it never wipes a server database."""
    container = build_container()
    url = make_url(container.db.url)
    if url.get_backend_name() == "sqlite" and url.database:
        if reset:
            container.db.dispose()
            for suffix in ("", "-wal", "-shm"):
                Path(url.database + suffix).unlink(missing_ok=True)
            container = build_container()
    elif reset:
        raise Conflict(
            "the demo only resets the embedded SQLite database; set GREENLANE_DATABASE_URL to a "
            "SQLite file or run it without --reset on an empty server database"
        )
    migrate(container)
    return container


def run_demo(console: Console, *, reset: bool = True, seed: int = 7) -> SeedReport:
    container = fresh_container(reset=reset)
    with console.status("Seeding the partner program..."), container.db.transaction() as session:
        report = seed_program(session, settings=container.settings, today=container.clock(), seed=seed)
    _summarise(console, container, report)
    return report


def _summarise(console: Console, container: Container, report: SeedReport) -> None:
    with container.db.transaction() as session:
        counts = partners.count_program(session, actor=SYSTEM)
        clocks = partners.list_clocks(session, actor=SYSTEM, clock=container.clock)
        weak = supplychain.program_weak_links(
            session, actor=SYSTEM, programs=container.settings.mutual_recognition_programs()
        )
    console.rule("[bold green]greenlane demo: the partner program")
    table = Table("status", "companies", title=f"{counts.total} companies, {counts.members} members")
    for status, n in sorted(counts.by_status.items()):
        table.add_row(status.replace("_", " "), str(n))
    console.print(table)
    types = Table("entity type", "members")
    for entity_type, n in sorted(counts.by_entity_type.items()):
        types.add_row(entity_type.replace("_", " "), str(n))
    console.print(types)
    overdue = [c for c in clocks if c.overdue]
    console.print(
        f"Legal clocks running: {len(clocks)}; [red]overdue: {len(overdue)}[/] "
        f"({', '.join(sorted({c.kind.value.replace('_', ' ') for c in overdue})) or 'none'})"
    )
    weak_links = sum(m.weak_count for m in weak)
    console.print(
        f"Supply chains mapped: {report.chains}; weak links (unknown or suspended parties): {weak_links}"
    )
    logins = Table("username", "role / company", title=f"Demo accounts (password: {DEMO_PASSWORD})")
    for username, role in STAFF:
        logins.add_row(username, role.value.replace("_", " "))
    for username, company in report.partner_logins:
        logins.add_row(username, f"partner user of {company}")
    console.print(logins)
    console.print(
        "Open the web UI on this data:  [bold].venv/bin/greenlane serve[/]  then http://127.0.0.1:8000 "
        "(API docs at /api/docs)."
    )
