"""Fixtures for the intake tests: a county with an intake unit, its workers and manager, a school curator."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache

from luukku.core import time
from luukku.core.factories import MunicipalityFactory, OrganisationFactory, ProfessionalFactory, UnitFactory
from luukku.intake.models import IntakeRouting
from luukku.organisations.models import OrganisationKind, Role, Sector

# A Tuesday morning in Helsinki in a week without holidays: the 7th working day is next week's Thursday.
NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=time.HELSINKI)


@pytest.fixture(autouse=True)
def _empty_cache():
    """The public form's rate limit lives in the cache; every test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clock():
    """The one clock frozen at ``NOW``."""
    with time.frozen(NOW) as moment:
        yield moment


@pytest.fixture
def county(db):
    return OrganisationFactory(code="kaislahva", name_fi="Kaislahvan hyvinvointialue")


@pytest.fixture
def municipality(db):
    return MunicipalityFactory(code="kaislaharju", name_fi="Kaislaharju")


@pytest.fixture
def intake_unit(county, municipality):
    unit = UnitFactory(organisation=county, name_fi="Lastensuojelun vastaanotto", municipality=municipality)
    IntakeRouting.objects.create(is_default=True, unit=unit)
    return unit


@pytest.fixture
def worker(intake_unit):
    return ProfessionalFactory(
        unit=intake_unit, role=Role.SOCIAL_WORKER, first_name="Sanna", last_name="Sosiaalityöntekijä"
    )


@pytest.fixture
def second_worker(intake_unit):
    return ProfessionalFactory(
        unit=intake_unit, role=Role.SOCIAL_WORKER, first_name="Tuomas", last_name="Toinen"
    )


@pytest.fixture
def manager(intake_unit):
    return ProfessionalFactory(unit=intake_unit, role=Role.MANAGER, first_name="Eila", last_name="Esihenkilö")


@pytest.fixture
def curator(db, county):
    school = UnitFactory(
        organisation=OrganisationFactory(kind=OrganisationKind.MUNICIPALITY, name_fi="Kaislaharjun kaupunki"),
        name_fi="Kaislaharjun yhtenäiskoulu",
        sector=Sector.SCHOOL_WELFARE,
    )
    return ProfessionalFactory(
        unit=school, role=Role.PROFESSIONAL, first_name="Kaisa", last_name="Kuraattori"
    )


@pytest.fixture
def outsider(db):
    return ProfessionalFactory(unit=UnitFactory(), role=Role.SOCIAL_WORKER)
