"""Fixtures for the plan tests: a child-protection unit with its social worker, and professionals of the other
sectors who own actions in the child's one plan (school, health care, youth work), and an outsider."""

from __future__ import annotations

import datetime as dt

import pytest

from luukku.access.models import AccessBasis
from luukku.access.services import involvement_grant
from luukku.core import time
from luukku.core.factories import (
    ChildFactory,
    GuardianFactory,
    OrganisationFactory,
    ProfessionalFactory,
    RelationshipFactory,
    UnitFactory,
)
from luukku.organisations.models import OrganisationKind, Role, Sector

# A Tuesday in a week without holidays.
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
        code="kaislaharju", name_fi="Kaislaharjun kaupunki", kind=OrganisationKind.MUNICIPALITY
    )


@pytest.fixture
def social_unit(county):
    return UnitFactory(organisation=county, name_fi="Lapsiperheiden sosiaalityö", sector=Sector.SOCIAL_WORK)


@pytest.fixture
def worker(social_unit):
    return ProfessionalFactory(
        unit=social_unit, role=Role.SOCIAL_WORKER, first_name="Sanna", last_name="Sosiaalityöntekijä"
    )


@pytest.fixture
def curator(city):
    school = UnitFactory(
        organisation=city, name_fi="Kaislaharjun yhtenäiskoulu", sector=Sector.SCHOOL_WELFARE
    )
    return ProfessionalFactory(
        unit=school, role=Role.PROFESSIONAL, first_name="Kaisa", last_name="Kuraattori"
    )


@pytest.fixture
def nurse(county):
    unit = UnitFactory(
        organisation=county, name_fi="Kouluterveydenhuolto", sector=Sector.SCHOOL_STUDENT_HEALTH
    )
    return ProfessionalFactory(
        unit=unit, role=Role.PROFESSIONAL, first_name="Terhi", last_name="Terveydenhoitaja"
    )


@pytest.fixture
def youth_worker(city):
    unit = UnitFactory(organisation=city, name_fi="Nuorisopalvelut", sector=Sector.YOUTH_WORK)
    return ProfessionalFactory(
        unit=unit, role=Role.PROFESSIONAL, first_name="Niko", last_name="Nuorisotyöntekijä"
    )


@pytest.fixture
def outsider(db):
    return ProfessionalFactory(unit=UnitFactory(name_fi="Toinen tiimi"), role=Role.SOCIAL_WORKER)


@pytest.fixture
def child(db):
    return ChildFactory(first_names="Eetu", last_name="Esimerkki", birth_date=dt.date(2013, 5, 2))


@pytest.fixture
def guardian(child):
    relationship = RelationshipFactory(
        person=GuardianFactory(first_names="Anna", last_name="Esimerkki"), other=child
    )
    return relationship.person


@pytest.fixture
def client_of_worker(child, worker, social_unit):
    """The child is a client of the social worker's unit (the owning-unit basis)."""
    involvement_grant(
        actor=worker, person=child, basis=AccessBasis.OWNING_UNIT, unit=social_unit, source="test:client"
    )
    return child
