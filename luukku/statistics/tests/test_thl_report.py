"""The THL processing-time report (LSL 27 a §) on a hand-made dataset whose figures are worked out below by hand.

The period is 1.10.2024–31.3.2025. County Alfa has municipalities Aapala and Ahola, county Beeta has Beetala.
Every case is entered twice in separate tests, once through the services the screens use and once with
``luukku import-intakes``; both must give the same report, and the same on SQLite and PostgreSQL (CI runs the file
on both).

Deadlines used below (7th working day, Finnish holidays; 3 months with roll-forward), checked by hand:
received 1.10.2024 → start by 10.10.2024, complete by 2.1.2025 (1.1. is a holiday);
received 20.12.2024 → start by 7.1.2025 (24.–26.12., 1.1. and 6.1. are holidays), complete by 20.3.2025;
received 10.3.2025 → 19.3.2025; 12.3.2025 → 21.3.2025; 20.3.2025 → 31.3.2025 (the period's last day);
25.3.2025 → 3.4.2025; 5.11.2024 → 14.11.2024; 3.2.2025 → 12.2.2025; 15.10.2024 → 24.10.2024;
received 1.7.2024 → complete by 1.10.2024; 28.6.2024 → complete by 30.9.2024.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command

from luukku.assessment import services as assessment_services
from luukku.audit.models import AuditEntry
from luukku.core import deadlines, time
from luukku.core.factories import (
    MunicipalityFactory,
    OrganisationFactory,
    ProfessionalFactory,
    UnitFactory,
    synthetic_identity_code,
)
from luukku.intake import services as intake_services
from luukku.intake.importing import intake_import_lines
from luukku.intake.models import IntakeKind, IntakeRouting, Outcome
from luukku.intake.services import ChildData, Notifier
from luukku.organisations.models import Role, Sector
from luukku.statistics import thl

pytestmark = pytest.mark.django_db

START, END = dt.date(2024, 10, 1), dt.date(2025, 3, 31)
PERIOD = "2024-10-01:2025-03-31"
NOW = dt.datetime(2025, 6, 2, 10, 0, tzinfo=time.HELSINKI)

CPN = IntakeKind.CHILD_PROTECTION_NOTIFICATION


@dataclasses.dataclass(frozen=True)
class Case:
    """One intake of the dataset and what happened to it; ``why`` says how the report must count it."""

    municipality: str
    received: dt.date
    outcome: str | None = None
    outcome_on: dt.date | None = None
    completed_on: dt.date | None = None
    kind: str = CPN
    why: str = ""


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


CASES = [
    # County Alfa, starts: 3 in time, 2 late, 2 pending in time, 3 pending late.
    Case(
        "aapala",
        d("2024-10-01"),
        Outcome.PTA_STARTED,
        d("2024-10-08"),
        d("2025-01-02"),
        why="in time; done in time",
    ),
    Case(
        "aapala", d("2024-10-01"), Outcome.CLOSED_UNNECESSARY, d("2024-10-11"), why="late (deadline 10.10.)"
    ),
    Case(
        "aapala",
        d("2024-10-15"),
        Outcome.CLOSED_UNNECESSARY,
        d("2024-10-15"),
        kind="family_request",
        why="in time",
    ),
    Case(
        "aapala",
        d("2024-12-20"),
        Outcome.PTA_STARTED,
        d("2025-01-07"),
        d("2025-03-21"),
        why="in time; done late",
    ),
    Case("aapala", d("2024-12-20"), Outcome.CLOSED_UNNECESSARY, d("2025-01-08"), why="late (deadline 7.1.)"),
    Case("ahola", d("2025-03-25"), why="pending in time (deadline 3.4.)"),
    Case("ahola", d("2025-03-10"), why="pending late (deadline 19.3.)"),
    Case(
        "aapala",
        d("2025-03-20"),
        Outcome.PTA_STARTED,
        d("2025-04-02"),
        why="pending in time: decided after 31.3.",
    ),
    Case("aapala", d("2025-03-10"), Outcome.CLOSED_UNNECESSARY, d("2025-04-01"), why="pending late"),
    Case(
        "aapala",
        d("2025-03-12"),
        Outcome.ATTACHED_EXISTING,
        d("2025-04-01"),
        why="pending late: attached after",
    ),
    Case("aapala", d("2024-11-04"), Outcome.ATTACHED_EXISTING, d("2024-11-05"), why="not counted: attached"),
    Case("aapala", d("2024-09-30"), Outcome.PTA_STARTED, d("2024-10-02"), why="not counted: previous period"),
    # County Alfa, completions of intakes from the previous period: 1 in time, 1 late.
    Case(
        "aapala", d("2024-07-01"), Outcome.PTA_STARTED, d("2024-07-05"), d("2024-10-01"), why="done in time"
    ),
    Case("aapala", d("2024-06-28"), Outcome.PTA_STARTED, d("2024-07-03"), d("2024-10-01"), why="done late"),
    # County Beeta: 1 in time, 1 late; its completion falls after the period.
    Case("beetala", d("2024-11-05"), Outcome.PTA_STARTED, d("2024-11-07"), d("2025-04-01"), why="in time"),
    Case(
        "beetala",
        d("2025-02-03"),
        Outcome.CLOSED_UNNECESSARY,
        d("2025-02-20"),
        kind=IntakeKind.SOCIAL_CARE_CONTACT,
        why="late (deadline 12.2.)",
    ),
]
ANTICIPATORY = Case("aapala", d("2024-11-01"), kind=IntakeKind.ANTICIPATORY_NOTIFICATION, why="not counted")

# The figures worked out by hand from the cases above.
EXPECTED = {
    "Alfan hyvinvointialue": {
        "started_in_time": 3,
        "started_late": 2,
        "pending_in_time": 2,
        "pending_late": 3,
        "started_in_time_percent": 60.0,
        "completed_in_time": 2,
        "completed_late": 2,
        "completed_in_time_percent": 50.0,
    },
    "Beetan hyvinvointialue": {
        "started_in_time": 1,
        "started_late": 1,
        "pending_in_time": 0,
        "pending_late": 0,
        "started_in_time_percent": 50.0,
        "completed_in_time": 0,
        "completed_late": 0,
        "completed_in_time_percent": None,
    },
    "Koko maa": {
        "started_in_time": 4,
        "started_late": 3,
        "pending_in_time": 2,
        "pending_late": 3,
        "started_in_time_percent": 57.1,
        "completed_in_time": 2,
        "completed_late": 2,
        "completed_in_time_percent": 50.0,
    },
}


@pytest.fixture
def region(db):
    alfa = OrganisationFactory(code="alfa-hva", name_fi="Alfan hyvinvointialue")
    beeta = OrganisationFactory(code="beeta-hva", name_fi="Beetan hyvinvointialue")
    municipalities = {
        "aapala": MunicipalityFactory(code="aapala", name_fi="Aapala"),
        "ahola": MunicipalityFactory(code="ahola", name_fi="Ahola"),
        "beetala": MunicipalityFactory(code="beetala", name_fi="Beetala"),
    }
    alfa.municipalities.add(municipalities["aapala"], municipalities["ahola"])
    beeta.municipalities.add(municipalities["beetala"])
    unit = UnitFactory(
        organisation=alfa,
        name_fi="Lastensuojelun vastaanotto",
        sector=Sector.CHILD_PROTECTION,
        municipality=municipalities["aapala"],
    )
    IntakeRouting.objects.create(is_default=True, unit=unit)
    worker = ProfessionalFactory(
        unit=unit,
        role=Role.SOCIAL_WORKER,
        first_name="Sanna",
        last_name="Sosiaalityö",
        social_worker_qualified=True,
    )
    return {"municipalities": municipalities, "unit": unit, "worker": worker}


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=time.HELSINKI)


def _enter_through_services(region) -> None:
    """The cases as workers enter them on the screens: register, assess urgency, decide, assess, complete."""
    worker = region["worker"]
    with time.frozen(NOW):
        for number, case in enumerate([*CASES, ANTICIPATORY]):
            anticipatory = case.kind == IntakeKind.ANTICIPATORY_NOTIFICATION
            child = ChildData(
                first_names=f"Lapsi{number}",
                last_name="Testinen",
                birth_date=None if anticipatory else dt.date(2012, 1, 1) + dt.timedelta(days=number),
                expected_birth_date=dt.date(2025, 1, 10) if anticipatory else None,
                home_municipality=region["municipalities"][case.municipality],
            )
            intake = intake_services.intake_register(
                actor=worker,
                kind=case.kind,
                children=[child],
                notifier=Notifier(sector="education", name="Kaisa Kuraattori"),
                concern="Huoli koulunkäynnistä.",
                received_at=_at(case.received),
                channel="phone",
            )[0]
            if case.outcome is None:
                continue
            intake = intake_services.intake_assess_urgency(
                actor=worker, intake=intake, urgent=False, assessed_at=_at(case.received, 11)
            )
            intake = intake_services.intake_decide(
                actor=worker,
                intake=intake,
                expected_version=intake.version,
                outcome=case.outcome,
                reason="Ilmeisen tarpeeton." if case.outcome == Outcome.CLOSED_UNNECESSARY else "",
                guidance="Ohjattu perheneuvolaan." if case.outcome == Outcome.CLOSED_UNNECESSARY else "",
                attach_reference="LS-asiakkuus-7" if case.outcome == Outcome.ATTACHED_EXISTING else "",
                decided_at=_at(case.outcome_on, 12),
            )
            if case.completed_on is None:
                continue
            assessment = assessment_services.assessment_start(
                actor=worker, child=intake.child, intakes=[intake], responsible_worker=worker
            )
            assessment_services.assessment_record_child_view(
                actor=worker, assessment=assessment, text="Haluan käydä koulua.", how_heard="in_person"
            )
            assessment_services.assessment_complete(
                actor=worker,
                assessment=assessment,
                outcome="basic_family_centre",
                completed_on=case.completed_on,
                summary="Yhteenveto.",
                professional_conclusion="Perhekeskuksen palvelut riittävät.",
                late_explanation="Sairauslomat." if case.completed_on > assessment.complete_by else "",
            )


def _enter_through_import() -> None:
    """The same cases as a legacy system's export brought in with ``luukku import-intakes``."""
    lines = []
    for number, case in enumerate([*CASES, ANTICIPATORY]):
        anticipatory = case.kind == IntakeKind.ANTICIPATORY_NOTIFICATION
        birth = dt.date(2025, 1, 10) if anticipatory else dt.date(2012, 1, 1) + dt.timedelta(days=number)
        line = {
            "external_id": f"VANHA-{number}",
            "kind": case.kind,
            "received_on": case.received.isoformat(),
            "child": {
                "identity_code": synthetic_identity_code(birth, number),
                "municipality": case.municipality,
            },
            "notifier_sector": "education",
        }
        if case.outcome:
            line.update(outcome=case.outcome, outcome_on=case.outcome_on.isoformat())
        if case.completed_on:
            line["pta_completed_on"] = case.completed_on.isoformat()
        lines.append(json.dumps(line))
    with time.frozen(NOW):
        result = intake_import_lines(lines, source_system="vanha-järjestelmä")
    assert result.errors == []


