"""Indicators 4–5: the 7-working-day start and the 3-month completion, and the open cases now by time left."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from luukku.assessment.models import AssessmentStatus
from luukku.core import calendar, time
from luukku.intake.models import OPEN_STATUSES, Intake
from luukku.statistics import thl
from luukku.statistics.selectors.common import (
    INTAKE_ROW,
    _assessments,
    _between,
    _by_month,
    _intakes,
    _make,
    _meta,
    _month_rows,
    _pct,
    _reference_day,
    _sum,
)
from luukku.statistics.types import Filters, Indicator, Row, Series

# --- 4. PTA started within 7 working days, completed within 3 months -------------------------------------------

PTA_START_IN_TIME = _meta(
    "pta_start_in_time",
    _("Arvioinnin aloitus 7 arkipäivän kuluessa"),
    _(
        "Jaksolla vastaanotetut lastensuojeluilmoitukset, yhteydenotot ja perheiden pyynnöt (ei ennakollisia "
        "ilmoituksia, ei luokittelupäivään mennessä olemassa olevaan asiakkuuteen tai arviointiin liitettyjä) "
        "luokiteltuna jakson viimeisenä päivänä (kesken olevalla jaksolla tänään), kuten THL:n raportissa: "
        "ajallaan = arviointi aloitettu tai asia päätetty ilmeisen tarpeettomana viimeistään 7. arkipäivänä "
        "(pta_start_by) ja viimeistään luokittelupäivänä; myöhässä = sama määräajan jälkeen; kesken = ei "
        "ratkaisua luokittelupäivään mennessä (määräaika ei ylittynyt / ylittyi). Ratkaisupäivä on ratkaisun "
        "Suomen kalenteripäivä (decided_on). Osuus = ajallaan ÷ (ajallaan + myöhässä). Kuukauden ratkaisee "
        "vastaanottopäivä."
    ),
)


def pta_start_in_time(*, filters: Filters) -> Indicator:
    """Palvelutarpeen arvioinnin aloittaminen viimeistään 7. arkipäivänä (LSL 26 § 2 mom, SHL 36 §), by the THL
    report's rule (``luukku.statistics.thl``) with the period's last day (or today) as the day of classification."""
    ref = _reference_day(filters)
    counted = thl.start_counted(_intakes(filters).filter(_between("received_on", filters)), last_day=ref)
    counts = thl.start_counts(last_day=ref, row=INTAKE_ROW)
    data = _by_month(
        counted,
        "received_on",
        in_time=counts["started_in_time"],
        late=counts["started_late"],
        pending_in_time=counts["pending_in_time"],
        pending_late=counts["pending_late"],
    )
    keys = ("in_time", "late", "pending_in_time", "pending_late")

    def values(row: dict[str, Any]) -> dict[str, Any]:
        out = {key: row.get(key, 0) for key in keys}
        out["share_in_time"] = _pct(out["in_time"], out["in_time"] + out["late"])
        return out

    rows = _month_rows(filters, values, data)
    totals: dict[str, Any] = {key: _sum(rows, key) for key in keys}
    totals["share_in_time"] = _pct(totals["in_time"], totals["in_time"] + totals["late"])
    series = [
        Series("in_time", _g("Aloitettu ajallaan")),
        Series("late", _g("Aloitettu myöhässä")),
        Series("pending_in_time", _g("Kesken, määräaika ei ylittynyt")),
        Series("pending_late", _g("Kesken, määräaika ylittynyt")),
        Series("share_in_time", _g("Ajallaan (%)"), "percent"),
    ]
    return _make(PTA_START_IN_TIME, filters, "stacked_bar", series, rows, totals)


PTA_COMPLETED_IN_TIME = _meta(
    "pta_completed_in_time",
    _("Arvioinnin valmistuminen 3 kuukauden kuluessa"),
    _(
        "Jaksolla valmistuneet palvelutarpeen arvioinnit (vireilletulon ajankohdasta riippumatta): ajallaan = "
        "valmistumispäivä (completed_on) viimeistään määräpäivänä (complete_by, 3 kuukautta vireilletulosta, "
        "150/1930 3 § ja 5 §), myöhässä = sen jälkeen. Aiemmasta järjestelmästä tuoduista vireilletuloista "
        "(ilman Luukun arviointia) lasketaan imported_pta_completed_on ja pta_complete_by, kuten THL:n "
        "raportissa. Osuus = ajallaan ÷ valmistuneet. Kuukauden ratkaisee valmistumispäivä."
    ),
)


def pta_completed_in_time(*, filters: Filters) -> Indicator:
    """Palvelutarpeen arvioinnin valmistuminen kolmen kuukauden kuluessa (LSL 26 § 3 mom, SHL 36 §)."""
    sources = (
        (
            _assessments(filters).filter(
                _between("completed_on", filters), status=AssessmentStatus.COMPLETED
            ),
            "completed_on",
            "complete_by",
        ),
        (
            # The imported completions are few: found through their own (partial) index first, then the area.
            thl.without_assessment(
                _intakes(filters).filter(
                    pk__in=Intake.objects.filter(_between("imported_pta_completed_on", filters)).values("pk")
                )
            ),
            "imported_pta_completed_on",
            "pta_complete_by",
        ),
    )
    data: dict[str, dict[str, int]] = {}
    for queryset, done, due in sources:
        counts = thl.completion_counts(done=done, due=due)
        for month, row in _by_month(
            queryset, done, in_time=counts["completed_in_time"], late=counts["completed_late"]
        ).items():
            total = data.setdefault(month, {"in_time": 0, "late": 0})
            total["in_time"] += row["in_time"]
            total["late"] += row["late"]

    def values(row: dict[str, Any]) -> dict[str, Any]:
        in_time, late = row.get("in_time", 0), row.get("late", 0)
        return {"in_time": in_time, "late": late, "share_in_time": _pct(in_time, in_time + late)}

    rows = _month_rows(filters, values, data)
    in_time, late = _sum(rows, "in_time"), _sum(rows, "late")
    totals = {"in_time": in_time, "late": late, "share_in_time": _pct(in_time, in_time + late)}
    series = [
        Series("in_time", _g("Valmistui ajallaan")),
        Series("late", _g("Valmistui myöhässä")),
        Series("share_in_time", _g("Ajallaan (%)"), "percent"),
    ]
    return _make(PTA_COMPLETED_IN_TIME, filters, "stacked_bar", series, rows, totals)


# --- 5. Open intakes and PTAs now --------------------------------------------------------------------------------

OPEN_INTAKES_NOW = _meta(
    "open_intakes_now",
    _("Avoimet vireilletulot nyt"),
    _(
        "Tänään ratkaisemattomat vireilletulot (vastaanotettu tai kiireellisyys arvioitu) alueella, aloitus"
        "määräaikaan jäljellä olevien arkipäivien mukaan: myöhässä, 0–2, 3–5 ja vähintään 6 arkipäivää; "
        "ennakolliset ilmoitukset, joiden lapsi ei ole vielä syntynyt, omana rivinään. Jakso ei rajaa tätä lukua."
    ),
)

INTAKE_BUCKETS = (
    ("overdue", _("Myöhässä")),
    ("0-2", _("0–2 arkipäivää")),
    ("3-5", _("3–5 arkipäivää")),
    ("6+", _("6 arkipäivää tai enemmän")),
    ("awaiting_birth", _("Ennakollinen, lapsi ei vielä syntynyt")),
)


def _intake_bucket_q(today: dt.date) -> dict[str, Q]:
    # working_days_left(due) <= n  <=>  due < the (n+1)th working day after today (and overdue <=> due < today).
    third, sixth = calendar.add_working_days(today, 3), calendar.add_working_days(today, 6)
    return {
        "overdue": Q(pta_start_by__lt=today),
        "0-2": Q(pta_start_by__gte=today, pta_start_by__lt=third),
        "3-5": Q(pta_start_by__gte=third, pta_start_by__lt=sixth),
        "6+": Q(pta_start_by__gte=sixth),
        "awaiting_birth": Q(pta_start_by__isnull=True),
    }


def open_intakes_now(*, filters: Filters) -> Indicator:
    """Avoimet vireilletulot nyt määräajan mukaan (LSL 26 § 2 mom: 7 arkipäivää)."""
    buckets = _intake_bucket_q(time.today())
    counts = (
        _intakes(filters)
        .filter(status__in=OPEN_STATUSES)
        .aggregate(**{key: Count("pk", filter=q) for key, q in buckets.items()})
    )
    rows = [
        Row(key=key, label=str(label), values={"intakes": counts[key]}, drilldown=key)
        for key, label in INTAKE_BUCKETS
    ]
    totals = {"intakes": sum(counts.values())}
    return _make(OPEN_INTAKES_NOW, filters, "bar", [Series("intakes", _g("Vireilletuloja"))], rows, totals)


OPEN_ASSESSMENTS_NOW = _meta(
    "open_assessments_now",
    _("Keskeneräiset palvelutarpeen arvioinnit nyt"),
    _(
        "Tänään avoimet palvelutarpeen arvioinnit alueella valmistumismääräaikaan (complete_by) jäljellä "
        "olevien kalenteripäivien mukaan: myöhässä, alle 14, 14–30 ja yli 30 päivää. Jakso ei rajaa tätä lukua."
    ),
)

ASSESSMENT_BUCKETS = (
    ("overdue", _("Myöhässä")),
    ("0-13", _("Alle 14 päivää")),
    ("14-30", _("14–30 päivää")),
    ("31+", _("Yli 30 päivää")),
)


def _assessment_bucket_q(today: dt.date) -> dict[str, Q]:
    day = dt.timedelta(days=1)
    return {
        "overdue": Q(complete_by__lt=today),
        "0-13": Q(complete_by__gte=today, complete_by__lte=today + 13 * day),
        "14-30": Q(complete_by__gte=today + 14 * day, complete_by__lte=today + 30 * day),
        "31+": Q(complete_by__gt=today + 30 * day),
    }


def open_assessments_now(*, filters: Filters) -> Indicator:
    """Keskeneräiset palvelutarpeen arvioinnit nyt (LSL 26 § 3 mom: 3 kuukautta)."""
    buckets = _assessment_bucket_q(time.today())
    counts = (
        _assessments(filters)
        .filter(status=AssessmentStatus.OPEN)
        .aggregate(**{key: Count("pk", filter=q) for key, q in buckets.items()})
    )
    rows = [
        Row(key=key, label=str(label), values={"assessments": counts[key]}, drilldown=key)
        for key, label in ASSESSMENT_BUCKETS
    ]
    totals = {"assessments": sum(counts.values())}
    series = [Series("assessments", _g("Arviointeja"))]
    return _make(OPEN_ASSESSMENTS_NOW, filters, "bar", series, rows, totals)
