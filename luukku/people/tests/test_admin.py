import datetime as dt

import pytest
from django.urls import reverse

from luukku.access.models import AccessBasis
from luukku.access.services import involvement_grant
from luukku.audit.models import AuditAction, AuditEntry
from luukku.core import identity
from luukku.core.factories import ChildFactory, GuardianFactory, ProfessionalFactory
from luukku.core.testing import login
from luukku.organisations.models import Role
from luukku.people.models import Household, Person, Relationship, RelationshipKind

pytestmark = pytest.mark.django_db

CODE = "020516C903K"


@pytest.fixture
def admin_client(client):
    administrator = ProfessionalFactory(
        username="paakayttaja", role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True
    )
    login(client, administrator)
    client.professional = administrator
    return client


def _on_caseload(admin_client, *persons):
    """Give the administrator a work-task basis on ``persons``: the admin shows only what the policy allows."""
    for person in persons:
        involvement_grant(
            actor=None,
            person=person,
            basis=AccessBasis.RESPONSIBLE_WORKER,
            professional=admin_client.professional,
        )


def test_person_list_shows_nobody_without_a_basis_even_to_a_superuser(admin_client):
    # given a child on no one's caseload
    child = ChildFactory(last_name="Piilossa")

    # when the administrator opens the person register and the child's page
    listing = admin_client.get(reverse("admin:people_person_changelist"))
    page = admin_client.get(reverse("admin:people_person_change", args=[child.pk]))

    # then the role alone shows no client data
    assert listing.status_code == 200
    assert "Piilossa" not in listing.content.decode()
    assert page.status_code in (302, 404)
    assert "Piilossa" not in page.content.decode()


def _person_form(**overrides):
    data = {
        "first_names": "Eetu",
        "last_name": "Virtanen",
        "identity_code": "",
        "birth_date": "",
        "expected_birth_date": "",
        "sex": "",
        "native_language": "fi",
        "nationality": "",
        "home_municipality": "",
        "address": "",
        "phone": "",
        "email": "",
        "deceased_on": "",
        "_save": "Tallenna",
    }
    data.update(overrides)
    return data


def test_person_list_never_shows_the_full_identity_code(admin_client):
    # given a child with a code
    child = ChildFactory(identity_code=CODE)
    _on_caseload(admin_client, child)

    # when the administrator opens the person list
    response = admin_client.get(reverse("admin:people_person_changelist"))

    # then the child is listed with only the birth-date part of the code
    content = response.content.decode()
    assert response.status_code == 200
    assert child.last_name in content
    assert "020516C****" in content
    assert CODE not in content


def test_searching_by_identity_code_finds_the_person_by_digest_and_logs_the_search(admin_client):
    # given two children
    wanted = ChildFactory(identity_code=CODE, last_name="Haettava")
    _on_caseload(admin_client, wanted, ChildFactory(last_name="Muu"))

    # when the administrator searches with the full code (lower case)
    response = admin_client.get(reverse("admin:people_person_changelist"), {"q": CODE.lower()})

    # then only that child is found, and the search is in the log without the code
    assert list(response.context["cl"].result_list) == [wanted]
    entry = AuditEntry.objects.get(action=AuditAction.SEARCH)
    assert CODE not in entry.summary


def test_searching_by_name_still_works(admin_client):
    # given two children
    _on_caseload(admin_client, ChildFactory(last_name="Haettava"), ChildFactory(last_name="Muu"))

    # when the administrator searches by last name
    response = admin_client.get(reverse("admin:people_person_changelist"), {"q": "haettava"})

    # then the child with that name is found
    assert [p.last_name for p in response.context["cl"].result_list] == ["Haettava"]


def test_adding_a_person_with_an_invalid_code_shows_the_finnish_message(admin_client):
    # when the administrator types a code with a wrong check character
    response = admin_client.post(
        reverse("admin:people_person_add"), _person_form(identity_code="020516C903L")
    )

    # then the form is shown again with the parser's message, and nothing is saved
    assert response.status_code == 200
    assert "Tarkistusmerkki ei täsmää: henkilötunnuksessa on kirjoitusvirhe." in response.content.decode()
    assert not Person.objects.exists()


def test_adding_a_person_with_a_duplicate_code_shows_the_duplicate_message(admin_client):
    # given a child with the code
    ChildFactory(identity_code=CODE)

    # when another person is added with it
    response = admin_client.post(reverse("admin:people_person_add"), _person_form(identity_code=CODE))

    # then the duplicate message is shown
    assert "Henkilö tällä henkilötunnuksella on jo rekisterissä." in response.content.decode()
    assert Person.objects.count() == 1


def test_adding_a_person_in_the_admin_goes_through_the_service_and_is_logged(admin_client):
    # when the administrator adds a child with a valid code
    response = admin_client.post(reverse("admin:people_person_add"), _person_form(identity_code=CODE))

    # then the child is saved with the code's birth date and the write is in the audit log
    assert response.status_code == 302
    person = Person.objects.get()
    assert person.identity_code == CODE
    assert person.birth_date == dt.date(2016, 5, 2)
    assert AuditEntry.objects.get(action=AuditAction.CREATE).person_id == person.pk


def test_adding_an_unborn_child_without_an_expected_date_is_refused(admin_client):
    # when an unborn child is added without the expected birth date
    response = admin_client.post(
        reverse("admin:people_person_add"), _person_form(first_names="", is_unborn="on")
    )

    # then the form says what is missing
    assert "Anna syntymättömän lapsen laskettu aika (LSL 25 c §)." in response.content.decode()
    assert not Person.objects.exists()


