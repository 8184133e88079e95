"""Käyttöloki ja luovutusloki (Asiakastietolaki 703/2023 17–18 §): every read and write of client data.

Append-only and tamper-evident: each entry carries the SHA-256 of the previous entry's hash and its own canonical
serialisation (``luukku.audit.chain``), so that an edited, inserted or deleted row breaks the chain that
``luukku audit verify`` walks. References to people and organisations are kept without database foreign-key
constraints, so that no later change elsewhere can cascade into the log.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from luukku.core import time


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
