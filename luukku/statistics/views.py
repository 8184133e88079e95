"""Tietojohtaminen: the managers' dashboard (DOMAIN.md §6) and the list of cases behind a figure.

Thin views: the filter form is parsed here, every figure comes from ``luukku.statistics.selectors`` (its
``INDICATORS`` registry and ``indicator_cases``). The page renders each figure as an HTML table, so that it works
without JavaScript and for screen readers; ``statistics/dashboard.js`` draws the charts in the browser from the
same ``Indicator.as_json()`` and, when a filter changes, redraws them from the JSON API.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from luukku.access.services import refusal_record
from luukku.core import time
from luukku.organisations.models import Municipality, Organisation, Professional, Unit
from luukku.statistics import selectors
from luukku.statistics.scope import can_view_statistics, statistics_county
from luukku.statistics.types import Filters, Indicator

#: The longest period the dashboard computes, the same as the statistics API's.
MAX_PERIOD_DAYS = 10 * 366
UNIT_SUFFIX = {"percent": " %", "days": " pv", "hours": " h", "eur": " €"}


def indicator_registry() -> Mapping[str, Callable[..., Indicator]]:
    """The indicators shown on the dashboard, in order: ``key -> f(*, filters) -> Indicator``."""
    return selectors.INDICATORS


# --- Periods ---------------------------------------------------------------------------------------------------


def _months_back(day: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` months before ``day``'s month."""
    index = day.year * 12 + day.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """Viimeiset 12 kuukautta: the current month and the eleven before it, so that a month trend is full."""
    return _months_back(today, 11), today


def quick_periods(today: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """The quick choices: this year, the last 12 months and the latest THL period of each kind (LSL 27 a §:
    1.4.–30.9. and 1.10.–31.3.), that is the one running today and the one that ended last."""
    spring_year = today.year if today >= dt.date(today.year, 4, 1) else today.year - 1
    autumn_year = today.year if today >= dt.date(today.year, 10, 1) else today.year - 1
    start12, end12 = default_period(today)
    return [
        (_g("Tämä vuosi"), dt.date(today.year, 1, 1), today),
        (_g("Viimeiset 12 kuukautta"), start12, end12),
        (
            _g("THL-kausi 1.4.–30.9.%(year)s") % {"year": spring_year},
            dt.date(spring_year, 4, 1),
            dt.date(spring_year, 9, 30),
        ),
        (
            _g("THL-kausi 1.10.%(year)s–31.3.%(next)s") % {"year": autumn_year, "next": autumn_year + 1},
            dt.date(autumn_year, 10, 1),
            dt.date(autumn_year + 1, 3, 31),
        ),
    ]


# --- The filter form -------------------------------------------------------------------------------------------


class _WorkerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Professional) -> str:
        return obj.get_full_name() or obj.username


class _UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return obj.name_fi


def county_units(county: Organisation | None) -> QuerySet[Unit]:
    """The teams of the county: its own units and those of the organisations working for it."""
    if county is None:
        return Unit.objects.none()
    return Unit.objects.filter(Q(organisation=county) | Q(organisation__wellbeing_county=county)).order_by(
        "name_fi", "pk"
    )


