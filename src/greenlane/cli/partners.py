"""`greenlane partners ...`: run the program from a terminal. Commands act as the operator of this
installation (the system account) and print the same shapes as the API."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from greenlane.cli.common import JsonOption, console, container, print_json, transaction, user_errors
from greenlane.core.types import EntityType
from greenlane.identity.domain import SYSTEM
from greenlane.partners import service
from greenlane.partners.domain import Contact, Partner, PartnerStatus, Site
from greenlane.partners.repository import PartnerFilter
from greenlane.partners.schemas import ClockOut, PartnerOut, summary_of

app = typer.Typer(
    help="Partner companies: apply, inspect, move through the lifecycle, watch the legal clocks.",
    no_args_is_help=True,
)


def _out(partner: Partner) -> PartnerOut:
    home = container().settings.home_country
    return PartnerOut.of(partner, problems=service.application_problems(partner, home_country=home))


def _parse_identifiers(values: list[str]) -> dict[str, str]:
    identifiers: dict[str, str] = {}
    for value in values:
        kind, sep, number = value.partition("=")
        if not sep or not kind.strip() or not number.strip():
            raise ValueError(
                f"--identifier {value!r}: expected KIND=VALUE, e.g. importer_of_record=12-3456789AB"
            )
        identifiers[kind.strip()] = number.strip()
    return identifiers


def _show(partner: PartnerOut) -> None:
    console.print(
        f"[bold]{partner.legal_name}[/]  id {partner.id}  status [bold]{partner.status.value}[/]"
        f"  tier {partner.tier.value}  verification {partner.verification_id or '-'}"
    )
    console.print("entity types: " + ", ".join(t.label for t in partner.entity_types))
    for problem in partner.application_problems:
        console.print(f"  [yellow]missing:[/] {problem}")
    console.print("next moves: " + (", ".join(partner.allowed_moves) or "none"))
    history = Table("when", "who", "from", "to", "reason", title="history")
    for e in partner.history:
        history.add_row(
            e.at.strftime("%Y-%m-%d %H:%M"),
            e.actor,
            e.from_status.value if e.from_status else "-",
            e.to_status.value,
            e.reason,
        )
    console.print(history)


@app.command("apply")
@user_errors
def apply(
    name: Annotated[str, typer.Option("--name", help="Legal name of the company.")],
    entity_type: Annotated[list[str], typer.Option("--entity-type", help="Repeat for several types.")],
    country: Annotated[str, typer.Option(help="Country of the head office (ISO 3166 alpha-2).")] = "US",
    identifier: Annotated[list[str] | None, typer.Option(help="KIND=VALUE, repeatable.")] = None,
    site: Annotated[
        list[str] | None, typer.Option(help="Extra site NAME:COUNTRY[:KIND], repeatable.")
    ] = None,
    contact_name: Annotated[str | None, typer.Option(help="Primary contact, a company officer.")] = None,
    contact_email: Annotated[str | None, typer.Option()] = None,
    contact_title: Annotated[str, typer.Option()] = "Company officer",
    json_output: Annotated[bool, JsonOption] = False,
) -> None:
    """File an application; it starts as an applicant and is reviewed once complete."""
    types = [EntityType.parse(t) for t in entity_type]
    sites = [Site(name="Head office", country=country, kind="office")]
    for text in site or []:
        parts = text.split(":")
        if len(parts) not in (2, 3):
            raise ValueError(f"--site {text!r}: expected NAME:COUNTRY[:KIND]")
        sites.append(Site(name=parts[0], country=parts[1], kind=parts[2] if len(parts) == 3 else "office"))
    contacts = []
    if contact_name or contact_email:
        contacts.append(
            Contact(
                name=contact_name or "",
                email=contact_email or "",
                title=contact_title,
                is_officer=True,
                is_primary=True,
            )
        )
    with transaction() as session:
        partner = service.apply_partner(
            session,
            actor=SYSTEM,
            legal_name=name,
            entity_types=types,
            identifiers=_parse_identifiers(identifier or []),
            sites=sites,
            contacts=contacts,
            clock=container().clock,
        )
        out = _out(partner)
    print_json(out) if json_output else _show(out)


@app.command("show")
@user_errors
def show(partner_id: int, json_output: Annotated[bool, JsonOption] = False) -> None:
    """A partner's record, what its application still misses, its next possible moves and its history."""
    with transaction() as session:
        out = _out(service.get_partner(session, actor=SYSTEM, partner_id=partner_id))
    print_json(out) if json_output else _show(out)


@app.command("list")
@user_errors
def list_(
    status: Annotated[str | None, typer.Option(help="Only this status.")] = None,
    entity_type: Annotated[str | None, typer.Option(help="Only this entity type.")] = None,
    search: Annotated[str | None, typer.Option(help="Part of the legal name.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000)] = 200,
    json_output: Annotated[bool, JsonOption] = False,
) -> None:
    filters = PartnerFilter(
        status=PartnerStatus.parse(status) if status else None,
        entity_type=EntityType.parse(entity_type) if entity_type else None,
        search=search,
        limit=limit,
    )
    with transaction() as session:
        items, total = service.list_partners(session, actor=SYSTEM, filters=filters)
    summaries = [summary_of(p) for p in items]
    if json_output:
        print_json({"items": [s.model_dump(mode="json") for s in summaries], "total": total})
        return
    table = Table(
        "id", "legal name", "entity types", "status", "tier", "verification id", title=f"{total} partners"
    )
    for s in summaries:
        table.add_row(
            str(s.id),
            s.legal_name,
            ", ".join(t.value for t in s.entity_types),
            s.status.value,
            s.tier.value,
            s.verification_id or "-",
        )
    console.print(table)


@app.command("transition")
@user_errors
def transition(
    partner_id: int,
    to: Annotated[str, typer.Option("--to", help="Target status, or 'reinstated' to end a suspension.")],
    reason: Annotated[str, typer.Option("--reason", help="Why; recorded in the history.")],
    json_output: Annotated[bool, JsonOption] = False,
) -> None:
    """Move a partner through its lifecycle; refused moves say why and change nothing."""
    with transaction() as session:
        partner, event = service.transition_partner(
            session,
            actor=SYSTEM,
            partner_id=partner_id,
            to=to,
            reason=reason,
            clock=container().clock,
            home_country=container().settings.home_country,
        )
        out = _out(partner)
    if json_output:
        print_json(out)
    else:
        from_status = event.from_status.value if event.from_status else "-"
        console.print(f"{out.legal_name}: {from_status} -> [bold]{event.to_status.value}[/]")


@app.command("clocks")
@user_errors
def clocks(
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue items.")] = False,
    json_output: Annotated[bool, JsonOption] = False,
) -> None:
    """Legal deadlines running on every partner, soonest first, overdue ones flagged."""
    with transaction() as session:
        items = [
            ClockOut.of(c)
            for c in service.list_clocks(session, actor=SYSTEM, overdue_only=overdue, clock=container().clock)
        ]
    if json_output:
        print_json(items)
        return
    table = Table("due", "state", "partner", "clock", "days left", title=f"{len(items)} clocks")
    for c in items:
        style = {"overdue": "red", "due_soon": "yellow"}.get(c.state, "")
        table.add_row(
            c.due.date().isoformat(),
            f"[{style}]{c.state}[/]" if style else c.state,
            f"{c.legal_name} ({c.partner_id})",
            c.label,
            str(c.days_left),
        )
    console.print(table)
