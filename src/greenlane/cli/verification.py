"""`greenlane verify` and `greenlane credential ...`: look a partner up, and issue, revoke and check signed
status credentials. `credential check` works offline: it needs only the file, the issuer's public key and,
optionally, a downloaded revocation list."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from greenlane.cli.common import JsonOption, console, container, fail, print_json, transaction, user_errors
from greenlane.core.errors import GreenlaneError
from greenlane.identity.domain import SYSTEM
from greenlane.verification import service
from greenlane.verification.credentials import check_credential, check_revocation_list, load_public_key
from greenlane.verification.domain import RevocationList

credential_app = typer.Typer(
    help="Signed status credentials: issue, revoke, check offline.", no_args_is_help=True
)


@user_errors
def verify(verification_id: str, json_output: Annotated[bool, JsonOption] = False) -> None:
    """Public status of a partner by its verification id: name, entity types, tier and status."""
    with transaction() as session:
        found = service.public_lookup(session, verification_id=verification_id)
    if found is None:
        raise fail(f"no partner with verification id {verification_id}", code=1)
    if json_output:
        print_json(found)
    else:
        console.print(
            f"{found.legal_name}: [bold]{found.status}[/] ({found.tier.value}), "
            + ", ".join(t.label for t in found.entity_types)
        )


@credential_app.command("issue")
@user_errors
def issue(
    partner_id: int,
    out: Annotated[Path, typer.Option("--out", help="Where to write the credential.")],
    json_output: Annotated[bool, JsonOption] = False,
) -> None:
    with transaction() as session:
        document, row = service.issue_status_credential(
            session,
            actor=SYSTEM,
            partner_id=partner_id,
            settings=container().settings,
            clock=container().clock,
        )
        # Written before the record commits: a file that cannot be written leaves no credential on record
        # that nobody holds.
        out.write_text(document, encoding="utf-8")
    data = {"credential_id": row.credential_id, "expires_at": row.expires_at, "file": str(out)}
    print_json(data) if json_output else console.print(
        f"wrote {out} ({row.credential_id}, expires {row.expires_at:%Y-%m-%d})"
    )


@credential_app.command("revoke")
@user_errors
def revoke(credential_id: str, reason: Annotated[str, typer.Option("--reason")]) -> None:
    with transaction() as session:
        service.revoke_credential(
            session, actor=SYSTEM, credential_id=credential_id, reason=reason, clock=container().clock
        )
    console.print(f"revoked {credential_id}")


@credential_app.command("revocations")
@user_errors
def revocations(out: Annotated[Path, typer.Option("--out")]) -> None:
    """Write the current signed revocation list, for offline checkers."""
    with transaction() as session:
        document = service.revocation_list(session, settings=container().settings, clock=container().clock)
    out.write_text(document, encoding="utf-8")
    console.print(f"wrote {out}")


@credential_app.command("issuer-key")
@user_errors
def issuer_key(out: Annotated[Path | None, typer.Option("--out")] = None) -> None:
    """The issuer's public key (PEM), to hand to those who check credentials offline."""
    info = service.issuer_info(container().settings)
    if out:
        out.write_text(info.public_key_pem, encoding="utf-8")
        console.print(f"wrote {out} (key id {info.key_id})")
    else:
        typer.echo(info.public_key_pem, nl=False)


@credential_app.command("check")
def check(
    file: Annotated[Path, typer.Argument(help="The credential JSON file.")],
    key: Annotated[
        Path | None, typer.Option("--key", help="Issuer public key PEM; default: this installation's.")
    ] = None,
    revocations_file: Annotated[
        Path | None, typer.Option("--revocations", help="A signed revocation list.")
    ] = None,
    json_output: Annotated[bool, JsonOption] = False,
) -> None:
    """Offline check: signature, validity window and revocation. Exit code 0 when valid, 1 when not."""
    try:
        document = file.read_bytes()
        installed = None if key else service.installed_public_key_pem(container().settings)
        if key is None and installed is None:
            raise fail("no --key given and this installation has no issuer key: pass the issuer's public key")
        public = load_public_key(key.read_bytes() if key else installed or "")
        revoked: RevocationList | frozenset[str] = frozenset()
        now = datetime.now(UTC)
        if revocations_file:
            listing = check_revocation_list(revocations_file.read_bytes(), now=now, public_key=public)
            if listing.revocation_list is None:
                raise fail(f"revocation list {revocations_file}: {listing.reason}")
            revoked = listing.revocation_list
        result = check_credential(document, now=now, public_key=public, revoked=revoked)
    except OSError as exc:
        raise fail(f"{exc.filename}: {exc.strerror}") from None
    except GreenlaneError as exc:
        raise fail(exc.message) from None
    except ValueError as exc:
        raise fail(str(exc)) from None
    claims = result.claims
    if json_output:
        print_json(
            {
                "valid": result.valid,
                "reason": result.reason,
                "claims": None
                if claims is None
                else {
                    "credential_id": claims.credential_id,
                    "legal_name": claims.legal_name,
                    "verification_id": claims.verification_id,
                    "tier": claims.tier.value,
                    "status": claims.status,
                    "expires_at": claims.expires_at,
                },
            }
        )
    else:
        style = "green" if result.valid else "red"
        who = f" {claims.legal_name} ({claims.status}, {claims.tier.value})" if claims else ""
        console.print(f"[{style}]{result.reason}[/]{who}")
    raise typer.Exit(0 if result.valid else 1)
