import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from luukku.audit.models import AuditAction, AuditEntry
from luukku.core import identity
from luukku.core.factories import (
    ChildFactory,
    GuardianFactory,
    MunicipalityFactory,
    ProfessionalFactory,
    RelationshipFactory,
)
from luukku.people import services
from luukku.people.models import Household, IdentityCodeKind, Person, Relationship, RelationshipKind

pytestmark = pytest.mark.django_db

CODE = "020516C903K"


@pytest.fixture
def worker():
    return ProfessionalFactory()


def test_person_create_stores_the_code_encrypted_and_writes_an_audit_row(worker):
    # given a municipality
    municipality = MunicipalityFactory(code="kaislaharju", name_fi="Kaislaharju")

    # when a worker adds a child with a test-range identity code
    person = services.person_create(
        actor=worker,
        first_names="Eetu Ilmari",
        last_name="Virtanen",
        identity_code=CODE.lower(),
        home_municipality=municipality,
        basis="LSL 25 §",
    )

    # then the code is stored only encrypted and digested, and the birth date comes from the code
    person.refresh_from_db()
    assert person.identity_code == CODE
    assert CODE not in person.identity_code_encrypted
    assert person.identity_code_digest == identity.lookup_digest(CODE)
    assert person.identity_code_kind == IdentityCodeKind.TEMPORARY
    assert person.birth_date == dt.date(2016, 5, 2)
    assert Person.objects.filter(identity_code_digest=identity.lookup_digest(CODE)).get() == person
    # and one audit row names the worker, the person and the basis, never the code
    entry = AuditEntry.objects.get()
    assert entry.action == AuditAction.CREATE
    assert entry.actor_id == worker.pk
    assert entry.person_id == person.pk
    assert entry.object_type == "people.person"
    assert entry.basis == "LSL 25 §"
    assert CODE not in entry.summary


def test_person_create_refuses_an_invalid_code_with_the_finnish_message_on_the_field(worker):
    # when the check character is wrong
    with pytest.raises(ValidationError) as caught:
        services.person_create(
            actor=worker, first_names="Aino", last_name="Koski", identity_code="020516C903L"
        )

    # then the error names the identity-code field and says what is wrong, and nothing is saved
    assert caught.value.message_dict == {
        "identity_code": ["Tarkistusmerkki ei täsmää: henkilötunnuksessa on kirjoitusvirhe."]
    }
    assert not Person.objects.exists()
    assert not AuditEntry.objects.exists()


def test_person_create_refuses_a_duplicate_code_and_saves_nothing(worker):
    # given a person with the code
    services.person_create(actor=worker, first_names="Eetu", last_name="Virtanen", identity_code=CODE)

    # when another person is added with the same code (in a different spelling)
    with pytest.raises(ValidationError) as caught:
        services.person_create(actor=worker, first_names="Eero", last_name="Virta", identity_code=f" {CODE} ")

    # then the duplicate is refused with a clear message, and neither a person nor an audit row is added
    assert caught.value.message_dict == {
        "identity_code": ["Henkilö tällä henkilötunnuksella on jo rekisterissä."]
    }
    assert Person.objects.count() == 1
    assert AuditEntry.objects.count() == 1


def test_an_unborn_child_is_created_without_a_code(worker):
    # when an anticipatory notification needs the unborn child in the register
    unborn = services.person_create(
        actor=worker,
        first_names="",
        last_name="Virtanen",
        is_unborn=True,
        expected_birth_date=dt.date(2027, 3, 1),
    )

    # then the child exists with its expected birth date and no code
    unborn.refresh_from_db()
    assert unborn.is_unborn is True
    assert unborn.expected_birth_date == dt.date(2027, 3, 1)
    assert unborn.identity_code == ""
    assert unborn.identity_code_kind == IdentityCodeKind.NONE
    assert AuditEntry.objects.get().person_id == unborn.pk


def test_an_unborn_child_needs_an_expected_birth_date_and_no_code(worker):
    # when the expected birth date is missing
    with pytest.raises(ValidationError) as missing:
        services.person_create(actor=worker, first_names="", last_name="Virtanen", is_unborn=True)
    # or a code is given
    with pytest.raises(ValidationError) as coded:
        services.person_create(
            actor=worker,
            first_names="",
            last_name="Virtanen",
            is_unborn=True,
            expected_birth_date=dt.date(2027, 3, 1),
            identity_code=CODE,
        )

    # then both are refused on the right field
    assert "expected_birth_date" in missing.value.message_dict
    assert "identity_code" in coded.value.message_dict
    assert not Person.objects.exists()


def test_a_foreign_child_with_only_a_birth_date_is_created(worker):
    # when a child without a Finnish identity code is added
    child = services.person_create(
        actor=worker,
        first_names="Daryna",
        last_name="Kovalenko",
        birth_date=dt.date(2015, 8, 14),
        nationality="Ukraina",
        native_language="uk",
    )

    # then the child is in the register with the birth date and no code
    child.refresh_from_db()
    assert child.birth_date == dt.date(2015, 8, 14)
    assert child.identity_code_digest == ""
    assert child.nationality == "Ukraina"


