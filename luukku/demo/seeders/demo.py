"""``luukku seed demo``: the fictional Kaislaharju wellbeing services county, its demo logins and a population.

Loads, from ``luukku/demo/data/catalogue.json`` (a copy shipped with the project), the region as an
organisation of kind wellbeing_county, its six municipalities and its 25 organisations; adds demo units and one
demo login per role; and, once, a synthetic population of children (0–17) and young people (18–29) in families
with guardians, households and relationships. Everything is invented: identity codes come only from the
temporary/test range 900–999, names from Faker's fi_FI locale.

Deterministic for a given ``--seed`` within a calendar year (ages are counted from 1 January, so the same seed
gives the same names and identity codes on every fresh database), and idempotent: organisations, units and
logins are matched by their codes and usernames, and the population is loaded only when the ``DemoLoad`` marker
is absent. The load writes one audit row ("Demoaineisto ladattu"), not one per person.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass, field
from pathlib import Path
from time import monotonic
from typing import Any

from dateutil.relativedelta import relativedelta
from django.contrib.auth.models import Permission
from django.core.management.base import CommandError
from django.db import models, transaction
from faker import Faker

from luukku.audit.models import AuditAction
from luukku.audit.services import audit_record
from luukku.core import identity, time
from luukku.demo.models import DemoLoad
from luukku.demo.seeders import work
from luukku.intake.models import IntakeRouting
from luukku.organisations.models import (
    Municipality,
    Organisation,
    OrganisationKind,
    Professional,
    Role,
    Sector,
    Unit,
)
from luukku.people.models import Household, Person, Relationship, RelationshipKind

HELP = "Kaislaharjun demoalue: kunnat, organisaatiot, yksiköt, demotunnukset ja keksitty väestö."
TARGET = "demo"
CATALOGUE_PATH = Path(__file__).resolve().parent.parent / "data" / "catalogue.json"
DEMO_URL = "http://127.0.0.1:8000/"
# One shared, documented password for every demo login (docs/data-model.md, README). Demo only.
DEMO_PASSWORD = "Luukku-demo-2026"
DEFAULT_SEED = 2026
DEFAULT_CHILDREN = 300
COUNTY = "kaislaharju-hva"


@dataclass(frozen=True)
class DemoUnit:
    code: str
    organisation: str
    name_fi: str
    sector: str
    municipality: str = "kaislaharju"


DEMO_UNITS = [
    DemoUnit("hva-lastensuojelun-vastaanotto", COUNTY, "Lastensuojelun vastaanotto", Sector.CHILD_PROTECTION),
    DemoUnit("hva-perhesosiaalityo", COUNTY, "Lapsiperheiden sosiaalityö", Sector.SOCIAL_WORK),
    DemoUnit("hva-perheneuvo", COUNTY, "Perheneuvo", Sector.FAMILY_COUNSELLING),
    DemoUnit("hva-lastenneuvola", COUNTY, "Lastenneuvola", Sector.MATERNITY_CHILD_HEALTH),
    DemoUnit(
        "hva-opiskeluhuolto",
        COUNTY,
        "Opiskeluhuollon kuraattori- ja psykologipalvelut",
        Sector.SCHOOL_WELFARE,
    ),
    DemoUnit(
        "hva-perhepalvelujen-johto",
        COUNTY,
        "Lasten, nuorten ja perheiden palvelujen johto",
        Sector.ADMINISTRATION,
    ),
    DemoUnit("hva-tietohallinto", COUNTY, "Tietohallinto ja pääkäyttäjät", Sector.ADMINISTRATION),
    DemoUnit("kaislaharju-nuorisopalvelut", "kaislaharju-kaupunki", "Nuorisopalvelut", Sector.YOUTH_WORK),
    DemoUnit(
        "poliisi-lapsirikokset",
        "kaislaharjun-poliisilaitos",
        "Lapsiin kohdistuvien rikosten tutkintaryhmä",
        Sector.POLICE,
    ),
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    unit: str
    first_name: str
    last_name: str
    title: str
    qualified: bool = False


DEMO_LOGINS = [
    DemoLogin(
        "demo.perheneuvo", Role.FAMILY_COUNSELLOR, "hva-perheneuvo", "Helmi", "Kaislanen", "Perheneuvoja"
    ),
    DemoLogin(
        "demo.sosiaalityontekija",
        Role.SOCIAL_WORKER,
        "hva-lastensuojelun-vastaanotto",
        "Sanna",
        "Routanen",
        "Sosiaalityöntekijä",
        qualified=True,
    ),
    DemoLogin(
        "demo.kuraattori", Role.PROFESSIONAL, "hva-opiskeluhuolto", "Jari", "Tuulola", "Koulukuraattori"
    ),
    DemoLogin(
        "demo.poliisi", Role.POLICE, "poliisi-lapsirikokset", "Mikko", "Vaaranen", "Vanhempi rikoskonstaapeli"
    ),
    DemoLogin(
        "demo.esihenkilo", Role.MANAGER, "hva-perhepalvelujen-johto", "Leena", "Lumme", "Palvelujohtaja"
    ),
    DemoLogin("demo.paakayttaja", Role.ADMINISTRATOR, "hva-tietohallinto", "Pekka", "Haapala", "Pääkäyttäjä"),
]


def add_arguments(parser: Any) -> None:
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help="siemenluku; sama siemen antaa saman väestön"
    )
    parser.add_argument(
        "--children", type=int, default=DEFAULT_CHILDREN, help="keksittyjen alaikäisten lasten määrä"
    )
    parser.add_argument(
        "--no-work",
        action="store_true",
        help="älä lataa esimerkkivireilletuloja (vain väestö ja palveluluettelo)",
    )
    parser.add_argument(
        "--print-logins",
        action="store_true",
        help="tulosta vain osoite ja demotunnukset (ei lataa mitään)",
    )


def run(*, command: Any, seed: int = DEFAULT_SEED, children: int = DEFAULT_CHILDREN, **options: Any) -> None:
    if options.get("print_logins"):
        command.stdout.write(logins_table())
        return
    if children < 0:
        raise CommandError("--children ei voi olla negatiivinen.")
    started = monotonic()
    result = load(seed=seed, children=children, with_work=not options.get("no_work"))
    elapsed = monotonic() - started
    command.stdout.write(result.describe() + f" ({elapsed:.1f} s)")


# --- Loading ---------------------------------------------------------------------------------------------------


@dataclass
class LoadResult:
    municipalities: int = 0
    organisations: int = 0
    units: int = 0
    logins: int = 0
    population_loaded: bool = False
    seed: int = 0
    children: int = 0
    young_people: int = 0
    adults: int = 0
    without_code: int = 0
    households: int = 0
    relationships: int = 0
    services: int = 0
    intakes: int = 0

    def describe(self) -> str:
        head = (
            f"Demoalue: {self.municipalities} kuntaa, {self.organisations} organisaatiota, "
            f"{self.units} demoyksikköä, {self.logins} demotunnusta, {self.services} palvelua."
        )
        if not self.population_loaded:
            return head + f" Demoväestö on jo ladattu (siemen {self.seed}); henkilöitä ei lisätty."
        return head + (
            f" Demoväestö ladattu (siemen {self.seed}): {self.children} lasta (0–17 v), "
            f"{self.young_people} nuorta (18–29 v), {self.adults} huoltajaa, "
            f"{self.without_code} ilman henkilötunnusta, {self.households} kotitaloutta, "
            f"{self.relationships} suhdetta, {self.intakes} vireilletuloa eri käsittelyvaiheissa."
        )


def read_catalogue() -> dict[str, Any]:
    return json.loads(CATALOGUE_PATH.read_text(encoding="utf-8"))


def _upsert(model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any]) -> models.Model:
    """Create the row, or update only the fields that differ (a re-run writes nothing when nothing changed)."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        return model._default_manager.create(**lookup, **values)
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
    return obj


