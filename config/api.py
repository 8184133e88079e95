"""The JSON API (django-ninja), mounted at /api/v1/ with its OpenAPI schema at /api/docs.

Each domain app contributes one router from its ``api.py``; this module only mounts them.
"""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(
    title="Luukku API",
    version="1",
    description="Luukku: lasten, nuorten ja perheiden palvelujen yhteinen alusta.",
    urls_namespace="api",
    docs_url="/docs",
)


@api.get("/health", tags=["system"], auth=None)
def health(request):  # type: ignore[no-untyped-def]
    """Liveness check for the load balancer: answers without touching client data."""
    return {"status": "ok"}
