import hashlib
import re
from io import StringIO

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from luukku.audit.models import AuditEntry
from luukku.catalogue.models import Service
from luukku.catalogue.search import search
from luukku.core import identity
from luukku.core.testing import login
from luukku.demo.models import DemoLoad
from luukku.demo.seeders import demo
from luukku.intake.models import Intake
from luukku.organisations.models import Municipality, Organisation, OrganisationKind, Professional, Role, Unit
from luukku.people.models import Household, Person, Relationship, RelationshipKind

pytestmark = pytest.mark.django_db


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed", "demo", *args, stdout=out)
    return out.getvalue()


def population_fingerprint() -> str:
    rows = sorted(
        (p.first_names, p.last_name, p.identity_code, str(p.birth_date)) for p in Person.objects.all()
    )
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def row_counts() -> dict[str, int]:
    tables = set(connection.introspection.table_names())
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.db_table in tables
    }


def test_seed_demo_loads_the_region_its_organisations_and_municipalities():
    # when the demo is loaded with the defaults
    output = seed()

    # then the six municipalities carry the region data
    assert sorted(Municipality.objects.values_list("code", flat=True)) == sorted(
        ["kaislaharju", "routavesi", "tuulisaari", "lummeniemi", "vaaramaki", "haapasalmi"]
    )
    tuulisaari = Municipality.objects.get(code="tuulisaari")
    assert (tuulisaari.name_sv, tuulisaari.kind, tuulisaari.population) == ("Vindholm", "kunta", 16800)
    assert tuulisaari.languages == ["fi", "sv"]
    # and the 25 organisations, the county among them, with the municipalities they serve
    assert Organisation.objects.count() == 25
    county = Organisation.objects.get(code="kaislaharju-hva")
    assert county.kind == OrganisationKind.WELLBEING_COUNTY
    assert county.name_fi == "Kaislaharjun hyvinvointialue"
    assert county.municipalities.count() == 6
    routavesi = Organisation.objects.get(code="routavesi-kaupunki")
    assert routavesi.wellbeing_county == county
    assert sorted(routavesi.municipalities.values_list("code", flat=True)) == ["routavesi", "vaaramaki"]
    assert "Vaaramäelle" in routavesi.note_fi
    assert not Organisation.objects.exclude(kind=OrganisationKind.WELLBEING_COUNTY).filter(
        wellbeing_county__isnull=True
    )
    # and the demo units
    assert Unit.objects.get(code="hva-lastensuojelun-vastaanotto").name_fi == "Lastensuojelun vastaanotto"
    assert Unit.objects.filter(organisation=county, name_fi="Perheneuvo").exists()
    # and the command says what it loaded
    assert "6 kuntaa" in output and "25 organisaatiota" in output


def test_seed_demo_creates_one_login_per_role():
    # when the demo is loaded
    seed("--children", "10")

    # then every role has a demo login with the shared password
    logins = {p.role: p for p in Professional.objects.filter(username__startswith="demo.")}
    assert set(logins) == set(Role.values)
    assert all(user.check_password(demo.DEMO_PASSWORD) for user in logins.values())
    assert len(demo.DEMO_PASSWORD) >= 12
    assert logins[Role.SOCIAL_WORKER].username == "demo.sosiaalityontekija"
    assert logins[Role.SOCIAL_WORKER].social_worker_qualified is True
    # and only the administrator is a superuser; the manager is staff who may only view the registers
    assert logins[Role.ADMINISTRATOR].is_superuser and logins[Role.ADMINISTRATOR].is_staff
    manager = logins[Role.MANAGER]
    assert manager.is_staff and not manager.is_superuser
    assert manager.has_perm("organisations.view_organisation")
    assert not manager.has_perm("organisations.change_organisation")
    assert not any(
        user.is_staff for role, user in logins.items() if role not in {Role.MANAGER, Role.ADMINISTRATOR}
    )


