"""Palveluluettelo: services, their channels, meeting places (kohtaamispaikat) and the topic vocabulary.

The catalogue is public information about services, not client data: it has no access policy and no audit log.
Its search index (``SearchDocument``) is derived data, rewritten by ``luukku.catalogue.services`` whenever a
service or meeting place changes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from luukku.core import time
from luukku.core.models import TimestampedModel
from luukku.organisations.models import Municipality, Organisation, Sector


class Level(models.TextChoices):
    """Palvelutaso, lightest first (DOMAIN.md §1): avoin → varhainen tuki → perus → erityis → vaativa."""

    OPEN = "open", _("Avoin toiminta")
    EARLY_SUPPORT = "early_support", _("Varhainen tuki")
    BASIC = "basic", _("Perustaso")
    SPECIAL = "special", _("Erityistaso")
    DEMANDING = "demanding", _("Vaativa taso")


LEVEL_ORDER: dict[str, int] = {level.value: index for index, level in enumerate(Level)}


class TargetGroup(models.TextChoices):
    """Kohderyhmä."""

    CHILDREN = "children", _("Lapset")
    YOUNG_PEOPLE = "young_people", _("Nuoret")
    PARENTS = "parents", _("Vanhemmat")
    FAMILIES = "families", _("Perheet")
    PROFESSIONALS = "professionals", _("Ammattilaiset")


class CostBasis(models.TextChoices):
    """Yksikkökustannuksen peruste."""

    PER_VISIT = "per_visit", _("käynti")
    PER_HOUR = "per_hour", _("tunti")
    PER_DAY = "per_day", _("vuorokausi")
    PER_CONTACT = "per_contact", _("yhteydenotto")
    PER_GROUP_SESSION = "per_group_session", _("ryhmäkerta")
    PER_ASSESSMENT = "per_assessment", _("arvio")
    PER_VOUCHER = "per_voucher", _("seteli")


class ChannelKind(models.TextChoices):
    """Asiointikanava."""

    PHONE = "phone", _("Puhelin")
    LOCATION = "location", _("Käyntiosoite")
    WEB = "web", _("Verkkosivu")
    CHAT = "chat", _("Chat")
    EMAIL = "email", _("Sähköposti")


class Topic(models.Model):
    """Aihe: one code of the catalogue's topic vocabulary (e.g. ``violence``), labelled in three languages."""

    code = models.SlugField(_("tunniste"), max_length=64, unique=True)
    label_fi = models.CharField(_("nimi suomeksi"), max_length=200)
    label_sv = models.CharField(_("nimi ruotsiksi"), max_length=200, blank=True)
    label_en = models.CharField(_("nimi englanniksi"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("aihe")
        verbose_name_plural = _("aiheet")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.label_fi or self.code


class Service(TimestampedModel):
    """Palvelu: one service of one organisation, as families and professionals look for it."""

    code = models.SlugField(
        _("tunniste"), max_length=120, unique=True, help_text=_("Pysyvä tunniste, esim. lastenneuvola.")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="services", verbose_name=_("organisaatio")
    )
    sector = models.CharField(_("sektori"), max_length=40, choices=Sector.choices, blank=True)
    name_fi = models.CharField(_("nimi suomeksi"), max_length=300)
    name_sv = models.CharField(_("nimi ruotsiksi"), max_length=300, blank=True)
    name_en = models.CharField(_("nimi englanniksi"), max_length=300, blank=True)
    summary_fi = models.TextField(_("tiivistelmä suomeksi"), blank=True)
    summary_sv = models.TextField(_("tiivistelmä ruotsiksi"), blank=True)
    summary_en = models.TextField(_("tiivistelmä englanniksi"), blank=True)
    description_fi = models.TextField(_("kuvaus suomeksi"), blank=True)
    description_sv = models.TextField(_("kuvaus ruotsiksi"), blank=True)
    description_en = models.TextField(_("kuvaus englanniksi"), blank=True)
    level = models.CharField(_("palvelutaso"), max_length=20, choices=Level.choices, default=Level.BASIC)
    age_min = models.PositiveSmallIntegerField(_("ikä vähintään"), default=0)
    age_max = models.PositiveSmallIntegerField(_("ikä enintään"), default=29)
    target = models.CharField(_("kohderyhmä"), max_length=20, choices=TargetGroup.choices, blank=True)
    topics = models.ManyToManyField(Topic, related_name="services", blank=True, verbose_name=_("aiheet"))
    topic_order = models.JSONField(
        _("aiheiden järjestys"),
        default=list,
        blank=True,
        help_text=_("Aiheiden tunnisteet keskeisin ensin; haku painottaa ensimmäisiä."),
    )
    referral_required = models.BooleanField(_("lähete tarvitaan"), default=False)
    municipalities = models.ManyToManyField(
        Municipality,
        related_name="services",
        blank=True,
        verbose_name=_("kunnat, joissa palvelu on saatavilla"),
    )
    routing_criteria_fi = models.TextField(_("ohjautumisen perusteet"), blank=True)
    routing_criteria_sv = models.TextField(_("ohjautumisen perusteet ruotsiksi"), blank=True)
    typical_sessions = models.PositiveIntegerField(_("tyypillinen käyntimäärä"), null=True, blank=True)
    unit_cost_eur = models.DecimalField(
        _("yksikkökustannus (€)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    unit_cost_basis = models.CharField(
        _("kustannuksen peruste"), max_length=20, choices=CostBasis.choices, blank=True
    )
    core_person = models.CharField(
        _("perheneuvoverkoston ydinhenkilö"),
        max_length=300,
        blank=True,
        help_text=_("Yksikön nimetty ydinhenkilö: nimi ja tehtävä."),
    )
    ptv_id = models.UUIDField(_("PTV-tunniste"), null=True, blank=True, unique=True)
    ptv_data = models.JSONField(
        _("PTV-lisätiedot"),
        default=dict,
        blank=True,
        help_text=_("PTV:n palveluluokat, kohderyhmät ja asiasanat sellaisinaan."),
    )
    is_active = models.BooleanField(_("toiminnassa"), default=True)
    last_checked_at = models.DateTimeField(_("tarkistettu viimeksi"), null=True, blank=True)
    last_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tarkistaja"),
    )

    class Meta:
        verbose_name = _("palvelu")
        verbose_name_plural = _("palvelut")
        ordering = ["name_fi"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(age_min__lte=models.F("age_max")), name="service_age_range"
            ),
        ]

    def __str__(self) -> str:
        return self.name_fi

    @property
    def level_order(self) -> int:
        return LEVEL_ORDER.get(self.level, len(LEVEL_ORDER))

    def ordered_topic_codes(self) -> list[str]:
        """Topic codes, the most central first (the order the editor or the import gave)."""
        codes = [topic.code for topic in self.topics.all()]
        ordered = [code for code in self.topic_order if code in codes]
        return ordered + sorted(set(codes) - set(ordered))


class ServiceChannel(models.Model):
    """Asiointikanava: phone, visiting address (with opening hours and WGS84 coordinates), web, chat or e-mail."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="channels", verbose_name=_("palvelu")
    )
    kind = models.CharField(_("tyyppi"), max_length=20, choices=ChannelKind.choices)
    name = models.CharField(_("nimi"), max_length=300, blank=True)
    value = models.CharField(
        _("arvo"),
        max_length=1000,
        help_text=_("Numero, osoite tai verkko-osoite sellaisena kuin se näytetään."),
    )
    street_address = models.CharField(_("katuosoite"), max_length=300, blank=True)
    postal_code = models.CharField(_("postinumero"), max_length=10, blank=True)
    post_office = models.CharField(_("postitoimipaikka"), max_length=100, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kunta"),
    )
    latitude = models.FloatField(_("leveysaste (WGS84)"), null=True, blank=True)
    longitude = models.FloatField(_("pituusaste (WGS84)"), null=True, blank=True)
    opening_hours = models.TextField(_("aukioloajat"), blank=True)
    service_hours = models.JSONField(
        _("palveluajat"),
        default=list,
        blank=True,
        help_text=_("Lista: {tyyppi, voimassa alkaen/asti, päivät, kellonajat, lisätieto}."),
    )
    ptv_id = models.UUIDField(_("PTV-tunniste"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("järjestys"), default=0)

    class Meta:
        verbose_name = _("asiointikanava")
        verbose_name_plural = _("asiointikanavat")
        ordering = ["service", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"


class MeetingPlace(TimestampedModel):
    """Kohtaamispaikka: an open meeting place of the family centre with weekly open activities (DOMAIN.md §2 I)."""

    code = models.SlugField(_("tunniste"), max_length=120, unique=True)
    name_fi = models.CharField(_("nimi suomeksi"), max_length=300)
    name_sv = models.CharField(_("nimi ruotsiksi"), max_length=300, blank=True)
    name_en = models.CharField(_("nimi englanniksi"), max_length=300, blank=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="meeting_places", verbose_name=_("kunta")
    )
    address = models.CharField(_("osoite"), max_length=300, blank=True)
    organisations = models.ManyToManyField(
        Organisation, related_name="meeting_places", blank=True, verbose_name=_("organisaatiot")
    )
    opening_hours = models.TextField(_("aukioloajat"), blank=True)
    latitude = models.FloatField(_("leveysaste (WGS84)"), null=True, blank=True)
    longitude = models.FloatField(_("pituusaste (WGS84)"), null=True, blank=True)
    is_active = models.BooleanField(_("toiminnassa"), default=True)
    last_checked_at = models.DateTimeField(_("tarkistettu viimeksi"), null=True, blank=True)
    last_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tarkistaja"),
    )

    class Meta:
        verbose_name = _("kohtaamispaikka")
        verbose_name_plural = _("kohtaamispaikat")
        ordering = ["name_fi"]

    def __str__(self) -> str:
        return self.name_fi


class Weekday(models.IntegerChoices):
    MONDAY = 1, _("maanantai")
    TUESDAY = 2, _("tiistai")
    WEDNESDAY = 3, _("keskiviikko")
    THURSDAY = 4, _("torstai")
    FRIDAY = 5, _("perjantai")
    SATURDAY = 6, _("lauantai")
    SUNDAY = 7, _("sunnuntai")


class Activity(models.Model):
    """Avoin toiminta: one weekly open activity of a meeting place (day, time, audience, organiser)."""

    meeting_place = models.ForeignKey(
        MeetingPlace, on_delete=models.CASCADE, related_name="activities", verbose_name=_("kohtaamispaikka")
    )
    weekday = models.PositiveSmallIntegerField(_("viikonpäivä"), choices=Weekday.choices)
    start = models.TimeField(_("alkaa"))
    end = models.TimeField(_("päättyy"))
    name_fi = models.CharField(_("nimi suomeksi"), max_length=300)
    name_sv = models.CharField(_("nimi ruotsiksi"), max_length=300, blank=True)
    name_en = models.CharField(_("nimi englanniksi"), max_length=300, blank=True)
    audience = models.CharField(_("kenelle"), max_length=300, blank=True)
    organiser = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("järjestäjä"),
    )

    class Meta:
        verbose_name = _("avoin toiminta")
        verbose_name_plural = _("avoimet toiminnat")
        ordering = ["meeting_place", "weekday", "start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start__lt=models.F("end")), name="activity_start_before_end"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H.%M}–{self.end:%H.%M} {self.name_fi}"


class DocumentKind(models.TextChoices):
    SERVICE = "service", _("Palvelu")
    MEETING_PLACE = "meeting_place", _("Kohtaamispaikka")


class SearchDocument(models.Model):
    """Hakuindeksi: the normalised text and the ranking signals of one service or meeting place.

    ``names``, ``body`` and ``tags`` hold Finnish-aware normalised tokens (stems folded to ASCII, compounds split,
    topic tags). PostgreSQL matches them with a GIN-indexed ``to_tsvector('simple', ...)``; SQLite through the
    FTS5 table ``catalogue_search_fts`` whose rowid is this row's id. Both are written only by
    ``luukku.catalogue.services.search_document_sync``.
    """

    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    object_id = models.PositiveBigIntegerField()
    names = models.TextField(blank=True)
    body = models.TextField(blank=True)
    tags = models.TextField(blank=True)
    topics = models.CharField(max_length=1000, blank=True, help_text="topic codes, most central first")
    municipalities = models.TextField(blank=True, help_text="municipality codes, space-separated")
    level_order = models.PositiveSmallIntegerField(default=0)
    age_min = models.PositiveSmallIntegerField(default=0)
    age_max = models.PositiveSmallIntegerField(default=29)
    updated_at = models.DateTimeField(default=time.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="searchdocument_unique_object")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"
