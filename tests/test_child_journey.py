"""The acceptance walk of "multi-agency service-need assessment and one shared plan per child":

intake → assessment with two invited units and a pair worker → completion → one plan with actions of three
sectors → a new plan version → review, once in the UI (Django test client) and once through the JSON API, ending
on the child's page. Each step goes through the owning app's own screens and API; where an app has no API operation
for a step (the urgency assessment of an intake), its service is called.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import reverse

from luukku.access.models import InformationKind
from luukku.access.policy import decide
from luukku.assessment.models import Assessment, AssessmentStatus, Invitation, InvitationState
from luukku.audit.models import AuditAction, AuditEntry
from luukku.core import time
from luukku.core.factories import (
    MunicipalityFactory,
    OrganisationFactory,
    ProfessionalFactory,
    UnitFactory,
)
from luukku.core.testing import login
from luukku.intake import services as intake_services
from luukku.intake.auth import api_client_create
from luukku.intake.models import Intake, IntakeRouting, Outcome
from luukku.intake.tests.support import professional_form
from luukku.organisations.models import OrganisationKind, Role, Sector
from luukku.people.models import Person
from luukku.plans.models import Plan, PlanAction, PlanReview, PlanVersion

pytestmark = pytest.mark.django_db

# A Tuesday morning in a week without holidays.
NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=time.HELSINKI)


@pytest.fixture
def clock():
    with time.frozen(NOW) as moment:
        yield moment


@pytest.fixture
def county(db):
    return OrganisationFactory(code="kaislahva", name_fi="Kaislahvan hyvinvointialue")


@pytest.fixture
def city(db):
    return OrganisationFactory(
        code="kaislaharju-kaupunki", name_fi="Kaislaharjun kaupunki", kind=OrganisationKind.MUNICIPALITY
    )


@pytest.fixture
def intake_unit(county):
    unit = UnitFactory(
        organisation=county,
        code="ls-vastaanotto",
        name_fi="Lastensuojelun vastaanotto",
        sector=Sector.CHILD_PROTECTION,
        municipality=MunicipalityFactory(code="kaislaharju", name_fi="Kaislaharju"),
    )
    IntakeRouting.objects.create(is_default=True, unit=unit)
    return unit


@pytest.fixture
def worker(intake_unit):
    return ProfessionalFactory(
        unit=intake_unit, role=Role.SOCIAL_WORKER, first_name="Sanna", last_name="Sosiaalityöntekijä"
    )


@pytest.fixture
def pair_worker(county):
    unit = UnitFactory(
        organisation=county,
        code="mielenterveys",
        name_fi="Nuorten mielenterveyspalvelut",
        sector=Sector.MENTAL_HEALTH_SUBSTANCE,
    )
    return ProfessionalFactory(unit=unit, role=Role.PROFESSIONAL, first_name="Paula", last_name="Pari")


@pytest.fixture
def curator(city):
    unit = UnitFactory(
        organisation=city,
        code="koulu-opiskeluhuolto",
        name_fi="Yhtenäiskoulun opiskeluhuolto",
        sector=Sector.SCHOOL_WELFARE,
    )
    return ProfessionalFactory(unit=unit, role=Role.PROFESSIONAL, first_name="Kaisa", last_name="Kuraattori")


@pytest.fixture
def nurse(county):
    unit = UnitFactory(
        organisation=county,
        code="kouluterveydenhuolto",
        name_fi="Kouluterveydenhuolto",
        sector=Sector.SCHOOL_STUDENT_HEALTH,
    )
    return ProfessionalFactory(
        unit=unit, role=Role.PROFESSIONAL, first_name="Terhi", last_name="Terveydenhoitaja"
    )


@pytest.fixture
def youth_worker(city):
    unit = UnitFactory(
        organisation=city, code="nuorisopalvelut", name_fi="Nuorisopalvelut", sector=Sector.YOUTH_WORK
    )
    return ProfessionalFactory(
        unit=unit, role=Role.PROFESSIONAL, first_name="Niko", last_name="Nuorisotyöntekijä"
    )


def _post_json(client: Client, url: str, data: dict):  # type: ignore[no-untyped-def, type-arg]
    return client.post(url, json.dumps(data), content_type="application/json")


def _writes(object_prefix: str, **filters) -> list[AuditEntry]:  # type: ignore[no-untyped-def]
    return list(
        AuditEntry.objects.filter(object_type__startswith=object_prefix, **filters)
        .exclude(action__in=[AuditAction.READ, AuditAction.PRINT])
        .order_by("id")
    )


def test_journey_in_the_ui(clock, worker, pair_worker, curator, nurse, youth_worker):
    client = Client()

    # --- Intake: the school curator's child-protection notification, handled by the intake unit's worker ---------
    login(client, curator)
    response = client.post(reverse("intake:notify"), professional_form())
    assert response.status_code == 302, response.content.decode()[:2000]
    intake = Intake.objects.get()
    child = intake.child
    login(client, worker)
    intake_action = lambda name: reverse("intake:action", args=[intake.receipt_number, name])  # noqa: E731
    assert (
        client.post(
            intake_action("vastuutyontekija"), {"worker": worker.pk, "version": intake.version}
        ).status_code
        == 302
    )
    intake.refresh_from_db()
    response = client.post(
        intake_action("kiireellisyys"),
        {
            "urgent": "no",
            "urgency_notes": "Soitettu äidille, ei välitöntä vaaraa.",
            "version": intake.version,
        },
    )
    assert response.status_code == 302

    # --- Assessment: started from the intake with a pair worker; two units invited and both answer -------------
    response = client.post(
        reverse("assessment:start", args=[intake.receipt_number]),
        {"responsible_worker": worker.pk, "pair_worker": pair_worker.pk},
    )
    assert response.status_code == 302
    assessment = Assessment.objects.get(child=child)
    intake.refresh_from_db()
    assert intake.outcome == Outcome.PTA_STARTED
    action = lambda name: reverse("assessment:action", args=[assessment.public_id, name])  # noqa: E731
    for unit in (curator.unit, nurse.unit):
        response = client.post(action("kutsu"), {"unit": unit.pk, "information_kinds": ["assessment"]})
        assert response.status_code == 302
    for professional in (curator, nurse):
        login(client, professional)
        invitation = Invitation.objects.get(assessment=assessment, unit=professional.unit)
        assert (
            client.post(
                reverse("assessment:respond", args=[invitation.pk]), {"state": "accepted"}
            ).status_code
            == 302
        )
    assert set(Invitation.objects.values_list("state", flat=True)) == {InvitationState.ACCEPTED}
    login(client, pair_worker)
    response = client.post(
        action("tapaaminen"),
        {
            "held_on": "2026-11-24",
            "participants": [worker.pk, pair_worker.pk, curator.pk],
            "other_participants": "Eetu ja äiti",
            "child_met_in_person": "on",
            "notes": "Koulunkäynti ja jaksaminen.",
        },
    )
    assert response.status_code == 302

    # --- Completion ---------------------------------------------------------------------------------------------
    login(client, worker)
    assert (
        client.post(
            action("lapsen-nakemys"), {"text": "Haluan käydä koulua.", "how_heard": "in_person"}
        ).status_code
        == 302
    )
    response = client.post(
        action("valmis"),
        {
            "summary": "Perhe tarvitsee tukea koulunkäyntiin.",
            "professional_conclusion": "Sosiaalihuollon asiakkuus, perhekeskuksen palvelut.",
            "client_view": "Äiti toivoo apua.",
            "outcome": "basic_family_centre",
            "completed_on": "2026-11-24",
        },
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.COMPLETED

    # --- One plan with actions of three sectors ---------------------------------------------------------------
    child_page = client.get(reverse("child:page", args=[child.public_id]))
    assert reverse("plans:create", args=[child.public_id]) in child_page.content.decode()
    items = dict.fromkeys(Plan.ITEM_FIELDS, "")
    response = client.post(
        reverse("plans:create", args=[child.public_id]),
        {
            **items,
            "coordinator": worker.pk,
            "need_client_view": "Eetu haluaa jaksaa koulussa.",
            "summary": "",
        },
    )
    assert response.status_code == 302
    plan = Plan.objects.get(child=child)
    response = client.post(
        reverse("plans:goal_add", args=[plan.pk]),
        {
            "title": "Eetu käy koulua",
            "follow_up_on": "2027-02-24",
            "gas_weight": "2",
            "level_minus_2": "Yli viikon poissaolot kuukaudessa",
            "level_0": "Enintään yksi poissaolopäivä kuukaudessa",
            "level_plus_2": "Ei poissaoloja",
        },
    )
    assert response.status_code == 302
    for owner, service in (
        (curator, "Koulukuraattori"),
        (nurse, "Kouluterveydenhuolto"),
        (youth_worker, "Nuorisotyö"),
    ):
        response = client.post(
            reverse("plans:action_add", args=[plan.pk]),
            {
                "description": f"{service}: tuki Eetulle",
                "service_name": service,
                "owner": owner.pk,
                "start_on": "2026-12-01",
                "end_on": "2027-05-31",
                "meeting_frequency": "kerran viikossa",
            },
        )
        assert response.status_code == 302
    sectors = set(PlanAction.objects.filter(plan=plan).values_list("sector", flat=True))
    assert sectors == {Sector.SCHOOL_WELFARE, Sector.SCHOOL_STUDENT_HEALTH, Sector.YOUTH_WORK}
    # each action owner sees the plan, not the assessment
    for owner in (curator, nurse, youth_worker):
        assert decide(actor=owner, person=child, information_kind=InformationKind.PLAN).allowed
        assert not decide(actor=owner, person=child, information_kind=InformationKind.ASSESSMENT).allowed

    # --- A new plan version ----------------------------------------------------------------------------------
    plan.refresh_from_db()
    before = plan.version
    response = client.post(
        reverse("plans:edit", args=[plan.pk]),
        {
            **items,
            "coordinator": worker.pk,
            "need_client_view": "Eetu haluaa jaksaa koulussa.",
            "child_view": "Haluan pelata jalkapalloa.",
            "version": before,
            "summary": "Lapsen näkemys kirjattu",
        },
    )
    assert response.status_code == 302
    assert PlanVersion.objects.filter(plan=plan).count() == before + 1
    compare = client.get(reverse("plans:compare", args=[plan.pk]), {"a": before, "b": before + 1})
    assert "Lapsen näkemys ja toiveet" in compare.content.decode()

    # --- Review -------------------------------------------------------------------------------------------------
    goal = plan.goals.get()
    response = client.post(
        reverse("plans:review", args=[plan.pk]),
        {
            "reviewed_on": "2026-11-24",
            "participants": "Eetu, äiti, Sanna, Kaisa, Terhi, Niko",
            "notes": "Hyvä alku.",
            "next_review_on": "2027-02-24",
            f"score_{goal.pk}": "1",
        },
    )
    assert response.status_code == 302
    review = PlanReview.objects.get(plan=plan)
    assert review.t_score == pytest.approx(60.0)

    # --- The child's page shows it all, and the curator sees only the plan ------------------------------------
    page = client.get(reverse("child:page", args=[child.public_id])).context["page"]
    assert page.plan.pk == plan.pk and len(page.assessments) == 1 and len(page.intakes) == 1
    categories = {entry.category for entry in page.chronology}
    assert {"Vireilletulo", "Palvelutarpeen arviointi", "Tapaaminen", "Asiakassuunnitelma"} <= categories
    assert {node.sector for node in page.network.nodes} >= {Sector.SCHOOL_WELFARE, Sector.YOUTH_WORK}
    login(client, curator)
    curator_page = client.get(reverse("child:page", args=[child.public_id])).context["page"]
    assert curator_page.sees_plan and not curator_page.sees_assessment
    # and every step wrote its audit row
    assert _writes("intake.")
    assert _writes("assessment.")
    assert [row.action for row in _writes("plans.plan", object_type="plans.plan")][:1] == [AuditAction.CREATE]
    assert len(_writes("plans.planaction")) == 3 and len(_writes("plans.planreview")) == 1


def test_journey_through_the_api(clock, intake_unit, worker, pair_worker, curator, nurse, youth_worker):
    # --- Intake: the school's system sends the notification to the intake API (bearer token, idempotency key) ----
    school_system = api_client_create(actor=None, organisation=curator.unit.organisation, name="Koulun Wilma")
    response = Client().post(
        "/api/v1/intakes",
        json.dumps(
            {
                "kind": "child_protection_notification",
                "children": [{"first_names": "Eetu", "last_name": "Esimerkki", "birth_date": "2014-03-04"}],
                "notifier": {
                    "sector": "education",
                    "name": "Kaisa Kuraattori",
                    "organisation": "Yhtenäiskoulu",
                },
                "concern": "Eetu on ollut poissa koulusta kaksi viikkoa.",
            }
        ),
        content_type="application/json",
        headers={"Authorization": f"Bearer {school_system.token}", "Idempotency-Key": "wilma-0001"},
    )
    assert response.status_code == 201, response.content
    [created] = response.json()["intakes"]
    client = login(Client(), worker)
    status = client.get(f"/api/v1/intakes/{created['receipt_number']}")
    assert status.status_code == 200, status.content
    child = Person.objects.get(public_id=status.json()["child"]["public_id"])
    intake = Intake.objects.get(receipt_number=created["receipt_number"])
    # the urgency assessment has no API operation: it is recorded through the intake service
    intake_services.intake_assess_urgency(
        actor=worker,
        intake=intake,
        expected_version=intake.version,
        urgent=False,
        notes="Ei välitöntä vaaraa.",
    )

    # --- Assessment with a pair worker and two invited units ------------------------------------------------------
    response = _post_json(
        client,
        "/api/v1/assessments/",
        {
            "child": str(child.public_id),
            "intakes": [intake.receipt_number],
            "responsible_worker": worker.pk,
            "pair_worker": pair_worker.pk,
        },
    )
    assert response.status_code == 201, response.content
    base = f"/api/v1/assessments/{response.json()['public_id']}"
    for unit in (curator.unit, nurse.unit):
        response = _post_json(
            client, f"{base}/invitations", {"unit": unit.code, "information_kinds": ["assessment"]}
        )
        assert response.status_code == 201, response.content
    for professional in (curator, nurse):
        other = login(Client(), professional)
        [invitation] = other.get("/api/v1/assessments/invitations").json()
        response = _post_json(
            other, f"/api/v1/assessments/invitations/{invitation['id']}/respond", {"state": "accepted"}
        )
        assert response.status_code == 200
    response = _post_json(
        client,
        f"{base}/meetings",
        {"held_on": "2026-11-24", "participants": [worker.pk, pair_worker.pk], "child_met_in_person": True},
    )
    assert response.status_code == 201, response.content

    # --- Completion ---------------------------------------------------------------------------------------------
    assert (
        _post_json(
            client, f"{base}/child-views", {"text": "Haluan käydä koulua.", "how_heard": "in_person"}
        ).status_code
        == 201
    )
    response = _post_json(
        client,
        f"{base}/complete",
        {
            "outcome": "special_services",
            "completed_on": "2026-11-24",
            "summary": "Tarvitaan erityistason tukea.",
            "professional_conclusion": "Sosiaalihuollon asiakkuus.",
        },
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "completed"

    # --- One plan with actions of three sectors ---------------------------------------------------------------
    response = _post_json(
        client,
        "/api/v1/plans/",
        {"child": str(child.public_id), "need_professional_view": "Koulunkäynnin tuki."},
    )
    assert response.status_code == 201, response.content
    plan_id = response.json()["id"]
    response = _post_json(
        client,
        f"/api/v1/plans/{plan_id}/goals",
        {
            "title": "Eetu käy koulua",
            "follow_up_on": "2027-02-24",
            "level_0": "Enintään yksi poissaolo kuukaudessa.",
        },
    )
    assert response.status_code == 201
    goal_id = response.json()["id"]
    for owner, service in (
        (curator, "Koulukuraattori"),
        (nurse, "Kouluterveydenhuolto"),
        (youth_worker, "Nuorisotyö"),
    ):
        response = _post_json(
            client,
            f"/api/v1/plans/{plan_id}/actions",
            {
                "description": "Tuki Eetulle.",
                "owner_id": owner.pk,
                "start_on": "2026-12-01",
                "service_name": service,
            },
        )
        assert response.status_code == 201, response.content
    plan = client.get(f"/api/v1/plans/{plan_id}").json()
    assert {a["sector"] for a in plan["actions"]} == {"school_welfare", "school_student_health", "youth_work"}
    # a second plan for the same child is refused: the other sectors add to this one
    assert _post_json(client, "/api/v1/plans/", {"child": str(child.public_id)}).status_code == 400

    # --- A new plan version ----------------------------------------------------------------------------------
    response = client.patch(
        f"/api/v1/plans/{plan_id}",
        json.dumps({"child_view": "Haluan pelata.", "expected_version": plan["version"]}),
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["version"] == plan["version"] + 1
    versions = client.get(f"/api/v1/plans/{plan_id}/versions").json()
    assert versions[0]["number"] == plan["version"] + 1
    newest = client.get(f"/api/v1/plans/{plan_id}/versions/{versions[0]['number']}").json()
    assert newest["snapshot"]["items"]["child_view"] == "Haluan pelata."

    # --- Review -------------------------------------------------------------------------------------------------
    response = _post_json(
        client,
        f"/api/v1/plans/{plan_id}/reviews",
        {"reviewed_on": "2026-11-24", "participants": "Eetu, Sanna, Kaisa", "scores": {str(goal_id): 0}},
    )
    assert response.status_code == 201 and response.json()["t_score"] == pytest.approx(50.0)
    # and the curator, an action owner, reads the plan through the API but may not change it
    curator_client = login(Client(), curator)
    assert curator_client.get(f"/api/v1/plans/{plan_id}").status_code == 200
    refused = _post_json(
        curator_client,
        f"/api/v1/plans/{plan_id}/goals",
        {"title": "X", "follow_up_on": "2027-01-01", "level_0": "x"},
    )
    assert refused.status_code == 404
    channels = {row.channel for row in _writes("plans.")}
    assert channels == {"api"}
