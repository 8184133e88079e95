"""The assessment screens: bad input shown next to the field, the WHOQOL-BREF item labels, the deadline."""

from __future__ import annotations

from django.urls import reverse

from luukku.assessment.models import Assessment, WhoqolItemWording
from luukku.audit.models import AuditAction, AuditEntry
from luukku.core import time
from luukku.core.testing import login


def test_start_with_unqualified_worker_for_special_support_shows_the_rule(
    client, intake, worker, unqualified_worker
):
    # given the start form
    login(client, worker)
    # when an unqualified worker is named for a child who needs special support
    response = client.post(
        reverse("assessment:start", args=[intake.receipt_number]),
        {"responsible_worker": unqualified_worker.pk, "child_needs_special_support": "on"},
    )
    # then the page explains the rule next to the field and nothing was started
    assert response.status_code == 400
    assert "sosiaalityöntekijän kelpoisuus" in response.content.decode()
    assert not Assessment.objects.exists()


def test_start_page_of_an_intake_the_user_cannot_see_is_404(client, intake, outsider):
    login(client, outsider)
    assert client.get(reverse("assessment:start", args=[intake.receipt_number])).status_code == 404


def test_whoqol_form_shows_item_numbers_until_wording_is_loaded(client, assessment, worker):
    # given a meeting on the assessment
    login(client, worker)
    url = reverse("assessment:detail", args=[assessment.public_id])
    client.post(
        reverse("assessment:action", args=[assessment.public_id, "tapaaminen"]),
        {"held_on": "2026-11-24", "participants": [worker.pk]},
    )
    # when no licensed wording is loaded, then the form shows "kysymys 1…26"
    html = client.get(url).content.decode()
    assert "kysymys 1<" in html or "kysymys 1:" in html
    assert "kysymys 26" in html
    # when the organisation loads its licensed wording for item 1, then that wording is shown instead
    WhoqolItemWording.objects.create(
        organisation=assessment.owning_unit.organisation, item=1, text="Lisensoitu sanamuoto yksi"
    )
    html = client.get(url).content.decode()
    assert "Lisensoitu sanamuoto yksi" in html and "kysymys 2" in html


def test_gas_bad_input_is_shown(client, assessment, worker):
    login(client, worker)
    action = lambda name: reverse("assessment:action", args=[assessment.public_id, name])  # noqa: E731
    client.post(action("tapaaminen"), {"held_on": "2026-11-24", "participants": [worker.pk]})
    meeting = assessment.meetings.get()
    # when a GAS score outside −2…+2 is posted, then the message is shown and nothing saved
    response = client.post(action("gas"), {"meeting": meeting.pk, "scores": "1,3"})
    assert response.status_code == 400 and "−2…+2" in response.content.decode()
    # when the weights do not match the goals, then refused
    response = client.post(action("gas"), {"meeting": meeting.pk, "scores": "1,2", "weights": "1"})
    assert response.status_code == 400 and "painoja 1" in response.content.decode()
    assert not meeting.gas_results.exists()


def test_whoqol_answer_outside_1_to_5_is_refused_by_the_form(client, assessment, worker):
    login(client, worker)
    action = lambda name: reverse("assessment:action", args=[assessment.public_id, name])  # noqa: E731
    client.post(action("tapaaminen"), {"held_on": "2026-11-24", "participants": [worker.pk]})
    meeting = assessment.meetings.get()
    response = client.post(action("whoqol-bref"), {"meeting": meeting.pk, "q1": "7"})
    assert response.status_code == 400 and not meeting.whoqol_results.exists()


def test_late_completion_in_the_ui(client, assessment, worker):
    login(client, worker)
    action = lambda name: reverse("assessment:action", args=[assessment.public_id, name])  # noqa: E731
    client.post(action("lapsen-nakemys"), {"could_not_be_heard_reason": "Lapsi ei halunnut tavata."})
    data = {
        "summary": "Yhteenveto.",
        "professional_conclusion": "Johtopäätös.",
        "outcome": "special_services",
        "completed_on": "2027-03-01",
    }
    with time.frozen("2027-03-02T09:00"):
        # when completed after the deadline without an explanation, then the page asks for one
        response = client.post(action("valmis"), data)
        assert response.status_code == 400 and "selvitys myöhästymisestä" in response.content.decode()
        # and the days-left label shows the assessment overdue
        assert "myöhässä" in response.content.decode()
        response = client.post(action("valmis"), {**data, "late_explanation": "Perhe ei tavoitettu."})
        assert response.status_code == 302
        html = client.get(reverse("assessment:detail", args=[assessment.public_id])).content.decode()
    assert 'data-testid="late"' in html and "Perhe ei tavoitettu." in html
    assert AuditEntry.objects.filter(object_type="assessment.assessment", action=AuditAction.UPDATE).exists()


def test_meeting_without_participants_is_refused(client, assessment, worker):
    login(client, worker)
    response = client.post(
        reverse("assessment:action", args=[assessment.public_id, "tapaaminen"]), {"held_on": "2026-11-24"}
    )
    assert response.status_code == 400 and "ketkä tapaamisessa olivat" in response.content.decode()
    assert not assessment.meetings.exists()


def test_assessment_page_queries_do_not_grow_with_meetings(client, assessment, worker, pair_worker):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from luukku.assessment import services

    def add_meetings(count):
        for _ in range(count):
            meeting = services.assessment_add_meeting(
                actor=worker, assessment=assessment, held_on=time.today(), participants=[worker, pair_worker]
            )
            services.meeting_record_gas(actor=worker, meeting=meeting, scores=[1, 0])
            services.meeting_record_whoqol_bref(actor=worker, meeting=meeting, answers=[3] * 26)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("assessment:detail", args=[assessment.public_id]))
        assert response.status_code == 200
        return len(captured)

    # given the page with two meetings, and then with twelve
    login(client, worker)
    add_meetings(2)
    few = queries()
    add_meetings(10)
    many = queries()
    # then the number of queries stays the same
    assert many == few


def test_new_intake_joins_the_open_assessment_from_its_page(client, assessment, worker):
    from luukku.assessment.tests.conftest import register_intake

    # given a new intake about the same child while the assessment is open
    second = register_intake(child=assessment.child, worker=worker)
    login(client, worker)
    url = reverse("assessment:detail", args=[assessment.public_id])
    assert second.receipt_number in client.get(url).content.decode()
    # when it is attached from the assessment page
    response = client.post(
        reverse("assessment:action", args=[assessment.public_id, "liita"]), {"intake": second.pk}
    )
    # then it joins, and is decided "attached to an existing assessment"
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.outcome == "attached_existing"
    assert assessment.intake_links.filter(intake=second, role="joined").exists()
    assert AuditEntry.objects.filter(
        object_type="assessment.assessment", summary__contains=second.receipt_number
    ).exists()
