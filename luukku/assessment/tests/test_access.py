"""Who sees what of an assessment: an invited professional sees what the invitation allows and nothing of other
children; the zone of concern is its author's own; a refused call returns nothing, changes nothing and is logged."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from luukku.assessment import services
from luukku.assessment.models import Assessment, Meeting
from luukku.assessment.tests.conftest import register_intake
from luukku.audit.models import AuditAction, AuditEntry
from luukku.core.factories import ChildFactory
from luukku.core.testing import login


@pytest.fixture
def other_assessment(intake, worker):
    """Another child's assessment in the same unit, to which nobody outside the unit is invited."""
    other_child = ChildFactory(first_names="Olli", last_name="Toinenlapsi")
    other_intake = register_intake(child=other_child, worker=worker)
    return services.assessment_start(
        actor=worker, child=other_child, intakes=[other_intake], responsible_worker=worker
    )


@pytest.fixture
def invited(assessment, worker, school_unit, curator, health_unit, nurse):
    """The school is invited to see the assessment; the child health clinic only identity and contact details."""
    school = services.assessment_invite_unit(
        actor=worker, assessment=assessment, unit=school_unit, information_kinds=["assessment"]
    )
    health = services.assessment_invite_unit(
        actor=worker, assessment=assessment, unit=health_unit, information_kinds=["identity_contact"]
    )
    services.invitation_respond(actor=curator, invitation=school, state="accepted")
    services.invitation_respond(actor=nurse, invitation=health, state="accepted")
    return assessment


def test_invited_professional_sees_what_the_invitation_allows(client, invited, other_assessment, curator):
    # given the curator of a unit invited to see the assessment
    login(client, curator)
    # when they open the assessment, then they see it
    response = client.get(reverse("assessment:detail", args=[invited.public_id]))
    assert response.status_code == 200 and "Eetu Esimerkki" in response.content.decode()
    assert client.get(f"/api/v1/assessments/{invited.public_id}").status_code == 200
    # when they try another child's assessment, then it does not exist for them
    assert client.get(reverse("assessment:detail", args=[other_assessment.public_id])).status_code == 404
    assert client.get(f"/api/v1/assessments/{other_assessment.public_id}").status_code == 404
    # and their list holds only the child they were invited for
    listing = client.get(reverse("assessment:list")).content.decode()
    assert "Eetu Esimerkki" in listing and "Toinenlapsi" not in listing


def test_invitation_limited_to_other_kinds_shows_no_assessment(client, invited, nurse):
    # given the nurse of a unit invited for identity and contact details only
    login(client, nurse)
    # when they open the assessment, then 404 on the screen and in the API, and it is not in their list
    assert client.get(reverse("assessment:detail", args=[invited.public_id])).status_code == 404
    assert client.get(f"/api/v1/assessments/{invited.public_id}").status_code == 404
    assert "Eetu Esimerkki" not in client.get(reverse("assessment:list")).content.decode()
    # and no read of the assessment was logged for them
    assert not AuditEntry.objects.filter(object_type="assessment.assessment", actor_id=nurse.pk).exists()


def test_outsider_sees_nothing_and_cannot_write(client, assessment, outsider):
    login(client, outsider)
    assert client.get(reverse("assessment:detail", args=[assessment.public_id])).status_code == 404
    response = client.post(
        reverse("assessment:action", args=[assessment.public_id, "tapaaminen"]),
        {"held_on": "2026-11-24", "other_participants": "x"},
    )
    assert response.status_code == 404
    assert not Meeting.objects.exists()


def test_invited_participant_cannot_do_the_leads_work(client, invited, curator):
    # given the curator of an invited unit that has accepted
    login(client, curator)
    before = AuditEntry.objects.filter(action=AuditAction.REFUSED).count()
    # when they try to complete the assessment
    response = client.post(
        reverse("assessment:action", args=[invited.public_id, "valmis"]),
        {
            "summary": "x",
            "professional_conclusion": "x",
            "outcome": "no_further_need",
            "completed_on": "2026-11-24",
        },
    )
    # then it does not exist for that write, nothing changed, and the refusal is logged
    assert response.status_code == 404
    assert Assessment.objects.get(pk=invited.pk).status == "open"
    assert AuditEntry.objects.filter(action=AuditAction.REFUSED, actor_id=curator.pk).count() == before + 1


def test_pending_invitation_cannot_write(client, assessment, worker, school_unit, curator):
    # given an invitation the curator's unit has not answered yet
    services.assessment_invite_unit(
        actor=worker, assessment=assessment, unit=school_unit, information_kinds=["assessment"]
    )
    login(client, curator)
    # when they post a meeting, then refused and nothing saved
    response = client.post(
        reverse("assessment:action", args=[assessment.public_id, "tapaaminen"]),
        {"held_on": "2026-11-24", "other_participants": "Kuraattori"},
    )
    assert response.status_code == 404 and not Meeting.objects.exists()


def test_concern_zone_is_shown_only_to_its_author(client, invited, worker, pair_worker, curator):
    # given the responsible worker's own zone III
    services.assessment_set_concern_zone(actor=worker, assessment=invited, zone=3)
    url = reverse("assessment:detail", args=[invited.public_id])
    # when the worker opens the page, then they see their own zone
    login(client, worker)
    html = client.get(url).content.decode()
    assert 'data-testid="own-concern"' in html and "(näkyy vain sinulle): III tuntuva huoli" in html
    # when the pair worker and the invited curator open it, then no zone is shown anywhere
    for other in (pair_worker, curator):
        login(client, other)
        html = client.get(url).content.decode()
        assert 'data-testid="own-concern"' not in html and "näkyy vain sinulle" not in html
        assert 'value="3" selected' not in html
        body = client.get(f"/api/v1/assessments/{invited.public_id}").content.decode()
        assert "zone" not in body and "huoli" not in body


def test_invited_units_lose_access_when_completed(invited, worker, curator):
    from luukku.access.policy import decide

    services.assessment_record_child_view(
        actor=worker, assessment=invited, text="Hyvä.", how_heard="in_person"
    )
    services.assessment_complete(
        actor=worker,
        assessment=invited,
        outcome="basic_family_centre",
        completed_on=dt.date(2026, 11, 24),
        summary="Yhteenveto.",
        professional_conclusion="Johtopäätös.",
    )
    assert not decide(actor=curator, person=invited.child)
    assert decide(actor=worker, person=invited.child, action="edit")


def test_inbox_lists_only_the_units_own_invitations(client, invited, other_assessment, curator, nurse):
    login(client, curator)
    html = client.get(reverse("assessment:inbox")).content.decode()
    assert "Eetu Esimerkki" in html and "Toinenlapsi" not in html
    assert AuditEntry.objects.filter(
        object_type="assessment.invitation", action=AuditAction.READ, actor_id=curator.pk
    ).exists()
