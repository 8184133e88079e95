"""Palvelutarpeen arviointi (SHL 36–37 §, LSL 26–27 §), its multi-agency participants, meetings, the child's and
the guardian's views, the workers' own zones of concern, the short multi-agency intervention at basic level
(Etelä-Savo model) and the outcome instruments attached to meetings (WHOQOL-BREF, GAS).

Writes go only through ``luukku.assessment.services``; reads start from ``luukku.assessment.selectors`` (the
access policy). The completion deadline stored here comes only from ``luukku.core.deadlines``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from luukku.core import time
from luukku.core.models import TimestampedModel


class AssessmentStatus(models.TextChoices):
    OPEN = "open", _("Kesken")
    COMPLETED = "completed", _("Valmis")


class AssessmentOutcome(models.TextChoices):
    """Palvelutarpeen arvioinnin lopputulos (SHL 37 §, LSL 27 §)."""

    NO_FURTHER_NEED = "no_further_need", _("Ei jatkotoimia")
    BASIC_FAMILY_CENTRE = "basic_family_centre", _("Jatkuu perhekeskuksen peruspalveluissa")
    SPECIAL_SERVICES = "special_services", _("Erityistason palvelut")
    CHILD_PROTECTION_CLIENT = "child_protection_client", _("Lastensuojelun asiakkuus (LSL 27 §)")
    URGENT_MEASURES = "urgent_measures", _("Kiireelliset toimet")


class Assessment(TimestampedModel):
    """Palvelutarpeen arviointi, SHL 36–37 §, LSL 26 §: one child's multi-agency service-need assessment.

    Started from one or more intakes (``AssessmentIntake``) or directly; completed within three months of the
    initiating intake's receipt (``complete_by``, from ``luukku.core.deadlines``). A child has at most one open
    assessment; later intakes of the same child join it.
    """

    GDPR_FIELDS = ["summary", "professional_conclusion", "client_view", "late_explanation"]

    public_id = models.UUIDField(_("julkinen tunniste"), default=uuid.uuid4, unique=True, editable=False)
    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="assessments", verbose_name=_("lapsi")
    )
    intakes = models.ManyToManyField(
        "intake.Intake",
        through="AssessmentIntake",
        related_name="assessments",
        blank=True,
        verbose_name=_("vireilletulot"),
    )
    owning_unit = models.ForeignKey(
        "organisations.Unit",
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("vastuuyksikkö"),
    )
    responsible_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assessments_responsible",
        verbose_name=_("lapsen asioista vastaava työntekijä"),
    )
    pair_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments_pair",
        verbose_name=_("työpari"),
    )
    child_needs_special_support = models.BooleanField(
        _("lapsi tarvitsee erityistä tukea"),
        default=False,
        help_text=_("Silloin vastaavan työntekijän on oltava laillistettu sosiaalityöntekijä (SHL 42 §)."),
    )
    started_on = models.DateField(_("aloitettu"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("aloittaja")
    )
    complete_by = models.DateField(_("valmis viimeistään"))
    status = models.CharField(
        _("tila"), max_length=16, choices=AssessmentStatus.choices, default=AssessmentStatus.OPEN
    )
    # SHL 37 §: the content of the assessment.
    summary = models.TextField(_("yhteenveto"), blank=True)
    professional_conclusion = models.TextField(
        _("ammatillinen johtopäätös asiakkuuden tarpeesta"), blank=True
    )
    client_view = models.TextField(_("asiakkaan näkemys"), blank=True)
    needs_responsible_worker = models.BooleanField(_("tarvitaan omatyöntekijä"), null=True, blank=True)
    outcome = models.CharField(_("lopputulos"), max_length=32, choices=AssessmentOutcome.choices, blank=True)
    completed_on = models.DateField(_("valmistunut"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("valmistumisen kirjaaja"),
    )
    completed_late = models.BooleanField(_("valmistui myöhässä"), default=False)
    # The statistical area, copied from the initiating intake (else the child's municipality) at start.
    municipality = models.ForeignKey(
        "organisations.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kunta (tilastointi)"),
    )
    wellbeing_county = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hyvinvointialue (tilastointi)"),
    )
    late_explanation = models.TextField(_("myöhästymisen selvitys"), blank=True)

    class Meta:
        verbose_name = _("palvelutarpeen arviointi")
        verbose_name_plural = _("palvelutarpeen arvioinnit")
        ordering = ["-started_on", "-pk"]
        indexes = [
            models.Index(fields=["status", "complete_by"], name="assessment_open_deadline"),
            models.Index(fields=["completed_on"], name="assessment_completed_on"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["child"], condition=Q(status="open"), name="assessment_one_open_per_child"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "completed"]), name="assessment_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="open", outcome="", completed_on__isnull=True)
                | Q(status="completed", completed_on__isnull=False) & ~Q(outcome=""),
                name="assessment_completed_has_outcome_and_date",
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(completed_on__gte=F("started_on")),
                name="assessment_completed_after_start",
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True, completed_late=False)
                | Q(completed_on__lte=F("complete_by"), completed_late=False)
                | Q(completed_on__gt=F("complete_by"), completed_late=True),
                name="assessment_late_flag_matches_dates",
            ),
            models.CheckConstraint(
                condition=Q(completed_late=False) | ~Q(late_explanation=""),
                name="assessment_late_has_explanation",
            ),
            models.CheckConstraint(
                condition=Q(pair_worker__isnull=True) | ~Q(pair_worker=F("responsible_worker")),
                name="assessment_pair_worker_not_responsible",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """PTA-2026-000012: the started year and the row number, for people to say aloud."""
        return f"PTA-{self.started_on:%Y}-{self.pk or 0:06d}"

    @property
    def is_open(self) -> bool:
        return self.status == AssessmentStatus.OPEN


class AssessmentIntakeRole(models.TextChoices):
    STARTED = "started", _("Aloitti arvioinnin")
    JOINED = "joined", _("Liitetty avoimeen arviointiin")


class AssessmentIntake(models.Model):
    """Arviointiin kuuluva vireilletulo: an intake that started the assessment or joined it while open."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="intake_links", verbose_name=_("arviointi")
    )
    intake = models.OneToOneField(
        "intake.Intake",
        on_delete=models.PROTECT,
        related_name="assessment_link",
        verbose_name=_("vireilletulo"),
    )
    role = models.CharField(_("rooli"), max_length=16, choices=AssessmentIntakeRole.choices)
    linked_at = models.DateTimeField(_("liitetty"), default=time.now)

    class Meta:
        verbose_name = _("arvioinnin vireilletulo")
        verbose_name_plural = _("arvioinnin vireilletulot")
        ordering = ["linked_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=["started", "joined"]), name="assessment_intake_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id} – {self.intake_id}"


