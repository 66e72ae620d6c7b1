"""The demo job: a fresh embedded database, the seeded program, and a summary a newcomer can read, ending
with how to open the web UI on the same data."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table
from sqlalchemy.engine import make_url

from greenlane.bootstrap import Container, build_container, migrate
from greenlane.core.errors import Conflict
from greenlane.demo.cargo import CargoReport, run_cargo_demo
from greenlane.demo.program import DEMO_PASSWORD, STAFF, SeedReport, seed_program
from greenlane.demo.targeting import TargetingReport, run_targeting_demo
from greenlane.identity.domain import SYSTEM
from greenlane.manifests import service as manifests
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
    world_dir = container.settings.data_dir / "demo-world"
    with console.status("Generating a month of a synthetic port and ingesting its manifests..."):
        cargo = run_cargo_demo(container.db, out=world_dir, today=container.clock(), seed=seed)
    _summarise_cargo(console, container, cargo)
    with console.status("Training on the world's history and targeting a week of arrivals..."):
        targeted = run_targeting_demo(
            container.db,
            settings=container.settings,
            truth_file=world_dir / "truth" / "ground_truth.csv",
            clock=container.clock,
            seed=seed,
        )
    _summarise_targeting(console, targeted)
    console.print(
        "Open the web UI on this data:  [bold].venv/bin/greenlane serve[/]  then http://127.0.0.1:8000 "
        "(API docs at /api/docs)."
    )
    return report


def _summarise_cargo(console: Console, container: Container, cargo: CargoReport) -> None:
    console.rule("[bold green]greenlane demo: advance cargo data")
    world = cargo.world
    if world is not None:
        console.print(
            f"Synthetic world (seed-reproducible, files in {cargo.world_dir}): {world.bills} bills, "
            f"{world.containers} containers over {world.days} days; members ship "
            f"{world.member_value_share:.0%} of the value (2002 figure: 34 %), "
            f"{world.carrier_enrolment_share:.0%} of ocean carriers enrolled (2002: about 90 %); "
            f"{world.violations} shipments carry a hidden violation (ground truth kept apart)."
        )
    console.print(
        f"Enrolled the world's members as partners: {cargo.enrolled} ({cargo.suspended} suspended)."
    )
    table = Table(
        "file",
        "received",
        "accepted",
        "corrected",
        "dupes",
        "held",
        "flagged",
        title="Ingest: every record accepted, a duplicate, or quarantined (held)",
    )
    for r in cargo.ingests:
        c = r.counts
        table.add_row(
            Path(r.source).name,
            *(
                str(v)
                for v in (c.received, c.accepted, c.corrections, c.duplicates, c.quarantined, c.flagged)
            ),
        )
    console.print(table)
    with container.db.transaction() as session:
        flags, ports = manifests.flag_and_port_counts(session, actor=SYSTEM)
        held, _ = manifests.list_quarantine(session, actor=SYSTEM, limit=10)
        reasons = [f"{q.locator}: {q.field}: {q.reason}" for q in held]
    console.print(
        "Flagged filings: " + ", ".join(f"{code.replace('_', ' ')} {n}" for code, n in sorted(flags.items()))
    )
    console.print(
        "Filings by port of discharge: "
        + ", ".join(f"{port} {n}" for port, n in sorted(ports.items(), key=lambda kv: -kv[1])[:6])
    )
    for reason in reasons:
        console.print(f"  quarantined {reason}")


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


def _summarise_targeting(console: Console, report: TargetingReport) -> None:
    console.rule("[bold green]greenlane demo: risk scoring and lanes")
    console.print(
        f"History: {report.history_exams} examined filings ({report.history_frauds} with findings) "
        f"trained model {report.first_model}."
    )
    table = Table(
        "day", "shipments", "red", "yellow", "blue", "green", "random draws", title="A week of targeting"
    )
    for run in report.runs:
        table.add_row(
            run.day.isoformat(),
            str(run.shipments),
            *(str(run.lanes.get(lane, 0)) for lane in ("red", "yellow", "blue", "green")),
            str(run.random_draws),
        )
    console.print(table)
    perf = report.performance
    caught = f"{report.caught_in_red / report.week_violations:.0%}" if report.week_violations else "n/a"
    console.print(
        f"Detection: the red lane held {report.caught_in_red} of the week's {report.week_violations} "
        f"shipments with hidden violations ({caught}) while examining "
        f"{sum(r.lanes.get('red', 0) for r in report.runs)} of {sum(r.shipments for r in report.runs)}."
    )
    console.print(
        f"Exam rate: members {perf.get('exam_rate_members')}, non-members "
        f"{perf.get('exam_rate_non_members')} (ratio {perf.get('non_member_to_member_exam_ratio')}); "
        f"hit rate of random draws {perf.get('random_hit_rate')} over {perf.get('random_exams')} exams, "
        f"of targeted exams {perf.get('targeted_hit_rate')} over {perf.get('targeted_exams')}."
    )
    verdict = "retrain" if report.drift.get("retrain") else "model holds"
    console.print(
        f"Retrained on the larger history: model {report.retrained_model}. Drift monitor: {verdict}; "
        + "; ".join(str(r) for r in report.drift.get("reasons", []))
    )
    scored = report.on_demand
    if scored:
        console.print(
            f"Scored on demand, nothing stored (greenlane targeting score FILE, or the API): "
            f"{scored['carrier']} {scored['bill_number']} to {scored['port_of_discharge']}, score "
            f"{scored['score']:.3f} (model {scored['model_score']:.3f}, rules {scored['rule_weight']:+.2f}, "
            f"trust {scored['trust_offset']:+.3f}), {'flagged' if scored['flagged'] else 'not flagged'}; "
            f"filing flags: {', '.join(scored['filing_flags']) or 'none'}; rules: "
            f"{', '.join(scored['rules_fired']) or 'none'}."
        )
