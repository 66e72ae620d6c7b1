"""The `greenlane` command. Each area contributes a sub-app from its own module; data-printing commands take
--json, and user errors exit with code 2 and one clear line."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

import typer

from greenlane.cli import (
    bench,
    manifests,
    partners,
    profiles,
    supplychain,
    targeting,
    targeting_ops,
    users,
    verification,
    world,
)
from greenlane.cli.common import console, container, user_errors

app = typer.Typer(
    help="greenlane: run a customs supply-chain security partnership end to end.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(users.app, name="users")
app.add_typer(partners.app, name="partners")
app.add_typer(profiles.app, name="profiles")
app.add_typer(supplychain.app, name="supply-chain")
app.add_typer(world.app, name="world")
app.add_typer(manifests.quarantine_app, name="quarantine")
app.command("ingest")(manifests.ingest)
_OFFICER_COMMANDS: dict[str, Callable[..., None]] = {
    "run": targeting_ops.run,
    "train": targeting_ops.train,
    "queue": targeting_ops.queue,
    "override": targeting_ops.override,
    "drift": targeting_ops.drift,
    "performance": targeting_ops.performance,
    "score": targeting_ops.score,
}
for _name, _command in _OFFICER_COMMANDS.items():
    targeting.app.command(_name)(_command)
app.add_typer(targeting.app, name="targeting")
app.add_typer(targeting_ops.exams_app, name="exams")
app.add_typer(bench.app, name="bench")
app.command("arrivals")(manifests.arrivals)
app.add_typer(verification.credential_app, name="credential")
app.command("verify")(verification.verify)


@db_app.command("upgrade")
@user_errors
def db_upgrade() -> None:
    """Apply every pending migration to the configured database."""
    from greenlane.migrations.runner import upgrade

    url = container().db.url
    upgrade(url)
    console.print(f"database at head: {container().db.engine.url.render_as_string(hide_password=True)}")


@app.command("serve")
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
) -> None:
    """Run the API and web UI with Uvicorn."""
    import uvicorn

    from greenlane.app import create_app

    console.print(f"greenlane on http://{host}:{port}  (API docs at /api/docs)")
    uvicorn.run(create_app(container()), host=host, port=port, log_level="info")


@app.command("demo")
@user_errors
def demo(
    seed: Annotated[int, typer.Option(help="Seed of the synthetic program.")] = 7,
    reset: Annotated[bool, typer.Option(help="Recreate the embedded SQLite database first.")] = True,
) -> None:
    """Seed a plausible program into the embedded database and summarise it."""
    from greenlane.demo.run import run_demo

    run_demo(console, reset=reset, seed=seed)


def main() -> None:
    app()
