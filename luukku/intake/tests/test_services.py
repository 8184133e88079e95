"""Service rules that the screens do not reach directly: system tasks (imports) and refused steps."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from luukku.core import deadlines, time
from luukku.intake import selectors, services
from luukku.intake.models import Intake, IntakeStatus, Outcome
from luukku.intake.services import ChildData, Notifier
from luukku.intake.tests.support import audit_rows

pytestmark = pytest.mark.django_db


def _register(received_at: dt.datetime, **overrides) -> Intake:
    arguments = {
        "actor": None,
        "kind": "social_care_contact",
        "children": [ChildData(first_names="Iida", last_name="Import", birth_date=dt.date(2012, 12, 12))],
        "notifier": Notifier(sector="early_childhood_education", name="Vaka Opettaja"),
        "concern": "Siirretty vanhasta järjestelmästä.",
        "received_at": received_at,
        "channel": "api",
        "source_system": "legacy",
        "external_id": "A-17",
        "audit_channel": "command",
    }
    arguments.update(overrides)
    return services.intake_register(**arguments)[0]


def test_system_task_brings_in_a_decided_intake_from_history(clock, intake_unit):
    # given an intake received in March with its assessment started four working days later
    received = time.start_of_day(dt.date(2026, 3, 10))
    intake = _register(received)
    assert intake.pta_start_by == deadlines.pta_start_deadline(dt.date(2026, 3, 10))
    # when the import records the historical urgency assessment and decision
    intake = services.intake_assess_urgency(
        actor=None, intake=intake, urgent=False, notes="Tuotu.", assessed_at=received, audit_channel="command"
    )
    intake = services.intake_decide(
        actor=None,
        intake=intake,
        expected_version=intake.version,
        outcome=Outcome.PTA_STARTED,
        decided_at=time.start_of_day(dt.date(2026, 3, 16)),
        audit_channel="command",
    )
    # then the start date is the historical one and every step is in the log as a system task
    assert intake.status == IntakeStatus.DECIDED
    assert intake.pta_started_on == dt.date(2026, 3, 16)
    rows = audit_rows(object_id=str(intake.pk))
    assert [row.action for row in rows] == ["create", "update", "update"]
    assert all(row.actor_id is None and row.channel == "command" for row in rows)
    assert rows[-1].basis == "system"
    assert selectors.intake_find_external(source_system="legacy", external_id="A-17") == intake


def test_same_external_id_twice_is_refused_and_adds_nothing(clock, intake_unit):
    _register(time.now())
    with pytest.raises(ValidationError) as error:
        _register(time.now())
    assert "external_id" in error.value.message_dict
    assert Intake.objects.count() == 1


def test_birth_cannot_be_recorded_on_an_ordinary_intake(clock, intake_unit, worker):
    intake = _register(time.now())
    with pytest.raises(ValidationError) as error:
        services.intake_record_birth(actor=worker, intake=intake, birth_date=dt.date(2026, 11, 20))
    assert "birth_date" in error.value.message_dict
    intake.refresh_from_db()
    assert intake.version == 1


def test_worker_of_another_unit_cannot_be_assigned(clock, intake_unit, worker, outsider):
    intake = _register(time.now())
    with pytest.raises(ValidationError) as error:
        services.intake_assign(actor=worker, intake=intake, worker=outsider)
    assert "worker" in error.value.message_dict
    intake.refresh_from_db()
    assert intake.assigned_to is None


def test_decided_intake_cannot_be_decided_again(clock, intake_unit, worker):
    intake = services.intake_assess_urgency(actor=worker, intake=_register(time.now()), urgent=False)
    intake = services.intake_decide(
        actor=worker, intake=intake, expected_version=intake.version, outcome="pta_started"
    )
    with pytest.raises(ValidationError) as error:
        services.intake_decide(
            actor=worker,
            intake=intake,
            expected_version=intake.version,
            outcome="closed_unnecessary",
            reason="x",
            guidance="y",
        )
    assert "on jo ratkaistu" in error.value.message_dict["outcome"][0]
    intake.refresh_from_db()
    assert intake.outcome == Outcome.PTA_STARTED


def test_urgent_assessment_needs_notes(clock, intake_unit, worker):
    intake = _register(time.now())
    with pytest.raises(ValidationError) as error:
        services.intake_assess_urgency(actor=worker, intake=intake, urgent=True)
    assert "urgency_notes" in error.value.message_dict
    intake.refresh_from_db()
    assert intake.urgency_assessed_at is None


def test_attaching_to_another_childs_intake_is_refused(clock, intake_unit, worker):
    intake = services.intake_assess_urgency(actor=worker, intake=_register(time.now()), urgent=False)
    other = _register(
        time.now(), external_id="B-1", children=[ChildData(first_names="Muu", last_name="Lapsi")]
    )
    with pytest.raises(ValidationError) as error:
        services.intake_decide(
            actor=worker,
            intake=intake,
            expected_version=intake.version,
            outcome="attached_existing",
            attach_to=other,
        )
    assert "attach_to" in error.value.message_dict


def test_intake_records_the_childs_municipality_and_its_county_for_statistics(clock, intake_unit, county):
    # given a second county whose area includes the child's home municipality
    from luukku.core.factories import MunicipalityFactory, OrganisationFactory

    home = MunicipalityFactory(code="routavesi", name_fi="Routavesi")
    other_county = OrganisationFactory(code="toinen-hva", name_fi="Toisen hyvinvointialue")
    other_county.municipalities.add(home)
    # when an intake about a child living there arrives at the default intake unit
    intake = _register(
        time.now(),
        children=[
            ChildData(
                first_names="Iida",
                last_name="Import",
                birth_date=dt.date(2012, 12, 12),
                home_municipality=home,
            )
        ],
    )
    # then the statistics count it for the child's municipality and county, not the receiving unit's
    assert (intake.municipality, intake.wellbeing_county) == (home, other_county)
    # and a child with no known home municipality is counted where the receiving unit is
    other = _register(
        time.now(),
        external_id="A-18",
        children=[ChildData(first_names="Oona", last_name="Osoitteeton", birth_date=dt.date(2013, 1, 5))],
    )
    assert (other.municipality, other.wellbeing_county) == (intake_unit.municipality, county)


def test_intake_counts_for_the_receiving_units_county_when_it_serves_the_municipality(
    clock, intake_unit, county
):
    # given the intake unit's county serves the child's municipality, and so does a university hospital that is
    # registered with the county kind too (a code that sorts before the county's)
    from luukku.core.factories import OrganisationFactory

    county.municipalities.add(intake_unit.municipality)
    hospital = OrganisationFactory(code="aaa-yliopistosairaala", name_fi="Yliopistosairaala")
    hospital.municipalities.add(intake_unit.municipality)
    # when an intake about a child of that municipality arrives
    intake = _register(
        time.now(),
        children=[
            ChildData(
                first_names="Iida",
                last_name="Import",
                birth_date=dt.date(2012, 12, 12),
                home_municipality=intake_unit.municipality,
            )
        ],
    )
    # then it is counted for the receiving unit's county, not the hospital
    assert intake.wellbeing_county == county
