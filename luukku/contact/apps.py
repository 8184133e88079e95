from django.apps import AppConfig


class ContactConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "luukku.contact"
    verbose_name = "Yhteydenotot perheneuvoon"
