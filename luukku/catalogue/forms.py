"""Forms of the catalogue: an organisation's editor keeps its services current; anyone can search."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from luukku.catalogue.models import Service, Topic
from luukku.catalogue.search import MAX_QUERY_LENGTH
from luukku.organisations.models import Municipality


class ServiceForm(forms.ModelForm):
    """Palvelun tiedot: what a family or a professional needs to know to find and reach the service."""

    topics = forms.ModelMultipleChoiceField(
        label=_("Aiheet"),
        queryset=Topic.objects.order_by("label_fi"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Kunnat, joissa palvelu on saatavilla"),
        queryset=Municipality.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Service
        fields = [
            "name_fi",
            "name_sv",
            "name_en",
            "summary_fi",
            "summary_sv",
            "summary_en",
            "description_fi",
            "description_sv",
            "description_en",
            "level",
            "age_min",
            "age_max",
            "target",
            "referral_required",
            "routing_criteria_fi",
            "routing_criteria_sv",
            "typical_sessions",
            "unit_cost_eur",
            "unit_cost_basis",
            "core_person",
            "sector",
            "is_active",
        ]
        widgets = {
            "summary_fi": forms.Textarea(attrs={"rows": 2}),
            "summary_sv": forms.Textarea(attrs={"rows": 2}),
            "summary_en": forms.Textarea(attrs={"rows": 2}),
            "routing_criteria_fi": forms.Textarea(attrs={"rows": 3}),
            "routing_criteria_sv": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["topics"].initial = list(self.instance.topics.all())
            self.fields["municipalities"].initial = list(self.instance.municipalities.all())

    def clean(self):  # type: ignore[no-untyped-def]
        cleaned = super().clean()
        low, high = cleaned.get("age_min"), cleaned.get("age_max")
        if low is not None and high is not None and low > high:
            self.add_error("age_max", _("Yläikärajan pitää olla vähintään alaikäraja."))
        return cleaned


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Mihin tarvitsette apua?"), max_length=MAX_QUERY_LENGTH + 1000, required=False
    )
    age = forms.IntegerField(label=_("Lapsen tai nuoren ikä"), min_value=0, max_value=29, required=False)
    municipality = forms.ModelChoiceField(
        label=_("Kunta"), queryset=Municipality.objects.all(), required=False, to_field_name="code"
    )
