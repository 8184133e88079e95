"""The plan screens: create, goals and actions with their refusals, a new version, comparison, print view."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from luukku.audit.models import AuditAction, AuditEntry
from luukku.core.testing import login
from luukku.plans import services
from luukku.plans.models import Plan, PlanAction, PlanGoal, PlanVersion
from luukku.plans.tests.support import add_action, add_goal, plan_audit_rows

pytestmark = pytest.mark.django_db

_ITEMS = {
    "need_client_view": "",
    "need_professional_view": "",
    "services_needed": "",
    "essential_services": "",
    "meeting_frequency": "",
    "strengths": "",
    "shared_goals": "",
    "expected_duration": "",
    "expected_end_on": "",
    "cooperation": "",
    "follow_up": "",
    "child_view": "",
    "guardian_view": "",
    "next_review_on": "",
    "summary": "",
}


def test_worker_creates_a_plan_from_the_child_page(clock, worker, client_of_worker):
    # given the child's page with no plan yet
    child = client_of_worker
    client = login(Client(), worker)
    page = client.get(reverse("child:page", args=[child.public_id])).content.decode()
    assert reverse("plans:create", args=[child.public_id]) in page

    # when the worker fills in the plan form
    response = client.post(
        reverse("plans:create", args=[child.public_id]),
        {
            **_ITEMS,
            "coordinator": worker.pk,
            "strengths": "Eetu on sosiaalinen.",
            "meeting_frequency": "kahden viikon välein",
        },
    )

    # then the plan exists and its page shows the items
    plan = Plan.objects.get(child=child)
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:detail", args=[plan.pk])
    detail = client.get(response["Location"]).content.decode()
    assert "Eetu on sosiaalinen." in detail and "kahden viikon välein" in detail
    assert (
        plan_audit_rows(action=AuditAction.CREATE, object_type="plans.plan")[0].summary
        == "Asiakassuunnitelma laadittu"
    )


def test_create_page_redirects_to_the_existing_plan(clock, worker, client_of_worker):
    # given a child with an active plan
    plan = services.plan_create(actor=worker, child=client_of_worker)

    # when the worker opens the create page again
    response = login(Client(), worker).get(reverse("plans:create", args=[client_of_worker.public_id]))

    # then the worker is taken to the one existing plan, and no second plan appears
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:detail", args=[plan.pk])
    assert Plan.objects.filter(child=client_of_worker).count() == 1


def test_goal_form_shows_the_follow_up_date_rule(clock, worker, client_of_worker):
    # given a plan
    plan = services.plan_create(actor=worker, child=client_of_worker)

    # when a goal is posted without a follow-up date
    response = login(Client(), worker).post(
        reverse("plans:goal_add", args=[plan.pk]),
        {"title": "Koulunkäynti sujuu", "level_0": "Poissaoloja enintään yksi päivä.", "gas_weight": "1"},
    )

    # then the form is shown again with the Finnish message, and nothing is saved
    assert response.status_code == 200
    assert "Tavoitteella on oltava seurantapäivä." in response.content.decode()
    assert not PlanGoal.objects.exists()


def test_action_form_shows_the_owner_rule_and_then_saves(clock, worker, client_of_worker, curator):
    # given a plan
    plan = services.plan_create(actor=worker, child=client_of_worker)
    client = login(Client(), worker)
    url = reverse("plans:action_add", args=[plan.pk])
    data = {
        "description": "Tukikeskustelut koulussa.",
        "service_name": "Koulukuraattori",
        "start_on": "2026-12-01",
    }

    # when an action is posted without an owner, then with the curator as owner
    refused = client.post(url, data)
    saved = client.post(url, {**data, "owner": curator.pk, "meeting_frequency": "viikoittain"})

    # then the first is refused with the message and the second is saved as a new version
    assert "Toimenpiteellä on oltava vastuuhenkilö." in refused.content.decode()
    assert saved.status_code == 302
    action = PlanAction.objects.get(plan=plan)
    assert action.owner == curator
    assert Plan.objects.get(pk=plan.pk).version == 2


def test_edit_makes_a_new_version_and_compare_shows_finnish_labels(clock, worker, client_of_worker):
    # given a plan in version 1
    plan = services.plan_create(actor=worker, child=client_of_worker, items={"strengths": "Sisukas."})
    client = login(Client(), worker)

    # when the worker edits the strengths and the child's view
    response = client.post(
        reverse("plans:edit", args=[plan.pk]),
        {
            **_ITEMS,
            "coordinator": worker.pk,
            "strengths": "Sisukas ja utelias.",
            "child_view": "Haluan harrastaa.",
            "version": "1",
        },
    )

    # then version 2 exists and the comparison lists both changes with readable labels and old and new values
    assert response.status_code == 302
    assert PlanVersion.objects.filter(plan=plan).count() == 2
    compare = client.get(reverse("plans:compare", args=[plan.pk]), {"a": 1, "b": 2})
    rows = [(row.label, row.old, row.new) for row in compare.context["rows"]]
    assert ("Vahvuudet ja voimavarat", "Sisukas.", "Sisukas ja utelias.") in rows
    assert ("Lapsen näkemys ja toiveet", "–", "Haluan harrastaa.") in rows
    assert "Vahvuudet ja voimavarat" in compare.content.decode()
    # and the version list and the old version still read as saved
    assert client.get(reverse("plans:versions", args=[plan.pk])).status_code == 200
    old = client.get(reverse("plans:version", args=[plan.pk, 1])).content.decode()
    assert "Sisukas." in old and "Sisukas ja utelias." not in old


def test_stale_edit_is_refused_on_screen(clock, worker, client_of_worker):
    # given a plan already changed to version 2
    plan = services.plan_create(actor=worker, child=client_of_worker)
    services.plan_update(actor=worker, plan=plan, items={"strengths": "Uusi."})

    # when a form opened at version 1 is saved
    response = login(Client(), worker).post(
        reverse("plans:edit", args=[plan.pk]),
        {**_ITEMS, "coordinator": worker.pk, "strengths": "Vanha.", "version": "1"},
    )

    # then the worker is told to reload and nothing changes
    assert "Lataa sivu uudelleen" in response.content.decode()
    assert Plan.objects.get(pk=plan.pk).strengths == "Uusi."


def test_printable_family_view_uses_a_static_print_stylesheet(clock, worker, client_of_worker, curator):
    # given a plan with a goal and the curator's action
    plan = services.plan_create(
        actor=worker, child=client_of_worker, items={"child_view": "Haluan kavereita."}
    )
    add_goal(worker, plan)
    add_action(worker, plan, owner=curator)

    # when the family's printable view is opened
    response = login(Client(), worker).get(reverse("plans:print", args=[plan.pk]))

    # then it speaks plainly, links the print stylesheet, has no inline CSS or script, and is logged as a print
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kuka tekee mitä" in html and "Haluan kavereita." in html and "Koulukuraattori" in html
    assert "plans/print.css" in html
    assert "<style" not in html and "style=" not in html and "<script" not in html
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert AuditEntry.objects.filter(action=AuditAction.PRINT, object_type="plans.plan").count() == 1


def test_review_form_refuses_a_score_outside_range(clock, worker, client_of_worker):
    # given a plan with a goal
    plan = services.plan_create(actor=worker, child=client_of_worker)
    goal = add_goal(worker, plan)

    # when a tampered form posts +3
    response = login(Client(), worker).post(
        reverse("plans:review", args=[plan.pk]),
        {"reviewed_on": "2026-11-24", "participants": "Sanna", f"score_{goal.pk}": "3"},
    )

    # then the message names the allowed range and no review is saved
    assert "−2…+2" in response.content.decode()
    assert not plan.reviews.exists()


def test_action_owner_can_read_but_not_edit_the_plan(clock, worker, client_of_worker, curator, outsider):
    # given the curator's action in the plan
    plan = services.plan_create(actor=worker, child=client_of_worker)
    add_action(worker, plan, owner=curator)
    client = login(Client(), curator)

    # when the curator opens the plan and its edit page
    read = client.get(reverse("plans:detail", args=[plan.pk]))
    edit = client.get(reverse("plans:edit", args=[plan.pk]))

    # then reading works, editing is 404, and an outsider cannot read it either
    assert read.status_code == 200
    assert reverse("plans:edit", args=[plan.pk]) not in read.content.decode()
    assert edit.status_code == 404
    assert login(Client(), outsider).get(reverse("plans:detail", args=[plan.pk])).status_code == 404
    assert AuditEntry.objects.filter(action=AuditAction.REFUSED, person_id=client_of_worker.pk).count() == 2


def test_plan_page_shows_what_each_participating_organisation_may_see_and_why(
    clock, worker, client_of_worker, curator
):
    # given a plan with an action owned by the school curator
    plan = services.plan_create(actor=worker, child=client_of_worker)
    add_action(worker, plan, owner=curator)

    # when the responsible worker opens the plan
    page = login(Client(), worker).get(reverse("plans:detail", args=[plan.pk])).content.decode()

    # then the access overview names the curator's unit, its basis and that it sees the plan only
    assert "Kuka voi nähdä mitä ja millä perusteella" in page
    table = page.split('data-testid="access-overview"', 1)[1].split("</table>", 1)[0]
    curator_row = next(row for row in table.split("<tr>") if curator.unit.name_fi in row)
    assert "Asiakassuunnitelma" in curator_row
