"""The person screens under /asiakkaat/."""

from django.urls import path

from luukku.people import views

app_name = "people"

urlpatterns = [
    path("", views.person_list, name="list"),
    path("<uuid:public_id>/", views.person_detail, name="detail"),
    path("<uuid:public_id>/henkilotunnus/", views.person_reveal_identity_code, name="reveal_identity_code"),
    path("<uuid:public_id>/suostumukset/uusi/", views.consent_create, name="consent_create"),
    path(
        "<uuid:public_id>/suostumukset/<int:consent_id>/peru/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
]
