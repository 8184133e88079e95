from django.urls import path

from luukku.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.person_lookup, name="lookup"),
    path("henkilo/<uuid:public_id>/", views.person_page, name="person"),
    path("henkilo/<uuid:public_id>/raportti/", views.report, name="report"),
    path("henkilo/<uuid:public_id>/pyynto/", views.request_register, name="request_register"),
    path("pyynto/<int:pk>/ratkaisu/", views.request_decide, name="decide"),
    path("pyynto/<int:pk>/", views.request_decision, name="decision"),
]
