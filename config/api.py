"""The JSON API (django-ninja), mounted at /api/v1/ with its OpenAPI schema at /api/docs.

Each domain app contributes one router from its ``api.py``; this module only mounts them.
"""

from __future__ import annotations

from ninja import NinjaAPI

from luukku.assessment.api import router as assessment_router
from luukku.catalogue.api import router as catalogue_router
from luukku.intake.api import router as intake_router
from luukku.people.api import router as people_router
from luukku.plans.api import router as plans_router
from luukku.statistics.api import router as statistics_router

api = NinjaAPI(
    title="Luukku API",
    version="1",
    description="Luukku: lasten, nuorten ja perheiden palvelujen yhteinen alusta.",
    urls_namespace="api",
    docs_url="/docs",
)
api.add_router("/people/", people_router)
api.add_router("/catalogue/", catalogue_router)
api.add_router("/assessments/", assessment_router)
api.add_router("/plans/", plans_router)
api.add_router("/intakes", intake_router)
api.add_router("/statistics/", statistics_router)


@api.get("/health", tags=["system"], auth=None)
def health(request):  # type: ignore[no-untyped-def]
    """Liveness check for the load balancer: answers without touching client data."""
    return {"status": "ok"}
