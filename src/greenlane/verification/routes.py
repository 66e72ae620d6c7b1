"""Status-verification API: the public, rate-limited lookup; the issuer key and revocation list that offline
checkers need; and, for logged-in users, issuing and revoking status credentials."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import Response

from greenlane.core.errors import NotFound
from greenlane.core.ratelimit import SlidingWindowLimiter
from greenlane.identity.domain import Actor, Permission
from greenlane.identity.http import ClockDep, DatabaseDep, RecordId, SettingsDep, require
from greenlane.verification import service
from greenlane.verification.schemas import IssuedCredentialOut, PublicStatus, RevokeIn
from greenlane.verification.tables import IssuedCredentialRow

router = APIRouter(tags=["status verification"])
JSON = "application/json"


def limit_public(request: Request) -> None:
    """One allowance per client address for every public endpoint."""
    limiter: SlidingWindowLimiter = request.app.state.limiter
    limiter.hit(request.client.host if request.client else "unknown")


Limited = Annotated[None, Depends(limit_public)]


def _out(row: IssuedCredentialRow) -> IssuedCredentialOut:
    return IssuedCredentialOut.model_validate(row, from_attributes=True)


@router.get("/public/status/{verification_id}", response_model=PublicStatus)
def public_status(
    verification_id: Annotated[str, Path(min_length=3, max_length=32)], db: DatabaseDep, _: Limited
) -> PublicStatus:
    """No login: name, entity types, tier and status of a certified partner, and nothing else."""
    with db.transaction() as session:
        found = service.public_lookup(session, verification_id=verification_id)
    if found is None:
        raise NotFound(f"no partner with verification id {verification_id}")
    return found


@router.get("/public/issuer-key")
def issuer_key(settings: SettingsDep, _: Limited) -> dict[str, str]:
    info = service.issuer_info(settings)
    return {"name": info.name, "key_id": info.key_id, "public_key_pem": info.public_key_pem}


@router.get("/public/revocations")
def revocations(db: DatabaseDep, settings: SettingsDep, clock: ClockDep, _: Limited) -> Response:
    with db.transaction() as session:
        document = service.revocation_list(session, settings=settings, clock=clock)
    return Response(document, media_type=JSON)


@router.post("/partners/{partner_id}/credentials")
def issue(
    partner_id: RecordId,
    db: DatabaseDep,
    settings: SettingsDep,
    clock: ClockDep,
    actor: Annotated[Actor, Depends(require(Permission.CREDENTIALS_DOWNLOAD))],
) -> Response:
    """Returns the signed credential as a downloadable JSON file."""
    with db.transaction() as session:
        document, row = service.issue_status_credential(
            session, actor=actor, partner_id=partner_id, settings=settings, clock=clock
        )
    return Response(
        document,
        media_type=JSON,
        status_code=201,
        headers={"Content-Disposition": f'attachment; filename="{row.verification_id}-status.json"'},
    )


@router.get("/partners/{partner_id}/credentials", response_model=list[IssuedCredentialOut])
def issued(
    partner_id: RecordId,
    db: DatabaseDep,
    actor: Annotated[Actor, Depends(require(Permission.CREDENTIALS_DOWNLOAD))],
) -> list[IssuedCredentialOut]:
    with db.transaction() as session:
        return [_out(r) for r in service.list_credentials(session, actor=actor, partner_id=partner_id)]


@router.post("/credentials/{credential_id}/revoke", response_model=IssuedCredentialOut)
def revoke(
    credential_id: str,
    body: RevokeIn,
    db: DatabaseDep,
    clock: ClockDep,
    actor: Annotated[Actor, Depends(require(Permission.CREDENTIALS_REVOKE))],
) -> IssuedCredentialOut:
    with db.transaction() as session:
        return _out(
            service.revoke_credential(
                session, actor=actor, credential_id=credential_id, reason=body.reason, clock=clock
            )
        )
