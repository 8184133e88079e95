from django.contrib import admin

from luukku.catalogue import services
from luukku.catalogue.models import Activity, MeetingPlace, Service, ServiceChannel, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["code", "label_fi", "label_sv", "label_en"]
    search_fields = ["code", "label_fi"]


class ServiceChannelInline(admin.TabularInline):
    model = ServiceChannel
    extra = 0
    fields = ["position", "kind", "name", "value", "opening_hours", "latitude", "longitude"]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = [
        "name_fi",
        "organisation",
        "level",
        "age_min",
        "age_max",
        "last_checked_at",
        "last_checked_by",
    ]
    list_filter = ["level", "sector", "target", "referral_required", "is_active"]
    search_fields = ["code", "name_fi", "name_sv", "description_fi"]
    filter_horizontal = ["topics", "municipalities"]
    readonly_fields = ["last_checked_at", "last_checked_by", "ptv_id", "ptv_data"]
    inlines = [ServiceChannelInline]

    def save_related(self, request, form, formsets, change):  # type: ignore[no-untyped-def]
        super().save_related(request, form, formsets, change)
        services.search_document_sync(obj=form.instance)


class ActivityInline(admin.TabularInline):
    model = Activity
    extra = 0


@admin.register(MeetingPlace)
class MeetingPlaceAdmin(admin.ModelAdmin):
    list_display = ["name_fi", "municipality", "last_checked_at", "last_checked_by"]
    list_filter = ["municipality", "is_active"]
    search_fields = ["code", "name_fi"]
    filter_horizontal = ["organisations"]
    readonly_fields = ["last_checked_at", "last_checked_by"]
    inlines = [ActivityInline]

    def save_related(self, request, form, formsets, change):  # type: ignore[no-untyped-def]
        super().save_related(request, form, formsets, change)
        services.search_document_sync(obj=form.instance)
