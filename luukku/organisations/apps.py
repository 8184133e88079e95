from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "luukku.organisations"
    label = "organisations"
    verbose_name = "Organisaatiot ja ammattilaiset"
