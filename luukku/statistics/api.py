"""Tietojohtamisen tunnusluvut in the JSON API (/api/v1/statistics/...), for managers and administrators.

- ``GET /api/v1/statistics/indicators`` – the indicators' keys, Finnish titles and definitions, in display order;
- ``GET /api/v1/statistics/indicators/{key}?start=&end=&municipality=&unit=&worker=`` – one figure as
  ``Indicator.as_json()``; ``&format=csv`` gives the same rows as a CSV download;
- ``GET /api/v1/statistics/indicators/{key}/cases?row=&...`` – the cases behind one row, through the access policy.

Session authentication (``django_auth``): 401 without a session, 403 for roles other than manager and
administrator. The county is always the caller's own (``scope.statistics_county``); a municipality, unit or
worker outside it is 404, the same as one that does not exist. ``municipality``/``unit`` take the id or the
code, ``worker`` the id or the username. Bad input is answered 422 ``{"detail": ..., "errors": [{"field": ...,
"message": ...}]}``. A figure is not client data and is not logged; each case of a drill-down list is.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _g
from ninja import Router, Schema
from ninja.security import django_auth

from luukku.core import time
from luukku.organisations.models import Municipality, Organisation, Professional, Unit
from luukku.organisations.selectors import county_of_unit
from luukku.statistics import selectors
from luukku.statistics.scope import can_view_statistics, statistics_county
from luukku.statistics.types import Filters

router = Router(tags=["statistics"], auth=django_auth)

#: The longest period one request may ask for (a county's five years and some).
MAX_PERIOD_DAYS = 10 * 366
AUDIT_CHANNEL = "api"


class StatisticsFieldErrorOut(Schema):
    field: str | None
    message: str


class StatisticsErrorOut(Schema):
    detail: str
    errors: list[StatisticsFieldErrorOut] = []


class IndicatorInfoOut(Schema):
    key: str
    title: str
    definition: str


class IndicatorCaseOut(Schema):
    kind: str
    label: str
    url: str
    child_public_id: str
    child_name: str
    status_label: str
    received_on: dt.date | None
    started_on: dt.date | None
    due: dt.date | None


class IndicatorCaseListOut(Schema):
    key: str
    row: str
    total: int
    not_visible: int
    cap: int
    cases: list[IndicatorCaseOut]


class _Refused(Exception):
    def __init__(self, response: JsonResponse) -> None:
        self.response = response


def _error(status: int, detail: str, errors: list[dict[str, Any]] | None = None) -> JsonResponse:
    return JsonResponse({"detail": detail, "errors": errors or []}, status=status)


def _county(request: HttpRequest) -> Organisation:
    """The caller's county, or 403 for a caller who may not see figures (or whose unit has no county)."""
    county = statistics_county(request.user)
    if not can_view_statistics(request.user) or county is None:
        raise _Refused(_error(403, _g("Tunnusluvut ovat vain esihenkilöille ja pääkäyttäjille.")))
    return county


def _date(value: str, field: str, default: dt.date, errors: list[dict[str, Any]]) -> dt.date:
    if not value:
        return default
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        errors.append({"field": field, "message": _g("Anna päivämäärä muodossa VVVV-KK-PP.")})
        return default


def _lookup(model: Any, value: str, code_field: str) -> Any:
    # NUL cannot be stored or searched in PostgreSQL text, and an id is at most 18 ASCII digits.
    value = value.replace("\x00", "")[:200]
    if value.isascii() and value.isdigit() and len(value) <= 18:
        found = model.objects.filter(pk=int(value)).first()
        if found is not None:
            return found
    return model.objects.filter(**{code_field: value}).first()


def _not_found() -> _Refused:
    return _Refused(_error(404, _g("Aluetta, yksikköä tai työntekijää ei löydy.")))


