"""The managers' dashboard (tietojohtaminen) in a real browser: the charts are drawn as SVG from the figures, a
filter redraws them from the JSON API, the tables say the same, the drill-down lists the manager's visible cases,
and axe-core finds nothing on either page.

The dataset: county Alfa with municipalities Aapala and Ahola; team A (Aapala) received three school
notifications, team B (Ahola) one from the police, all in April and May 2026; the manager works in team A.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser]

PASSWORD = "selain-testi-salasana-2026"
NOW = dt.datetime(2026, 5, 20, 10, 0)


@pytest.fixture
def frozen_clock() -> Iterator[None]:
    from luukku.core import time

    with time.frozen(NOW):
        yield


@pytest.fixture
def county(transactional_db: Any, frozen_clock: None) -> dict[str, Any]:
    from luukku.core import time
    from luukku.core.factories import (
        ChildFactory,
        MunicipalityFactory,
        OrganisationFactory,
        UnitFactory,
    )
    from luukku.intake.services import Notifier, intake_register
    from luukku.organisations.models import OrganisationKind

    alfa = OrganisationFactory(kind=OrganisationKind.WELLBEING_COUNTY, name_fi="Alfan hyvinvointialue")
    aapala = MunicipalityFactory(code="aapala", name_fi="Aapala")
    ahola = MunicipalityFactory(code="ahola", name_fi="Ahola")
    alfa.municipalities.add(aapala, ahola)
    team_a = UnitFactory(organisation=alfa, name_fi="Aapalan lapsiperheiden sosiaalityö", municipality=aapala)
    team_b = UnitFactory(organisation=alfa, name_fi="Aholan lapsiperheiden sosiaalityö", municipality=ahola)
    for sector, received, unit, municipality in (
        ("education", dt.date(2026, 4, 14), team_a, aapala),
        ("education", dt.date(2026, 5, 4), team_a, aapala),
        ("education", dt.date(2026, 5, 6), team_a, aapala),
        ("police", dt.date(2026, 5, 7), team_b, ahola),
    ):
        intake_register(
            actor=None,
            kind="child_protection_notification",
            children=[ChildFactory()],
            notifier=Notifier(sector=sector, name="Ilmoittaja", organisation="Taho", phone="040 1"),
            concern="Huoli lapsesta.",
            received_at=dt.datetime.combine(received, dt.time(9), tzinfo=time.HELSINKI),
            unit=unit,
            municipality=municipality,
        )
    return {"team_a": team_a, "ahola": ahola}


def _log_in_as_manager(page: Any, unit: Any) -> Any:
    """Through the real login page and the TOTP step, with the code computed from the device key."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from luukku.core.auth import TOTP_DEVICE_NAME
    from luukku.core.factories import ProfessionalFactory
    from luukku.organisations.models import Role

    manager = ProfessionalFactory(
        username="esihenkilo.selain", role=Role.MANAGER, password=PASSWORD, first_name="Eeva", unit=unit
    )
    device = TOTPDevice.objects.create(user=manager, name=TOTP_DEVICE_NAME, confirmed=True)
    page.goto("/kirjaudu/?next=/tilastot/")
    page.locator("input[name=username]").fill(manager.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu", exact=True).click()
    page.wait_for_url(re.compile(r"/kirjaudu/vahvistus/"))
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    page.locator("input[name=token]").fill(f"{totp.token():0{device.digits}d}")
    page.get_by_role("button", name="Vahvista", exact=True).click()
    page.wait_for_url(re.compile(r"/tilastot/$"))
    return manager


def _bar(section: Any, row: str) -> Any:
    return section.locator(f"svg rect[data-row='{row}'][data-series='count']")


def _count_cell(section: Any, label: str) -> Any:
    """The table's count cell of a row (the first figure after the row header)."""
    return (
        section.locator("tbody tr", has=section.page.get_by_role("rowheader", name=label, exact=True))
        .locator("td")
        .first
    )


def test_manager_dashboard_charts_follow_the_filter_and_match_the_tables(
    page: Any, county: dict[str, Any]
) -> None:
    # given a manager of team A, logged in, on the dashboard
    _log_in_as_manager(page, county["team_a"])
    expect(page.get_by_role("heading", level=1, name="Tietojohtaminen")).to_be_visible()
    sector = page.locator("#indicator-intakes_by_sector")
    # then each chart is drawn as SVG with an accessible name, from the same figures as its table
    chart = sector.get_by_role("img")
    expect(chart).to_be_visible()
    expect(chart).to_have_attribute("aria-label", re.compile("^Vireilletulot ilmoittajan tahon mukaan"))
    expect(_bar(sector, "education")).to_have_attribute("data-value", "3")
    expect(_bar(sector, "police")).to_have_attribute("data-value", "1")
    expect(_count_cell(sector, "Opetus ja koulu")).to_have_attribute("data-value", "3")
    expect(_count_cell(sector, "Poliisi")).to_have_attribute("data-value", "1")
    expect(page.locator("[data-testid=chart] svg").first).to_be_visible()
    screenshot(page, "dashboard-fi")
    # and axe-core finds no accessibility violations
    assert axe_violations(page) == []

    # when the manager narrows the figures to the municipality of Ahola
    page.get_by_label("Kunta").select_option(label="Ahola")
    # then the charts are redrawn from the API, the address keeps the filter, and the table says the same
    expect(page.get_by_test_id("dashboard-status")).to_have_text("Luvut päivitetty.")
    expect(page).to_have_url(re.compile(rf"municipality={county['ahola'].pk}"))
    expect(_bar(sector, "education")).to_have_attribute("data-value", "0")
    expect(_bar(sector, "police")).to_have_attribute("data-value", "1")
    expect(_count_cell(sector, "Opetus ja koulu")).to_have_attribute("data-value", "0")
    expect(_count_cell(sector, "Poliisi")).to_have_attribute("data-value", "1")
    csv = sector.get_by_role("link", name=re.compile("^Lataa CSV"))
    expect(csv).to_have_attribute("href", re.compile(r"format=csv"))
    expect(csv).to_have_attribute("href", re.compile(rf"municipality={county['ahola'].pk}"))

    # when the filter is taken off again and the manager opens the school notifications behind the figure
    page.get_by_label("Kunta").select_option(label="Kaikki kunnat")
    expect(_bar(sector, "education")).to_have_attribute("data-value", "3")
    sector.get_by_role("link", name="Tapaukset: Opetus ja koulu").click()
    # then the drill-down lists the team's three cases, each linking to its intake page
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Vireilletulot ilmoittajan tahon mukaan: Opetus ja koulu"
    )
    cases = page.get_by_test_id("case")
    expect(cases).to_have_count(3)
    expect(cases.first.get_by_role("link")).to_have_attribute("href", re.compile(r"^/vireilletulot/[^/]+/$"))
    screenshot(page, "dashboard-cases-fi")
    assert axe_violations(page) == []


def test_period_quick_choice_redraws_the_trend(page: Any, county: dict[str, Any]) -> None:
    # given a manager on the dashboard, whose intakes by kind are drawn per month
    _log_in_as_manager(page, county["team_a"])
    by_kind = page.locator("#indicator-intakes_by_kind")
    expect(by_kind.get_by_role("img")).to_be_visible()
    expect(by_kind.locator("tbody tr")).to_have_count(12)
    # when the manager picks this year
    page.get_by_role("link", name="Tämä vuosi").click()
    # then the chart and the table show January to May, one row per month
    expect(page.get_by_test_id("dashboard-status")).to_have_text("Luvut päivitetty.")
    expect(page).to_have_url(re.compile(r"start=2026-01-01&end=2026-05-20"))
    expect(by_kind.locator("tbody tr")).to_have_count(5)
    expect(by_kind.get_by_role("rowheader").first).to_have_text("2026-01")
    expect(by_kind.locator("svg text", has_text="2026-01")).to_have_count(1)
    may = by_kind.locator("svg rect[data-row='2026-05'][data-series='child_protection_notification']")
    expect(may).to_have_attribute("data-value", "3")
    assert axe_violations(page) == []
