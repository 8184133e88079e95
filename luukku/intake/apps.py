from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "luukku.intake"
    label = "intake"
    verbose_name = "Vireilletulot"
