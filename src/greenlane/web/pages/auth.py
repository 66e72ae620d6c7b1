"""Logging in and out of the web UI, and the home page that sends each role where its work is."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from greenlane.core.errors import NotAuthenticated
from greenlane.identity.http import COOKIE_NAME, ClockDep, DatabaseDep, SettingsDep
from greenlane.identity.service import log_in
from greenlane.partners import service as partners
from greenlane.web.deps import MaybeActor, flash_of
from greenlane.web.render import render

router = APIRouter()


def _safe_next(target: str | None) -> str:
    """Only local paths: an open redirect after login would help phishing. Browsers read a backslash as a
    slash, so "/\\evil.example" would leave the site just as "//evil.example" does."""
    return (
        target
        if target and target.startswith("/") and not target.startswith("//") and "\\" not in target
        else "/"
    )


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, actor: MaybeActor, next: str | None = None) -> Response:
    return render(request, "login.html", {"next": _safe_next(next), **flash_of(request)}, actor=actor)


@router.post("/login")
def login(
    request: Request,
    db: DatabaseDep,
    settings: SettingsDep,
    clock: ClockDep,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    try:
        with db.transaction() as session:
            token = log_in(
                session,
                username=username,
                password=password,
                secret=settings.resolved_secret_key(),
                minutes=settings.token_minutes,
                clock=clock,
            )
    except NotAuthenticated as exc:
        return render(request, "login.html", {"error": exc.message, "next": _safe_next(next)}, status=401)
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        COOKIE_NAME, token, httponly=True, samesite="strict", max_age=settings.token_minutes * 60
    )
    return response


@router.post("/logout")
def logout() -> Response:
    response = RedirectResponse("/login?ok=" + quote("Logged out."), status_code=303)
    response.delete_cookie(COOKIE_NAME)
    return response


@router.get("/", response_class=HTMLResponse)
def home(request: Request, actor: MaybeActor, db: DatabaseDep, clock: ClockDep) -> Response:
    if actor is None:
        return render(request, "home_public.html", {})
    if actor.is_partner_user:
        return RedirectResponse(f"/partners/{actor.partner_id}", status_code=303)
    with db.transaction() as session:
        counts = partners.count_program(session, actor=actor)
        clocks = partners.list_clocks(session, actor=actor, clock=clock)
    overdue = [c for c in clocks if c.overdue]
    return render(
        request,
        "home.html",
        {
            "counts": counts,
            "overdue": overdue[:10],
            "overdue_total": len(overdue),
            "due_soon": sum(1 for c in clocks if c.state == "due_soon"),
        },
        actor=actor,
    )
