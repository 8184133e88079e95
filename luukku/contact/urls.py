from django.urls import path

from luukku.contact import views

app_name = "contact"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("<uuid:public_id>/", views.detail, name="detail"),
    path("<uuid:public_id>/ota/", views.take, name="take"),
    path("<uuid:public_id>/vastaa/", views.answer, name="answer"),
    path("<uuid:public_id>/ohjaa/palveluun/", views.route_service, name="route_service"),
    path("<uuid:public_id>/ohjaa/aika/", views.route_appointment, name="route_appointment"),
    path("<uuid:public_id>/ohjaa/sosiaalihuoltoon/", views.route_intake, name="route_intake"),
]
