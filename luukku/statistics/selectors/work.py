"""Indicators 6–8: caseload per responsible worker, waiting time to first help, short interventions."""

from __future__ import annotations

import datetime as dt
import statistics as stats
from typing import Any

from django.db.models import Avg, Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from luukku.assessment.models import (
    AssessmentStatus,
    InterventionResult,
    InterventionSession,
    ShortIntervention,
)
from luukku.assessment.selectors import SHORT_INTERVENTION_MAX_SESSIONS
from luukku.contact.models import Contact
from luukku.core import time
from luukku.organisations.models import Municipality
from luukku.statistics.selectors.common import (
    CASELOAD_LIMIT,
    _as_date,
    _assessments,
    _between,
    _by_month,
    _hours,
    _make,
    _meta,
    _month_key,
    _month_rows,
    _months,
    _pct,
    _sum,
    _unit_area,
)
from luukku.statistics.types import Filters, Indicator, Row, Series

# --- 6. Caseload per responsible worker --------------------------------------------------------------------------

CASELOAD = _meta(
    "caseload",
    _("Asiakasmäärä vastaavaa työntekijää kohden"),
    _(
        "Tänään avoimet palvelutarpeen arvioinnit lapsen asioista vastaavan työntekijän mukaan (yksi avoin "
        "arviointi lasta kohden, joten luku on myös lasten määrä) verrattuna enimmäismäärään 30 lasta "
        "(LSL 13 b §). Alue rajataan arvioinnin tilastoalueen ja vastuuyksikön mukaan; jakso ei rajaa."
    ),
)


def caseload(*, filters: Filters) -> Indicator:
    """Asiakasmäärä lapsen asioista vastaavaa sosiaalityöntekijää kohden (LSL 13 b §: enintään 30 lasta)."""
    workers = (
        _assessments(filters)
        .filter(status=AssessmentStatus.OPEN)
        .order_by()
        .values(
            "responsible_worker_id",
            "responsible_worker__first_name",
            "responsible_worker__last_name",
            "responsible_worker__username",
        )
        .annotate(children=Count("child_id", distinct=True))
        .order_by("-children", "responsible_worker__last_name", "responsible_worker_id")
    )
    rows = []
    for worker in workers:
        name = (
            " ".join(
                part
                for part in (
                    worker["responsible_worker__first_name"],
                    worker["responsible_worker__last_name"],
                )
                if part
            )
            or worker["responsible_worker__username"]
        )
        children = worker["children"]
        rows.append(
            Row(
                key=str(worker["responsible_worker_id"]),
                label=name,
                values={
                    "children": children,
                    "limit": CASELOAD_LIMIT,
                    "over_limit": max(0, children - CASELOAD_LIMIT),
                },
                drilldown=str(worker["responsible_worker_id"]),
            )
        )
    totals = {
        "children": _sum(rows, "children"),
        "workers": len(rows),
        "workers_over_limit": sum(1 for row in rows if row.values["over_limit"]),
        "limit": CASELOAD_LIMIT,
    }
    series = [
        Series("children", _g("Lapsia")),
        Series("limit", _g("Enimmäismäärä")),
        Series("over_limit", _g("Yli enimmäismäärän")),
    ]
    return _make(CASELOAD, filters, "bar", series, rows, totals)


# --- 7. Waiting time from contact to first help ------------------------------------------------------------------

WAITING_TIMES = _meta(
    "waiting_times",
    _("Odotusaika yhteydenotosta ensimmäiseen apuun"),
    _(
        "Perheneuvon yhteydenotot vastaanottokuukauden mukaan: odotusaika yhteydenotosta ensimmäiseen "
        "vastaukseen (mediaani, keskiarvo ja 90. persentiili tunteina vastatuista) ja luvatussa ajassa "
        "vastattujen osuus yhteydenotoista, joihin on vastattu tai joiden luvattu vastausaika on jo kulunut. "
        "Alue: yhteydenoton kunta (hyvinvointialueen kunnat); yksikkö ja työntekijä: ensimmäinen vastaaja."
    ),
)


def _contacts(filters: Filters) -> QuerySet[Contact]:
    q = Q()
    if filters.county_id is not None:
        q &= Q(municipality__in=Municipality.objects.filter(organisations__pk=filters.county_id))
    if filters.municipality_id is not None:
        q &= Q(municipality_id=filters.municipality_id)
    if filters.unit_id is not None:
        q &= Q(first_answered_by__unit_id=filters.unit_id)
    if filters.worker_id is not None:
        q &= Q(first_answered_by_id=filters.worker_id)
    return Contact.objects.filter(
        q,
        received_at__gte=time.start_of_day(filters.start),
        received_at__lt=time.start_of_day(filters.end + dt.timedelta(days=1)),
    )


