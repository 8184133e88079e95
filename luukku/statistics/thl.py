"""THL:n käsittelyaikatiedonkeruu: the national processing-time report of LSL 27 a § (DOMAIN.md §6).

Twice a year, for 1.4.–30.9. and 1.10.–31.3., per wellbeing county (per municipality on request), with no
personal identifiers. Everything is classified **as of the period's last day**, so that the report for a closed
period gives the same figures whenever it is run:

(a) Starts, over the intakes received in the period (``Intake.received_on``). Counted: child-protection
    notifications (LSL 25 §), contacts to social services about a child (SHL 35 §, LSL 25 a §) and families' own
    requests. Not counted: anticipatory notifications (LSL 25 c §: no case before birth) and intakes attached to
    an already open assessment or client relationship on or before the last day (no new start).

    * ``started_in_time``: assessment started, or closed as obviously unnecessary, on or before the
      7th-working-day deadline (``pta_start_by``) and on or before the period's last day;
    * ``started_late``: the same, after the deadline;
    * ``pending_in_time``: no outcome by the period's last day, the deadline not passed on that day;
    * ``pending_late``: no outcome by the period's last day, the deadline passed.

    An intake whose outcome came after the last day is pending, whatever the outcome was (an attachment
    included): on the last day, it was.

(b) Completions, over the assessments completed in the period, whenever their intake arrived:
    ``completed_in_time`` on or before the 3-month deadline (``Assessment.complete_by``), else
    ``completed_late``. Assessments of intakes brought in with ``luukku import-intakes`` count from
    ``Intake.imported_pta_completed_on`` against ``Intake.pta_complete_by``.

The two percentages: started in time ÷ (in time + late), completed in time ÷ (in time + late), one decimal.

The decision day is ``Intake.decided_on`` (the Finnish calendar day of the decision), the area is the one stored on
the intake and the assessment when they were made (``organisations.selectors.area_of``). The whole report is two
aggregate queries: the database counts, nothing is loaded row by row.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
from collections.abc import Iterable
from typing import Any, Literal

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from luukku.assessment.models import Assessment, AssessmentIntake
from luukku.intake.models import Intake, IntakeKind, Outcome
from luukku.organisations.models import Municipality, Organisation

By = Literal["county", "municipality"]

#: The kinds of intake that start a case of their own (DOMAIN.md §6); anticipatory notifications do not.
COUNTED_KINDS = (
    IntakeKind.CHILD_PROTECTION_NOTIFICATION,
    IntakeKind.SOCIAL_CARE_CONTACT,
    IntakeKind.FAMILY_REQUEST,
)
#: Outcomes that are a start in the THL sense: the assessment began, or it was closed as obviously unnecessary.
START_OUTCOMES = (Outcome.PTA_STARTED, Outcome.CLOSED_UNNECESSARY)

#: The report's fields, in the order of the CSV and XLSX columns (the JSON keys).
FIELDS = (
    "period",
    "area",
    "area_code",
    "started_in_time",
    "started_late",
    "pending_in_time",
    "pending_late",
    "started_in_time_percent",
    "completed_in_time",
    "completed_late",
    "completed_in_time_percent",
)
#: Finnish column headings of the XLSX sheet.
FIELD_LABELS = {
    "period": "Ajanjakso",
    "area": "Alue",
    "area_code": "Aluetunnus",
    "started_in_time": "Aloitettu määräajassa",
    "started_late": "Aloitettu määräajan jälkeen",
    "pending_in_time": "Kesken, määräaika ei ylittynyt",
    "pending_late": "Kesken, määräaika ylittynyt",
    "started_in_time_percent": "Aloitettu määräajassa, %",
    "completed_in_time": "Valmistunut määräajassa",
    "completed_late": "Valmistunut määräajan jälkeen",
    "completed_in_time_percent": "Valmistunut määräajassa, %",
}

NATIONAL_CODE = "koko-maa"
UNKNOWN_CODE = "tuntematon"


class PeriodError(ValueError):
    """A period that is not one of THL's two half-years; the message is Finnish and says what is expected."""


def parse_period(text: str, *, strict: bool = True) -> tuple[dt.date, dt.date]:
    """``2024-04-01:2024-09-30`` → the two dates. With ``strict``, only 1.4.–30.9. and 1.10.–31.3. are accepted."""
    try:
        start_text, end_text = text.split(":")
        start, end = dt.date.fromisoformat(start_text.strip()), dt.date.fromisoformat(end_text.strip())
    except ValueError:
        raise PeriodError(
            _("Anna ajanjakso muodossa VVVV-KK-PP:VVVV-KK-PP, esimerkiksi 2024-04-01:2024-09-30.")
        ) from None
    if end < start:
        raise PeriodError(_("Ajanjakson loppu on ennen alkua."))
    if strict and not is_thl_period(start, end):
        raise PeriodError(
            _(
                "THL:n tiedonkeruun ajanjakso on 1.4.–30.9. tai 1.10.–31.3. (esimerkiksi 2024-10-01:2025-03-31)."
            )
        )
    return start, end


