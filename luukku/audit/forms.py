"""Forms of the registrar's log report screens (Asiakastietolaki 703/2023 11 §)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from luukku.audit.models import DEFAULT_APPEAL_INSTRUCTIONS, LogReportDecision
from luukku.core import identity
from luukku.people.models import Person

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]


def _date_field(label: Any, *, required: bool) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class _PeriodMixin(forms.Form):
    def _check_period(self, start: dt.date | None, end: dt.date | None) -> None:
        if start and end and start > end:
            raise forms.ValidationError(_("Alkupäivä ei voi olla loppupäivän jälkeen."), code="period_order")


class PersonLookupForm(forms.Form):
    """Henkilön haku henkilötunnuksella: the code travels only in the POST body and is looked up by digest."""

    identity_code = forms.CharField(
        label=_("Henkilötunnus"),
        max_length=11,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_identity_code(self) -> str:
        try:
            parsed = identity.parse(self.cleaned_data["identity_code"])
        except identity.IdentityCodeError as error:
            raise forms.ValidationError(error.messages, code="invalid") from None
        return parsed.code

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        code = cleaned.get("identity_code")
        if code:
            person = Person.objects.filter(identity_code_digest=identity.lookup_digest(code)).first()
            if person is None:
                raise forms.ValidationError(
                    _("Tällä henkilötunnuksella ei löytynyt henkilöä."), code="not_found"
                )
            cleaned["person"] = person
        return cleaned


class ReportPeriodForm(_PeriodMixin):
    """Lokiraportin ajanjakso; left empty, the last two years up to today (703/2023 11 §)."""

    alku = _date_field(_("Alkaen"), required=False)
    loppu = _date_field(_("Päättyen"), required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._check_period(cleaned.get("alku"), cleaned.get("loppu"))
        return cleaned


class LogReportRequestForm(_PeriodMixin):
    """Lokitietopyynnön kirjaus."""

    requester_description = forms.CharField(
        label=_("Pyytäjä ja tapa"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Esim. asiakas itse kirjeellä 10.11., huoltaja puhelimessa."),
    )
    requested_on = _date_field(_("Pyyntöpäivä"), required=True)
    period_start = _date_field(_("Raportti alkaen"), required=True)
    period_end = _date_field(_("Raportti päättyen"), required=True)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._check_period(cleaned.get("period_start"), cleaned.get("period_end"))
        return cleaned


class LogReportDecisionForm(forms.Form):
    """Ratkaisu lokitietopyyntöön: a refusal, whole or partial, must be reasoned in writing."""

    decision = forms.ChoiceField(
        label=_("Ratkaisu"), choices=LogReportDecision.choices, widget=forms.RadioSelect
    )
    reasoning = forms.CharField(
        label=_("Perustelut"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Pakollinen, jos lokitietojen antamisesta kieltäydytään kokonaan tai osittain (703/2023 11 § 2 mom., "
            "tietosuoja-asetus 15 art. 4 kohta)."
        ),
    )
    appeal_instructions = forms.CharField(
        label=_("Muutoksenhakuohje"),
        required=False,
        initial=DEFAULT_APPEAL_INSTRUCTIONS,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        decision = cleaned.get("decision")
        if decision and decision != LogReportDecision.DELIVERED and not cleaned.get("reasoning", "").strip():
            self.add_error(
                "reasoning",
                forms.ValidationError(
                    _("Kieltäytyminen on perusteltava kirjallisesti: kirjoita perustelut."),
                    code="reasoning_required",
                ),
            )
        return cleaned
