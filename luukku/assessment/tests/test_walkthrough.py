"""Walkthroughs: intake → assessment with two invited units (one accepts, one names a substitute) and a pair
worker from another sector → meetings with a WHOQOL-BREF attached → completion, in the UI and through the API."""

from __future__ import annotations

import json

from django.urls import reverse

from luukku.assessment.models import Assessment, Invitation
from luukku.audit.models import AuditAction, AuditEntry
from luukku.core import time
from luukku.core.testing import login
from luukku.intake.models import Outcome

EXAMPLE = [4, 4, 4, 5, 4, 3, 4, 5, 3, 4, 5, 3, 4, 3, 4, 3, 4, 4, 5, 4, 3, 5, 4, 3, 4, 4]


def written(object_type: str, actor) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(object_type=object_type, actor_id=actor.pk)
        .exclude(action=AuditAction.READ)
        .order_by("id")
    )


def test_ui_walkthrough(
    client, intake, worker, pair_worker, school_unit, curator, health_unit, nurse, substitute
):
    # given the worker on the intake's "Aloita arviointi" page
    login(client, worker)
    start_url = reverse("assessment:start", args=[intake.receipt_number])
    page = client.get(start_url)
    assert page.status_code == 200 and "Aloita palvelutarpeen arviointi" in page.content.decode()
    # when the assessment is started with a pair worker from mental-health services
    response = client.post(start_url, {"responsible_worker": worker.pk, "pair_worker": pair_worker.pk})
    assessment = Assessment.objects.get(child=intake.child)
    assert response.status_code == 302 and response["Location"] == reverse(
        "assessment:detail", args=[assessment.public_id]
    )
    intake.refresh_from_db()
    assert intake.outcome == Outcome.PTA_STARTED
    detail_url = reverse("assessment:detail", args=[assessment.public_id])
    # then the page shows the deadline and the working days left
    html = client.get(detail_url).content.decode()
    assert "24.2.2027" in html and 'data-testid="days-left"' in html and "Paula Pari" in html
    action = lambda name: reverse("assessment:action", args=[assessment.public_id, name])  # noqa: E731
    # when two units are invited
    for unit in (school_unit, health_unit):
        response = client.post(
            action("kutsu"), {"unit": unit.pk, "information_kinds": ["assessment"], "message": "Tervetuloa"}
        )
        assert response.status_code == 302
    assert written("assessment.invitation", worker)
    # and the curator accepts from the unit's inbox, the nurse names a substitute
    login(client, curator)
    inbox = client.get(reverse("assessment:inbox")).content.decode()
    assert "Eetu Esimerkki" in inbox and "Odottaa vastausta" in inbox
    school_invitation = Invitation.objects.get(unit=school_unit)
    response = client.post(reverse("assessment:respond", args=[school_invitation.pk]), {"state": "accepted"})
    assert response.status_code == 302
    login(client, nurse)
    health_invitation = Invitation.objects.get(unit=health_unit)
    response = client.post(
        reverse("assessment:respond", args=[health_invitation.pk]),
        {"state": "substitute_named", "substitute": substitute.pk},
    )
    assert response.status_code == 302
    assert written("assessment.invitation", curator) and written("assessment.invitation", nurse)
    # then the worker sees both states on the assessment page
    login(client, worker)
    html = client.get(detail_url).content.decode()
    assert "Osallistuu" in html and "Nimesi sijaisen" in html and "Sirpa Sijainen" in html
    # and the access panel says what each organisation may see and why
    assert "Arviointiin kutsuttu yksikkö (SHL 41 §)" in html and "Yhtenäiskoulun opiskeluhuolto" in html
    # when the curator records a meeting with the child met in person, and a WHOQOL-BREF on it
    login(client, curator)
    response = client.post(
        action("tapaaminen"),
        {
            "held_on": "2026-11-24",
            "participants": [worker.pk, curator.pk, pair_worker.pk],
            "other_participants": "Eetu",
            "child_met_in_person": "on",
            "notes": "Koulupäivät",
        },
    )
    assert response.status_code == 302
    meeting = assessment.meetings.get()
    whoqol = {"meeting": meeting.pk, **{f"q{n}": str(a) for n, a in enumerate(EXAMPLE, start=1)}}
    response = client.post(action("whoqol-bref"), whoqol)
    assert response.status_code == 302
    response = client.post(
        action("gas"), {"meeting": meeting.pk, "scores": "-2,0,-1,2,0,1", "weights": "3,5,1,4,2,6"}
    )
    assert response.status_code == 302
    assert written("assessment.meeting", curator) and written("assessment.whoqolresult", curator)
    # when the worker records the child's view and completes too early without it, then refused with the reason
    login(client, worker)
    completion = {
        "summary": "Perhe hyötyy perhetyöstä.",
        "professional_conclusion": "Ei lastensuojelun asiakkuutta.",
        "client_view": "Samaa mieltä.",
        "outcome": "basic_family_centre",
        "completed_on": "2026-11-24",
    }
    response = client.post(action("valmis"), completion)
    assert response.status_code == 400 and "Lapsen näkemys puuttuu" in response.content.decode()
    response = client.post(
        action("lapsen-nakemys"), {"text": "Haluan että äiti jaksaa.", "how_heard": "in_person"}
    )
    assert response.status_code == 302
    response = client.post(
        action("huoltajan-nakemys"), {"guardian_description": "äiti", "text": "Tarvitsen apua."}
    )
    assert response.status_code == 302
    response = client.post(action("valmis"), completion)
    assert response.status_code == 302
    # then the page shows the completed assessment with its scores
    html = client.get(detail_url).content.decode()
    assert "Valmis" in html and "Jatkuu perhekeskuksen peruspalveluissa" in html
    assert "12,571" in html or "12.571" in html
    assert "GAS T = 55" in html
    assert "Haluan että äiti jaksaa." in html
    assert written("assessment.childview", worker) and written("assessment.guardianview", worker)
    assert written("assessment.assessment", worker)[-1].summary.startswith("Palvelutarpeen arviointi valmis")
    # and every page view was logged as a read of the child's data
    assert AuditEntry.objects.filter(
        object_type="assessment.assessment", action=AuditAction.READ, actor_id=worker.pk
    ).exists()


