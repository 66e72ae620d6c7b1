"""All page routers, one module per area, combined into the single router the app mounts."""

from fastapi import APIRouter

from greenlane.web.pages import auth, manifests, partners, profiles, supplychain, targeting, verification

router = APIRouter(include_in_schema=False)
for _module in (auth, partners, profiles, supplychain, verification, manifests, targeting):
    router.include_router(_module.router)

__all__ = ["router"]
