"""Tietojohtamisen tunnusluvut (DOMAIN.md §6): the management indicators, each a read aggregated in the database.

Every indicator is ``def <key>(*, filters: Filters) -> Indicator`` and is listed in ``INDICATORS`` in the
dashboard's display order. They group and count in SQL (``GROUP BY`` and conditional ``Count``) over the indexed
dates (``received_on``, ``(wellbeing_county, received_on)``, ``completed_on``) and never load case rows: the only
values read into Python are one row per month, bucket, worker or service. The figures carry no personal data; the
cases behind a figure are listed only by ``indicator_cases``, through the access policy and with an access-log row
per case shown. The definitions are the ones written in docs/indicators.md.

The area: intakes and assessments by their statistical area fixed at creation (``wellbeing_county``,
``municipality``), the team by ``Intake.unit`` / ``Assessment.owning_unit`` and the worker by
``Intake.assigned_to`` / ``Assessment.responsible_worker``. Records without an area of their own (contacts, short
interventions, plans) are placed by their unit or municipality as each indicator's definition says.

The package: ``common`` (filters, monthly grouping, the key/title/definition of each figure), ``intakes``
(1–3), ``deadlines`` (4–5), ``work`` (6–8), ``levels`` (9–11), ``registry`` (``INDICATORS``) and ``drilldown``
(``indicator_cases``). Import from ``luukku.statistics.selectors`` itself.
"""

from __future__ import annotations

from luukku.statistics.selectors.common import (
    CASELOAD_LIMIT,
    DRILLDOWN_CAP,
    LEVEL_RETURN_WINDOW_DAYS,
    IndicatorMeta,
)
from luukku.statistics.selectors.deadlines import (
    open_assessments_now,
    open_intakes_now,
    pta_completed_in_time,
    pta_start_in_time,
)
from luukku.statistics.selectors.drilldown import CaseItem, CaseList, indicator_cases
from luukku.statistics.selectors.intakes import (
    intakes_by_kind,
    intakes_by_sector,
    pta_share,
    repeat_notifications,
)
from luukku.statistics.selectors.levels import (
    cost_by_level,
    level_movement,
    outcome_instruments,
    special_clients,
)
from luukku.statistics.selectors.registry import INDICATORS, indicator_catalogue
from luukku.statistics.selectors.work import caseload, short_interventions, waiting_times

__all__ = [
    "CASELOAD_LIMIT",
    "DRILLDOWN_CAP",
    "INDICATORS",
    "LEVEL_RETURN_WINDOW_DAYS",
    "CaseItem",
    "CaseList",
    "IndicatorMeta",
    "caseload",
    "cost_by_level",
    "indicator_cases",
    "indicator_catalogue",
    "intakes_by_kind",
    "intakes_by_sector",
    "level_movement",
    "open_assessments_now",
    "open_intakes_now",
    "outcome_instruments",
    "pta_completed_in_time",
    "pta_share",
    "pta_start_in_time",
    "repeat_notifications",
    "short_interventions",
    "special_clients",
    "waiting_times",
]
