from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "luukku.catalogue"
    label = "catalogue"
    verbose_name = "Palveluluettelo"
