"""`greenlane ingest PATH --format ...`, `greenlane arrivals` and `greenlane quarantine ...`: take in advance
cargo data from files, see what arrived, and work the records that could not be accepted."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from greenlane.cli.common import JsonOption, console, container, print_json, transaction, user_errors
from greenlane.identity.domain import SYSTEM
from greenlane.manifests import service
from greenlane.manifests.domain import QuarantineStatus
from greenlane.manifests.ingest import ingest as run_ingest
from greenlane.manifests.schemas import ArrivalOut, IngestOut, QuarantineOut

quarantine_app = typer.Typer(
    help="Records held back at ingest: list, inspect, resubmit, dismiss.", no_args_is_help=True
)


@user_errors
def ingest(
    path: Annotated[Path, typer.Argument(help="The file to take in.")],
    format: Annotated[
        str, typer.Option("--format", help="csv, ndjson, cuscar, kcs, or isf (importer security filings)")
    ],
    json_output: Annotated[bool, JsonOption] = False,
) -> None:
    """Stream a manifest file in bounded memory: every record is accepted, a duplicate, or quarantined with
    its reason; received = accepted + quarantined + duplicates."""
    if not path.is_file():
        raise ValueError(f"{path}: no such file")
    c = container()
    with Progress(
        TextColumn("[bold]ingest[/] {task.description}"),
        BarColumn(),
        TextColumn("{task.completed} records"),
        TimeElapsedColumn(),
        console=console,
        disable=json_output,
        transient=True,
    ) as progress:
        task = progress.add_task(path.name, total=None)
        result = run_ingest(
            c.db,
            actor=SYSTEM,
            source=path,
            format=format,
            clock=c.clock,
            progress=lambda n: progress.advance(task, n),
        )
    out = IngestOut.of(result)
    if json_output:
        print_json(out)
        return
    table = Table(
        "received",
        "accepted",
        "corrections",
        "duplicates",
        "quarantined",
        "flagged",
        "lines",
        title=f"{path.name} ({out.format}), batch {out.batch_id}",
    )
    table.add_row(
        *(
            str(v)
            for v in (
                out.received,
                out.accepted,
                out.corrections,
                out.duplicates,
                out.quarantined,
                out.flagged,
                out.lines,
            )
        )
    )
    console.print(table)


@user_errors
def arrivals(
    day: Annotated[str | None, typer.Option("--date", help="Arrival day, YYYY-MM-DD.")] = None,
    port: Annotated[str | None, typer.Option("--port", help="Port of discharge (UN/LOCODE).")] = None,
    flagged: Annotated[bool, typer.Option("--flagged", help="Only filings with flags.")] = False,
    limit: Annotated[int, typer.Option(min=1, max=100_000)] = 50,
    json_output: Annotated[bool, JsonOption] = False,
) -> None:
    """Filings arriving on a day at a port, with their flags."""
    parsed = date.fromisoformat(day) if day else None
    with transaction() as session:
        rows, total = service.list_arrivals(
            session, actor=SYSTEM, day=parsed, port=port, flagged_only=flagged, limit=limit
        )
        items = [ArrivalOut.of(r) for r in rows]
    if json_output:
        print_json({"items": [i.model_dump(mode="json") for i in items], "total": total})
        return
    table = Table(
        "bill", "carrier", "from", "to", "arrives", "consignee", "HS", "flags", title=f"{total} filings"
    )
    for i in items:
        table.add_row(
            i.bill_number,
            i.carrier,
            i.port_of_loading,
            i.port_of_discharge,
            str(i.arrival_day or "-"),
            i.consignee,
            i.hs_codes,
            ", ".join(f.code for f in i.flags),
        )
    console.print(table)


@quarantine_app.command("list")
@user_errors
def quarantine_list(
    status: Annotated[str, typer.Option(help="open, resubmitted, dismissed or all")] = "open",
    limit: Annotated[int, typer.Option(min=1, max=100_000)] = 100,
    json_output: Annotated[bool, JsonOption] = False,
) -> None:
    wanted = None if status == "all" else QuarantineStatus(status)
    with transaction() as session:
        rows, total = service.list_quarantine(session, actor=SYSTEM, status=wanted, limit=limit)
        items = [QuarantineOut.of(r) for r in rows]
    if json_output:
        print_json({"items": [i.model_dump(mode="json") for i in items], "total": total})
        return
    table = Table("id", "format", "where", "field", "reason", "status", title=f"{total} quarantined")
    for i in items:
        table.add_row(str(i.id), i.format, i.locator, i.field, i.reason, i.status)
    console.print(table)


@quarantine_app.command("show")
@user_errors
def quarantine_show(item_id: int, json_output: Annotated[bool, JsonOption] = False) -> None:
    with transaction() as session:
        item = QuarantineOut.of(service.get_quarantine_item(session, actor=SYSTEM, item_id=item_id))
    if json_output:
        print_json(item)
        return
    console.print(
        f"[bold]quarantine {item.id}[/] ({item.format}, {item.locator}, field {item.field}): {item.reason}"
    )
    console.print(item.raw, markup=False, highlight=False)


@quarantine_app.command("resubmit")
@user_errors
def quarantine_resubmit(
    item_id: int,
    file: Annotated[Path, typer.Option("--file", help="The corrected record.")],
    format: Annotated[
        str | None, typer.Option(help="Defaults to the item's format (NDJSON for CUSCAR).")
    ] = None,
    json_output: Annotated[bool, JsonOption] = False,
) -> None:
    """Send the corrected record; it is stored only if it now passes, and the item is closed."""
    c = container()
    done = service.resubmit_quarantined(
        c.db,
        actor=SYSTEM,
        item_id=item_id,
        text=file.read_text(encoding="utf-8"),
        format=format,
        clock=c.clock,
    )
    out = IngestOut.of(done.result)
    print_json(out) if json_output else console.print(
        f"quarantine {item_id} resolved: {out.accepted} accepted"
    )


@quarantine_app.command("dismiss")
@user_errors
def quarantine_dismiss(item_id: int, reason: Annotated[str, typer.Option("--reason")]) -> None:
    with transaction() as session:
        service.dismiss_quarantined(
            session, actor=SYSTEM, item_id=item_id, reason=reason, clock=container().clock
        )
    console.print(f"quarantine {item_id} dismissed")
