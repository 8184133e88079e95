from django.urls import path

from luukku.statistics import views

app_name = "statistics"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("<slug:key>/tapaukset/", views.case_list, name="cases"),
]
