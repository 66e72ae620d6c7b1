"""`greenlane world`: generate a seeded, calibrated synthetic trade world into a folder.

The world gives the program something real-looking to run on with no outside data: parties and their
supply chains, a month (or a year) of manifests in every supported format, importer security filings, and
the ground truth kept apart for scoring exams and detection. Generation streams day by day to disk with a
progress bar, then prints how close the world landed to the public figures it is calibrated to.
"""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from greenlane.cli.common import console, err_console, print_json, user_errors
from greenlane.world import (
    VIOLATION_BAND,
    MembershipTargets,
    Scale,
    WorldParams,
    WorldSummary,
    build_world,
    default_drift,
    write_world,
)

__all__ = ["app", "generate"]

_FIRST_DAY = datetime(2024, 1, 1)
app = typer.Typer(help="Synthetic trade world: seeded, calibrated, with ground truth.", no_args_is_help=True)


@app.callback()
def world() -> None:
    """Synthetic trade world: seeded, calibrated, with its ground truth kept apart."""


def _targets(year: int, member_value_share: float | None, carrier_share: float | None) -> MembershipTargets:
    targets = MembershipTargets.for_year(year)
    overrides: dict[str, Any] = {}
    if member_value_share is not None:
        overrides["importer_value_share"] = member_value_share
    if carrier_share is not None:
        overrides["carrier_share"] = carrier_share
    return replace(targets, **overrides) if overrides else targets


def _table(summary: WorldSummary, targets: MembershipTargets, elapsed: float, out: Path) -> Table:
    figures = summary.as_dict()
    rates = figures["violation_rates"]
    table = Table(title=f"Synthetic world written to {out}", show_lines=False)
    table.add_column("figure")
    table.add_column("generated", justify="right")
    table.add_column("target", justify="right")
    table.add_row(
        "days / bills / containers", f"{summary.days} / {summary.bills:,} / {summary.containers:,}", ""
    )
    table.add_row("bills per second", f"{summary.bills / max(elapsed, 1e-9):,.0f}", "")
    table.add_row("members' share of import value", f"{summary.member_value_share:.1%}",
                  f"{targets.importer_value_share:.1%}")  # fmt: skip
    table.add_row(
        "ocean carriers enrolled", f"{summary.carrier_enrolment_share:.1%}", f"{targets.carrier_share:.1%}"
    )
    low, high = VIOLATION_BAND
    table.add_row("bills with a violation", f"{rates['any']:.2%}", f"{low:.0%}-{high:.0%}")
    for kind in ("misdeclaration", "contraband", "security_breach"):
        table.add_row(f"  {kind.replace('_', ' ')}", f"{rates[kind]:.2%}", "")
    table.add_row(
        "  members / non-members", f"{rates['members']:.2%} / {rates['non_members']:.2%}", "lower / higher"
    )
    table.add_row("  from drift schemes", f"{rates['drift']:.2%}", "")
    flags = figures["flags"]
    table.add_row(
        "late manifests / late filings",
        f"{flags['late_manifests']:,} / {flags['late_security_filings']:,}",
        "",
    )
    vague, invalid = flags["vague_descriptions"], flags["invalid_container_numbers"]
    table.add_row("vague descriptions / bad check digits", f"{vague:,} / {invalid:,}", "")
    table.caption = "files: " + ", ".join(summary.files)
    return table


@app.command("generate")
@user_errors
def generate(
    out: Annotated[Path, typer.Option("--out", help="Folder to write into (created if missing).")],
    seed: Annotated[int, typer.Option(min=0, help="Same seed and options give byte-identical files.")] = 0,
    days: Annotated[int, typer.Option(min=1, max=9999, help="Loading days to generate.")] = 30,
    scale: Annotated[
        Scale, typer.Option(case_sensitive=False, help="SMALL, PORT (Los Angeles) or NATION.")
    ] = Scale.SMALL,
    start: Annotated[datetime, typer.Option(formats=["%Y-%m-%d"], help="First loading day.")] = _FIRST_DAY,
    membership_year: Annotated[
        int, typer.Option(help="Program reach of this year (2002: 34 %; 2020: 52 %).")
    ] = 2002,
    member_value_share: Annotated[
        float | None, typer.Option(min=0.0, max=1.0, help="Override: members' value share.")
    ] = None,
    carrier_share: Annotated[
        float | None, typer.Option(min=0.0, max=1.0, help="Override: carriers enrolled.")
    ] = None,
    drift_start: Annotated[int, typer.Option(min=0, help="Day (0-based) the drift scheme starts.")] = 15,
    no_drift: Annotated[bool, typer.Option("--no-drift", help="Generate without any drift scheme.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON only, for scripts.")] = False,
) -> None:
    """Generate parties, supply chains, manifests (CSV, NDJSON, CUSCAR), security filings and ground truth."""
    targets = _targets(membership_year, member_value_share, carrier_share)
    drift = () if no_drift else default_drift(drift_start)
    first_day = date.fromordinal(start.toordinal())
    params = WorldParams(seed=seed, days=days, scale=scale, start=first_day, membership=targets, drift=drift)
    began = time.perf_counter()
    world = build_world(params)
    columns = (
        TextColumn("generating"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("days"),
        TimeRemainingColumn(),
    )
    progress = Progress(*columns, console=err_console, disable=as_json, transient=True)
    with progress:
        task = progress.add_task("days", total=days)
        summary = write_world(world, out, on_day=lambda _batch: progress.advance(task))
    elapsed = time.perf_counter() - began
    if as_json:
        print_json({**summary.as_dict(), "out": str(out), "elapsed_seconds": round(elapsed, 3)})
        return
    console.print(_table(summary, targets, elapsed, out))
