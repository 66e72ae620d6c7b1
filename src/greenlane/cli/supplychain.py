"""`greenlane supply-chain ...`: record a partner's chains and their parties and read the weak-link report
from a terminal. Commands act as the operator of this installation (the system account), print the same
shapes as the API with --json, and refuse bad input with one line and exit code 2, writing nothing."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from greenlane.cli.common import JsonOption, console, container, print_json, transaction, user_errors
from greenlane.identity.domain import SYSTEM
from greenlane.supplychain import service
from greenlane.supplychain.domain import LinkKind, Node, NodeRole, StatusLink
from greenlane.supplychain.schemas import ChainOut, MapOut, ProgramWeakLinksOut

app = typer.Typer(
    help="Supply-chain maps: chains, the parties along them, and their weak links.", no_args_is_help=True
)

PartnerOption = typer.Option("--partner", min=1, help="The partner whose map it is.")
ChainOption = typer.Option("--chain", min=1, help="The chain id (see `supply-chain show`).")


def _programs() -> frozenset[str]:
    return container().settings.mutual_recognition_programs()


def _link(member: int | None, program: str | None, foreign_id: str | None) -> StatusLink:
    """Which options are given decides the kind, so a half-given link is refused rather than guessed."""
    if member is not None and (program or foreign_id):
        raise ValueError("give either --member or --program with --foreign-id, not both")
    if member is not None:
        return StatusLink.member(member)
    if program or foreign_id:
        if not (program and foreign_id):
            raise ValueError("a foreign-program link needs both --program and --foreign-id")
        return StatusLink(kind=LinkKind.MUTUAL_RECOGNITION, program=program, foreign_id=foreign_id)
    return StatusLink()


def _print_chain(chain: ChainOut) -> None:
    table = Table(
        "node",
        "#",
        "role",
        "party",
        "country",
        "status",
        "weak because",
        title=f"{chain.name} (chain {chain.id}, {chain.weak_count} weak of {chain.total_links})",
    )
    for n in chain.nodes:
        style = "red" if n.weak else None
        table.add_row(
            str(n.id),
            str(n.position),
            n.role.value.replace("_", " "),
            n.name,
            n.country,
            n.label,
            n.reason or "",
            style=style,
        )
    console.print(table)
    console.print(f"  {chain.summary}", highlight=False)


def _print_map(out: MapOut) -> None:
    console.print(
        f"[bold]{out.partner_name}[/] (partner {out.partner_id}): chains {len(out.chains)}, "
        f"links {out.total_links}, [bold]weak {out.weak_count}[/]",
        highlight=False,
    )
    if not out.chains:
        console.print("  no chains mapped yet")
    for chain in out.chains:
        _print_chain(chain)


@app.command("add-chain")
@user_errors
def add_chain(
    partner: Annotated[int, PartnerOption],
    name: Annotated[str, typer.Option("--name", help="e.g. 'Shenzhen electronics to Los Angeles'.")],
    json_output: Annotated[bool, JsonOption] = False,
) -> None:
    """Name a new chain for the partner; add its parties with add-node."""
    with transaction() as session:
        out = ChainOut.of(
            service.create_chain(
                session,
                actor=SYSTEM,
                partner_id=partner,
                name=name,
                programs=_programs(),
                clock=container().clock,
            )
        )
    print_json(out) if json_output else _print_chain(out)


@app.command("add-node")
@user_errors
def add_node(
    partner: Annotated[int, PartnerOption],
    chain: Annotated[int, ChainOption],
    role: Annotated[
        str,
        typer.Option(
            help="factory, stuffing_point, consolidator, warehouse, foreign_port, "
            "terminal, carrier or broker."
        ),
    ],
    name: Annotated[str, typer.Option("--name", help="The party's name.")],
    country: Annotated[str, typer.Option(help="ISO 3166 alpha-2 country of the party.")],
    address: Annotated[str, typer.Option()] = "",
    member: Annotated[int | None, typer.Option(help="The party is this greenlane partner id.")] = None,
    program: Annotated[str | None, typer.Option(help="A recognised foreign program, e.g. AEO-EU.")] = None,
    foreign_id: Annotated[str | None, typer.Option(help="The party's id in that program.")] = None,
    position: Annotated[
        int | None, typer.Option(min=1, help="1 = first in the journey; default last.")
    ] = None,
    json_output: Annotated[bool, JsonOption] = False,
) -> None:
    """Add a party to a chain with its status link: --member, --program/--foreign-id, or neither (unknown)."""
    node = Node(
        id=None,
        role=NodeRole.parse(role),
        name=name,
        country=country,
        address=address,
        link=_link(member, program, foreign_id),
    )
    with transaction() as session:
        out = ChainOut.of(
            service.add_node(
                session,
                actor=SYSTEM,
                partner_id=partner,
                chain_id=chain,
                node=node,
                position=position,
                programs=_programs(),
                clock=container().clock,
            )
        )
    print_json(out) if json_output else _print_chain(out)


@app.command("remove-node")
@user_errors
def remove_node(
    partner: Annotated[int, PartnerOption],
    chain: Annotated[int, ChainOption],
    node: Annotated[int, typer.Option("--node", min=1, help="The node id.")],
    json_output: Annotated[bool, JsonOption] = False,
) -> None:
    """Take a party out of a chain; the rest move up."""
    with transaction() as session:
        out = ChainOut.of(
            service.remove_node(
                session,
                actor=SYSTEM,
                partner_id=partner,
                chain_id=chain,
                node_id=node,
                programs=_programs(),
                clock=container().clock,
            )
        )
    print_json(out) if json_output else _print_chain(out)


@app.command("delete-chain")
@user_errors
def delete_chain(
    partner: Annotated[int, PartnerOption],
    chain: Annotated[int, ChainOption],
    json_output: Annotated[bool, JsonOption] = False,
) -> None:
    """Delete a chain and all its parties."""
    with transaction() as session:
        service.delete_chain(session, actor=SYSTEM, partner_id=partner, chain_id=chain)
    print_json({"deleted": chain}) if json_output else console.print(f"chain {chain} deleted")


@app.command("show")
@user_errors
def show(partner_id: int, json_output: Annotated[bool, JsonOption] = False) -> None:
    """Every chain of the partner with each party's live status and each chain's weakest link."""
    with transaction() as session:
        out = MapOut.of(
            service.assess_map(session, actor=SYSTEM, partner_id=partner_id, programs=_programs())
        )
    print_json(out) if json_output else _print_map(out)


@app.command("weak-links")
@user_errors
def weak_links(
    partner: Annotated[int | None, typer.Option("--partner", min=1, help="Only this partner.")] = None,
    json_output: Annotated[bool, JsonOption] = False,
) -> None:
    """Weak links with a reason each, by partner and chain: unknown parties, partners that are not (or no
    longer) members, and programs no longer recognised."""
    with transaction() as session:
        if partner is not None:
            one = MapOut.of(
                service.assess_map(session, actor=SYSTEM, partner_id=partner, programs=_programs()),
                weak_only=True,
            )
            print_json(one) if json_output else _print_map(one)
            return
        everyone = ProgramWeakLinksOut.of(
            service.program_weak_links(session, actor=SYSTEM, programs=_programs())
        )
    if json_output:
        print_json(everyone)
        return
    console.print(
        f"{everyone.partners} mapped partners, {everyone.total_links} links, "
        f"[bold]{everyone.weak_count} weak[/]: "
        + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in sorted(everyone.weak_by_state.items())),
        highlight=False,
    )
    for m in everyone.maps:
        _print_map(m)
