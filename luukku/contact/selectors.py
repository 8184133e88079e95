"""Reads of the one contact channel: who may handle contacts, the queue, one contact, and waiting times.

The queue and a contact's page are client data of the family-counsellor network: ``contact_queue`` and
``contact_for_handler`` write a read row to the audit log (Asiakastietolaki 703/2023 17 §) for every contact
they return. ``contact_waiting_times`` returns no personal data and logs nothing.
"""

from __future__ import annotations

import datetime as dt
import statistics
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from luukku.audit.models import AuditAction
from luukku.audit.services import audit_record
from luukku.contact.models import Contact, ContactStatus
from luukku.core import time
from luukku.organisations.models import Role

AUDIT_BASIS = "perheneuvoverkosto"


def can_handle_contacts(user: Any) -> bool:
    """Perheneuvoverkoston työntekijä: only the family-counsellor role answers the one contact channel."""
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and getattr(user, "role", "") == Role.FAMILY_COUNSELLOR
    )


def waiting_for(contact: Contact, *, now: dt.datetime | None = None) -> dt.timedelta:
    """How long the family has waited: to the first answer when there is one, else until now."""
    end = contact.first_answered_at or now or time.now()
    return max(dt.timedelta(0), end - contact.received_at)


def format_duration(delta: dt.timedelta) -> str:
    """``3 h 20 min`` (days are shown as hours: a family counts the hours)."""
    minutes = int(delta.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return str(_("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": minutes})
    return str(_("%(minutes)d min") % {"minutes": minutes})


@dataclass(frozen=True)
class QueueRow:
    contact: Contact
    waited: str
    overdue: bool


def contact_queue(*, actor: Any, include_answered: bool = True) -> list[QueueRow]:
    """Jono: contacts not yet routed, oldest first, with the waiting time running and overdue promises marked."""
    if not can_handle_contacts(actor):
        raise Http404
    statuses = [ContactStatus.WAITING, ContactStatus.TAKEN]
    if include_answered:
        statuses.append(ContactStatus.ANSWERED)
    contacts = list(
        Contact.objects.filter(status__in=statuses)
        .select_related("assigned_to", "municipality")
        .order_by("received_at", "pk")
    )
    now = time.now()
    with transaction.atomic():
        for contact in contacts:
            audit_record(
                actor=actor,
                action=AuditAction.READ,
                obj=contact,
                summary=str(_("Yhteydenottojono: %(reference)s") % {"reference": contact.reference}),
                basis=AUDIT_BASIS,
            )
    return [
        QueueRow(
            contact=contact,
            waited=format_duration(waiting_for(contact, now=now)),
            overdue=contact.first_answered_at is None and now > contact.promised_by,
        )
        for contact in contacts
    ]


def contact_for_handler(*, actor: Any, public_id: uuid.UUID | str) -> Contact:
    """One contact for a family-counsellor worker; the same 404 for a contact that does not exist and a refused
    caller."""
    if not can_handle_contacts(actor):
        raise Http404
    try:
        contact = Contact.objects.select_related(
            "assigned_to", "first_answered_by", "routed_by", "routed_service", "municipality", "intake"
        ).get(public_id=public_id)
    except (Contact.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    audit_record(
        actor=actor,
        action=AuditAction.READ,
        obj=contact,
        summary=str(_("Yhteydenotto luettu: %(reference)s") % {"reference": contact.reference}),
        basis=AUDIT_BASIS,
    )
    return contact


@dataclass(frozen=True)
class WaitingTimes:
    """Odotusajat: contact to first answer over a period (no personal data)."""

    received: int
    answered: int
    unanswered: int
    answered_in_time: int
    median_seconds: int | None
    mean_seconds: int | None
    max_seconds: int | None
    by_route: dict[str, int]


def contact_waiting_times(*, start: dt.date, end: dt.date) -> WaitingTimes:
    """Waiting time from contact to first answer for contacts received on ``start``..``end`` (inclusive, Finnish
    dates), for the statistics: how many answered, how many within the promised time, median, mean and longest."""
    rows = list(
        Contact.objects.filter(
            received_at__gte=time.start_of_day(start),
            received_at__lt=time.start_of_day(end + dt.timedelta(days=1)),
        ).values_list("waiting_seconds", "first_answered_at", "promised_by", "route")
    )
    waits = [seconds for seconds, answered_at, _promised, _route in rows if answered_at is not None]
    in_time = sum(
        1 for _s, answered_at, promised, _r in rows if answered_at is not None and answered_at <= promised
    )
    by_route: dict[str, int] = {}
    for _s, _a, _p, route in rows:
        if route:
            by_route[route] = by_route.get(route, 0) + 1
    return WaitingTimes(
        received=len(rows),
        answered=len(waits),
        unanswered=len(rows) - len(waits),
        answered_in_time=in_time,
        median_seconds=int(statistics.median(waits)) if waits else None,
        mean_seconds=int(statistics.fmean(waits)) if waits else None,
        max_seconds=max(waits) if waits else None,
        by_route=by_route,
    )