def _by_area(rows: list[thl.ThlRow]) -> dict[str, dict]:
    keys = EXPECTED["Koko maa"].keys()
    return {row.area: {key: row.as_dict()[key] for key in keys} for row in rows}


def test_the_hand_computed_deadlines_are_the_calendars():
    # given the deadlines the module docstring works the dataset out with
    # then the calendar agrees with every one (so the expected figures rest on the real rules)
    assert deadlines.pta_start_deadline(d("2024-12-20")) == d("2025-01-07")
    assert deadlines.pta_completion_deadline(d("2024-10-01")) == d("2025-01-02")
    assert deadlines.pta_completion_deadline(d("2024-12-20")) == d("2025-03-20")
    assert deadlines.pta_start_deadline(d("2025-03-20")) == END
    assert deadlines.pta_start_deadline(d("2025-03-12")) == d("2025-03-21")
    assert deadlines.pta_completion_deadline(d("2024-06-28")) == d("2024-09-30")


def test_report_of_cases_entered_on_the_screens_matches_the_hand_count(region):
    # given the dataset entered through the services
    _enter_through_services(region)
    # when the report is made for 1.10.2024–31.3.2025 per county
    rows = thl.thl_report(start=START, end=END)
    # then each county's and the country's figures are those counted by hand, the country last
    assert _by_area(rows) == EXPECTED
    assert [row.area for row in rows] == ["Alfan hyvinvointialue", "Beetan hyvinvointialue", "Koko maa"]