@transaction.atomic
def load(*, seed: int = DEFAULT_SEED, children: int = DEFAULT_CHILDREN, with_work: bool = True) -> LoadResult:
    catalogue = read_catalogue()
    result = LoadResult(seed=seed)
    municipalities = _load_municipalities(catalogue)
    organisations = _load_organisations(catalogue, municipalities)
    units = _load_units(organisations, municipalities)
    logins = _load_logins(units)
    _load_intake_routing(units)
    result.services = work.load_catalogue()
    result.municipalities, result.organisations = len(municipalities), len(organisations)
    result.units, result.logins = len(units), len(logins)

    marker = DemoLoad.objects.filter(target=TARGET).first()
    if marker is not None:
        result.seed = marker.seed
        return result
    population = generate_population(seed=seed, children=children, municipalities=municipalities)
    _save_population(population, result)
    if with_work:
        result.intakes = work.load_work(seed=seed, logins=logins)
    marker = DemoLoad.objects.create(target=TARGET, seed=seed, size=children)
    audit_record(
        actor=logins["demo.paakayttaja"],
        action=AuditAction.CREATE,
        obj=marker,
        summary="Demoaineisto ladattu",
        basis="demo",
        channel="command",
    )
    result.population_loaded = True
    return result


def _load_intake_routing(units: dict[str, Unit]) -> None:
    """Every intake in the demo county goes to the county's child-protection intake team (one default route)."""
    IntakeRouting.objects.update_or_create(
        is_default=True, municipality=None, defaults={"unit": units["hva-lastensuojelun-vastaanotto"]}
    )


