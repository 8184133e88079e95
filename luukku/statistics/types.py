"""The shape every management figure takes, from the selectors through the JSON API to the dashboard's charts.

One ``Indicator`` is one chart and its table: a title, its definition (the same words as docs/indicators.md), the
filter it was computed for, the column ``series`` and the ``rows``. The API serves ``Indicator.as_json()``; the
dashboard draws its chart from that same JSON in the browser and renders the same rows as an HTML table for
screen readers; the CSV download is ``Indicator.as_csv_rows()``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, Literal

ValueUnit = Literal["count", "percent", "days", "hours", "eur", "score"]
ChartKind = Literal["bar", "stacked_bar", "line", "table"]


@dataclasses.dataclass(frozen=True)
class Filters:
    """The filter a figure is computed for: a period (inclusive Finnish dates) and an area.

    ``county_id`` is always set for a dashboard (a manager sees their own county only, see ``scope``); the THL
    command may leave it empty for the whole country. ``municipality_id``, ``unit_id`` and ``worker_id`` narrow
    the area further (kunta, tiimi eli yksikkö, työntekijä)."""

    start: dt.date
    end: dt.date
    county_id: int | None = None
    municipality_id: int | None = None
    unit_id: int | None = None
    worker_id: int | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "county": self.county_id,
            "municipality": self.municipality_id,
            "unit": self.unit_id,
            "worker": self.worker_id,
        }


@dataclasses.dataclass(frozen=True)
class Series:
    """One column of values: its machine key, its Finnish label and its unit."""

    key: str
    label: str
    unit: ValueUnit = "count"


@dataclasses.dataclass(frozen=True)
class Row:
    """One row: its label (a month ``2024-05``, a sector, a worker's name…), the values by series key, and the
    drill-down key that lists the cases behind the row (None when the row has no case list)."""

    key: str
    label: str
    values: dict[str, float | int | None]
    drilldown: str | None = None


@dataclasses.dataclass(frozen=True)
class Indicator:
    """One management figure (DOMAIN.md §6) with its definition and its rows."""

    key: str
    title: str
    definition: str
    chart: ChartKind
    filters: Filters
    series: list[Series]
    rows: list[Row]
    totals: dict[str, float | int | None] = dataclasses.field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "definition": self.definition,
            "chart": self.chart,
            "filters": self.filters.as_json(),
            "series": [dataclasses.asdict(series) for series in self.series],
            "rows": [dataclasses.asdict(row) for row in self.rows],
            "totals": self.totals,
        }

    def as_csv_rows(self) -> list[list[Any]]:
        """Header and rows for the CSV download (Finnish labels; values as numbers, empty for none)."""
        header = ["", *(series.label for series in self.series)]
        body = [
            [
                row.label,
                *("" if row.values.get(s.key) is None else row.values.get(s.key) for s in self.series),
            ]
            for row in self.rows
        ]
        return [header, *body]
