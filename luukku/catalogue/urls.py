from django.urls import path

from luukku.catalogue import views

app_name = "catalogue"

urlpatterns = [
    path("", views.search_page, name="search"),
    path("muokkaa/", views.editor_list, name="editor_list"),
    path("muokkaa/<slug:code>/", views.service_edit, name="service_edit"),
    path("muokkaa/<slug:code>/tarkistettu/", views.service_check, name="service_check"),
    path("palvelu/<slug:code>/", views.service_detail, name="service_detail"),
]
