"""Yhteydenotot perheneuvoon: the one contact channel of the family centre (DOMAIN.md §2 A).

A family or a young person writes on the public form without a referral; the family-counsellor network takes the
contact, answers within the promised time and routes it: guided to a service, an appointment booked, or, with the
family's consent, passed on as a social-care contact (yhteydenotto sosiaalihuoltoon, SHL 35 §). The contact is
client data of the family-counsellor network: every staff read and write is logged (Asiakastietolaki 703/2023).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from luukku.core import time
from luukku.core.models import TimestampedModel


class WhoWorried(models.TextChoices):
    """Kuka on huolissaan kenestä."""

    MYSELF = "myself", _("Olen huolissani itsestäni")
    MY_CHILD = "my_child", _("Olen huolissani lapsestani")
    YOUNG_PERSON = "young_person", _("Olen huolissani tuntemastani nuoresta")
    OTHER = "other", _("Muu tilanne")


class PreferredLanguage(models.TextChoices):
    FI = "fi", "suomi"
    SV = "sv", "svenska"
    EN = "en", "English"


class ContactStatus(models.TextChoices):
    """Yhteydenoton vaihe."""

    WAITING = "waiting", _("Odottaa")
    TAKEN = "taken", _("Otettu käsittelyyn")
    ANSWERED = "answered", _("Vastattu")
    ROUTED = "routed", _("Ohjattu")


class Route(models.TextChoices):
    """Mihin yhteydenotto ohjattiin."""

    SERVICE = "service", _("Ohjattu palveluun")
    APPOINTMENT = "appointment", _("Aika varattu")
    SOCIAL_CARE_CONTACT = "social_care_contact", _("Yhteydenotto sosiaalihuoltoon (SHL 35 §)")


class Contact(TimestampedModel):
    """Yhteydenotto perheneuvoon: one message through the one contact channel and what was done with it."""

    public_id = models.UUIDField(_("julkinen tunniste"), default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("viite"), max_length=20, unique=True)
    received_at = models.DateTimeField(_("vastaanotettu"), default=time.now, db_index=True)
    promised_by = models.DateTimeField(_("luvattu vastaus viimeistään"))
    who = models.CharField(_("kuka on huolissaan"), max_length=20, choices=WhoWorried.choices)
    child_age = models.PositiveSmallIntegerField(_("lapsen tai nuoren ikä"), null=True, blank=True)
    worry = models.TextField(_("huoli omin sanoin"))
    contact_name = models.CharField(_("yhteydenottajan nimi"), max_length=200, blank=True)
    phone = models.CharField(_("puhelin"), max_length=40, blank=True)
    email = models.EmailField(_("sähköposti"), max_length=254, blank=True)
    language = models.CharField(
        _("toivottu kieli"), max_length=2, choices=PreferredLanguage.choices, default=PreferredLanguage.FI
    )
    consent_to_contact = models.BooleanField(_("suostumus yhteydenottoon"), default=False)
    municipality = models.ForeignKey(
        "organisations.Municipality",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kunta"),
    )
    status = models.CharField(
        _("vaihe"), max_length=20, choices=ContactStatus.choices, default=ContactStatus.WAITING, db_index=True
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("käsittelijä"),
    )
    taken_at = models.DateTimeField(_("otettu käsittelyyn"), null=True, blank=True)
    first_answered_at = models.DateTimeField(_("ensimmäinen vastaus"), null=True, blank=True)
    first_answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vastaaja"),
    )
    answer_note = models.TextField(_("vastauksen sisältö"), blank=True)
    waiting_seconds = models.PositiveIntegerField(
        _("odotusaika (s)"), null=True, blank=True, help_text=_("Yhteydenotosta ensimmäiseen vastaukseen.")
    )
    route = models.CharField(_("ohjaus"), max_length=30, choices=Route.choices, blank=True)
    routed_at = models.DateTimeField(_("ohjattu"), null=True, blank=True)
    routed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ohjaaja"),
    )
    routed_service = models.ForeignKey(
        "catalogue.Service",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("palvelu"),
    )
    appointment_at = models.DateTimeField(_("varattu aika"), null=True, blank=True)
    appointment_with = models.CharField(_("kenen luo"), max_length=200, blank=True)
    intake_consent = models.BooleanField(
        _("perhe suostui yhteydenottoon sosiaalihuoltoon"),
        default=False,
        help_text=_("SHL 35 §: yhteydenotto sosiaalihuoltoon tehdään perheen suostumuksella."),
    )
    intake = models.ForeignKey(
        "intake.Intake",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vireilletulo"),
    )
    route_note = models.TextField(_("ohjauksen lisätieto"), blank=True)

    class Meta:
        verbose_name = _("yhteydenotto perheneuvoon")
        verbose_name_plural = _("yhteydenotot perheneuvoon")
        ordering = ["received_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(consent_to_contact=True), name="contact_consent_given"),
            models.CheckConstraint(
                condition=~models.Q(phone="") | ~models.Q(email=""), name="contact_phone_or_email"
            ),
            models.CheckConstraint(
                condition=~models.Q(route=Route.SOCIAL_CARE_CONTACT) | models.Q(intake_consent=True),
                name="contact_intake_needs_consent",
            ),
            models.CheckConstraint(
                condition=models.Q(child_age__isnull=True) | models.Q(child_age__lte=29),
                name="contact_child_age_0_29",
            ),
        ]

    def __str__(self) -> str:
        return self.reference
