"""Service-need assessments for professionals, mounted at /arvioinnit/."""

from django.urls import path

from luukku.assessment import views

app_name = "assessment"

urlpatterns = [
    path("", views.assessment_list, name="list"),
    path("kutsut/", views.invitation_inbox, name="inbox"),
    path("kutsut/<int:pk>/vastaa/", views.invitation_respond, name="respond"),
    path("aloita/<str:receipt_number>/", views.assessment_start_from_intake, name="start"),
    path("<uuid:public_id>/", views.assessment_detail, name="detail"),
    path("<uuid:public_id>/<slug:action>/", views.assessment_action, name="action"),
]