def test_seed_demo_creates_synthetic_families_with_test_range_codes_only():
    # when the demo is loaded with 60 children
    output = seed("--seed", "11", "--children", "60", "--no-work")

    # then there are at least 60 minors and some young people, all synthetic
    persons = list(Person.objects.all())
    ages = [p.age for p in persons if p.birth_date]
    assert sum(1 for age in ages if age < 18) >= 60
    assert any(18 <= age <= 29 for age in ages)
    assert all(p.is_synthetic for p in persons)
    # and every identity code is valid, unique and in the 900–999 range
    codes = [p.identity_code for p in persons if p.identity_code_digest]
    assert len(codes) == len(set(codes))
    parsed = [identity.parse(code) for code in codes]
    assert all(code.is_temporary for code in parsed)
    # and a few persons have no code: an unborn child with an expected birth date, a foreign child with a birth date
    unborn = Person.objects.get(is_unborn=True)
    assert unborn.expected_birth_date is not None and unborn.identity_code_digest == ""
    assert Person.objects.filter(
        identity_code_digest="", birth_date__isnull=False, nationality="Ukraina"
    ).exists()
    # and the families hang together: guardians, parents, siblings, households with addresses
    kinds = set(Relationship.objects.values_list("kind", flat=True))
    assert {
        RelationshipKind.GUARDIAN_OF,
        RelationshipKind.PARENT_OF,
        RelationshipKind.SIBLING_OF,
        RelationshipKind.LIVES_WITH,
    } <= kinds
    for relationship in Relationship.objects.filter(kind=RelationshipKind.GUARDIAN_OF).select_related(
        "other"
    ):
        assert relationship.other.age < 18
    household = Household.objects.filter(members__isnull=False).first()
    assert household.municipality.name_fi in household.address
    assert Person.objects.filter(households__isnull=True, is_unborn=False).count() == 0
    # and one audit row records the load
    entry = AuditEntry.objects.get()
    assert entry.summary == "Demoaineisto ladattu"
    assert entry.action == "create"
    assert "Demoväestö ladattu (siemen 11)" in output


def test_the_same_seed_gives_the_same_children_and_another_seed_different_ones():
    # given the demo loaded once with seed 5
    seed("--seed", "5", "--children", "40", "--no-work")
    first = population_fingerprint()

    # when the population is removed and loaded again with the same seed, then with another one
    def clear_population():
        Relationship.objects.all().delete()
        Household.objects.all().delete()
        Person.objects.all().delete()
        DemoLoad.objects.all().delete()

    clear_population()
    seed("--seed", "5", "--children", "40", "--no-work")
    second = population_fingerprint()
    clear_population()
    seed("--seed", "6", "--children", "40", "--no-work")
    third = population_fingerprint()

    # then the same seed gives the same names and codes, another seed different ones
    assert first == second
    assert first != third


def test_a_second_seed_adds_no_rows():
    # given the demo loaded once
    seed("--seed", "3", "--children", "30")
    before = row_counts()

    # when it is loaded again (even with another seed)
    output = seed("--seed", "4", "--children", "30")

    # then no table grows and the command says the population was already there
    assert row_counts() == before
    assert "Demoväestö on jo ladattu (siemen 3)" in output


def test_print_logins_prints_the_url_and_the_login_table_only():
    # given the demo loaded
    seed("--children", "5")

    # when the logins are printed
    output = seed("--print-logins")

    # then the URL comes first and then one line per role with the password, nothing else
    lines = [line for line in output.splitlines() if line.strip()]
    assert lines[0] == "http://127.0.0.1:8000/"
    assert lines[1].split() == ["Käyttäjätunnus", "Rooli", "Organisaatio", "Salasana"]
    assert len(lines) == 2 + len(Role.values)
    for login_def in demo.DEMO_LOGINS:
        line = next(line for line in lines if line.startswith(login_def.username + " "))
        assert demo.DEMO_PASSWORD in line
        assert str(Role(login_def.role).label) in line
    assert "Kaislaharjun poliisilaitos" in output


