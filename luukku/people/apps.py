from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "luukku.people"
    label = "people"
    verbose_name = "Henkilöt"