class InvitationState(models.TextChoices):
    """Kutsun tila. SHL 41 §: an invited authority must take part, so declining is not a state."""

    PENDING = "pending", _("Odottaa vastausta")
    ACCEPTED = "accepted", _("Osallistuu")
    SUBSTITUTE_NAMED = "substitute_named", _("Nimesi sijaisen")


class Invitation(models.Model):
    """Kutsu monialaiseen arviointiin, SHL 41 §: a unit asked to take part, limited to the information kinds allowed."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("arviointi")
    )
    unit = models.ForeignKey(
        "organisations.Unit", on_delete=models.PROTECT, related_name="invitations", verbose_name=_("yksikkö")
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("kutsuja")
    )
    invited_at = models.DateTimeField(_("kutsuttu"), default=time.now)
    message = models.TextField(_("saate"), blank=True)
    information_kinds = models.JSONField(_("sallitut tietoryhmät"), default=list)
    state = models.CharField(
        _("tila"), max_length=20, choices=InvitationState.choices, default=InvitationState.PENDING
    )
    responded_at = models.DateTimeField(_("vastattu"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vastaaja"),
    )
    substitute = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations_as_substitute",
        verbose_name=_("nimetty sijainen"),
    )

    class Meta:
        verbose_name = _("kutsu")
        verbose_name_plural = _("kutsut")
        ordering = ["invited_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "unit"], name="invitation_one_per_unit"),
            models.CheckConstraint(
                condition=Q(state__in=["pending", "accepted", "substitute_named"]),
                name="invitation_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(state="pending", responded_at__isnull=True)
                | ~Q(state="pending") & Q(responded_at__isnull=False),
                name="invitation_responded_unless_pending",
            ),
            models.CheckConstraint(
                condition=Q(state="substitute_named", substitute__isnull=False)
                | ~Q(state="substitute_named") & Q(substitute__isnull=True),
                name="invitation_substitute_named",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} ({self.get_state_display()})"

    def information_kind_labels(self) -> list[str]:
        from luukku.access.models import InformationKind

        labels = dict(InformationKind.choices)
        return [str(labels.get(kind, kind)) for kind in self.information_kinds]


class Meeting(models.Model):
    """Arviointitapaaminen: a meeting of the assessment, with the child met in person or not."""

    GDPR_FIELDS = ["notes", "other_participants"]

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("arviointi")
    )
    held_on = models.DateField(_("päivä"))
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="assessment_meetings",
        blank=True,
        verbose_name=_("ammattilaiset"),
    )
    other_participants = models.CharField(
        _("muut osallistujat"), max_length=500, blank=True, help_text=_("Esim. lapsi, huoltaja, tukihenkilö.")
    )
    child_met_in_person = models.BooleanField(_("lapsi tavattiin henkilökohtaisesti"), default=False)
    notes = models.TextField(_("muistiinpanot"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("kirjaaja")
    )
    recorded_at = models.DateTimeField(_("kirjattu"), default=time.now)

    class Meta:
        verbose_name = _("tapaaminen")
        verbose_name_plural = _("tapaamiset")
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.held_on:%d.%m.%Y}"


class HowHeard(models.TextChoices):
    """Miten lasta kuultiin."""

    IN_PERSON = "in_person", _("Tapaamisessa kasvokkain")
    REMOTE = "remote", _("Puhelimessa tai etäyhteydellä")
    IN_WRITING = "in_writing", _("Kirjallisesti tai piirtäen")
    INTERPRETER = "interpreter", _("Tulkin välityksellä")
    OTHER = "other", _("Muulla tavoin")


class ChildView(models.Model):
    """Lapsen mielipide ja toivomukset omin sanoin (LSL 20 §, SHL 36 §), or why the child could not be heard."""

    GDPR_FIELDS = ["text", "could_not_be_heard_reason"]

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="child_views", verbose_name=_("arviointi")
    )
    text = models.TextField(_("lapsen näkemys omin sanoin"), blank=True)
    how_heard = models.CharField(_("miten kuultiin"), max_length=16, choices=HowHeard.choices, blank=True)
    could_not_be_heard_reason = models.TextField(_("syy, miksi lasta ei voitu kuulla"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("kirjaaja")
    )
    recorded_at = models.DateTimeField(_("kirjattu"), default=time.now)

    class Meta:
        verbose_name = _("lapsen näkemys")
        verbose_name_plural = _("lapsen näkemykset")
        ordering = ["recorded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(text="") & ~Q(how_heard="") & Q(could_not_be_heard_reason="")
                | Q(text="", how_heard="") & ~Q(could_not_be_heard_reason=""),
                name="child_view_text_or_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recorded_at:%d.%m.%Y}"

    @property
    def was_heard(self) -> bool:
        return bool(self.text)


class GuardianView(models.Model):
    """Huoltajan näkemys (SHL 37 §: asiakkaan näkemys)."""

    GDPR_FIELDS = ["text", "guardian_description"]

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="guardian_views", verbose_name=_("arviointi")
    )
    guardian = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("huoltaja"),
    )
    guardian_description = models.CharField(_("kuka"), max_length=200, blank=True)
    text = models.TextField(_("näkemys"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("kirjaaja")
    )
    recorded_at = models.DateTimeField(_("kirjattu"), default=time.now)

    class Meta:
        verbose_name = _("huoltajan näkemys")
        verbose_name_plural = _("huoltajien näkemykset")
        ordering = ["recorded_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="guardian_view_has_text"),
        ]

    def __str__(self) -> str:
        return f"{self.recorded_at:%d.%m.%Y}"


class ConcernZone(models.IntegerChoices):
    """Huolen vyöhykkeistö: the worker's own, subjective concern; never a label on the family."""

    NO_CONCERN = 1, _("I ei huolta")
    SMALL = 2, _("II pieni huoli")
    CONSIDERABLE = 3, _("III tuntuva huoli (harmaa vyöhyke)")
    GREAT = 4, _("IV suuri huoli")