def _filters(
    request: HttpRequest, *, start: str, end: str, municipality: str, unit: str, worker: str
) -> Filters:
    """The request's filter within the caller's county; raises ``_Refused`` with 403, 404 or 422."""
    county = _county(request)
    today = time.today()
    errors: list[dict[str, Any]] = []
    start_on = _date(start, "start", today.replace(month=1, day=1), errors)
    end_on = _date(end, "end", today, errors)
    if not errors and end_on < start_on:
        errors.append({"field": "end", "message": _g("Jakson loppu on ennen sen alkua.")})
    if not errors and (end_on - start_on).days > MAX_PERIOD_DAYS:
        errors.append({"field": "start", "message": _g("Jakso voi olla enintään kymmenen vuotta.")})
    if errors:
        raise _Refused(_error(422, _g("Virheellinen jakso."), errors))
    municipality_id = unit_id = worker_id = None
    if municipality:
        found = _lookup(Municipality, municipality, "code")
        if found is None or not county.municipalities.filter(pk=found.pk).exists():
            raise _not_found()
        municipality_id = found.pk
    if unit:
        found_unit = _lookup(Unit, unit, "code")
        if found_unit is None or county_of_unit(found_unit) != county:
            raise _not_found()
        unit_id = found_unit.pk
    if worker:
        found_worker = _lookup(Professional, worker, "username")
        if found_worker is None or county_of_unit(found_worker.unit) != county:
            raise _not_found()
        worker_id = found_worker.pk
    return Filters(
        start=start_on,
        end=end_on,
        county_id=county.pk,
        municipality_id=municipality_id,
        unit_id=unit_id,
        worker_id=worker_id,
    )


def _csv(indicator: Any) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows(indicator.as_csv_rows())
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    filename = f"{indicator.key}_{indicator.filters.start:%Y-%m-%d}_{indicator.filters.end:%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


REFUSALS = {
    401: StatisticsErrorOut,
    403: StatisticsErrorOut,
    404: StatisticsErrorOut,
    422: StatisticsErrorOut,
}


@router.get(
    "/indicators",
    response={200: list[IndicatorInfoOut], 401: StatisticsErrorOut, 403: StatisticsErrorOut},
    summary="Tunnusluvut",
)
def indicator_list(request: HttpRequest):  # type: ignore[no-untyped-def]
    """The indicators' keys, Finnish titles and definitions, in the dashboard's display order."""
    try:
        _county(request)
    except _Refused as refused:
        return refused.response
    return 200, [
        {"key": meta.key, "title": str(meta.title), "definition": str(meta.definition)}
        for meta in selectors.indicator_catalogue()
    ]


@router.get(
    "/indicators/{key}",
    response={200: dict[str, Any], **REFUSALS},
    summary="Tunnusluku",
)
def indicator_detail(  # type: ignore[no-untyped-def]
    request: HttpRequest,
    key: str,
    start: str = "",
    end: str = "",
    municipality: str = "",
    unit: str = "",
    worker: str = "",
    format: str = "json",  # noqa: A002 - the query parameter's public name
):
    """One figure for the period and area: ``Indicator.as_json()``, or with ``format=csv`` the CSV download."""
    try:
        filters = _filters(request, start=start, end=end, municipality=municipality, unit=unit, worker=worker)
    except _Refused as refused:
        return refused.response
    compute = selectors.INDICATORS.get(key)
    if compute is None:
        return _error(404, _g("Tunnuslukua ei löydy."))
    if format not in ("json", "csv"):
        return _error(422, _g("Virheellinen muoto."), [{"field": "format", "message": "json | csv"}])
    indicator = compute(filters=filters)
    if format == "csv":
        return _csv(indicator)
    return 200, indicator.as_json()


@router.get(
    "/indicators/{key}/cases",
    response={200: IndicatorCaseListOut, **REFUSALS},
    summary="Tunnusluvun taustalla olevat asiat",
)
def indicator_case_list(  # type: ignore[no-untyped-def]
    request: HttpRequest,
    key: str,
    row: str = "",
    start: str = "",
    end: str = "",
    municipality: str = "",
    unit: str = "",
    worker: str = "",
):
    """The cases behind one row of a figure that the caller may see (at most 200, with the total)."""
    try:
        filters = _filters(request, start=start, end=end, municipality=municipality, unit=unit, worker=worker)
    except _Refused as refused:
        return refused.response
    if not row:
        return _error(422, _g("Rivi puuttuu."), [{"field": "row", "message": _g("Anna rivin tunniste.")}])
    try:
        found = selectors.indicator_cases(
            actor=request.user,
            filters=filters,
            key=key,
            row_key=row.replace("\x00", "")[:100],
            channel=AUDIT_CHANNEL,
        )
    except KeyError:
        return _error(404, _g("Tunnuslukua ei löydy."))
    return 200, {
        "key": found.key,
        "row": found.row_key,
        "total": found.total,
        "not_visible": found.not_visible,
        "cap": selectors.DRILLDOWN_CAP,
        "cases": [case.__dict__ for case in found.cases],
    }
