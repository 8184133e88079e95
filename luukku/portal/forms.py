"""Forms of the public family centre: the search and the guide's questions (no models: GET forms only)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from luukku.organisations.models import Municipality
from luukku.portal.selectors import URGENCY_CHOICES


def municipality_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Kunta"),
        queryset=Municipality.objects.order_by("name_fi"),
        required=False,
        to_field_name="code",
        empty_label=_("– kaikki kunnat –"),
    )


class SearchFilters(forms.Form):
    """The search's filters; the free text itself is checked by the search (``SearchInputError``)."""

    age = forms.IntegerField(label=_("Lapsen tai nuoren ikä"), min_value=0, max_value=29, required=False)
    municipality = municipality_field()


class GuideForm(forms.Form):
    """Mikä palvelu sopii meille? Three questions: age, topic, urgency."""

    age = forms.IntegerField(label=_("1. Kuinka vanha lapsi tai nuori on?"), min_value=0, max_value=29)
    topic = forms.ChoiceField(label=_("2. Mistä on kyse?"))
    urgency = forms.ChoiceField(
        label=_("3. Kuinka kiireellinen tilanne on?"), choices=URGENCY_CHOICES, widget=forms.RadioSelect
    )
    municipality = municipality_field()

    def __init__(self, *args, topics: list[tuple[str, str]], **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", _("– valitse –")), *topics]


class MeetingPlaceFilter(forms.Form):
    municipality = municipality_field()
