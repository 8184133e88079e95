"""The management indicators on a small hand-made county whose answers are worked out by hand below.

The period is December 2025 – January 2026 and "today" is Tuesday 10.2.2026. The county (Kaislahva) has two
municipalities and two teams; a second county's records must never be counted. Intakes, assessments, contacts,
short interventions and plans are written straight to the tables: these tests are about the reads.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from luukku.access.models import AccessBasis
from luukku.access.services import involvement_grant
from luukku.assessment.models import (
    Assessment,
    AssessmentOutcome,
    AssessmentStatus,
    GasResult,
    InterventionResult,
    InterventionSession,
    Meeting,
    ShortIntervention,
    WhoqolResult,
)
from luukku.audit.models import AuditAction, AuditEntry
from luukku.catalogue.models import CostBasis, Level, Service
from luukku.contact.models import Contact
from luukku.core import deadlines, time
from luukku.core.factories import (
    ChildFactory,
    MunicipalityFactory,
    OrganisationFactory,
    ProfessionalFactory,
    UnitFactory,
)
from luukku.intake.models import Intake, IntakeKind, IntakeStatus, Outcome
from luukku.organisations.models import Role
from luukku.plans.models import Plan, PlanAction, PlanReview
from luukku.statistics import selectors
from luukku.statistics.types import Filters

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 2, 10)  # a Tuesday
START, END = dt.date(2025, 12, 1), dt.date(2026, 1, 31)
CPN = IntakeKind.CHILD_PROTECTION_NOTIFICATION
_numbers = itertools.count(1)


def at(day: dt.date, hour: int = 12, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=time.HELSINKI)


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@dataclass
class Place:
    county: Any
    other_county: Any
    m1: Any
    m2: Any
    m3: Any
    unit1: Any
    unit2: Any
    other_unit: Any
    worker1: Any
    worker2: Any
    worker3: Any
    other_worker: Any
    manager: Any
    administrator: Any
    children: dict[str, Any]


def make_place() -> Place:
    m1, m2, m3 = (
        MunicipalityFactory(code=c, name_fi=c.title()) for c in ("kaislaharju", "ruokoniemi", "muualla")
    )
    county = OrganisationFactory(code="kaislahva", name_fi="Kaislahvan hyvinvointialue")
    county.municipalities.set([m1, m2])
    other_county = OrganisationFactory(code="toinen", name_fi="Toinen hyvinvointialue")
    other_county.municipalities.set([m3])
    unit1 = UnitFactory(organisation=county, municipality=m1, code="tiimi-1", name_fi="Tiimi 1")
    unit2 = UnitFactory(organisation=county, municipality=m2, code="tiimi-2", name_fi="Tiimi 2")
    other_unit = UnitFactory(organisation=other_county, municipality=m3, code="muu-tiimi")
    return Place(
        county=county,
        other_county=other_county,
        m1=m1,
        m2=m2,
        m3=m3,
        unit1=unit1,
        unit2=unit2,
        other_unit=other_unit,
        worker1=ProfessionalFactory(unit=unit1, username="tyontekija1", first_name="Sanna", last_name="Suo"),
        worker2=ProfessionalFactory(
            unit=unit1, username="tyontekija2", first_name="Teemu", last_name="Tammi"
        ),
        worker3=ProfessionalFactory(
            unit=unit2, username="tyontekija3", first_name="Ulla", last_name="Uimonen"
        ),
        other_worker=ProfessionalFactory(unit=other_unit, username="muu"),
        manager=ProfessionalFactory(unit=unit1, role=Role.MANAGER, username="esihenkilo"),
        administrator=ProfessionalFactory(unit=unit1, role=Role.ADMINISTRATOR, username="paakayttaja"),
        children={
            name: ChildFactory(first_names=name.upper(), last_name="Testilapsi") for name in "abcdefghx"
        },
    )


def intake(
    place: Place,
    child: str,
    received: str,
    *,
    kind: str = CPN,
    sector: str = "education",
    outcome: str = "",
    decided: dt.datetime | None = None,
    unit: Any = None,
    county: Any = None,
    municipality: Any = None,
    worker: Any = None,
) -> Intake:
    """One intake as the services would have left it (deadlines from ``luukku.core.deadlines``)."""
    received_on = d(received)
    anticipatory = kind == IntakeKind.ANTICIPATORY_NOTIFICATION
    due = None if anticipatory else deadlines.intake_deadlines(received_on)
    status = {
        "": IntakeStatus.RECEIVED,
        Outcome.CLOSED_UNNECESSARY: IntakeStatus.CLOSED,
    }.get(outcome, IntakeStatus.DECIDED)
    return Intake.objects.create(
        receipt_number=f"LS-TEST-{next(_numbers):06d}",
        kind=kind,
        child=place.children[child],
        notifier_sector=sector,
        channel="e_form",
        received_at=at(received_on, 9),
        received_on=received_on,
        initiated_on=None if anticipatory else received_on,
        pta_start_by=due.pta_start_by if due else None,
        pta_complete_by=due.pta_complete_by if due else None,
        concern="Huoli lapsesta.",
        unit=unit or place.unit1,
        assigned_to=worker,
        status=status,
        outcome=outcome,
        decided_at=decided,
        decided_on=time.local_date(decided) if decided else None,
        decision_reason="Ilmeisen tarpeeton." if outcome == Outcome.CLOSED_UNNECESSARY else "",
        attached_reference="Asiakkuus 1" if outcome == Outcome.ATTACHED_EXISTING else "",
        pta_started_on=time.local_date(decided) if outcome == Outcome.PTA_STARTED else None,
        municipality=municipality or place.m1,
        wellbeing_county=county or place.county,
    )


def assessment(
    place: Place,
    child: str,
    started: str,
    complete_by: str,
    *,
    worker: Any,
    completed: str | None = None,
    outcome: str = "",
    unit: Any = None,
    county: Any = None,
) -> Assessment:
    completed_on = d(completed) if completed else None
    late = completed_on is not None and completed_on > d(complete_by)
    return Assessment.objects.create(
        child=place.children[child],
        owning_unit=unit or worker.unit,
        responsible_worker=worker,
        started_on=d(started),
        started_by=worker,
        complete_by=d(complete_by),
        status=AssessmentStatus.COMPLETED if completed_on else AssessmentStatus.OPEN,
        outcome=outcome,
        completed_on=completed_on,
        completed_late=late,
        late_explanation="Perhe ei tavoitettavissa." if late else "",
        municipality=place.m1,
        wellbeing_county=county or place.county,
    )


@dataclass
class Dataset:
    place: Place
    intakes: dict[str, Intake]
    assessments: dict[str, Assessment]


def make_dataset() -> Dataset:
    """The county's records, numbered as in the comments of the tests."""
    p = make_place()
    i = {
        "1": intake(p, "a", "2025-12-01", outcome=Outcome.PTA_STARTED, decided=at(d("2025-12-10"))),
        "2": intake(
            p,
            "a",
            "2025-12-15",
            sector="health_care",
            outcome=Outcome.ATTACHED_EXISTING,
            decided=at(d("2025-12-16")),
        ),
        # Closed late in the evening of its deadline day: Helsinki's date decides, not UTC's.
        "3": intake(
            p,
            "a",
            "2026-01-12",
            kind=IntakeKind.SOCIAL_CARE_CONTACT,
            sector="family_itself",
            outcome=Outcome.CLOSED_UNNECESSARY,
            decided=at(d("2026-01-21"), 23, 30),
        ),
        "4": intake(p, "a", "2026-01-26"),
        # Received on the Monday before Christmas: the 7th working day is 7.1.2026 (Christmas Eve, Christmas
        # Day, Boxing Day, New Year's Day and Epiphany are not working days).
        "5": intake(
            p, "b", "2025-12-22", sector="police", outcome=Outcome.PTA_STARTED, decided=at(d("2026-01-07"))
        ),
        "6": intake(
            p, "c", "2025-12-22", sector="police", outcome=Outcome.PTA_STARTED, decided=at(d("2026-01-08"))
        ),
        "7": intake(p, "c", "2026-01-28", worker=p.worker1),
        "8": intake(p, "d", "2026-01-20", outcome=Outcome.PTA_STARTED, decided=at(d("2026-02-03"))),
        "9": intake(p, "e", "2026-01-05", kind=IntakeKind.ANTICIPATORY_NOTIFICATION, sector="private_person"),
        # Before the period, in February (open now), and in another county.
        "10": intake(p, "a", "2025-11-20", outcome=Outcome.PTA_STARTED, decided=at(d("2025-11-25"))),
        "11": intake(p, "f", "2026-02-09"),
        "12": intake(p, "g", "2026-02-02"),
        "13": intake(p, "h", "2026-02-05"),
        "other": intake(p, "x", "2026-01-05", unit=p.other_unit, county=p.other_county, municipality=p.m3),
    }
    a = {
        "A1": assessment(
            p,
            "a",
            "2025-12-10",
            "2026-03-02",
            worker=p.worker1,
            completed="2026-01-15",
            outcome=AssessmentOutcome.SPECIAL_SERVICES,
        ),
        "A2": assessment(
            p,
            "b",
            "2025-09-01",
            "2025-12-01",
            worker=p.worker2,
            completed="2025-12-05",
            outcome=AssessmentOutcome.BASIC_FAMILY_CENTRE,
        ),
        "A3": assessment(p, "c", "2026-01-08", "2026-02-20", worker=p.worker1),
        "A5": assessment(p, "d", "2026-02-03", "2026-04-20", worker=p.worker1),
        "A6": assessment(p, "f", "2025-11-05", "2026-02-05", worker=p.worker2),
        "A7": assessment(p, "g", "2025-11-24", "2026-02-24", worker=p.worker1),
        "A8": assessment(p, "h", "2025-12-12", "2026-03-12", worker=p.worker3),
        "other": assessment(
            p,
            "x",
            "2025-11-01",
            "2026-02-02",
            worker=p.other_worker,
            completed="2026-01-10",
            outcome=AssessmentOutcome.SPECIAL_SERVICES,
            county=p.other_county,
        ),
    }
    return Dataset(place=p, intakes=i, assessments=a)


