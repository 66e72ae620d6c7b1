"""The public verification page (no login, rate-limited like the API) and the credential download for
members."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from greenlane.core.errors import GreenlaneError, RateLimited
from greenlane.identity.domain import Actor, Permission
from greenlane.identity.http import ClockDep, DatabaseDep, RecordId, SettingsDep
from greenlane.verification import service
from greenlane.verification.routes import limit_public
from greenlane.web.deps import MaybeActor, page_require
from greenlane.web.render import render

router = APIRouter()


@router.get("/verify", response_class=HTMLResponse)
def verify_page(request: Request, db: DatabaseDep, actor: MaybeActor, id: str = "") -> Response:
    result, error = None, None
    if id.strip():
        try:
            limit_public(request)
            with db.transaction() as session:
                result = service.public_lookup(session, verification_id=id)
            if result is None:
                error = f"No certified partner has the verification id {id.strip()}."
        except RateLimited as exc:
            error = exc.message
    return render(
        request,
        "verify.html",
        {"query": id, "result": result, "error": error},
        actor=actor,
        status=429 if error and "too many" in error else 200,
    )


@router.post("/partners/{partner_id}/credential")
def download_credential(
    partner_id: RecordId,
    db: DatabaseDep,
    settings: SettingsDep,
    clock: ClockDep,
    actor: Annotated[Actor, Depends(page_require(Permission.CREDENTIALS_DOWNLOAD))],
) -> Response:
    try:
        with db.transaction() as session:
            document, row = service.issue_status_credential(
                session, actor=actor, partner_id=partner_id, settings=settings, clock=clock
            )
    except GreenlaneError as exc:
        if exc.code == "not_found":
            raise
        return RedirectResponse(f"/partners/{partner_id}?error={quote(exc.message)}", status_code=303)
    return Response(
        document,
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{row.verification_id}-status.json"'},
    )
