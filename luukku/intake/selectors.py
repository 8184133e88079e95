"""Reads of intakes. Every query of client data starts from the access policy (``visible_to``)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from luukku.access.policy import decide, visible_to
from luukku.core import calendar, deadlines, time
from luukku.intake.models import OPEN_STATUSES, Intake, IntakeEvent, IntakeRouting, NotifierSector
from luukku.organisations.models import Municipality, Professional, Role, Unit
from luukku.people.models import Person

REMIND_WITHIN_WORKING_DAYS = 2


def intakes_visible_to(actor: Any) -> QuerySet[Intake]:
    """The intakes whose child the actor may see (owning unit, assignment, consent… see ``luukku.access``)."""
    return Intake.objects.filter(child__in=visible_to(actor)).select_related(
        "child", "unit__organisation", "assigned_to"
    )


def intake_get_for_actor(*, actor: Any, receipt_number: str) -> Intake | None:
    """One intake by its receipt number, or None when it does not exist or the actor may not see it."""
    return intakes_visible_to(actor).filter(receipt_number=receipt_number).first()


def intake_may_edit(*, actor: Any, intake: Intake) -> bool:
    """May the actor handle this intake (owning unit, assignment, responsible worker, pair worker)?"""
    return bool(decide(actor=actor, person=intake.child, action="edit"))


def intake_find_external(*, source_system: str, external_id: str) -> Intake | None:
    """The intake imported or posted with this source-system id (for idempotent imports), or None."""
    if not external_id:
        return None
    return Intake.objects.filter(source_system=source_system, external_id=external_id).first()


@dataclass(frozen=True)
class TrayRow:
    """One line of the work tray: the intake and its start deadline as seen today."""

    intake: Intake
    due: dt.date | None
    days_left: int | None

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0


def tray_rows(intakes: QuerySet[Intake], *, today: dt.date) -> list[TrayRow]:
    rows = [
        TrayRow(
            intake=intake,
            due=intake.pta_start_by,
            days_left=(
                deadlines.working_days_left(intake.pta_start_by, today=today) if intake.pta_start_by else None
            ),
        )
        for intake in intakes
    ]
    # Overdue first, then by the start deadline; anticipatory notifications awaiting birth have none and go last.
    rows.sort(
        key=lambda row: (
            0 if row.overdue else 1 if row.due else 2,
            row.due or dt.date.max,
            row.intake.received_at,
        )
    )
    return rows


def intake_tray(
    *, actor: Any, unit: Unit | None = None, worker: Professional | None = None, today: dt.date | None = None
) -> list[TrayRow]:
    """Työjono: open intakes of a team (``unit``) or of one worker, overdue first, then by start deadline."""
    today = today or time.today()
    intakes = intakes_visible_to(actor).filter(status__in=OPEN_STATUSES)
    if unit is not None:
        intakes = intakes.filter(unit=unit)
    if worker is not None:
        intakes = intakes.filter(assigned_to=worker)
    return tray_rows(intakes, today=today)


@dataclass(frozen=True)
class RepeatSummary:
    """Toistuvat ilmoitukset: how many intakes a child has had, when and from which sectors."""

    count: int
    intakes: list[Intake]
    sectors: dict[str, int]

    @property
    def dates(self) -> list[dt.date]:
        return [intake.received_on for intake in self.intakes]


def intake_repeats_for_child(child: Person, *, exclude: Intake | None = None) -> RepeatSummary:
    """Every intake about ``child`` (newest first), except ``exclude``; the caller has already passed the policy."""
    intakes = Intake.objects.filter(child=child).select_related("unit").order_by("-received_at", "-pk")
    if exclude is not None:
        intakes = intakes.exclude(pk=exclude.pk)
    items = list(intakes)
    labels = dict(NotifierSector.choices)
    sectors = Counter(str(labels.get(intake.notifier_sector, intake.notifier_sector)) for intake in items)
    return RepeatSummary(count=len(items), intakes=items, sectors=dict(sectors.most_common()))


def intake_timeline(intake: Intake) -> QuerySet[IntakeEvent]:
    """Vireilletulon aikajana, oldest first."""
    return intake.events.select_related("actor").order_by("at", "pk")


def intake_siblings(intake: Intake, *, actor: Any) -> QuerySet[Intake]:
    """The other intakes of the same notification (siblings) that the actor may see."""
    return intakes_visible_to(actor).filter(sibling_group=intake.sibling_group).exclude(pk=intake.pk)


def intake_attach_candidates(intake: Intake) -> QuerySet[Intake]:
    """The same child's other intakes that this one can be attached to (an earlier open case)."""
    return (
        Intake.objects.filter(child_id=intake.child_id)
        .exclude(pk=intake.pk)
        .exclude(attached_to__isnull=False)
        .order_by("-received_at")
    )