@pytest.fixture
def data():
    with time.frozen(at(TODAY, 10)):
        yield make_dataset()


@pytest.fixture
def today():
    with time.frozen(at(TODAY, 10)) as moment:
        yield moment


def period(place: Place, **area: Any) -> Filters:
    return Filters(start=START, end=END, county_id=place.county.pk, **area)


def rows(indicator: Any) -> dict[str, dict[str, Any]]:
    return {row.key: row.values for row in indicator.rows}


# --- The registry ------------------------------------------------------------------------------------------------


def test_every_indicator_is_registered_under_its_own_key_and_documented(data, today):
    # given the registry in display order
    filters = period(data.place)
    # when every indicator is computed, then each answers with its own key, a title and a definition
    for key, compute in selectors.INDICATORS.items():
        indicator = compute(filters=filters)
        assert indicator.key == key
        assert indicator.title and indicator.definition
        assert indicator.as_json()["filters"]["county"] == data.place.county.pk
    assert [meta.key for meta in selectors.indicator_catalogue()] == list(selectors.INDICATORS)


# --- 1. Intakes by kind and sector -------------------------------------------------------------------------------


def test_intakes_by_kind_counts_each_month_of_the_county_only(data, today):
    # given nine intakes in the county in the period (four in December, five in January) and one elsewhere
    # when the figure is computed
    indicator = selectors.intakes_by_kind(filters=period(data.place))
    # then December has four notifications; January three, one contact and one anticipatory notification
    by_month = rows(indicator)
    assert list(by_month) == ["2025-12", "2026-01"]
    assert by_month["2025-12"][CPN] == 4
    assert by_month["2025-12"]["total"] == 4
    assert by_month["2026-01"] == {
        CPN: 3,
        IntakeKind.ANTICIPATORY_NOTIFICATION: 1,
        IntakeKind.SOCIAL_CARE_CONTACT: 1,
        IntakeKind.FAMILY_REQUEST: 0,
        "total": 5,
    }
    assert indicator.totals["total"] == 9


