"""`greenlane profiles ...`: answer the security criteria, read the gap report, submit or renew, and browse
the catalogue."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from greenlane.cli.common import JsonOption, console, container, print_json, transaction, user_errors
from greenlane.core.errors import ValidationFailed
from greenlane.core.types import EntityType
from greenlane.criteria import service
from greenlane.criteria.catalogue import latest_catalogue, load_catalogue
from greenlane.criteria.schemas import CatalogueOut, ProfileOut
from greenlane.identity.domain import SYSTEM

app = typer.Typer(
    help="Security profiles: answer criteria, see gaps, submit and renew.", no_args_is_help=True
)


def _show(out: ProfileOut) -> None:
    gaps = out.gaps
    console.print(
        f"partner {out.partner_id}  catalogue {out.catalogue_version}  answered {gaps.answered}/"
        f"{gaps.applicable} ({gaps.completion_percent:.0f} %)  ready for certification: "
        f"{'yes' if gaps.ready_for_certification else 'no'}  renewal due {out.renewal_due or '-'}"
    )
    table = Table("category", "answered", "musts not met", "unanswered", title="gap report")
    for c in gaps.categories:
        table.add_row(
            c.name,
            f"{c.answered}/{c.applicable}",
            ", ".join(g.criterion_id for g in c.musts_not_met) or "-",
            ", ".join(c.unanswered[:8]) + (" ..." if len(c.unanswered) > 8 else "") or "-",
        )
    console.print(table)


@app.command("show")
@user_errors
def show(partner_id: int, json_output: Annotated[bool, JsonOption] = False) -> None:
    """A profile's answers and its gap report."""
    with transaction() as session:
        out = ProfileOut.of(service.get_profile(session, actor=SYSTEM, partner_id=partner_id))
    print_json(out) if json_output else _show(out)


@app.command("answer")
@user_errors
def answer(
    partner_id: int,
    criterion: Annotated[str | None, typer.Option("--criterion", help="Criterion id, e.g. BP-01.")] = None,
    status: Annotated[
        str | None, typer.Option("--status", help="met, partially, not_met or not_applicable.")
    ] = None,
    evidence: Annotated[str, typer.Option("--evidence", help="Evidence note.")] = "",
    from_file: Annotated[
        Path | None, typer.Option("--from-file", help="CSV: criterion_id,status,evidence.")
    ] = None,
    json_output: Annotated[bool, JsonOption] = False,
) -> None:
    """Answer one criterion, or many from a CSV file; a bad line refuses the whole file, naming the line."""
    rows: list[tuple[str, str, str]] = []
    if from_file is not None:
        with from_file.open(newline="", encoding="utf-8") as handle:
            for number, line in enumerate(csv.reader(handle), start=1):
                if number == 1 and line and line[0].strip().lower() == "criterion_id":
                    continue
                if len(line) < 2:
                    raise ValidationFailed("expected criterion_id,status[,evidence]", record=f"line {number}")
                rows.append((line[0], line[1], line[2] if len(line) > 2 else ""))
    elif criterion and status:
        rows.append((criterion, status, evidence))
    else:
        raise ValueError("give --criterion and --status, or --from-file")
    with transaction() as session:
        profile = service.answer_criteria(
            session, actor=SYSTEM, partner_id=partner_id, answers=rows, clock=container().clock
        )
        out = ProfileOut.of(profile)
    print_json(out) if json_output else _show(out)


@app.command("submit")
@user_errors
def submit(partner_id: int, json_output: Annotated[bool, JsonOption] = False) -> None:
    """Submit a complete profile, or renew it for another year."""
    with transaction() as session:
        out = ProfileOut.of(
            service.submit_profile(session, actor=SYSTEM, partner_id=partner_id, clock=container().clock)
        )
    print_json(out) if json_output else _show(out)


@app.command("catalogue")
@user_errors
def catalogue(
    version: Annotated[str | None, typer.Option(help="Catalogue version; default the latest.")] = None,
    entity_type: Annotated[
        list[str] | None, typer.Option("--entity-type", help="Only criteria for these.")
    ] = None,
    json_output: Annotated[bool, JsonOption] = False,
) -> None:
    found = load_catalogue(version) if version else latest_catalogue()
    out = CatalogueOut.of(found, entity_types=[EntityType.parse(t) for t in entity_type or []] or None)
    if json_output:
        print_json(out)
        return
    table = Table(
        "id", "level", "requirement", title=f"catalogue {out.version}: {len(out.criteria)} criteria"
    )
    for c in out.criteria:
        table.add_row(c.id, c.level, c.requirement)
    console.print(table)
