"""The indicators in the dashboard's display order."""

from __future__ import annotations

from collections.abc import Callable

from luukku.statistics.selectors.common import META, IndicatorMeta
from luukku.statistics.selectors.deadlines import (
    open_assessments_now,
    open_intakes_now,
    pta_completed_in_time,
    pta_start_in_time,
)
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
from luukku.statistics.selectors.work import caseload, short_interventions, waiting_times
from luukku.statistics.types import Indicator

# --- The registry ------------------------------------------------------------------------------------------------

INDICATORS: dict[str, Callable[..., Indicator]] = {
    "intakes_by_kind": intakes_by_kind,
    "intakes_by_sector": intakes_by_sector,
    "repeat_notifications": repeat_notifications,
    "pta_share": pta_share,
    "pta_start_in_time": pta_start_in_time,
    "pta_completed_in_time": pta_completed_in_time,
    "open_intakes_now": open_intakes_now,
    "open_assessments_now": open_assessments_now,
    "caseload": caseload,
    "waiting_times": waiting_times,
    "short_interventions": short_interventions,
    "level_movement": level_movement,
    "special_clients": special_clients,
    "cost_by_level": cost_by_level,
    "outcome_instruments": outcome_instruments,
}


def indicator_catalogue() -> list[IndicatorMeta]:
    """Every indicator's key, Finnish title and definition, in the dashboard's display order."""
    return [META[key] for key in INDICATORS]