def test_intakes_by_kind_narrows_to_a_worker(data, today):
    # given one of the county's intakes assigned to worker 1
    # when the figure is computed for that worker
    indicator = selectors.intakes_by_kind(filters=period(data.place, worker_id=data.place.worker1.pk))
    # then only that intake is counted
    assert indicator.totals["total"] == 1
    assert rows(indicator)["2026-01"][CPN] == 1


def test_intakes_by_sector_counts_and_shares(data, today):
    # given four intakes from schools, two from the police, one each from health care, a family and a private
    # person
    indicator = selectors.intakes_by_sector(filters=period(data.place))
    by_sector = rows(indicator)
    # then the counts and the shares of the nine are as counted by hand
    assert by_sector["education"] == {"count": 4, "share": 44.4}
    assert by_sector["police"] == {"count": 2, "share": 22.2}
    assert by_sector["health_care"]["count"] == 1
    assert by_sector["family_itself"]["count"] == 1
    assert by_sector["private_person"]["count"] == 1
    assert by_sector["anonymous"] == {"count": 0, "share": 0.0}
    assert indicator.totals["count"] == 9


# --- 2. Repeat notifications -------------------------------------------------------------------------------------


def test_repeat_notifications_buckets_children_and_the_mean(data, today):
    # given child a with four intakes in the period, c with two, and b, d, e with one each
    indicator = selectors.repeat_notifications(filters=period(data.place))
    # then three children have one, one has two, one has 3–4 and none 5 or more; 9 intakes / 5 children
    assert rows(indicator) == {
        "1": {"children": 3},
        "2": {"children": 1},
        "3-4": {"children": 1},
        "5+": {"children": 0},
    }
    assert indicator.totals == {"children": 5, "intakes": 9, "mean_per_child": 1.8}