def post_json(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_api_walkthrough(
    client, intake, worker, pair_worker, school_unit, curator, health_unit, nurse, substitute
):
    # given the worker's session
    login(client, worker)
    # when the assessment is started through the API
    response = post_json(
        client,
        "/api/v1/assessments/",
        {
            "child": str(intake.child.public_id),
            "intakes": [intake.receipt_number],
            "responsible_worker": worker.pk,
            "pair_worker": pair_worker.pk,
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    base = f"/api/v1/assessments/{body['public_id']}"
    assert body["complete_by"] == "2027-02-24" and body["intakes"] == [intake.receipt_number]
    # and two units are invited
    for unit in (school_unit, health_unit):
        response = post_json(
            client, f"{base}/invitations", {"unit": unit.code, "information_kinds": ["assessment"]}
        )
        assert response.status_code == 201
    # and they respond
    login(client, curator)
    [invitation] = client.get("/api/v1/assessments/invitations").json()
    response = post_json(
        client, f"/api/v1/assessments/invitations/{invitation['id']}/respond", {"state": "accepted"}
    )
    assert response.status_code == 200 and response.json()["state"] == "accepted"
    login(client, nurse)
    [invitation] = client.get("/api/v1/assessments/invitations").json()
    response = post_json(
        client, f"/api/v1/assessments/invitations/{invitation['id']}/respond", {"state": "declined"}
    )
    assert response.status_code == 400 and "SHL 41 §" in response.json()["detail"]
    response = post_json(
        client,
        f"/api/v1/assessments/invitations/{invitation['id']}/respond",
        {"state": "substitute_named", "substitute": substitute.pk},
    )
    assert response.status_code == 200 and response.json()["substitute"] == substitute.pk
    # and a meeting with a WHOQOL-BREF and a GAS rating is recorded
    login(client, worker)
    response = post_json(
        client,
        f"{base}/meetings",
        {
            "held_on": "2026-11-24",
            "participants": [worker.pk, pair_worker.pk],
            "child_met_in_person": True,
            "whoqol_bref": EXAMPLE,
            "gas": {"scores": [-2, 0, -1, 2, 0, 1], "weights": [3, 5, 1, 4, 2, 6]},
        },
    )
    assert response.status_code == 201, response.content
    meeting = response.json()
    assert abs(meeting["whoqol_bref"][0]["physical"] - 12.571) < 0.01 and meeting["gas_t_scores"] == [55.0]
    # a bad WHOQOL answer refuses the whole meeting
    bad = list(EXAMPLE)
    bad[3] = 9
    response = post_json(
        client, f"{base}/meetings", {"held_on": "2026-11-24", "participants": [worker.pk], "whoqol_bref": bad}
    )
    assert response.status_code == 400 and "1–5" in response.json()["detail"]
    # completing without the child's view is refused
    completion = {
        "outcome": "child_protection_client",
        "completed_on": "2026-11-24",
        "summary": "Tarvitaan lastensuojelun tukitoimia.",
        "professional_conclusion": "Lastensuojelun asiakkuus alkaa (LSL 27 §).",
    }
    response = post_json(client, f"{base}/complete", completion)
    assert response.status_code == 400 and "child_view" in response.json()["errors"]
    response = post_json(
        client, f"{base}/child-views", {"text": "Haluan olla kotona.", "how_heard": "in_person"}
    )
    assert response.status_code == 201
    response = post_json(client, f"{base}/complete", completion)
    assert response.status_code == 200, response.content
    body = client.get(base).json()
    # then the assessment is completed, in time, with one meeting (the refused one left nothing behind)
    assert (
        body["status"] == "completed"
        and body["outcome"] == "child_protection_client"
        and not body["completed_late"]
    )
    assert len(body["meetings"]) == 1
    assert [i["state"] for i in body["invitations"]][:2] == ["accepted", "substitute_named"]
    # and the writes are logged on the API channel
    channels = set(
        AuditEntry.objects.filter(object_type__startswith="assessment.")
        .exclude(action=AuditAction.READ)
        .values_list("channel", flat=True)
    )
    assert channels == {"api"}


def test_api_needs_a_session(client, assessment):
    response = client.get(f"/api/v1/assessments/{assessment.public_id}")
    assert response.status_code == 401


def test_api_late_completion(client, assessment, worker):
    login(client, worker)
    base = f"/api/v1/assessments/{assessment.public_id}"
    post_json(client, f"{base}/child-views", {"could_not_be_heard_reason": "Lapsi kieltäytyi tapaamisesta."})
    with time.frozen("2027-03-01T12:00"):
        completion = {
            "outcome": "no_further_need",
            "completed_on": "2027-03-01",
            "summary": "Ei tarvetta.",
            "professional_conclusion": "Ei asiakkuutta.",
        }
        response = post_json(client, f"{base}/complete", completion)
        assert response.status_code == 400 and "late_explanation" in response.json()["errors"]
        response = post_json(client, f"{base}/complete", {**completion, "late_explanation": "Sairauslomat."})
    assert response.status_code == 200 and response.json()["completed_late"] is True
