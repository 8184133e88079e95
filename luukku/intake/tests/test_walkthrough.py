"""Each kind of intake walked through its whole path in the UI: notification → tray → assign → urgency →
notice → decision, with the deadlines shown checked against the deadlines module and every write's audit row."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from luukku.audit.models import AuditAction
from luukku.core import deadlines, time
from luukku.core.testing import login
from luukku.intake.models import Intake, IntakeEvent, IntakeKind, IntakeStatus, NotifierSector, Outcome
from luukku.intake.tests.support import audit_rows, child_code, professional_form, public_form

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    return login(Client(), user)


def _detail(receipt: str) -> str:
    return reverse("intake:detail", args=[receipt])


def _action(receipt: str, action: str) -> str:
    return reverse("intake:action", args=[receipt, action])


def _handle_until_decision(client: Client, intake: Intake, worker, *, urgent: bool = False) -> Intake:
    """Assign, assess urgency and record the notice through the intake page, asserting each audit row."""
    response = client.post(
        _action(intake.receipt_number, "vastuutyontekija"), {"worker": worker.pk, "version": intake.version}
    )
    assert response.status_code == 302
    intake.refresh_from_db()
    assert intake.assigned_to == worker
    assert audit_rows(object_id=str(intake.pk), action=AuditAction.UPDATE)[-1].summary.startswith(
        "Vireilletulon vastuutyöntekijä nimetty"
    )

    response = client.post(
        _action(intake.receipt_number, "kiireellisyys"),
        {
            "urgent": "yes" if urgent else "no",
            "urgency_notes": "Soitettu äidille, ei välitöntä vaaraa."
            if not urgent
            else "Sijoitettu kiireellisesti.",
            "version": intake.version,
        },
    )
    assert response.status_code == 302
    intake.refresh_from_db()
    assert intake.status == IntakeStatus.URGENCY_ASSESSED
    assert intake.urgency_assessed_at == time.now()
    assert intake.urgency_assessed_by == worker
    assert audit_rows(object_id=str(intake.pk))[-1].summary.startswith("Kiireellisyys arvioitu")

    response = client.post(
        _action(intake.receipt_number, "tiedoksianto"),
        {"child_informed_on": "2026-11-24", "guardian_informed_on": "2026-11-24", "version": intake.version},
    )
    assert response.status_code == 302
    intake.refresh_from_db()
    assert intake.child_informed_on == dt.date(2026, 11, 24)
    assert intake.guardian_informed_on == dt.date(2026, 11, 24)
    assert audit_rows(object_id=str(intake.pk))[-1].summary.startswith(
        "Vireilletulosta ilmoittaminen kirjattu"
    )
    return intake


def test_child_protection_notification_from_school_to_assessment_started(clock, curator, worker, manager):
    # given a school curator who is worried about a pupil
    curator_client = _client(curator)

    # when she sends the professional notification form
    response = curator_client.post(reverse("intake:notify"), professional_form())

    # then she gets a receipt number and is told what happens next
    assert response.status_code == 302
    receipt_page = curator_client.get(response["Location"])
    intake = Intake.objects.get()
    assert intake.receipt_number in receipt_page.content.decode()
    assert "Mitä seuraavaksi tapahtuu" in receipt_page.content.decode()
    assert intake.kind == IntakeKind.CHILD_PROTECTION_NOTIFICATION
    assert intake.notifier_is_professional and intake.notifier_name == "Kaisa Kuraattori"
    assert intake.notifier_professional == curator
    created = audit_rows(action=AuditAction.CREATE)
    assert [row.object_id for row in created] == [str(intake.pk)]
    assert created[0].actor_id == curator.pk and created[0].person_id == intake.child_id

    # and the intake unit's worker sees it in the team tray with the statutory start deadline
    client = _client(worker)
    tray = client.get(reverse("intake:team")).content.decode()
    due = deadlines.pta_start_deadline(dt.date(2026, 11, 24))
    assert due == dt.date(2026, 12, 3)
    assert intake.receipt_number in tray
    assert "3.12.2026" in tray
    assert "7 arkipäivää" in tray
    assert "Eetu Esimerkki" in tray

    # when the worker handles it through the intake page and starts the service-need assessment
    intake = _handle_until_decision(client, intake, worker)
    response = client.post(
        _action(intake.receipt_number, "ratkaisu"), {"outcome": "pta_started", "version": intake.version}
    )

    # then the intake is decided, the start date recorded for the THL report, and the timeline tells it all
    assert response.status_code == 302
    intake.refresh_from_db()
    assert intake.status == IntakeStatus.DECIDED
    assert intake.outcome == Outcome.PTA_STARTED
    assert intake.pta_started_on == dt.date(2026, 11, 24)
    assert intake.decided_by == worker
    assert audit_rows(object_id=str(intake.pk))[-1].summary.startswith("Vireilletulo ratkaistu")
    page = client.get(_detail(intake.receipt_number)).content.decode()
    kinds = list(IntakeEvent.objects.filter(intake=intake).values_list("kind", flat=True))
    assert kinds == [
        "registered",
        "assigned",
        "urgency_assessed",
        "notice_recorded",
        "decided",
        "pta_started",
    ]
    assert "Palvelutarpeen arviointi aloitettu" in page
    # and a decided intake leaves the tray
    assert intake.receipt_number not in client.get(reverse("intake:team")).content.decode()


def test_joint_social_care_contact_closed_as_obviously_unnecessary(clock, curator, worker):
    # given a social-care contact that a curator makes together with the family (LSL 25 a §)
    response = _client(curator).post(
        reverse("intake:notify"),
        professional_form(kind="social_care_contact", made_with_family="on", family_knows="yes"),
    )
    assert response.status_code == 302
    intake = Intake.objects.get()
    assert intake.kind == IntakeKind.SOCIAL_CARE_CONTACT and intake.made_with_family

    # when the worker finds the assessment obviously unnecessary and closes it with a reason and guidance
    client = _client(worker)
    intake = _handle_until_decision(client, intake, worker)
    response = client.post(
        _action(intake.receipt_number, "ratkaisu"),
        {
            "outcome": "closed_unnecessary",
            "reason": "Perhe saa jo tukea perheneuvolasta.",
            "guidance": "Ohjattu jatkamaan perheneuvolan asiakkuutta.",
            "version": intake.version,
        },
    )

    # then it is closed with the reason and guidance kept, and no assessment start is recorded
    assert response.status_code == 302
    intake.refresh_from_db()
    assert intake.status == IntakeStatus.CLOSED
    assert intake.decision_reason == "Perhe saa jo tukea perheneuvolasta."
    assert intake.guidance_given.startswith("Ohjattu")
    assert intake.pta_started_on is None
    assert audit_rows(object_id=str(intake.pk))[-1].summary.startswith("Vireilletulo ratkaistu")


def test_closing_without_reason_is_refused_and_keeps_the_text(clock, curator, worker):
    # given an intake ready for decision
    _client(curator).post(reverse("intake:notify"), professional_form())
    client = _client(worker)
    intake = _handle_until_decision(client, Intake.objects.get(), worker)
    rows_before = len(audit_rows())

    # when the worker closes it as unnecessary without a reason
    response = client.post(
        _action(intake.receipt_number, "ratkaisu"),
        {"outcome": "closed_unnecessary", "guidance": "Neuvottu soittamaan.", "version": intake.version},
    )

    # then the page says why, keeps the guidance typed, and nothing changed
    assert response.status_code == 400
    body = response.content.decode()
    assert "Kirjaa perustelu, miksi arviointi on ilmeisen tarpeeton." in body
    assert "Neuvottu soittamaan." in body
    intake.refresh_from_db()
    assert intake.is_open and intake.outcome == ""
    assert len(audit_rows()) == rows_before + 1  # only the READ of the re-rendered page
    assert audit_rows()[-1].action == AuditAction.READ


def test_family_request_on_public_form_attached_to_the_childs_existing_intake(clock, worker):
    # given an earlier intake about the same child, already decided
    code = child_code(dt.date(2016, 5, 5), 7)
    public = Client()
    first = public.post(
        reverse("intake_public:form"),
        public_form(identity_code=code, birth_date="", first_names="Veeti", last_name="Virtanen"),
    )
    assert first.status_code == 302
    earlier = Intake.objects.get()

    # when the family itself asks for help through the public form
    response = public.post(
        reverse("intake_public:form"),
        public_form(
            kind="family_request",
            identity_code=code,
            birth_date="",
            first_names="Veeti",
            last_name="Virtanen",
            notifier_name="Vilma Virtanen",
            concern="Tarvitsemme apua arkeen, jaksaminen on lopussa.",
        ),
    )

    # then the request is received for the same child (found by identity code) with its own receipt number
    assert response.status_code == 302
    thanks = public.get(response["Location"]).content.decode()
    request_intake = Intake.objects.exclude(pk=earlier.pk).get()
    assert request_intake.receipt_number in thanks
    assert request_intake.child_id == earlier.child_id
    assert request_intake.kind == IntakeKind.FAMILY_REQUEST
    assert request_intake.notifier_sector == NotifierSector.FAMILY_ITSELF
    assert audit_rows(action=AuditAction.CREATE, object_id=str(request_intake.pk))[0].actor_id is None

    # when the worker attaches it to the earlier intake of the same child
    client = _client(worker)
    request_intake = _handle_until_decision(client, request_intake, worker)
    response = client.post(
        _action(request_intake.receipt_number, "ratkaisu"),
        {"outcome": "attached_existing", "attach_to": earlier.pk, "version": request_intake.version},
    )

    # then it is decided as attached to that intake
    assert response.status_code == 302
    request_intake.refresh_from_db()
    assert request_intake.outcome == Outcome.ATTACHED_EXISTING
    assert request_intake.attached_to == earlier
    assert audit_rows(object_id=str(request_intake.pk))[-1].summary.startswith("Vireilletulo ratkaistu")


def test_anticipatory_notification_runs_no_deadline_before_birth(clock, curator, worker):
    # given a maternity clinic nurse's anticipatory notification about an unborn child
    nurse = _client(curator)
    response = nurse.post(
        reverse("intake:notify"),
        professional_form(
            kind="anticipatory_notification",
            first_names="",
            last_name="Odottava",
            identity_code="",
            expected_birth_date="2027-02-10",
            notifier_sector="health_care",
            concern="Odottavalla äidillä on vakava päihdeongelma.",
        ),
    )
    assert response.status_code == 302
    receipt = nurse.get(response["Location"]).content.decode()
    assert "määräajat alkavat lapsen syntymästä" in receipt
    intake = Intake.objects.get()
    assert intake.child.is_unborn and intake.child.expected_birth_date == dt.date(2027, 2, 10)

    # then no deadline runs and the tray says so
    assert intake.initiated_on is None and intake.pta_start_by is None and intake.pta_complete_by is None
    client = _client(worker)
    tray = client.get(reverse("intake:team")).content.decode()
    assert intake.receipt_number in tray
    assert "ei määräaikaa ennen syntymää" in tray

    # and starting an assessment before the birth is refused with a clear message
    client.post(_action(intake.receipt_number, "kiireellisyys"), {"urgent": "no", "version": intake.version})
    intake.refresh_from_db()
    response = client.post(
        _action(intake.receipt_number, "ratkaisu"), {"outcome": "pta_started", "version": intake.version}
    )
    assert response.status_code == 400
    assert "vasta lapsen synnyttyä" in response.content.decode()

    # when the birth is recorded (in February, when the child is born)
    with time.frozen(dt.datetime(2027, 2, 12, 9, 0, tzinfo=time.HELSINKI)):
        intake.refresh_from_db()
        response = client.post(
            _action(intake.receipt_number, "syntyma"),
            {
                "birth_date": "2027-02-11",
                "first_names": "Onni",
                "last_name": "Odottava",
                "version": intake.version,
            },
        )
        assert response.status_code == 302

        # then the case is initiated on the birth date and the deadlines run from it
        intake.refresh_from_db()
        assert intake.initiated_on == dt.date(2027, 2, 11)
        assert intake.pta_start_by == deadlines.pta_start_deadline(dt.date(2027, 2, 11))
        assert intake.pta_complete_by == deadlines.pta_completion_deadline(dt.date(2027, 2, 11))
        assert intake.child.is_unborn is False and intake.child.birth_date == dt.date(2027, 2, 11)
        assert audit_rows(object_id=str(intake.pk))[-1].summary.startswith("Syntymä kirjattu")
        tray = client.get(reverse("intake:team")).content.decode()
        assert f"{intake.pta_start_by:%-d.%-m.%Y}" in tray
        assert "6 arkipäivää" in tray  # born on Thursday, recorded on Friday: 6 of the 7 working days left

        # and the worker can now start the assessment
        response = client.post(
            _action(intake.receipt_number, "ratkaisu"), {"outcome": "pta_started", "version": intake.version}
        )
        assert response.status_code == 302
        intake.refresh_from_db()
        assert intake.pta_started_on == dt.date(2027, 2, 12)


def test_siblings_in_one_notification_get_their_own_linked_intakes(clock, curator, worker):
    # given a notification naming two siblings
    data = professional_form(
        first_names_2="Emma",
        last_name_2="Esimerkki",
        identity_code_2=child_code(dt.date(2012, 8, 9), 2),
    )

    # when the curator sends it
    curator_client = _client(curator)
    response = curator_client.post(reverse("intake:notify"), data)

    # then each child has an intake of its own, linked by the sibling group, with one receipt number each
    assert response.status_code == 302
    intakes = list(Intake.objects.order_by("receipt_number"))
    assert len(intakes) == 2
    assert intakes[0].sibling_group == intakes[1].sibling_group
    assert {i.child.first_names for i in intakes} == {"Eetu", "Emma"}
    receipt = curator_client.get(response["Location"]).content.decode()
    assert all(i.receipt_number in receipt for i in intakes)
    assert len(audit_rows(action=AuditAction.CREATE)) == 2
    # and the intake page of one shows the other
    page = _client(worker).get(_detail(intakes[0].receipt_number)).content.decode()
    assert intakes[1].receipt_number in page and "Saman ilmoituksen sisarukset" in page


def test_repeat_notifications_are_shown_on_the_intake(clock, curator, worker):
    # given two earlier notifications about the same child, from a school and from a neighbour
    code = child_code()
    _client(curator).post(reverse("intake:notify"), professional_form(identity_code=code))
    Client().post(
        reverse("intake_public:form"),
        public_form(
            identity_code=code,
            birth_date="",
            first_names="Eetu",
            last_name="Esimerkki",
            anonymous="on",
            notifier_name="",
            notifier_phone="",
        ),
    )
    # when a third one arrives from health care
    _client(curator).post(
        reverse("intake:notify"), professional_form(identity_code=code, notifier_sector="health_care")
    )

    # then the newest intake shows how many came before, when and from whom
    newest = Intake.objects.order_by("-receipt_number").first()
    assert Intake.objects.filter(child=newest.child).count() == 3
    page = _client(worker).get(_detail(newest.receipt_number)).content.decode()
    assert "Lapsesta on 2 muuta vireilletuloa." in page
    assert "Opetus ja koulu 1" in page and "Nimetön ilmoittaja 1" in page
    assert "24.11.2026" in page


def test_detail_page_view_writes_a_read_row(clock, curator, worker):
    # given a notification
    _client(curator).post(reverse("intake:notify"), professional_form())
    intake = Intake.objects.get()

    # when the worker opens the intake page
    response = _client(worker).get(_detail(intake.receipt_number))

    # then the page shows the deadline from the deadlines module and the read is logged for the child
    assert response.status_code == 200
    assert "3.12.2026" in response.content.decode()
    assert (
        f"{deadlines.pta_completion_deadline(dt.date(2026, 11, 24)):%-d.%-m.%Y}" in response.content.decode()
    )
    read = audit_rows(action=AuditAction.READ)[-1]
    assert (
        read.actor_id == worker.pk and read.person_id == intake.child_id and read.object_id == str(intake.pk)
    )


def test_worker_records_a_grandmothers_phone_call_received_yesterday(clock, worker):
    # given a grandmother who phoned the intake unit on Monday afternoon
    client = _client(worker)

    # when the worker records the call the next morning
    response = client.post(
        reverse("intake:notify"),
        professional_form(
            channel="phone",
            received_at="2026-11-23T16:30",
            notifier_sector="private_person",
            notifier_organisation="",
            notifier_name="Mummo Mattila",
        ),
    )

    # then it is a private person's notification whose deadline runs from Monday, not from today
    assert response.status_code == 302
    intake = Intake.objects.get()
    assert intake.notifier_sector == NotifierSector.PRIVATE_PERSON and not intake.notifier_is_professional
    assert intake.notifier_professional is None
    assert intake.received_on == dt.date(2026, 11, 23)
    assert intake.pta_start_by == deadlines.pta_start_deadline(dt.date(2026, 11, 23)) == dt.date(2026, 12, 2)
    tray = client.get(reverse("intake:team")).content.decode()
    assert "2.12.2026" in tray and "6 arkipäivää" in tray
    assert audit_rows(action=AuditAction.CREATE)[0].actor_id == worker.pk


def test_professional_cannot_send_their_own_notification_as_a_private_person(clock, curator, worker):
    response = _client(curator).post(reverse("intake:notify"), professional_form(notifier_sector="anonymous"))
    assert response.status_code == 400
    assert "Ammattilainen ei voi tehdä ilmoitusta nimettömänä" in response.content.decode()
    assert not Intake.objects.exists()