def test_repeat_notifications_counts_five_or_more(today):
    # given a child with five intakes in one month
    place = make_place()
    for day in ("2025-12-01", "2025-12-02", "2025-12-03", "2025-12-04", "2025-12-05"):
        intake(place, "a", day)
    # when counted
    indicator = selectors.repeat_notifications(filters=period(place))
    # then the child is in the 5+ bucket
    assert rows(indicator)["5+"] == {"children": 1}
    assert indicator.totals["mean_per_child"] == 5.0


# --- 3. Share leading to a PTA -----------------------------------------------------------------------------------


def test_pta_share_is_started_over_decided_without_anticipatory(data, today):
    # given December: three started and one attached; January: one closed, one started (decided in February),
    # two still open and one anticipatory notification
    indicator = selectors.pta_share(filters=period(data.place))
    by_month = rows(indicator)
    # then 3/4 in December and 1/2 in January; the open and the anticipatory are not counted
    assert by_month["2025-12"] == {"decided": 4, "pta_started": 3, "share": 75.0}
    assert by_month["2026-01"] == {"decided": 2, "pta_started": 1, "share": 50.0}
    assert indicator.totals == {"decided": 6, "pta_started": 4, "share": 66.7}


# --- 4. PTA start and completion in time -------------------------------------------------------------------------


def test_pta_start_in_time_counts_the_christmas_holidays_and_pending_intakes(data, today):
    # given the intake received 22.12.2025, started 7.1.2026, and its twin started 8.1.2026
    assert data.intakes["5"].pta_start_by == dt.date(2026, 1, 7)
    # when the figure is computed for December–January
    indicator = selectors.pta_start_in_time(filters=period(data.place))
    by_month = rows(indicator)
    # then in December 1.12. (on its deadline) and 22.12. → 7.1. are in time, 22.12. → 8.1. is late, and the
    # attached intake is not counted
    assert by_month["2025-12"] == {
        "in_time": 2,
        "late": 1,
        "pending_in_time": 0,
        "pending_late": 0,
        "share_in_time": 66.7,
    }
    # and in January: closed at 23:30 on its deadline day (in time); two still open on 31.1. with their deadline
    # ahead; one decided only in February with its deadline 29.1. passed on 31.1. (pending late); the unborn
    # child's anticipatory notification has no deadline
    assert by_month["2026-01"] == {
        "in_time": 1,
        "late": 0,
        "pending_in_time": 2,
        "pending_late": 1,
        "share_in_time": 100.0,
    }
    assert indicator.totals["share_in_time"] == 75.0