def _load_municipalities(catalogue: dict[str, Any]) -> dict[str, Municipality]:
    loaded = {}
    for item in catalogue["region"]["municipalities"]:
        loaded[item["id"]] = _upsert(
            Municipality,
            {"code": item["id"]},
            {
                "name_fi": item["name_fi"],
                "name_sv": item.get("name_sv") or "",
                "kind": item.get("type") or "",
                "population": item.get("population"),
                "languages": list(item.get("languages") or []),
            },
        )
    return loaded  # type: ignore[return-value]


def _load_organisations(
    catalogue: dict[str, Any], municipalities: dict[str, Municipality]
) -> dict[str, Organisation]:
    region = catalogue["region"]
    county = _upsert(
        Organisation,
        {"code": region["id"]},
        {
            "name_fi": region["name_fi"],
            "name_sv": region.get("name_sv") or "",
            "kind": OrganisationKind.WELLBEING_COUNTY,
        },
    )
    loaded: dict[str, Organisation] = {region["id"]: county}  # type: ignore[dict-item]
    for item in catalogue["organisations"]:
        is_county = item["id"] == region["id"]
        values = {
            "name_fi": item["name_fi"],
            "name_sv": item.get("name_sv") or "",
            "kind": item["kind"],
            "web": item.get("web") or "",
            "note_fi": item.get("note_fi") or "",
            "wellbeing_county": None if item["kind"] == OrganisationKind.WELLBEING_COUNTY else county,
        }
        organisation = _upsert(Organisation, {"code": item["id"]}, values)
        wanted = {municipalities[code].pk for code in item.get("municipalities", [])}
        if set(organisation.municipalities.values_list("pk", flat=True)) != wanted:  # type: ignore[attr-defined]
            organisation.municipalities.set(wanted)  # type: ignore[attr-defined]
        loaded[item["id"]] = organisation  # type: ignore[assignment]
        if is_county:
            county = organisation  # type: ignore[assignment]
    return loaded


def _load_units(
    organisations: dict[str, Organisation], municipalities: dict[str, Municipality]
) -> dict[str, Unit]:
    return {
        unit.code: _upsert(  # type: ignore[misc]
            Unit,
            {"code": unit.code},
            {
                "organisation": organisations[unit.organisation],
                "name_fi": unit.name_fi,
                "sector": str(unit.sector),
                "municipality": municipalities[unit.municipality],
                "is_active": True,
            },
        )
        for unit in DEMO_UNITS
    }


