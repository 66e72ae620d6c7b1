"""The officer's commands: `greenlane targeting run|train|queue|override|drift|performance|score` and
`greenlane exams record|list`. The evaluation commands of the same group (benchmarks on public data) live in
cli/targeting.py."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from greenlane.cli.common import JsonOption, console, container, print_json, transaction, user_errors
from greenlane.identity.domain import SYSTEM
from greenlane.risk.rules import load_ruleset
from greenlane.targeting import monitoring, screening, service
from greenlane.targeting.schemas import DecisionOut, ExamOut, ModelOut

exams_app = typer.Typer(
    help="Exam results: what examinations found; they become the model's labels.", no_args_is_help=True
)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"--date {text!r}: expected YYYY-MM-DD") from None


@user_errors
def run(
    day: Annotated[str, typer.Option("--date", help="Arrival day, YYYY-MM-DD.")],
    port: Annotated[str | None, typer.Option("--port", help="Only this port of discharge.")] = None,
    red_capacity: Annotated[int | None, typer.Option(help="Physical exams per port and day.", min=0)] = None,
    rules: Annotated[Path | None, typer.Option(help="A selectivity ruleset YAML file.")] = None,
    seed: Annotated[int, typer.Option(help="Seed of the random draws.")] = 0,
    json_output: Annotated[bool, JsonOption] = False,
) -> None:
    """Assign lanes to a day's arrivals: forced rules, random draws, then scores up to capacity."""
    c = container()
    plan = service.capacity_plan(red_capacity)
    ruleset = load_ruleset(rules) if rules else None
    with transaction() as session:
        summary = service.run_targeting(
            session,
            actor=SYSTEM,
            settings=c.settings,
            day=_day(day),
            port=port,
            plan=plan,
            rules=ruleset,
            seed=seed,
            clock=c.clock,
        )
    if json_output:
        print_json(summary.as_dict())
        return
    lanes = ", ".join(f"{lane} {summary.lanes.get(lane, 0)}" for lane in ("red", "yellow", "blue", "green"))
    console.print(
        f"{summary.day} {summary.port or 'all ports'}: {summary.shipments} shipments -> {lanes}; "
        f"{summary.random_draws} random draws; model {summary.model_version}"
    )


@user_errors
def train(
    until: Annotated[str | None, typer.Option("--until", help="Train on arrivals up to this day.")] = None,
    seed: Annotated[int, typer.Option()] = 0,
    json_output: Annotated[bool, JsonOption] = False,
) -> None:
    """Train on recorded exam results (random draws weighted up) and make the new model active."""
    c = container()
    with transaction() as session:
        row = ModelOut.of(
            service.train_model(
                session,
                actor=SYSTEM,
                settings=c.settings,
                until=_day(until) if until else None,
                seed=seed,
                clock=c.clock,
            )
        )
    if json_output:
        print_json(row)
    else:
        console.print(f"model {row.version}: {row.examples} examined shipments, {row.positives} with fraud")


@user_errors
def queue(
    day: Annotated[str, typer.Option("--date")],
    port: Annotated[str | None, typer.Option("--port")] = None,
    lane: Annotated[str | None, typer.Option("--lane")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000)] = 50,
    json_output: Annotated[bool, JsonOption] = False,
) -> None:
    """The officer's ranked list for a day: red first, highest score first, with the reasons."""
    with transaction() as session:
        rows, total = service.queue(session, actor=SYSTEM, day=_day(day), port=port, lane=lane, limit=limit)
        items = [DecisionOut.of(r, staff=True) for r in rows]
    if json_output:
        print_json({"items": [i.model_dump(mode="json") for i in items], "total": total})
        return
    table = Table("decision", "bill", "port", "lane", "score", "why", "reasons", title=f"{total} shipments")
    for i in items:
        table.add_row(
            str(i.id),
            str(i.bill_id),
            i.port,
            i.lane,
            f"{i.score:.3f}",
            i.why or "",
            "; ".join(i.reasons or [])[:160],
        )
    console.print(table)


@user_errors
def override(
    decision_id: int,
    lane: Annotated[str, typer.Option("--lane", help="red, yellow, blue or green")],
    reason: Annotated[str, typer.Option("--reason", help="Reason code.")],
    note: Annotated[str, typer.Option("--note")],
) -> None:
    """Move a shipment to another lane with a reason code and a note; the change is logged."""
    with transaction() as session:
        row = service.override_lane(
            session,
            actor=SYSTEM,
            decision_id=decision_id,
            lane=lane,
            reason=reason,
            note=note,
            clock=container().clock,
        )
        console.print(f"decision {row.id}: lane {row.engine_lane} -> {row.lane}")