def test_report_of_imported_cases_matches_the_hand_count(region):
    # given the same dataset brought in from a legacy system
    _enter_through_import()
    # when the report is made
    rows = thl.thl_report(start=START, end=END)
    # then the figures are the same as for the cases entered on the screens
    assert _by_area(rows) == EXPECTED


def test_report_per_municipality_splits_the_county(region):
    # given the dataset
    _enter_through_services(region)
    # when the report is made per municipality
    rows = {row.area: row for row in thl.thl_report(start=START, end=END, by="municipality")}
    # then Ahola has the two intakes still pending at the period's end, and Aapala the rest of Alfa's
    assert (rows["Ahola"].pending_in_time, rows["Ahola"].pending_late, rows["Ahola"].started_in_time) == (
        1,
        1,
        0,
    )
    assert (rows["Aapala"].started_in_time, rows["Aapala"].started_late, rows["Aapala"].pending_late) == (
        3,
        2,
        2,
    )
    assert (rows["Aapala"].completed_in_time, rows["Aapala"].completed_late) == (2, 2)
    assert rows["Koko maa"].started_in_time == 4


def test_a_period_already_reported_gives_the_same_figures_later(region):
    # given the dataset, reported once
    _enter_through_services(region)
    before = thl.thl_report(start=START, end=END)
    # when the intakes still pending at the period's end are decided after it
    worker = region["worker"]
    with time.frozen(NOW):
        for intake in worker.unit.intakes.filter(received_on__gte=START, outcome=""):
            intake = intake_services.intake_assess_urgency(actor=worker, intake=intake, urgent=False)
            intake_services.intake_decide(
                actor=worker,
                intake=intake,
                expected_version=intake.version,
                outcome=Outcome.CLOSED_UNNECESSARY,
                reason="Ilmeisen tarpeeton.",
                guidance="Ohjattu.",
            )
    # then the report of the closed period does not change: everything is classified as of its last day
    assert thl.thl_report(start=START, end=END) == before


