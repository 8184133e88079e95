"""Admin: only the routing configuration. Intakes change only through the services (audited)."""

from django.contrib import admin

from luukku.intake.models import IntakeRouting


@admin.register(IntakeRouting)
class IntakeRoutingAdmin(admin.ModelAdmin):
    list_display = ("municipality", "is_default", "unit")
    list_select_related = ("municipality", "unit")
