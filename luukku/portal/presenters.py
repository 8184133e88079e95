"""What the portal's templates show: catalogue objects turned into plain rows in the visitor's language.

Templates display; they do not compute (STYLE.md). The portal has no models of its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from luukku.catalogue.models import ChannelKind, Level, MeetingPlace, Service

# The level names families read, lightest first (the catalogue's own labels are the professionals' words).
LEVEL_LABELS = {
    Level.OPEN: _("Avoin toiminta – tule sellaisenaan"),
    Level.EARLY_SUPPORT: _("Varhainen tuki"),
    Level.BASIC: _("Peruspalvelu"),
    Level.SPECIAL: _("Erityispalvelu"),
    Level.DEMANDING: _("Vaativa erityispalvelu"),
}


def current_language() -> str:
    lang = (get_language() or "fi")[:2]
    return lang if lang in {"fi", "sv", "en"} else "fi"


def localized(obj: Any, name: str, lang: str | None = None) -> str:
    """``obj.<name>_<lang>``, falling back to Finnish (the catalogue's required language)."""
    lang = lang or current_language()
    return getattr(obj, f"{name}_{lang}", "") or getattr(obj, f"{name}_fi", "") or ""


def text_language(obj: Any, name: str, lang: str | None = None) -> str:
    """The language of what ``localized`` returns: the visitor's, or ``fi`` when it fell back to Finnish."""
    lang = lang or current_language()
    return lang if getattr(obj, f"{name}_{lang}", "") else "fi"


@dataclass(frozen=True)
class ServiceCard:
    code: str
    name: str
    summary: str
    name_lang: str
    summary_lang: str
    level: str
    level_label: str
    provider: str
    referral_required: bool
    age_min: int
    age_max: int


def service_card(service: Service, lang: str | None = None) -> ServiceCard:
    lang = lang or current_language()
    return ServiceCard(
        code=service.code,
        name=localized(service, "name", lang),
        summary=localized(service, "summary", lang),
        name_lang=text_language(service, "name", lang),
        summary_lang=text_language(service, "summary", lang),
        level=service.level,
        level_label=str(LEVEL_LABELS.get(service.level, service.get_level_display())),
        provider=localized(service.organisation, "name", lang),
        referral_required=service.referral_required,
        age_min=service.age_min,
        age_max=service.age_max,
    )


@dataclass(frozen=True)
class MeetingPlaceCard:
    code: str
    name: str
    municipality: str
    address: str
    opening_hours: str
    activities: list[ActivityRow] = field(default_factory=list)


@dataclass(frozen=True)
class ActivityRow:
    weekday: int
    weekday_label: str
    start: dt.time
    end: dt.time
    name: str
    place: str
    place_code: str
    audience: str
    organiser: str


def activity_row(activity: Any, lang: str) -> ActivityRow:
    return ActivityRow(
        weekday=activity.weekday,
        weekday_label=activity.get_weekday_display(),
        start=activity.start,
        end=activity.end,
        name=localized(activity, "name", lang),
        place=localized(activity.meeting_place, "name", lang),
        place_code=activity.meeting_place.code,
        audience=activity.audience,
        organiser=localized(activity.organiser, "name", lang) if activity.organiser else "",
    )


def meeting_place_card(place: MeetingPlace, lang: str | None = None) -> MeetingPlaceCard:
    lang = lang or current_language()
    return MeetingPlaceCard(
        code=place.code,
        name=localized(place, "name", lang),
        municipality=localized(place.municipality, "name", lang),
        address=place.address,
        opening_hours=place.opening_hours,
        activities=[activity_row(activity, lang) for activity in place.activities.all()],
    )


@dataclass(frozen=True)
class ChannelRow:
    kind: str
    kind_label: str
    name: str
    value: str
    address: str
    opening_hours: str
    href: str


def _href(kind: str, value: str) -> str:
    if kind in (ChannelKind.WEB, ChannelKind.CHAT) and value.startswith(("https://", "http://")):
        return value
    if kind == ChannelKind.EMAIL and "@" in value:
        return f"mailto:{value}"
    if kind == ChannelKind.PHONE:
        digits = "".join(ch for ch in value.split("(")[0] if ch.isdigit() or ch == "+")
        return f"tel:{digits}" if len(digits) >= 5 else ""
    return ""


def channel_rows(service: Service) -> list[ChannelRow]:
    """How to get there: visiting addresses first, then phone, web, chat and e-mail."""
    order = [ChannelKind.LOCATION, ChannelKind.PHONE, ChannelKind.WEB, ChannelKind.CHAT, ChannelKind.EMAIL]
    rows = []
    for channel in sorted(
        service.channels.all(), key=lambda c: (order.index(c.kind) if c.kind in order else 9, c.position)
    ):
        address = ", ".join(
            part
            for part in (
                channel.street_address,
                " ".join(p for p in (channel.postal_code, channel.post_office) if p),
            )
            if part
        )
        rows.append(
            ChannelRow(
                kind=channel.kind,
                kind_label=channel.get_kind_display(),
                name=channel.name,
                value=channel.value,
                address=address if address and address != channel.value else "",
                opening_hours=channel.opening_hours,
                href=_href(channel.kind, channel.value),
            )
        )
    return rows


def routing_criteria(service: Service, lang: str | None = None) -> str:
    lang = lang or current_language()
    if lang == "sv" and service.routing_criteria_sv:
        return service.routing_criteria_sv
    return service.routing_criteria_fi