def _load_logins(units: dict[str, Unit]) -> dict[str, Professional]:
    loaded = {}
    manager_permissions = list(
        Permission.objects.filter(content_type__app_label="organisations", codename__startswith="view_")
    )
    for login in DEMO_LOGINS:
        unit = units[login.unit]
        user = Professional.objects.filter(username=login.username).first()
        values = {
            "first_name": login.first_name,
            "last_name": login.last_name,
            "email": f"{login.username}@kaislahva.example",
            "unit": unit,
            "role": str(login.role),
            "sector": unit.sector,
            "title": login.title,
            "social_worker_qualified": login.qualified,
            "is_staff": login.role in {Role.MANAGER, Role.ADMINISTRATOR},
            "is_superuser": login.role == Role.ADMINISTRATOR,
            "is_active": True,
        }
        if user is None:
            user = Professional(username=login.username, **values)
            user.set_password(DEMO_PASSWORD)
            user.save()
        else:
            user = _upsert(Professional, {"username": login.username}, values)  # type: ignore[assignment]
        if login.role == Role.MANAGER and set(user.user_permissions.all()) != set(manager_permissions):
            # The manager may look at the organisation register in the admin but change nothing.
            user.user_permissions.set(manager_permissions)
        loaded[login.username] = user
    return loaded


# --- The synthetic population ----------------------------------------------------------------------------------

FOREIGN_FIRST_NAMES = {
    "female": ["Olena", "Daryna", "Sofiia", "Mariia", "Anastasiia"],
    "male": ["Bohdan", "Mykola", "Artem", "Oleksandr", "Maksym"],
}
FOREIGN_LAST_NAMES = ["Kovalenko", "Shevchenko", "Bondarenko", "Tkachenko", "Melnyk"]


@dataclass
class SynthPerson:
    key: int
    first_names: str
    last_name: str
    sex: str
    birth_date: dt.date | None
    code: str = ""
    is_unborn: bool = False
    expected_birth_date: dt.date | None = None
    municipality: str = ""
    address: str = ""
    nationality: str = ""
    native_language: str = "fi"
    is_adult_guardian: bool = False


@dataclass
class SynthHousehold:
    name: str
    address: str
    municipality: str
    members: list[int] = field(default_factory=list)


@dataclass
class Population:
    persons: list[SynthPerson] = field(default_factory=list)
    households: list[SynthHousehold] = field(default_factory=list)
    relationships: list[tuple[int, str, int]] = field(default_factory=list)

    def fingerprint(self) -> list[tuple[str, str, str]]:
        return sorted((p.first_names, p.last_name, p.code) for p in self.persons)


