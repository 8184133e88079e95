from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from config.api import api

admin.site.site_header = "Luukku – ylläpito"
admin.site.site_title = "Luukku"
admin.site.index_title = "Ylläpito"

urlpatterns = [
    path("api/v1/", api.urls),
    # The OpenAPI documentation's well-known address; the schema itself is versioned under /api/v1/.
    path("api/docs", RedirectView.as_view(url="/api/v1/docs", permanent=False), name="api_docs"),
    path(
        "api/openapi.json",
        RedirectView.as_view(url="/api/v1/openapi.json", permanent=False),
        name="api_schema",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("loki/", include("luukku.audit.urls")),
    path("asiakkaat/", include("luukku.people.urls")),
    path("oikeudet/", include("luukku.access.urls")),
    path("vireilletulot/", include("luukku.intake.urls")),
    path("ilmoita/", include("luukku.intake.public_urls")),
    path("palvelut/", include("luukku.catalogue.urls")),
    path("arvioinnit/", include("luukku.assessment.urls")),
    path("suunnitelmat/", include("luukku.plans.urls")),
    path("lapsi/", include("luukku.plans.child_urls")),
    path("perhekeskus/", include("luukku.portal.urls")),
    path("yhteydenotot/", include("luukku.contact.urls")),
    path("tilastot/", include("luukku.statistics.urls")),
    path("", include("luukku.core.urls")),
]
