from django.contrib.auth import views as auth_views
from django.urls import path

from luukku.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("kirjaudu/", auth_views.LoginView.as_view(template_name="core/login.html"), name="login"),
    path("kirjaudu-ulos/", auth_views.LogoutView.as_view(), name="logout"),
]
