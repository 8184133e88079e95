"""Clients and their close persons: children, young people up to 29, guardians, households, relationships.

Client data: every read of these rows goes through the access policy and is logged (see luukku.access).
"""

from __future__ import annotations

import datetime as dt
import uuid

from dateutil.relativedelta import relativedelta
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from luukku.core import identity, time
from luukku.core.models import TimestampedModel
from luukku.organisations.models import Municipality


class IdentityCodeKind(models.TextChoices):
    PERMANENT = "permanent", _("Vakinainen henkilötunnus")
    TEMPORARY = "temporary", _("Tilapäinen henkilötunnus (yksilönumero 900–999)")
    NONE = "none", _("Ei henkilötunnusta")


class Person(TimestampedModel):
    """Henkilö: a child, a young person, a guardian or another close person.

    The identity code is stored encrypted with a keyed digest for look-ups; it is never part of a URL (persons are
    addressed by ``public_id``) and never rendered into a log line. A person may have no code: an unborn child
    (LSL 25 c §), a foreign child, or a person known only by a temporary code.
    """

    GDPR_FIELDS = [
        "first_names",
        "last_name",
        "identity_code_encrypted",
        "birth_date",
        "address",
        "phone",
        "email",
    ]

    public_id = models.UUIDField(_("julkinen tunniste"), default=uuid.uuid4, unique=True, editable=False)
    first_names = models.CharField(_("etunimet"), max_length=200, blank=True)
    last_name = models.CharField(_("sukunimi"), max_length=200, blank=True)
    identity_code_encrypted = models.TextField(_("henkilötunnus (salattu)"), blank=True, editable=False)
    identity_code_digest = models.CharField(
        _("henkilötunnuksen hakutiiviste"), max_length=64, blank=True, editable=False, db_index=True
    )
    identity_code_kind = models.CharField(
        _("tunnuksen laji"), max_length=16, choices=IdentityCodeKind.choices, default=IdentityCodeKind.NONE
    )
    birth_date = models.DateField(_("syntymäaika"), null=True, blank=True)
    expected_birth_date = models.DateField(
        _("laskettu aika"), null=True, blank=True, help_text=_("Syntymättömälle lapselle (LSL 25 c §).")
    )
    is_unborn = models.BooleanField(_("syntymätön"), default=False)
    sex = models.CharField(_("sukupuoli"), max_length=16, blank=True)
    native_language = models.CharField(_("äidinkieli"), max_length=8, blank=True, default="fi")
    home_municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="residents",
        verbose_name=_("kotikunta"),
    )
    address = models.CharField(_("osoite"), max_length=300, blank=True)
    phone = models.CharField(_("puhelin"), max_length=40, blank=True)
    email = models.EmailField(_("sähköposti"), blank=True)
    nationality = models.CharField(_("kansalaisuus"), max_length=64, blank=True)
    deceased_on = models.DateField(_("kuolinpäivä"), null=True, blank=True)
    is_synthetic = models.BooleanField(
        _("keksitty henkilö"), default=False, help_text=_("Demo- tai testiaineistoa.")
    )

    class Meta:
        verbose_name = _("henkilö")
        verbose_name_plural = _("henkilöt")
        ordering = ["last_name", "first_names"]
        constraints = [
            models.UniqueConstraint(
                fields=["identity_code_digest"],
                condition=~Q(identity_code_digest=""),
                name="person_identity_code_unique",
            ),
            models.CheckConstraint(
                condition=Q(is_unborn=False) | Q(birth_date__isnull=True),
                name="person_unborn_has_no_birth_date",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or str(_("(nimetön)"))

    @property
    def full_name(self) -> str:
        return f"{self.first_names} {self.last_name}".strip()

    @property
    def identity_code(self) -> str:
        """The decrypted code, for display to someone whom the access policy allows; '' when there is none."""
        return identity.decrypt(self.identity_code_encrypted) if self.identity_code_encrypted else ""

    def set_identity_code(self, raw: str | None) -> None:
        """Validate and store a code (or clear it); fills birth date and sex from a valid code."""
        if not raw:
            self.identity_code_encrypted = ""
            self.identity_code_digest = ""
            self.identity_code_kind = IdentityCodeKind.NONE
            return
        parsed = identity.parse(raw)
        self.identity_code_encrypted = identity.encrypt(parsed.code)
        self.identity_code_digest = identity.lookup_digest(parsed.code)
        self.identity_code_kind = (
            IdentityCodeKind.TEMPORARY if parsed.is_temporary else IdentityCodeKind.PERMANENT
        )
        self.birth_date = parsed.birth_date
        self.sex = parsed.sex
        self.is_unborn = False

    @property
    def masked_identity_code(self) -> str:
        return identity.mask(self.identity_code) if self.identity_code_encrypted else ""

    def age_on(self, day: dt.date) -> int | None:
        if self.birth_date is None:
            return None
        return relativedelta(day, self.birth_date).years

    @property
    def age(self) -> int | None:
        return self.age_on(time.today())


class Household(TimestampedModel):
    """Kotitalous: the people who live at one address."""

    name = models.CharField(_("nimi"), max_length=200, blank=True)
    address = models.CharField(_("osoite"), max_length=300, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="households",
        verbose_name=_("kunta"),
    )
    members = models.ManyToManyField(Person, related_name="households", blank=True, verbose_name=_("jäsenet"))

    class Meta:
        verbose_name = _("kotitalous")
        verbose_name_plural = _("kotitaloudet")

    def __str__(self) -> str:
        return self.name or self.address or f"#{self.pk}"


class RelationshipKind(models.TextChoices):
    GUARDIAN_OF = "guardian_of", _("on huoltaja henkilölle")
    PARENT_OF = "parent_of", _("on vanhempi henkilölle")
    SIBLING_OF = "sibling_of", _("on sisarus henkilölle")
    LIVES_WITH = "lives_with", _("asuu saman katon alla kuin")
    CLOSE_PERSON_OF = "close_person_of", _("on läheinen henkilölle")


class Relationship(TimestampedModel):
    """Suhde: ``person`` *kind* ``other`` (e.g. Anna is guardian of Eetu), valid for a period.

    Guardianship (huolto, laki lapsen huollosta ja tapaamisoikeudesta 361/1983) decides who speaks for a child;
    an ended relationship (``valid_until`` in the past) no longer counts from the next request on.
    """

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="relationships_from", verbose_name=_("henkilö")
    )
    other = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="relationships_to", verbose_name=_("toinen henkilö")
    )
    kind = models.CharField(_("suhde"), max_length=32, choices=RelationshipKind.choices)
    valid_from = models.DateField(_("alkaen"), null=True, blank=True)
    valid_until = models.DateField(_("päättyen"), null=True, blank=True)
    note = models.CharField(_("lisätieto"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("suhde")
        verbose_name_plural = _("suhteet")
        constraints = [
            models.CheckConstraint(condition=~Q(person=models.F("other")), name="relationship_not_self"),
            models.UniqueConstraint(
                fields=["person", "other", "kind", "valid_from"], name="relationship_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_kind_display()} – {self.other}"

    def is_active_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )
