"""Fixtures for the assessment tests: a county's intake unit with its social workers, a mental-health unit for
the pair worker, a school-welfare unit and a child-health unit to invite, an outsider, and a registered intake."""

from __future__ import annotations

import datetime as dt

import pytest

from luukku.assessment import services
from luukku.core import time
from luukku.core.factories import (
    ChildFactory,
    MunicipalityFactory,
    OrganisationFactory,
    ProfessionalFactory,
    UnitFactory,
)
from luukku.intake import services as intake_services
from luukku.intake.models import IntakeKind, IntakeRouting
from luukku.organisations.models import OrganisationKind, Role, Sector

# A Tuesday morning in Helsinki, in a week without holidays.
NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=time.HELSINKI)


@pytest.fixture
def clock():
    with time.frozen(NOW) as moment:
        yield moment


@pytest.fixture
def county(db):
    return OrganisationFactory(code="kaislahva", name_fi="Kaislahvan hyvinvointialue")


@pytest.fixture
def city(db):
    return OrganisationFactory(
        code="kaislaharju-kaupunki", name_fi="Kaislaharjun kaupunki", kind=OrganisationKind.MUNICIPALITY
    )


@pytest.fixture
def intake_unit(county):
    unit = UnitFactory(
        organisation=county,
        code="ls-vastaanotto",
        name_fi="Lastensuojelun vastaanotto",
        sector=Sector.CHILD_PROTECTION,
        municipality=MunicipalityFactory(code="kaislaharju", name_fi="Kaislaharju"),
    )
    IntakeRouting.objects.create(is_default=True, unit=unit)
    return unit


@pytest.fixture
def worker(intake_unit):
    return ProfessionalFactory(
        unit=intake_unit,
        role=Role.SOCIAL_WORKER,
        first_name="Sanna",
        last_name="Sosiaalityöntekijä",
        social_worker_qualified=True,
    )


@pytest.fixture
def unqualified_worker(intake_unit):
    return ProfessionalFactory(
        unit=intake_unit,
        role=Role.SOCIAL_WORKER,
        first_name="Ohto",
        last_name="Ohjaaja",
        social_worker_qualified=False,
    )


@pytest.fixture
def mental_health_unit(county):
    return UnitFactory(
        organisation=county,
        code="mtp",
        name_fi="Mielenterveys- ja päihdepalvelut",
        sector=Sector.MENTAL_HEALTH_SUBSTANCE,
    )


@pytest.fixture
def pair_worker(mental_health_unit):
    return ProfessionalFactory(
        unit=mental_health_unit, role=Role.PROFESSIONAL, first_name="Paula", last_name="Pari"
    )


@pytest.fixture
def school_unit(city):
    return UnitFactory(
        organisation=city,
        code="koulu-kuraattorit",
        name_fi="Yhtenäiskoulun opiskeluhuolto",
        sector=Sector.SCHOOL_WELFARE,
    )


@pytest.fixture
def curator(school_unit):
    return ProfessionalFactory(
        unit=school_unit, role=Role.PROFESSIONAL, first_name="Kaisa", last_name="Kuraattori"
    )


@pytest.fixture
def health_unit(county):
    return UnitFactory(
        organisation=county, code="neuvola", name_fi="Lastenneuvola", sector=Sector.MATERNITY_CHILD_HEALTH
    )


@pytest.fixture
def nurse(health_unit):
    return ProfessionalFactory(
        unit=health_unit, role=Role.PROFESSIONAL, first_name="Terhi", last_name="Terveydenhoitaja"
    )


@pytest.fixture
def substitute(county):
    other = UnitFactory(
        organisation=county,
        code="neuvola-2",
        name_fi="Perhe- ja lastenneuvola",
        sector=Sector.MATERNITY_CHILD_HEALTH,
    )
    return ProfessionalFactory(unit=other, role=Role.PROFESSIONAL, first_name="Sirpa", last_name="Sijainen")


@pytest.fixture
def outsider(db):
    return ProfessionalFactory(unit=UnitFactory(code="muu-yksikko"), role=Role.SOCIAL_WORKER)


@pytest.fixture
def child(db):
    return ChildFactory(first_names="Eetu", last_name="Esimerkki")


def register_intake(*, child, worker, received_at=None, urgency=True):
    """An intake about ``child`` as the intake services make it, urgency assessed by ``worker``."""
    from luukku.intake.models import NotifierSector

    [intake] = intake_services.intake_register(
        actor=worker,
        kind=IntakeKind.CHILD_PROTECTION_NOTIFICATION,
        children=[child],
        notifier=intake_services.Notifier(
            sector=NotifierSector.EDUCATION, name="Kaisa Kuraattori", organisation="Yhtenäiskoulu"
        ),
        concern="Lapsi on ollut poissa koulusta kaksi viikkoa.",
        received_at=received_at,
    )
    if urgency:
        intake = intake_services.intake_assess_urgency(
            actor=worker, intake=intake, urgent=False, notes="Ei välitöntä vaaraa."
        )
    return intake


@pytest.fixture
def intake(clock, intake_unit, worker, child):
    return register_intake(child=child, worker=worker)


@pytest.fixture
def assessment(intake, worker, pair_worker):
    return services.assessment_start(
        actor=worker, child=intake.child, intakes=[intake], responsible_worker=worker, pair_worker=pair_worker
    )