def test_changing_a_person_keeps_the_code_when_the_field_is_left_empty(admin_client):
    # given a child with a code
    child = ChildFactory(identity_code=CODE, first_names="Eetu", last_name="Virtanen")
    _on_caseload(admin_client, child)
    url = reverse("admin:people_person_change", args=[child.pk])

    # when the administrator opens the child and changes the address
    page = admin_client.get(url)
    response = admin_client.post(
        url,
        _person_form(
            first_names="Eetu",
            last_name="Virtanen",
            birth_date="2016-05-02",
            sex=child.sex,
            address="Ruokokatu 4",
        ),
    )

    # then the page showed only the masked code, the code is kept, and the read and the update are logged
    assert CODE not in page.content.decode()
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.address == "Ruokokatu 4"
    assert child.identity_code == CODE
    assert AuditEntry.objects.filter(person_id=child.pk, action=AuditAction.READ).count() == 1
    assert AuditEntry.objects.filter(person_id=child.pk, action=AuditAction.UPDATE).count() == 1


def test_persons_cannot_be_deleted_in_the_admin(admin_client):
    # given a child
    child = ChildFactory()

    # when the administrator tries the delete page
    response = admin_client.get(reverse("admin:people_person_delete", args=[child.pk]))

    # then it is refused and the child stays
    assert response.status_code == 403
    assert Person.objects.filter(pk=child.pk).exists()


def test_adding_a_relationship_in_the_admin_is_logged_for_both_persons(admin_client):
    # given a guardian and a child
    guardian, child = GuardianFactory(), ChildFactory()
    _on_caseload(admin_client, guardian, child)

    # when the administrator records the guardianship
    response = admin_client.post(
        reverse("admin:people_relationship_add"),
        {
            "person": guardian.pk,
            "kind": RelationshipKind.GUARDIAN_OF,
            "other": child.pk,
            "valid_from": "2020-01-01",
            "valid_until": "",
            "note": "",
            "_save": "Tallenna",
        },
    )

    # then the relationship exists and both persons' logs show it
    assert response.status_code == 302
    relationship = Relationship.objects.get()
    assert (relationship.person, relationship.other) == (guardian, child)
    logged = AuditEntry.objects.filter(object_type="people.relationship").values_list("person_id", flat=True)
    assert sorted(logged) == sorted([guardian.pk, child.pk])


def test_ending_a_relationship_in_the_admin_uses_relationship_end(admin_client):
    # given a guardianship
    guardian, child = GuardianFactory(), ChildFactory()
    _on_caseload(admin_client, guardian, child)
    relationship = Relationship.objects.create(
        person=guardian, other=child, kind=RelationshipKind.GUARDIAN_OF, valid_from=dt.date(2020, 1, 1)
    )

    # when the administrator sets its end date
    response = admin_client.post(
        reverse("admin:people_relationship_change", args=[relationship.pk]),
        {"valid_until": "2026-01-31", "_save": "Tallenna"},
    )

    # then it ends on that day and the ending is logged
    assert response.status_code == 302
    relationship.refresh_from_db()
    assert relationship.valid_until == dt.date(2026, 1, 31)
    assert (
        AuditEntry.objects.filter(action=AuditAction.UPDATE, object_type="people.relationship").count() == 2
    )


def test_adding_a_household_with_members_in_the_admin(admin_client):
    # given a guardian and a child
    guardian, child = GuardianFactory(), ChildFactory()
    _on_caseload(admin_client, guardian, child)

    # when the administrator records their household
    response = admin_client.post(
        reverse("admin:people_household_add"),
        {
            "name": "Virtanen",
            "address": "Ruokokatu 4",
            "municipality": "",
            "members": [guardian.pk, child.pk],
            "_save": "Tallenna",
        },
    )

    # then the household has both members and each joining is logged
    assert response.status_code == 302
    household = Household.objects.get()
    assert set(household.members.all()) == {guardian, child}
    joined = AuditEntry.objects.filter(object_type="people.household", action=AuditAction.UPDATE)
    assert sorted(joined.values_list("person_id", flat=True)) == sorted([guardian.pk, child.pk])


def test_the_digest_lookup_finds_a_person_by_code():
    # given a child with a code
    child = ChildFactory(identity_code=CODE)

    # when looked up by the keyed digest of the code in another spelling
    found = Person.objects.filter(identity_code_digest=identity.lookup_digest(f" {CODE.lower()} ")).first()

    # then it is the child
    assert found == child


def test_lookup_by_code_is_posted_and_opens_the_person_without_the_code_in_any_address(admin_client):
    # given a child with a code
    child = ChildFactory(identity_code=CODE)

    # when the administrator posts the code to the look-up form
    response = admin_client.post(reverse("admin:people_person_lookup"), {"identity_code": CODE.lower()})

    # then the child's page opens by its database id, and the search is logged for the child
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:people_person_change", args=[child.pk])
    assert CODE not in response["Location"]
    assert AuditEntry.objects.get(action=AuditAction.SEARCH).person_id == child.pk


def test_lookup_by_code_says_when_no_one_has_it_and_explains_an_invalid_code(admin_client):
    # given no one with the code
    url = reverse("admin:people_person_lookup")

    # when the administrator looks up an unknown code and then a mistyped one
    unknown = admin_client.post(url, {"identity_code": CODE})
    mistyped = admin_client.post(url, {"identity_code": "020516C903L"})

    # then each answer says what happened
    assert "Henkilöä tällä henkilötunnuksella ei ole rekisterissä." in unknown.content.decode()
    assert "Tarkistusmerkki ei täsmää" in mistyped.content.decode()


def test_the_person_list_links_to_the_lookup(admin_client):
    # when the administrator opens the person list
    response = admin_client.get(reverse("admin:people_person_changelist"))

    # then it offers the look-up by code
    assert reverse("admin:people_person_lookup") in response.content.decode()
