"""Asiakassuunnitelma (SHL 39 §): one shared plan per child, its goals, actions, partners, versions and reviews.

"Yksi lapsi – yksi suunnitelma": a child has at most one active plan (a partial unique constraint), and every
sector (school, health care, youth work, NGOs, employment services) adds its own actions to that plan instead
of keeping plans of its own. Writes go only through ``luukku.plans.services``; each saved change is a new
immutable ``PlanVersion``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from luukku.core import time
from luukku.core.models import TimestampedModel
from luukku.organisations.models import Sector, Unit
from luukku.people.models import Person

GAS_MIN = -2
GAS_MAX = 2


class PlanStatus(models.TextChoices):
    ACTIVE = "active", _("Voimassa")
    CLOSED = "closed", _("Päättynyt")


class Plan(TimestampedModel):
    """Asiakassuunnitelma (SHL 39 §; LSL 30 § for a child-protection client).

    The structured fields are the nine items of SHL 39 § 2 mom; the shared goals, the essential services and
    the division of responsibility are rows of ``PlanGoal``, ``PlanAction`` and ``PlanPartner``.
    """

    # The plan's text fields, in the order of SHL 39 §; the version snapshot and the diff use this list.
    ITEM_FIELDS = [
        "need_client_view",
        "need_professional_view",
        "services_needed",
        "essential_services",
        "meeting_frequency",
        "strengths",
        "shared_goals",
        "expected_duration",
        "expected_end_on",
        "cooperation",
        "follow_up",
        "child_view",
        "guardian_view",
        "next_review_on",
    ]

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="plans", verbose_name=_("lapsi"))
    status = models.CharField(
        _("tila"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.ACTIVE, db_index=True
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="plans", verbose_name=_("vastaava yksikkö")
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="coordinated_plans",
        verbose_name=_("asiakasvastaava"),
    )
    source = models.CharField(
        _("lähde"),
        max_length=100,
        blank=True,
        help_text=_("Esim. palvelutarpeen arviointi, josta suunnitelma syntyi."),
    )
    # SHL 39 § 2 mom 1: the client's and the professional's view of the need for support.
    need_client_view = models.TextField(_("asiakkaan näkemys tuen tarpeesta"), blank=True)
    need_professional_view = models.TextField(_("ammattilaisen arvio tuen tarpeesta"), blank=True)
    # 2: the services and measures needed.
    services_needed = models.TextField(_("tarvittavat palvelut ja toimenpiteet"), blank=True)
    # 3: the essential services, their start and duration (the actions marked essential carry the dates).
    essential_services = models.TextField(_("olennaiset palvelut, niiden alkaminen ja kesto"), blank=True)
    # 4: how often the worker meets the client.
    meeting_frequency = models.CharField(
        _("kuinka usein työntekijä tapaa asiakasta"), max_length=300, blank=True
    )
    # 5: strengths and resources.
    strengths = models.TextField(_("vahvuudet ja voimavarat"), blank=True)
    # 6: shared goals (the measurable goals are PlanGoal rows).
    shared_goals = models.TextField(_("yhteiset tavoitteet"), blank=True)
    # 7: expected length of the client relationship.
    expected_duration = models.CharField(_("arvioitu kesto"), max_length=300, blank=True)
    expected_end_on = models.DateField(_("arvioitu päättymispäivä"), null=True, blank=True)
    # 8: cooperating partners and the division of responsibility (also PlanPartner rows).
    cooperation = models.TextField(_("yhteistyötahot ja vastuunjako"), blank=True)
    # 9: follow-up and re-assessment.
    follow_up = models.TextField(_("seuranta ja uudelleenarviointi"), blank=True)
    next_review_on = models.DateField(_("seuraava arviointipäivä"), null=True, blank=True)
    # The child's own views in their own words (LSL 20 §, 30 §) and the guardian's views.
    child_view = models.TextField(_("lapsen näkemys ja toiveet"), blank=True)
    guardian_view = models.TextField(_("huoltajan näkemys"), blank=True)
    started_on = models.DateField(_("alkoi"), default=time.today)
    closed_on = models.DateField(_("päättyi"), null=True, blank=True)
    closed_reason = models.TextField(_("päättymisen syy"), blank=True)
    version = models.PositiveIntegerField(_("versio"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("laatija")
    )

    class Meta:
        verbose_name = _("asiakassuunnitelma")
        verbose_name_plural = _("asiakassuunnitelmat")
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"], condition=Q(status="active"), name="plan_one_active_per_child"
            ),
            models.CheckConstraint(
                condition=Q(status="active", closed_on__isnull=True)
                | Q(status="closed", closed_on__isnull=False),
                name="plan_closed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Asiakassuunnitelma')} {self.child} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status == PlanStatus.ACTIVE


class PlanGoal(models.Model):
    """Suunnitelman tavoite with measurable follow-up and the five levels of Goal Attainment Scaling (−2…+2)."""

    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="goals", verbose_name=_("suunnitelma")
    )
    title = models.CharField(_("tavoite"), max_length=300)
    measure = models.TextField(_("miten edistymistä seurataan"), blank=True)
    follow_up_on = models.DateField(_("seurantapäivä"))
    gas_weight = models.PositiveSmallIntegerField(_("GAS-paino"), default=1)
    level_minus_2 = models.TextField(_("−2: paljon odotettua huonompi"), blank=True)
    level_minus_1 = models.TextField(_("−1: odotettua huonompi"), blank=True)
    level_0 = models.TextField(_("0: odotettu tulos"))
    level_plus_1 = models.TextField(_("+1: odotettua parempi"), blank=True)
    level_plus_2 = models.TextField(_("+2: paljon odotettua parempi"), blank=True)
    position = models.PositiveIntegerField(_("järjestys"), default=0)
    created_at = models.DateTimeField(_("luotu"), default=time.now, editable=False)

    class Meta:
        verbose_name = _("tavoite")
        verbose_name_plural = _("tavoitteet")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(gas_weight__gte=1), name="plan_goal_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def levels(self) -> list[tuple[int, str]]:
        return [
            (-2, self.level_minus_2),
            (-1, self.level_minus_1),
            (0, self.level_0),
            (1, self.level_plus_1),
            (2, self.level_plus_2),
        ]


class PlanAction(models.Model):
    """Toimenpide: one sector's part of the shared plan, owned by a service and a named professional."""

    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="actions", verbose_name=_("suunnitelma")
    )
    goal = models.ForeignKey(
        PlanGoal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("tavoite"),
    )
    description = models.TextField(_("toimenpide"))
    service = models.ForeignKey(
        "catalogue.Service",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_actions",
        verbose_name=_("palvelu palveluluettelossa"),
    )
    service_name = models.CharField(_("palvelu"), max_length=300, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="plan_actions",
        verbose_name=_("vastuuhenkilö"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("yksikkö")
    )
    sector = models.CharField(_("sektori"), max_length=40, choices=Sector.choices, blank=True)
    start_on = models.DateField(_("alkaa"))
    end_on = models.DateField(_("päättyy"), null=True, blank=True)
    meeting_frequency = models.CharField(_("tapaamistiheys"), max_length=200, blank=True)
    is_essential = models.BooleanField(_("olennainen palvelu (SHL 39 § 2 mom 3 k)"), default=False)
    position = models.PositiveIntegerField(_("järjestys"), default=0)
    created_at = models.DateTimeField(_("luotu"), default=time.now, editable=False)

    class Meta:
        verbose_name = _("toimenpide")
        verbose_name_plural = _("toimenpiteet")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=models.F("start_on")),
                name="plan_action_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(service_name="") | Q(service__isnull=False), name="plan_action_has_service"
            ),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def service_label(self) -> str:
        return self.service.name_fi if self.service_id else self.service_name


