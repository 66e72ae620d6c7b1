"""Template rendering shared by every page module: one Jinja2 environment, the logged-in actor in every
page, and consistent error pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from greenlane.identity.domain import Actor

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
templates.env.globals["humanize"] = lambda text: str(text).replace("_", " ")


def render(
    request: Request, template: str, context: dict[str, Any], *, actor: Actor | None = None, status: int = 200
) -> HTMLResponse:
    return templates.TemplateResponse(request, template, {"actor": actor, **context}, status_code=status)


def error_page(request: Request, *, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", {"status": status, "message": message}, status=status)


def is_htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"
