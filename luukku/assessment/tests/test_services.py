"""The assessment services: start from an intake, workers, invitations (SHL 41 §), meetings, the child's views,
the workers' own zones of concern, completion with its bad-input rules, instruments, and short interventions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from luukku.access.models import AccessBasis, Involvement
from luukku.access.policy import decide
from luukku.assessment import selectors, services
from luukku.assessment.models import (
    AssessmentIntake,
    AssessmentStatus,
    Invitation,
    InvitationState,
    WorkerConcern,
)
from luukku.assessment.tests.conftest import NOW, register_intake
from luukku.audit.models import AuditAction, AuditEntry
from luukku.core import deadlines, time
from luukku.intake.models import Outcome

EXAMPLE = [4, 4, 4, 5, 4, 3, 4, 5, 3, 4, 5, 3, 4, 3, 4, 3, 4, 4, 5, 4, 3, 5, 4, 3, 4, 4]


def audit_rows(obj_type: str, **filters):
    return list(AuditEntry.objects.filter(object_type=obj_type, **filters).order_by("id"))


def active_bases(person):
    return set(
        Involvement.objects.filter(
            person=person, ended_at__isnull=True, source_type="assessment.Assessment"
        ).values_list("basis", flat=True)
    )


def test_start_from_intake_decides_it_and_sets_the_deadline(intake, worker, pair_worker):
    # given an intake received on Tuesday 24.11.2026 with urgency assessed
    # when the worker starts the assessment from it
    assessment = services.assessment_start(
        actor=worker, child=intake.child, intakes=[intake], responsible_worker=worker, pair_worker=pair_worker
    )
    # then the intake is decided "PTA started" today and the assessment is due three months after receipt
    intake.refresh_from_db()
    assert intake.outcome == Outcome.PTA_STARTED and intake.pta_started_on == dt.date(2026, 11, 24)
    assert (
        assessment.complete_by
        == deadlines.pta_completion_deadline(dt.date(2026, 11, 24))
        == dt.date(2027, 2, 24)
    )
    assert assessment.owning_unit == intake.unit and assessment.status == AssessmentStatus.OPEN
    assert AssessmentIntake.objects.get(intake=intake).assessment == assessment
    # and the responsible worker, the pair worker and the owning unit have their bases
    assert active_bases(intake.child) == {"owning_unit", "responsible_worker", "pair_worker"}
    # and the start is in the audit log
    [row] = audit_rows("assessment.assessment", action=AuditAction.CREATE)
    assert row.person_id == intake.child_id and row.actor_id == worker.pk


def test_special_support_needs_a_qualified_social_worker(intake, worker, unqualified_worker):
    # given a child who needs special support and an unqualified responsible worker
    # when the assessment is started, then it is refused with a clear Finnish message
    with pytest.raises(ValidationError) as error:
        services.assessment_start(
            actor=worker,
            child=intake.child,
            intakes=[intake],
            responsible_worker=unqualified_worker,
            child_needs_special_support=True,
        )
    assert "sosiaalityöntekijän kelpoisuus" in error.value.message_dict["responsible_worker"][0]
    # and nothing changed: the intake is still open
    intake.refresh_from_db()
    assert intake.outcome == ""
    # when the child does not need special support, the same worker may be responsible
    assessment = services.assessment_start(
        actor=worker, child=intake.child, intakes=[intake], responsible_worker=unqualified_worker
    )
    assert assessment.responsible_worker == unqualified_worker


def test_pair_worker_must_come_from_another_sector(intake, worker, unqualified_worker):
    # given a pair worker from the same (child-protection) unit, when started, then refused
    with pytest.raises(ValidationError) as error:
        services.assessment_start(
            actor=worker,
            child=intake.child,
            intakes=[intake],
            responsible_worker=worker,
            pair_worker=unqualified_worker,
        )
    assert "toiselta sektorilta" in error.value.message_dict["pair_worker"][0]


def test_intake_needs_urgency_first(clock, intake_unit, worker, child):
    # given an intake whose urgency has not been assessed
    intake = register_intake(child=child, worker=worker, urgency=False)
    # when the assessment is started from it, then the intake's own rule refuses it
    with pytest.raises(ValidationError) as error:
        services.assessment_start(actor=worker, child=child, intakes=[intake], responsible_worker=worker)
    assert "intakes" in error.value.message_dict


def test_one_open_assessment_per_child_and_later_intakes_join(assessment, worker, intake):
    # given an open assessment, and a new intake about the same child
    second = register_intake(child=assessment.child, worker=worker)
    # when a second assessment is started, then refused
    with pytest.raises(ValidationError) as error:
        services.assessment_start(
            actor=worker, child=assessment.child, intakes=[second], responsible_worker=worker
        )
    assert "avoin palvelutarpeen arviointi" in error.value.message_dict["child"][0]
    # when the new intake is attached instead, then it joins and is decided "attached to existing"
    link = services.assessment_attach_intake(actor=worker, assessment=assessment, intake=second)
    second.refresh_from_db()
    assert (
        link.role == "joined" and second.outcome == Outcome.ATTACHED_EXISTING and second.attached_to == intake
    )
    assert audit_rows("assessment.assessment", action=AuditAction.UPDATE)[-1].summary.startswith(
        "Vireilletulo"
    )


def test_outsider_cannot_start(intake, outsider, worker):
    # given a social worker of another unit, when they try to start, then refused and nothing changed
    with pytest.raises(services.AssessmentAccessDenied):
        services.assessment_start(
            actor=outsider, child=intake.child, intakes=[intake], responsible_worker=worker
        )
    intake.refresh_from_db()
    assert intake.outcome == ""


def test_invite_and_respond(assessment, worker, school_unit, curator, health_unit, nurse, substitute):
    # when two units are invited
    first = services.assessment_invite_unit(
        actor=worker, assessment=assessment, unit=school_unit, information_kinds=["assessment", "school"]
    )
    second = services.assessment_invite_unit(
        actor=worker, assessment=assessment, unit=health_unit, information_kinds=["assessment"]
    )
    # then both are pending and each unit has an invited-unit basis limited to what the invitation allows
    assert first.state == second.state == InvitationState.PENDING
    assert Involvement.objects.get(unit=school_unit, basis=AccessBasis.INVITED_UNIT).information_kinds == [
        "assessment",
        "school",
    ]
    # and the disclosure to the invited organisation is logged
    assert AuditEntry.objects.filter(
        action=AuditAction.DISCLOSE, recipient_organisation_id=school_unit.organisation_id
    ).exists()
    # when the curator accepts and the nurse names a substitute
    services.invitation_respond(actor=curator, invitation=first, state=InvitationState.ACCEPTED)
    services.invitation_respond(
        actor=nurse, invitation=second, state="substitute_named", substitute=substitute
    )
    first.refresh_from_db()
    second.refresh_from_db()
    # then the states, the responder and the substitute are recorded
    assert first.state == "accepted" and first.responded_by == curator and first.responded_at == NOW
    assert second.state == "substitute_named" and second.substitute == substitute
    # and the substitute's own unit can now see the assessment data too
    assert decide(actor=substitute, person=assessment.child, information_kind="assessment")
    # and each response has its audit row
    assert len(audit_rows("assessment.invitation", action=AuditAction.UPDATE)) == 2


def test_invitation_cannot_be_declined(assessment, worker, school_unit, curator):
    # given a pending invitation
    invitation = services.assessment_invite_unit(
        actor=worker, assessment=assessment, unit=school_unit, information_kinds=["assessment"]
    )
    # when the unit tries to decline, then refused: SHL 41 § obliges it to take part
    with pytest.raises(ValidationError) as error:
        services.invitation_respond(actor=curator, invitation=invitation, state="declined")
    assert "SHL 41 §" in error.value.message_dict["state"][0]
    # when naming a substitute without naming one, then refused
    with pytest.raises(ValidationError) as error:
        services.invitation_respond(actor=curator, invitation=invitation, state="substitute_named")
    assert "substitute" in error.value.message_dict
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.PENDING


def test_only_the_invited_unit_responds(assessment, worker, school_unit, nurse):
    invitation = services.assessment_invite_unit(
        actor=worker, assessment=assessment, unit=school_unit, information_kinds=["assessment"]
    )
    # when someone of another unit responds, then refused and nothing changed
    with pytest.raises(services.AssessmentAccessDenied):
        services.invitation_respond(actor=nurse, invitation=invitation, state="accepted")
    assert Invitation.objects.get(pk=invitation.pk).state == "pending"


def test_invite_bad_input(assessment, worker, school_unit):
    # given no information kinds, then refused
    with pytest.raises(ValidationError) as error:
        services.assessment_invite_unit(
            actor=worker, assessment=assessment, unit=school_unit, information_kinds=[]
        )
    assert "information_kinds" in error.value.message_dict
    # given the same unit twice, then refused
    services.assessment_invite_unit(
        actor=worker, assessment=assessment, unit=school_unit, information_kinds=["plan"]
    )
    with pytest.raises(ValidationError) as error:
        services.assessment_invite_unit(
            actor=worker, assessment=assessment, unit=school_unit, information_kinds=["plan"]
        )
    assert "jo kutsuttu" in error.value.message_dict["unit"][0]


def test_meeting_with_instruments(assessment, worker, pair_worker):
    # when a meeting is recorded with the child met in person, and a WHOQOL-BREF and GAS attached
    meeting = services.assessment_add_meeting(
        actor=worker,
        assessment=assessment,
        held_on=dt.date(2026, 11, 24),
        participants=[worker, pair_worker],
        other_participants="Eetu, äiti",
        child_met_in_person=True,
        notes="Eetu kertoi koulupäivistään.",
    )
    whoqol = services.meeting_record_whoqol_bref(actor=worker, meeting=meeting, answers=EXAMPLE)
    gas = services.meeting_record_gas(
        actor=pair_worker, meeting=meeting, scores=[-2, 0, -1, 2, 0, 1], weights=[3, 5, 1, 4, 2, 6]
    )
    # then the scores are stored as DOMAIN.md §5 computes them
    assert whoqol.physical == pytest.approx(12.571, abs=0.01) and whoqol.q1 == 4 and not whoqol.discarded
    assert gas.t_score == pytest.approx(55.0)
    assert list(meeting.participants.all().order_by("pk")) == sorted(
        [worker, pair_worker], key=lambda p: p.pk
    )
    # and each write has its audit row
    assert audit_rows("assessment.meeting", action=AuditAction.CREATE)
    assert audit_rows("assessment.whoqolresult", action=AuditAction.CREATE)
    assert audit_rows("assessment.gasresult", action=AuditAction.CREATE)[0].actor_id == pair_worker.pk


def test_instrument_bad_input_is_a_validation_error(assessment, worker):
    meeting = services.assessment_add_meeting(
        actor=worker, assessment=assessment, held_on=dt.date(2026, 11, 24), participants=[worker]
    )
    # given an answer 6, then refused with a message naming the item
    answers = list(EXAMPLE)
    answers[0] = 6
    with pytest.raises(ValidationError) as error:
        services.meeting_record_whoqol_bref(actor=worker, meeting=meeting, answers=answers)
    assert "1–5" in error.value.message_dict["answers"][0]
    # given a GAS score 3, then refused
    with pytest.raises(ValidationError) as error:
        services.meeting_record_gas(actor=worker, meeting=meeting, scores=[3])
    assert "−2…+2" in error.value.message_dict["scores"][0]
    # given mismatched weights, then refused
    with pytest.raises(ValidationError):
        services.meeting_record_gas(actor=worker, meeting=meeting, scores=[1, 2], weights=[1])
    assert not meeting.whoqol_results.exists() and not meeting.gas_results.exists()


def test_meeting_bad_dates(assessment, worker):
    # given a meeting in the future, then refused
    with pytest.raises(ValidationError) as error:
        services.assessment_add_meeting(
            actor=worker, assessment=assessment, held_on=dt.date(2026, 11, 25), participants=[worker]
        )
    assert "tulevaisuudessa" in error.value.message_dict["held_on"][0]
    assert not assessment.meetings.exists()


def test_child_view_text_or_reason(assessment, worker):
    # given neither text nor reason, then refused
    with pytest.raises(ValidationError):
        services.assessment_record_child_view(actor=worker, assessment=assessment)
    # given text without how the child was heard, then refused
    with pytest.raises(ValidationError) as error:
        services.assessment_record_child_view(actor=worker, assessment=assessment, text="Haluan asua kotona.")
    assert "how_heard" in error.value.message_dict
    # when recorded in the child's own words
    view = services.assessment_record_child_view(
        actor=worker, assessment=assessment, text="Haluan asua kotona.", how_heard="in_person"
    )
    # then stored and audited
    assert view.was_heard and audit_rows("assessment.childview", action=AuditAction.CREATE)


def test_guardian_view(assessment, worker):
    view = services.assessment_record_guardian_view(
        actor=worker, assessment=assessment, text="Äiti toivoo tukea arkeen.", guardian_description="äiti"
    )
    assert view.text == "Äiti toivoo tukea arkeen."
    assert audit_rows("assessment.guardianview", action=AuditAction.CREATE)


def test_concern_zone_is_the_authors_own(assessment, worker, pair_worker):
    # when two workers record their own zones of concern
    services.assessment_set_concern_zone(actor=worker, assessment=assessment, zone=3)
    services.assessment_set_concern_zone(actor=pair_worker, assessment=assessment, zone=2)
    # then each sees only their own
    assert selectors.concern_zone_of(actor=worker, assessment=assessment).zone == 3
    assert selectors.concern_zone_of(actor=pair_worker, assessment=assessment).zone == 2
    # and a worker changing theirs keeps one row per worker
    services.assessment_set_concern_zone(actor=worker, assessment=assessment, zone=4)
    assert WorkerConcern.objects.filter(assessment=assessment).count() == 2
    # and the audit rows name no zone
    rows = audit_rows("assessment.workerconcern")
    assert len(rows) == 3 and all("III" not in row.summary and "IV" not in row.summary for row in rows)
    # and a zone outside I–IV is refused
    with pytest.raises(ValidationError):
        services.assessment_set_concern_zone(actor=worker, assessment=assessment, zone=5)


def complete(assessment, worker, **overrides):
    data = {
        "outcome": "basic_family_centre",
        "completed_on": time.today(),
        "summary": "Perhe hyötyy perhetyöstä.",
        "professional_conclusion": "Lastensuojelun asiakkuutta ei tarvita.",
        "client_view": "Perhe on samaa mieltä.",
        "needs_responsible_worker": True,
    }
    data.update(overrides)
    return services.assessment_complete(actor=worker, assessment=assessment, **data)


def test_completion_needs_outcome_date_and_the_childs_views(assessment, worker):
    # given no child view recorded, no outcome and no date
    with pytest.raises(ValidationError) as error:
        complete(assessment, worker, outcome="", completed_on=None)
    # then all three are named
    assert {"outcome", "completed_on", "child_view"} <= set(error.value.message_dict)
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.OPEN


def test_completion_with_reason_child_could_not_be_heard(assessment, worker, school_unit):
    # given the reason the child could not be heard, and an invited unit
    services.assessment_record_child_view(
        actor=worker, assessment=assessment, could_not_be_heard_reason="Lapsi on vauva (4 kk)."
    )
    services.assessment_invite_unit(
        actor=worker, assessment=assessment, unit=school_unit, information_kinds=["assessment"]
    )
    # when completed
    done = complete(assessment, worker)
    # then it is completed in time
    assert done.status == AssessmentStatus.COMPLETED and not done.completed_late
    # and the invited unit and the pair worker lose their bases; the owning unit and responsible worker keep theirs
    assert active_bases(assessment.child) == {"owning_unit", "responsible_worker"}
    assert audit_rows("assessment.assessment", action=AuditAction.UPDATE)[-1].summary.startswith(
        "Palvelutarpeen arviointi valmis"
    )
    # and a completed assessment cannot be changed
    with pytest.raises(ValidationError):
        services.assessment_record_guardian_view(actor=worker, assessment=assessment, text="Myöhässä.")


def test_late_completion_needs_an_explanation_and_is_marked_late(assessment, worker):
    services.assessment_record_child_view(
        actor=worker, assessment=assessment, text="En tiedä.", how_heard="remote"
    )
    # given a day after the deadline 24.2.2027
    with time.frozen(dt.datetime(2027, 3, 3, 12, 0, tzinfo=time.HELSINKI)):
        # when completed without an explanation, then refused
        with pytest.raises(ValidationError) as error:
            complete(assessment, worker, completed_on=dt.date(2027, 3, 2))
        assert "24.02.2027" in error.value.message_dict["late_explanation"][0]
        # when explained, then completed and marked late
        done = complete(
            assessment, worker, completed_on=dt.date(2027, 3, 2), late_explanation="Työntekijävaje."
        )
    assert done.completed_late and done.late_explanation == "Työntekijävaje."


def test_completion_date_rules(assessment, worker):
    services.assessment_record_child_view(
        actor=worker, assessment=assessment, text="Kiva.", how_heard="in_person"
    )
    with pytest.raises(ValidationError) as error:
        complete(assessment, worker, completed_on=dt.date(2026, 11, 25))
    assert "tulevaisuudessa" in error.value.message_dict["completed_on"][0]
    with pytest.raises(ValidationError) as error:
        complete(assessment, worker, completed_on=dt.date(2026, 11, 20))
    assert "ennen" in error.value.message_dict["completed_on"][0]


def test_no_further_need_ends_the_responsible_workers_basis(assessment, worker):
    services.assessment_record_child_view(
        actor=worker, assessment=assessment, text="Kaikki hyvin.", how_heard="in_person"
    )
    complete(assessment, worker, outcome="no_further_need")
    assert active_bases(assessment.child) == {"owning_unit"}


def test_direct_start_without_intake(clock, intake, worker):
    # given a child who is already the unit's client (the intake closed otherwise is not needed here)
    # when the assessment is started directly
    assessment = services.assessment_start(actor=worker, child=intake.child, responsible_worker=worker)
    # then its deadline runs from today and the owning unit is the actor's
    assert assessment.complete_by == deadlines.pta_completion_deadline(time.today())
    assert assessment.owning_unit == worker.unit and not assessment.intake_links.exists()


# --- Short interventions -------------------------------------------------------------------------------------


def test_short_intervention_flow_and_outcomes(clock, intake, worker, pair_worker):
    # given a basic-level client and a special-level worker joining for five sessions
    intervention = services.short_intervention_start(
        actor=worker, child=intake.child, basic_worker=worker, special_worker=pair_worker
    )
    assert intervention.planned_sessions == 5
    assert decide(actor=pair_worker, person=intake.child)
    # when four sessions are held and the family continues at basic level
    for _ in range(4):
        services.short_intervention_record_session(
            actor=worker, intervention=intervention, held_on=time.today()
        )
    services.short_intervention_end(actor=worker, intervention=intervention, result="continues_basic")
    # then the indicator counts it as helped within five sessions
    outcomes = selectors.short_intervention_outcomes(start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 30))
    assert (outcomes.ended, outcomes.continues_basic, outcomes.moves_special) == (1, 1, 0)
    assert (
        outcomes.helped_within_five == 1 and outcomes.sessions_total == 4 and outcomes.helped_share == 100.0
    )
    # and the special-level worker's basis has ended
    assert not decide(actor=pair_worker, person=intake.child)
    # and nothing outside the period is counted
    assert (
        selectors.short_intervention_outcomes(start=dt.date(2026, 12, 1), end=dt.date(2026, 12, 31)).ended
        == 0
    )
    assert len(audit_rows("assessment.interventionsession")) == 4
    assert audit_rows("assessment.shortintervention", action=AuditAction.UPDATE)


def test_short_intervention_bad_input(clock, intake, worker, pair_worker):
    with pytest.raises(ValidationError) as error:
        services.short_intervention_start(
            actor=worker, child=intake.child, basic_worker=worker, special_worker=worker, planned_sessions=0
        )
    assert {"special_worker", "planned_sessions"} <= set(error.value.message_dict)
    intervention = services.short_intervention_start(
        actor=worker, child=intake.child, basic_worker=worker, special_worker=pair_worker, planned_sessions=3
    )
    # ending without any session, or without a result, is refused
    with pytest.raises(ValidationError) as error:
        services.short_intervention_end(actor=worker, intervention=intervention, result="")
    assert {"result", "sessions"} <= set(error.value.message_dict)


def test_moves_special_is_not_helped(clock, intake, worker, pair_worker):
    intervention = services.short_intervention_start(
        actor=worker, child=intake.child, basic_worker=worker, special_worker=pair_worker
    )
    services.short_intervention_record_session(actor=worker, intervention=intervention, held_on=time.today())
    services.short_intervention_end(actor=worker, intervention=intervention, result="moves_special")
    outcomes = selectors.short_intervention_outcomes(start=time.today(), end=time.today())
    assert outcomes.moves_special == 1 and outcomes.helped_within_five == 0 and outcomes.helped_share == 0.0