class WorkerConcern(models.Model):
    """Työntekijän oma huolen vyöhyke: stored per worker and shown to its author only."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="worker_concerns", verbose_name=_("arviointi")
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("työntekijä")
    )
    zone = models.PositiveSmallIntegerField(_("huolen vyöhyke"), choices=ConcernZone.choices)
    set_at = models.DateTimeField(_("kirjattu"), default=time.now)

    class Meta:
        verbose_name = _("työntekijän huolen vyöhyke")
        verbose_name_plural = _("työntekijöiden huolen vyöhykkeet")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "worker"], name="worker_concern_one_per_worker"),
            models.CheckConstraint(condition=Q(zone__gte=1, zone__lte=4), name="worker_concern_zone_range"),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id}/{self.worker_id}"


# --- Short multi-agency intervention at basic level (Etelä-Savo model) -------------------------------------------


class InterventionResult(models.TextChoices):
    CONTINUES_BASIC = "continues_basic", _("Jatkaa peruspalveluissa")
    MOVES_SPECIAL = "moves_special", _("Siirtyy erityistason palveluihin")


class ShortIntervention(TimestampedModel):
    """Lyhyt monialainen interventio peruspalveluissa (Etelä-Savon malli): a special-level worker joins the
    basic-level worker in pair work for a planned number of sessions; then the family continues at basic level
    or moves to special level.
    """

    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="short_interventions", verbose_name=_("lapsi")
    )
    unit = models.ForeignKey(
        "organisations.Unit",
        on_delete=models.PROTECT,
        related_name="short_interventions",
        verbose_name=_("peruspalvelun yksikkö"),
    )
    basic_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="short_interventions_basic",
        verbose_name=_("peruspalvelun työntekijä"),
    )
    special_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="short_interventions_special",
        verbose_name=_("erityistason työntekijä"),
    )
    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="short_interventions",
        verbose_name=_("arviointi"),
    )
    planned_sessions = models.PositiveSmallIntegerField(_("suunnitellut tapaamiskerrat"), default=5)
    started_on = models.DateField(_("alkoi"))
    ended_on = models.DateField(_("päättyi"), null=True, blank=True)
    result = models.CharField(_("tulos"), max_length=20, choices=InterventionResult.choices, blank=True)
    result_notes = models.TextField(_("arvio tuloksesta"), blank=True)

    class Meta:
        verbose_name = _("lyhytinterventio")
        verbose_name_plural = _("lyhytinterventiot")
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_sessions__gte=1, planned_sessions__lte=20),
                name="short_intervention_planned_range",
            ),
            models.CheckConstraint(
                condition=~Q(special_worker=F("basic_worker")), name="short_intervention_two_workers"
            ),
            models.CheckConstraint(
                condition=Q(result="", ended_on__isnull=True)
                | Q(result__in=["continues_basic", "moves_special"], ended_on__isnull=False),
                name="short_intervention_result_when_ended",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="short_intervention_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child_id} {self.started_on:%d.%m.%Y}"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


class InterventionSession(models.Model):
    """Lyhytintervention työparitapaaminen."""

    intervention = models.ForeignKey(
        ShortIntervention, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("interventio")
    )
    number = models.PositiveSmallIntegerField(_("kerta"))
    held_on = models.DateField(_("päivä"))
    notes = models.TextField(_("muistiinpanot"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("kirjaaja")
    )
    recorded_at = models.DateTimeField(_("kirjattu"), default=time.now)

    class Meta:
        verbose_name = _("lyhytintervention tapaaminen")
        verbose_name_plural = _("lyhytintervention tapaamiset")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["intervention", "number"], name="intervention_session_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="intervention_session_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.intervention_id} #{self.number}"


# --- Outcome instruments --------------------------------------------------------------------------------------


class WhoqolItemWording(models.Model):
    """WHOQOL-BREF-kysymyksen lisensoitu sanamuoto: loaded by the deploying organisation (WHO licence).

    Luukku ships item numbers and domain names only; until a wording is loaded the form shows "kysymys 1…26".
    """

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="whoqol_wordings",
        verbose_name=_("organisaatio"),
    )
    language = models.CharField(_("kieli"), max_length=8, default="fi")
    item = models.PositiveSmallIntegerField(_("kysymys"))
    text = models.TextField(_("sanamuoto"))
    licence_reference = models.CharField(_("lisenssin viite"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("WHOQOL-BREF-kysymyksen sanamuoto")
        verbose_name_plural = _("WHOQOL-BREF-kysymysten sanamuodot")
        ordering = ["organisation", "language", "item"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "language", "item"], name="whoqol_wording_unique"
            ),
            models.CheckConstraint(condition=Q(item__gte=1, item__lte=26), name="whoqol_wording_item_range"),
            models.CheckConstraint(condition=~Q(text=""), name="whoqol_wording_has_text"),
        ]

    def __str__(self) -> str:
        return f"{self.item}"


class WhoqolResult(models.Model):
    """WHOQOL-BREF-tulos tapaamisessa: raw answers and the scores computed by ``instruments.whoqol_bref``."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="whoqol_results", verbose_name=_("tapaaminen")
    )
    answers = models.JSONField(_("vastaukset"), default=list)
    answered = models.PositiveSmallIntegerField(_("vastattuja"))
    discarded = models.BooleanField(_("hylätty (alle 21 vastausta)"), default=False)
    q1 = models.PositiveSmallIntegerField(_("Q1 elämänlaatu"), null=True, blank=True)
    q2 = models.PositiveSmallIntegerField(_("Q2 tyytyväisyys terveyteen"), null=True, blank=True)
    physical = models.FloatField(_("fyysinen"), null=True, blank=True)
    psychological = models.FloatField(_("psyykkinen"), null=True, blank=True)
    social = models.FloatField(_("sosiaalinen"), null=True, blank=True)
    environment = models.FloatField(_("ympäristö"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("kirjaaja")
    )
    recorded_at = models.DateTimeField(_("kirjattu"), default=time.now)

    class Meta:
        verbose_name = _("WHOQOL-BREF-tulos")
        verbose_name_plural = _("WHOQOL-BREF-tulokset")
        ordering = ["recorded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered__gte=0, answered__lte=26), name="whoqol_result_answered_range"
            ),
            models.CheckConstraint(
                condition=Q(discarded=False) | Q(answered__lt=21), name="whoqol_result_discard_rule"
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{domain}__isnull": True})
                    | Q(**{f"{domain}__gte": 4, f"{domain}__lte": 20}),
                    name=f"whoqol_result_{domain}_range",
                )
                for domain in ("physical", "psychological", "social", "environment")
            ],
        ]

    def __str__(self) -> str:
        return f"WHOQOL-BREF {self.recorded_at:%d.%m.%Y}"

    @staticmethod
    def to_100(score: float | None) -> float | None:
        from luukku.assessment.instruments import transform_100

        return None if score is None else transform_100(score)

    @property
    def domains(self) -> list[tuple[str, float | None, float | None]]:
        from luukku.assessment.instruments import DOMAIN_LABELS

        return [
            (str(DOMAIN_LABELS[name]), getattr(self, name), self.to_100(getattr(self, name)))
            for name in ("physical", "psychological", "social", "environment")
        ]


class GasResult(models.Model):
    """Goal Attainment Scaling -tulos tapaamisessa: goal scores −2…+2, weights and the T-score."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="gas_results", verbose_name=_("tapaaminen")
    )
    goals = models.JSONField(_("tavoitteet"), default=list, blank=True)
    scores = models.JSONField(_("pisteet"))
    weights = models.JSONField(_("painot"))
    t_score = models.FloatField(_("T-luku"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("kirjaaja")
    )
    recorded_at = models.DateTimeField(_("kirjattu"), default=time.now)

    class Meta:
        verbose_name = _("GAS-tulos")
        verbose_name_plural = _("GAS-tulokset")
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return f"GAS {self.t_score:.1f}"