def test_two_persons_without_codes_do_not_collide(worker):
    # when two persons without codes are added
    services.person_create(actor=worker, first_names="A", last_name="Koski", birth_date=dt.date(2015, 1, 1))
    services.person_create(actor=worker, first_names="B", last_name="Koski", birth_date=dt.date(2016, 1, 1))

    # then both are saved (the empty digest is not unique)
    assert Person.objects.filter(identity_code_digest="").count() == 2


def test_a_birth_date_that_contradicts_the_code_is_refused(worker):
    # when the birth date differs from the code's
    with pytest.raises(ValidationError) as caught:
        services.person_create(
            actor=worker,
            first_names="Eetu",
            last_name="Virtanen",
            identity_code=CODE,
            birth_date=dt.date(2016, 5, 3),
        )

    # then the birth date field carries the error
    assert caught.value.message_dict == {
        "birth_date": ["Syntymäaika ei vastaa henkilötunnuksen syntymäaikaa."]
    }
    assert not Person.objects.exists()


def test_a_person_needs_a_last_name_and_a_past_birth_date(worker):
    # when the last name is empty and the birth date lies in the future
    with pytest.raises(ValidationError) as caught:
        services.person_create(
            actor=worker, first_names="Eetu", last_name=" ", birth_date=dt.date(2999, 1, 1)
        )

    # then both fields are named
    assert caught.value.message_dict == {
        "last_name": ["Anna henkilön sukunimi."],
        "birth_date": ["Syntymäaika ei voi olla tulevaisuudessa."],
    }


def test_person_update_changes_fields_and_logs_their_names_not_values(worker):
    # given a person
    person = services.person_create(
        actor=worker, first_names="Eetu", last_name="Virtanen", identity_code=CODE
    )

    # when the address and the last name change
    services.person_update(actor=worker, person=person, address="Ruokokatu 4", last_name="Koski")

    # then the change is saved and the audit row names the changed fields without their values
    person.refresh_from_db()
    assert (person.last_name, person.address) == ("Koski", "Ruokokatu 4")
    entry = AuditEntry.objects.order_by("-id").first()
    assert entry.action == AuditAction.UPDATE
    assert entry.person_id == person.pk
    assert "osoite" in entry.summary and "sukunimi" in entry.summary
    assert "Ruokokatu" not in entry.summary


def test_person_update_without_changes_writes_nothing(worker):
    # given a person
    person = services.person_create(actor=worker, first_names="Eetu", last_name="Virtanen")

    # when the same values are saved again
    services.person_update(actor=worker, person=person, last_name="Virtanen")

    # then no update row is logged
    assert AuditEntry.objects.count() == 1


def test_an_unborn_child_is_born_and_gets_a_code(worker):
    # given an unborn child
    unborn = services.person_create(
        actor=worker,
        first_names="",
        last_name="Virtanen",
        is_unborn=True,
        expected_birth_date=dt.date(2016, 5, 1),
    )

    # when the child is born and gets a code
    services.person_update(
        actor=worker,
        person=unborn,
        identity_code=CODE,
        is_unborn=False,
        first_names="Eetu",
    )

    # then the child is no longer unborn and has the code's birth date
    unborn.refresh_from_db()
    assert unborn.is_unborn is False
    assert unborn.birth_date == dt.date(2016, 5, 2)
    assert unborn.identity_code == CODE
    assert "henkilötunnus" in AuditEntry.objects.order_by("-id").first().summary


def test_person_update_refuses_a_code_that_another_person_has(worker):
    # given two persons
    services.person_create(actor=worker, first_names="Eetu", last_name="Virtanen", identity_code=CODE)
    other = services.person_create(actor=worker, first_names="Aino", last_name="Koski")

    # when the second would take the first one's code
    with pytest.raises(ValidationError) as caught:
        services.person_update(actor=worker, person=other, identity_code=CODE, address="Uusi osoite 1")

    # then it is refused and nothing of the update is saved
    assert caught.value.message_dict == {
        "identity_code": ["Henkilö tällä henkilötunnuksella on jo rekisterissä."]
    }
    other.refresh_from_db()
    assert other.identity_code == "" and other.address == ""
    assert AuditEntry.objects.count() == 2


def test_person_update_can_clear_a_code(worker):
    # given a person with a code
    person = services.person_create(
        actor=worker, first_names="Eetu", last_name="Virtanen", identity_code=CODE
    )

    # when the code is cleared
    services.person_update(actor=worker, person=person, identity_code="")

    # then the person has no code and the code is free again
    person.refresh_from_db()
    assert person.identity_code_digest == ""
    assert not Person.objects.filter(identity_code_digest=identity.lookup_digest(CODE)).exists()


def test_relationship_create_logs_the_relationship_for_both_persons(worker):
    # given a guardian and a child
    guardian, child = GuardianFactory(), ChildFactory()

    # when the guardianship is recorded
    relationship = services.relationship_create(
        actor=worker,
        person=guardian,
        other=child,
        kind=RelationshipKind.GUARDIAN_OF,
        valid_from=dt.date(2020, 1, 1),
    )

    # then it exists and both persons' logs show it
    assert relationship.kind == RelationshipKind.GUARDIAN_OF
    entries = AuditEntry.objects.filter(object_type="people.relationship", object_id=str(relationship.pk))
    assert sorted(entries.values_list("person_id", flat=True)) == sorted([guardian.pk, child.pk])
    assert all(entry.action == AuditAction.CREATE for entry in entries)


