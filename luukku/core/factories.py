"""factory_boy factories for tests and synthetic data: Finnish names, identity codes in the 900–999 range only."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from luukku.core import identity
from luukku.organisations.models import (
    Municipality,
    Organisation,
    OrganisationKind,
    Professional,
    Role,
    Sector,
    Unit,
)
from luukku.people.models import Person, Relationship, RelationshipKind


class MunicipalityFactory(DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"kunta-{n}")
    name_fi = factory.Sequence(lambda n: f"Testikunta {n}")


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    code = factory.Sequence(lambda n: f"org-{n}")
    name_fi = factory.Sequence(lambda n: f"Testiorganisaatio {n}")
    kind = OrganisationKind.WELLBEING_COUNTY


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = Unit

    organisation = factory.SubFactory(OrganisationFactory)
    code = factory.Sequence(lambda n: f"yksikko-{n}")
    name_fi = factory.Sequence(lambda n: f"Lapsiperheiden sosiaalityö {n}")
    sector = Sector.CHILD_PROTECTION


class ProfessionalFactory(DjangoModelFactory):
    class Meta:
        model = Professional
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"ammattilainen{n}")
    first_name = factory.Faker("first_name", locale="fi_FI")
    last_name = factory.Faker("last_name", locale="fi_FI")
    email = factory.LazyAttribute(lambda o: f"{o.username}@kaislahva.example")
    unit = factory.SubFactory(UnitFactory)
    role = Role.SOCIAL_WORKER
    sector = factory.LazyAttribute(lambda o: o.unit.sector if o.unit else "")
    social_worker_qualified = factory.LazyAttribute(lambda o: o.role == Role.SOCIAL_WORKER)
    password = factory.django.Password("testi-salasana-123")


_individual = iter(range(10**9))


def synthetic_identity_code(birth_date: dt.date, n: int | None = None) -> str:
    """A valid code in the 900–999 range (temporary/test), never one a real person has."""
    number = 900 + ((next(_individual) if n is None else n) % 100)
    sign = "A" if birth_date.year >= 2000 else "-"
    return identity.build(birth_date, number, sign=sign)


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    first_names = factory.Faker("first_name", locale="fi_FI")
    last_name = factory.Faker("last_name", locale="fi_FI")
    birth_date = factory.Faker("date_between", start_date=dt.date(2010, 1, 1), end_date=dt.date(2024, 12, 31))
    is_synthetic = True

    @factory.post_generation
    def identity_code(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        code = extracted if extracted is not None else synthetic_identity_code(self.birth_date)
        if code:
            # Keep the factory's birth date consistent with the code it carries.
            self.set_identity_code(code)
            if create:
                self.save()


class ChildFactory(PersonFactory):
    pass


class GuardianFactory(PersonFactory):
    birth_date = factory.Faker("date_between", start_date=dt.date(1975, 1, 1), end_date=dt.date(1998, 12, 31))


class RelationshipFactory(DjangoModelFactory):
    class Meta:
        model = Relationship

    person = factory.SubFactory(GuardianFactory)
    other = factory.SubFactory(ChildFactory)
    kind = RelationshipKind.GUARDIAN_OF
