"""The plans API (/api/v1/plans/): the same rules, policy and access log as the screens."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from luukku.audit.models import AuditAction, AuditEntry
from luukku.core.testing import login
from luukku.plans.models import Plan, PlanAction, PlanGoal
from luukku.plans.tests.support import WORKED_SCORES, WORKED_WEIGHTS

pytestmark = pytest.mark.django_db

BASE = "/api/v1/plans/"


def _post(client: Client, url: str, data: dict):  # type: ignore[no-untyped-def, type-arg]
    return client.post(url, json.dumps(data), content_type="application/json")


def _create(client: Client, child, **items):  # type: ignore[no-untyped-def]
    return _post(client, BASE, {"child": str(child.public_id), **items})


def test_create_get_goal_action_versions_and_review(clock, worker, client_of_worker, curator):
    # given the social worker's API session
    client = login(Client(), worker)

    # when she creates a plan, adds six goals and the curator's action, and reviews the plan
    created = _create(client, client_of_worker, strengths="Sisukas.")
    assert created.status_code == 201, created.content
    plan_id = created.json()["id"]
    goal_ids = []
    for n, weight in enumerate(WORKED_WEIGHTS, start=1):
        goal = _post(
            client,
            f"{BASE}{plan_id}/goals",
            {
                "title": f"Tavoite {n}",
                "follow_up_on": "2027-02-01",
                "level_0": "Odotettu tulos.",
                "gas_weight": weight,
            },
        )
        assert goal.status_code == 201, goal.content
        goal_ids.append(goal.json()["id"])
    action = _post(
        client,
        f"{BASE}{plan_id}/actions",
        {
            "description": "Tukikeskustelut.",
            "owner_id": curator.pk,
            "start_on": "2026-12-01",
            "service_name": "Kuraattori",
        },
    )
    review = _post(
        client,
        f"{BASE}{plan_id}/reviews",
        {
            "reviewed_on": "2026-11-24",
            "participants": "Eetu, Anna, Sanna, Kaisa",
            "scores": {str(g): s for g, s in zip(goal_ids, WORKED_SCORES, strict=True)},
            "next_review_on": "2027-02-24",
        },
    )

    # then the plan reads back with its goals and the curator's action, the review's T is 55.0,
    # and every change is a version
    assert action.status_code == 201 and action.json()["sector"] == "school_welfare"
    assert review.status_code == 201 and review.json()["t_score"] == pytest.approx(55.0, abs=0.05)
    plan = client.get(f"{BASE}{plan_id}").json()
    assert plan["items"]["strengths"] == "Sisukas."
    assert len(plan["goals"]) == 6 and plan["actions"][0]["owner_id"] == curator.pk
    versions = client.get(f"{BASE}{plan_id}/versions").json()
    assert [v["number"] for v in versions] == list(range(9, 0, -1))
    version = client.get(f"{BASE}{plan_id}/versions/8").json()
    assert len(version["snapshot"]["actions"]) == 1
    assert (
        AuditEntry.objects.filter(
            channel="api", action=AuditAction.CREATE, object_type="plans.planreview"
        ).count()
        == 1
    )


def test_patch_makes_a_new_version_and_a_stale_one_is_409(clock, worker, client_of_worker):
    # given a plan in version 1
    client = login(Client(), worker)
    plan_id = _create(client, client_of_worker).json()["id"]

    # when it is patched at version 1, then again at version 1
    first = client.patch(
        f"{BASE}{plan_id}",
        json.dumps({"child_view": "Haluan pelata.", "expected_version": 1}),
        content_type="application/json",
    )
    stale = client.patch(
        f"{BASE}{plan_id}",
        json.dumps({"child_view": "Vanha.", "expected_version": 1}),
        content_type="application/json",
    )

    # then the first made version 2 and the second changed nothing
    assert first.status_code == 200 and first.json()["version"] == 2
    assert stale.status_code == 409
    assert Plan.objects.get(pk=plan_id).child_view == "Haluan pelata."


def test_bad_input_is_400_with_finnish_messages(clock, worker, client_of_worker):
    # given a plan with one goal
    client = login(Client(), worker)
    plan_id = _create(client, client_of_worker).json()["id"]
    goal_id = _post(
        client, f"{BASE}{plan_id}/goals", {"title": "A", "follow_up_on": "2027-01-01", "level_0": "Odotettu."}
    ).json()["id"]

    # when a goal has no follow-up date, an action has no owner, a score is +3, and a second plan is attempted
    goal = _post(client, f"{BASE}{plan_id}/goals", {"title": "B", "level_0": "Odotettu."})
    action = _post(
        client,
        f"{BASE}{plan_id}/actions",
        {"description": "X", "start_on": "2026-12-01", "service_name": "S"},
    )
    review = _post(
        client,
        f"{BASE}{plan_id}/reviews",
        {"reviewed_on": "2026-11-24", "participants": "Sanna", "scores": {str(goal_id): 3}},
    )
    second = _create(client, client_of_worker)

    # then each is refused with its message and nothing is saved
    assert goal.status_code == 400 and goal.json()["errors"]["follow_up_on"] == [
        "Tavoitteella on oltava seurantapäivä."
    ]
    assert action.status_code == 400 and action.json()["errors"]["owner"] == [
        "Toimenpiteellä on oltava vastuuhenkilö."
    ]
    assert review.status_code == 400 and "−2…+2" in review.json()["detail"]
    assert second.status_code == 400 and "voimassa oleva" in second.json()["detail"]
    assert PlanGoal.objects.count() == 1 and not PlanAction.objects.exists()
    assert Plan.objects.count() == 1


@pytest.mark.parametrize("caller", ["anonymous", "outsider", "curator"])
def test_callers_without_a_basis_get_nothing_and_change_nothing(
    clock, worker, client_of_worker, outsider, curator, caller
):
    # given a plan in which the curator owns no action
    plan_id = _create(login(Client(), worker), client_of_worker).json()["id"]
    client = (
        Client() if caller == "anonymous" else login(Client(), outsider if caller == "outsider" else curator)
    )

    # when the caller reads the plan and tries to add a goal and to create another plan
    read = client.get(f"{BASE}{plan_id}")
    goal = _post(
        client, f"{BASE}{plan_id}/goals", {"title": "A", "follow_up_on": "2027-01-01", "level_0": "x"}
    )
    create = _create(client, client_of_worker)

    # then every call is refused (401 without a session, else 404) and nothing changed
    expected = 401 if caller == "anonymous" else 404
    assert (read.status_code, goal.status_code, create.status_code) == (expected, expected, expected)
    assert not PlanGoal.objects.exists()
    assert Plan.objects.count() == 1
