"""The managers' dashboard (tietojohtaminen, DOMAIN.md §6) and its drill-down list, through the test client.

The figures come from ``luukku.statistics.selectors`` on a small dataset (county Alfa with municipalities Aapala
and Ahola, county Beeta elsewhere), all received in 2026:
Aapala, team A: school 12.3., school 4.5., police 6.5.; Ahola, team B: school 7.5.; Beeta: police 8.5.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from luukku.audit.models import AuditAction, AuditEntry, AuditOutcome
from luukku.core import time
from luukku.core.factories import (
    ChildFactory,
    MunicipalityFactory,
    OrganisationFactory,
    ProfessionalFactory,
    UnitFactory,
)
from luukku.core.testing import login
from luukku.intake.services import Notifier, intake_register
from luukku.organisations.models import OrganisationKind, Role
from luukku.statistics import selectors

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 5, 20, 10, 0, tzinfo=time.HELSINKI)
URL = "/tilastot/"


@pytest.fixture
def registry() -> None:
    """The dashboard's real registry (kept as a fixture so that every test names what it depends on)."""
    assert "intakes_by_sector" in selectors.INDICATORS


@pytest.fixture
def world() -> dict[str, Any]:
    with time.frozen(NOW):
        alfa = OrganisationFactory(kind=OrganisationKind.WELLBEING_COUNTY, name_fi="Alfan hyvinvointialue")
        beeta = OrganisationFactory(kind=OrganisationKind.WELLBEING_COUNTY, name_fi="Beetan hyvinvointialue")
        aapala, ahola, beetala = (
            MunicipalityFactory(name_fi=name) for name in ("Aapala", "Ahola", "Beetala")
        )
        alfa.municipalities.add(aapala, ahola)
        beeta.municipalities.add(beetala)
        team_a = UnitFactory(
            organisation=alfa, name_fi="Aapalan lapsiperheiden sosiaalityö", municipality=aapala
        )
        team_b = UnitFactory(
            organisation=alfa, name_fi="Aholan lapsiperheiden sosiaalityö", municipality=ahola
        )
        team_beeta = UnitFactory(organisation=beeta, name_fi="Beetalan sosiaalityö", municipality=beetala)
        manager = ProfessionalFactory(unit=team_a, role=Role.MANAGER)
        world = {
            "alfa": alfa,
            "aapala": aapala,
            "ahola": ahola,
            "team_a": team_a,
            "team_b": team_b,
            "manager": manager,
            "intakes": [],
        }
        for sector, received, unit, municipality in (
            ("education", dt.date(2026, 3, 12), team_a, aapala),
            ("education", dt.date(2026, 5, 4), team_a, aapala),
            ("police", dt.date(2026, 5, 6), team_a, aapala),
            ("education", dt.date(2026, 5, 7), team_b, ahola),
            ("police", dt.date(2026, 5, 8), team_beeta, beetala),
        ):
            world["intakes"] += intake_register(
                actor=None,
                kind="child_protection_notification",
                children=[ChildFactory()],
                notifier=Notifier(sector=sector, name="Ilmoittaja", organisation="Taho", phone="040 1"),
                concern="Huoli lapsesta.",
                received_at=dt.datetime.combine(received, dt.time(9), tzinfo=time.HELSINKI),
                unit=unit,
                municipality=municipality,
            )
    return world


def _get(client: Any, user: Any, url: str = URL, **query: Any) -> Any:
    login(client, user)
    with time.frozen(NOW):
        return client.get(url, query)


def _section(response: Any, key: str) -> dict[str, Any]:
    return next(s for s in response.context["sections"] if s["indicator"].key == key)


def _table(response: Any, key: str) -> dict[str, str]:
    """The indicator's table as {row key: first column}, rows with a figure only, from the rendered context."""
    section = next(s for s in response.context["sections"] if s["indicator"].key == key)
    return {
        row["key"]: row["cells"][0]["raw"]
        for row in section["rows"]
        if row["cells"][0]["raw"] not in ("", "0")
    }


