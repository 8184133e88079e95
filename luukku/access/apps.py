from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "luukku.access"
    label = "access"
    verbose_name = "Käyttöoikeudet ja suostumukset"