class _Generator:
    def __init__(self, seed: int, municipalities: dict[str, Municipality]) -> None:
        self.rng = random.Random(seed)
        self.fake = Faker("fi_FI")
        self.fake.seed_instance(seed)
        self.reference = dt.date(time.today().year, 1, 1)
        self.today = time.today()
        self.municipality_codes = sorted(municipalities)
        self.municipality_names = {code: m.name_fi for code, m in municipalities.items()}
        self.weights = [municipalities[code].population or 1 for code in self.municipality_codes]
        self.codes: set[str] = set()
        self.population = Population()

    def birth_date(self, age: int) -> dt.date:
        """A birth date on which the person is ``age`` years old on 1 January of this year."""
        latest = self.reference - relativedelta(years=age)
        return latest - dt.timedelta(days=self.rng.randrange(1, 365))

    def identity_code(self, birth_date: dt.date, sex: str) -> str:
        sign = "A" if birth_date.year >= 2000 else "-"
        for _attempt in range(200):
            # Only the temporary/test range 900–999; odd individual number = male, even = female.
            number = 900 + 2 * self.rng.randrange(50) + (1 if sex == "male" else 0)
            code = identity.build(birth_date, number, sign=sign)
            if code not in self.codes:
                self.codes.add(code)
                return code
        raise CommandError("Vapaita testitunnuksia ei löytynyt; pienennä --children-arvoa.")

    def person(
        self, *, last_name: str, age: int, with_code: bool = True, foreign: bool = False
    ) -> SynthPerson:
        sex = self.rng.choice(["female", "male"])
        if foreign:
            first = self.rng.choice(FOREIGN_FIRST_NAMES[sex])
        else:
            first = self.fake.first_name_female() if sex == "female" else self.fake.first_name_male()
            if self.rng.random() < 0.6:
                second = self.fake.first_name_female() if sex == "female" else self.fake.first_name_male()
                if second != first:
                    first = f"{first} {second}"
        birth = self.birth_date(age)
        person = SynthPerson(
            key=len(self.population.persons),
            first_names=first,
            last_name=last_name,
            sex=sex,
            birth_date=birth,
            code=self.identity_code(birth, sex) if with_code else "",
            nationality="Ukraina" if foreign else "",
            native_language="uk" if foreign else "fi",
        )
        self.population.persons.append(person)
        return person

    def household(self, name: str, municipality: str, members: list[SynthPerson]) -> SynthHousehold:
        address = (
            f"{self.fake.street_address()}, {self.fake.postcode()} {self.municipality_names[municipality]}"
        )
        household = SynthHousehold(name=name, address=address, municipality=municipality)
        for member in members:
            member.address, member.municipality = address, municipality
            household.members.append(member.key)
        self.population.households.append(household)
        return household

    def relate(self, person: SynthPerson, kind: str, other: SynthPerson) -> None:
        self.population.relationships.append((person.key, kind, other.key))

    def family(self, number: int) -> tuple[int, int]:
        """One family; returns (minors, young people) made."""
        municipality = self.rng.choices(self.municipality_codes, weights=self.weights)[0]
        foreign = number % 45 == 17
        surname = self.rng.choice(FOREIGN_LAST_NAMES) if foreign else self.fake.last_name()
        kid_count = self.rng.choices([1, 2, 3, 4, 5], weights=[34, 38, 18, 7, 3])[0]
        # Ages on 1 January: minors 0–16 and young people 18–28 stay 0–17 and 18–29 all year.
        ages = sorted(
            (self.rng.randint(0, 16) if self.rng.random() < 0.82 else self.rng.randint(18, 28))
            for _kid in range(kid_count)
        )
        eldest = ages[-1]
        guardian_count = 1 if self.rng.random() < 0.3 else 2
        guardians = []
        for index in range(guardian_count):
            parent_surname = surname if index == 0 or self.rng.random() < 0.7 else self.fake.last_name()
            guardian = self.person(
                last_name=parent_surname,
                age=min(eldest + self.rng.randint(21, 38), 64),
                with_code=not foreign,
                foreign=foreign,
            )
            guardian.is_adult_guardian = True
            guardians.append(guardian)
        kids = [
            self.person(last_name=surname, age=age, with_code=not foreign, foreign=foreign) for age in ages
        ]

        separated = guardian_count == 2 and self.rng.random() < 0.25
        home_adults = guardians[:1] if separated else guardians
        # Minors live with the (first) guardian; about half of the young adults still live at home.
        at_home = [kid for kid in kids if self._age(kid) < 18 or self.rng.random() < 0.5]
        self.household(f"{surname} (perhe)", municipality, [*home_adults, *at_home])
        if separated:
            other_municipality = self.rng.choices(self.municipality_codes, weights=self.weights)[0]
            self.household(guardians[1].last_name, other_municipality, [guardians[1]])
        for kid in kids:
            if kid not in at_home:
                self.household(kid.last_name, municipality, [kid])

        if number % 60 == 5:
            unborn = SynthPerson(
                key=len(self.population.persons),
                first_names="",
                last_name=surname,
                sex="",
                birth_date=None,
                is_unborn=True,
                expected_birth_date=self.today + dt.timedelta(days=self.rng.randint(30, 200)),
            )
            self.population.persons.append(unborn)
            self.relate(guardians[0], RelationshipKind.PARENT_OF, unborn)

        for guardian in guardians:
            for kid in kids:
                self.relate(guardian, RelationshipKind.PARENT_OF, kid)
                if self._age(kid) < 18:
                    self.relate(guardian, RelationshipKind.GUARDIAN_OF, kid)
        for kid in kids:
            for sibling in kids:
                if kid is not sibling:
                    self.relate(kid, RelationshipKind.SIBLING_OF, sibling)
            if kid in at_home:
                for adult in home_adults:
                    self.relate(kid, RelationshipKind.LIVES_WITH, adult)
        minors = sum(1 for kid in kids if self._age(kid) < 18)
        return minors, len(kids) - minors

    def young_person_alone(self) -> None:
        municipality = self.rng.choices(self.municipality_codes, weights=self.weights)[0]
        person = self.person(last_name=self.fake.last_name(), age=self.rng.randint(18, 28))
        self.household(person.last_name, municipality, [person])

    def _age(self, person: SynthPerson) -> int:
        assert person.birth_date is not None
        return relativedelta(self.reference, person.birth_date).years


