"""Reads of the public family centre: the guide's fitting services and this week's open activities.

The catalogue is public information (no access policy, no audit log); nothing here reads client data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from luukku.catalogue.models import LEVEL_ORDER, Activity, MeetingPlace, Service, Topic
from luukku.core import calendar, time
from luukku.organisations.models import Municipality

# The topic vocabulary in the words of a family (the catalogue's labels are the professionals' words).
TOPIC_PLAIN_LABELS = {
    "bullying": _("Kiusaaminen"),
    "couple_relationship": _("Parisuhde ja riidat kotona"),
    "crime": _("Rikokset ja poliisiasiat"),
    "crisis": _("Äkillinen kriisi tai hätä"),
    "custody_dispute": _("Riita lasten asumisesta tai tapaamisista"),
    "debt": _("Raha-asiat ja velat"),
    "development": _("Lapsen kasvu ja kehitys"),
    "digital_media": _("Pelaaminen, puhelin ja netti"),
    "disability": _("Vamma tai pitkäaikainen sairaus"),
    "divorce": _("Ero"),
    "education_path": _("Opiskelu ja koulutusvalinnat"),
    "employment": _("Työ ja työnhaku"),
    "housing": _("Asuminen"),
    "immigrant_families": _("Uusi maa ja kieli"),
    "infant_care": _("Vauvan hoito"),
    "learning": _("Oppiminen ja koulunkäynnin tuki"),
    "leisure": _("Harrastukset ja vapaa-aika"),
    "mental_health": _("Mieliala, ahdistus tai jaksaminen"),
    "neuropsychiatric": _("Keskittyminen ja käyttäytyminen (esim. ADHD, autismi)"),
    "parenting": _("Vanhemmuus ja kasvatus"),
    "peer_support": _("Vertaistuki ja seura"),
    "poverty": _("Toimeentulo ja arjen menot"),
    "pregnancy": _("Raskaus"),
    "school_absence": _("Koulunkäynti ei onnistu"),
    "sexual_abuse": _("Seksuaalinen häirintä tai hyväksikäyttö"),
    "sexual_health": _("Seksuaaliterveys ja seurustelu"),
    "speech_language": _("Puhe ja kieli"),
    "substance_use": _("Alkoholi, huumeet tai muut päihteet"),
    "violence": _("Väkivalta tai sen uhka"),
}


class Urgency:
    DANGER = "danger"
    SOON = "soon"
    NO_HURRY = "no_hurry"


URGENCY_CHOICES = [
    (Urgency.NO_HURRY, _("Ei kiirettä – haluamme tietoa tai tukea arkeen")),
    (Urgency.SOON, _("Tarvitsemme apua pian")),
    (Urgency.DANGER, _("Joku on vaarassa nyt")),
]


def topic_choices(lang: str) -> list[tuple[str, str]]:
    """The topics of the catalogue with the families' labels, alphabetically in the visitor's language."""
    choices = []
    for topic in Topic.objects.all():
        label = TOPIC_PLAIN_LABELS.get(topic.code)
        text = str(label) if label else (getattr(topic, f"label_{lang}", "") or topic.label_fi or topic.code)
        choices.append((topic.code, text))
    return sorted(choices, key=lambda choice: choice[1].lower())


def _fitting(*, age: int | None, municipality: Municipality | None) -> QuerySet[Service]:
    services = Service.objects.filter(is_active=True).select_related("organisation")
    if age is not None:
        services = services.filter(age_min__lte=age, age_max__gte=age)
    if municipality is not None:
        services = services.filter(Q(municipalities=municipality) | Q(municipalities__isnull=True))
    return services.distinct().prefetch_related("topics")


def guide_services(
    *, age: int | None, topic: str, urgency: str, municipality: Municipality | None = None, limit: int = 5
) -> list[Service]:
    """Mikä palvelu sopii meille: the lightest fitting services first.

    Services of the topic that take a child of this age (and serve the municipality), ordered by service level
    (open → early support → basic → special → demanding), then by how central the topic is to the service. When
    someone is in danger now, the crisis services come first whatever their level.
    """
    candidates = list(_fitting(age=age, municipality=municipality).filter(topics__code=topic))

    def centrality(service: Service) -> int:
        codes = service.ordered_topic_codes()
        return codes.index(topic) if topic in codes else len(codes)

    candidates.sort(key=lambda s: (LEVEL_ORDER.get(s.level, 9), centrality(s), s.name_fi))
    if urgency == Urgency.DANGER:
        crisis = list(_fitting(age=age, municipality=municipality).filter(topics__code="crisis"))
        crisis.sort(key=lambda s: (s.ordered_topic_codes().index("crisis"), s.name_fi))
        seen: set[int] = set()
        ordered = []
        for service in crisis + candidates:
            if service.pk not in seen:
                seen.add(service.pk)
                ordered.append(service)
        candidates = ordered
    return candidates[:limit]


@dataclass(frozen=True)
class CalendarDay:
    date: dt.date
    weekday: int
    holiday: str
    is_today: bool
    activities: list[Activity]


def week_of(day: dt.date) -> list[dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return [monday + dt.timedelta(days=offset) for offset in range(7)]


def this_week_activities(*, municipality: Municipality | None = None) -> list[CalendarDay]:
    """Tämän viikon avoin toiminta: Monday to Sunday of today's week, each day's activities by start time.

    A public holiday is named on its day: the weekly activities may not run then.
    """
    today = time.today()
    activities = Activity.objects.filter(meeting_place__is_active=True).select_related(
        "meeting_place", "meeting_place__municipality", "organiser"
    )
    if municipality is not None:
        activities = activities.filter(meeting_place__municipality=municipality)
    by_day: dict[int, list[Activity]] = {}
    for activity in activities.order_by("weekday", "start", "meeting_place__name_fi"):
        by_day.setdefault(activity.weekday, []).append(activity)
    return [
        CalendarDay(
            date=day,
            weekday=day.isoweekday(),
            holiday=calendar.holiday_name(day) or "",
            is_today=day == today,
            activities=by_day.get(day.isoweekday(), []),
        )
        for day in week_of(today)
    ]


def meeting_places(*, municipality: Municipality | None = None) -> QuerySet[MeetingPlace]:
    places = (
        MeetingPlace.objects.filter(is_active=True)
        .select_related("municipality")
        .prefetch_related("activities", "activities__organiser", "activities__meeting_place")
    )
    if municipality is not None:
        places = places.filter(municipality=municipality)
    return places.order_by("name_fi")
