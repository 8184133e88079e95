from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "luukku.assessment"
    label = "assessment"
    verbose_name = "Palvelutarpeen arviointi"