def _percentile(values: list[int], share: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return float(values[0])
    return stats.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def waiting_times(*, filters: Filters) -> Indicator:
    """Odotusaika yhteydenotosta ensimmäiseen apuun (perhekeskus, yksi yhteydenottokanava)."""
    contacts = _contacts(filters)
    now = time.now()
    answered = Q(first_answered_at__isnull=False)
    data = _by_month(
        contacts.annotate(_day=TruncDate("received_at", tzinfo=time.HELSINKI)),
        "_day",
        received=Count("pk"),
        answered=Count("pk", filter=answered),
        due=Count("pk", filter=answered | Q(promised_by__lt=now)),
        in_time=Count("pk", filter=answered & Q(first_answered_at__lte=F("promised_by"))),
        mean=Avg("waiting_seconds", filter=answered),
    )
    # Median and percentile: only the answered contacts' waiting seconds, one integer each, are read.
    waits: dict[str, list[int]] = {}
    for day, seconds in (
        contacts.filter(answered, waiting_seconds__isnull=False)
        .annotate(_day=TruncDate("received_at", tzinfo=time.HELSINKI))
        .order_by()
        .values_list("_day", "waiting_seconds")
    ):
        waits.setdefault(_month_key(_as_date(day)), []).append(seconds)

    def values_for(key: str, row: dict[str, Any]) -> dict[str, Any]:
        month_waits = sorted(waits.get(key, []))
        return {
            "received": row.get("received", 0),
            "answered": row.get("answered", 0),
            "median_hours": _hours(stats.median(month_waits)) if month_waits else None,
            "mean_hours": _hours(row.get("mean")),
            "p90_hours": _hours(_percentile(month_waits, 0.9)),
            "in_time_share": _pct(row.get("in_time", 0), row.get("due", 0)),
        }

    rows = [
        Row(
            key=_month_key(m),
            label=_month_key(m),
            values=values_for(_month_key(m), data.get(_month_key(m), {})),
        )
        for m in _months(filters.start, filters.end)
    ]
    everything = sorted(seconds for month in waits.values() for seconds in month)
    due = sum(row.get("due", 0) for row in data.values())
    totals = {
        "received": _sum(rows, "received"),
        "answered": _sum(rows, "answered"),
        "median_hours": _hours(stats.median(everything)) if everything else None,
        "mean_hours": _hours(stats.fmean(everything)) if everything else None,
        "p90_hours": _hours(_percentile(everything, 0.9)),
        "in_time_share": _pct(sum(row.get("in_time", 0) for row in data.values()), due),
    }
    series = [
        Series("received", _g("Yhteydenottoja")),
        Series("answered", _g("Vastattu")),
        Series("median_hours", _g("Mediaani (h)"), "hours"),
        Series("mean_hours", _g("Keskiarvo (h)"), "hours"),
        Series("p90_hours", _g("90 % vastattu (h)"), "hours"),
        Series("in_time_share", _g("Luvatussa ajassa (%)"), "percent"),
    ]
    return _make(WAITING_TIMES, filters, "line", series, rows, totals)


# --- 8. Short intervention ---------------------------------------------------------------------------------------

SHORT_INTERVENTIONS = _meta(
    "short_interventions",
    _("Lyhyellä interventiolla autetut perheet"),
    _(
        "Jaksolla päättyneet lyhyet monialaiset interventiot (Etelä-Savon malli) päättymiskuukauden mukaan. "
        "Autettu = perhe jatkaa peruspalveluissa ja työparitapaamisia oli enintään 5. Osuus = autetut ÷ "
        "päättyneet. Alue: intervention peruspalvelun yksikkö (sen organisaation hyvinvointialue ja kunta); "
        "työntekijä: peruspalvelun työntekijä."
    ),
)


def short_interventions(*, filters: Filters) -> Indicator:
    """Lyhyellä monialaisella interventiolla autettujen perheiden osuus (Etelä-Savon malli)."""
    sessions = (
        InterventionSession.objects.filter(intervention=OuterRef("pk"))
        .order_by()
        .values("intervention")
        .annotate(n=Count("pk"))
        .values("n")
    )
    ended = ShortIntervention.objects.filter(
        _unit_area(filters, "unit", "basic_worker"), _between("ended_on", filters)
    ).annotate(_sessions=Coalesce(Subquery(sessions, output_field=IntegerField()), 0))
    helped = Q(result=InterventionResult.CONTINUES_BASIC, _sessions__lte=SHORT_INTERVENTION_MAX_SESSIONS)
    data = _by_month(
        ended,
        "ended_on",
        ended=Count("pk"),
        helped=Count("pk", filter=helped),
        moves_special=Count("pk", filter=Q(result=InterventionResult.MOVES_SPECIAL)),
    )

    def values(row: dict[str, Any]) -> dict[str, Any]:
        out = {key: row.get(key, 0) for key in ("ended", "helped", "moves_special")}
        out["helped_share"] = _pct(out["helped"], out["ended"])
        return out

    rows = [Row(key=r.key, label=r.label, values=r.values) for r in _month_rows(filters, values, data)]
    totals: dict[str, Any] = {key: _sum(rows, key) for key in ("ended", "helped", "moves_special")}
    totals["helped_share"] = _pct(totals["helped"], totals["ended"])
    series = [
        Series("ended", _g("Päättyneitä")),
        Series("helped", _g("Autettu (≤ 5 kertaa, jatkaa peruspalveluissa)")),
        Series("moves_special", _g("Siirtyi erityistasolle")),
        Series("helped_share", _g("Autettujen osuus (%)"), "percent"),
    ]
    return _make(SHORT_INTERVENTIONS, filters, "line", series, rows, totals)
