"""Organisations, their units, the municipalities they serve, and the professionals who work in them."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from luukku.core.models import TimestampedModel


class OrganisationKind(models.TextChoices):
    """Organisaatiotyypit (DOMAIN.md §1)."""

    WELLBEING_COUNTY = "wellbeing_county", _("Hyvinvointialue")
    MUNICIPALITY = "municipality", _("Kunta")
    NGO = "ngo", _("Järjestö")
    PARISH = "parish", _("Seurakunta")
    POLICE = "police", _("Poliisi")
    STATE = "state", _("Valtio")
    EDUCATION = "education", _("Oppilaitos")
    COMPANY = "company", _("Yritys")


class Sector(models.TextChoices):
    """Palvelusektori: the sectors of the family-centre service network."""

    MATERNITY_CHILD_HEALTH = "maternity_child_health", _("Äitiys- ja lastenneuvola")
    SCHOOL_STUDENT_HEALTH = "school_student_health", _("Koulu- ja opiskeluterveydenhuolto")
    MENTAL_HEALTH_SUBSTANCE = "mental_health_substance", _("Mielenterveys- ja päihdepalvelut")
    REHABILITATION_NEUROPSYCHIATRIC = "rehabilitation_neuropsychiatric", _("Kuntoutus ja neuropsykiatria")
    FAMILY_COUNSELLING = "family_counselling", _("Perheneuvola ja perheneuvo")
    SOCIAL_WORK = "social_work", _("Perhesosiaalityö")
    CHILD_PROTECTION = "child_protection", _("Lastensuojelu")
    FAMILY_LAW = "family_law", _("Perheoikeudelliset palvelut")
    VIOLENCE_CRISIS = "violence_crisis", _("Väkivalta- ja kriisityö")
    FINANCIAL_HOUSING = "financial_housing", _("Toimeentulo ja asuminen")
    EARLY_CHILDHOOD_EDUCATION = "early_childhood_education", _("Varhaiskasvatus")
    SCHOOL_WELFARE = "school_welfare", _("Opiskeluhuolto (kuraattori ja psykologi)")
    EDUCATION = "education", _("Opetus")
    YOUTH_WORK = "youth_work", _("Nuorisotyö")
    EMPLOYMENT_GUIDANCE = "employment_guidance", _("Työllisyys ja ohjaus")
    PEER_SUPPORT_OPEN = "peer_support_open", _("Avoin toiminta ja vertaistuki")
    IMMIGRANT_SERVICES = "immigrant_services", _("Maahan muuttaneiden palvelut")
    DISABILITY = "disability", _("Vammaispalvelut")
    POLICE = "police", _("Poliisi")
    ADMINISTRATION = "administration", _("Hallinto")


class Role(models.TextChoices):
    """Ammattilaisen rooli Luukussa."""

    FAMILY_COUNSELLOR = "family_counsellor", _("Perheneuvoverkoston työntekijä")
    SOCIAL_WORKER = "social_worker", _("Sosiaalityöntekijä")
    PROFESSIONAL = "professional", _("Muu ammattilainen")
    POLICE = "police", _("Poliisi")
    MANAGER = "manager", _("Esihenkilö")
    ADMINISTRATOR = "administrator", _("Pääkäyttäjä")


class Municipality(models.Model):
    """Kunta. ``code`` is the region data's id (``kaislaharju``); ``statistics_code`` the official number."""

    code = models.SlugField(_("tunniste"), max_length=64, unique=True)
    name_fi = models.CharField(_("nimi suomeksi"), max_length=200)
    name_sv = models.CharField(_("nimi ruotsiksi"), max_length=200, blank=True)
    kind = models.CharField(_("tyyppi"), max_length=32, blank=True, help_text=_("kunta tai kaupunki"))
    population = models.PositiveIntegerField(_("asukasluku"), null=True, blank=True)
    languages = models.JSONField(_("kielet"), default=list, blank=True)
    statistics_code = models.CharField(_("kuntanumero"), max_length=3, blank=True)

    class Meta:
        verbose_name = _("kunta")
        verbose_name_plural = _("kunnat")
        ordering = ["name_fi"]

    def __str__(self) -> str:
        return self.name_fi


class Organisation(TimestampedModel):
    """Organisaatio: a wellbeing services county, municipality, NGO, parish, police, state body, school or company."""

    code = models.SlugField(_("tunniste"), max_length=100, unique=True)
    name_fi = models.CharField(_("nimi suomeksi"), max_length=300)
    name_sv = models.CharField(_("nimi ruotsiksi"), max_length=300, blank=True)
    kind = models.CharField(_("tyyppi"), max_length=32, choices=OrganisationKind.choices)
    business_id = models.CharField(_("Y-tunnus"), max_length=9, blank=True)
    web = models.URLField(_("verkkosivu"), blank=True)
    note_fi = models.TextField(_("huomautus"), blank=True)
    municipalities = models.ManyToManyField(
        Municipality, related_name="organisations", blank=True, verbose_name=_("palvellut kunnat")
    )
    wellbeing_county = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        limit_choices_to={"kind": OrganisationKind.WELLBEING_COUNTY},
        verbose_name=_("hyvinvointialue"),
        help_text=_("Hyvinvointialue, jonka alueella organisaatio toimii."),
    )

    class Meta:
        verbose_name = _("organisaatio")
        verbose_name_plural = _("organisaatiot")
        ordering = ["name_fi"]

    def __str__(self) -> str:
        return self.name_fi


class Unit(TimestampedModel):
    """Yksikkö (team, office, school, clinic) inside an organisation; work trays and caseloads are per unit."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="units", verbose_name=_("organisaatio")
    )
    code = models.SlugField(_("tunniste"), max_length=100, unique=True)
    name_fi = models.CharField(_("nimi suomeksi"), max_length=300)
    name_sv = models.CharField(_("nimi ruotsiksi"), max_length=300, blank=True)
    sector = models.CharField(_("sektori"), max_length=40, choices=Sector.choices)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
        verbose_name=_("kunta"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("yläyksikkö"),
    )
    is_active = models.BooleanField(_("toiminnassa"), default=True)

    class Meta:
        verbose_name = _("yksikkö")
        verbose_name_plural = _("yksiköt")
        ordering = ["organisation__name_fi", "name_fi"]

    def __str__(self) -> str:
        return f"{self.name_fi} ({self.organisation.name_fi})"


class ProfessionalManager(UserManager["Professional"]):
    def get_queryset(self):  # type: ignore[no-untyped-def]
        return super().get_queryset().select_related("unit__organisation")


class Professional(AbstractUser):
    """Ammattilainen: a Django user who works in a unit with one role in Luukku."""

    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="professionals",
        verbose_name=_("yksikkö"),
    )
    role = models.CharField(_("rooli"), max_length=32, choices=Role.choices, default=Role.PROFESSIONAL)
    sector = models.CharField(_("sektori"), max_length=40, choices=Sector.choices, blank=True)
    title = models.CharField(_("ammattinimike"), max_length=200, blank=True)
    phone = models.CharField(_("puhelin"), max_length=40, blank=True)
    social_worker_qualified = models.BooleanField(
        _("sosiaalityöntekijän kelpoisuus"),
        default=False,
        help_text=_(
            "Laillistettu sosiaalityöntekijä (laki sosiaalihuollon ammattihenkilöistä 817/2015 7 §)."
        ),
    )

    objects = ProfessionalManager()

    class Meta:
        verbose_name = _("ammattilainen")
        verbose_name_plural = _("ammattilaiset")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def organisation(self) -> Organisation | None:
        return self.unit.organisation if self.unit_id else None