def test_pta_completed_in_time_by_month_of_completion(data, today):
    # given one assessment completed 5.12. after its deadline 1.12., one completed 15.1. in time, and one in
    # another county
    indicator = selectors.pta_completed_in_time(filters=period(data.place))
    by_month = rows(indicator)
    # then December is 0 % and January 100 %
    assert by_month["2025-12"] == {"in_time": 0, "late": 1, "share_in_time": 0.0}
    assert by_month["2026-01"] == {"in_time": 1, "late": 0, "share_in_time": 100.0}
    assert indicator.totals == {"in_time": 1, "late": 1, "share_in_time": 50.0}


# --- 5. Open now -------------------------------------------------------------------------------------------------


def test_open_intakes_now_by_working_days_left(data, today):
    # given today Tuesday 10.2.2026 and open intakes due 4.2. and 6.2. (overdue), 11.2. (1 day left), 16.2.
    # (4 days), 18.2. (6 days), an anticipatory one awaiting birth, and an overdue one in another county
    indicator = selectors.open_intakes_now(filters=period(data.place))
    # then they fall in the buckets, whatever the period
    assert rows(indicator) == {
        "overdue": {"intakes": 2},
        "0-2": {"intakes": 1},
        "3-5": {"intakes": 1},
        "6+": {"intakes": 1},
        "awaiting_birth": {"intakes": 1},
    }
    assert indicator.totals == {"intakes": 6}


def test_open_assessments_now_by_days_left(data, today):
    # given open assessments due 5.2. (overdue), 20.2. (10 days), 24.2. (14 days), 12.3. (30 days), 20.4.
    indicator = selectors.open_assessments_now(filters=period(data.place))
    # then
    assert rows(indicator) == {
        "overdue": {"assessments": 1},
        "0-13": {"assessments": 1},
        "14-30": {"assessments": 2},
        "31+": {"assessments": 1},
    }


# --- 6. Caseload -------------------------------------------------------------------------------------------------


def test_caseload_per_worker_against_the_limit(data, today):
    # given worker 1 responsible for three open assessments, workers 2 and 3 for one each
    indicator = selectors.caseload(filters=period(data.place))
    place = data.place
    # then one row per worker, the busiest first, each against the limit of 30
    assert [row.key for row in indicator.rows][0] == str(place.worker1.pk)
    assert rows(indicator)[str(place.worker1.pk)] == {"children": 3, "limit": 30, "over_limit": 0}
    assert rows(indicator)[str(place.worker3.pk)]["children"] == 1
    assert indicator.rows[0].label == "Sanna Suo"
    assert indicator.rows[0].drilldown == str(place.worker1.pk)
    assert indicator.totals["workers"] == 3
    # and a team's figure has only the team's workers
    team = selectors.caseload(filters=period(place, unit_id=place.unit2.pk))
    assert [row.key for row in team.rows] == [str(place.worker3.pk)]


def test_caseload_over_the_limit(today):
    # given a worker responsible for 31 children's open assessments
    place = make_place()
    for n in range(31):
        child = ChildFactory()
        place.children[f"extra{n}"] = child
        assessment(place, f"extra{n}", "2026-01-05", "2026-04-06", worker=place.worker2)
    # when the caseload is computed
    indicator = selectors.caseload(filters=period(place))
    # then the worker is one over the limit
    assert rows(indicator)[str(place.worker2.pk)] == {"children": 31, "limit": 30, "over_limit": 1}
    assert indicator.totals["workers_over_limit"] == 1


# --- 7. Waiting times --------------------------------------------------------------------------------------------


def contact(
    place: Place, received: dt.datetime, answered: dt.datetime | None, *, municipality: Any = None
) -> None:
    Contact.objects.create(
        reference=f"YP-TEST-{next(_numbers):06d}",
        received_at=received,
        promised_by=received + dt.timedelta(days=1),
        who="my_child",
        worry="Huoli.",
        phone="040 000 0000",
        consent_to_contact=True,
        municipality=municipality or place.m1,
        status="answered" if answered else "waiting",
        first_answered_at=answered,
        waiting_seconds=int((answered - received).total_seconds()) if answered else None,
    )