def test_manager_sees_the_figures_of_their_county_as_tables(client, world, registry):
    # given a manager of county Alfa
    # when they open the dashboard for the whole of 2026 so far
    response = _get(client, world["manager"], start="2026-01-01", end="2026-05-20")
    # then the figures count the county's intakes only (Beeta's police notification is not there)
    assert response.status_code == 200
    assert _table(response, "intakes_by_sector") == {"education": "3", "police": "1"}
    body = response.content.decode()
    # and each figure is a table with a caption, a definition, a chart slot, a CSV link and the data block
    assert "<caption>Vireilletulot ilmoittajan tahon mukaan 1.1.2026–20.5.2026</caption>" in body
    assert "<summary>Määritelmä</summary>" in body
    assert 'data-chart="bar"' in body
    assert "/api/v1/statistics/indicators/intakes_by_sector?format=csv&amp;start=2026-01-01" in body
    assert 'id="indicator-data-intakes_by_sector" type="application/json"' in body
    # and every indicator of the registry has its section, in the registry's order
    keys = [section["indicator"].key for section in response.context["sections"]]
    assert keys == list(selectors.INDICATORS)


def test_shares_are_shown_the_finnish_way_with_the_total(client, world, registry):
    # given a manager
    # when the dashboard shows the intakes by sector with their shares
    response = _get(client, world["manager"], start="2026-01-01", end="2026-05-20")
    # then the table reads the Finnish way: 3 of 4 is "75,0 %", and the total row is there
    body = response.content.decode()
    assert '<td data-value="75.0">75,0 %</td>' in body
    assert '<td data-value="25.0">25,0 %</td>' in body
    section = body.split('id="indicator-intakes_by_sector"')[1].split("</section>")[0]
    total_row = re.sub(r">\s+<", "><", section.split("<tfoot>")[1].split("</tfoot>")[0])
    assert total_row.startswith(
        '<tr><th scope="row">Yhteensä</th><td data-value="4">4</td><td data-value="100.0">100,0 %</td>'
    )


def test_the_default_period_is_the_last_twelve_months(client, world, registry):
    # given a manager who gives no filter
    response = _get(client, world["manager"])
    # then the period runs from the first day of the month eleven months back to today
    filters = _section(response, "intakes_by_sector")["indicator"].filters
    assert (filters.start, filters.end) == (dt.date(2025, 6, 1), dt.date(2026, 5, 20))
    assert _table(response, "intakes_by_sector") == {"education": "3", "police": "1"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"start": "2026-04-01", "end": "2026-05-20"}, {"education": "2", "police": "1"}),
        ({"start": "2026-01-01", "end": "2026-03-31"}, {"education": "1"}),
        ({"municipality": "ahola"}, {"education": "1"}),
        ({"unit": "team_a"}, {"education": "2", "police": "1"}),
        ({"worker": "manager"}, {}),  # none of the intakes has been assigned to a worker
    ],
)
def test_filters_change_the_figures(client, world, registry, query, expected):
    # given a manager and a filter by period, municipality or team
    params = {
        name: world[value].pk if name in ("municipality", "unit", "worker") else value
        for name, value in query.items()
    }
    # when they apply it
    response = _get(client, world["manager"], **params)
    # then the figures are those of the filter
    assert _table(response, "intakes_by_sector") == expected


def test_a_municipality_of_another_county_is_not_accepted(client, world, registry):
    # given a manager of Alfa and a municipality of Beeta
    beetala = world["alfa"].municipalities.model.objects.get(name_fi="Beetala")
    # when they try to filter by it
    response = _get(client, world["manager"], municipality=beetala.pk)
    # then the form says no and no figures are shown
    assert response.status_code == 200
    assert response.context["sections"] == []
    assert response.context["form"].errors["municipality"]


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2026-05-01", "2026-04-01", "Päättymispäivä ei voi olla ennen alkamispäivää."),
        ("2014-01-01", "2026-04-01", "Aikaväli voi olla enintään kymmenen vuotta."),
        ("toukokuu", "2026-04-01", None),
    ],
)
def test_a_period_the_dashboard_cannot_show_is_an_error(client, world, registry, start, end, message):
    # given a manager
    # when the period is backwards, longer than ten years or not a date
    response = _get(client, world["manager"], start=start, end=end)
    # then the form tells so and shows no figures
    errors = response.context["form"].errors
    assert errors
    for error in (message, *errors.get("start", []), *errors.get("end", [])):
        assert error is None or error in response.content.decode()
    assert response.context["sections"] == []


def test_quick_periods_include_the_latest_thl_periods(client, world, registry):
    # given a manager on 20.5.2026
    response = _get(client, world["manager"], municipality=world["aapala"].pk)
    # then the quick choices are this year, the last 12 months and the latest THL period of each kind (the
    # running one and the one that ended last), keeping the area
    periods = [(p["start"], p["end"]) for p in response.context["periods"]]
    assert periods == [
        ("2026-01-01", "2026-05-20"),
        ("2025-06-01", "2026-05-20"),
        ("2026-04-01", "2026-09-30"),
        ("2025-10-01", "2026-03-31"),
    ]
    assert all(f"municipality={world['aapala'].pk}" in p["url"] for p in response.context["periods"])