class DashboardFilterForm(forms.Form):
    """Aikaväli, kunta, tiimi ja työntekijä, each limited to the manager's own wellbeing county."""

    start = forms.DateField(
        label=_("Alkaen"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label=_("Päättyen"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    municipality = forms.ModelChoiceField(
        label=_("Kunta"), queryset=Municipality.objects.none(), required=False, empty_label=_("Kaikki kunnat")
    )
    unit = _UnitChoice(
        label=_("Tiimi"), queryset=Unit.objects.none(), required=False, empty_label=_("Kaikki tiimit")
    )
    worker = _WorkerChoice(
        label=_("Työntekijä"),
        queryset=Professional.objects.none(),
        required=False,
        empty_label=_("Kaikki työntekijät"),
    )

    def __init__(self, data: QueryDict, *, county: Organisation | None, today: dt.date) -> None:
        values = data.copy()
        default_start, default_end = default_period(today)
        if not values.get("start"):
            values["start"] = default_start.isoformat()
        if not values.get("end"):
            values["end"] = default_end.isoformat()
        super().__init__(values)
        self.county = county
        units = county_units(county)
        if county is not None:
            self.fields["municipality"].queryset = county.municipalities.order_by("name_fi")
        self.fields["unit"].queryset = units
        self.fields["worker"].queryset = Professional.objects.filter(unit__in=units, is_active=True).order_by(
            "last_name", "first_name", "pk"
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", _("Päättymispäivä ei voi olla ennen alkamispäivää."))
        elif start and end and (end - start).days > MAX_PERIOD_DAYS:
            self.add_error("start", _("Aikaväli voi olla enintään kymmenen vuotta."))
        return cleaned

    def filters(self) -> Filters:
        """The selectors' filter for the valid form; the county is always the manager's own."""
        data = self.cleaned_data

        def pk(name: str) -> int | None:
            return data[name].pk if data.get(name) else None

        return Filters(
            start=data["start"],
            end=data["end"],
            county_id=self.county.pk if self.county else None,
            municipality_id=pk("municipality"),
            unit_id=pk("unit"),
            worker_id=pk("worker"),
        )


def filter_query(filters: Filters, **extra: str) -> str:
    """The filter as the query string shared by the page, the JSON API, the CSV and the drill-down."""
    params: dict[str, str] = dict(extra)
    params["start"] = filters.start.isoformat()
    params["end"] = filters.end.isoformat()
    for name, value in (
        ("municipality", filters.municipality_id),
        ("unit", filters.unit_id),
        ("worker", filters.worker_id),
    ):
        if value is not None:
            params[name] = str(value)
    return urlencode(params)


def api_url(key: str) -> str:
    """The indicator's JSON (and, with ``format=csv``, CSV) address in the statistics API."""
    return f"{reverse('api:api-root')}statistics/indicators/{key}"


def format_value(value: float | int | None, unit: str) -> str:
    """A figure for the table, in the page language's number format ("17,0 %")."""
    if value is None:
        return "–"
    if isinstance(value, float) and not value.is_integer() or unit == "percent":
        text = number_format(value, decimal_pos=1, use_l10n=True, force_grouping=True)
    else:
        text = number_format(int(value), use_l10n=True, force_grouping=True)
    return text + UNIT_SUFFIX.get(unit, "")


def _cell(value: float | int | None, unit: str) -> dict[str, str]:
    return {"raw": "" if value is None else str(value), "text": format_value(value, unit)}


def _section(indicator: Indicator, filters: Filters) -> dict[str, Any]:
    """What the template shows of one indicator: the table's cells already formatted, the links built."""
    cases_url = reverse("statistics:cases", kwargs={"key": indicator.key})
    rows = [
        {
            "key": row.key,
            "label": row.label,
            "cells": [_cell(row.values.get(s.key), s.unit) for s in indicator.series],
            "drilldown_url": f"{cases_url}?{filter_query(filters, row=row.drilldown)}"
            if row.drilldown
            else "",
        }
        for row in indicator.rows
    ]
    totals = (
        [_cell(indicator.totals.get(s.key), s.unit) for s in indicator.series] if indicator.totals else []
    )
    has_drilldown = any(row.drilldown for row in indicator.rows)
    return {
        "indicator": indicator,
        "json": indicator.as_json(),
        "colspan": len(indicator.series) + 1 + int(has_drilldown),
        "json_id": f"indicator-data-{indicator.key}",
        "rows": rows,
        "totals": totals,
        "has_drilldown": has_drilldown,
        "api_url": api_url(indicator.key),
        "csv_url": f"{api_url(indicator.key)}?{filter_query(filters, format='csv')}",
        "cases_url": cases_url,
    }


# --- Views -----------------------------------------------------------------------------------------------------


def _refused(request: HttpRequest, summary: str) -> HttpResponse:
    refusal_record(actor=request.user, summary=summary)
    return render(request, "access/forbidden.html", status=403)


def _period_links(request: HttpRequest, today: dt.date) -> list[dict[str, str]]:
    kept = {name: request.GET[name] for name in ("municipality", "unit", "worker") if request.GET.get(name)}
    return [
        {
            "label": label,
            "start": start.isoformat(),
            "end": end.isoformat(),
            "url": "?" + urlencode({"start": start.isoformat(), "end": end.isoformat(), **kept}),
        }
        for label, start, end in quick_periods(today)
    ]


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """Tietojohtaminen: the figures of DOMAIN.md §6 for the manager's wellbeing county, filtered."""
    if not can_view_statistics(request.user):
        return _refused(request, _g("Tietojohtamisen näkymä evätty"))
    county = statistics_county(request.user)
    today = time.today()
    form = DashboardFilterForm(request.GET, county=county, today=today)
    sections: list[dict[str, Any]] = []
    if county is not None and form.is_valid():
        filters = form.filters()
        sections = [_section(entry(filters=filters), filters) for entry in indicator_registry().values()]
    return render(
        request,
        "statistics/dashboard.html",
        {
            "county": county,
            "form": form,
            "sections": sections,
            "periods": _period_links(request, today),
        },
    )


@login_required
@require_GET
def case_list(request: HttpRequest, key: str) -> HttpResponse:
    """The cases behind one figure, as far as the access policy lets the manager see them (no more)."""
    if not can_view_statistics(request.user):
        return _refused(request, _g("Tietojohtamisen tapauslista evätty"))
    registry = indicator_registry()
    if key not in registry:
        raise Http404
    county = statistics_county(request.user)
    form = DashboardFilterForm(request.GET, county=county, today=time.today())
    row = request.GET.get("row", "")
    if county is None or not form.is_valid() or not row:
        raise Http404
    filters = form.filters()
    indicator = registry[key](filters=filters)
    row_label = next((r.label for r in indicator.rows if r.drilldown == row), row)
    try:
        found = selectors.indicator_cases(actor=request.user, filters=filters, key=key, row_key=row[:100])
    except KeyError as unknown:
        raise Http404 from unknown
    return render(
        request,
        "statistics/cases.html",
        {
            "indicator": indicator,
            "row_label": row_label,
            "found": found,
            "shown": len(found.cases),
            "back_url": f"{reverse('statistics:dashboard')}?{filter_query(filters)}",
            "filters": filters,
        },
    )