def test_waiting_times_median_mean_p90_and_share_in_time(today):
    # given three December contacts answered after 2 h, 48 h and 6 h (promised within 24 h), one January contact
    # never answered whose promise has passed, and one contact in another county
    place = make_place()
    contact(place, at(d("2025-12-01"), 10), at(d("2025-12-01"), 12))
    contact(place, at(d("2025-12-03"), 10), at(d("2025-12-05"), 10))
    contact(place, at(d("2025-12-10"), 10), at(d("2025-12-10"), 16))
    contact(place, at(d("2026-01-10"), 10), None)
    contact(place, at(d("2026-01-10"), 10), at(d("2026-01-10"), 11), municipality=place.m3)
    # when the figure is computed
    indicator = selectors.waiting_times(filters=period(place))
    by_month = rows(indicator)
    # then December: median 6 h, mean 18.7 h, p90 39.6 h (6 + 0.8 × 42), two of three in time
    assert by_month["2025-12"] == {
        "received": 3,
        "answered": 3,
        "median_hours": 6.0,
        "mean_hours": 18.7,
        "p90_hours": 39.6,
        "in_time_share": 66.7,
    }
    # and January: one unanswered, its promise broken
    assert by_month["2026-01"]["received"] == 1
    assert by_month["2026-01"]["median_hours"] is None
    assert by_month["2026-01"]["in_time_share"] == 0.0
    assert indicator.totals["in_time_share"] == 50.0


# --- 8. Short interventions --------------------------------------------------------------------------------------


def short_intervention(
    place: Place, child: str, ended: str | None, result: str, sessions: int, unit: Any = None
):
    worker = place.worker1 if unit is None else place.other_worker
    intervention = ShortIntervention.objects.create(
        child=place.children[child],
        unit=unit or place.unit1,
        basic_worker=worker,
        special_worker=place.worker3,
        started_on=d("2025-11-01"),
        ended_on=d(ended) if ended else None,
        result=result,
    )
    for number in range(1, sessions + 1):
        InterventionSession.objects.create(
            intervention=intervention, number=number, held_on=d("2025-11-01"), recorded_by=worker
        )
    return intervention


def test_short_interventions_helped_within_five_sessions(today):
    # given January: one family continuing at basic level after 5 sessions (helped) and one after 6 (not);
    # December: one moved to special level; one still open and one in another county
    place = make_place()
    short_intervention(place, "a", "2026-01-15", InterventionResult.CONTINUES_BASIC, 5)
    short_intervention(place, "b", "2026-01-20", InterventionResult.CONTINUES_BASIC, 6)
    short_intervention(place, "g", "2025-12-10", InterventionResult.MOVES_SPECIAL, 3)
    short_intervention(place, "c", None, "", 2)
    short_intervention(place, "x", "2026-01-10", InterventionResult.CONTINUES_BASIC, 2, unit=place.other_unit)
    # when the figure is computed
    indicator = selectors.short_interventions(filters=period(place))
    by_month = rows(indicator)
    # then
    assert by_month["2025-12"] == {"ended": 1, "helped": 0, "moves_special": 1, "helped_share": 0.0}
    assert by_month["2026-01"] == {"ended": 2, "helped": 1, "moves_special": 0, "helped_share": 50.0}
    assert indicator.totals["helped_share"] == 33.3


# --- 9 & 10. Levels and costs ------------------------------------------------------------------------------------


