import datetime as dt

import pytest
from django.urls import reverse

from luukku.audit.models import AuditAction, AuditEntry, LogReportDecision, LogReportRequest
from luukku.audit.services import audit_record, log_report_request_register
from luukku.core import time
from luukku.core.factories import ChildFactory, OrganisationFactory, ProfessionalFactory
from luukku.core.testing import login
from luukku.organisations.models import Role

pytestmark = pytest.mark.django_db

CODE = "020516C903K"


@pytest.fixture
def manager(client):
    user = ProfessionalFactory(role=Role.MANAGER, first_name="Maija", last_name="Esihenkilö")
    login(client, user)
    return user


def _screens(child, request_pk):
    return [
        ("get", reverse("audit:lookup"), {}),
        ("post", reverse("audit:lookup"), {"identity_code": CODE}),
        ("get", reverse("audit:person", args=[child.public_id]), {}),
        ("get", reverse("audit:report", args=[child.public_id]), {}),
        ("get", reverse("audit:report", args=[child.public_id]) + "?tulosta=1", {}),
        (
            "post",
            reverse("audit:request_register", args=[child.public_id]),
            {
                "requester_description": "Asiakas",
                "requested_on": "2026-11-23",
                "period_start": "2024-11-23",
                "period_end": "2026-11-23",
            },
        ),
        ("get", reverse("audit:decide", args=[request_pk]), {}),
        ("post", reverse("audit:decide", args=[request_pk]), {"decision": "delivered"}),
        ("get", reverse("audit:decision", args=[request_pk]), {}),
    ]


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.FAMILY_COUNSELLOR, Role.PROFESSIONAL, Role.POLICE])
def test_only_registrar_workers_reach_the_log_report_screens(client, role):
    # given a child with an open log report request, and a logged-in professional who is not a manager
    child = ChildFactory(identity_code=CODE)
    request = log_report_request_register(
        actor=ProfessionalFactory(role=Role.MANAGER),
        person=child,
        requester_description="Asiakas",
        period_start=dt.date(2024, 11, 23),
        period_end=dt.date(2026, 11, 23),
    )
    login(client, ProfessionalFactory(role=role))
    entries_before = AuditEntry.objects.count()

    # when they open or post to any of the screens
    responses = [getattr(client, method)(url, data) for method, url, data in _screens(child, request.pk)]

    # then every answer is 404, and nothing was logged, registered or decided
    assert [r.status_code for r in responses] == [404] * len(responses)
    assert AuditEntry.objects.count() == entries_before
    assert LogReportRequest.objects.count() == 1
    request.refresh_from_db()
    assert request.decision == ""


def test_anonymous_visitor_is_sent_to_login(client):
    # given no one logged in
    # when the lookup screen is opened
    response = client.get(reverse("audit:lookup"))

    # then the visitor is sent to log in
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_manager_finds_a_client_by_identity_code_without_it_reaching_a_url(client, manager):
    # given a child with an identity code
    child = ChildFactory(identity_code=CODE)

    # when the manager posts the code
    response = client.post(reverse("audit:lookup"), {"identity_code": CODE.lower()})

    # then they land on the child's page addressed by public_id, the code is nowhere in the URL,
    # and the search is logged about the child
    assert response.status_code == 302
    assert response["Location"] == reverse("audit:person", args=[child.public_id])
    assert CODE not in response["Location"]
    entry = AuditEntry.objects.order_by("-id").first()
    assert (entry.action, entry.person_id, entry.actor_id) == (AuditAction.SEARCH, child.pk, manager.pk)
    assert CODE not in entry.summary


def test_unknown_identity_code_is_reported_in_finnish(client, manager):
    # given no person with this code
    # when the manager posts it
    response = client.post(reverse("audit:lookup"), {"identity_code": "010501E9032"})

    # then the form says so
    assert response.status_code == 200
    assert "Tällä henkilötunnuksella ei löytynyt henkilöä." in response.content.decode()


def test_report_page_shows_who_processed_the_data_and_to_whom_it_was_disclosed(client, manager):
    # given a child whose data a social worker read and disclosed to a school, and another child's entry
    child, other = ChildFactory(), ChildFactory()
    worker = ProfessionalFactory(first_name="Sanna", last_name="Sosiaalityöntekijä")
    school = OrganisationFactory(name_fi="Kaislahden yhtenäiskoulu")
    read = audit_record(actor=worker, action=AuditAction.READ, person=child, summary="Perustiedot")
    disclosed = audit_record(
        actor=worker,
        action=AuditAction.DISCLOSE,
        person=child,
        summary="Asiakassuunnitelma",
        basis="consent",
        recipient_organisation=school,
    )
    hidden = audit_record(actor=worker, action=AuditAction.READ, person=other, summary="Toisen lapsen tiedot")

    # when the manager opens the child's report for the default period
    response = client.get(reverse("audit:report", args=[child.public_id]))

    # then it lists the read and the disclosure with the recipient and its basis in words, not the other
    # child's entry, offers a print link, and the report itself is logged as an export about the child
    html = response.content.decode()
    assert response.status_code == 200
    assert f'data-entry="{read.pk}"' in html
    assert f'data-entry="{disclosed.pk}"' in html
    assert f'data-disclosure="{disclosed.pk}"' in html
    assert f'data-entry="{hidden.pk}"' not in html
    assert "Toisen lapsen tiedot" not in html
    assert "Kaislahden yhtenäiskoulu" in html
    assert "Sanna Sosiaalityöntekijä" in html
    assert "Asiakkaan suostumus" in html
    assert "tulosta=1" in html
    entry = AuditEntry.objects.order_by("-id").first()
    assert (entry.action, entry.person_id, entry.actor_id) == (AuditAction.EXPORT, child.pk, manager.pk)