def is_thl_period(start: dt.date, end: dt.date) -> bool:
    """Is ``start``–``end`` one of THL's half-years (1.4.–30.9. or 1.10.–31.3. of the next year)?"""
    spring = (start.month, start.day) == (4, 1) and end == dt.date(start.year, 9, 30)
    autumn = (start.month, start.day) == (10, 1) and end == dt.date(start.year + 1, 3, 31)
    return spring or autumn


def latest_thl_period(*, today: dt.date) -> tuple[dt.date, dt.date]:
    """The most recent THL half-year that has ended by ``today``."""
    if today >= dt.date(today.year, 10, 1):
        return dt.date(today.year, 4, 1), dt.date(today.year, 9, 30)
    if today >= dt.date(today.year, 4, 1):
        return dt.date(today.year - 1, 10, 1), dt.date(today.year, 3, 31)
    return dt.date(today.year - 1, 4, 1), dt.date(today.year - 1, 9, 30)


@dataclasses.dataclass(frozen=True)
class ThlRow:
    """One line of the report: an area's counts for the period. No personal identifiers, by construction."""

    period: str
    area: str
    area_code: str
    started_in_time: int = 0
    started_late: int = 0
    pending_in_time: int = 0
    pending_late: int = 0
    completed_in_time: int = 0
    completed_late: int = 0

    @property
    def started_in_time_percent(self) -> float | None:
        return _percent(self.started_in_time, self.started_in_time + self.started_late)

    @property
    def completed_in_time_percent(self) -> float | None:
        return _percent(self.completed_in_time, self.completed_in_time + self.completed_late)

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in FIELDS}


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def start_counted(intakes: QuerySet[Intake], *, last_day: dt.date) -> QuerySet[Intake]:
    """Of ``intakes``, those that count as starts as of ``last_day``: counted kinds, not attached to an existing
    assessment or client relationship by then. Shared by the report and the dashboard's figure 4a."""
    attached_by_then = Q(
        decided_on__isnull=False, decided_on__lte=last_day, outcome=Outcome.ATTACHED_EXISTING
    )
    return intakes.filter(kind__in=COUNTED_KINDS).exclude(attached_by_then)


def start_counts(*, last_day: dt.date, row: str = "pk") -> dict[str, Count]:
    """The four start classes as of ``last_day``, as aggregates over ``start_counted`` intakes (``row``: the
    column counted, so that a covering index can answer)."""
    decided_by_then = Q(decided_on__isnull=False, decided_on__lte=last_day)
    started = decided_by_then & Q(outcome__in=START_OUTCOMES)
    return {
        "started_in_time": Count(row, filter=started & Q(decided_on__lte=F("pta_start_by"))),
        "started_late": Count(row, filter=started & Q(decided_on__gt=F("pta_start_by"))),
        "pending_in_time": Count(row, filter=~decided_by_then & Q(pta_start_by__gte=last_day)),
        "pending_late": Count(row, filter=~decided_by_then & Q(pta_start_by__lt=last_day)),
    }


def completion_counts(*, done: str, due: str) -> dict[str, Count]:
    """Completed in time (``done`` on or before ``due``) and late, as aggregates."""
    return {
        "completed_in_time": Count("pk", filter=Q(**{f"{done}__lte": F(due)})),
        "completed_late": Count("pk", filter=Q(**{f"{done}__gt": F(due)})),
    }


def without_assessment(intakes: QuerySet[Intake]) -> QuerySet[Intake]:
    """Imported intakes whose completion counts from ``imported_pta_completed_on``: those with no Luukku
    assessment (whose own ``completed_on`` counts instead)."""
    return intakes.exclude(Exists(AssessmentIntake.objects.filter(intake_id=OuterRef("pk"))))


def _start_counts(
    start: dt.date, end: dt.date, group: str, county_id: int | None
) -> dict[Any, dict[str, int]]:
    intakes = Intake.objects.filter(received_on__gte=start, received_on__lte=end)
    if county_id is not None:
        intakes = intakes.filter(wellbeing_county_id=county_id)
    rows = (
        start_counted(intakes, last_day=end).values(group).order_by().annotate(**start_counts(last_day=end))
    )
    return {row.pop(group): row for row in rows}


