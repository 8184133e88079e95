"""Forms of the assessment screens. They only parse what was typed; the rules live in
``luukku.assessment.services``, whose ``ValidationError`` keys are these forms' field names."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from luukku.access.models import InformationKind
from luukku.assessment import instruments
from luukku.assessment.models import AssessmentOutcome, ConcernZone, HowHeard, InvitationState
from luukku.intake.models import Intake
from luukku.organisations.models import Professional, Unit

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _active_professionals():  # type: ignore[no-untyped-def]
    return Professional.objects.filter(is_active=True).select_related("unit__organisation")


class StartForm(forms.Form):
    """Aloita arviointi."""

    responsible_worker = forms.ModelChoiceField(
        label=_("Lapsen asioista vastaava työntekijä"), queryset=Professional.objects.none()
    )
    pair_worker = forms.ModelChoiceField(
        label=_("Työpari toiselta sektorilta"), queryset=Professional.objects.none(), required=False
    )
    child_needs_special_support = forms.BooleanField(
        label=_("Lapsi tarvitsee erityistä tukea (SHL 42 §)"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible_worker"].queryset = _active_professionals()
        self.fields["pair_worker"].queryset = _active_professionals()


class AttachForm(forms.Form):
    """Liitä lapsen uusi vireilletulo avoimeen arviointiin."""

    intake = forms.ModelChoiceField(label=_("Vireilletulo"), queryset=Intake.objects.none())

    def __init__(self, *args: Any, intakes: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if intakes is not None:
            self.fields["intake"].queryset = intakes


class InviteForm(forms.Form):
    """Kutsu yksikkö (SHL 41 §)."""

    unit = forms.ModelChoiceField(
        label=_("Yksikkö"), queryset=Unit.objects.filter(is_active=True).select_related("organisation")
    )
    information_kinds = forms.MultipleChoiceField(
        label=_("Mitä tietoja yksikkö saa nähdä"),
        choices=InformationKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    message = forms.CharField(label=_("Saate"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RespondForm(forms.Form):
    """Vastaa kutsuun: osallistumme tai nimeämme sijaisen."""

    state = forms.ChoiceField(
        label=_("Vastaus"),
        choices=[
            (InvitationState.ACCEPTED, _("Osallistumme")),
            (InvitationState.SUBSTITUTE_NAMED, _("Nimeämme sijaisen")),
        ],
        widget=forms.RadioSelect,
    )
    substitute = forms.ModelChoiceField(
        label=_("Sijainen"), queryset=Professional.objects.none(), required=False
    )

    def __init__(self, *args: Any, organisation: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        queryset = _active_professionals()
        if organisation is not None:
            queryset = queryset.filter(unit__organisation=organisation)
        self.fields["substitute"].queryset = queryset


class MeetingForm(forms.Form):
    """Kirjaa tapaaminen."""

    held_on = forms.DateField(label=_("Päivä"), widget=DATE_WIDGET)
    participants = forms.ModelMultipleChoiceField(
        label=_("Ammattilaiset"), queryset=Professional.objects.none(), required=False
    )
    other_participants = forms.CharField(label=_("Muut osallistujat"), required=False, max_length=500)
    child_met_in_person = forms.BooleanField(label=_("Lapsi tavattiin henkilökohtaisesti"), required=False)
    notes = forms.CharField(
        label=_("Muistiinpanot"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = _active_professionals()


class ChildViewForm(forms.Form):
    """Lapsen näkemys omin sanoin, tai syy, miksi lasta ei voitu kuulla."""

    text = forms.CharField(
        label=_("Lapsen näkemys ja toiveet hänen omin sanoin"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    how_heard = forms.ChoiceField(
        label=_("Miten lasta kuultiin"), choices=[("", "–"), *HowHeard.choices], required=False
    )
    could_not_be_heard_reason = forms.CharField(
        label=_("Tai: syy, miksi lasta ei voitu kuulla"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class GuardianViewForm(forms.Form):
    """Huoltajan näkemys."""

    guardian_description = forms.CharField(label=_("Kuka (esim. äiti, isä)"), required=False, max_length=200)
    text = forms.CharField(
        label=_("Huoltajan näkemys"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ConcernForm(forms.Form):
    """Oma huolen vyöhykkeeni (näkyy vain minulle)."""

    zone = forms.TypedChoiceField(label=_("Oma huoleni"), choices=ConcernZone.choices, coerce=int)


class CompleteForm(forms.Form):
    """Arvioinnin valmistuminen (SHL 37 §)."""

    summary = forms.CharField(label=_("Yhteenveto"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    professional_conclusion = forms.CharField(
        label=_("Ammatillinen johtopäätös asiakkuuden tarpeesta"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    client_view = forms.CharField(
        label=_("Asiakkaan näkemys"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    needs_responsible_worker = forms.NullBooleanField(label=_("Tarvitaanko omatyöntekijä"), required=False)
    outcome = forms.ChoiceField(
        label=_("Lopputulos"), choices=[("", "–"), *AssessmentOutcome.choices], required=False
    )
    completed_on = forms.DateField(label=_("Valmistumispäivä"), required=False, widget=DATE_WIDGET)
    late_explanation = forms.CharField(
        label=_("Selvitys myöhästymisestä (jos määräaika on ylittynyt)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class WhoqolForm(forms.Form):
    """WHOQOL-BREF: 26 vastausta 1–5; tyhjä = ei vastattu."""

    meeting = forms.TypedChoiceField(label=_("Tapaaminen"), choices=(), coerce=int)

    def __init__(
        self, *args: Any, meetings: Any = (), labels: list[str] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].choices = _meeting_choices(meetings)
        labels = labels or [str(number) for number in range(1, instruments.WHOQOL_ITEMS + 1)]
        choices = [("", "–"), *[(str(value), str(value)) for value in range(1, 6)]]
        for number in range(1, instruments.WHOQOL_ITEMS + 1):
            self.fields[f"q{number}"] = forms.TypedChoiceField(
                label=labels[number - 1], choices=choices, required=False, coerce=int, empty_value=None
            )

    def answers(self) -> list[int | None]:
        return [self.cleaned_data.get(f"q{number}") for number in range(1, instruments.WHOQOL_ITEMS + 1)]


class GasForm(forms.Form):
    """Goal Attainment Scaling: pisteet −2…+2 ja painot pilkuin erotettuina."""

    meeting = forms.TypedChoiceField(label=_("Tapaaminen"), choices=(), coerce=int)
    scores = forms.CharField(label=_("Tavoitteiden pisteet (−2…+2), pilkuin erotettuina"))
    weights = forms.CharField(label=_("Painot pilkuin erotettuina (tyhjä: kaikki 1)"), required=False)

    def __init__(self, *args: Any, meetings: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].choices = _meeting_choices(meetings)


def _meeting_choices(meetings: Any) -> list[tuple[int, str]]:
    return [(meeting.pk, f"{meeting.held_on:%d.%m.%Y}") for meeting in meetings]