def plans(place: Place) -> None:
    """Plans of four children in team 1 with services of four levels (see the tests for the arithmetic)."""
    org = place.county
    basic = Service.objects.create(
        code="perhetyo",
        organisation=org,
        name_fi="Perhetyö",
        level=Level.BASIC,
        unit_cost_eur=Decimal("100.00"),
        unit_cost_basis=CostBasis.PER_VISIT,
        typical_sessions=5,
    )
    special = Service.objects.create(
        code="perhekuntoutus",
        organisation=org,
        name_fi="Perhekuntoutus",
        level=Level.SPECIAL,
        unit_cost_eur=Decimal("200.00"),
        unit_cost_basis=CostBasis.PER_DAY,
    )
    demanding = Service.objects.create(
        code="laitoshoito",
        organisation=org,
        name_fi="Laitoshoito",
        level=Level.DEMANDING,
        unit_cost_eur=Decimal("1000.00"),
        unit_cost_basis=CostBasis.PER_DAY,
    )
    early = Service.objects.create(
        code="perhekahvila", organisation=org, name_fi="Perhekahvila", level=Level.EARLY_SUPPORT
    )

    def plan(child: str) -> Plan:
        return Plan.objects.create(
            child=place.children[child],
            unit=place.unit1,
            coordinator=place.worker1,
            created_by=place.worker1,
            started_on=d("2025-09-01"),
        )

    def action(p: Plan, service: Service, start: str, end: str | None = None) -> None:
        PlanAction.objects.create(
            plan=p,
            description="Toimenpide",
            service=service,
            owner=place.worker1,
            start_on=d(start),
            end_on=d(end) if end else None,
        )

    a, b, c, dd = plan("a"), plan("b"), plan("c"), plan("d")
    action(a, basic, "2025-11-01")
    action(a, special, "2026-01-10", "2026-01-19")  # up: basic active on 10.1.
    action(b, demanding, "2025-10-01", "2025-12-20")
    action(b, basic, "2026-01-05")  # back down: 16 days after the demanding service ended
    action(c, special, "2025-12-15")
    action(c, demanding, "2026-01-25")  # no lighter service before: not a move from basic level
    action(dd, early, "2025-12-01")
    action(dd, special, "2026-01-31", "2026-02-28")  # up: early support active on 31.1.
    PlanReview.objects.create(
        plan=a,
        reviewed_on=d("2026-01-20"),
        participants="Perhe",
        t_score=45.0,
        plan_version=1,
        created_by=place.worker1,
    )


def test_level_movement_up_and_back(data, today):
    # given the plans below, a short intervention that moved a family to special level in December, and an
    # assessment completed in January with special services as its outcome
    plans(data.place)
    short_intervention(data.place, "g", "2025-12-10", InterventionResult.MOVES_SPECIAL, 3)
    # when the figure is computed
    indicator = selectors.level_movement(filters=period(data.place))
    # then a and d moved up, b came back down, and the other sources count one each
    assert rows(indicator) == {
        "plan_up": {"children": 2},
        "plan_down": {"children": 1},
        "short_intervention_up": {"children": 1},
        "assessment_up": {"children": 1},
    }


def test_special_clients_at_the_periods_end(data, today):
    # given on 31.1.2026: c has a special and a demanding service, d a special one starting that day, a's
    # special service ended 19.1.
    plans(data.place)
    indicator = selectors.special_clients(filters=period(data.place))
    # then c counts at the demanding level only
    assert rows(indicator) == {"special": {"children": 1}, "demanding": {"children": 1}}
    assert indicator.totals == {"children": 2}


def test_cost_by_level_from_unit_costs(data, today):
    # given the plans: per visit 100 € × 5 typical visits for the basic action started in the period (a's began
    # before it); per day 200 € × (10 + 48 + 1) days; per day 1000 € × (20 + 7) days; one action without a cost
    plans(data.place)
    indicator = selectors.cost_by_level(filters=period(data.place))
    by_level = rows(indicator)
    # then
    assert by_level["basic"] == {"cost_eur": 500.0, "actions": 2, "uncosted": 0}
    assert by_level["special"] == {"cost_eur": 11800.0, "actions": 3, "uncosted": 0}
    assert by_level["demanding"] == {"cost_eur": 27000.0, "actions": 2, "uncosted": 0}
    assert by_level["early_support"] == {"cost_eur": 0.0, "actions": 1, "uncosted": 1}
    assert indicator.totals["cost_eur"] == 39300.0


# --- 11. Outcome instruments -------------------------------------------------------------------------------------


def test_outcome_instruments_by_quarter(data, today):
    # given a WHOQOL-BREF and a GAS result at a meeting in December, a discarded WHOQOL-BREF in January and a
    # plan review with a T-score in January
    place = data.place
    plans(place)
    december = Meeting.objects.create(
        assessment=data.assessments["A1"], held_on=d("2025-12-12"), recorded_by=place.worker1
    )
    january = Meeting.objects.create(
        assessment=data.assessments["A1"], held_on=d("2026-01-10"), recorded_by=place.worker1
    )
    WhoqolResult.objects.create(
        meeting=december,
        answered=26,
        physical=12.0,
        psychological=16.0,
        social=16.0,
        environment=14.0,
        recorded_by=place.worker1,
    )
    WhoqolResult.objects.create(meeting=january, answered=10, discarded=True, recorded_by=place.worker1)
    GasResult.objects.create(
        meeting=december, scores=[0], weights=[1], t_score=55.0, recorded_by=place.worker1
    )
    # when the figure is computed
    indicator = selectors.outcome_instruments(filters=period(place))
    by_quarter = rows(indicator)
    # then the last quarter of 2025 has the December scores on the 0–100 scale, the first of 2026 the review
    assert list(by_quarter) == ["2025-Q4", "2026-Q1"]
    assert by_quarter["2025-Q4"] == {
        "whoqol_physical": 50.0,
        "whoqol_psychological": 75.0,
        "whoqol_social": 75.0,
        "whoqol_environment": 62.5,
        "whoqol_n": 1,
        "gas_t": 55.0,
        "gas_n": 1,
    }
    assert by_quarter["2026-Q1"]["whoqol_n"] == 0
    assert by_quarter["2026-Q1"]["gas_t"] == 45.0


