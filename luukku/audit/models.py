"""Käyttöloki ja luovutusloki (Asiakastietolaki 703/2023 17–18 §): every read and write of client data.

Append-only and tamper-evident: each entry carries the SHA-256 of the previous entry's hash and its own canonical
serialisation (``luukku.audit.chain``), so that an edited, inserted or deleted row breaks the chain that
``luukku audit verify`` walks. References to people and organisations are kept without database foreign-key
constraints, so that no later change elsewhere can cascade into the log.

``AuditHead`` is the chain head (the id and hash of the newest entry), written in the same transaction as each
entry, so that deleting the newest entries is detected too; ``luukku.audit.verification`` explains the design.
``LogReportRequest`` is the client's request for a log report (Asiakastietolaki 703/2023 11 §) and its decision.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from luukku.audit.chain import GENESIS_HASH
from luukku.core import time
from luukku.organisations.models import Role


class AuditAction(models.TextChoices):
    READ = "read", _("Katselu")
    CREATE = "create", _("Tallennus")
    UPDATE = "update", _("Muutos")
    DELETE = "delete", _("Poisto")
    SEARCH = "search", _("Haku")
    EXPORT = "export", _("Vienti")
    PRINT = "print", _("Tulostus")
    DISCLOSE = "disclose", _("Luovutus")
    REFUSED = "refused", _("Evätty käyttöyritys")


class AuditOutcome(models.TextChoices):
    ALLOWED = "allowed", _("Sallittu")
    REFUSED = "refused", _("Evätty")


class AuditEntry(models.Model):
    """One line of the access log (käyttöloki) or, with a recipient, of the disclosure log (luovutusloki)."""

    occurred_at = models.DateTimeField(_("aika"), default=time.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("käyttäjä"),
    )
    actor_name = models.CharField(_("käyttäjän nimi"), max_length=300, blank=True)
    actor_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("käyttäjän organisaatio"),
    )
    actor_organisation_name = models.CharField(_("organisaation nimi"), max_length=300, blank=True)
    actor_role = models.CharField(_("rooli"), max_length=32, blank=True)
    action = models.CharField(_("toiminto"), max_length=16, choices=AuditAction.choices)
    outcome = models.CharField(
        _("tulos"), max_length=16, choices=AuditOutcome.choices, default=AuditOutcome.ALLOWED
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("asiakas"),
    )
    object_type = models.CharField(_("tietolaji"), max_length=100, blank=True)
    object_id = models.CharField(_("tietueen tunniste"), max_length=100, blank=True)
    summary = models.CharField(_("mitä katsottiin tai muutettiin"), max_length=500, blank=True)
    basis = models.CharField(_("käyttöperuste"), max_length=64, blank=True)
    recipient_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vastaanottaja"),
    )
    recipient_organisation_name = models.CharField(_("vastaanottajan nimi"), max_length=300, blank=True)
    channel = models.CharField(
        _("kanava"), max_length=16, blank=True, help_text=_("ui, api, export, print, command")
    )
    previous_hash = models.CharField(_("edellisen tiiviste"), max_length=64)
    entry_hash = models.CharField(_("tiiviste"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("lokimerkintä")
        verbose_name_plural = _("lokimerkinnät")
        ordering = ["id"]
        indexes = [models.Index(fields=["person", "occurred_at"], name="audit_person_time")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.occurred_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"

    @property
    def is_disclosure(self) -> bool:
        """A luovutuslokimerkintä (703/2023 18 §): the data went to another organisation."""
        return bool(self.recipient_organisation_id or self.recipient_organisation_name)

    @property
    def actor_role_label(self) -> str:
        """The actor's role in words (the role they had when the entry was written)."""
        return str(Role(self.actor_role).label) if self.actor_role in Role.values else self.actor_role


