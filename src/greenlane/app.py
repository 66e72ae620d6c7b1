"""The web application: the versioned REST API under /api/v1 (OpenAPI at /openapi.json) and the
server-rendered pages, sharing one set of services. Domain errors become HTTP responses here, in one place."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from greenlane import __version__
from greenlane.bootstrap import Container, build_container
from greenlane.core.errors import (
    Conflict,
    GreenlaneError,
    InvalidTransition,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    RateLimited,
    ValidationFailed,
)

API_PREFIX = "/api/v1"

_STATUS = {
    NotFound: 404,
    Conflict: 409,
    InvalidTransition: 409,
    PermissionDenied: 403,
    NotAuthenticated: 401,
    ValidationFailed: 422,
    RateLimited: 429,
}


def _status_of(error: GreenlaneError) -> int:
    return next((code for kind, code in _STATUS.items() if isinstance(error, kind)), 400)


def _wants_html(request: Request) -> bool:
    """Everything outside the API is a page: errors there are shown as pages, not JSON."""
    return not request.url.path.startswith(API_PREFIX) and request.url.path != "/openapi.json"


_NUL = "\x00"
_FORM = "application/x-www-form-urlencoded"


def _nul_field(value: Any, path: str = "") -> str | None:
    """Where a decoded JSON value holds U+0000 (the key path, "" for the top), or None."""
    if isinstance(value, str):
        return path if _NUL in value else None
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        if isinstance(key, str) and _NUL in key:
            return f"{path}.{key}".lstrip(".")
        found = _nul_field(item, f"{path}.{key}".lstrip(".") if isinstance(key, str) else f"{path}[{key}]")
        if found is not None:
            return found
    return None


def _refuse_nul_in(pairs: Iterable[tuple[str, Any]]) -> None:
    for key, value in pairs:
        if _NUL in key or (isinstance(value, str) and _NUL in value):
            raise ValidationFailed("text may not contain a NUL character (U+0000)", field=key)


def _refuse_nul_in_json(body: bytes) -> None:
    if b"\\u0000" not in body and b"\x00" not in body:
        return
    try:
        field = _nul_field(json.loads(body))
    except ValueError:
        return  # not JSON at all: the route's own validation says so
    if field is not None:
        raise ValidationFailed("text may not contain a NUL character (U+0000)", field=field or "body")


async def refuse_nul_characters(request: Request) -> None:
    """No field of ours has a use for U+0000 and PostgreSQL text cannot hold it, so a request carrying one in
    its path, query, JSON body or form is refused as bad input, naming the field, before any service runs.
    (Uploaded files are the ingest's business: it quarantines what it cannot read.)"""
    _refuse_nul_in([("path", request.url.path), *request.query_params.multi_items()])
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/json":
        _refuse_nul_in_json(await request.body())
    elif kind == _FORM:
        _refuse_nul_in((await request.form()).multi_items())


def create_app(container: Container | None = None) -> FastAPI:
    from greenlane.criteria.routes import router as criteria_router
    from greenlane.identity.routes import router as identity_router
    from greenlane.manifests.routes import router as manifests_router
    from greenlane.partners.routes import router as partners_router
    from greenlane.supplychain.routes import router as supplychain_router
    from greenlane.targeting.routes import router as targeting_router
    from greenlane.verification.routes import router as verification_router
    from greenlane.web.pages import router as web_router
    from greenlane.web.render import error_page

    container = container or build_container()
    app = FastAPI(
        title="greenlane",
        version=__version__,
        openapi_url="/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
        dependencies=[Depends(refuse_nul_characters)],
    )
    app.state.container = container
    app.state.db = container.db
    app.state.settings = container.settings
    app.state.clock = container.clock
    app.state.limiter = container.limiter
    for router in (
        identity_router,
        partners_router,
        criteria_router,
        supplychain_router,
        verification_router,
        manifests_router,
        targeting_router,
    ):
        app.include_router(router, prefix=API_PREFIX)
    app.include_router(web_router)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "web" / "static"), name="static")

    @app.exception_handler(GreenlaneError)
    def _domain_error(request: Request, exc: GreenlaneError) -> Response:
        status = _status_of(exc)
        if _wants_html(request):
            if status == 401:
                return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
            return error_page(request, status=status, message=exc.message)
        body: dict[str, object] = {"error": exc.code, "detail": exc.message}
        if isinstance(exc, ValidationFailed):
            body.update(field=exc.field, record=exc.record)
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return JSONResponse(body, status_code=status, headers=headers)

    @app.exception_handler(RequestValidationError)
    def _bad_request(request: Request, exc: RequestValidationError) -> Response:
        problems = [
            {"field": ".".join(str(p) for p in e.get("loc", ()) if p != "body"), "detail": e.get("msg", "")}
            for e in exc.errors()
        ]
        if _wants_html(request):
            text = "; ".join(f"{p['field']}: {p['detail']}" for p in problems)
            return error_page(request, status=422, message=text)
        return JSONResponse(
            {"error": "validation_failed", "detail": "invalid request", "problems": problems}, status_code=422
        )

    return app
