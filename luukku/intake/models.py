"""Vireilletulot: child-protection notifications, anticipatory notifications and social-care contacts.

One model family (``Intake``) carries every kind of intake (DOMAIN.md §2 B–C); ``IntakeEvent`` is its timeline.
Writes go only through ``luukku.intake.services``; reads start from ``luukku.intake.selectors`` (access policy).
The deadlines stored here come only from ``luukku.core.deadlines``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from luukku.core import time
from luukku.core.models import TimestampedModel


class IntakeKind(models.TextChoices):
    """Vireilletulon laji."""

    CHILD_PROTECTION_NOTIFICATION = "child_protection_notification", _("Lastensuojeluilmoitus (LSL 25 §)")
    ANTICIPATORY_NOTIFICATION = (
        "anticipatory_notification",
        _("Ennakollinen lastensuojeluilmoitus (LSL 25 c §)"),
    )
    SOCIAL_CARE_CONTACT = "social_care_contact", _("Yhteydenotto sosiaalihuoltoon (SHL 35 §)")
    FAMILY_REQUEST = "family_request", _("Perheen oma avunpyyntö")


class NotifierSector(models.TextChoices):
    """Ilmoittajan taho: the sectors with a duty to notify (LSL 25 § 1 mom) and the others who may notify."""

    SOCIAL_SERVICES = "social_services", _("Sosiaalipalvelut")
    HEALTH_CARE = "health_care", _("Terveydenhuolto")
    EARLY_CHILDHOOD_EDUCATION = "early_childhood_education", _("Varhaiskasvatus")
    EDUCATION = "education", _("Opetus ja koulu")
    YOUTH_WORK = "youth_work", _("Nuorisotyö")
    POLICE = "police", _("Poliisi")
    PARISH = "parish", _("Seurakunta")
    EMERGENCY_SERVICES = "emergency_services", _("Pelastustoimi ja hätäkeskus")
    CUSTOMS_BORDER = "customs_border", _("Tulli ja Rajavartiolaitos")
    RECEPTION_CENTRE = "reception_centre", _("Vastaanottokeskus")
    PRISON = "prison", _("Rikosseuraamuslaitos")
    NGO_OTHER_PROFESSIONAL = "ngo_other_professional", _("Järjestö tai muu ammattilainen")
    PRIVATE_PERSON = "private_person", _("Yksityishenkilö")
    FAMILY_ITSELF = "family_itself", _("Perhe itse")
    ANONYMOUS = "anonymous", _("Nimetön ilmoittaja")


#: The sectors whose notifiers act as private persons; every other sector is a professional one (LSL 25 §).
NON_PROFESSIONAL_SECTORS = frozenset(
    {NotifierSector.PRIVATE_PERSON, NotifierSector.FAMILY_ITSELF, NotifierSector.ANONYMOUS}
)
PROFESSIONAL_SECTORS = [value for value in NotifierSector.values if value not in NON_PROFESSIONAL_SECTORS]


class Channel(models.TextChoices):
    """Saapumistapa."""

    E_FORM = "e_form", _("Sähköinen lomake")
    PHONE = "phone", _("Puhelin")
    LETTER = "letter", _("Kirje")
    API = "api", _("Rajapinta")
    IN_PERSON = "in_person", _("Käynti")


class FamilyKnows(models.TextChoices):
    """Tietääkö perhe ilmoituksesta."""

    YES = "yes", _("Kyllä")
    NO = "no", _("Ei")
    UNKNOWN = "unknown", _("Ei tiedossa")


class PoliceNotified(models.TextChoices):
    """Poliisille ilmoitettu (LSL 25 § 3 mom)."""

    YES = "yes", _("Kyllä")
    NO = "no", _("Ei")
    NOT_APPLICABLE = "not_applicable", _("Ei koske tätä ilmoitusta")


class IntakeStatus(models.TextChoices):
    """Käsittelyn vaihe."""

    RECEIVED = "received", _("Vastaanotettu")
    URGENCY_ASSESSED = "urgency_assessed", _("Kiireellisyys arvioitu")
    DECIDED = "decided", _("Ratkaistu")
    CLOSED = "closed", _("Päätetty, ei toimenpiteitä")


OPEN_STATUSES = (IntakeStatus.RECEIVED, IntakeStatus.URGENCY_ASSESSED)


class Outcome(models.TextChoices):
    """Vireilletulon ratkaisu 7 arkipäivän kuluessa (LSL 26 § 2 mom, SHL 36 §)."""

    PTA_STARTED = "pta_started", _("Palvelutarpeen arviointi aloitettu")
    ATTACHED_EXISTING = "attached_existing", _("Liitetty olemassa olevaan asiakkuuteen tai arviointiin")
    CLOSED_UNNECESSARY = "closed_unnecessary", _("Arviointi ilmeisen tarpeeton, asia päätetty")


class Intake(TimestampedModel):
    """Vireilletulo: one notification or contact about one child (LSL 25 §, 25 a §, 25 c §; SHL 35 §).

    Siblings named in one notification each get their own intake, linked by ``sibling_group``. The case is
    initiated (``initiated_on``) on the day of receipt; an anticipatory notification (LSL 25 c §) initiates a
    case only when the child is born, so its deadlines stay empty until ``intake_record_birth``.
    """

    GDPR_FIELDS = ["concern", "notifier_name", "notifier_phone", "notifier_email", "urgency_notes"]

    receipt_number = models.CharField(_("vastaanottonumero"), max_length=20, unique=True, editable=False)
    kind = models.CharField(_("laji"), max_length=40, choices=IntakeKind.choices)
    made_with_family = models.BooleanField(
        _("tehty yhdessä perheen kanssa"),
        default=False,
        help_text=_("Yhteydenotto tehty yhdessä lapsen tai vanhemman kanssa (LSL 25 a §)."),
    )
    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="intakes", verbose_name=_("lapsi")
    )
    sibling_group = models.UUIDField(
        _("sisarusryhmä"), default=uuid.uuid4, db_index=True, help_text=_("Saman ilmoituksen sisarukset.")
    )

    notifier_sector = models.CharField(_("ilmoittajan taho"), max_length=32, choices=NotifierSector.choices)
    notifier_is_professional = models.BooleanField(_("ilmoittaja on ammattilainen"), default=False)
    notifier_organisation = models.CharField(_("ilmoittajan organisaatio"), max_length=300, blank=True)
    notifier_name = models.CharField(_("ilmoittajan nimi"), max_length=300, blank=True)
    notifier_phone = models.CharField(_("ilmoittajan puhelin"), max_length=40, blank=True)
    notifier_email = models.EmailField(_("ilmoittajan sähköposti"), blank=True)
    notifier_professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications_made",
        verbose_name=_("ilmoittaja Luukun käyttäjänä"),
    )

    channel = models.CharField(_("saapumistapa"), max_length=16, choices=Channel.choices)
    received_at = models.DateTimeField(_("vastaanotettu"))
    received_on = models.DateField(_("vastaanottopäivä"), db_index=True)
    initiated_on = models.DateField(
        _("vireilletulopäivä"),
        null=True,
        blank=True,
        help_text=_("Päivä, josta määräajat lasketaan; ennakollisessa ilmoituksessa lapsen syntymäpäivä."),
    )
    concern = models.TextField(_("huoli ilmoittajan sanoin"))
    family_knows = models.CharField(
        _("perhe tietää ilmoituksesta"),
        max_length=8,
        choices=FamilyKnows.choices,
        default=FamilyKnows.UNKNOWN,
    )
    flag_violence = models.BooleanField(_("väkivalta lasta kohtaan"), default=False)
    flag_sexual_offence = models.BooleanField(_("epäilty seksuaalirikos"), default=False)
    flag_custody_dispute = models.BooleanField(_("huoltoriita"), default=False)
    flag_substance_use = models.BooleanField(_("päihteet"), default=False)
    police_notified = models.CharField(
        _("ilmoitettu poliisille"),
        max_length=16,
        choices=PoliceNotified.choices,
        default=PoliceNotified.NOT_APPLICABLE,
    )
    police_notified_on = models.DateField(_("poliisille ilmoitettu"), null=True, blank=True)

    source_system = models.CharField(_("lähdejärjestelmä"), max_length=100, blank=True)
    external_id = models.CharField(_("tunniste lähdejärjestelmässä"), max_length=200, blank=True)

    # No single-column indexes on ``unit`` and ``assigned_to``: the tray indexes ``intake_tray`` and
    # ``intake_worker_tray`` start with them and serve their look-ups too. With both kinds, SQLite picked the
    # single column and read a worker's ten years of intakes to find the open ones (a 30 ms tray at national scale).
    unit = models.ForeignKey(
        "organisations.Unit",
        on_delete=models.PROTECT,
        related_name="intakes",
        verbose_name=_("vastaanottaja"),
        db_index=False,
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_intakes",
        verbose_name=_("vastuutyöntekijä"),
        db_index=False,
    )
    assigned_at = models.DateTimeField(_("vastuutyöntekijä nimetty"), null=True, blank=True)
    status = models.CharField(
        _("tila"), max_length=20, choices=IntakeStatus.choices, default=IntakeStatus.RECEIVED, db_index=True
    )
    pta_start_by = models.DateField(_("arviointi aloitettava viimeistään"), null=True, blank=True)
    pta_complete_by = models.DateField(_("arviointi valmis viimeistään"), null=True, blank=True)

    urgency_assessed_at = models.DateTimeField(_("kiireellisyys arvioitu"), null=True, blank=True)
    urgency_assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kiireellisyyden arvioija"),
    )
    urgent = models.BooleanField(_("kiireellisiä toimia tarvitaan"), null=True, blank=True)
    urgency_notes = models.TextField(_("kiireellisyyden arvion perustelut"), blank=True)

    child_informed_on = models.DateField(_("lapselle ilmoitettu"), null=True, blank=True)
    guardian_informed_on = models.DateField(_("huoltajalle ilmoitettu"), null=True, blank=True)

    outcome = models.CharField(_("ratkaisu"), max_length=24, choices=Outcome.choices, blank=True)
    decided_at = models.DateTimeField(_("ratkaistu"), null=True, blank=True)
    # The Finnish calendar day of ``decided_at``: the day the THL report and the indicators compare with the
    # deadlines (a decision at 00.30 Finnish time belongs to that day, not to the previous UTC day).
    decided_on = models.DateField(_("ratkaisupäivä"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ratkaisija"),
    )
    decision_reason = models.TextField(_("ratkaisun perustelut"), blank=True)
    guidance_given = models.TextField(_("annettu ohjaus"), blank=True)
    attached_to = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attached_intakes",
        verbose_name=_("liitetty vireilletuloon"),
    )
    attached_reference = models.CharField(
        _("liitetty asiaan"), max_length=200, blank=True, help_text=_("Olemassa olevan asiakkuuden viite.")
    )
    pta_started_on = models.DateField(_("palvelutarpeen arviointi aloitettu"), null=True, blank=True)
    imported_pta_completed_on = models.DateField(
        _("palvelutarpeen arviointi valmistunut (tuotu)"),
        null=True,
        blank=True,
        help_text=_(
            "Aiemmasta järjestelmästä tuodun vireilletulon arvioinnin valmistumispäivä (THL:n raportti laskee sen)."
        ),
    )

    # The statistical area, fixed at receipt (organisations.selectors.area_of): the child's municipality and its
    # wellbeing county. The THL report and the indicators group by these.
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

    version = models.PositiveIntegerField(_("versio"), default=1)

    class Meta:
        verbose_name = _("vireilletulo")
        verbose_name_plural = _("vireilletulot")
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["unit", "status", "pta_start_by"], name="intake_tray"),
            models.Index(fields=["assigned_to", "status"], name="intake_worker_tray"),
            models.Index(fields=["child", "received_at"], name="intake_child_time"),
            models.Index(fields=["wellbeing_county", "received_on"], name="intake_county_received"),
            # The management indicators (luukku.statistics, docs/indicators.md) read one county and period grouped
            # by month, kind, sector and outcome; with every column they group or count by in the index, the
            # database answers a county's five years from the index alone.
            models.Index(
                fields=[
                    "wellbeing_county",
                    "received_on",
                    "kind",
                    "notifier_sector",
                    "outcome",
                    "decided_on",
                    "pta_start_by",
                    "child",
                    "municipality",
                    "unit",
                    "assigned_to",
                ],
                name="intake_county_cube",
            ),
            models.Index(fields=["status", "wellbeing_county", "pta_start_by"], name="intake_open_by_county"),
            models.Index(
                fields=["imported_pta_completed_on"],
                condition=Q(imported_pta_completed_on__isnull=False),
                name="intake_imported_completion",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source_system", "external_id"],
                condition=~Q(external_id=""),
                name="intake_external_id_unique",
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(decided_at__isnull=False), name="intake_outcome_has_decided_at"
            ),
            models.CheckConstraint(
                condition=Q(decided_at__isnull=True, decided_on__isnull=True)
                | Q(decided_at__isnull=False, decided_on__isnull=False),
                name="intake_decided_on_with_decided_at",
            ),
            models.CheckConstraint(
                condition=~Q(outcome=Outcome.CLOSED_UNNECESSARY) | ~Q(decision_reason=""),
                name="intake_closed_unnecessary_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(outcome=Outcome.PTA_STARTED) | Q(pta_started_on__isnull=False),
                name="intake_pta_started_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(outcome=Outcome.ATTACHED_EXISTING)
                | Q(attached_to__isnull=False)
                | ~Q(attached_reference=""),
                name="intake_attached_has_target",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status__in=[IntakeStatus.DECIDED, IntakeStatus.CLOSED]) & ~Q(outcome="")
                    | Q(status__in=[IntakeStatus.RECEIVED, IntakeStatus.URGENCY_ASSESSED]) & Q(outcome="")
                ),
                name="intake_status_matches_outcome",
            ),
            models.CheckConstraint(
                condition=~Q(outcome=Outcome.CLOSED_UNNECESSARY) | Q(status=IntakeStatus.CLOSED),
                name="intake_closed_status",
            ),
            models.CheckConstraint(
                condition=Q(notifier_is_professional=False) | ~Q(notifier_name=""),
                name="intake_professional_notifier_named",
            ),
            models.CheckConstraint(
                condition=Q(notifier_is_professional=False)
                | ~Q(notifier_sector__in=sorted(str(s) for s in NON_PROFESSIONAL_SECTORS)),
                name="intake_professional_not_anonymous",
            ),
            models.CheckConstraint(
                condition=Q(kind=IntakeKind.ANTICIPATORY_NOTIFICATION) | Q(initiated_on__isnull=False),
                name="intake_initiated_unless_anticipatory",
            ),
            models.CheckConstraint(
                condition=Q(
                    initiated_on__isnull=True, pta_start_by__isnull=True, pta_complete_by__isnull=True
                )
                | Q(initiated_on__isnull=False, pta_start_by__isnull=False, pta_complete_by__isnull=False),
                name="intake_deadlines_with_initiation",
            ),
            models.CheckConstraint(
                condition=Q(made_with_family=False) | Q(kind=IntakeKind.SOCIAL_CARE_CONTACT),
                name="intake_joint_contact_is_contact",
            ),
            models.CheckConstraint(
                condition=Q(urgency_assessed_at__isnull=True, urgent__isnull=True)
                | Q(urgency_assessed_at__isnull=False, urgent__isnull=False),
                name="intake_urgency_complete",
            ),
            models.CheckConstraint(
                condition=Q(police_notified=PoliceNotified.YES) | Q(police_notified_on__isnull=True),
                name="intake_police_date_only_when_notified",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="intake_version_positive"),
            models.CheckConstraint(
                condition=Q(imported_pta_completed_on__isnull=True)
                | Q(outcome=Outcome.PTA_STARTED, imported_pta_completed_on__gte=F("pta_started_on")),
                name="intake_imported_completion_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.receipt_number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_anticipatory(self) -> bool:
        return self.kind == IntakeKind.ANTICIPATORY_NOTIFICATION

    @property
    def awaiting_birth(self) -> bool:
        """Ennakollinen ilmoitus, jonka lapsi ei ole vielä syntynyt: no deadline runs yet (LSL 25 c §)."""
        return self.is_anticipatory and self.initiated_on is None

    @property
    def police_duty_applies(self) -> bool:
        """Poliisille ilmoittamisen velvollisuus, LSL 25 § 3 mom: suspected sexual offence or violence."""
        return self.flag_violence or self.flag_sexual_offence

    @property
    def flags(self) -> list[str]:
        names = []
        for field in ("flag_violence", "flag_sexual_offence", "flag_custody_dispute", "flag_substance_use"):
            if getattr(self, field):
                names.append(str(self._meta.get_field(field).verbose_name))
        return names


class IntakeEventKind(models.TextChoices):
    """Aikajanan tapahtuma."""

    REGISTERED = "registered", _("Vastaanotettu")
    ASSIGNED = "assigned", _("Vastuutyöntekijä nimetty")
    URGENCY_ASSESSED = "urgency_assessed", _("Kiireellisyys arvioitu")
    NOTICE_RECORDED = "notice_recorded", _("Ilmoitettu lapselle tai huoltajalle")
    DECIDED = "decided", _("Ratkaistu")
    PTA_STARTED = "pta_started", _("Palvelutarpeen arviointi aloitettu")
    BIRTH_RECORDED = "birth_recorded", _("Lapsi syntynyt, asia vireillä")


class IntakeEvent(models.Model):
    """Vireilletulon aikajana: one line per step, written by every service in the same transaction."""

    intake = models.ForeignKey(
        Intake, on_delete=models.CASCADE, related_name="events", verbose_name=_("vireilletulo")
    )
    at = models.DateTimeField(_("aika"), default=time.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tekijä"),
    )
    actor_name = models.CharField(_("tekijän nimi"), max_length=300, blank=True)
    kind = models.CharField(_("tapahtuma"), max_length=24, choices=IntakeEventKind.choices)
    text = models.TextField(_("kuvaus"), blank=True)

    class Meta:
        verbose_name = _("vireilletulon tapahtuma")
        verbose_name_plural = _("vireilletulon tapahtumat")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.intake_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"


class IntakeRouting(models.Model):
    """Vireilletulojen vastaanotto: which unit receives the intakes about children of a municipality.

    A row without a municipality is the default route (the county's intake unit) for everything else.
    """

    municipality = models.OneToOneField(
        "organisations.Municipality",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="intake_routing",
        verbose_name=_("kunta"),
    )
    is_default = models.BooleanField(_("oletusvastaanottaja"), default=False)
    unit = models.ForeignKey(
        "organisations.Unit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("vastaanottava yksikkö"),
    )

    class Meta:
        verbose_name = _("vireilletulojen vastaanottaja")
        verbose_name_plural = _("vireilletulojen vastaanottajat")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="intake_routing_one_default"
            ),
            models.CheckConstraint(
                condition=Q(is_default=True, municipality__isnull=True)
                | Q(is_default=False, municipality__isnull=False),
                name="intake_routing_default_or_municipality",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality or _('oletus')} → {self.unit.name_fi}"


class ReceiptCounter(models.Model):
    """Vastaanottonumeroiden juokseva numerointi vuosittain (LS-2026-000123)."""

    year = models.PositiveIntegerField(_("vuosi"), primary_key=True)
    last_number = models.PositiveIntegerField(_("viimeisin numero"), default=0)

    class Meta:
        verbose_name = _("vastaanottonumerolaskuri")
        verbose_name_plural = _("vastaanottonumerolaskurit")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class ApiClient(TimestampedModel):
    """Rajapinta-asiakas: another organisation's system (a school's, a hospital's) that sends intakes to Luukku.

    The bearer token is shown once when the client is created (``luukku api-client create``); only its SHA-256
    hash is stored, with a short prefix that identifies the token in lists and logs without revealing it.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="api_clients",
        verbose_name=_("organisaatio"),
    )
    name = models.CharField(_("nimi"), max_length=200)
    token_prefix = models.CharField(_("tunnisteen alku"), max_length=16, unique=True)
    token_hash = models.CharField(_("tunnisteen tiiviste (SHA-256)"), max_length=64, unique=True)
    is_active = models.BooleanField(_("käytössä"), default=True)
    last_used_at = models.DateTimeField(_("viimeksi käytetty"), null=True, blank=True)
    default_unit = models.ForeignKey(
        "organisations.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("oletusvastaanottaja"),
        help_text=_("Yksikkö, jolle asiakkaan vireilletulot ohjataan, kun ilmoituksessa ei ole kuntaa."),
    )
    default_municipality = models.ForeignKey(
        "organisations.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("oletuskunta"),
        help_text=_("Kunta, jonka vastaanottoon asiakkaan vireilletulot ohjataan, kun muuta ei ole annettu."),
    )

    class Meta:
        verbose_name = _("rajapinta-asiakas")
        verbose_name_plural = _("rajapinta-asiakkaat")
        ordering = ["organisation__name_fi", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="api_client_name_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.token_prefix})"

    @property
    def source_system(self) -> str:
        """The ``Intake.source_system`` of the intakes this client created: they are its own, and only those."""
        return f"api-client:{self.pk}"


class ApiIdempotencyKey(models.Model):
    """Idempotency-Key: the first response to a client's key, returned again for every resend of that request.

    One row per (client, key), guarded by a unique constraint, so that even two identical requests racing each
    other create one intake. ``request_hash`` is the SHA-256 of the canonical JSON body: the same key with a
    different body is refused.
    """

    client = models.ForeignKey(
        ApiClient,
        on_delete=models.CASCADE,
        related_name="idempotency_keys",
        verbose_name=_("rajapinta-asiakas"),
    )
    key = models.CharField(_("avain"), max_length=200)
    request_hash = models.CharField(_("pyynnön tiiviste"), max_length=64)
    status_code = models.PositiveSmallIntegerField(_("vastauksen tila"))
    # The exact bytes of the first answer (as text): a JSON column would reorder the keys on PostgreSQL.
    response_body = models.TextField(_("vastaus"))
    created_at = models.DateTimeField(_("luotu"), default=time.now, db_index=True)

    class Meta:
        verbose_name = _("idempotenssiavain")
        verbose_name_plural = _("idempotenssiavaimet")
        constraints = [
            models.UniqueConstraint(fields=["client", "key"], name="api_idempotency_key_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.client_id}:{self.key}"
