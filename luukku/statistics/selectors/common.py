"""What every indicator shares: the constants, the period and area filters, monthly grouping in SQL, and the
indicator's key, title and definition."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import CharField, DateField, Q, QuerySet
from django.db.models.functions import Cast, Substr, TruncMonth

from luukku.assessment.models import Assessment
from luukku.catalogue.models import CostBasis, Level
from luukku.core import time
from luukku.intake.models import Intake, IntakeKind
from luukku.organisations.models import Unit
from luukku.statistics.types import Filters, Indicator, Row, Series

#: Caseload guidance: at most 30 children per responsible social worker (LSL 13 b §, from 2024).
CASELOAD_LIMIT = 30
#: At most this many cases are listed behind a figure; the total is always given.
DRILLDOWN_CAP = 200
#: A return to basic level counts when the special or demanding action ended at most this many days before.
LEVEL_RETURN_WINDOW_DAYS = 90

#: What intake counts count: a column that is never null and is in the covering index ``intake_county_cube``
#: (intake migration 0005), so that PostgreSQL answers from the index alone; ``COUNT(id)`` visits the table.
INTAKE_ROW = "received_on"
ANTICIPATORY = IntakeKind.ANTICIPATORY_NOTIFICATION
LIGHT_LEVELS = (Level.OPEN, Level.EARLY_SUPPORT, Level.BASIC)
HEAVY_LEVELS = (Level.SPECIAL, Level.DEMANDING)
WHOQOL_DOMAINS = ("physical", "psychological", "social", "environment")
#: Cost bases booked per day of the action's overlap with the period; every other basis is booked per course.
DAILY_BASES = (CostBasis.PER_DAY,)


# --- Helpers -----------------------------------------------------------------------------------------------------


def _months(start: dt.date, end: dt.date) -> list[dt.date]:
    months = []
    month = start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return months


def _quarters(start: dt.date, end: dt.date) -> list[dt.date]:
    return [month for month in _months(_quarter_of(start), end) if month.month in (1, 4, 7, 10)]


def _quarter_of(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _month_key(day: dt.date) -> str:
    return f"{day:%Y-%m}"


def _quarter_key(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _as_date(value: Any) -> dt.date:
    """A truncated month from the database (a date, or on some backends a datetime) as a date."""
    if isinstance(value, dt.datetime):
        return time.local_date(value) if value.tzinfo is not None else value.date()
    return value


def _pct(part: int | float, whole: int | float) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _hours(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 3600, 1)


def _reference_day(filters: Filters) -> dt.date:
    """The day the period's pending cases are classified on: its last day, or today while it is still running."""
    return min(filters.end, time.today())


def _between(field: str, filters: Filters) -> Q:
    return Q(**{f"{field}__gte": filters.start, f"{field}__lte": filters.end})


def _intake_area(filters: Filters) -> Q:
    q = Q()
    if filters.county_id is not None:
        q &= Q(wellbeing_county_id=filters.county_id)
    if filters.municipality_id is not None:
        q &= Q(municipality_id=filters.municipality_id)
    if filters.unit_id is not None:
        q &= Q(unit_id=filters.unit_id)
    if filters.worker_id is not None:
        q &= Q(assigned_to_id=filters.worker_id)
    return q


def _assessment_area(filters: Filters, prefix: str = "") -> Q:
    q = Q()
    if filters.county_id is not None:
        q &= Q(**{f"{prefix}wellbeing_county_id": filters.county_id})
    if filters.municipality_id is not None:
        q &= Q(**{f"{prefix}municipality_id": filters.municipality_id})
    if filters.unit_id is not None:
        q &= Q(**{f"{prefix}owning_unit_id": filters.unit_id})
    if filters.worker_id is not None:
        q &= Q(**{f"{prefix}responsible_worker_id": filters.worker_id})
    return q


def _unit_area(filters: Filters, unit: str, worker: str) -> Q:
    """Area of a record placed by its unit: the unit's county organisation and municipality, the worker."""
    q = Q()
    if filters.county_id is not None:
        # The county's units as a list (a handful): an indexed ``unit_id IN (…)`` instead of a join through the
        # organisations with an OR, which made the database read every plan action of the country.
        units = list(
            Unit.objects.filter(
                Q(organisation_id=filters.county_id) | Q(organisation__wellbeing_county_id=filters.county_id)
            ).values_list("pk", flat=True)
        )
        q &= Q(**{f"{unit}_id__in": units})
    if filters.municipality_id is not None:
        q &= Q(**{f"{unit}__municipality_id": filters.municipality_id})
    if filters.unit_id is not None:
        q &= Q(**{f"{unit}_id": filters.unit_id})
    if filters.worker_id is not None:
        q &= Q(**{f"{worker}_id": filters.worker_id})
    return q


def _intakes(filters: Filters) -> QuerySet[Intake]:
    return Intake.objects.filter(_intake_area(filters))


def _assessments(filters: Filters) -> QuerySet[Assessment]:
    return Assessment.objects.filter(_assessment_area(filters))


def _month_of(field: str) -> Any:
    """The month of a date column, computed in SQL.

    SQLite's ``TruncMonth`` calls back into Python for every row, so there the month is the first seven characters
    of the ISO date text (``2024-05``) and stays in SQL; PostgreSQL truncates natively.
    """
    if connection.vendor == "sqlite":
        return Substr(Cast(field, output_field=CharField()), 1, 7)
    return TruncMonth(field, output_field=DateField())


def _month_text(value: Any) -> str:
    return value[:7] if isinstance(value, str) else _month_key(_as_date(value))


def _by_month(queryset: QuerySet, field: str, **aggregates: Any) -> dict[str, dict[str, Any]]:
    """``{"2024-05": {name: value}}``: the aggregates grouped by the month of the date ``field`` in the database."""
    rows = queryset.order_by().annotate(_month=_month_of(field)).values("_month").annotate(**aggregates)
    return {_month_text(row.pop("_month")): row for row in rows}


def _month_rows(
    filters: Filters, values: Callable[[dict[str, Any]], dict[str, Any]], data: dict[str, dict[str, Any]]
) -> list[Row]:
    return [
        Row(
            key=_month_key(month),
            label=_month_key(month),
            values=values(data.get(_month_key(month), {})),
            drilldown=_month_key(month),
        )
        for month in _months(filters.start, filters.end)
    ]


def _sum(rows: Iterable[Row], key: str) -> int:
    return sum(int(row.values.get(key) or 0) for row in rows)


@dataclass(frozen=True)
class IndicatorMeta:
    """An indicator's key, Finnish title and definition (the same words as docs/indicators.md)."""

    key: str
    title: str
    definition: str


def _make(
    meta: IndicatorMeta,
    filters: Filters,
    chart: str,
    series: list[Series],
    rows: list[Row],
    totals: dict[str, Any],
) -> Indicator:
    return Indicator(
        key=meta.key,
        title=str(meta.title),
        definition=str(meta.definition),
        chart=chart,  # type: ignore[arg-type]
        filters=filters,
        series=series,
        rows=rows,
        totals=totals,
    )


META: dict[str, IndicatorMeta] = {}


def _meta(key: str, title: Any, definition: Any) -> IndicatorMeta:
    META[key] = IndicatorMeta(key=key, title=title, definition=definition)
    return META[key]
