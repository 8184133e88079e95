import pytest

from luukku.core import identity
from luukku.core.factories import ChildFactory, ProfessionalFactory
from luukku.people.models import Person

pytestmark = pytest.mark.django_db


def test_synthetic_child_has_a_valid_temporary_code_matching_the_birth_date():
    child = ChildFactory()
    parsed = identity.parse(child.identity_code)
    assert parsed.is_temporary
    assert parsed.birth_date == child.birth_date
    assert Person.objects.get(identity_code_digest=identity.lookup_digest(child.identity_code)) == child


def test_professional_belongs_to_a_unit_of_an_organisation():
    worker = ProfessionalFactory()
    assert worker.organisation is not None
    assert worker.check_password("testi-salasana-123")
