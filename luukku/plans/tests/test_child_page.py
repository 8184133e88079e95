"""The child's page: one screen, everything through the access policy, one READ per view, bounded queries."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from luukku.audit.models import AuditAction, AuditEntry, AuditOutcome
from luukku.core.factories import ChildFactory
from luukku.core.testing import login
from luukku.plans import services
from luukku.plans.tests.support import add_action, add_goal, build_history

pytestmark = pytest.mark.django_db


def _page(child) -> str:  # type: ignore[no-untyped-def]
    return reverse("child:page", args=[child.public_id])


def test_child_page_shows_every_part_and_logs_one_read(
    clock, worker, client_of_worker, guardian, curator, nurse
):
    # given a child with a plan, a guardian and actions of two sectors
    child = client_of_worker
    plan = services.plan_create(actor=worker, child=child)
    add_goal(worker, plan)
    add_action(worker, plan, owner=curator)
    add_action(worker, plan, owner=nurse, service_name="Kouluterveydenhuolto")
    before = AuditEntry.objects.count()

    # when the social worker opens the child's page
    response = login(Client(), worker).get(_page(child))

    # then it shows the details, the guardian, the plan's actions and the network with the sectors
    assert response.status_code == 200
    html = response.content.decode()
    assert "Anna Esimerkki" in html
    assert "Koulukuraattori" in html and "Kouluterveydenhuolto" in html
    network = response.context["page"].network
    assert {node.sector_label for node in network.nodes} >= {
        "Opiskeluhuolto (kuraattori ja psykologi)",
        "Koulu- ja opiskeluterveydenhuolto",
    }
    assert '<svg class="network"' in html
    # and exactly one READ entry was written for the view
    rows = list(AuditEntry.objects.filter(pk__gt=before).exclude(object_type="otp_totp.totpdevice"))
    reads = [row for row in rows if row.action == AuditAction.READ]
    assert len(reads) == 1
    assert reads[0].person_id == child.pk
    assert reads[0].summary.startswith("Lapsen sivu")


def test_child_page_is_404_for_an_outsider_and_logs_a_refusal(clock, outsider, client_of_worker):
    # given a social worker without a basis on the child
    child = client_of_worker

    # when she opens the child's page
    response = login(Client(), outsider).get(_page(child))

    # then the answer is the same 404 as for a child that does not exist, and the attempt is logged
    assert response.status_code == 404
    refused = AuditEntry.objects.filter(action=AuditAction.REFUSED, person_id=child.pk)
    assert refused.count() == 1
    assert refused.get().outcome == AuditOutcome.REFUSED
    assert login(Client(), outsider).get(_page(ChildFactory())).status_code == 404


def test_action_owner_sees_the_plan_and_nothing_else(clock, worker, client_of_worker, curator):
    # given the curator who owns an action in the child's plan
    child = client_of_worker
    plan = services.plan_create(actor=worker, child=child)
    add_action(worker, plan, owner=curator)

    # when the curator opens the child's page
    response = login(Client(), curator).get(_page(child))

    # then the plan is shown, but not the details, intakes or assessments
    assert response.status_code == 200
    page = response.context["page"]
    assert page.sees_plan and not page.sees_assessment and not page.sees_identity
    html = response.content.decode()
    assert 'data-testid="plan"' in html
    assert 'data-testid="details"' not in html
    assert 'data-testid="assessments"' not in html
    # and the curator sees nothing of another child
    assert login(Client(), curator).get(_page(ChildFactory())).status_code == 404


def test_child_page_with_five_years_of_history_has_a_bounded_number_of_queries(
    clock, worker, social_unit, client_of_worker, curator, nurse, youth_worker, django_assert_max_num_queries
):
    # given a child with a small history and another with five years of it (50 intakes, 10 assessments,
    # 20 plan versions)
    small = ChildFactory()
    build_history(
        child=small, worker=worker, unit=social_unit, partners=[curator], intakes=1, assessments=1, versions=2
    )
    child = client_of_worker
    plan = build_history(
        child=child, worker=worker, unit=social_unit, partners=[curator, nurse, youth_worker]
    )
    client = login(Client(), worker)
    client.get(_page(small))

    # when the worker opens both pages
    with CaptureQueriesContext(connection) as small_queries:
        assert client.get(_page(small)).status_code == 200
    with django_assert_max_num_queries(40):
        response = client.get(_page(child))

    # then the big page is complete, newest first, and costs no more queries than the small one
    assert response.status_code == 200
    page = response.context["page"]
    assert len(page.intakes) == 50
    assert len(page.assessments) == 10
    assert page.plan.pk == plan.pk and plan.version == 20
    assert [entry.at for entry in page.chronology] == sorted(
        (entry.at for entry in page.chronology), reverse=True
    )
    assert sum(1 for entry in page.chronology if entry.category == "Asiakassuunnitelma") == 21
    versions = [entry.text for entry in page.chronology if entry.text.startswith("Versio ")]
    assert versions[0].startswith("Versio 20:") and versions[-1].startswith("Versio 1:")
    assert len(page.chart.rows) == 10 * 5 + 1
    with CaptureQueriesContext(connection) as big_queries:
        client.get(_page(child))
    assert len(big_queries) == len(small_queries)


def test_outcome_chart_has_a_table_for_screen_readers(clock, worker, client_of_worker):
    # given two reviews of the plan a month apart
    child = client_of_worker
    plan = services.plan_create(actor=worker, child=child)
    goal = add_goal(worker, plan)
    services.plan_review(
        actor=worker, plan=plan, reviewed_on=dt.date(2026, 10, 20), participants="Sanna", scores={goal.pk: -1}
    )
    services.plan_review(
        actor=worker, plan=plan, reviewed_on=dt.date(2026, 11, 20), participants="Sanna", scores={goal.pk: 1}
    )

    # when the page is opened
    response = login(Client(), worker).get(_page(child))

    # then the chart is inline SVG and the same values are in a table
    html = response.content.decode()
    assert '<svg class="chart"' in html
    rows = response.context["page"].chart.rows
    assert [(day, round(value, 1)) for day, _label, value in rows] == [
        (dt.date(2026, 10, 20), 40.0),
        (dt.date(2026, 11, 20), 60.0),
    ]
    assert 'data-testid="outcome-table"' in html
    # and the SVG coordinates are plain numbers even though the page is in Finnish (decimal comma)
    coordinates = re.findall(r'\b(?:cx|cy|x1|x2|y1|y2|x|y)="([^"]*)"', html)
    assert coordinates and all(re.fullmatch(r"-?\d+(\.\d+)?", value) for value in coordinates)
    assert "60,0" in html
    assert "<script" not in html and "style=" not in html