def test_one_county_only_for_a_managers_dashboard(region):
    # given the dataset
    _enter_through_services(region)
    beeta = region["municipalities"]["beetala"].organisations.get()
    # when the report is limited to county Beeta
    rows = thl.thl_report(start=START, end=END, county_id=beeta.pk)
    # then it has Beeta's row and Beeta's own total, nothing of Alfa
    assert [row.area for row in rows] == ["Beetan hyvinvointialue", "Beetan hyvinvointialue yhteensä"]
    assert rows[-1].started_late == 1


def test_command_writes_json_with_the_agreed_keys_and_no_identifiers(region):
    # given the dataset
    _enter_through_services(region)
    out = io.StringIO()
    # when the THL report is asked for as JSON
    with time.frozen(NOW):
        call_command("report", "thl", "--period", PERIOD, "--format", "json", stdout=out)
    report = json.loads(out.getvalue())
    # then each row has exactly the agreed keys and the hand-counted figures
    assert set(report[0]) == {
        "period",
        "area",
        "area_code",
        "started_in_time",
        "started_late",
        "pending_in_time",
        "pending_late",
        "started_in_time_percent",
        "completed_in_time",
        "completed_late",
        "completed_in_time_percent",
    }
    national = report[-1]
    assert national["period"] == PERIOD and national["area"] == "Koko maa"
    assert national["started_in_time_percent"] == 57.1 and national["pending_late"] == 3
    # and no name or identity code of a child appears in it
    assert "Lapsi" not in out.getvalue() and "Testinen" not in out.getvalue()
    # and the export is in the audit log
    assert AuditEntry.objects.filter(
        object_type="statistics.thl_report", object_id=PERIOD, action="export"
    ).exists()


def test_command_writes_csv_and_xlsx(region, tmp_path):
    # given the dataset
    _enter_through_services(region)
    out = io.StringIO()
    # when the report is asked for as CSV per municipality
    call_command("report", "thl", "--period", PERIOD, "--by", "municipality", "--format", "csv", stdout=out)
    lines = out.getvalue().splitlines()
    # then the first line is the header and Ahola's row carries its two pending intakes
    assert lines[0].startswith(
        "period,area,area_code,started_in_time,started_late,pending_in_time,pending_late"
    )
    ahola = next(line for line in lines if ",Ahola," in line)
    assert ahola.split(",")[5:7] == ["1", "1"]
    # and as XLSX the sheet has the Finnish headings and the same national row
    from openpyxl import load_workbook

    target = tmp_path / "thl.xlsx"
    call_command(
        "report", "thl", "--period", PERIOD, "--format", "xlsx", "--output", str(target), stderr=io.StringIO()
    )
    sheet = load_workbook(target).active
    assert sheet.cell(row=2, column=4).value == "Aloitettu määräajassa"
    last = [cell.value for cell in sheet[sheet.max_row]]
    assert last[1] == "Koko maa" and last[3:7] == [4, 3, 2, 3]


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2024-01-01:2024-06-30", "1.4.–30.9. tai 1.10.–31.3."),
        ("2024-04-01", "VVVV-KK-PP:VVVV-KK-PP"),
        ("2024-09-30:2024-04-01", "loppu on ennen alkua"),
    ],
)
def test_command_refuses_a_period_that_is_not_thls(db, period, message):
    # when the report is asked for with a wrong period
    with pytest.raises(CommandError) as refused:
        call_command("report", "thl", "--period", period, stdout=io.StringIO())
    # then the message says what is expected, in Finnish
    assert message in str(refused.value)


def test_latest_period_is_the_last_half_year_that_has_ended():
    # then on each side of the half-years' borders the latest ended period is the right one
    assert thl.latest_thl_period(today=d("2026-11-23")) == (d("2026-04-01"), d("2026-09-30"))
    assert thl.latest_thl_period(today=d("2026-04-01")) == (d("2025-10-01"), d("2026-03-31"))
    assert thl.latest_thl_period(today=d("2026-03-31")) == (d("2025-04-01"), d("2025-09-30"))
