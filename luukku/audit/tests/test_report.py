import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from luukku.audit.models import (
    AuditAction,
    AuditEntry,
    AuditOutcome,
    LogReportDecision,
    LogReportRequest,
)
from luukku.audit.selectors import audit_report_for_person
from luukku.audit.services import (
    audit_record,
    audit_report_generate,
    log_report_request_decide,
    log_report_request_register,
)
from luukku.core import time
from luukku.core.factories import ChildFactory, OrganisationFactory, ProfessionalFactory
from luukku.organisations.models import Role

pytestmark = pytest.mark.django_db


def test_report_lists_every_access_to_the_client_and_nothing_about_others():
    # given two workers of different organisations who processed a child's data, one disclosing it to a school,
    # and a worker who read another child's data
    child, other_child = ChildFactory(), ChildFactory()
    social_worker = ProfessionalFactory(role=Role.SOCIAL_WORKER)
    curator = ProfessionalFactory(role=Role.PROFESSIONAL)
    school = OrganisationFactory(name_fi="Kaislahden yhtenäiskoulu")
    with time.frozen("2026-11-20T09:00+02:00"):
        read = audit_record(actor=social_worker, action=AuditAction.READ, person=child, summary="Perustiedot")
        written = audit_record(
            actor=curator, action=AuditAction.UPDATE, person=child, summary="Opiskeluhuollon kirjaus"
        )
        disclosed = audit_record(
            actor=social_worker,
            action=AuditAction.DISCLOSE,
            person=child,
            summary="Asiakassuunnitelma",
            basis="consent",
            recipient_organisation=school,
        )
        audit_record(actor=social_worker, action=AuditAction.READ, person=other_child, summary="Perustiedot")

    # when the child's report is made for the default period
    with time.frozen("2026-11-23T12:00+02:00"):
        report = audit_report_for_person(person=child)

    # then it lists exactly the child's three entries with who, organisation, role, what and basis,
    # and the disclosure with its recipient
    assert [e.pk for e in report.entries] == [read.pk, written.pk, disclosed.pk]
    assert [e.pk for e in report.disclosures] == [disclosed.pk]
    first = report.entries[0]
    assert first.actor_name == social_worker.get_full_name()
    assert first.actor_organisation_name == social_worker.organisation.name_fi
    assert first.actor_role_label == "Sosiaalityöntekijä"
    assert report.disclosures[0].recipient_organisation_name == "Kaislahden yhtenäiskoulu"
    assert report.disclosures[0].basis == "consent"
    assert report.disclosures[0].basis_label == "Asiakkaan suostumus"
    assert all(e.person_id == child.pk for e in report.entries)
    assert report.organisations == [social_worker.organisation.name_fi, curator.organisation.name_fi]


def test_default_period_is_the_last_two_years_up_to_today():
    # given entries about a child three years, a year and a few minutes ago
    child = ChildFactory()
    actor = ProfessionalFactory()
    with time.frozen("2023-11-01T10:00+02:00"):
        audit_record(actor=actor, action=AuditAction.READ, person=child)
    with time.frozen("2025-11-01T10:00+02:00"):
        year_ago = audit_record(actor=actor, action=AuditAction.READ, person=child)
    with time.frozen("2026-11-23T23:50+02:00"):
        tonight = audit_record(actor=actor, action=AuditAction.READ, person=child)

        # when the report is made without a period
        report = audit_report_for_person(person=child)

    # then it covers 23.11.2024–23.11.2026 and leaves the oldest entry out
    assert (report.start, report.end) == (dt.date(2024, 11, 23), dt.date(2026, 11, 23))
    assert [e.pk for e in report.entries] == [year_ago.pk, tonight.pk]


def test_explicit_period_includes_both_finnish_calendar_days():
    # given entries just inside and just outside 1.–31.10.2026 in Finnish time
    child = ChildFactory()
    actor = ProfessionalFactory()
    moments = [
        "2026-09-30T23:59+03:00",
        "2026-10-01T00:01+03:00",
        "2026-10-31T23:59+02:00",
        "2026-11-01T00:01+02:00",
    ]
    entries = []
    for moment in moments:
        with time.frozen(moment):
            entries.append(audit_record(actor=actor, action=AuditAction.READ, person=child))

    # when the report is made for October
    report = audit_report_for_person(person=child, start=dt.date(2026, 10, 1), end=dt.date(2026, 10, 31))

    # then only the two October entries are in it
    assert [e.pk for e in report.entries] == [entries[1].pk, entries[2].pk]


def test_refused_access_attempts_are_not_reported_as_processing():
    # given an allowed read and a refused attempt about a child
    child = ChildFactory()
    allowed = audit_record(actor=ProfessionalFactory(), action=AuditAction.READ, person=child)
    audit_record(
        actor=ProfessionalFactory(), action=AuditAction.REFUSED, person=child, outcome=AuditOutcome.REFUSED
    )

    # when the report is made
    report = audit_report_for_person(person=child)

    # then only the allowed read is listed
    assert [e.pk for e in report.entries] == [allowed.pk]


