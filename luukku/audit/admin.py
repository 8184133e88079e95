"""Read-only admin for the käyttöloki: nobody adds, changes or deletes log rows here (703/2023 17 §)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from luukku.audit.models import AuditEntry, AuditHead, LogReportRequest


class ReadOnlyAdmin(admin.ModelAdmin):
    """No add, change or delete permission for anyone, superusers included; viewing only."""

    actions = None

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in self.model._meta.fields]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "occurred_at",
        "actor_name",
        "actor_organisation_name",
        "actor_role",
        "action",
        "outcome",
        "object_type",
        "basis",
        "recipient_organisation_name",
    )
    list_filter = ("action", "outcome", "channel")
    search_fields = ("actor_name", "object_type", "object_id")
    date_hierarchy = "occurred_at"
    show_full_result_count = False
    list_select_related = False


@admin.register(AuditHead)
class AuditHeadAdmin(ReadOnlyAdmin):
    list_display = ("last_id", "last_hash", "updated_at")


@admin.register(LogReportRequest)
class LogReportRequestAdmin(ReadOnlyAdmin):
    list_display = ("id", "requested_on", "decision", "decided_at")
    list_filter = ("decision",)
