from django.urls import path

from luukku.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("haku/", views.search_page, name="search"),
    path("palvelu/<slug:code>/", views.service_page, name="service"),
    path("kohtaamispaikat/", views.meeting_places, name="meeting_places"),
    path("mika-palvelu-sopii/", views.guide, name="guide"),
    path("ota-yhteytta/", views.contact, name="contact"),
    path("ota-yhteytta/kiitos/", views.contact_thanks, name="contact_thanks"),
]
