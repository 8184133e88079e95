"""Statutory deadlines of intake handling, computed in one place.

* Start of the service-need assessment (palvelutarpeen arvioinnin aloittaminen, LSL 26 § 2 mom.,
  SHL 36 §): by the 7th working day after the intake was received. The day of receipt is day 0.
* Completion of the assessment (LSL 26 § 3 mom., SHL 36 §): within three months of receipt, computed as
  150/1930 3 §: the same day number three months later, or the last day of that month when it has no such
  day. When the day is not a working day, it moves to the next working day (150/1930 5 §); that roll-forward is
  configurable with ``LUUKKU_DEADLINE_ROLL_FORWARD`` (default on).

Nothing else in Luukku computes a due date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings

from luukku.core import calendar

PTA_START_WORKING_DAYS = 7
PTA_COMPLETION_MONTHS = 3


@dataclass(frozen=True)
class IntakeDeadlines:
    """Both deadlines that run from one receipt date."""

    received: dt.date
    pta_start_by: dt.date
    pta_complete_by: dt.date

    def as_dict(self) -> dict[str, str]:
        return {
            "received": self.received.isoformat(),
            "pta_start_by": self.pta_start_by.isoformat(),
            "pta_complete_by": self.pta_complete_by.isoformat(),
        }


def pta_start_deadline(received: dt.date) -> dt.date:
    """Palvelutarpeen arvioinnin aloittaminen viimeistään 7. arkipäivänä, LSL 26 § 2 mom."""
    return calendar.add_working_days(calendar.as_date(received), PTA_START_WORKING_DAYS)


def pta_completion_deadline(received: dt.date, *, roll_forward: bool | None = None) -> dt.date:
    """Arviointi valmis viimeistään 3 kuukauden kuluessa vireilletulosta, LSL 26 § 3 mom.; 150/1930 3 § ja 5 §."""
    if roll_forward is None:
        roll_forward = settings.LUUKKU_DEADLINE_ROLL_FORWARD
    received = calendar.as_date(received)
    # relativedelta clamps to the month's last day (30.11. + 3 months = 28.2./29.2.), as 150/1930 3 § says.
    due = received + relativedelta(months=PTA_COMPLETION_MONTHS)
    if roll_forward:
        due = calendar.on_or_next_working_day(due)
    return due


def intake_deadlines(received: dt.date, *, roll_forward: bool | None = None) -> IntakeDeadlines:
    """Both deadlines for an intake received on ``received`` (a date, or an aware datetime read in Helsinki)."""
    received = calendar.as_date(received)
    return IntakeDeadlines(
        received=received,
        pta_start_by=pta_start_deadline(received),
        pta_complete_by=pta_completion_deadline(received, roll_forward=roll_forward),
    )


def working_days_left(deadline: dt.date, *, today: dt.date) -> int:
    """Working days from ``today`` to ``deadline`` (0 on the day itself, negative once overdue).

    Counted as ``calendar.working_days_between``, except that every day after the deadline is negative: on the
    Saturday after a Friday deadline no working day has passed yet, but the deadline has, so it is -1, not 0.
    """
    today, deadline = calendar.as_date(today), calendar.as_date(deadline)
    left = calendar.working_days_between(today, deadline)
    if today > deadline:
        return min(left, -1)
    return left
