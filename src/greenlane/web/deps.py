"""Page-side dependencies: the logged-in actor from the session cookie, with the same permission guards as
the API. A missing or expired session sends the browser to the login page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request

from greenlane.identity.domain import Actor, Permission
from greenlane.identity.http import current_actor, optional_actor

PageActor = Annotated[Actor, Depends(current_actor)]
MaybeActor = Annotated[Actor | None, Depends(optional_actor)]


def page_require(*permissions: Permission) -> Callable[[Actor], Actor]:
    def guard(actor: PageActor) -> Actor:
        for permission in permissions:
            actor.require(permission)
        return actor

    return guard


def flash_of(request: Request) -> dict[str, str]:
    """One-shot messages travel in the query string of the redirect after a form post."""
    message = request.query_params.get("ok") or request.query_params.get("error")
    if not message:
        return {}
    return {"flash": message, "flash_kind": "error" if "error" in request.query_params else "ok"}
