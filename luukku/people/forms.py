"""Forms of the person register. The identity code is typed in plain text and stored only encrypted."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from luukku.core import identity
from luukku.people.models import Household, Person, Relationship
from luukku.people.services import person_check_identity_code, person_validate


class PersonForm(forms.ModelForm):
    """Henkilön tiedot. ``identity_code`` is validated with ``identity.parse`` and checked for duplicates."""

    identity_code = forms.CharField(
        label=_("Henkilötunnus"),
        required=False,
        max_length=20,
        strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=_(
            "Muodossa PPKKVVCNNNT, esim. 010594Y9032. Tallennetaan salattuna. Muutettaessa tyhjä kenttä "
            "jättää nykyisen tunnuksen ennalleen."
        ),
    )
    clear_identity_code = forms.BooleanField(
        label=_("Poista henkilötunnus"),
        required=False,
        help_text=_("Esimerkiksi virheellisesti kirjattu tunnus."),
    )

    class Meta:
        model = Person
        fields = [
            "first_names",
            "last_name",
            "identity_code",
            "clear_identity_code",
            "birth_date",
            "is_unborn",
            "expected_birth_date",
            "sex",
            "native_language",
            "nationality",
            "home_municipality",
            "address",
            "phone",
            "email",
            "deceased_on",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            del self.fields["clear_identity_code"]
        else:
            self.fields["identity_code"].label = _("Uusi henkilötunnus")

    def clean_identity_code(self) -> str:
        raw = self.cleaned_data.get("identity_code", "")
        if not raw:
            return ""
        try:
            parsed = person_check_identity_code(raw, exclude=self.instance)
        except ValidationError as error:
            raise ValidationError(error.message_dict["identity_code"]) from None
        return parsed.code

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("identity_code") and cleaned.get("clear_identity_code"):
            self.add_error("clear_identity_code", _("Anna uusi tunnus tai poista tunnus, ei molempia."))
        code = cleaned.get("identity_code")
        if code and cleaned.get("is_unborn"):
            self.add_error("identity_code", _("Syntymättömällä lapsella ei voi olla henkilötunnusta."))
        elif code and cleaned.get("birth_date") and identity.parse(code).birth_date != cleaned["birth_date"]:
            self.add_error("birth_date", _("Syntymäaika ei vastaa henkilötunnuksen syntymäaikaa."))
        return cleaned

    def _post_clean(self) -> None:
        super()._post_clean()
        if self.errors:
            return
        code = self.cleaned_data.get("identity_code")
        if code:
            # The same rules as the service, with the new code's birth date in place.
            self.instance.birth_date = identity.parse(code).birth_date
        try:
            person_validate(self.instance)
        except ValidationError as error:
            self._update_errors(error)

    def identity_code_change(self) -> str | None:
        """What the service should do with the code: a new code, '' to clear it, or None to keep it."""
        if self.cleaned_data.get("identity_code"):
            return self.cleaned_data["identity_code"]
        if self.cleaned_data.get("clear_identity_code"):
            return ""
        return None


class HouseholdForm(forms.ModelForm):
    class Meta:
        model = Household
        fields = ["name", "address", "municipality", "members"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not (cleaned.get("name") or "").strip() and not (cleaned.get("address") or "").strip():
            self.add_error("address", _("Anna kotitaloudelle nimi tai osoite."))
        return cleaned


class RelationshipForm(forms.ModelForm):
    class Meta:
        model = Relationship
        fields = ["person", "kind", "other", "valid_from", "valid_until", "note"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("valid_from") or self.instance.valid_from, cleaned.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("Päättymispäivä ei voi olla ennen alkamispäivää."))
        return cleaned


class IdentityCodeLookupForm(forms.Form):
    """Haku henkilötunnuksella: the code travels in a POST body, never in the address."""

    identity_code = forms.CharField(
        label=_("Henkilötunnus"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autofocus": True}),
    )

    def clean_identity_code(self) -> str:
        try:
            return identity.parse(self.cleaned_data["identity_code"]).code
        except identity.IdentityCodeError as error:
            raise ValidationError(error.messages) from None
