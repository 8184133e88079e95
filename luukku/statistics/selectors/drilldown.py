"""The cases behind a figure, through the access policy, with an access-log row per case listed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _g

from luukku.access.policy import decide
from luukku.assessment.models import Assessment, AssessmentOutcome, AssessmentStatus
from luukku.assessment.selectors import ASSESSMENT_KIND, assessments_visible_to
from luukku.audit.models import AuditAction
from luukku.audit.services import audit_record
from luukku.core import time
from luukku.intake.models import OPEN_STATUSES, Intake, NotifierSector
from luukku.intake.selectors import intakes_visible_to
from luukku.statistics import thl
from luukku.statistics.selectors.common import DRILLDOWN_CAP, _assessments, _between, _intakes, _reference_day
from luukku.statistics.selectors.deadlines import _assessment_bucket_q, _intake_bucket_q
from luukku.statistics.selectors.intakes import REPEAT_BUCKETS, _per_child, _pta_share_q
from luukku.statistics.selectors.registry import INDICATORS
from luukku.statistics.types import Filters

# --- Drill-down: the cases behind a figure -----------------------------------------------------------------------


@dataclass(frozen=True)
class CaseItem:
    """One case behind a figure, as the actor may see it: its reference, the child, its page and its state."""

    kind: str  # "intake" or "assessment"
    label: str
    url: str
    child_public_id: str
    child_name: str
    status_label: str
    received_on: dt.date | None = None
    started_on: dt.date | None = None
    due: dt.date | None = None


@dataclass(frozen=True)
class CaseList:
    """The visible cases behind one figure (at most ``DRILLDOWN_CAP``) and how many there are in all."""

    key: str
    row_key: str
    total: int
    cases: list[CaseItem]
    not_visible: int = 0


def _month_range(row_key: str) -> tuple[dt.date, dt.date] | None:
    try:
        year, month = (int(part) for part in row_key.split("-"))
        first = dt.date(year, month, 1)
    except ValueError:
        return None
    following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return first, following - dt.timedelta(days=1)


def _within(filters: Filters, row_key: str, field: str) -> Q | None:
    span = _month_range(row_key)
    if span is None:
        return None
    first, last = max(span[0], filters.start), min(span[1], filters.end)
    return Q(**{f"{field}__gte": first, f"{field}__lte": last})


def _intake_cases(filters: Filters, key: str, row_key: str) -> QuerySet[Intake] | None:
    intakes = _intakes(filters)
    if key == "intakes_by_kind":
        month = _within(filters, row_key, "received_on")
        return None if month is None else intakes.filter(month)
    if key == "intakes_by_sector":
        if row_key not in NotifierSector.values:
            return None
        return intakes.filter(_between("received_on", filters), notifier_sector=row_key)
    if key == "repeat_notifications":
        bucket = next((b for b in REPEAT_BUCKETS if b[0] == row_key), None)
        if bucket is None:
            return None
        children = _per_child(filters).filter(n__gte=bucket[2])
        if bucket[3] is not None:
            children = children.filter(n__lte=bucket[3])
        return intakes.filter(_between("received_on", filters), child_id__in=children.values("child_id"))
    if key == "pta_share":
        month = _within(filters, row_key, "received_on")
        return None if month is None else intakes.filter(month, _pta_share_q())
    if key == "pta_start_in_time":
        month = _within(filters, row_key, "received_on")
        if month is None:
            return None
        return thl.start_counted(intakes.filter(month), last_day=_reference_day(filters))
    if key == "open_intakes_now":
        bucket_q = _intake_bucket_q(time.today()).get(row_key)
        return None if bucket_q is None else intakes.filter(bucket_q, status__in=OPEN_STATUSES)
    return None


def _assessment_cases(filters: Filters, key: str, row_key: str) -> QuerySet[Assessment] | None:
    assessments = _assessments(filters)
    if key == "pta_completed_in_time":
        month = _within(filters, row_key, "completed_on")
        return None if month is None else assessments.filter(month, status=AssessmentStatus.COMPLETED)
    if key == "open_assessments_now":
        bucket_q = _assessment_bucket_q(time.today()).get(row_key)
        return None if bucket_q is None else assessments.filter(bucket_q, status=AssessmentStatus.OPEN)
    if key == "caseload":
        if not (row_key.isascii() and row_key.isdigit() and len(row_key) <= 18):
            return None
        return assessments.filter(status=AssessmentStatus.OPEN, responsible_worker_id=int(row_key))
    if key == "level_movement" and row_key == "assessment_up":
        return assessments.filter(
            _between("completed_on", filters),
            outcome__in=[
                AssessmentOutcome.SPECIAL_SERVICES,
                AssessmentOutcome.CHILD_PROTECTION_CLIENT,
                AssessmentOutcome.URGENT_MEASURES,
            ],
        )
    return None


def indicator_cases(*, actor: Any, filters: Filters, key: str, row_key: str, channel: str = "ui") -> CaseList:
    """Tunnusluvun taustalla olevat asiat: the cases behind one row of a figure that ``actor`` may see.

    Filtered through the access policy (``intakes_visible_to`` / ``assessments_visible_to``); a manager sees the
    cases their unit may see, an administrator none. Each case listed gets a READ row in the access log
    (Asiakastietolaki 703/2023 17 §), as the other lists of client data do. Raises ``KeyError`` for an unknown
    indicator key; an indicator or row without a case list gives an empty list.
    """
    if key not in INDICATORS:
        raise KeyError(key)
    row_key = row_key.replace("\x00", "")
    summary = _g("Tunnusluvun taustatiedot: %(key)s %(row)s") % {"key": key, "row": row_key[:40]}
    intakes = _intake_cases(filters, key, row_key)
    if intakes is not None:
        visible = intakes_visible_to(actor).filter(pk__in=intakes.values("pk"))
        total = visible.count()
        rows = list(visible.order_by("-received_on", "-pk")[:DRILLDOWN_CAP])
        with transaction.atomic():
            for intake in rows:
                _log_read(actor, intake.child, intake, summary, information_kind=None, channel=channel)
        cases = [
            CaseItem(
                kind="intake",
                label=intake.receipt_number,
                url=reverse("intake:detail", kwargs={"receipt_number": intake.receipt_number}),
                child_public_id=str(intake.child.public_id),
                child_name=intake.child.full_name,
                status_label=str(intake.get_outcome_display() or intake.get_status_display()),
                received_on=intake.received_on,
                due=intake.pta_start_by,
            )
            for intake in rows
        ]
        return CaseList(
            key=key, row_key=row_key, total=total, cases=cases, not_visible=intakes.count() - total
        )
    assessments = _assessment_cases(filters, key, row_key)
    if assessments is not None:
        visible = assessments_visible_to(actor).filter(pk__in=assessments.values("pk"))
        total = visible.count()
        rows_a = list(visible.order_by("-started_on", "-pk")[:DRILLDOWN_CAP])
        with transaction.atomic():
            for assessment in rows_a:
                _log_read(
                    actor,
                    assessment.child,
                    assessment,
                    summary,
                    information_kind=ASSESSMENT_KIND,
                    channel=channel,
                )
        cases = [
            CaseItem(
                kind="assessment",
                label=assessment.reference,
                url=reverse("assessment:detail", kwargs={"public_id": assessment.public_id}),
                child_public_id=str(assessment.child.public_id),
                child_name=assessment.child.full_name,
                status_label=str(assessment.get_outcome_display() or assessment.get_status_display()),
                started_on=assessment.started_on,
                due=assessment.complete_by,
            )
            for assessment in rows_a
        ]
        return CaseList(
            key=key, row_key=row_key, total=total, cases=cases, not_visible=assessments.count() - total
        )
    return CaseList(key=key, row_key=row_key, total=0, cases=[])


def _log_read(
    actor: Any, person: Any, obj: Any, summary: str, *, information_kind: str | None, channel: str
) -> None:
    decision = decide(actor=actor, person=person, information_kind=information_kind)
    audit_record(
        actor=actor,
        action=AuditAction.READ,
        person=person,
        obj=obj,
        summary=summary,
        basis=decision.basis.value if decision.basis else "",
        channel=channel,
    )