# --- Drill-down --------------------------------------------------------------------------------------------------


def test_drilldown_lists_only_visible_cases_and_logs_each(data, today):
    # given the manager's team owns the cases of children a and c, not those of d and e
    place = data.place
    for name in ("a", "c"):
        involvement_grant(
            actor=place.worker1, person=place.children[name], basis=AccessBasis.OWNING_UNIT, unit=place.unit1
        )
    before_id = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first()
    # when the manager opens the cases behind January's intakes
    found = selectors.indicator_cases(
        actor=place.manager, filters=period(place), key="intakes_by_kind", row_key="2026-01"
    )
    # then a's two and c's one January intakes are listed, newest first, and two are not visible
    assert [case.label for case in found.cases] == [
        data.intakes["7"].receipt_number,
        data.intakes["4"].receipt_number,
        data.intakes["3"].receipt_number,
    ]
    assert found.total == 3
    assert found.not_visible == 2
    first = found.cases[0]
    assert first.url == reverse("intake:detail", kwargs={"receipt_number": data.intakes["7"].receipt_number})
    assert first.child_public_id == str(place.children["c"].public_id)
    assert first.received_on == dt.date(2026, 1, 28)
    # and each listed case has its READ row in the access log
    logged = AuditEntry.objects.filter(pk__gt=before_id)
    assert {(entry.action, entry.object_type) for entry in logged} == {(AuditAction.READ, "intake.intake")}
    assert sorted(entry.object_id for entry in logged) == sorted(
        str(data.intakes[n].pk) for n in ("3", "4", "7")
    )
    assert {entry.person_id for entry in logged} == {place.children["a"].pk, place.children["c"].pk}


def test_drilldown_of_a_workers_caseload_lists_visible_assessments(data, today):
    # given worker 1's open assessments of c, d and g, of which the manager's team owns c's
    place = data.place
    involvement_grant(
        actor=place.worker1, person=place.children["c"], basis=AccessBasis.OWNING_UNIT, unit=place.unit1
    )
    # when the manager opens the worker's row
    found = selectors.indicator_cases(
        actor=place.manager, filters=period(place), key="caseload", row_key=str(place.worker1.pk)
    )
    # then only c's assessment is listed, with its page
    assert found.total == 1
    assert found.not_visible == 2
    assert found.cases[0].label == data.assessments["A3"].reference
    assert str(data.assessments["A3"].public_id) in found.cases[0].url
    assert found.cases[0].started_on == dt.date(2026, 1, 8)


def test_drilldown_shows_an_administrator_nothing(data, today):
    # given an administrator (no client relationship to any child)
    place = data.place
    involvement_grant(
        actor=place.worker1, person=place.children["a"], basis=AccessBasis.OWNING_UNIT, unit=place.unit1
    )
    before = AuditEntry.objects.count()
    # when they open a figure's cases
    found = selectors.indicator_cases(
        actor=place.administrator, filters=period(place), key="intakes_by_sector", row_key="education"
    )
    # then nothing is listed and nothing is logged
    assert found.cases == []
    assert found.total == 0
    assert AuditEntry.objects.count() == before


def test_drilldown_of_an_unknown_key_raises(data, today):
    # given a key that is not an indicator, then KeyError
    with pytest.raises(KeyError):
        selectors.indicator_cases(
            actor=data.place.manager, filters=period(data.place), key="nope", row_key="x"
        )