def test_print_layout_is_logged_as_a_print_and_uses_no_inline_script(client, manager):
    # given a child
    child = ChildFactory()

    # when the manager opens the print layout for a chosen period
    url = reverse("audit:report", args=[child.public_id])
    response = client.get(url, {"alku": "2026-01-01", "loppu": "2026-06-30", "tulosta": "1"})

    # then the page has a print button wired by a static script, no inline script, the period shown,
    # and a PRINT entry in the log
    html = response.content.decode()
    assert response.status_code == 200
    assert "data-print" in html
    assert "audit/print.js" in html
    assert "<script>" not in html
    assert "1.1.2026–30.6.2026" in html
    entry = AuditEntry.objects.order_by("-id").first()
    assert (entry.action, entry.person_id) == (AuditAction.PRINT, child.pk)


def test_report_period_in_the_wrong_order_is_refused_in_finnish(client, manager):
    # given a child
    child = ChildFactory()
    entries_before = AuditEntry.objects.count()

    # when the end is before the start
    response = client.get(
        reverse("audit:report", args=[child.public_id]), {"alku": "2026-06-30", "loppu": "2026-01-01"}
    )

    # then the form says so and no report was logged
    assert response.status_code == 400
    assert "Alkupäivä ei voi olla loppupäivän jälkeen." in response.content.decode()
    assert AuditEntry.objects.count() == entries_before


def test_manager_registers_a_request_and_records_a_reasoned_refusal(client, manager):
    # given a child
    child = ChildFactory()

    # when the manager registers a request
    with time.frozen("2026-11-23T10:00+02:00"):
        response = client.post(
            reverse("audit:request_register", args=[child.public_id]),
            {
                "requester_description": "Huoltaja kirjeellä",
                "requested_on": "2026-11-20",
                "period_start": "2024-11-20",
                "period_end": "2026-11-20",
            },
        )
    request = LogReportRequest.objects.get()
    assert response["Location"] == reverse("audit:decide", args=[request.pk])

    # and first tries to refuse it without reasons
    refused = client.post(
        reverse("audit:decide", args=[request.pk]), {"decision": "refused", "reasoning": ""}
    )

    # then the refusal is rejected with a Finnish message and the request stays open
    assert refused.status_code == 400
    assert "Kieltäytyminen on perusteltava kirjallisesti" in refused.content.decode()
    request.refresh_from_db()
    assert request.decision == ""

    # when the refusal is given with reasons
    response = client.post(
        reverse("audit:decide", args=[request.pk]),
        {"decision": "partly_refused", "reasoning": "Toisen henkilön oikeudet.", "appeal_instructions": ""},
    )

    # then the written decision shows the decision, its reasons and the appeal instructions
    assert response["Location"] == reverse("audit:decision", args=[request.pk])
    decision = client.get(response["Location"]).content.decode()
    assert "Lokitiedot toimitettu osittain" in decision
    assert "Toisen henkilön oikeudet." in decision
    assert "tietosuojavaltuutetun" in decision
    request.refresh_from_db()
    assert (request.decision, request.handled_by) == (LogReportDecision.PARTLY_REFUSED, manager)
    actions = list(AuditEntry.objects.filter(person_id=child.pk).values_list("action", flat=True))
    assert actions == [AuditAction.CREATE, AuditAction.UPDATE, AuditAction.READ]


def test_admin_shows_the_log_but_allows_no_changes(client):
    # given a superuser and a log entry
    admin_user = ProfessionalFactory(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    entry = audit_record(actor=admin_user, action=AuditAction.READ, person=ChildFactory())
    login(client, admin_user)

    # when they open the log in the admin and try to add, change or delete
    listing = client.get(reverse("admin:audit_auditentry_changelist"))
    detail = client.get(reverse("admin:audit_auditentry_change", args=[entry.pk]))
    add = client.get(reverse("admin:audit_auditentry_add"))
    delete = client.post(reverse("admin:audit_auditentry_delete", args=[entry.pk]), {"post": "yes"})
    change = client.post(reverse("admin:audit_auditentry_change", args=[entry.pk]), {"summary": "muutettu"})

    # then viewing works, adding and deleting are forbidden, and the entry is unchanged
    assert listing.status_code == 200
    assert detail.status_code == 200
    assert add.status_code == 403
    assert delete.status_code == 403
    assert change.status_code == 403
    assert AuditEntry.objects.get(pk=entry.pk).summary == entry.summary
