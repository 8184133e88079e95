from django.contrib.auth import views as auth_views
from django.urls import path

from luukku.core import auth_views as luukku_auth_views
from luukku.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("kirjaudu/", luukku_auth_views.ProfessionalLoginView.as_view(), name="login"),
    path("kirjaudu/vahvistus/", luukku_auth_views.otp_verify, name="otp_verify"),
    path("kirjaudu/todennussovellus/", luukku_auth_views.otp_setup, name="otp_setup"),
    path("kirjaudu-ulos/", auth_views.LogoutView.as_view(), name="logout"),
    # OpenID Connect: answers 404 unless OIDC_RP_CLIENT_ID is configured.
    path("oidc/authenticate/", luukku_auth_views.oidc_authenticate, name="oidc_authentication_init"),
    path("oidc/callback/", luukku_auth_views.oidc_callback, name="oidc_authentication_callback"),
]
