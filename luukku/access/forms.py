"""Forms of the consent and emergency-access screens. They parse input; the services decide and validate."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from luukku.access.models import ConsentGiverRole, ConsentMethod, InformationKind
from luukku.access.services import EMERGENCY_REASON_MIN_LENGTH
from luukku.organisations.models import Organisation, Unit
from luukku.people.models import Person


class ConsentForm(forms.Form):
    """Suostumuksen kirjaus allekirjoitetulta paperilomakkeelta tai sähköisestä suostumuksesta."""

    given_by = forms.TypedChoiceField(label=_("Suostumuksen antaja"), coerce=int)
    given_by_role = forms.ChoiceField(label=_("Antajan asema"), choices=ConsentGiverRole.choices)
    recipient_organisations = forms.ModelMultipleChoiceField(
        label=_("Vastaanottavat organisaatiot"),
        queryset=Organisation.objects.order_by("name_fi"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    recipient_units = forms.ModelMultipleChoiceField(
        label=_("Vastaanottavat yksiköt"),
        queryset=Unit.objects.filter(is_active=True).select_related("organisation"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    information_kinds = forms.MultipleChoiceField(
        label=_("Tietoryhmät"), choices=InformationKind.choices, widget=forms.CheckboxSelectMultiple
    )
    purpose = forms.CharField(label=_("Käyttötarkoitus"), widget=forms.Textarea(attrs={"rows": 3}))
    valid_from = forms.DateField(label=_("Voimassa alkaen"), widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(label=_("Voimassa asti"), widget=forms.DateInput(attrs={"type": "date"}))
    method = forms.ChoiceField(label=_("Antotapa"), choices=ConsentMethod.choices)
    maturity_note = forms.CharField(
        label=_("Arvio lapsen kypsyydestä"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Pakollinen, kun lapsi antaa suostumuksen itse ikänsä ja kehitystasonsa perusteella."),
    )

    def __init__(self, *args: Any, givers: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.givers = {giver.pk: giver for giver in givers}
        self.fields["given_by"].choices = [(giver.pk, giver.full_name or str(giver)) for giver in givers]

    def clean_given_by(self) -> Person:
        value = self.cleaned_data["given_by"]
        if value not in self.givers:
            raise forms.ValidationError(_("Valitse suostumuksen antaja listalta."))
        return self.givers[value]


class ConsentWithdrawForm(forms.Form):
    withdrawn_by_description = forms.CharField(
        label=_("Kuka perui suostumuksen ja miten"),
        max_length=300,
        help_text=_("Esimerkiksi: huoltaja Anna Virtanen puhelimessa."),
    )


class IdentityCodeSearchForm(forms.Form):
    identity_code = forms.CharField(label=_("Henkilötunnus"), max_length=11, min_length=11, strip=True)


class NameSearchForm(forms.Form):
    name = forms.CharField(label=_("Nimi"), max_length=200, required=False)


class EmergencyAccessForm(forms.Form):
    """Hätäkäyttö: the identity code of the person and the reason, both required."""

    identity_code = forms.CharField(label=_("Henkilötunnus"), max_length=11, min_length=11, strip=True)
    reason = forms.CharField(
        label=_("Peruste"),
        min_length=EMERGENCY_REASON_MIN_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Miksi tarvitset tiedot nyt? Esihenkilösi tarkastaa jokaisen hätäkäytön."),
    )


class EmergencyReviewForm(forms.Form):
    note = forms.CharField(label=_("Huomio"), required=False, max_length=1000)
