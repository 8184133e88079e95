"""The child's page, mounted at /lapsi/ (children are addressed by ``Person.public_id``)."""

from django.urls import path

from luukku.plans import views

app_name = "child"

urlpatterns = [
    path("<uuid:public_id>/", views.child_page, name="page"),
]
