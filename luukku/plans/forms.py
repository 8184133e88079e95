"""Forms of the plan screens. They parse input; the rules live in ``luukku.plans.services``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from luukku.catalogue.models import Service
from luukku.plans.models import GAS_MAX, GAS_MIN, Plan, PlanGoal
from luukku.plans.selectors import plan_action_owner_choices

_DATE = forms.DateInput(attrs={"type": "date"})
_TEXT = forms.Textarea(attrs={"rows": 3})


class PlanItemsForm(forms.Form):
    """The nine items of SHL 39 §, the child's and the guardian's views, and the coordinator."""

    coordinator = forms.ModelChoiceField(queryset=None, label=_("Asiakasvastaava"))  # type: ignore[arg-type]
    summary = forms.CharField(
        label=_("Mitä muutit (näkyy versiohistoriassa)"), required=False, max_length=300
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = plan_action_owner_choices()
        for name in Plan.ITEM_FIELDS:
            model_field = Plan._meta.get_field(name)
            label = str(model_field.verbose_name)
            label = label[:1].upper() + label[1:]
            if name in ("expected_end_on", "next_review_on"):
                self.fields[name] = forms.DateField(label=label, required=False, widget=_DATE)
            elif getattr(model_field, "max_length", None):
                self.fields[name] = forms.CharField(
                    label=label, required=False, max_length=model_field.max_length
                )
            else:
                self.fields[name] = forms.CharField(label=label, required=False, widget=_TEXT)
        self.order_fields(["coordinator", *Plan.ITEM_FIELDS, "summary"])

    def items(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in Plan.ITEM_FIELDS}

    @staticmethod
    def initial_for(plan: Plan) -> dict[str, Any]:
        return {
            "coordinator": plan.coordinator_id,
            **{name: getattr(plan, name) for name in Plan.ITEM_FIELDS},
        }


class GoalForm(forms.Form):
    title = forms.CharField(label=_("Tavoite"), max_length=300, required=False)
    measure = forms.CharField(label=_("Miten edistymistä seurataan"), required=False, widget=_TEXT)
    follow_up_on = forms.DateField(label=_("Seurantapäivä"), required=False, widget=_DATE)
    gas_weight = forms.IntegerField(label=_("GAS-paino"), initial=1, min_value=1, max_value=100)
    level_minus_2 = forms.CharField(label=_("−2: paljon odotettua huonompi"), required=False)
    level_minus_1 = forms.CharField(label=_("−1: odotettua huonompi"), required=False)
    level_0 = forms.CharField(label=_("0: odotettu tulos"), required=False)
    level_plus_1 = forms.CharField(label=_("+1: odotettua parempi"), required=False)
    level_plus_2 = forms.CharField(label=_("+2: paljon odotettua parempi"), required=False)


class ActionForm(forms.Form):
    description = forms.CharField(label=_("Toimenpide"), required=False, widget=_TEXT)
    service = forms.ModelChoiceField(
        queryset=Service.objects.filter(is_active=True).order_by("name_fi"),
        label=_("Palvelu palveluluettelosta"),
        required=False,
    )
    service_name = forms.CharField(
        label=_("Palvelu (jos ei palveluluettelossa)"), required=False, max_length=300
    )
    owner = forms.ModelChoiceField(queryset=None, label=_("Vastuuhenkilö"), required=False)  # type: ignore[arg-type]
    start_on = forms.DateField(label=_("Alkaa"), required=False, widget=_DATE)
    end_on = forms.DateField(label=_("Päättyy"), required=False, widget=_DATE)
    meeting_frequency = forms.CharField(label=_("Tapaamistiheys"), required=False, max_length=200)
    is_essential = forms.BooleanField(label=_("Olennainen palvelu (SHL 39 §)"), required=False)
    goal = forms.ModelChoiceField(queryset=PlanGoal.objects.none(), label=_("Tavoite"), required=False)

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = plan_action_owner_choices()
        self.fields["goal"].queryset = plan.goals.all()


class PartnerForm(forms.Form):
    name = forms.CharField(label=_("Yhteistyötaho"), max_length=300, required=False)
    contact = forms.CharField(label=_("Yhteyshenkilö"), max_length=300, required=False)
    responsibility = forms.CharField(label=_("Vastuu"), required=False, widget=_TEXT)


class ReviewForm(forms.Form):
    reviewed_on = forms.DateField(label=_("Tarkistuspäivä"), widget=_DATE)
    participants = forms.CharField(label=_("Osallistujat"), required=False, widget=_TEXT)
    notes = forms.CharField(label=_("Muistiinpanot"), required=False, widget=_TEXT)
    next_review_on = forms.DateField(label=_("Seuraava tarkistus"), required=False, widget=_DATE)

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.goals = list(plan.goals.all())
        choices = [("", _("ei arvioitu"))] + [
            (str(v), f"{v:+d}" if v else "0") for v in range(GAS_MIN, GAS_MAX + 1)
        ]
        for goal in self.goals:
            # A plain text field, so that the service (not the form) refuses a score outside −2…+2 with its message.
            self.fields[f"score_{goal.pk}"] = forms.CharField(
                label=goal.title, required=False, widget=forms.Select(choices=choices)
            )

    def goal_fields(self) -> list[tuple[PlanGoal, forms.BoundField]]:
        return [(goal, self[f"score_{goal.pk}"]) for goal in self.goals]

    def scores(self) -> dict[int, str]:
        return {goal.pk: self.cleaned_data.get(f"score_{goal.pk}", "") for goal in self.goals}


class CloseForm(forms.Form):
    reason = forms.CharField(label=_("Miksi suunnitelma päättyy"), required=False, widget=_TEXT)
    closed_on = forms.DateField(label=_("Päättymispäivä"), required=False, widget=_DATE)