class AuditHead(models.Model):
    """Lokiketjun pää: the id and hash of the newest entry, one row (id 1), moved forward with every entry.

    The row only ever moves one entry forward (a database trigger refuses anything else, and refuses deleting
    it), so an entry cut off the end of the chain leaves the head pointing at an entry that is no longer there.
    """

    SINGLETON_ID = 1

    last_id = models.BigIntegerField(_("viimeisen merkinnän numero"), default=0)
    last_hash = models.CharField(_("viimeisen merkinnän tiiviste"), max_length=64, default=GENESIS_HASH)
    updated_at = models.DateTimeField(_("päivitetty"), default=time.now)

    class Meta:
        verbose_name = _("lokiketjun pää")
        verbose_name_plural = _("lokiketjun pää")

    def __str__(self) -> str:
        return f"#{self.last_id} {self.last_hash[:12]}"


class LogReportDecision(models.TextChoices):
    """Ratkaisu asiakkaan lokitietopyyntöön (703/2023 11 §, EU:n tietosuoja-asetus 15 art.)."""

    DELIVERED = "delivered", _("Lokitiedot toimitettu")
    REFUSED = "refused", _("Lokitietojen antamisesta kieltäydytty")
    PARTLY_REFUSED = "partly_refused", _("Lokitiedot toimitettu osittain")


DEFAULT_APPEAL_INSTRUCTIONS = _(
    "Jos ette ole tyytyväinen ratkaisuun, voitte saattaa asian tietosuojavaltuutetun käsiteltäväksi "
    "(EU:n yleinen tietosuoja-asetus 77 art., tietosuojalaki 1050/2018). Tietosuojavaltuutetun toimisto, "
    "PL 800, 00531 Helsinki, www.tietosuoja.fi. Voitte myös pyytää rekisterinpitäjää käsittelemään asian "
    "uudelleen ja saattaa sen hallinto-oikeuden ratkaistavaksi (tietosuoja-asetus 79 art.)."
)


class LogReportRequest(models.Model):
    """Lokitietopyyntö: a client's request to know who has processed their data (703/2023 11 §).

    The registrar may refuse the report, in whole or in part, when giving it would seriously endanger the
    client's health or safety or the rights of someone else (703/2023 11 § 2 mom., tietosuoja-asetus 15 art.
    4 kohta); a refusal is given in writing with its reasons and appeal instructions.
    """

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("asiakas")
    )
    requested_on = models.DateField(_("pyyntöpäivä"), default=time.today)
    requester_description = models.TextField(
        _("pyytäjä"), help_text=_("Kuka pyysi ja miten (esim. asiakas itse kirjeellä, huoltaja puhelimessa).")
    )
    period_start = models.DateField(_("alkaen"))
    period_end = models.DateField(_("päättyen"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kirjaaja"),
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ratkaisija"),
    )
    decision = models.CharField(_("ratkaisu"), max_length=16, choices=LogReportDecision.choices, blank=True)
    reasoning = models.TextField(_("perustelut"), blank=True)
    decided_at = models.DateTimeField(_("ratkaistu"), null=True, blank=True)
    appeal_instructions = models.TextField(_("muutoksenhakuohje"), blank=True)
    created_at = models.DateTimeField(_("kirjattu"), default=time.now, editable=False)

    class Meta:
        verbose_name = _("lokitietopyyntö")
        verbose_name_plural = _("lokitietopyynnöt")
        ordering = ["-requested_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_start__lte=models.F("period_end")),
                name="logreportrequest_period_order",
            ),
            models.CheckConstraint(
                condition=models.Q(decision__in=["", LogReportDecision.DELIVERED]) | ~models.Q(reasoning=""),
                name="logreportrequest_refusal_has_reasoning",
            ),
            models.CheckConstraint(
                condition=models.Q(decision="", decided_at__isnull=True)
                | (~models.Q(decision="") & models.Q(decided_at__isnull=False)),
                name="logreportrequest_decided_at_with_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.requested_on:%d.%m.%Y}"

    @property
    def is_decided(self) -> bool:
        return bool(self.decision)

    @property
    def is_refusal(self) -> bool:
        return self.decision in {LogReportDecision.REFUSED, LogReportDecision.PARTLY_REFUSED}
