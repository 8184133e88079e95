"""``luukku deadlines``: the statutory deadlines of an intake received on a given day.

Palvelutarpeen arvioinnin määräajat, LSL 26 § (SHL 36 §): the start by the 7th working day and the completion
within three months (150/1930 3 § and 5 §), computed by ``luukku.core.deadlines.intake_deadlines``.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luukku.core import calendar, deadlines, time

WEEKDAYS = (
    gettext_lazy("maanantai"),
    gettext_lazy("tiistai"),
    gettext_lazy("keskiviikko"),
    gettext_lazy("torstai"),
    gettext_lazy("perjantai"),
    gettext_lazy("lauantai"),
    gettext_lazy("sunnuntai"),
)


def parse_received(raw: str) -> dt.date:
    """A receipt date written as ISO 8601 (2026-11-24) or the Finnish way (24.11.2026)."""
    text = raw.strip()
    try:
        if "." in text:
            day, month, year = text.rstrip(".").split(".")
            if len(year) != 4:
                raise ValueError(text)
            return dt.date(int(year), int(month), int(day))
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            _(
                "Virheellinen päivämäärä ”%(value)s”: anna se muodossa VVVV-KK-PP tai P.K.VVVV (esim. 2026-11-24)."
            )
            % {"value": raw}
        ) from None


def finnish_date(day: dt.date) -> str:
    """``tiistai 24.11.2026``."""
    return f"{WEEKDAYS[day.weekday()]} {day.day}.{day.month}.{day.year}"


def _day_note(day: dt.date) -> str:
    name = calendar.holiday_name(day)
    return f" ({name})" if name else ""


class Command(BaseCommand):
    help = (
        "Palvelutarpeen arvioinnin määräajat vireilletulopäivästä (LSL 26 §): aloitus viimeistään "
        "7. arkipäivänä, valmis 3 kuukauden kuluessa (150/1930 3 § ja 5 §)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--received",
            help="Vireilletulopäivä, VVVV-KK-PP tai P.K.VVVV (oletus: tänään Suomen aikaa).",
        )
        parser.add_argument(
            "--json",
            action="store_true",
            help="Tulosta JSON: received, pta_start_by, pta_complete_by (ISO-päivämäärät).",
        )
        parser.add_argument(
            "--no-roll-forward",
            action="store_true",
            help="Älä siirrä valmistumisen määräpäivää seuraavaan arkipäivään (150/1930 5 §).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        received = time.today() if options["received"] is None else parse_received(options["received"])
        roll_forward = False if options["no_roll_forward"] else settings.LUUKKU_DEADLINE_ROLL_FORWARD
        result = deadlines.intake_deadlines(received, roll_forward=roll_forward)
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict()))
            return
        self.stdout.write(self._text(result, rolled=roll_forward))

    def _text(self, result: deadlines.IntakeDeadlines, *, rolled: bool) -> str:
        lines = [
            _("Vireilletulo: %(date)s%(note)s")
            % {"date": finnish_date(result.received), "note": _day_note(result.received)},
            _("Palvelutarpeen arviointi aloitettava viimeistään: %(date)s (%(count)d. arkipäivä, LSL 26 §)")
            % {"date": finnish_date(result.pta_start_by), "count": deadlines.PTA_START_WORKING_DAYS},
            _("Palvelutarpeen arviointi valmis viimeistään: %(date)s (%(months)d kuukautta, 150/1930 3 §)")
            % {"date": finnish_date(result.pta_complete_by), "months": deadlines.PTA_COMPLETION_MONTHS},
        ]
        unrolled = deadlines.pta_completion_deadline(result.received, roll_forward=False)
        if unrolled != result.pta_complete_by:
            lines.append(
                _(
                    "Määräpäivä %(date)s ei ole arkipäivä%(note)s, joten se siirtyy seuraavaan arkipäivään (150/1930 5 §)."
                )
                % {"date": finnish_date(unrolled), "note": _day_note(unrolled)}
            )
        elif not rolled and not calendar.is_working_day(unrolled):
            lines.append(
                _("Määräpäivä %(date)s ei ole arkipäivä%(note)s; siirtoa seuraavaan arkipäivään ei tehty.")
                % {"date": finnish_date(unrolled), "note": _day_note(unrolled)}
            )
        return "\n".join(lines)
