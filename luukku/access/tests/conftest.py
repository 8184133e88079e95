"""Fixtures for the access tests: two units in two organisations, professionals in each, and clients."""

from __future__ import annotations

import datetime as dt

import pytest

from luukku.core import time
from luukku.core.factories import (
    ChildFactory,
    GuardianFactory,
    ProfessionalFactory,
    RelationshipFactory,
    UnitFactory,
)
from luukku.organisations.models import Role

NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=time.HELSINKI)


@pytest.fixture
def clock():
    """The one clock frozen at a Tuesday morning in Helsinki."""
    with time.frozen(NOW) as moment:
        yield moment


@pytest.fixture
def unit():
    return UnitFactory()


@pytest.fixture
def other_unit():
    return UnitFactory()


@pytest.fixture
def worker(unit):
    return ProfessionalFactory(unit=unit, role=Role.SOCIAL_WORKER)


@pytest.fixture
def colleague(unit):
    return ProfessionalFactory(unit=unit, role=Role.PROFESSIONAL)


@pytest.fixture
def manager(unit):
    return ProfessionalFactory(unit=unit, role=Role.MANAGER)


@pytest.fixture
def outsider(other_unit):
    return ProfessionalFactory(unit=other_unit, role=Role.SOCIAL_WORKER)


@pytest.fixture
def child():
    return ChildFactory(birth_date=dt.date(2015, 3, 4))


@pytest.fixture
def guardian(child):
    guardian = GuardianFactory()
    RelationshipFactory(person=guardian, other=child)
    return guardian