class PlanPartner(models.Model):
    """Yhteistyötaho ja sen vastuu (SHL 39 § 2 mom 8 k)."""

    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="partners", verbose_name=_("suunnitelma")
    )
    name = models.CharField(_("yhteistyötaho"), max_length=300)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("yksikkö")
    )
    contact = models.CharField(_("yhteyshenkilö"), max_length=300, blank=True)
    responsibility = models.TextField(_("vastuu"))
    position = models.PositiveIntegerField(_("järjestys"), default=0)

    class Meta:
        verbose_name = _("yhteistyötaho")
        verbose_name_plural = _("yhteistyötahot")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class ImmutableRowError(Exception):
    """A plan version or a review is a record of what was: it is never changed or deleted."""


class PlanVersion(models.Model):
    """Suunnitelman versio: a JSON snapshot of the whole plan after one saved change, with who and when."""

    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="versions", verbose_name=_("suunnitelma")
    )
    number = models.PositiveIntegerField(_("versio"))
    snapshot = models.JSONField(_("sisältö"))
    change_summary = models.CharField(_("muutos"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("tallennettu"), default=time.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("tallentaja")
    )
    created_by_name = models.CharField(_("tallentajan nimi"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("suunnitelman versio")
        verbose_name_plural = _("suunnitelman versiot")
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique_number")]

    def __str__(self) -> str:
        return f"{self.plan_id} v{self.number}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not self._state.adding:
            raise ImmutableRowError("PlanVersion rows are immutable")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise ImmutableRowError("PlanVersion rows are immutable")


class PlanReview(models.Model):
    """Suunnitelman tarkistus (SHL 39 § 2 mom 9 k): who took part, the GAS scores of the goals, the next date."""

    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("suunnitelma")
    )
    reviewed_on = models.DateField(_("tarkistuspäivä"))
    participants = models.TextField(_("osallistujat"))
    notes = models.TextField(_("muistiinpanot"), blank=True)
    next_review_on = models.DateField(_("seuraava tarkistus"), null=True, blank=True)
    t_score = models.FloatField(_("GAS T-luku"), null=True, blank=True)
    plan_version = models.PositiveIntegerField(_("suunnitelman versio"))
    created_at = models.DateTimeField(_("kirjattu"), default=time.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("kirjaaja")
    )

    class Meta:
        verbose_name = _("suunnitelman tarkistus")
        verbose_name_plural = _("suunnitelman tarkistukset")
        ordering = ["-reviewed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(next_review_on__isnull=True) | Q(next_review_on__gt=models.F("reviewed_on")),
                name="plan_review_next_after",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.reviewed_on:%d.%m.%Y}"


class GoalScore(models.Model):
    """Tavoitteen GAS-arvio tarkistuksessa: −2…+2, 0 = the expected outcome."""

    review = models.ForeignKey(
        PlanReview, on_delete=models.PROTECT, related_name="scores", verbose_name=_("tarkistus")
    )
    goal = models.ForeignKey(
        PlanGoal, on_delete=models.PROTECT, related_name="scores", verbose_name=_("tavoite")
    )
    score = models.SmallIntegerField(_("GAS-arvio"))
    weight = models.PositiveSmallIntegerField(_("paino"))

    class Meta:
        verbose_name = _("tavoitteen arvio")
        verbose_name_plural = _("tavoitteiden arviot")
        ordering = ["goal__position", "goal_id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "goal"], name="goal_score_unique"),
            models.CheckConstraint(
                condition=Q(score__gte=GAS_MIN, score__lte=GAS_MAX), name="goal_score_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.goal_id}: {self.score:+d}"
