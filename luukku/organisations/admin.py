"""Organisaatiorekisteri ylläpidossa: municipalities, organisations with their units, and professionals."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.utils.translation import gettext_lazy as _

from luukku.organisations.models import Municipality, Organisation, Professional, Unit


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name_fi", "name_sv", "code", "kind", "population", "statistics_code"]
    search_fields = ["name_fi", "name_sv", "code"]
    ordering = ["name_fi"]


class UnitInline(admin.TabularInline):
    model = Unit
    fk_name = "organisation"
    fields = ["code", "name_fi", "sector", "municipality", "parent", "is_active"]
    extra = 0
    show_change_link = True
    verbose_name = _("yksikkö")
    verbose_name_plural = _("yksiköt")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name_fi", "kind", "wellbeing_county", "unit_count", "web"]
    list_filter = ["kind", "municipalities"]
    search_fields = ["name_fi", "name_sv", "code", "business_id"]
    filter_horizontal = ["municipalities"]
    inlines = [UnitInline]
    fieldsets = [
        (None, {"fields": ["code", "name_fi", "name_sv", "kind", "business_id"]}),
        (_("Toiminta-alue"), {"fields": ["wellbeing_county", "municipalities"]}),
        (_("Lisätiedot"), {"fields": ["web", "note_fi"]}),
    ]

    @admin.display(description=_("yksiköitä"))
    def unit_count(self, obj: Organisation) -> int:
        return obj.units.count()

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        return super().get_queryset(request).select_related("wellbeing_county")


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name_fi", "organisation", "sector", "municipality", "is_active"]
    list_filter = ["sector", "is_active", "organisation__kind", "municipality"]
    search_fields = ["name_fi", "name_sv", "code", "organisation__name_fi"]
    autocomplete_fields = ["organisation", "parent"]
    list_select_related = ["organisation", "municipality"]


class ProfessionalCreationForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = Professional
        fields = ("username",)


class ProfessionalChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = Professional
        fields = "__all__"


@admin.register(Professional)
class ProfessionalAdmin(UserAdmin):
    form = ProfessionalChangeForm
    add_form = ProfessionalCreationForm
    list_display = ["username", "last_name", "first_name", "role", "unit", "title", "is_active"]
    list_filter = ["role", "sector", "is_active", "is_staff", "unit__organisation"]
    search_fields = ["username", "first_name", "last_name", "email", "title"]
    autocomplete_fields = ["unit"]
    list_select_related = ["unit__organisation"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Henkilötiedot"), {"fields": ["first_name", "last_name", "email", "phone"]}),
        (
            _("Työ Luukussa"),
            {"fields": ["unit", "role", "sector", "title", "social_worker_qualified"]},
        ),
        (
            _("Käyttöoikeudet"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Tärkeät päivämäärät"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["username", "password1", "password2"]}),
        (
            _("Työ Luukussa"),
            {
                "classes": ["wide"],
                "fields": [
                    "first_name",
                    "last_name",
                    "email",
                    "unit",
                    "role",
                    "sector",
                    "title",
                    "social_worker_qualified",
                ],
            },
        ),
    ]