def intake_assignable_workers(intake: Intake) -> QuerySet[Professional]:
    """The receiving unit's active social workers and family counsellors."""
    return Professional.objects.filter(
        unit_id=intake.unit_id,
        is_active=True,
        role__in=[Role.SOCIAL_WORKER, Role.FAMILY_COUNSELLOR, Role.MANAGER],
    ).order_by("last_name", "first_name")


def intake_routed_municipalities() -> QuerySet[Municipality]:
    """The municipalities that have their own intake route (the public form offers these)."""
    return Municipality.objects.filter(intake_routing__isnull=False).order_by("name_fi")


def intake_has_route() -> bool:
    return IntakeRouting.objects.exists()


def unit_managers(unit: Unit | None) -> list[Professional]:
    """Yksikön esihenkilöt: the unit's managers, else those of the nearest parent unit that has some."""
    while unit is not None:
        managers = list(
            Professional.objects.filter(unit=unit, role=Role.MANAGER, is_active=True).order_by("pk")
        )
        if managers:
            return managers
        unit = unit.parent
    return []


@dataclass(frozen=True)
class Reminder:
    """One intake in a reminder e-mail: only its receipt number and due date (e-mail is not a secure channel)."""

    receipt_number: str
    due: dt.date
    days_left: int
    assigned: bool


def intake_reminders(
    *, today: dt.date
) -> tuple[dict[Professional, list[Reminder]], dict[Professional, list[Reminder]]]:
    """Muistutukset: (worker → their intakes due within two working days, manager → the unit's overdue ones).

    Intakes without a worker that are due within two working days go to the managers as well, so that nothing
    due is left without a reader. A system task: it reads no client data beyond receipt numbers and dates.
    """
    horizon = calendar.add_working_days(today, REMIND_WITHIN_WORKING_DAYS)
    open_intakes = (
        Intake.objects.filter(status__in=OPEN_STATUSES, pta_start_by__isnull=False, pta_start_by__lte=horizon)
        .select_related("assigned_to", "unit__parent")
        .order_by("pta_start_by", "receipt_number")
    )
    to_workers: dict[Professional, list[Reminder]] = {}
    to_managers: dict[Professional, list[Reminder]] = {}
    managers_of: dict[int, list[Professional]] = {}
    for intake in open_intakes:
        left = deadlines.working_days_left(intake.pta_start_by, today=today)
        reminder = Reminder(
            receipt_number=intake.receipt_number,
            due=intake.pta_start_by,
            days_left=left,
            assigned=intake.assigned_to_id is not None,
        )
        worker = intake.assigned_to
        if left >= 0 and worker is not None and worker.is_active:
            to_workers.setdefault(worker, []).append(reminder)
        if left < 0 or worker is None:
            if intake.unit_id not in managers_of:
                managers_of[intake.unit_id] = unit_managers(intake.unit)
            for manager in managers_of[intake.unit_id]:
                to_managers.setdefault(manager, []).append(reminder)
    return to_workers, to_managers