def test_administrator_may_open_the_dashboard(client, world, registry):
    # given an administrator of county Alfa
    admin = ProfessionalFactory(unit=world["team_b"], role=Role.ADMINISTRATOR)
    # when they open the dashboard
    response = _get(client, admin, start="2026-01-01", end="2026-05-20")
    # then they see the county's figures
    assert response.status_code == 200
    assert _table(response, "intakes_by_sector") == {"education": "3", "police": "1"}


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.FAMILY_COUNSELLOR, Role.PROFESSIONAL, Role.POLICE])
def test_other_roles_are_refused_and_the_refusal_is_logged(client, world, registry, role):
    # given a professional who is not a manager or an administrator
    worker = ProfessionalFactory(unit=world["team_a"], role=role)
    refused_before = AuditEntry.objects.filter(outcome=AuditOutcome.REFUSED).count()
    # when they open the dashboard or a drill-down
    dashboard = _get(client, worker)
    cases = _get(client, worker, "/tilastot/intakes_by_sector/tapaukset/", row="education")
    # then both are refused, show no figures, and the refusals are in the access log
    assert (dashboard.status_code, cases.status_code) == (403, 403)
    assert "Vireilletulot ilmoittajan tahon mukaan" not in dashboard.content.decode()
    assert AuditEntry.objects.filter(outcome=AuditOutcome.REFUSED).count() == refused_before + 2


def test_anonymous_is_sent_to_log_in(client, world, registry):
    # given no one logged in
    # when the dashboard is opened
    response = client.get(URL)
    # then the login page is asked for
    assert response.status_code == 302
    assert response["Location"].startswith("/kirjaudu/")


def test_rows_link_to_their_cases_with_the_same_filter(client, world, registry):
    # given a manager on the dashboard
    response = _get(client, world["manager"], start="2026-01-01", end="2026-05-20", unit=world["team_a"].pk)
    # then each row with cases links to the drill-down for that row and the same filter
    urls = {row["key"]: row["drilldown_url"] for row in _section(response, "intakes_by_sector")["rows"]}
    assert urls["education"] == (
        f"/tilastot/intakes_by_sector/tapaukset/?row=education&start=2026-01-01&end=2026-05-20&unit={world['team_a'].pk}"
    )
    assert f'href="{urls["police"].replace("&", "&amp;")}"' in response.content.decode()


def test_drill_down_lists_only_the_cases_the_manager_may_see(client, world, registry):
    # given a manager of team Aapala: the team owns two school notifications; Ahola's team owns the third
    own = [
        i for i in world["intakes"] if i.unit_id == world["team_a"].pk and i.notifier_sector == "education"
    ]
    other = next(i for i in world["intakes"] if i.unit_id == world["team_b"].pk)
    # when they open the cases behind "education" for the whole county
    response = _get(
        client,
        world["manager"],
        "/tilastot/intakes_by_sector/tapaukset/",
        row="education",
        start="2026-01-01",
    )
    # then the list shows their team's cases, linked to the intake pages, and not the other team's
    body = response.content.decode()
    assert response.status_code == 200
    for intake in own:
        assert f'href="/vireilletulot/{intake.receipt_number}/"' in body
        assert intake.child.last_name in body
    assert other.receipt_number not in body and other.child.last_name not in body
    assert "Vireilletulot ilmoittajan tahon mukaan: Opetus ja koulu" in body
    # and the list says that one case is not shown, and each shown case is in the access log as read
    assert "1 tapaus ei näy, koska sinulla ei ole siihen käyttöoikeutta." in body
    reads = AuditEntry.objects.filter(
        actor=world["manager"], action=AuditAction.READ, person__in=[i.child for i in own]
    )
    assert reads.count() == 2


def test_drill_down_of_an_unknown_indicator_or_without_a_row_is_not_found(client, world, registry):
    # given a manager
    # when the drill-down names no indicator of the registry, or no row
    unknown = _get(client, world["manager"], "/tilastot/ei-tallaista/tapaukset/", row="education")
    no_row = _get(client, world["manager"], "/tilastot/intakes_by_sector/tapaukset/")
    # then both are not found
    assert (unknown.status_code, no_row.status_code) == (404, 404)


def test_managers_start_page_links_to_the_dashboard(client, world):
    # given a manager
    # when they open their start page
    response = _get(client, world["manager"], "/")
    # then it links to the dashboard
    assert 'href="/tilastot/"' in response.content.decode()