def _completion_counts(
    start: dt.date, end: dt.date, group: str, county_id: int | None
) -> dict[Any, dict[str, int]]:
    assessments = Assessment.objects.filter(completed_on__gte=start, completed_on__lte=end)
    imported = without_assessment(
        Intake.objects.filter(imported_pta_completed_on__gte=start, imported_pta_completed_on__lte=end)
    )
    if county_id is not None:
        assessments = assessments.filter(wellbeing_county_id=county_id)
        imported = imported.filter(wellbeing_county_id=county_id)
    counts: dict[Any, dict[str, int]] = {}
    for queryset, done, due in (
        (assessments, "completed_on", "complete_by"),
        (imported, "imported_pta_completed_on", "pta_complete_by"),
    ):
        rows = queryset.values(group).order_by().annotate(**completion_counts(done=done, due=due))
        for row in rows:
            total = counts.setdefault(row[group], {"completed_in_time": 0, "completed_late": 0})
            total["completed_in_time"] += row["completed_in_time"]
            total["completed_late"] += row["completed_late"]
    return counts


def _area_names(by: By, keys: Iterable[Any]) -> dict[Any, tuple[str, str]]:
    ids = [key for key in keys if key is not None]
    if by == "municipality":
        return {
            pk: (name, code)
            for pk, name, code in Municipality.objects.filter(pk__in=ids).values_list("pk", "name_fi", "code")
        }
    return {
        pk: (name, code)
        for pk, name, code in Organisation.objects.filter(pk__in=ids).values_list("pk", "name_fi", "code")
    }


def thl_report(
    *, start: dt.date, end: dt.date, by: By = "county", county_id: int | None = None, total: bool = True
) -> list[ThlRow]:
    """Käsittelyaikaraportti (LSL 27 a §): one row per area with any intake or completion in the period, sorted by
    the area's name, and with ``total`` a last row for the whole country (or the one county asked for).

    ``by`` is ``"county"`` (hyvinvointialue) or ``"municipality"`` (kunta); ``county_id`` limits the report to one
    county (a manager's dashboard). Any period is computed; the national collection uses ``parse_period``."""
    if by not in ("county", "municipality"):
        raise ValueError(f"unknown grouping {by!r}")
    group = "wellbeing_county_id" if by == "county" else "municipality_id"
    period = f"{start.isoformat()}:{end.isoformat()}"
    starts = _start_counts(start, end, group, county_id)
    completions = _completion_counts(start, end, group, county_id)
    keys = set(starts) | set(completions)
    names = _area_names(by, keys)
    rows = []
    for key in keys:
        name, code = names.get(key, (_("Tuntematon alue"), UNKNOWN_CODE))
        rows.append(
            ThlRow(
                period=period, area=name, area_code=code, **starts.get(key, {}), **completions.get(key, {})
            )
        )
    rows.sort(key=lambda row: (row.area_code == UNKNOWN_CODE, row.area, row.area_code))
    if total:
        if county_id is not None:
            name, code = _area_names("county", [county_id]).get(
                county_id, (_("Tuntematon alue"), UNKNOWN_CODE)
            )
            label, total_code = _("%(county)s yhteensä") % {"county": name}, code
        else:
            label, total_code = _("Koko maa"), NATIONAL_CODE
        sums = {
            name: sum(getattr(row, name) for row in rows)
            for name in (
                "started_in_time",
                "started_late",
                "pending_in_time",
                "pending_late",
                "completed_in_time",
                "completed_late",
            )
        }
        rows.append(ThlRow(period=period, area=label, area_code=total_code, **sums))
    return rows


# --- Output formats -----------------------------------------------------------------------------------------------


def as_json(rows: list[ThlRow]) -> str:
    return json.dumps([row.as_dict() for row in rows], ensure_ascii=False, indent=2)


def as_csv(rows: list[ThlRow]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(FIELDS)
    for row in rows:
        values = row.as_dict()
        writer.writerow(["" if values[name] is None else values[name] for name in FIELDS])
    return buffer.getvalue()


def as_xlsx(rows: list[ThlRow]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Käsittelyajat"
    sheet.append([_("Lastensuojelun käsittelyajat (LSL 27 a §)")])
    sheet["A1"].font = Font(bold=True)
    sheet.append([FIELD_LABELS[name] for name in FIELDS])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        values = row.as_dict()
        sheet.append([values[name] for name in FIELDS])
    for column, name in zip(sheet.iter_cols(min_row=2, max_row=2), FIELDS, strict=True):
        sheet.column_dimensions[column[0].column_letter].width = max(12, len(FIELD_LABELS[name]) + 2)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
