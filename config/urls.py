from django.contrib import admin
from django.urls import include, path

from config.api import api

admin.site.site_header = "Luukku – ylläpito"
admin.site.site_title = "Luukku"
admin.site.index_title = "Ylläpito"

urlpatterns = [
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("luukku.core.urls")),
]
