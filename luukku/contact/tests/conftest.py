"""Fixtures of the contact tests: a family-counsellor worker, the intake route, a frozen Tuesday clock."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache

from luukku.core import time
from luukku.core.factories import MunicipalityFactory, OrganisationFactory, ProfessionalFactory, UnitFactory
from luukku.intake.models import IntakeRouting
from luukku.organisations.models import Role

# A Tuesday morning in a week without holidays.
NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=time.HELSINKI)


@pytest.fixture(autouse=True)
def _empty_cache():  # type: ignore[no-untyped-def]
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clock():  # type: ignore[no-untyped-def]
    with time.frozen(NOW) as moment:
        yield moment


@pytest.fixture
def municipality(db):  # type: ignore[no-untyped-def]
    return MunicipalityFactory(code="kaislaharju", name_fi="Kaislaharju")


@pytest.fixture
def county(db):  # type: ignore[no-untyped-def]
    return OrganisationFactory(code="kaislahva", name_fi="Kaislahvan hyvinvointialue")


@pytest.fixture
def intake_unit(county, municipality):  # type: ignore[no-untyped-def]
    unit = UnitFactory(organisation=county, name_fi="Lastensuojelun vastaanotto", municipality=municipality)
    IntakeRouting.objects.create(is_default=True, unit=unit)
    return unit


@pytest.fixture
def counsellor(county):  # type: ignore[no-untyped-def]
    unit = UnitFactory(organisation=county, name_fi="Perheneuvo")
    return ProfessionalFactory(
        unit=unit, role=Role.FAMILY_COUNSELLOR, first_name="Pirjo", last_name="Perheneuvoja", username="pirjo"
    )


@pytest.fixture
def make_contact(db):  # type: ignore[no-untyped-def]
    from luukku.contact.services import contact_submit

    def make(**overrides):  # type: ignore[no-untyped-def]
        data = {
            "who": "my_child",
            "child_age": 12,
            "worry": "Tyttö ei nuku ja itkee iltaisin koulun takia.",
            "phone": "040 123 4567",
            "consent_to_contact": True,
        }
        data.update(overrides)
        return contact_submit(**data)

    return make
