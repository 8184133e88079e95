"""Indicators 1–3: intakes by kind and by notifier sector, repeat notifications, the share leading to a PTA."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from luukku.intake.models import IntakeKind, NotifierSector, Outcome
from luukku.statistics.selectors.common import (
    ANTICIPATORY,
    INTAKE_ROW,
    _between,
    _by_month,
    _intakes,
    _make,
    _meta,
    _month_rows,
    _pct,
    _sum,
)
from luukku.statistics.types import Filters, Indicator, Row, Series

# --- 1. Intakes by kind and by notifier sector -----------------------------------------------------------------

INTAKES_BY_KIND = _meta(
    "intakes_by_kind",
    _("Vireilletulot lajeittain"),
    _(
        "Kaikki vireilletulot (lastensuojeluilmoitukset, ennakolliset ilmoitukset, yhteydenotot "
        "sosiaalihuoltoon ja perheiden omat pyynnöt) vastaanottopäivän kuukauden mukaan. Yksi vireilletulo "
        "on yksi lapsi: sisarusten yhteinen ilmoitus lasketaan kunkin lapsen kohdalla."
    ),
)


def intakes_by_kind(*, filters: Filters) -> Indicator:
    """Vireilletulot lajeittain kuukausittain (LSL 25 §, 25 c §, SHL 35 §)."""
    kinds = IntakeKind.values
    data = _by_month(
        _intakes(filters).filter(_between("received_on", filters)),
        "received_on",
        **{kind: Count(INTAKE_ROW, filter=Q(kind=kind)) for kind in kinds},
        total=Count(INTAKE_ROW),
    )
    rows = _month_rows(filters, lambda row: {k: row.get(k, 0) for k in [*kinds, "total"]}, data)
    series = [Series(kind, str(label)) for kind, label in IntakeKind.choices]
    series.append(Series("total", _g("Yhteensä")))
    totals = {key: _sum(rows, key) for key in [*kinds, "total"]}
    return _make(INTAKES_BY_KIND, filters, "stacked_bar", series, rows, totals)


INTAKES_BY_SECTOR = _meta(
    "intakes_by_sector",
    _("Vireilletulot ilmoittajan tahon mukaan"),
    _(
        "Jaksolla vastaanotetut vireilletulot ilmoittajan tahon (sektorin) mukaan ja osuus kaikista jakson "
        "vireilletuloista. Jakson ratkaisee vastaanottopäivä."
    ),
)


def intakes_by_sector(*, filters: Filters) -> Indicator:
    """Vireilletulot ilmoittajan tahon mukaan (LSL 25 § 1 mom: ilmoitusvelvolliset tahot)."""
    counts = dict(
        _intakes(filters)
        .filter(_between("received_on", filters))
        .order_by()
        .values_list("notifier_sector")
        .annotate(n=Count(INTAKE_ROW))
    )
    total = sum(counts.values())
    rows = [
        Row(
            key=sector,
            label=str(label),
            values={"count": counts.get(sector, 0), "share": _pct(counts.get(sector, 0), total)},
            drilldown=sector,
        )
        for sector, label in NotifierSector.choices
    ]
    series = [Series("count", _g("Vireilletuloja")), Series("share", _g("Osuus (%)"), "percent")]
    return _make(
        INTAKES_BY_SECTOR, filters, "bar", series, rows, {"count": total, "share": 100.0 if total else None}
    )


# --- 2. Repeat notifications -------------------------------------------------------------------------------------

REPEAT_BUCKETS = (
    ("1", _("1 vireilletulo"), 1, 1),
    ("2", _("2 vireilletuloa"), 2, 2),
    ("3-4", _("3–4 vireilletuloa"), 3, 4),
    ("5+", _("5 tai enemmän"), 5, None),
)

REPEAT_NOTIFICATIONS = _meta(
    "repeat_notifications",
    _("Toistuvat ilmoitukset"),
    _(
        "Lapset, joista jaksolla on vastaanotettu 1, 2, 3–4 tai vähintään 5 vireilletuloa (kaikki lajit), ja "
        "vireilletulojen keskimäärä lasta kohden (vireilletulot ÷ lapset). Jakson ratkaisee vastaanottopäivä."
    ),
)


def _per_child(filters: Filters) -> QuerySet:
    return (
        _intakes(filters)
        .filter(_between("received_on", filters))
        .order_by()
        .values("child_id")
        .annotate(n=Count(INTAKE_ROW))
    )


def repeat_notifications(*, filters: Filters) -> Indicator:
    """Toistuvat lastensuojeluilmoitukset: lapset vireilletulojen määrän mukaan."""
    inner_sql, params = _per_child(filters).values("child_id", "n").query.sql_with_params()
    buckets = []
    for _key, _label, low, high in REPEAT_BUCKETS:
        condition = f"n >= {low}" + (f" AND n <= {high}" if high is not None else "")
        buckets.append(f"COALESCE(SUM(CASE WHEN {condition} THEN 1 ELSE 0 END), 0)")
    sql = f"SELECT COUNT(*), COALESCE(SUM(n), 0), {', '.join(buckets)} FROM ({inner_sql}) per_child"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        children, intakes, *counts = cursor.fetchone()
    rows = [
        Row(key=key, label=str(label), values={"children": int(count)}, drilldown=key)
        for (key, label, _low, _high), count in zip(REPEAT_BUCKETS, counts, strict=True)
    ]
    totals = {
        "children": int(children),
        "intakes": int(intakes),
        "mean_per_child": round(int(intakes) / int(children), 2) if children else None,
    }
    series = [Series("children", _g("Lapsia"))]
    return _make(REPEAT_NOTIFICATIONS, filters, "bar", series, rows, totals)


# --- 3. Share of intakes leading to a PTA ------------------------------------------------------------------------

PTA_SHARE = _meta(
    "pta_share",
    _("Palvelutarpeen arviointiin johtaneet vireilletulot"),
    _(
        "Osoittaja: vireilletulot, joiden ratkaisu on ”palvelutarpeen arviointi aloitettu”. Nimittäjä: "
        "ratkaistut vireilletulot (arviointi aloitettu, liitetty olemassa olevaan asiakkuuteen tai arviointiin, "
        "ilmeisen tarpeeton). Ennakolliset ilmoitukset ja ratkaisemattomat vireilletulot eivät ole mukana. "
        "Kuukauden ratkaisee vastaanottopäivä; ratkaisu luetaan sellaisena kuin se on nyt."
    ),
)


def _pta_share_q() -> Q:
    return ~Q(kind=ANTICIPATORY) & ~Q(outcome="")


def pta_share(*, filters: Filters) -> Indicator:
    """Palvelutarpeen arviointiin johtaneiden vireilletulojen osuus (SHL 36 §, LSL 26 §)."""
    data = _by_month(
        _intakes(filters).filter(_between("received_on", filters), _pta_share_q()),
        "received_on",
        decided=Count(INTAKE_ROW),
        pta_started=Count(INTAKE_ROW, filter=Q(outcome=Outcome.PTA_STARTED)),
    )

    def values(row: dict[str, Any]) -> dict[str, Any]:
        decided, started = row.get("decided", 0), row.get("pta_started", 0)
        return {"decided": decided, "pta_started": started, "share": _pct(started, decided)}

    rows = _month_rows(filters, values, data)
    decided, started = _sum(rows, "decided"), _sum(rows, "pta_started")
    series = [
        Series("decided", _g("Ratkaistuja")),
        Series("pta_started", _g("Arviointi aloitettu")),
        Series("share", _g("Osuus (%)"), "percent"),
    ]
    totals = {"decided": decided, "pta_started": started, "share": _pct(started, decided)}
    return _make(PTA_SHARE, filters, "line", series, rows, totals)
