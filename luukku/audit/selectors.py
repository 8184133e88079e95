"""Reads of the audit log: the client's log report (Asiakastietolaki 703/2023 11 §)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import QuerySet

from luukku.audit.models import AuditEntry, AuditOutcome, LogReportRequest
from luukku.core import time

# 703/2023 11 §: by default the report covers the two years before the request.
DEFAULT_REPORT_YEARS = 2


@dataclass(frozen=True)
class AuditReport:
    """Lokiraportti: who processed the person's data, when, what and on which basis, and to whom it was disclosed.

    ``entries`` holds every allowed use in the period, oldest first (disclosures included);
    ``disclosures`` the subset with a recipient organisation (luovutusloki, 703/2023 18 §).
    Each entry carries ``occurred_at``, ``actor_name``, ``actor_organisation_name``, ``actor_role_label``,
    ``get_action_display``, ``summary``, ``object_type``, ``basis`` (the code) and ``basis_label`` (in words),
    ``channel``
    and, for a disclosure, ``recipient_organisation_name``.
    """

    person: Any
    start: dt.date
    end: dt.date
    entries: list[AuditEntry] = field(default_factory=list)

    @property
    def disclosures(self) -> list[AuditEntry]:
        return [entry for entry in self.entries if entry.is_disclosure]

    @property
    def organisations(self) -> list[str]:
        """The organisations whose staff processed the data, in order of first use."""
        return list(
            dict.fromkeys(e.actor_organisation_name for e in self.entries if e.actor_organisation_name)
        )


def _basis_labels() -> dict[str, str]:
    """The processing bases in words, for the client (the log stores the access policy's codes)."""
    # Imported here: the access policy writes to this log, so the log's module must not import it at load time.
    from luukku.access.models import AccessBasis

    return {value: str(label) for value, label in AccessBasis.choices}


def default_report_period(*, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The last two years up to and including today (703/2023 11 §)."""
    end = today or time.today()
    return end - relativedelta(years=DEFAULT_REPORT_YEARS), end


def audit_entries_for_person(*, person: Any, start: dt.date, end: dt.date) -> QuerySet[AuditEntry]:
    """Allowed log entries about ``person`` whose Finnish calendar day falls in ``start``–``end`` inclusive."""
    return AuditEntry.objects.filter(
        person_id=person.pk,
        outcome=AuditOutcome.ALLOWED,
        occurred_at__gte=time.start_of_day(start),
        occurred_at__lt=time.start_of_day(end + dt.timedelta(days=1)),
    ).order_by("occurred_at", "id")


def audit_report_for_person(
    *, person: Any, start: dt.date | None = None, end: dt.date | None = None
) -> AuditReport:
    """Lokiraportti asiakkaalle (Asiakastietolaki 703/2023 11 §): the person's access and disclosure log.

    ``start`` and ``end`` are Finnish calendar days, both included; either left out defaults to the last two years
    up to today. Only entries whose ``person`` is this person are returned; refused access attempts are not
    processing of the data and are left out.
    """
    end = end or time.today()
    start = start or end - relativedelta(years=DEFAULT_REPORT_YEARS)
    entries = list(audit_entries_for_person(person=person, start=start, end=end))
    labels = _basis_labels()
    for entry in entries:
        entry.basis_label = labels.get(entry.basis, entry.basis)
    return AuditReport(person=person, start=start, end=end, entries=entries)


def log_report_requests_for_person(*, person: Any) -> QuerySet[LogReportRequest]:
    """The person's log report requests, newest first."""
    return LogReportRequest.objects.filter(person=person).select_related("registered_by", "handled_by")
