"""The public notification form (no login), mounted at /ilmoita/."""

from django.urls import path

from luukku.intake import views

app_name = "intake_public"

urlpatterns = [
    path("", views.notify_public, name="form"),
    path("kiitos/", views.notify_public_thanks, name="thanks"),
]
