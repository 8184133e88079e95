from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "luukku.core"
    label = "core"
    verbose_name = "Perusta"