def generate_population(*, seed: int, children: int, municipalities: dict[str, Municipality]) -> Population:
    """The synthetic families, in memory: deterministic for ``seed`` within one calendar year."""
    generator = _Generator(seed, municipalities)
    minors = young = number = 0
    while minors < children:
        made_minors, made_young = generator.family(number)
        minors, young, number = minors + made_minors, young + made_young, number + 1
    for _single in range(children // 8):
        generator.young_person_alone()
    return generator.population


def _save_population(population: Population, result: LoadResult) -> None:
    digests = {identity.lookup_digest(p.code) for p in population.persons if p.code}
    if Person.objects.filter(identity_code_digest__in=digests).exists():
        raise CommandError(
            "Demoväestön henkilötunnuksia on jo tietokannassa, mutta latausmerkintä puuttuu: "
            "tyhjennä tietokanta (luukku flush) ennen uutta latausta."
        )
    municipalities = {m.code: m for m in Municipality.objects.all()}
    rows = []
    for synth in population.persons:
        person = Person(
            first_names=synth.first_names,
            last_name=synth.last_name,
            birth_date=synth.birth_date,
            is_unborn=synth.is_unborn,
            expected_birth_date=synth.expected_birth_date,
            sex=synth.sex,
            native_language=synth.native_language,
            nationality=synth.nationality,
            home_municipality=municipalities.get(synth.municipality),
            address=synth.address,
            is_synthetic=True,
        )
        if synth.code:
            person.set_identity_code(synth.code)
        rows.append(person)
    persons = Person.objects.bulk_create(rows, batch_size=500)
    households = Household.objects.bulk_create(
        [
            Household(name=h.name, address=h.address, municipality=municipalities[h.municipality])
            for h in population.households
        ],
        batch_size=500,
    )
    through = Household.members.through
    through.objects.bulk_create(
        [
            through(household_id=household.pk, person_id=persons[key].pk)
            for household, synth in zip(households, population.households, strict=True)
            for key in synth.members
        ],
        batch_size=1000,
    )
    Relationship.objects.bulk_create(
        [
            Relationship(person_id=persons[a].pk, kind=kind, other_id=persons[b].pk)
            for a, kind, b in population.relationships
        ],
        batch_size=1000,
    )
    reference = dt.date(time.today().year, 1, 1)
    for synth in population.persons:
        if synth.is_adult_guardian:
            result.adults += 1
        elif synth.birth_date is not None:
            age = relativedelta(reference, synth.birth_date).years
            if age < 18:
                result.children += 1
            else:
                result.young_people += 1
        if not synth.code:
            result.without_code += 1
    result.households = len(households)
    result.relationships = len(population.relationships)


def logins_table() -> str:
    """The URL and one line per demo login: username, role, organisation, password."""
    users = {
        user.username: user
        for user in Professional.objects.filter(username__in=[login.username for login in DEMO_LOGINS])
    }
    rows = [("Käyttäjätunnus", "Rooli", "Organisaatio", "Salasana")]
    for login in DEMO_LOGINS:
        user = users.get(login.username)
        if user is None:
            continue
        organisation = user.organisation.name_fi if user.organisation else "–"
        rows.append((login.username, str(user.get_role_display()), organisation, DEMO_PASSWORD))
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    lines = [DEMO_URL, ""]
    for row in rows:
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines)
