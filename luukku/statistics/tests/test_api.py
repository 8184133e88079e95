"""The statistics API (/api/v1/statistics/...): who may call it, the figure as JSON and CSV, bad input and the
drill-down through the access policy with its access-log rows."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from luukku.access.models import AccessBasis
from luukku.access.services import involvement_grant
from luukku.audit.models import AuditAction, AuditEntry
from luukku.core import time
from luukku.core.factories import ProfessionalFactory
from luukku.core.testing import login
from luukku.organisations.models import Role
from luukku.statistics import selectors
from luukku.statistics.tests.test_indicators import TODAY, at, make_dataset

pytestmark = pytest.mark.django_db

BASE = "/api/v1/statistics/indicators"
PERIOD = "start=2025-12-01&end=2026-01-31"


@pytest.fixture
def data():
    """The hand-made county of ``test_indicators``, with the clock frozen at 10.2.2026 for the whole test."""
    with time.frozen(at(TODAY, 10)):
        yield make_dataset()


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    return login(Client(), user)


def test_the_list_names_every_indicator_for_a_manager(data):
    # given a manager of the county
    client = client_for(data.place.manager)
    # when they ask for the list
    response = client.get(BASE)
    # then every indicator is there in display order, with its Finnish title and definition
    assert response.status_code == 200
    body = response.json()
    assert [item["key"] for item in body] == list(selectors.INDICATORS)
    assert body[0]["title"] == "Vireilletulot lajeittain"
    assert all(item["definition"] for item in body)


def test_anonymous_callers_get_401(data):
    # given no session, then every statistics address answers 401
    for url in (BASE, f"{BASE}/pta_share?{PERIOD}", f"{BASE}/pta_share/cases?row=2025-12&{PERIOD}"):
        assert Client().get(url).status_code == 401


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.FAMILY_COUNSELLOR, Role.PROFESSIONAL, Role.POLICE])
def test_other_roles_get_403_and_nothing_is_logged(data, role):
    # given a professional of the county's team who is not a manager or an administrator
    user = ProfessionalFactory(unit=data.place.unit1, role=role)
    client = client_for(user)
    before = AuditEntry.objects.count()
    # when they ask for the list, a figure or its cases
    answers = [
        client.get(BASE),
        client.get(f"{BASE}/intakes_by_kind?{PERIOD}"),
        client.get(f"{BASE}/intakes_by_kind/cases?row=2026-01&{PERIOD}"),
    ]
    # then each is refused and nothing was read or logged
    assert [answer.status_code for answer in answers] == [403, 403, 403]
    assert "LS-TEST" not in answers[2].content.decode()
    assert AuditEntry.objects.count() == before


def test_a_figure_as_json_for_the_managers_county(data):
    # given a manager of the county
    client = client_for(data.place.manager)
    # when they ask for the share of intakes leading to an assessment
    response = client.get(f"{BASE}/pta_share?{PERIOD}")
    # then the figure is the selector's, for their own county
    assert response.status_code == 200
    body = response.json()
    assert body["key"] == "pta_share"
    assert body["filters"]["county"] == data.place.county.pk
    assert body["totals"] == {"decided": 6, "pta_started": 4, "share": 66.7}
    assert [row["key"] for row in body["rows"]] == ["2025-12", "2026-01"]


def test_a_figure_narrowed_to_a_municipality_unit_and_worker(data):
    # given the county's first team and its worker, by id and by code
    place = data.place
    client = client_for(place.manager)
    # when the manager narrows the figure
    by_unit = client.get(f"{BASE}/caseload?{PERIOD}&unit={place.unit2.pk}").json()
    by_code = client.get(f"{BASE}/caseload?{PERIOD}&unit=tiimi-2").json()
    by_worker = client.get(f"{BASE}/intakes_by_kind?{PERIOD}&worker={place.worker1.pk}").json()
    by_municipality = client.get(f"{BASE}/intakes_by_kind?{PERIOD}&municipality=ruokoniemi").json()
    # then only that area's cases are counted
    assert [row["key"] for row in by_unit["rows"]] == [str(place.worker3.pk)]
    assert by_code == by_unit
    assert by_worker["totals"]["total"] == 1
    assert by_municipality["totals"]["total"] == 0
    assert by_municipality["filters"]["municipality"] == place.m2.pk


def test_an_area_outside_the_county_is_404(data):
    # given a municipality, a unit and a worker of another county, and ones that do not exist
    place = data.place
    client = client_for(place.manager)
    # when the manager asks for them, then each is 404, the same as one that does not exist
    for query in (
        f"municipality={place.m3.pk}",
        f"unit={place.other_unit.pk}",
        f"worker={place.other_worker.pk}",
        "municipality=ei-ole",
        "unit=999999",
        "worker=ei-ketaan",
    ):
        response = client.get(f"{BASE}/intakes_by_kind?{PERIOD}&{query}")
        assert response.status_code == 404, query
        assert response.json()["detail"]


def test_an_unknown_indicator_is_404(data):
    client = client_for(data.place.manager)
    # when an unknown key is asked for, then 404 for the figure and for its cases
    assert client.get(f"{BASE}/ei-tallaista?{PERIOD}").status_code == 404
    assert client.get(f"{BASE}/ei-tallaista/cases?row=x&{PERIOD}").status_code == 404


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("start=2025-13-01&end=2026-01-31", "start"),
        ("start=2025-12-01&end=31.1.2026", "end"),
        ("start=2026-02-01&end=2026-01-31", "end"),
        ("start=2000-01-01&end=2026-01-31", "start"),
    ],
)
def test_bad_dates_are_422_naming_the_field(data, query, field):
    client = client_for(data.place.manager)
    # when the period is not a valid one
    response = client.get(f"{BASE}/intakes_by_kind?{query}")
    # then 422 in the project's error shape, naming the field
    assert response.status_code == 422
    body = response.json()
    assert body["detail"]
    assert [error["field"] for error in body["errors"]] == [field]


def test_the_figure_as_csv(data):
    client = client_for(data.place.manager)
    # when the manager downloads the figure as CSV
    response = client.get(f"{BASE}/pta_share?{PERIOD}&format=csv")
    # then it is a CSV file with the Finnish header and one line per month
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="pta_share_2025-12-01_2026-01-31.csv"' in response["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8")), delimiter=";"))
    assert lines[0] == ["", "Ratkaistuja", "Arviointi aloitettu", "Osuus (%)"]
    assert lines[1] == ["2025-12", "4", "3", "75.0"]
    assert len(lines) == 3


def test_the_cases_behind_a_row_through_the_policy_with_log_rows(data):
    # given the manager's team owns child a's cases only
    place = data.place
    involvement_grant(
        actor=place.worker1, person=place.children["a"], basis=AccessBasis.OWNING_UNIT, unit=place.unit1
    )
    client = client_for(place.manager)
    before = AuditEntry.objects.count()
    # when the manager opens January's intakes
    response = client.get(f"{BASE}/intakes_by_kind/cases?row=2026-01&{PERIOD}")
    # then a's two January intakes are listed with their pages, the others counted but not shown
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 2
    assert body["not_visible"] == 3
    assert [case["label"] for case in body["cases"]] == [
        data.intakes["4"].receipt_number,
        data.intakes["3"].receipt_number,
    ]
    assert body["cases"][0]["child_public_id"] == str(place.children["a"].public_id)
    assert data.intakes["4"].receipt_number in body["cases"][0]["url"]
    # and each listed case is in the access log, read through the API
    logged = AuditEntry.objects.filter(pk__in=AuditEntry.objects.order_by("-id").values("pk")[:2])
    assert AuditEntry.objects.count() - before == 2
    assert {(entry.action, entry.channel, entry.object_type) for entry in logged} == {
        (AuditAction.READ, "api", "intake.intake")
    }


def test_the_cases_need_a_row(data):
    client = client_for(data.place.manager)
    # when no row is given, then 422 naming it
    response = client.get(f"{BASE}/intakes_by_kind/cases?{PERIOD}")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "row"
