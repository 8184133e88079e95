"""Käsittelyperusteet: the legal duties, work tasks, consents and emergency accesses that let a professional
process a client's data (Asiakastietolaki 703/2023 4 §, SHL 41 §, LSL 25 §).

These rows are the only inputs of the access policy (``luukku.access.policy``); nothing else grants access.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from luukku.core import time
from luukku.organisations.models import Organisation, Unit
from luukku.people.models import Person


class AccessBasis(models.TextChoices):
    """Käsittelyperuste: why a professional may see a client's data."""

    OWNING_UNIT = "owning_unit", _("Asiakkuudesta vastaava yksikkö")
    RESPONSIBLE_WORKER = "responsible_worker", _("Lapsen asioista vastaava työntekijä (LSL 13 b §)")
    ASSIGNMENT = "assignment", _("Vireilletulon käsittelijä")
    PAIR_WORKER = "pair_worker", _("Työpari")
    INVITED_UNIT = "invited_unit", _("Arviointiin kutsuttu yksikkö (SHL 41 §)")
    LASTA_PARTICIPANT = "lasta_participant", _("LASTA-yhteistyön osallistuja")
    CONSENT = "consent", _("Asiakkaan suostumus")
    EMERGENCY = "emergency", _("Hätäkäyttö")


# Bases that name one professional, and bases that name a unit (every member of the unit is covered).
PROFESSIONAL_BASES = (
    AccessBasis.RESPONSIBLE_WORKER,
    AccessBasis.ASSIGNMENT,
    AccessBasis.PAIR_WORKER,
    AccessBasis.LASTA_PARTICIPANT,
)
UNIT_BASES = (AccessBasis.OWNING_UNIT, AccessBasis.INVITED_UNIT)
INVOLVEMENT_BASES = (*UNIT_BASES, *PROFESSIONAL_BASES)


class InformationKind(models.TextChoices):
    """Tietoryhmä: what part of a client's data a consent or an invitation covers."""

    IDENTITY_CONTACT = "identity_contact", _("Henkilö- ja yhteystiedot")
    ASSESSMENT = "assessment", _("Palvelutarpeen arviointi")
    PLAN = "plan", _("Asiakassuunnitelma")
    HEALTH = "health", _("Terveystiedot")
    SCHOOL = "school", _("Koulunkäynti ja opiskelu")