def test_relationship_create_refuses_self_and_reversed_dates(worker):
    # given a person
    person = ChildFactory()

    # when a relationship to oneself with reversed dates is recorded
    with pytest.raises(ValidationError) as caught:
        services.relationship_create(
            actor=worker,
            person=person,
            other=person,
            kind=RelationshipKind.SIBLING_OF,
            valid_from=dt.date(2024, 1, 1),
            valid_until=dt.date(2023, 1, 1),
        )

    # then both mistakes are named and nothing is saved
    assert set(caught.value.message_dict) == {"other", "valid_until"}
    assert not Relationship.objects.exists()
    assert not AuditEntry.objects.exists()


def test_relationship_create_refuses_a_duplicate(worker):
    # given a recorded relationship
    relationship = RelationshipFactory(valid_from=dt.date(2020, 1, 1))

    # when the same one is recorded again
    with pytest.raises(ValidationError) as caught:
        services.relationship_create(
            actor=worker,
            person=relationship.person,
            other=relationship.other,
            kind=relationship.kind,
            valid_from=dt.date(2020, 1, 1),
        )

    # then it is refused
    assert caught.value.message_dict == {"kind": ["Sama suhde samasta päivästä alkaen on jo kirjattu."]}
    assert Relationship.objects.count() == 1


def test_relationship_end_stops_the_relationship_from_the_next_day(worker, frozen_now):
    # given an open guardianship
    relationship = RelationshipFactory(valid_from=dt.date(2020, 1, 1))

    # when it is ended today
    with frozen_now("2026-11-24T10:00+02:00"):
        services.relationship_end(actor=worker, relationship=relationship)

    # then it counts today but not tomorrow, and the ending is logged for both persons
    relationship.refresh_from_db()
    assert relationship.valid_until == dt.date(2026, 11, 24)
    assert relationship.is_active_on(dt.date(2026, 11, 24))
    assert not relationship.is_active_on(dt.date(2026, 11, 25))
    assert (
        AuditEntry.objects.filter(action=AuditAction.UPDATE, object_type="people.relationship").count() == 2
    )


def test_relationship_end_refuses_an_end_before_the_start(worker):
    # given a relationship that starts in 2024
    relationship = RelationshipFactory(valid_from=dt.date(2024, 1, 1))

    # when it would end in 2023
    with pytest.raises(ValidationError) as caught:
        services.relationship_end(actor=worker, relationship=relationship, valid_until=dt.date(2023, 12, 31))

    # then nothing changes
    assert caught.value.message_dict == {"valid_until": ["Päättymispäivä ei voi olla ennen alkamispäivää."]}
    relationship.refresh_from_db()
    assert relationship.valid_until is None
    assert not AuditEntry.objects.exists()


def test_household_create_with_members_logs_each_member(worker):
    # given a guardian and a child
    guardian, child = GuardianFactory(), ChildFactory()

    # when their household is recorded
    household = services.household_create(
        actor=worker, name="Virtanen", address="Ruokokatu 4, Kaislaharju", members=[guardian, child]
    )

    # then both are members, and the household and each membership are logged
    assert set(household.members.all()) == {guardian, child}
    assert AuditEntry.objects.filter(object_type="people.household", action=AuditAction.CREATE).count() == 1
    members_logged = AuditEntry.objects.filter(object_type="people.household", action=AuditAction.UPDATE)
    assert sorted(members_logged.values_list("person_id", flat=True)) == sorted([guardian.pk, child.pk])


def test_household_add_member_refuses_a_member_twice_and_keeps_the_household_whole(worker):
    # given a child
    child = ChildFactory()

    # when a household is created with the same child twice
    with pytest.raises(ValidationError) as caught:
        services.household_create(actor=worker, address="Ruokokatu 4", members=[child, child])

    # then the error names the members and nothing is half-saved
    assert caught.value.message_dict == {"members": ["Henkilö on jo tämän kotitalouden jäsen."]}
    assert not Household.objects.exists()
    assert not AuditEntry.objects.exists()


def test_household_needs_a_name_or_an_address(worker):
    # when both are empty
    with pytest.raises(ValidationError) as caught:
        services.household_create(actor=worker)

    # then it is refused
    assert caught.value.message_dict == {"address": ["Anna kotitaloudelle nimi tai osoite."]}


def test_household_add_and_remove_member(worker):
    # given a household with no members
    household = services.household_create(actor=worker, address="Ruokokatu 4")
    child = ChildFactory()

    # when a child moves in and out
    services.household_add_member(actor=worker, household=household, person=child)
    assert list(household.members.all()) == [child]
    services.household_remove_member(actor=worker, household=household, person=child)

    # then the household is empty again and both moves are in the child's log
    assert not household.members.exists()
    assert AuditEntry.objects.filter(person_id=child.pk).count() == 2