def test_an_unknown_seed_target_names_the_targets_that_exist():
    # when an unknown target is asked for
    with pytest.raises(CommandError) as caught:
        call_command("seed", "national-made-up")

    # then the error lists the known targets
    assert "demo" in str(caught.value)


@pytest.mark.parametrize("login_def", demo.DEMO_LOGINS, ids=lambda login_def: login_def.username)
def test_every_demo_role_sees_its_organisation_and_role_on_the_start_page(client, login_def):
    # given the demo loaded
    seed("--children", "5")
    user = Professional.objects.get(username=login_def.username)

    # when the demo user logs in and opens the start page
    login(client, user)
    response = client.get("/")

    # then the page names the organisation, the unit and the Finnish role, and lists what to do next
    content = response.content.decode()
    assert response.status_code == 200
    assert user.unit.organisation.name_fi in content
    assert user.unit.name_fi in content
    assert str(Role(login_def.role).label) in content
    assert 'data-testid="next-steps"' in content
    # and every link among the next steps opens for this user
    section = content.split('data-testid="next-steps"', 1)[1].split("</ul>", 1)[0]
    for href in re.findall(r'href="([^"]+)"', section):
        assert client.get(href).status_code == 200, href


def test_every_admin_changelist_opens_for_the_demo_administrator(client):
    # given the demo loaded and its administrator logged in
    seed("--children", "20")
    login(client, Professional.objects.get(username="demo.paakayttaja"))

    # when each registered model's list is opened
    statuses = {
        model._meta.label: client.get(
            reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        ).status_code
        for model in admin.site._registry
    }

    # then every one answers
    assert statuses
    assert set(statuses.values()) == {200}, statuses


def test_the_demo_manager_can_view_but_not_change_the_organisation_register(client):
    # given the demo loaded and its manager logged in
    seed("--children", "5")
    login(client, Professional.objects.get(username="demo.esihenkilo"))

    # when the manager opens the organisation list and the add page
    listing = client.get(reverse("admin:organisations_organisation_changelist"))
    adding = client.get(reverse("admin:organisations_organisation_add"))
    persons = client.get(reverse("admin:people_person_changelist"))

    # then the list opens, but adding and the person register are refused
    assert listing.status_code == 200
    assert "Kaislaharjun hyvinvointialue" in listing.content.decode()
    assert adding.status_code == 403
    assert persons.status_code == 403


def test_the_demo_social_worker_finds_intakes_at_every_stage_and_the_catalogue_is_searchable(client):
    # given the demo loaded with its work in progress
    seed("--seed", "3", "--children", "60")
    worker = Professional.objects.get(username="demo.sosiaalityontekija")

    # when the social worker opens the team's work tray
    login(client, worker)
    tray = client.get(reverse("intake:team"))

    # then intakes are waiting, some handled: assigned, urgency assessed, assessments started, closed
    assert tray.status_code == 200
    intakes = Intake.objects.all()
    assert intakes.count() == 24
    assert intakes.filter(assigned_to__isnull=True).exists()
    assert intakes.filter(urgency_assessed_at__isnull=False, outcome="").exists()
    assert intakes.filter(outcome="pta_started").exists()
    assert intakes.filter(outcome="closed_unnecessary").exists()
    open_one = intakes.filter(outcome="").first()
    assert open_one.receipt_number in tray.content.decode()
    # and the family centre's catalogue is loaded and searchable
    assert Service.objects.count() == 110
    assert search(text="perhekahvila vauvan kanssa", limit=5)
    # and the log chain that all this wrote is intact
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    assert "ehjä" in out.getvalue()


def test_demo_intakes_count_for_the_demo_county_on_the_managers_dashboard():
    from luukku.intake.models import Intake
    from luukku.statistics.scope import statistics_county

    # given the demo region, where a university hospital is registered with the county kind too
    seed()
    manager = Professional.objects.get(username="demo.esihenkilo")
    county = statistics_county(manager)
    # then every demo intake is counted for the county the manager leads, not the hospital
    assert county.code == "kaislaharju-hva"
    assert Intake.objects.count() == Intake.objects.filter(wellbeing_county=county).count() > 0