class Involvement(models.Model):
    """Työtehtävä tai lakisääteinen osallistuminen: a work task or legal duty on one client's case.

    Created by the intake and assessment services (``involvement_grant``) and ended by them
    (``involvement_end``). ``information_kinds`` limits an invited unit (SHL 41 §) or a LASTA participant to
    what the invitation allows; an empty list means everything.
    """

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="involvements", verbose_name=_("asiakas")
    )
    basis = models.CharField(
        _("peruste"), max_length=32, choices=[(b.value, b.label) for b in INVOLVEMENT_BASES]
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="involvements",
        verbose_name=_("yksikkö"),
    )
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="involvements",
        verbose_name=_("ammattilainen"),
    )
    source_type = models.CharField(_("lähde"), max_length=100, blank=True)
    source_id = models.CharField(_("lähteen tunniste"), max_length=100, blank=True)
    information_kinds = models.JSONField(_("tietoryhmät"), default=list, blank=True)
    started_at = models.DateTimeField(_("alkoi"), default=time.now)
    ended_at = models.DateTimeField(_("päättyi"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kirjaaja"),
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("päättäjä"),
    )

    class Meta:
        verbose_name = _("osallistuminen")
        verbose_name_plural = _("osallistumiset")
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(basis__in=[b.value for b in INVOLVEMENT_BASES]),
                name="involvement_basis_valid",
            ),
            models.CheckConstraint(
                condition=Q(unit__isnull=False) | Q(professional__isnull=False),
                name="involvement_unit_or_professional",
            ),
            models.CheckConstraint(
                condition=~Q(basis__in=[b.value for b in UNIT_BASES]) | Q(unit__isnull=False),
                name="involvement_unit_basis_has_unit",
            ),
            models.CheckConstraint(
                condition=~Q(basis__in=[b.value for b in PROFESSIONAL_BASES]) | Q(professional__isnull=False),
                name="involvement_professional_basis_has_professional",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                name="involvement_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["person", "ended_at"], name="involvement_person_active")]

    def __str__(self) -> str:
        return f"{self.get_basis_display()}: {self.professional or self.unit}"

    @property
    def source(self) -> str:
        return f"{self.source_type}:{self.source_id}" if self.source_id else self.source_type


class ConsentGiverRole(models.TextChoices):
    """Kuka antoi suostumuksen."""

    GUARDIAN = "guardian", _("Huoltaja")
    CHILD_BY_MATURITY = "child_by_maturity", _("Lapsi ikänsä ja kehitystasonsa perusteella")
    YOUNG_PERSON_SELF = "young_person_self", _("Täysi-ikäinen nuori itse")


class ConsentMethod(models.TextChoices):
    PAPER_SIGNED = "paper_signed", _("Allekirjoitettu paperilomake")
    ELECTRONIC = "electronic", _("Sähköinen suostumus")


class Consent(models.Model):
    """Suostumus tietojen käsittelyyn ja luovuttamiseen (Asiakastietolaki 703/2023 15 §).

    Which organisations or units may see which kinds of the person's data, for what purpose and until when.
    A consent lets the recipients view; it never lets them change anything. Withdrawing it takes effect on the
    next request.
    """

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="consents", verbose_name=_("asiakas")
    )
    given_by = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents_given",
        verbose_name=_("suostumuksen antaja"),
    )
    given_by_role = models.CharField(_("antajan asema"), max_length=32, choices=ConsentGiverRole.choices)
    recipient_organisations = models.ManyToManyField(
        Organisation, related_name="consents", blank=True, verbose_name=_("vastaanottavat organisaatiot")
    )
    recipient_units = models.ManyToManyField(
        Unit, related_name="consents", blank=True, verbose_name=_("vastaanottavat yksiköt")
    )
    information_kinds = models.JSONField(_("tietoryhmät"), default=list)
    purpose = models.TextField(_("käyttötarkoitus"))
    valid_from = models.DateField(_("voimassa alkaen"))
    valid_until = models.DateField(_("voimassa asti"))
    method = models.CharField(_("antotapa"), max_length=16, choices=ConsentMethod.choices)
    maturity_note = models.TextField(
        _("työntekijän arvio lapsen kypsyydestä"),
        blank=True,
        help_text=_("Pakollinen, kun lapsi antaa suostumuksen itse ikänsä ja kehitystasonsa perusteella."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kirjaaja"),
    )
    recorded_at = models.DateTimeField(_("kirjattu"), default=time.now)
    withdrawn_at = models.DateTimeField(_("peruttu"), null=True, blank=True)
    withdrawn_by_description = models.CharField(_("perujan kuvaus"), max_length=300, blank=True)
    withdrawn_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("perumisen kirjaaja"),
    )

    class Meta:
        verbose_name = _("suostumus")
        verbose_name_plural = _("suostumukset")
        ordering = ["-recorded_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("valid_from")), name="consent_valid_period"
            ),
            models.CheckConstraint(
                condition=Q(given_by_role__in=[r.value for r in ConsentGiverRole]),
                name="consent_giver_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.valid_from:%d.%m.%Y}–{self.valid_until:%d.%m.%Y}"

    def is_in_force_on(self, day) -> bool:  # type: ignore[no-untyped-def]
        return self.withdrawn_at is None and self.valid_from <= day <= self.valid_until

    def information_kind_labels(self) -> list[str]:
        labels = dict(InformationKind.choices)
        return [str(labels.get(kind, kind)) for kind in self.information_kinds]


class EmergencyAccess(models.Model):
    """Hätäkäyttö ("break the glass"): a professional's justified, time-limited view of a client's data.

    Opening one notifies the professional's manager, who reviews it afterwards.
    """

    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="emergency_accesses",
        verbose_name=_("ammattilainen"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="emergency_accesses", verbose_name=_("asiakas")
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="emergency_accesses",
        verbose_name=_("ammattilaisen yksikkö"),
    )
    reason = models.TextField(_("peruste"))
    started_at = models.DateTimeField(_("alkoi"), default=time.now)
    expires_at = models.DateTimeField(_("päättyy"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tarkastaja"),
    )
    reviewed_at = models.DateTimeField(_("tarkastettu"), null=True, blank=True)
    review_note = models.TextField(_("tarkastuksen huomio"), blank=True)

    class Meta:
        verbose_name = _("hätäkäyttö")
        verbose_name_plural = _("hätäkäytöt")
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("started_at")),
                name="emergency_access_expires_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.professional} {self.started_at:%d.%m.%Y %H:%M}"

    @property
    def person_initials(self) -> str:
        """The client's initials only: the reviewing manager gets no client data from the role (see policy)."""
        names = [*self.person.first_names.split()[:1], *self.person.last_name.split()[:1]]
        return " ".join(f"{name[0]}." for name in names if name) or "–"

    def is_active_at(self, moment) -> bool:  # type: ignore[no-untyped-def]
        return self.started_at <= moment < self.expires_at
