"""Forms of the one contact channel: the family's short public form and the worker's answer and routing forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from luukku.catalogue.models import Service
from luukku.contact.models import PreferredLanguage, WhoWorried
from luukku.contact.services import MAX_WORRY_LENGTH
from luukku.organisations.models import Municipality


class ContactForm(forms.Form):
    """Yhteydenotto perheneuvoon: who is worried about whom, the worry in own words, how to reach you."""

    who = forms.ChoiceField(
        label=_("Kenestä olet huolissasi?"),
        choices=WhoWorried.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Valitse, kenestä olet huolissasi.")},
    )
    child_age = forms.IntegerField(
        label=_("Lapsen tai nuoren ikä (vuotta)"),
        min_value=0,
        max_value=29,
        required=False,
        help_text=_("Vapaaehtoinen. Jos huoli koskee sinua itseäsi, voit kertoa oman ikäsi."),
    )
    worry = forms.CharField(
        label=_("Mikä huolettaa? Kerro omin sanoin."),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=MAX_WORRY_LENGTH,
        strip=False,
    )
    contact_name = forms.CharField(label=_("Nimesi (vapaaehtoinen)"), max_length=200, required=False)
    phone = forms.CharField(
        label=_("Puhelinnumero"),
        max_length=40,
        required=False,
        help_text=_("Anna puhelinnumero tai sähköposti (vähintään toinen)."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.CharField(
        label=_("Sähköposti"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    language = forms.ChoiceField(
        label=_("Millä kielellä vastaamme?"), choices=PreferredLanguage.choices, initial=PreferredLanguage.FI
    )
    municipality = forms.ModelChoiceField(
        label=_("Kotikunta (vapaaehtoinen)"),
        queryset=Municipality.objects.order_by("name_fi"),
        required=False,
        to_field_name="code",
        empty_label=_("– en halua kertoa –"),
    )
    consent_to_contact = forms.BooleanField(
        label=_("Perheneuvo saa ottaa minuun yhteyttä antamillani yhteystiedoilla."), required=False
    )


class AnswerForm(forms.Form):
    note = forms.CharField(
        label=_("Miten vastasit?"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class RouteServiceForm(forms.Form):
    service = forms.ModelChoiceField(
        label=_("Palvelu"),
        queryset=Service.objects.filter(is_active=True).order_by("name_fi"),
        to_field_name="code",
    )
    note = forms.CharField(
        label=_("Lisätieto"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=4000
    )


class RouteAppointmentForm(forms.Form):
    at = forms.DateTimeField(
        label=_("Aika (pp.kk.vvvv hh:mm)"),
        input_formats=["%d.%m.%Y %H:%M", "%d.%m.%Y %H.%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    with_whom = forms.CharField(label=_("Kenen luo"), max_length=200)
    note = forms.CharField(
        label=_("Lisätieto"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=4000
    )


class RouteIntakeForm(forms.Form):
    """Yhteydenotto sosiaalihuoltoon (SHL 35 §) perheen suostumuksella."""

    consent = forms.BooleanField(
        label=_("Perhe on antanut suostumuksen yhteydenottoon sosiaalihuoltoon (SHL 35 §)."), required=False
    )
    first_names = forms.CharField(label=_("Lapsen etunimet"), max_length=200, required=False)
    last_name = forms.CharField(label=_("Lapsen sukunimi"), max_length=200)
    birth_date = forms.DateField(
        label=_("Lapsen syntymäaika"),
        required=False,
        input_formats=["%d.%m.%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(
        label=_("Lisätieto sosiaalihuollolle"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=4000,
    )
