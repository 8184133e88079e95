from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "luukku.statistics"
    verbose_name = "Tietojohtaminen ja tilastot"
