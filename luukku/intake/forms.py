"""Forms of intake handling: the notification forms (professional and public) and the handling steps.

Forms only parse what was typed; the rules live in ``luukku.intake.services``, whose ``ValidationError`` keys are
these forms' field names, so that a refused value is shown next to the field with everything else kept.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from luukku.intake.models import (
    NON_PROFESSIONAL_SECTORS,
    Channel,
    FamilyKnows,
    Intake,
    IntakeKind,
    NotifierSector,
    Outcome,
    PoliceNotified,
)
from luukku.intake.selectors import intake_routed_municipalities
from luukku.intake.services import ChildData, Notifier, child_field

MAX_CHILDREN = 3
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

POLICE_DUTY_REMINDER = _(
    "Muistutus: kun on syytä epäillä lapseen kohdistunutta seksuaalirikosta tai väkivaltaa, josta voi seurata "
    "vähintään kahden vuoden vankeusrangaistus, ammattilaisen on tehtävä ilmoitus myös poliisille "
    "(LSL 25 § 3 mom)."
)


def _child_fields(index: int, *, with_expected: bool) -> dict[str, forms.Field]:
    number = index + 1
    fields: dict[str, forms.Field] = {
        child_field(index, "first_names"): forms.CharField(
            label=_("Etunimet") if index == 0 else _("Sisaruksen %(n)d etunimet") % {"n": number},
            required=False,
            max_length=200,
        ),
        child_field(index, "last_name"): forms.CharField(
            label=_("Sukunimi") if index == 0 else _("Sisaruksen %(n)d sukunimi") % {"n": number},
            required=False,
            max_length=200,
        ),
        child_field(index, "identity_code"): forms.CharField(
            label=_("Henkilötunnus, jos tiedossa")
            if index == 0
            else _("Sisaruksen %(n)d henkilötunnus") % {"n": number},
            required=False,
            max_length=20,
            widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        ),
        child_field(index, "birth_date"): forms.DateField(
            label=_("Syntymäaika") if index == 0 else _("Sisaruksen %(n)d syntymäaika") % {"n": number},
            required=False,
            widget=DATE_WIDGET,
        ),
    }
    if with_expected:
        fields["expected_birth_date"] = forms.DateField(
            label=_("Laskettu aika (vain ennakollinen ilmoitus)"), required=False, widget=DATE_WIDGET
        )
    return fields


class _NotificationBase(forms.Form):
    """Fields shared by both notification forms: the children, the municipality and the concern."""

    with_expected_birth = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        children: dict[str, forms.Field] = {}
        for index in range(MAX_CHILDREN):
            children.update(_child_fields(index, with_expected=self.with_expected_birth and index == 0))
        # Children first, after the kind; the rest in declaration order.
        ordered = {name: field for name, field in self.fields.items() if name == "kind"}
        ordered.update(children)
        ordered.update({name: field for name, field in self.fields.items() if name not in ordered})
        self.fields = ordered
        self.fields["municipality"] = forms.ModelChoiceField(
            label=_("Lapsen kotikunta"),
            queryset=intake_routed_municipalities(),
            required=False,
            empty_label=_("En tiedä"),
        )

    def child_rows(self) -> list[list[forms.BoundField]]:
        rows = []
        for index in range(MAX_CHILDREN):
            names = ["first_names", "last_name", "identity_code", "birth_date"]
            rows.append([self[child_field(index, name)] for name in names])
        return rows

    def children(self) -> list[ChildData]:
        """The children typed in; a slot left wholly empty is skipped."""
        data = self.cleaned_data
        found = []
        for index in range(MAX_CHILDREN):
            values = {
                name: data.get(child_field(index, name))
                for name in ("first_names", "last_name", "identity_code", "birth_date")
            }
            expected = data.get("expected_birth_date") if index == 0 else None
            if not any(values.values()) and expected is None:
                continue
            found.append(
                ChildData(
                    first_names=values["first_names"] or "",
                    last_name=values["last_name"] or "",
                    identity_code=values["identity_code"] or "",
                    birth_date=values["birth_date"],
                    expected_birth_date=expected,
                    home_municipality=data.get("municipality"),
                )
            )
        return found


class ProfessionalNotificationForm(_NotificationBase):
    """Ammattilaisen ilmoitus: lastensuojeluilmoitus, ennakollinen ilmoitus tai yhteydenotto (logged in)."""

    with_expected_birth = True

    kind = forms.ChoiceField(
        label=_("Ilmoituksen laji"), choices=IntakeKind.choices, widget=forms.RadioSelect
    )
    made_with_family = forms.BooleanField(
        label=_("Yhteydenotto tehdään yhdessä lapsen tai vanhemman kanssa (LSL 25 a §)"), required=False
    )
    concern = forms.CharField(label=_("Mistä olet huolissasi?"), widget=forms.Textarea(attrs={"rows": 6}))
    family_knows = forms.ChoiceField(
        label=_("Tietääkö perhe ilmoituksesta?"),
        choices=FamilyKnows.choices,
        initial=FamilyKnows.UNKNOWN,
        widget=forms.RadioSelect,
    )
    flag_violence = forms.BooleanField(label=_("Epäilen lapseen kohdistunutta väkivaltaa"), required=False)
    flag_sexual_offence = forms.BooleanField(
        label=_("Epäilen lapseen kohdistunutta seksuaalirikosta"), required=False
    )
    flag_custody_dispute = forms.BooleanField(label=_("Vanhempien huoltoriita"), required=False)
    flag_substance_use = forms.BooleanField(label=_("Päihteiden käyttö"), required=False)
    police_notified = forms.ChoiceField(
        label=_("Onko asiasta ilmoitettu poliisille?"),
        choices=[("", _("Valitse, jos epäilet väkivaltaa tai seksuaalirikosta")), *PoliceNotified.choices],
        required=False,
    )
    police_notified_on = forms.DateField(
        label=_("Poliisille ilmoitettu (päivä)"), required=False, widget=DATE_WIDGET
    )
    notifier_sector = forms.ChoiceField(
        label=_("Ilmoittajan taho"),
        choices=NotifierSector.choices,
        help_text=_(
            "Yksityishenkilön tai nimettömän ilmoittajan voi valita vain, kun kirjaat puhelimitse, kirjeellä tai "
            "käynnillä tulleen ilmoituksen."
        ),
    )
    notifier_organisation = forms.CharField(label=_("Organisaatio"), max_length=300, required=False)
    notifier_name = forms.CharField(label=_("Ilmoittajan nimi"), max_length=300, required=False)
    notifier_phone = forms.CharField(label=_("Puhelin"), max_length=40, required=False)
    notifier_email = forms.EmailField(label=_("Sähköposti"), required=False)
    channel = forms.ChoiceField(
        label=_("Saapumistapa"),
        choices=[(value, label) for value, label in Channel.choices if value != Channel.API],
        initial=Channel.E_FORM,
    )
    received_at = forms.DateTimeField(
        label=_("Vastaanottoaika (puhelimitse tai kirjeellä tulleelle; tyhjä = nyt)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.own_notification and data.get("notifier_sector") in NON_PROFESSIONAL_SECTORS:
            self.add_error(
                "notifier_sector",
                _(
                    "Ammattilainen ei voi tehdä ilmoitusta nimettömänä eikä yksityishenkilönä (LSL 25 §). Jos "
                    "kirjaat toisen henkilön ilmoitusta, valitse saapumistavaksi puhelin, kirje tai käynti."
                ),
            )
        if data.get("flag_violence") or data.get("flag_sexual_offence"):
            if data.get("police_notified") not in (PoliceNotified.YES, PoliceNotified.NO):
                self.add_error(
                    "police_notified",
                    str(POLICE_DUTY_REMINDER) + " " + str(_("Kerro, onko poliisille ilmoitettu.")),
                )
        elif not data.get("police_notified"):
            data["police_notified"] = PoliceNotified.NOT_APPLICABLE
        return data

    @property
    def own_notification(self) -> bool:
        """The logged-in professional notifies themselves (e-form); otherwise they record someone else's."""
        return self.cleaned_data.get("channel", Channel.E_FORM) == Channel.E_FORM

    def notifier(self, professional: Any) -> Notifier:
        data = self.cleaned_data
        own = self.own_notification
        return Notifier(
            sector=data["notifier_sector"],
            name=data.get("notifier_name", ""),
            organisation=data.get("notifier_organisation", ""),
            phone=data.get("notifier_phone", ""),
            email=data.get("notifier_email", ""),
            is_professional=True if own else None,
            professional=professional if own else None,
        )


