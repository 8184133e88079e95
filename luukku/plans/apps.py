from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "luukku.plans"
    label = "plans"
    verbose_name = "Asiakassuunnitelmat"
