"""Indicators 9–11: movement between service levels, special and demanding clients, cost by level, outcome
instruments over time."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import (
    Avg,
    Count,
    DateField,
    DurationField,
    ExpressionWrapper,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest, Least, TruncQuarter
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from luukku.assessment.models import (
    AssessmentOutcome,
    GasResult,
    InterventionResult,
    ShortIntervention,
    WhoqolResult,
)
from luukku.catalogue.models import Level
from luukku.plans.models import PlanAction, PlanReview
from luukku.statistics.selectors.common import (
    DAILY_BASES,
    HEAVY_LEVELS,
    LEVEL_RETURN_WINDOW_DAYS,
    LIGHT_LEVELS,
    WHOQOL_DOMAINS,
    _as_date,
    _assessment_area,
    _assessments,
    _between,
    _make,
    _meta,
    _quarter_key,
    _quarters,
    _sum,
    _unit_area,
)
from luukku.statistics.types import Filters, Indicator, Row, Series

# --- 9. Movement between levels; clients of special and demanding services -------------------------------------

LEVEL_MOVEMENT = _meta(
    "level_movement",
    _("Siirtymät palvelutasojen välillä"),
    _(
        "Lasten määrät jaksolla. Ylöspäin (suunnitelma): lapsen suunnitelmaan on lisätty erityis- tai vaativan "
        "tason palvelu, joka alkoi jaksolla, kun lapsella oli sen alkaessa voimassa perus-, varhaisen tuen tai "
        "avoimen tason palvelu. Takaisin (suunnitelma): jaksolla alkoi perustason tai kevyempi palvelu enintään "
        "90 päivää sen jälkeen, kun lapsen erityis- tai vaativan tason palvelu päättyi, eikä erityis- tai "
        "vaativan tason palvelua ollut voimassa sen alkaessa. Lyhytinterventio: jaksolla päättyneet, joista "
        "perhe siirtyi erityistasolle. Arviointi: jaksolla valmistuneet arvioinnit, joiden lopputulos on "
        "erityistason palvelut, lastensuojelun asiakkuus tai kiireelliset toimet. Palvelutaso on "
        "palveluluettelon taso; suunnitelman alue on sen vastaavan yksikön alue."
    ),
)


def _actions(filters: Filters) -> QuerySet[PlanAction]:
    return PlanAction.objects.filter(_unit_area(filters, "plan__unit", "plan__coordinator"))


def _plan_moves(filters: Filters) -> tuple[int, int]:
    """Children moving up (a heavy action starting while a light one is in force) and back down (a light action
    starting within the return window after a heavy one ended, none in force) among the actions that start in
    the period and area.

    The actions of the children concerned are read once, a few columns each, and compared child by child: the
    same comparison as correlated subqueries per action, which SQLite planned as a scan of every action per
    action (four seconds for a county's five years at national scale)."""
    starting = set(
        _actions(filters)
        .filter(_between("start_on", filters), service__isnull=False)
        .values_list("pk", flat=True)
    )
    if not starting:
        return 0, 0
    children = _actions(filters).filter(_between("start_on", filters)).values("plan__child_id")
    by_child: dict[int, list[tuple[int, str, dt.date, dt.date | None]]] = {}
    window = dt.timedelta(days=LEVEL_RETURN_WINDOW_DAYS)
    # Only the actions that can matter: in force at some start in the period, or ended within the return window
    # before one.
    for pk, child, level, start, end in PlanAction.objects.filter(
        Q(end_on__isnull=True) | Q(end_on__gte=filters.start - window),
        plan__child_id__in=children,
        service__isnull=False,
        start_on__lte=filters.end,
    ).values_list("pk", "plan__child_id", "service__level", "start_on", "end_on"):
        by_child.setdefault(child, []).append((pk, level, start, end))
    moved_up: set[int] = set()
    moved_down: set[int] = set()
    for child, actions in by_child.items():
        for pk, level, start, _end in actions:
            if pk not in starting:
                continue
            if level in HEAVY_LEVELS:
                if any(
                    other_level in LIGHT_LEVELS
                    and other_start < start
                    and (other_end is None or other_end >= start)
                    for _pk, other_level, other_start, other_end in actions
                ):
                    moved_up.add(child)
            elif level in LIGHT_LEVELS:
                heavy_ended = any(
                    other_level in HEAVY_LEVELS
                    and other_end is not None
                    and start - window <= other_end < start
                    for _pk, other_level, _start, other_end in actions
                )
                heavy_active = any(
                    other_level in HEAVY_LEVELS
                    and other_start <= start
                    and (other_end is None or other_end >= start)
                    for _pk, other_level, other_start, other_end in actions
                )
                if heavy_ended and not heavy_active:
                    moved_down.add(child)
    return len(moved_up), len(moved_down)


def level_movement(*, filters: Filters) -> Indicator:
    """Siirtymät perustasolta erityis- ja vaativalle tasolle ja takaisin."""
    up, down = _plan_moves(filters)
    short_up = ShortIntervention.objects.filter(
        _unit_area(filters, "unit", "basic_worker"),
        _between("ended_on", filters),
        result=InterventionResult.MOVES_SPECIAL,
    ).aggregate(n=Count("child_id", distinct=True))["n"]
    assessed_up = (
        _assessments(filters)
        .filter(
            _between("completed_on", filters),
            outcome__in=[
                AssessmentOutcome.SPECIAL_SERVICES,
                AssessmentOutcome.CHILD_PROTECTION_CLIENT,
                AssessmentOutcome.URGENT_MEASURES,
            ],
        )
        .aggregate(n=Count("child_id", distinct=True))["n"]
    )
    rows = [
        Row("plan_up", _g("Perustasolta erityis- tai vaativalle tasolle (suunnitelma)"), {"children": up}),
        Row(
            "plan_down",
            _g("Erityis- tai vaativalta tasolta takaisin perustasolle (suunnitelma)"),
            {"children": down},
        ),
        Row("short_intervention_up", _g("Lyhytinterventiosta erityistasolle"), {"children": short_up}),
        Row(
            "assessment_up",
            _g("Arvioinnista erityistason palveluihin tai lastensuojeluun"),
            {"children": assessed_up},
            drilldown="assessment_up",
        ),
    ]
    return _make(LEVEL_MOVEMENT, filters, "table", [Series("children", _g("Lapsia"))], rows, {})


SPECIAL_CLIENTS = _meta(
    "special_clients",
    _("Erityis- ja vaativan tason palvelujen asiakkaat jakson lopussa"),
    _(
        "Lapset, joiden voimassa olevassa suunnitelmassa on jakson viimeisenä päivänä voimassa oleva erityis- "
        "tai vaativan tason palvelu (toimenpide alkanut viimeistään silloin eikä päättynyt ennen sitä). Lapsi, "
        "jolla on molempia, lasketaan vaativalle tasolle. Alue: suunnitelman vastaava yksikkö."
    ),
)


def special_clients(*, filters: Filters) -> Indicator:
    """Erityis- ja vaativan tason palvelujen asiakkaat jakson lopussa."""
    end = filters.end
    active = _actions(filters).filter(
        Q(end_on__isnull=True) | Q(end_on__gte=end),
        Q(plan__closed_on__isnull=True) | Q(plan__closed_on__gte=end),
        start_on__lte=end,
        plan__started_on__lte=end,
    )
    demanding_children = active.filter(service__level=Level.DEMANDING).values("plan__child_id")
    demanding = demanding_children.aggregate(n=Count("plan__child_id", distinct=True))["n"]
    special = (
        active.filter(service__level=Level.SPECIAL)
        .exclude(plan__child_id__in=demanding_children)
        .aggregate(n=Count("plan__child_id", distinct=True))["n"]
    )
    rows = [
        Row(Level.SPECIAL.value, str(Level.SPECIAL.label), {"children": special}),
        Row(Level.DEMANDING.value, str(Level.DEMANDING.label), {"children": demanding}),
    ]
    totals = {"children": special + demanding}
    return _make(SPECIAL_CLIENTS, filters, "bar", [Series("children", _g("Lapsia"))], rows, totals)


# --- 10. Cost by service level -----------------------------------------------------------------------------------

COST_BY_LEVEL = _meta(
    "cost_by_level",
    _("Kustannukset palvelutasoittain"),
    _(
        "Suunnitelmien toimenpiteet, joilla on palveluluettelon palvelu ja sillä yksikkökustannus, ja jotka "
        "ovat voimassa jaksolla (alkaneet viimeistään jakson lopussa eivätkä päättyneet ennen sen alkua). "
        "Vuorokausihintaiset: yksikkökustannus × toimenpiteen voimassaolopäivät jaksolla. Muut perusteet "
        "(käynti, tunti, ryhmäkerta, yhteydenotto, arvio, seteli): yksikkökustannus × palvelun tyypillinen "
        "käyntimäärä (1, jos sitä ei ole annettu) toimenpiteille, jotka alkoivat jaksolla; koko jakso kirjataan "
        "alkamiskuukaudelle. Toimenpiteet ilman yksikkökustannusta lasketaan erikseen."
    ),
)


def cost_by_level(*, filters: Filters) -> Indicator:
    """Kustannukset palvelutasoittain yksikkökustannuksista (palveluluettelo)."""
    period_end = Value(filters.end, output_field=DateField())
    period_start = Value(filters.start, output_field=DateField())
    active = _actions(filters).filter(
        Q(end_on__isnull=True) | Q(end_on__gte=filters.start),
        service__isnull=False,
        start_on__lte=filters.end,
    )
    overlap = ExpressionWrapper(
        Least(Coalesce("end_on", period_end), period_end) - Greatest("start_on", period_start),
        output_field=DurationField(),
    )
    per_service = (
        active.order_by()
        .values(
            "service__level",
            "service_id",
            "service__unit_cost_eur",
            "service__unit_cost_basis",
            "service__typical_sessions",
        )
        .annotate(
            actions=Count("pk"),
            started=Count("pk", filter=Q(start_on__gte=filters.start)),
            overlap=Sum(overlap),
            children=Count("plan__child_id", distinct=True),
        )
    )
    cost: dict[str, Decimal] = {level: Decimal("0") for level in Level.values}
    actions: dict[str, int] = dict.fromkeys(Level.values, 0)
    uncosted: dict[str, int] = dict.fromkeys(Level.values, 0)
    for row in per_service:
        level = row["service__level"]
        actions[level] += row["actions"]
        unit_cost = row["service__unit_cost_eur"]
        if unit_cost is None:
            uncosted[level] += row["actions"]
            continue
        if row["service__unit_cost_basis"] in DAILY_BASES:
            overlap_days = (row["overlap"] or dt.timedelta(0)).days + row["actions"]
            cost[level] += unit_cost * overlap_days
        else:
            cost[level] += unit_cost * (row["service__typical_sessions"] or 1) * row["started"]
    rows = [
        Row(
            key=level,
            label=str(label),
            values={"cost_eur": float(cost[level]), "actions": actions[level], "uncosted": uncosted[level]},
        )
        for level, label in Level.choices
    ]
    totals = {
        "cost_eur": float(sum(cost.values())),
        "actions": sum(actions.values()),
        "uncosted": sum(uncosted.values()),
    }
    series = [
        Series("cost_eur", _g("Kustannus (€)"), "eur"),
        Series("actions", _g("Toimenpiteitä")),
        Series("uncosted", _g("Ilman yksikkökustannusta")),
    ]
    return _make(COST_BY_LEVEL, filters, "bar", series, rows, totals)


# --- 11. Outcome instruments over time ---------------------------------------------------------------------------

OUTCOME_INSTRUMENTS = _meta(
    "outcome_instruments",
    _("Vaikuttavuusmittarit ajan mittaan"),
    _(
        "Neljännesvuosittain: WHOQOL-BREF-aluepisteiden keskiarvot asteikolla 0–100 ((pisteet − 4) × 100 / 16) "
        "jaksolla pidetyistä arviointitapaamisista (hylätyt lomakkeet, alle 21 vastausta, eivät ole mukana) ja "
        "GAS-T-lukujen keskiarvo arviointitapaamisista ja suunnitelmien tarkistuksista. Neljänneksen ratkaisee "
        "tapaamis- tai tarkistuspäivä. Alue: arvioinnin tilastoalue ja vastuuyksikkö; tarkistuksissa "
        "suunnitelman vastaava yksikkö."
    ),
)


def _by_quarter(queryset: QuerySet, field: str, **aggregates: Any) -> dict[str, dict[str, Any]]:
    rows = (
        queryset.order_by()
        .annotate(_quarter=TruncQuarter(field, output_field=DateField()))
        .values("_quarter")
        .annotate(**aggregates)
    )
    return {_quarter_key(_as_date(row.pop("_quarter"))): row for row in rows}


def outcome_instruments(*, filters: Filters) -> Indicator:
    """WHOQOL-BREF ja Goal Attainment Scaling ajan mittaan (DOMAIN.md §5)."""
    whoqol = _by_quarter(
        WhoqolResult.objects.filter(
            _assessment_area(filters, "meeting__assessment__"),
            _between("meeting__held_on", filters),
            discarded=False,
        ),
        "meeting__held_on",
        n=Count("pk"),
        **{domain: Avg(domain) for domain in WHOQOL_DOMAINS},
    )
    gas_meetings = _by_quarter(
        GasResult.objects.filter(
            _assessment_area(filters, "meeting__assessment__"), _between("meeting__held_on", filters)
        ),
        "meeting__held_on",
        n=Count("pk"),
        total=Sum("t_score"),
    )
    gas_reviews = _by_quarter(
        PlanReview.objects.filter(
            _unit_area(filters, "plan__unit", "plan__coordinator"),
            _between("reviewed_on", filters),
            t_score__isnull=False,
        ),
        "reviewed_on",
        n=Count("pk"),
        total=Sum("t_score"),
    )

    def to_100(score: float | None) -> float | None:
        return None if score is None else round((score - 4) * 100 / 16, 1)

    rows = []
    for quarter in _quarters(filters.start, filters.end):
        key = _quarter_key(quarter)
        w = whoqol.get(key, {})
        gas_n = gas_meetings.get(key, {}).get("n", 0) + gas_reviews.get(key, {}).get("n", 0)
        gas_total = (gas_meetings.get(key, {}).get("total") or 0) + (
            gas_reviews.get(key, {}).get("total") or 0
        )
        values: dict[str, Any] = {f"whoqol_{d}": to_100(w.get(d)) for d in WHOQOL_DOMAINS}
        values["whoqol_n"] = w.get("n", 0)
        values["gas_t"] = round(gas_total / gas_n, 1) if gas_n else None
        values["gas_n"] = gas_n
        rows.append(Row(key=key, label=key, values=values))
    series = [
        Series("whoqol_physical", _g("WHOQOL fyysinen (0–100)"), "score"),
        Series("whoqol_psychological", _g("WHOQOL psyykkinen (0–100)"), "score"),
        Series("whoqol_social", _g("WHOQOL sosiaalinen (0–100)"), "score"),
        Series("whoqol_environment", _g("WHOQOL ympäristö (0–100)"), "score"),
        Series("whoqol_n", _g("WHOQOL-lomakkeita")),
        Series("gas_t", _g("GAS T-luku"), "score"),
        Series("gas_n", _g("GAS-arvioita")),
    ]
    totals = {"whoqol_n": _sum(rows, "whoqol_n"), "gas_n": _sum(rows, "gas_n")}
    return _make(OUTCOME_INSTRUMENTS, filters, "line", series, rows, totals)