@user_errors
def drift(
    days: Annotated[int, typer.Option(min=1, max=365)] = 7, json_output: Annotated[bool, JsonOption] = False
) -> None:
    """Whether recent scores and hit rates still look like the training period, and if not, why."""
    with transaction() as session:
        status = monitoring.drift_status(session, actor=SYSTEM, days=days, clock=container().clock)
    if json_output:
        print_json(status)
    else:
        console.print(
            ("[red]retrain[/]" if status["retrain"] else "[green]model holds[/]")
            + ": "
            + "; ".join(str(r) for r in status.get("reasons", []))
            or "no sign of drift"
        )


@user_errors
def performance(
    start: Annotated[str, typer.Option("--from")],
    end: Annotated[str, typer.Option("--to")],
    json_output: Annotated[bool, JsonOption] = False,
) -> None:
    """Exam rates of members against non-members, and hit rates of random and targeted exams."""
    with transaction() as session:
        figures = monitoring.performance(session, actor=SYSTEM, start=_day(start), end=_day(end))
    if json_output:
        print_json(figures)
        return
    table = Table("figure", "value")
    for key, value in figures.items():
        table.add_row(key.replace("_", " "), str(value))
    console.print(table)


def _document(path: str) -> object:
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise ValueError(f"{path}: {error.strerror or error}") from None
    try:
        return json.loads(text)
    except ValueError as error:
        raise ValueError(f"{path}: not a JSON document ({error})") from None


@user_errors
def score(
    path: Annotated[
        str, typer.Argument(help="One bill as a JSON object (the NDJSON contract); - for stdin.")
    ],
    rules: Annotated[Path | None, typer.Option(help="A selectivity ruleset YAML file.")] = None,
    json_output: Annotated[bool, JsonOption] = False,
) -> None:
    """Score one filing without storing it: model risk, rules, trust offset and, if flagged, the reasons."""
    c = container()
    document = _document(path)
    with transaction() as session:
        result = screening.score_filing(
            session,
            actor=SYSTEM,
            settings=c.settings,
            document=document,
            rules=load_ruleset(rules) if rules else None,
        )
    if json_output:
        print_json(result.as_dict())
        return
    verdict = "[red]flagged[/]" if result.flagged else "[green]below the high-risk threshold[/]"
    console.print(f"{result.carrier} {result.bill_number}: score {result.score:.3f}, {verdict}")
    console.print(
        f"model {result.model_score:.3f}, rules {result.rule_weight:+.2f}, trust {result.trust_offset:+.3f}; "
        f"threshold {result.high_risk_threshold:.2f}"
    )
    if result.forced_lane:
        console.print(f"forced to {result.forced_lane} by rule {result.forced_rule}")
    for reason in result.reasons:
        console.print(f"  - {reason}")


@exams_app.command("record")
@user_errors
def record(
    bill_id: int,
    outcome: Annotated[str, typer.Option("--outcome", help="nothing_found, discrepancy or seizure")],
    category: Annotated[
        str | None, typer.Option("--category", help="For a seizure: what was seized.")
    ] = None,
    note: Annotated[str, typer.Option("--note")] = "",
    json_output: Annotated[bool, JsonOption] = False,
) -> None:
    with transaction() as session:
        row = ExamOut.of(
            service.record_exam(
                session,
                actor=SYSTEM,
                bill_id=bill_id,
                outcome=outcome,
                category=category,
                note=note,
                clock=container().clock,
            )
        )
    print_json(row) if json_output else console.print(f"bill {bill_id}: {row.outcome} recorded")


@exams_app.command("list")
@user_errors
def list_(json_output: Annotated[bool, JsonOption] = False) -> None:
    with transaction() as session:
        rows = [ExamOut.of(r) for r in service.exam_results(session, actor=SYSTEM)]
    if json_output:
        print_json(rows)
        return
    table = Table("bill", "outcome", "category", "random", "by", "when", title=f"{len(rows)} exam results")
    for r in rows:
        table.add_row(
            str(r.bill_id),
            r.outcome,
            r.category or "",
            str(r.random_draw),
            r.recorded_by,
            r.recorded_at.strftime("%Y-%m-%d"),
        )
    console.print(table)
