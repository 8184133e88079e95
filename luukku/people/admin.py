"""Henkilörekisteri ylläpidossa: persons, households and relationships.

Every save goes through ``luukku.people.services`` so that the admin writes the same audit rows as the rest of
Luukku. Nothing is deleted here: client records follow their retention periods, not a delete button. The full
identity code is never shown in a list; a search term that is a valid henkilötunnus is matched by its keyed
digest, and that search is logged.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _

from luukku.access.policy import visible_to
from luukku.audit.models import AuditAction
from luukku.audit.services import audit_record
from luukku.core import identity
from luukku.people import services
from luukku.people.forms import HouseholdForm, IdentityCodeLookupForm, PersonForm, RelationshipForm
from luukku.people.models import Household, Person, Relationship


def _adopt(obj: Model, created: Model) -> None:
    """Make the admin's unsaved ``obj`` the row a service created, so the admin redirects to it."""
    obj.pk = created.pk
    obj._state.adding = False
    obj._state.db = created._state.db
    obj.refresh_from_db()


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    form = PersonForm
    list_display = ["full_name_display", "masked_code", "birth_date", "home_municipality", "is_synthetic"]
    list_filter = ["home_municipality", "identity_code_kind", "is_unborn", "is_synthetic"]
    search_fields = ["last_name", "first_names"]
    search_help_text = _("Hae nimellä tai koko henkilötunnuksella.")
    readonly_fields = ["public_id", "masked_code", "identity_code_kind", "created_at", "updated_at"]
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["first_names", "last_name", "public_id"]}),
        (
            _("Henkilötunnus ja syntymä"),
            {
                "fields": [
                    "masked_code",
                    "identity_code",
                    "clear_identity_code",
                    "identity_code_kind",
                    "birth_date",
                    "is_unborn",
                    "expected_birth_date",
                    "sex",
                ]
            },
        ),
        (
            _("Yhteystiedot ja kotikunta"),
            {"fields": ["home_municipality", "address", "phone", "email", "native_language", "nationality"]},
        ),
        (_("Muut tiedot"), {"fields": ["deceased_on", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> Any:
        # Client data: the admin shows only the persons the access policy lets this user see (no role sees all).
        return visible_to(request.user)

    @admin.display(description=_("nimi"), ordering="last_name")
    def full_name_display(self, obj: Person) -> str:
        return str(obj)

    @admin.display(description=_("henkilötunnus"))
    def masked_code(self, obj: Person) -> str:
        return obj.masked_identity_code or "–"

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            add_only = {"clear_identity_code", "masked_code", "identity_code_kind", "public_id"}
            return [
                (name, {**options, "fields": [f for f in options["fields"] if f not in add_only]})
                for name, options in fieldsets
            ]
        return fieldsets

    def get_urls(self) -> list[URLPattern]:
        lookup = path(
            "hae-tunnuksella/", self.admin_site.admin_view(self.lookup_view), name="people_person_lookup"
        )
        return [lookup, *super().get_urls()]

    def lookup_view(self, request: HttpRequest) -> HttpResponse:
        """Haku henkilötunnuksella by POST, so that the code never appears in an address or an access log."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        form = IdentityCodeLookupForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            digest = identity.lookup_digest(form.cleaned_data["identity_code"])
            person = Person.objects.filter(identity_code_digest=digest).first()
            audit_record(
                actor=request.user,
                action=AuditAction.SEARCH,
                person=person,
                object_type="people.person",
                summary=str(_("Henkilöhaku henkilötunnuksella ylläpidossa")),
            )
            if person is not None:
                return HttpResponseRedirect(reverse("admin:people_person_change", args=[person.pk]))
            form.add_error("identity_code", _("Henkilöä tällä henkilötunnuksella ei ole rekisterissä."))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "form": form,
            "title": _("Hae henkilötunnuksella"),
        }
        return render(request, "admin/people/person/lookup.html", context)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Person], search_term: str
    ) -> tuple[QuerySet[Person], bool]:
        term = search_term.strip()
        if identity.is_valid(term):
            audit_record(
                actor=request.user,
                action=AuditAction.SEARCH,
                object_type="people.person",
                summary=str(_("Henkilöhaku henkilötunnuksella ylläpidossa")),
            )
            return queryset.filter(identity_code_digest=identity.lookup_digest(term)), False
        return super().get_search_results(request, queryset, search_term)

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            person = Person.objects.filter(pk=object_id).first() if object_id.isdigit() else None
            if person is not None:
                audit_record(
                    actor=request.user,
                    action=AuditAction.READ,
                    person=person,
                    obj=person,
                    summary=str(_("Henkilötiedot avattu ylläpidossa")),
                )
        return response

    def save_model(self, request: HttpRequest, obj: Person, form: PersonForm, change: bool) -> None:
        data = {name: form.cleaned_data.get(name) for name in services.PERSON_UPDATABLE_FIELDS}
        for text_field in ("first_names", "last_name", "sex", "native_language", "address", "phone", "email"):
            data[text_field] = data.get(text_field) or ""
        data["nationality"] = data.get("nationality") or ""
        code = form.identity_code_change()
        if change:
            kwargs = {name: data[name] for name in form.changed_data if name in data}
            services.person_update(
                actor=request.user,
                person=obj,
                identity_code=services.UNCHANGED if code is None else code,
                **kwargs,
            )
            obj.refresh_from_db()
            return
        deceased_on = data.pop("deceased_on")
        created = services.person_create(actor=request.user, identity_code=code or None, **data)
        if deceased_on:
            services.person_update(actor=request.user, person=created, deceased_on=deceased_on)
        _adopt(obj, created)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Household)
class HouseholdAdmin(admin.ModelAdmin):
    form = HouseholdForm
    list_display = ["__str__", "address", "municipality", "member_count"]
    list_filter = ["municipality"]
    search_fields = ["name", "address"]
    autocomplete_fields = ["members"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).filter(members__in=visible_to(request.user)).distinct()

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "members":
            kwargs["queryset"] = visible_to(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("jäseniä"))
    def member_count(self, obj: Household) -> int:
        return obj.members.count()

    def save_model(self, request: HttpRequest, obj: Household, form: HouseholdForm, change: bool) -> None:
        values = {
            "name": form.cleaned_data.get("name") or "",
            "address": form.cleaned_data.get("address") or "",
            "municipality": form.cleaned_data.get("municipality"),
        }
        if change:
            services.household_update(actor=request.user, household=obj, **values)
        else:
            _adopt(obj, services.household_create(actor=request.user, **values))

    def save_related(self, request: HttpRequest, form: HouseholdForm, formsets: Any, change: bool) -> None:
        household = form.instance
        wanted = set(form.cleaned_data.get("members") or [])
        current = set(household.members.all())
        for person in sorted(wanted - current, key=lambda p: p.pk):
            services.household_add_member(actor=request.user, household=household, person=person)
        for person in sorted(current - wanted, key=lambda p: p.pk):
            services.household_remove_member(actor=request.user, household=household, person=person)
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Relationship)
class RelationshipAdmin(admin.ModelAdmin):
    form = RelationshipForm
    list_display = ["person", "kind", "other", "valid_from", "valid_until"]
    list_filter = ["kind"]
    search_fields = ["person__last_name", "other__last_name"]
    autocomplete_fields = ["person", "other"]
    list_select_related = ["person", "other"]

    def get_queryset(self, request: HttpRequest) -> Any:
        visible = visible_to(request.user)
        return super().get_queryset(request).filter(person__in=visible, other__in=visible)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name in ("person", "other"):
            kwargs["queryset"] = visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # A relationship is not rewritten: it is ended (valid_until) and a new one is recorded.
        if obj is not None:
            return ["person", "kind", "other", "valid_from", "note"]
        return []

    def save_model(
        self, request: HttpRequest, obj: Relationship, form: RelationshipForm, change: bool
    ) -> None:
        if change:
            if "valid_until" in form.changed_data and form.cleaned_data.get("valid_until"):
                services.relationship_end(
                    actor=request.user, relationship=obj, valid_until=form.cleaned_data["valid_until"]
                )
            obj.refresh_from_db()
            return
        created = services.relationship_create(
            actor=request.user,
            person=form.cleaned_data["person"],
            other=form.cleaned_data["other"],
            kind=form.cleaned_data["kind"],
            valid_from=form.cleaned_data.get("valid_from"),
            valid_until=form.cleaned_data.get("valid_until"),
            note=form.cleaned_data.get("note") or "",
        )
        _adopt(obj, created)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
