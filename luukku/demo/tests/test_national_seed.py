"""``luukku seed national`` at a tiny scale: calibration bands, determinism, areas, access and the refusal."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, F

from luukku.access.models import AccessBasis, Involvement
from luukku.access.policy import decide
from luukku.assessment.models import (
    Assessment,
    AssessmentIntake,
    AssessmentStatus,
    InterventionResult,
    ShortIntervention,
)
from luukku.audit.models import AuditEntry
from luukku.catalogue.models import Level, SearchDocument, Service
from luukku.contact.models import Contact, ContactStatus, Route
from luukku.contact.services import contact_submit
from luukku.core import calendar, time
from luukku.demo.models import DemoLoad
from luukku.demo.seeders import national
from luukku.intake.models import OPEN_STATUSES, Intake, IntakeKind, Outcome, ReceiptCounter
from luukku.organisations.models import Municipality, Organisation, OrganisationKind, Professional, Role
from luukku.organisations.selectors import county_of_municipality
from luukku.people.models import Person
from luukku.plans.models import Plan, PlanAction, PlanStatus, PlanVersion
from luukku.statistics.selectors import INDICATORS
from luukku.statistics.types import Filters

pytestmark = pytest.mark.django_db

TODAY = "2026-06-15T12:00:00+03:00"
SCALE = "0.002"
YEARS = "2"


def seed(*args: str) -> str:
    out = StringIO()
    with time.frozen(TODAY):
        call_command("seed", "national", "--scale", SCALE, "--years", YEARS, *args, stdout=out)
    return out.getvalue()


def fingerprint() -> str:
    rows = sorted(
        Intake.objects.values_list(
            "receipt_number",
            "kind",
            "received_at",
            "outcome",
            "decided_on",
            "notifier_sector",
            "child__first_names",
            "child__last_name",
            "child__birth_date",
            "municipality__code",
        )
    )
    rows += sorted(
        Contact.objects.values_list(
            "reference", "received_at", "first_answered_at", "route", "municipality__code"
        )
    )
    rows += sorted(
        ShortIntervention.objects.values_list("child__last_name", "started_on", "ended_on", "result")
    )
    rows += sorted(
        PlanAction.objects.values_list("plan__child__last_name", "service__code", "start_on", "end_on")
    )
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def load_and_fingerprint(seed_value: int) -> str:
    savepoint = transaction.savepoint()
    with time.frozen(TODAY):
        national.load(scale=float(SCALE), years=int(YEARS), seed=seed_value)
    value = fingerprint()
    transaction.savepoint_rollback(savepoint)
    return value


def test_national_seed_creates_the_counties_and_their_municipalities():
    # when the national data set is seeded
    output = seed()

    # then the 21 wellbeing services counties and Helsinki exist under their real names
    counties = Organisation.objects.filter(kind=OrganisationKind.WELLBEING_COUNTY, code__startswith="nat-")
    assert counties.count() == 22
    assert counties.filter(name_fi="Pirkanmaan hyvinvointialue").exists()
    assert counties.filter(name_fi="Helsingin kaupunki").exists()
    # and about 300 municipalities, each of which finds its county
    municipalities = Municipality.objects.filter(code__startswith="nat-")
    assert 280 <= municipalities.count() <= 320
    for municipality in municipalities:
        county = county_of_municipality(municipality)
        assert county is not None and county.code.startswith("nat-")
    # and each county has an intake unit with its social workers and one manager
    for county in counties:
        workers = Professional.objects.filter(unit__organisation=county)
        assert workers.filter(role=Role.MANAGER).count() == 1
        social_workers = workers.filter(role=Role.SOCIAL_WORKER, social_worker_qualified=True)
        assert social_workers.count() >= 2
        assert not any(worker.has_usable_password() for worker in workers)
        assert all(worker.username.startswith("nat.") for worker in workers)
    # and the summary line counts what was written
    assert "Kansallinen aineisto ladattu" in output
    assert f"{Intake.objects.count()} vireilletuloa" in output


def test_national_seed_intakes_fall_in_the_calibration_bands():
    # given the national data set
    seed()
    intakes = Intake.objects.all()

    # then every intake has its statistical area: the municipality and that municipality's county
    assert not intakes.filter(municipality__isnull=True).exists()
    assert not intakes.filter(wellbeing_county__isnull=True).exists()
    sample = intakes.select_related("municipality", "wellbeing_county")[:50]
    assert all(county_of_municipality(i.municipality) == i.wellbeing_county for i in sample)
    # and most intakes are child-protection notifications, with a few anticipatory ones
    kinds = Counter(intakes.values_list("kind", flat=True))
    assert kinds[IntakeKind.CHILD_PROTECTION_NOTIFICATION] > 0.85 * sum(kinds.values())
    assert kinds[IntakeKind.ANTICIPATORY_NOTIFICATION] > 0
    assert kinds[IntakeKind.SOCIAL_CARE_CONTACT] > 0 and kinds[IntakeKind.FAMILY_REQUEST] > 0
    # and the police notify most often
    sectors = Counter(intakes.values_list("notifier_sector", flat=True))
    assert sectors.most_common(1)[0][0] == "police"
    # and 17–25 % of the decided intakes started a PTA
    decided = intakes.exclude(outcome="")
    pta_share = decided.filter(outcome=Outcome.PTA_STARTED).count() / decided.count()
    assert 0.17 <= pta_share <= 0.25
    # and 92–94 % of the starts and closures came on or before the 7th working day (the THL rule, attached excluded)
    counted = decided.exclude(outcome=Outcome.ATTACHED_EXISTING).exclude(
        kind=IntakeKind.ANTICIPATORY_NOTIFICATION
    )
    in_time = counted.filter(decided_on__lte=F("pta_start_by")).count() / counted.count()
    assert 0.92 <= in_time <= 0.94
    # and 80–90 % of the completed assessments were completed on or before their deadline
    completed = Assessment.objects.filter(status=AssessmentStatus.COMPLETED)
    completed_in_time = completed.filter(completed_on__lte=F("complete_by")).count() / completed.count()
    assert 0.80 <= completed_in_time <= 0.90
    assert (
        completed.filter(completed_late=True).count()
        == completed.filter(completed_on__gt=F("complete_by")).count()
    )
    # and recent intakes are partly still open
    today = dt.date(2026, 6, 15)
    recent = intakes.filter(received_on__gt=today - dt.timedelta(days=14))
    assert 0 < recent.filter(status__in=OPEN_STATUSES).count() < recent.count()
    assert (
        not intakes.filter(received_on__lt=today - dt.timedelta(days=60), status__in=OPEN_STATUSES)
        .exclude(kind=IntakeKind.ANTICIPATORY_NOTIFICATION)
        .exists()
    )


def test_national_seed_has_repeat_notifications_and_links_attached_intakes():
    # given the national data set
    seed()

    # then some children were notified more than once in the same year
    per_child_year = Counter(
        (child, received.year)
        for child, received in Intake.objects.exclude(kind=IntakeKind.ANTICIPATORY_NOTIFICATION).values_list(
            "child_id", "received_on"
        )
    )
    repeats = sum(1 for count in per_child_year.values() if count > 1)
    assert repeats > 0.1 * len(per_child_year)
    # and an intake attached to an earlier one is about the same child
    attached = Intake.objects.filter(outcome=Outcome.ATTACHED_EXISTING, attached_to__isnull=False)
    assert attached.exists()
    assert not attached.exclude(child_id=F("attached_to__child_id")).exists()
    # and every started PTA has its assessment, started on the decision day
    started = Intake.objects.filter(outcome=Outcome.PTA_STARTED)
    links = AssessmentIntake.objects.filter(intake__in=started)
    assert links.count() == started.count()
    assert not links.exclude(assessment__started_on=F("intake__pta_started_on")).exists()
    # and no child has two open assessments
    open_children = Counter(Assessment.objects.filter(status="open").values_list("child_id", flat=True))
    assert open_children and max(open_children.values()) == 1


def test_national_seed_receives_fewer_intakes_on_holidays_than_on_working_days():
    # given the national data set
    seed()

    # when intakes are counted per day
    per_day = Counter(Intake.objects.values_list("received_on", flat=True))
    first, last = min(per_day), dt.date(2026, 6, 15)
    days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    working = [per_day[day] for day in days if calendar.is_working_day(day)]
    holidays = [per_day[day] for day in days if calendar.is_holiday(day)]

    # then a holiday gets on average clearly fewer than a working day
    assert holidays and sum(holidays) / len(holidays) < 0.7 * sum(working) / len(working)


def test_national_seed_children_are_synthetic_and_open_cases_are_visible_to_their_workers():
    # given the national data set
    seed()

    # then the children are synthetic, with no identity codes, living in national municipalities
    persons = Person.objects.all()
    assert persons.count() > 2000 * 0.9
    assert not persons.filter(is_synthetic=False).exists()
    assert not persons.exclude(identity_code_digest="").exists()
    assert not persons.filter(home_municipality__code__startswith="nat-").count() < persons.count()
    # and the responsible worker of an open assessment may see the child (through the access policy)
    assessment = (
        Assessment.objects.filter(status="open").select_related("child", "responsible_worker").first()
    )
    assert assessment is not None
    assert (
        decide(actor=assessment.responsible_worker, person=assessment.child).basis
        == AccessBasis.RESPONSIBLE_WORKER
    )
    # and so may the worker assigned to an open intake
    intake = Intake.objects.filter(status__in=OPEN_STATUSES).select_related("child", "assigned_to").first()
    assert intake is not None
    assert decide(actor=intake.assigned_to, person=intake.child).allowed
    # and closed cases open no involvement
    sources = set(Involvement.objects.filter(source_type="intake.Intake").values_list("source_id", flat=True))
    closed = set(Intake.objects.exclude(status__in=OPEN_STATUSES).values_list("pk", flat=True))
    assert not sources & {str(pk) for pk in closed}


def test_national_seed_keeps_receipt_numbers_unique_for_later_registrations():
    # given the national data set
    seed()

    # then each year's counter is at the highest receipt number of that year
    for counter in ReceiptCounter.objects.all():
        numbers = Intake.objects.filter(receipt_number__startswith=f"LS-{counter.year}-").values_list(
            "receipt_number", flat=True
        )
        assert counter.last_number == max(int(number.rsplit("-", 1)[1]) for number in numbers)
    # and a person made afterwards through the ORM gets a key of its own (the sequences moved past the seed)
    person = Person.objects.create(first_names="Uusi", last_name="Lapsi")
    assert person.pk > Person.objects.exclude(pk=person.pk).order_by("-pk").values_list("pk", flat=True)[0]


def test_national_seed_is_deterministic_for_its_seed():
    # when the data set is generated twice with one seed and once with another
    first = load_and_fingerprint(7)
    second = load_and_fingerprint(7)
    other = load_and_fingerprint(8)

    # then the same seed gives the same data and another seed different data
    assert first == second
    assert first != other


def test_national_seed_writes_one_audit_row_and_refuses_a_second_run():
    # given the national data set, loaded once
    before = AuditEntry.objects.count()
    seed()
    entries = AuditEntry.objects.order_by("-pk")
    assert AuditEntry.objects.count() == before + 1
    assert entries[0].channel == "command"
    assert DemoLoad.objects.filter(target="national").exists()
    counts = (
        Person.objects.count(),
        Intake.objects.count(),
        Assessment.objects.count(),
        AuditEntry.objects.count(),
    )

    # when it is run again
    with pytest.raises(CommandError, match="Kansallinen aineisto on jo tietokannassa"):
        seed()

    # then nothing more was written
    assert counts == (
        Person.objects.count(),
        Intake.objects.count(),
        Assessment.objects.count(),
        AuditEntry.objects.count(),
    )


def test_national_seed_refuses_a_scale_out_of_range():
    # when the scale is zero
    with pytest.raises(CommandError, match="--scale"):
        call_command("seed", "national", "--scale", "0", stdout=StringIO())

    # then nothing was written
    assert not Organisation.objects.filter(code__startswith="nat-").exists()


def test_national_seed_contacts_have_waiting_times_and_most_are_answered_in_time():
    # given the national data set
    seed()

    # then the family centre's contacts are there, each with a YT-YYYY-NNNNN reference and a municipality
    contacts = Contact.objects.select_related("municipality", "first_answered_by__unit__organisation")
    assert contacts.count() > 150
    assert all(re.fullmatch(r"YT-20\d\d-\d{5}", c.reference) for c in contacts)
    assert not contacts.filter(municipality__isnull=True).exists()
    # and an answered contact has its waiting time and was answered by a family-centre worker of its county
    answered = [c for c in contacts if c.first_answered_at is not None]
    assert len(answered) > 0.9 * contacts.count()
    for contact in answered:
        assert contact.waiting_seconds == int(
            (contact.first_answered_at - contact.received_at).total_seconds()
        )
        assert contact.status in (ContactStatus.ANSWERED, ContactStatus.ROUTED)
        assert county_of_municipality(contact.municipality) == contact.first_answered_by.unit.organisation
    # and about nine in ten were answered within the promised time
    in_time = sum(1 for c in answered if c.first_answered_at <= c.promised_by)
    assert 0.85 <= in_time / len(answered) <= 0.95
    # and some were routed: to a service of the catalogue, to an appointment or, with consent, to social care
    routed = contacts.filter(status=ContactStatus.ROUTED)
    assert routed.filter(route=Route.SERVICE, routed_service__isnull=False).exists()
    assert routed.filter(route=Route.APPOINTMENT, appointment_at__isnull=False).exists()
    assert not contacts.filter(route=Route.SOCIAL_CARE_CONTACT, intake_consent=False).exists()
    # and a contact sent afterwards continues the year's references
    with time.frozen(TODAY):
        later = contact_submit(
            who="my_child", worry="Huoli lapsesta.", consent_to_contact=True, email="a@b.fi"
        )
    assert (
        later.reference == f"YT-2026-{Contact.objects.filter(reference__startswith='YT-2026-').count():05d}"
    )
    assert AuditEntry.objects.filter(object_id=str(later.pk), channel="public").exists()


def test_national_seed_short_interventions_have_sessions_and_results():
    # given the national data set
    seed()

    # then short interventions run in the counties' family centres with two different workers
    interventions = ShortIntervention.objects.annotate(n=Count("sessions")).select_related("unit")
    assert interventions.count() > 30
    for intervention in interventions:
        assert intervention.unit.code.endswith("-perhekeskus")
        assert intervention.basic_worker_id != intervention.special_worker_id
        assert 1 <= intervention.n <= 8
    # and the ended ones have a result; most families continue at basic level within five sessions
    ended = [i for i in interventions if i.ended_on is not None]
    assert ended and all(i.result for i in ended)
    helped = [i for i in ended if i.result == InterventionResult.CONTINUES_BASIC and i.n <= 5]
    assert len(helped) > len(ended) / 2
    assert any(i.result == InterventionResult.MOVES_SPECIAL for i in ended)


def test_national_seed_plans_have_actions_on_costed_services():
    # given the national data set
    seed()

    # then each county has a small costed catalogue, indexed for search
    services = Service.objects.filter(code__startswith="nat-")
    assert services.count() == 22 * len(national.NATIONAL_SERVICES)
    assert not services.filter(unit_cost_eur__isnull=True).exists()
    assert set(services.values_list("level", flat=True)) == set(Level.values)
    assert SearchDocument.objects.filter(object_id__in=services.values("pk")).count() == services.count()
    # and completed assessments led to plans, at most one active per child, each with version 1
    plans = Plan.objects.annotate(n=Count("actions"))
    assert plans.count() > 50
    assert all(1 <= plan.n <= 3 for plan in plans)
    active = plans.filter(status=PlanStatus.ACTIVE)
    assert active.values("child_id").distinct().count() == active.count()
    assert PlanVersion.objects.filter(number=1).count() == plans.count()
    # and every action is on a catalogue service with a unit cost, within its plan's dates
    actions = PlanAction.objects.select_related("service", "plan")
    for action in actions:
        assert action.service.unit_cost_eur is not None
        assert action.start_on >= action.plan.started_on
        if action.plan.closed_on is not None:
            assert action.end_on is not None and action.end_on <= action.plan.closed_on
    assert actions.filter(service__level__in=[Level.SPECIAL, Level.DEMANDING]).exists()


@pytest.mark.parametrize(
    "key", ["waiting_times", "short_interventions", "cost_by_level", "level_movement", "special_clients"]
)
def test_national_seed_fills_the_work_and_level_indicators(key):
    # given the national data set
    seed()

    # when the indicator is computed for the last full year
    with time.frozen(TODAY):
        indicator = INDICATORS[key](filters=Filters(start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31)))

    # then it has figures
    values = [
        value for row in indicator.rows for value in row.values.values() if isinstance(value, int | float)
    ]
    assert indicator.rows and any(values)
