"""``luukku remind``: e-mail each worker their intakes due within two working days, each manager the overdue ones.

Run daily by cron. The e-mails carry only receipt numbers, due dates and a link: e-mail is not a secure channel,
so no names and no identity codes (Asiakastietolaki 703/2023).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.management.base import BaseCommand, CommandParser
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _g
from django.utils.translation import ngettext

from luukku.core import time
from luukku.intake.selectors import Reminder, intake_reminders


def _line(reminder: Reminder, base_url: str) -> str:
    left = reminder.days_left
    if left < 0:
        state = ngettext("myöhässä %(count)d arkipäivä", "myöhässä %(count)d arkipäivää", -left) % {
            "count": -left
        }
    elif left == 0:
        state = _g("määräpäivä tänään")
    else:
        state = ngettext("%(count)d arkipäivä", "%(count)d arkipäivää", left) % {"count": left}
    link = base_url + reverse("intake:detail", args=[reminder.receipt_number])
    suffix = "" if reminder.assigned else " " + _g("(ei vastuutyöntekijää)")
    return f"- {reminder.receipt_number}: {reminder.due:%-d.%-m.%Y} ({state}){suffix}\n  {link}"


class Command(BaseCommand):
    help = "Muistuttaa työntekijöitä lähestyvistä ja esihenkilöitä myöhässä olevista vireilletuloista."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Tulosta viestit lähettämättä.")
        parser.add_argument(
            "--today", type=dt.date.fromisoformat, help="Päivä, jolta muistutetaan (YYYY-MM-DD)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate(settings.LANGUAGE_CODE)
        today = options["today"] or time.today()
        base_url = getattr(settings, "LUUKKU_BASE_URL", "http://localhost:8000").rstrip("/")
        to_workers, to_managers = intake_reminders(today=today)
        messages: list[EmailMessage] = []
        for worker, reminders in to_workers.items():
            if not worker.email:
                continue
            body = "\n".join(
                [
                    _g(
                        "Seuraavien vireilletulojen palvelutarpeen arviointi on aloitettava kahden arkipäivän kuluessa:"
                    ),
                    "",
                    *(_line(reminder, base_url) for reminder in reminders),
                ]
            )
            messages.append(
                EmailMessage(
                    subject=_g("Luukku: %(count)d vireilletuloa lähestyy määräaikaa")
                    % {"count": len(reminders)},
                    body=body,
                    to=[worker.email],
                )
            )
        for manager, reminders in to_managers.items():
            if not manager.email:
                continue
            body = "\n".join(
                [
                    _g("Yksikön vireilletulot, jotka ovat myöhässä tai joilla ei ole vastuutyöntekijää:"),
                    "",
                    *(_line(reminder, base_url) for reminder in reminders),
                ]
            )
            messages.append(
                EmailMessage(
                    subject=_g("Luukku: %(count)d vireilletuloa vaatii huomiota") % {"count": len(reminders)},
                    body=body,
                    to=[manager.email],
                )
            )
        for message in messages:
            if options["dry_run"]:
                self.stdout.write(
                    f"To: {', '.join(message.to)}\nSubject: {message.subject}\n\n{message.body}\n"
                )
            else:
                message.send()
        verb = _g("tulostettu") if options["dry_run"] else _g("lähetetty")
        self.stdout.write(_g("Muistutuksia %(verb)s: %(count)d") % {"verb": verb, "count": len(messages)})
