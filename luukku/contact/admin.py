"""Admin: the administrator sees the queue's figures, never the family's words or contact details (those are
client data, read only through the logged queue views)."""

from django.contrib import admin

from luukku.contact.models import Contact


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "received_at",
        "promised_by",
        "status",
        "route",
        "assigned_to",
        "waiting_seconds",
    ]
    list_filter = ["status", "route", "language"]
    fields = ["reference", "received_at", "promised_by", "status", "route", "assigned_to", "waiting_seconds"]
    readonly_fields = fields

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