@pytest.mark.parametrize(("printed", "action"), [(False, AuditAction.EXPORT), (True, AuditAction.PRINT)])
def test_generating_the_report_writes_its_own_log_entry(printed, action):
    # given a manager and a child whose data was read
    manager = ProfessionalFactory(role=Role.MANAGER)
    child = ChildFactory()
    audit_record(actor=ProfessionalFactory(), action=AuditAction.READ, person=child)

    # when the manager generates the child's report
    report = audit_report_generate(actor=manager, person=child, printed=printed)

    # then the report shows the earlier read, and the generation is logged about the child
    assert len(report.entries) == 1
    entry = AuditEntry.objects.order_by("-id").first()
    assert (entry.action, entry.person_id, entry.actor_id) == (action, child.pk, manager.pk)
    assert entry.basis == "703/2023 11 §"


def _request(manager, child):
    return log_report_request_register(
        actor=manager,
        person=child,
        requester_description="Huoltaja kirjeellä",
        period_start=dt.date(2024, 11, 23),
        period_end=dt.date(2026, 11, 23),
    )


def test_registering_a_request_is_logged():
    # given a manager and a child
    manager = ProfessionalFactory(role=Role.MANAGER)
    child = ChildFactory()

    # when the manager registers the guardian's request
    request = _request(manager, child)

    # then it is open and its registration is in the log
    assert not request.is_decided
    entry = AuditEntry.objects.order_by("-id").first()
    assert (entry.action, entry.person_id, entry.object_id) == (AuditAction.CREATE, child.pk, str(request.pk))


@pytest.mark.parametrize("decision", [LogReportDecision.REFUSED, LogReportDecision.PARTLY_REFUSED])
def test_refusal_without_reasoning_is_rejected_in_finnish(decision):
    # given an open request
    manager = ProfessionalFactory(role=Role.MANAGER)
    request = _request(manager, ChildFactory())
    entries_before = AuditEntry.objects.count()

    # when it is refused with an empty reason
    with pytest.raises(ValidationError) as raised:
        log_report_request_decide(actor=manager, request=request, decision=decision, reasoning="  ")

    # then the refusal is rejected with a Finnish message and nothing was saved or logged
    assert "Kieltäytyminen on perusteltava kirjallisesti" in raised.value.messages[0]
    request.refresh_from_db()
    assert request.decision == ""
    assert AuditEntry.objects.count() == entries_before


def test_refusal_with_reasoning_is_recorded_with_appeal_instructions():
    # given an open request
    manager = ProfessionalFactory(role=Role.MANAGER)
    child = ChildFactory()
    request = _request(manager, child)

    # when it is refused with written reasons
    with time.frozen("2026-11-24T10:00+02:00"):
        log_report_request_decide(
            actor=manager,
            request=request,
            decision=LogReportDecision.REFUSED,
            reasoning="Tietojen antaminen vaarantaisi lapsen turvallisuuden.",
        )

    # then the decision, its maker, time and the default appeal instructions are stored and logged
    request.refresh_from_db()
    assert request.decision == LogReportDecision.REFUSED
    assert request.handled_by == manager
    assert request.decided_at == dt.datetime(2026, 11, 24, 8, 0, tzinfo=dt.UTC)
    assert "tietosuojavaltuutetun" in request.appeal_instructions
    entry = AuditEntry.objects.order_by("-id").first()
    assert (entry.action, entry.person_id) == (AuditAction.UPDATE, child.pk)


def test_decided_request_is_not_decided_again():
    # given a delivered request
    manager = ProfessionalFactory(role=Role.MANAGER)
    request = _request(manager, ChildFactory())
    log_report_request_decide(actor=manager, request=request, decision=LogReportDecision.DELIVERED)

    # when someone tries to refuse it afterwards
    with pytest.raises(ValidationError):
        log_report_request_decide(
            actor=manager, request=request, decision=LogReportDecision.REFUSED, reasoning="Myöhemmin keksitty"
        )

    # then it stays delivered
    request.refresh_from_db()
    assert request.decision == LogReportDecision.DELIVERED


def test_database_refuses_a_refusal_without_reasoning():
    # given an open request
    manager = ProfessionalFactory(role=Role.MANAGER)
    request = _request(manager, ChildFactory())

    # when a refusal without reasoning is written past the service
    with pytest.raises(IntegrityError), transaction.atomic():
        LogReportRequest.objects.filter(pk=request.pk).update(
            decision=LogReportDecision.REFUSED, decided_at=time.now()
        )

    # then the request is still open
    request.refresh_from_db()
    assert request.decision == ""