class PublicNotificationForm(_NotificationBase):
    """Yksityishenkilön ilmoitus verkossa (no login): a private person's notification or a family's own request."""

    PUBLIC_KINDS = [
        (IntakeKind.CHILD_PROTECTION_NOTIFICATION, _("Olen huolissani lapsesta (lastensuojeluilmoitus)")),
        (IntakeKind.FAMILY_REQUEST, _("Pyydän apua omalle perheelleni")),
    ]

    kind = forms.ChoiceField(
        label=_("Mitä haluat tehdä?"),
        choices=PUBLIC_KINDS,
        initial=IntakeKind.CHILD_PROTECTION_NOTIFICATION,
        widget=forms.RadioSelect,
    )
    concern = forms.CharField(
        label=_("Kerro omin sanoin, mistä olet huolissasi"), widget=forms.Textarea(attrs={"rows": 6})
    )
    family_knows = forms.ChoiceField(
        label=_("Tietääkö perhe, että teet ilmoituksen?"),
        choices=FamilyKnows.choices,
        initial=FamilyKnows.UNKNOWN,
        widget=forms.RadioSelect,
    )
    flag_violence = forms.BooleanField(label=_("Epäilen, että lapseen kohdistuu väkivaltaa"), required=False)
    flag_sexual_offence = forms.BooleanField(
        label=_("Epäilen lapseen kohdistuvaa seksuaalista hyväksikäyttöä"), required=False
    )
    flag_substance_use = forms.BooleanField(label=_("Huoli liittyy päihteisiin"), required=False)
    anonymous = forms.BooleanField(label=_("Haluan tehdä ilmoituksen nimettömänä"), required=False)
    notifier_name = forms.CharField(label=_("Nimesi"), max_length=300, required=False)
    notifier_phone = forms.CharField(label=_("Puhelinnumerosi"), max_length=40, required=False)
    notifier_email = forms.EmailField(label=_("Sähköpostiosoitteesi"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        family = data.get("kind") == IntakeKind.FAMILY_REQUEST
        if family and data.get("anonymous"):
            self.add_error(
                "anonymous", _("Perheen oma avunpyyntö tarvitsee yhteystiedot, jotta voimme ottaa yhteyttä.")
            )
        if not data.get("anonymous"):
            if not (data.get("notifier_name") or "").strip():
                self.add_error("notifier_name", _("Anna nimesi tai valitse nimetön ilmoitus."))
            if not (data.get("notifier_phone") or "").strip() and not data.get("notifier_email"):
                self.add_error(
                    "notifier_phone",
                    _("Anna puhelinnumero tai sähköpostiosoite, jotta voimme ottaa yhteyttä."),
                )
        return data

    def notifier(self) -> Notifier:
        data = self.cleaned_data
        if data["kind"] == IntakeKind.FAMILY_REQUEST:
            sector = NotifierSector.FAMILY_ITSELF
        elif data.get("anonymous"):
            return Notifier(sector=NotifierSector.ANONYMOUS, is_professional=False)
        else:
            sector = NotifierSector.PRIVATE_PERSON
        return Notifier(
            sector=sector,
            name=data.get("notifier_name", ""),
            phone=data.get("notifier_phone", ""),
            email=data.get("notifier_email", ""),
            is_professional=False,
        )


# --- Handling steps ---------------------------------------------------------------------------------------------


class _VersionedForm(forms.Form):
    """Every handling form carries the version of the intake the worker saw (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, intake: Intake, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("version", intake.version)
        super().__init__(*args, **kwargs)
        self.intake = intake


class AssignForm(_VersionedForm):
    worker = forms.ModelChoiceField(label=_("Vastuutyöntekijä"), queryset=None)

    def __init__(self, *args: Any, workers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers


class UrgencyForm(_VersionedForm):
    urgent = forms.TypedChoiceField(
        label=_("Kiireellisen lastensuojelun tarve"),
        choices=[
            ("no", _("Ei kiireellisen lastensuojelun tarvetta")),
            ("yes", _("Kiireellisiä toimia tarvitaan")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    urgency_notes = forms.CharField(
        label=_("Perustelut ja toimet"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class NoticeForm(_VersionedForm):
    child_informed_on = forms.DateField(label=_("Lapselle ilmoitettu"), required=False, widget=DATE_WIDGET)
    guardian_informed_on = forms.DateField(
        label=_("Huoltajalle ilmoitettu"), required=False, widget=DATE_WIDGET
    )


class DecisionForm(_VersionedForm):
    outcome = forms.ChoiceField(label=_("Ratkaisu"), choices=Outcome.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Perustelut"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    guidance = forms.CharField(
        label=_("Annettu ohjaus ja neuvonta"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    attach_to = forms.ModelChoiceField(label=_("Liitä vireilletuloon"), queryset=None, required=False)
    attach_reference = forms.CharField(
        label=_("tai olemassa olevan asiakkuuden viite"), required=False, max_length=200
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attach_to"].queryset = candidates


class BirthForm(_VersionedForm):
    birth_date = forms.DateField(label=_("Syntymäpäivä"), widget=DATE_WIDGET)
    first_names = forms.CharField(label=_("Etunimet"), required=False, max_length=200)
    last_name = forms.CharField(label=_("Sukunimi"), required=False, max_length=200)
    identity_code = forms.CharField(
        label=_("Henkilötunnus"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
