"""Intake handling for professionals, mounted at /vireilletulot/."""

from django.urls import path

from luukku.intake import views

app_name = "intake"

urlpatterns = [
    path("", views.tray_team, name="team"),
    path("omat/", views.tray_mine, name="mine"),
    path("uusi/", views.notify_professional, name="notify"),
    path("kuittaus/", views.receipt, name="receipt"),
    path("<str:receipt_number>/", views.intake_detail, name="detail"),
    path("<str:receipt_number>/<slug:action>/", views.intake_action, name="action"),
]
