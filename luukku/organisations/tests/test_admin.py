import pytest
from django.urls import reverse

from luukku.core.factories import MunicipalityFactory, OrganisationFactory, ProfessionalFactory, UnitFactory
from luukku.core.testing import login
from luukku.organisations.models import Organisation, Professional, Role, Sector

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    administrator = ProfessionalFactory(
        username="paakayttaja", role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True
    )
    return login(client, administrator)


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:organisations_municipality_changelist",
        "admin:organisations_organisation_changelist",
        "admin:organisations_unit_changelist",
        "admin:organisations_professional_changelist",
        "admin:organisations_municipality_add",
        "admin:organisations_organisation_add",
        "admin:organisations_unit_add",
        "admin:organisations_professional_add",
    ],
)
def test_register_pages_open_in_finnish(admin_client, url_name):
    # given some registers with rows
    UnitFactory()

    # when the administrator opens the page
    response = admin_client.get(reverse(url_name))

    # then it answers in Finnish
    assert response.status_code == 200
    assert '<html lang="fi"' in response.content.decode()


def test_organisation_page_shows_its_units_inline(admin_client):
    # given an organisation with a unit
    unit = UnitFactory(name_fi="Lastensuojelun vastaanotto")

    # when the administrator opens the organisation
    response = admin_client.get(
        reverse("admin:organisations_organisation_change", args=[unit.organisation.pk])
    )

    # then the unit is shown in the organisation's units
    content = response.content.decode()
    assert response.status_code == 200
    assert "Lastensuojelun vastaanotto" in content
    assert "yksiköt" in content.lower()


def test_organisation_with_units_is_saved_with_a_new_unit_inline(admin_client):
    # given a municipality
    municipality = MunicipalityFactory(code="routavesi", name_fi="Routavesi")

    # when the administrator adds an organisation with one unit
    response = admin_client.post(
        reverse("admin:organisations_organisation_add"),
        {
            "code": "routavesi-kaupunki",
            "name_fi": "Routaveden kaupunki",
            "name_sv": "",
            "kind": "municipality",
            "business_id": "",
            "wellbeing_county": "",
            "municipalities": [municipality.pk],
            "web": "",
            "note_fi": "",
            "units-TOTAL_FORMS": "1",
            "units-INITIAL_FORMS": "0",
            "units-MIN_NUM_FORMS": "0",
            "units-MAX_NUM_FORMS": "1000",
            "units-0-code": "routavesi-nuoriso",
            "units-0-name_fi": "Nuorisopalvelut",
            "units-0-sector": Sector.YOUTH_WORK,
            "units-0-municipality": municipality.pk,
            "units-0-parent": "",
            "units-0-is_active": "on",
            "_save": "Tallenna",
        },
    )

    # then the organisation and its unit exist
    assert response.status_code == 302
    organisation = Organisation.objects.get(code="routavesi-kaupunki")
    assert [u.name_fi for u in organisation.units.all()] == ["Nuorisopalvelut"]
    assert list(organisation.municipalities.all()) == [municipality]


def test_professional_is_added_with_unit_and_role(admin_client):
    # given a unit
    unit = UnitFactory(organisation=OrganisationFactory(name_fi="Kaislaharjun hyvinvointialue"))

    # when the administrator adds a social worker
    response = admin_client.post(
        reverse("admin:organisations_professional_add"),
        {
            "username": "sanna.sosiaalityontekija",
            "password1": "Pitka-ja-vahva-salasana-42",
            "password2": "Pitka-ja-vahva-salasana-42",
            "first_name": "Sanna",
            "last_name": "Routanen",
            "email": "",
            "unit": unit.pk,
            "role": Role.SOCIAL_WORKER,
            "sector": Sector.CHILD_PROTECTION,
            "title": "Sosiaalityöntekijä",
            "social_worker_qualified": "on",
            "_save": "Tallenna",
        },
    )

    # then the professional can log in to that unit with that role
    assert response.status_code == 302
    professional = Professional.objects.get(username="sanna.sosiaalityontekija")
    assert professional.unit == unit
    assert professional.role == Role.SOCIAL_WORKER
    assert professional.social_worker_qualified is True
    assert professional.check_password("Pitka-ja-vahva-salasana-42")


def test_professional_list_shows_role_and_unit(admin_client):
    # given a police officer
    ProfessionalFactory(username="poliisi1", role=Role.POLICE, unit=UnitFactory(name_fi="Tutkintaryhmä"))

    # when the administrator opens the professional list
    response = admin_client.get(reverse("admin:organisations_professional_changelist"))

    # then the Finnish role label and the unit are shown
    content = response.content.decode()
    assert "Poliisi" in content
    assert "Tutkintaryhmä" in content


def test_non_staff_professional_cannot_open_the_admin(client):
    # given a social worker without staff rights
    login(client, ProfessionalFactory(role=Role.SOCIAL_WORKER))

    # when they open the organisation list
    response = client.get(reverse("admin:organisations_organisation_changelist"))

    # then they are sent to the admin login
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
