"""The plan services: one active plan per child, versions, goals, actions of every sector, reviews, closing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from luukku.access.models import InformationKind, Involvement
from luukku.access.policy import decide
from luukku.audit.models import AuditAction
from luukku.plans import services
from luukku.plans.models import (
    GoalScore,
    ImmutableRowError,
    Plan,
    PlanAction,
    PlanGoal,
    PlanStatus,
    PlanVersion,
)
from luukku.plans.tests.support import WORKED_SCORES, WORKED_WEIGHTS, add_action, add_goal, plan_audit_rows
from luukku.plans.versions import snapshot_diff

pytestmark = pytest.mark.django_db


def _plan(worker, child, **items):  # type: ignore[no-untyped-def]
    return services.plan_create(
        actor=worker,
        child=child,
        items={
            "need_client_view": "Eetu haluaa jaksaa koulussa.",
            "strengths": "Harrastaa jalkapalloa.",
            **items,
        },
    )


def test_plan_create_saves_version_one_and_audits(clock, worker, client_of_worker):
    # given the child's social worker
    child = client_of_worker

    # when she draws up the child's plan
    plan = _plan(worker, child)

    # then the plan is active with the worker as coordinator, version 1 holds the items, and the write is logged
    assert plan.status == PlanStatus.ACTIVE
    assert plan.coordinator == worker
    version = PlanVersion.objects.get(plan=plan)
    assert version.number == 1
    assert version.snapshot["items"]["strengths"] == "Harrastaa jalkapalloa."
    assert version.created_by == worker
    rows = plan_audit_rows(action=AuditAction.CREATE, object_type="plans.plan")
    assert [row.summary for row in rows] == ["Asiakassuunnitelma laadittu"]
    assert rows[0].person_id == child.pk


def test_second_active_plan_is_refused_and_the_database_agrees(clock, worker, client_of_worker, nurse):
    # given a child with an active plan
    child = client_of_worker
    _plan(worker, child)

    # when another plan is attempted through the service
    with pytest.raises(ValidationError) as refused:
        _plan(worker, child)

    # then it is refused with a Finnish message pointing to the existing plan, and nothing new is saved
    assert "Lisää toimenpiteet siihen" in str(refused.value.message_dict["child"])
    assert Plan.objects.filter(child=child).count() == 1
    # and the partial unique constraint refuses a second active row even past the service
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.create(child=child, unit=worker.unit, coordinator=nurse, created_by=worker)


def test_a_closed_plan_makes_room_for_a_new_one(clock, worker, client_of_worker):
    # given a plan that has been closed
    child = client_of_worker
    first = _plan(worker, child)
    services.plan_close(actor=worker, plan=first, reason="Tavoitteet saavutettu.")

    # when a new plan is drawn up
    second = _plan(worker, child)

    # then the child has one active and one closed plan
    assert Plan.objects.get(pk=first.pk).status == PlanStatus.CLOSED
    assert second.status == PlanStatus.ACTIVE


def test_plan_update_creates_a_new_version_and_the_diff_names_the_field_in_finnish(
    clock, worker, client_of_worker
):
    # given a plan in version 1
    plan = _plan(worker, client_of_worker)

    # when the worker records the child's view
    updated = services.plan_update(
        actor=worker, plan=plan, items={"child_view": "Haluan pelata joukkueessa."}, expected_version=1
    )

    # then version 2 exists, version 1 is untouched, and the comparison shows the change with a readable label
    assert updated.version == 2
    first, second = PlanVersion.objects.filter(plan=plan).order_by("number")
    assert first.snapshot["items"]["child_view"] == ""
    rows = snapshot_diff(first.snapshot, second.snapshot)
    assert [(row.label, row.old, row.new) for row in rows] == [
        ("Lapsen näkemys ja toiveet", "–", "Haluan pelata joukkueessa.")
    ]
    assert plan_audit_rows(action=AuditAction.UPDATE)[-1].summary.startswith("Asiakassuunnitelmaa muutettu")


def test_stale_update_is_refused_and_changes_nothing(clock, worker, client_of_worker):
    # given a plan that someone else has already changed (version 2)
    plan = _plan(worker, client_of_worker)
    services.plan_update(actor=worker, plan=plan, items={"strengths": "Sisukas."})

    # when an update based on version 1 arrives
    with pytest.raises(services.PlanChanged):
        services.plan_update(actor=worker, plan=plan, items={"strengths": "Vanha tieto."}, expected_version=1)

    # then the plan keeps the newer text and no version is added
    assert Plan.objects.get(pk=plan.pk).strengths == "Sisukas."
    assert PlanVersion.objects.filter(plan=plan).count() == 2


def test_saved_versions_cannot_be_changed_or_deleted(clock, worker, client_of_worker):
    # given a saved version
    plan = _plan(worker, client_of_worker)
    version = PlanVersion.objects.get(plan=plan)

    # when someone tries to rewrite or delete it
    version.change_summary = "muokattu jälkikäteen"
    with pytest.raises(ImmutableRowError):
        version.save()
    with pytest.raises(ImmutableRowError):
        version.delete()

    # then it reads as it was saved
    assert PlanVersion.objects.get(pk=version.pk).change_summary == "Suunnitelma laadittu"


def test_goal_without_follow_up_date_is_refused(clock, worker, client_of_worker):
    # given a plan
    plan = _plan(worker, client_of_worker)

    # when a goal is added without a follow-up date
    with pytest.raises(ValidationError) as refused:
        add_goal(worker, plan, follow_up_on=None)

    # then it is refused with a clear message and nothing is saved
    assert refused.value.message_dict["follow_up_on"] == ["Tavoitteella on oltava seurantapäivä."]
    assert not PlanGoal.objects.exists()
    assert PlanVersion.objects.filter(plan=plan).count() == 1


def test_action_without_owner_is_refused(clock, worker, client_of_worker):
    # given a plan
    plan = _plan(worker, client_of_worker)

    # when an action is added without an owner
    with pytest.raises(ValidationError) as refused:
        add_action(worker, plan, owner=None)

    # then it is refused with a clear message and nothing is saved
    assert refused.value.message_dict["owner"] == ["Toimenpiteellä on oltava vastuuhenkilö."]
    assert not PlanAction.objects.exists()
    assert PlanVersion.objects.filter(plan=plan).count() == 1


def test_actions_of_three_sectors_in_one_plan_each_give_a_plan_only_view(
    clock, worker, client_of_worker, curator, nurse, youth_worker
):
    # given the child's plan
    child = client_of_worker
    plan = _plan(worker, child)

    # when the school curator, the school nurse and a youth worker each get an action in it
    for owner, service in (
        (curator, "Koulukuraattori"),
        (nurse, "Kouluterveydenhuolto"),
        (youth_worker, "Nuorisotyö"),
    ):
        add_action(worker, plan, owner=owner, service_name=service)

    # then the one plan holds three sectors' actions, each a new version
    sectors = list(PlanAction.objects.filter(plan=plan).values_list("sector", flat=True))
    assert sectors == ["school_welfare", "school_student_health", "youth_work"]
    assert Plan.objects.get(pk=plan.pk).version == 4
    # and each owner sees the plan, but not the assessment, and may change nothing
    for owner in (curator, nurse, youth_worker):
        assert decide(actor=owner, person=child, information_kind=InformationKind.PLAN).allowed
        assert not decide(actor=owner, person=child, information_kind=InformationKind.ASSESSMENT).allowed
        assert not decide(actor=owner, person=child, action="edit").allowed
    assert Involvement.objects.filter(source_type="plans.Plan", source_id=str(plan.pk)).count() == 3
    assert len(plan_audit_rows(object_type="plans.planaction", action=AuditAction.CREATE)) == 3


def test_closing_the_plan_ends_the_other_sectors_views(clock, worker, client_of_worker, curator):
    # given a plan with the curator's action
    child = client_of_worker
    plan = _plan(worker, child)
    add_action(worker, plan, owner=curator)

    # when the plan is closed
    services.plan_close(actor=worker, plan=plan, reason="Perhe muutti toiseen kuntaan.")

    # then the curator no longer sees the child, and the plan is kept as closed with a final version
    assert not decide(actor=curator, person=child).allowed
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CLOSED
    assert plan.closed_on == dt.date(2026, 11, 24)
    assert PlanVersion.objects.get(plan=plan, number=plan.version).snapshot["status"] == "closed"
    assert plan_audit_rows(action=AuditAction.UPDATE)[-1].summary == "Asiakassuunnitelma päätetty"


def test_action_owner_cannot_change_the_plan(clock, worker, client_of_worker, curator):
    # given the curator who owns an action
    plan = _plan(worker, client_of_worker)
    add_action(worker, plan, owner=curator)

    # when the curator tries to add a goal
    with pytest.raises(PermissionDenied):
        add_goal(curator, plan)

    # then nothing changed
    assert not PlanGoal.objects.exists()


def test_outsider_cannot_create_a_plan(clock, outsider, client_of_worker):
    # given a social worker of another team, without a basis on the child
    # when she tries to draw up a plan
    with pytest.raises(PermissionDenied):
        _plan(outsider, client_of_worker)

    # then no plan exists
    assert not Plan.objects.exists()


def test_review_gives_the_worked_gas_example_t_55(clock, worker, client_of_worker):
    # given a plan with six goals weighted 3, 5, 1, 4, 2, 6
    plan = _plan(worker, client_of_worker)
    goals = [add_goal(worker, plan, title=f"Tavoite {n}", weight=w) for n, w in enumerate(WORKED_WEIGHTS, 1)]

    # when the review scores them −2, 0, −1, 2, 0, 1
    review = services.plan_review(
        actor=worker,
        plan=plan,
        reviewed_on=dt.date(2026, 11, 24),
        participants="Eetu, Anna (äiti), Sanna, Kaisa",
        scores={goal.pk: score for goal, score in zip(goals, WORKED_SCORES, strict=True)},
        next_review_on=dt.date(2027, 2, 24),
        notes="Koulunkäynti on parantunut.",
    )

    # then the T-score is 55.0 (DOMAIN.md §5), the scores are kept per goal and the next review is in the plan
    assert review.t_score == pytest.approx(55.0, abs=0.05)
    assert sorted(GoalScore.objects.filter(review=review).values_list("score", flat=True)) == sorted(
        WORKED_SCORES
    )
    assert Plan.objects.get(pk=plan.pk).next_review_on == dt.date(2027, 2, 24)
    assert plan_audit_rows(object_type="plans.planreview")[-1].summary == "Asiakassuunnitelma tarkistettu"


def test_review_unweighted_uses_weight_one(clock, worker, client_of_worker):
    # given two goals with the default weight
    plan = _plan(worker, client_of_worker)
    first, second = add_goal(worker, plan, title="A"), add_goal(worker, plan, title="B")

    # when both are at the expected level
    review = services.plan_review(
        actor=worker,
        plan=plan,
        reviewed_on=dt.date(2026, 11, 24),
        participants="Sanna",
        scores={first.pk: 0, second.pk: 0},
    )

    # then T = 50
    assert review.t_score == pytest.approx(50.0)


@pytest.mark.parametrize("bad", [3, -3, "x", 1.5])
def test_gas_score_outside_range_is_refused(clock, worker, client_of_worker, bad):
    # given a plan with a goal
    plan = _plan(worker, client_of_worker)
    goal = add_goal(worker, plan)

    # when the review scores it outside −2…+2
    with pytest.raises(ValidationError) as refused:
        services.plan_review(
            actor=worker,
            plan=plan,
            reviewed_on=dt.date(2026, 11, 24),
            participants="Sanna",
            scores={goal.pk: bad},
        )

    # then it is refused with a clear message and no review is saved
    assert "−2…+2" in refused.value.message_dict["scores"][0]
    assert not plan.reviews.exists()
