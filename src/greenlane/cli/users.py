"""`greenlane users ...`: accounts for staff and partner companies."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table

from greenlane.cli.common import JsonOption, console, print_json, transaction, user_errors
from greenlane.identity.domain import SYSTEM, Role
from greenlane.identity.service import create_user, list_users
from greenlane.partners.service import partner_exists

app = typer.Typer(help="User accounts and roles.", no_args_is_help=True)


@app.command("create")
@user_errors
def create(
    username: Annotated[str, typer.Option("--username")],
    role: Annotated[str, typer.Option("--role", help=", ".join(r.value for r in Role))],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from stdin.")
    ] = False,
    partner_id: Annotated[
        int | None, typer.Option("--partner-id", help="Required for partner users.")
    ] = None,
    json_output: Annotated[bool, JsonOption] = False,
) -> None:
    """Create an account; the password is read from standard input so it never shows in the shell history."""
    if not password_stdin:
        raise ValueError("pass --password-stdin and send the password on standard input")
    password = sys.stdin.readline().rstrip("\r\n")
    try:
        parsed_role = Role(role.strip().lower())
    except ValueError:
        raise ValueError(
            f"unknown role {role!r}; expected one of: {', '.join(r.value for r in Role)}"
        ) from None
    with transaction() as session:
        user = create_user(
            session,
            username=username,
            password=password,
            role=parsed_role,
            partner_id=partner_id,
            partner_exists=lambda pid: partner_exists(session, actor=SYSTEM, partner_id=pid),
        )
    data = {"id": user.id, "username": user.username, "role": user.role.value, "partner_id": user.partner_id}
    print_json(data) if json_output else console.print(f"created {user.username} ({user.role.value})")


@app.command("list")
@user_errors
def list_(json_output: Annotated[bool, JsonOption] = False) -> None:
    with transaction() as session:
        users = list_users(session)
    rows = [
        {
            "id": u.id,
            "username": u.username,
            "role": u.role.value,
            "partner_id": u.partner_id,
            "active": u.active,
        }
        for u in users
    ]
    if json_output:
        print_json(rows)
        return
    table = Table("id", "username", "role", "partner", "active")
    for r in rows:
        table.add_row(
            str(r["id"]), str(r["username"]), str(r["role"]), str(r["partner_id"] or "-"), str(r["active"])
        )
    console.print(table)
