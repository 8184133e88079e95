"""Emergency access (hätäkäyttö) and its review, under /oikeudet/."""

from django.urls import path

from luukku.access import views

app_name = "access"

urlpatterns = [
    path("hatakaytto/", views.emergency_open, name="emergency_open"),
    path("hatakaytot/", views.emergency_review_list, name="emergency_review_list"),
    path("hatakaytot/<int:pk>/tarkastettu/", views.emergency_review, name="emergency_review"),
]
