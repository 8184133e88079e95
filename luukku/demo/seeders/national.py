"""``luukku seed national``: the whole country as synthetic data, for the indicators and the THL report at scale.

Generates the 21 wellbeing services counties and Helsinki (``Organisation`` of kind wellbeing_county, code prefix
``nat-``), about 300 invented municipalities linked to them, one child-protection intake unit, social-work teams,
social workers and a manager per county, a child population (``Person``, ``is_synthetic``) and ``--years`` years
of intakes (vireilletulot, LSL 25 §, SHL 35 §) ending today, with their decisions, the service-need assessments
they started (palvelutarpeen arviointi, SHL 36 §, LSL 26 §) and the involvements of the cases still open; and the
family centre: contacts through the one contact channel (yhteydenotot perheneuvoon), short multi-agency
interventions with their sessions, a small costed service catalogue per county and client plans (asiakassuunnitelma,
SHL 39 §) with actions on those services after the completed assessments.

Scale 1.0 is the real country: about 1.1 million children under 18 and 230 000 child-protection notifications a
year on about 115 000 children (DOMAIN.md §6). The rows are written in bulk (``executemany`` on SQLite, ``COPY``
on PostgreSQL) with explicit primary keys, without the per-row services and without per-row audit: the run
writes one audit row. Deterministic for ``--seed`` on a given day (the window ends today). The children have no
identity codes (docs/national-seed.md explains why). A second run refuses and writes nothing.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import json
import math
import random
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from time import monotonic
from typing import Any

from dateutil.relativedelta import relativedelta
from django.contrib.auth.hashers import make_password
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from faker.providers.person.fi_FI import Provider as FinnishNames

from luukku.access.models import AccessBasis, Involvement
from luukku.assessment.models import (
    Assessment,
    AssessmentIntake,
    AssessmentIntakeRole,
    AssessmentOutcome,
    AssessmentStatus,
    InterventionResult,
    InterventionSession,
    ShortIntervention,
)
from luukku.audit.models import AuditAction
from luukku.audit.services import audit_record
from luukku.catalogue import selectors as catalogue_selectors
from luukku.catalogue.models import CostBasis, Level, Service, TargetGroup
from luukku.catalogue.services import search_document_sync
from luukku.contact.models import Contact, ContactStatus, PreferredLanguage, Route, WhoWorried
from luukku.contact.services import answer_hours, contact_promised_by
from luukku.core import calendar, deadlines, time
from luukku.demo.models import DemoLoad
from luukku.intake.models import (
    Channel,
    FamilyKnows,
    Intake,
    IntakeKind,
    IntakeRouting,
    IntakeStatus,
    NotifierSector,
    Outcome,
    PoliceNotified,
    ReceiptCounter,
)
from luukku.organisations.models import (
    Municipality,
    Organisation,
    OrganisationKind,
    Professional,
    Role,
    Sector,
    Unit,
)
from luukku.people.models import Person
from luukku.plans.models import Plan, PlanAction, PlanStatus, PlanVersion
from luukku.plans.versions import SNAPSHOT_FORMAT

HELP = "Koko maan synteettinen aineisto: hyvinvointialueet, kunnat, työntekijät, lapset, vireilletulot ja arvioinnit."
TARGET = "national"
CODE_PREFIX = "nat-"
USERNAME_PREFIX = "nat."
DEFAULT_SCALE = 0.01
DEFAULT_YEARS = 10
DEFAULT_SEED = 2026
# Receipt numbers as luukku.intake.services._next_receipt_number makes them: LS-2026-000123.
RECEIPT_PREFIX = "LS"
INTAKE_SOURCE = "intake.Intake"
ASSESSMENT_SOURCE = "assessment.Assessment"

# --- Calibration (DOMAIN.md §6), national figures at scale 1.0 ---------------------------------------------------

CHILDREN = 1_100_000
NOTIFICATIONS_PER_YEAR = 230_000
# Kinds of the non-anticipatory intakes: the notifications are 90 % of them.
KIND_SHARES = [
    (IntakeKind.CHILD_PROTECTION_NOTIFICATION, 0.90),
    (IntakeKind.SOCIAL_CARE_CONTACT, 0.07),
    (IntakeKind.FAMILY_REQUEST, 0.03),
]
ANTICIPATORY_PER_YEAR = 6_000  # a few hundred per county (only on working days outside July)
# Repeat notifications: a small at-risk group of each birth cohort gets most of them, the rest are spread thin.
AT_RISK_SHARE = 0.04
AT_RISK_PICK = 0.70
# Ages at receipt (0–17), peaking at 13–15.
AGE_WEIGHTS = [4.0, 3.0, 3.0, 3.5, 4.0, 4.5, 5.0, 5.5, 6.0, 6.5, 7.0, 8.0, 10.0, 12.5, 13.0, 12.5, 10.5, 7.5]
# Notifier sectors of a child-protection notification: police the largest, then school, health care, social
# services, early childhood education, private persons, the family itself, anonymous notifiers and the rest.
NOTIFICATION_SECTORS = [
    (NotifierSector.POLICE, 26.0),
    (NotifierSector.EDUCATION, 15.0),
    (NotifierSector.HEALTH_CARE, 13.0),
    (NotifierSector.SOCIAL_SERVICES, 11.0),
    (NotifierSector.EARLY_CHILDHOOD_EDUCATION, 5.0),
    (NotifierSector.PRIVATE_PERSON, 6.0),
    (NotifierSector.FAMILY_ITSELF, 4.5),
    (NotifierSector.ANONYMOUS, 3.5),
    (NotifierSector.EMERGENCY_SERVICES, 4.0),
    (NotifierSector.NGO_OTHER_PROFESSIONAL, 3.5),
    (NotifierSector.YOUTH_WORK, 2.5),
    (NotifierSector.RECEPTION_CENTRE, 1.0),
    (NotifierSector.PARISH, 0.6),
    (NotifierSector.PRISON, 0.4),
    (NotifierSector.CUSTOMS_BORDER, 0.2),
]
CONTACT_SECTORS = [
    (NotifierSector.SOCIAL_SERVICES, 30.0),
    (NotifierSector.HEALTH_CARE, 30.0),
    (NotifierSector.EDUCATION, 20.0),
    (NotifierSector.EARLY_CHILDHOOD_EDUCATION, 10.0),
    (NotifierSector.YOUTH_WORK, 5.0),
    (NotifierSector.NGO_OTHER_PROFESSIONAL, 5.0),
]
ANTICIPATORY_SECTORS = [(NotifierSector.HEALTH_CARE, 75.0), (NotifierSector.SOCIAL_SERVICES, 25.0)]
NOTIFIER_TITLES = {
    NotifierSector.POLICE: ("Poliisi", "Vanhempi konstaapeli"),
    NotifierSector.EDUCATION: ("Peruskoulu", "Luokanopettaja"),
    NotifierSector.HEALTH_CARE: ("Terveyskeskus", "Terveydenhoitaja"),
    NotifierSector.SOCIAL_SERVICES: ("Sosiaalipalvelut", "Sosiaaliohjaaja"),
    NotifierSector.EARLY_CHILDHOOD_EDUCATION: ("Päiväkoti", "Varhaiskasvatuksen opettaja"),
    NotifierSector.EMERGENCY_SERVICES: ("Hätäkeskus", "Päivystäjä"),
    NotifierSector.NGO_OTHER_PROFESSIONAL: ("Järjestö", "Ohjaaja"),
    NotifierSector.YOUTH_WORK: ("Nuorisopalvelut", "Nuoriso-ohjaaja"),
    NotifierSector.RECEPTION_CENTRE: ("Vastaanottokeskus", "Ohjaaja"),
    NotifierSector.PARISH: ("Seurakunta", "Diakoniatyöntekijä"),
    NotifierSector.PRISON: ("Rikosseuraamuslaitos", "Rikosseuraamusesimies"),
    NotifierSector.CUSTOMS_BORDER: ("Rajavartiolaitos", "Rajavartija"),
}
CONCERNS = [
    "Huoli lapsen kotioloista ja vanhemman jaksamisesta.",
    "Lapsi on ollut paljon poissa koulusta ilman selitystä.",
    "Nuori tavattiin päihtyneenä myöhään illalla.",
    "Kotona on ollut riitelyä, ja lapsi kertoi pelkäävänsä.",
    "Vanhemman päihteiden käyttö huolestuttaa.",
    "Lapsen hoito ja perustarpeista huolehtiminen vaikuttavat puutteellisilta.",
    "Nuoren mieliala on ollut pitkään matala.",
    "Vanhempien ero ja huoltoriita kuormittavat lasta.",
]
CLOSE_REASONS = [
    "Perhe saa jo tarvitsemansa tuen peruspalveluista; arviointi ilmeisen tarpeeton.",
    "Tilanne selvitetty yhdessä perheen kanssa; ei lastensuojelun tarvetta.",
    "Huoli on kertaluonteinen ja perhe ohjattu perhekeskuksen palveluihin.",
]
CLIENT_REFERENCES = {
    AssessmentOutcome.CHILD_PROTECTION_CLIENT: "Lastensuojelun avohuollon asiakkuus",
    AssessmentOutcome.SPECIAL_SERVICES: "Erityistason palvelujen asiakkuus",
}
ASSESSMENT_OUTCOMES = [
    (AssessmentOutcome.NO_FURTHER_NEED, 30.0),
    (AssessmentOutcome.BASIC_FAMILY_CENTRE, 22.0),
    (AssessmentOutcome.SPECIAL_SERVICES, 13.0),
    (AssessmentOutcome.CHILD_PROTECTION_CLIENT, 30.0),
    (AssessmentOutcome.URGENT_MEASURES, 5.0),
]
LATE_EXPLANATIONS = [
    "Perheen tapaamiset siirtyivät sairastumisten vuoksi.",
    "Työntekijävaihdos viivästytti arvioinnin valmistumista.",
    "Lausuntoja odotettiin muilta viranomaisilta.",
]
# Working days from receipt to the decision: 93 % on or before the 7th (LSL 26 § 2 mom), the rest later.
DECISION_DELAYS = [(0, 5.0), (1, 12.0), (2, 14.0), (3, 14.0), (4, 13.0), (5, 12.0), (6, 11.0), (7, 12.0)]
LATE_DECISION_DELAYS = range(8, 21)
LATE_DECISION_SHARE = 0.07
# The share of decided intakes that start a PTA (17–25 %; Soite 2024: 17 %, 21.2 % before its new model). Among
# intakes with no open assessment and no recent client relationship, a PTA starts with the first probability while
# the county is behind the target and with the second while it is ahead; before the window with the third.
PTA_TARGET_SHARE = 0.205
PTA_START_SHARE_BEHIND = 0.45
PTA_START_SHARE_AHEAD = 0.12
PTA_BURN_IN_SHARE = 0.27
ANTICIPATORY_PTA_SHARE = 0.4
CLIENT_ATTACH_SHARE = 0.6
PTA_IN_TIME_SHARE = 0.85
OPEN_ASSESSMENTS_PER_WORKER = 30
BURN_IN_DAYS = 365
EARLIER_ASSESSMENT_REFERENCE = "Palvelutarpeen arviointi kesken (aloitettu ennen aineiston alkua)"
INTAKES_PER_INTAKE_WORKER = 2_000  # a year
TEAM_SIZE = 8

# --- The family centre: contacts, short interventions, the service catalogue and plans (scale 1.0) ---------------

# Contacts through the one contact channel (yhteydenotot perheneuvoon); references YT-YYYY-NNNNN as
# luukku.contact.services._next_reference makes them: five digits, so at most 99 999 a year in the whole country.
CONTACTS_PER_YEAR = 60_000
CONTACT_REFERENCE_PREFIX = "YT"
CONTACT_REFERENCE_MAX = 99_999
CONTACTS_PER_FAMILY_WORKER = 1_500  # a year
CONTACT_LATE_SHARE = 0.10  # answered after the promised time
CONTACT_ROUTED_SHARE = 0.55
CONTACT_ROUTES = [(Route.SERVICE, 60.0), (Route.APPOINTMENT, 30.0), (Route.SOCIAL_CARE_CONTACT, 10.0)]
CONTACT_WHO = [
    (WhoWorried.MY_CHILD, 60.0),
    (WhoWorried.MYSELF, 25.0),
    (WhoWorried.YOUNG_PERSON, 10.0),
    (WhoWorried.OTHER, 5.0),
]
CONTACT_WORRIES = [
    "Lapsen uhmakohtaukset uuvuttavat, ja toivoisin neuvoja arkeen.",
    "Nuori ei halua lähteä kouluun, emmekä tiedä, mitä tehdä.",
    "Erotilanne kuormittaa meitä ja lapsia.",
    "Lapsen nukkuminen ja ruokailu ovat vaikeita, ja olen väsynyt.",
    "Olen huolissani nuoren mielialasta ja vetäytymisestä kavereista.",
    "Sisarukset riitelevät jatkuvasti, ja kotona on levotonta.",
    "Haluaisin jutella jonkun kanssa omasta jaksamisestani vanhempana.",
]
CONTACT_ANSWERS = [
    "Soitettu perheelle, keskusteltu tilanteesta ja annettu ohjeita.",
    "Vastattu viestillä ja sovittu soittoajasta.",
    "Keskusteltu vanhemman kanssa puhelimessa; perhe jatkaa omin voimin.",
]
APPOINTMENT_WITH = ["Perheneuvolan psykologi", "Perheneuvolan sosiaalityöntekijä", "Perheohjaaja"]
# Short interventions (lyhyt monialainen interventio, Etelä-Savon malli): sessions 1–8, most end in 5 or fewer.
SHORT_INTERVENTIONS_PER_YEAR = 15_000
SESSION_COUNTS = [(1, 6.0), (2, 12.0), (3, 20.0), (4, 22.0), (5, 20.0), (6, 9.0), (7, 6.0), (8, 5.0)]
SHORT_MOVES_SPECIAL = 0.12  # at most 5 sessions; with more the family moves to special level with 0.45
SHORT_MOVES_SPECIAL_LONG = 0.45
# The county's small service catalogue: (code suffix, level, name, sector, unit cost €, basis, typical sessions).
NATIONAL_SERVICES = [
    ("kohtaamispaikka", Level.OPEN, "Perhekeskuksen kohtaamispaikka", Sector.PEER_SUPPORT_OPEN, "12.00",
     CostBasis.PER_VISIT, 4),
    ("perheohjaus", Level.EARLY_SUPPORT, "Perheohjaus", Sector.SOCIAL_WORK, "85.00", CostBasis.PER_VISIT, 8),
    ("perheneuvola", Level.BASIC, "Kasvatus- ja perheneuvonta (perheneuvola)", Sector.FAMILY_COUNSELLING,
     "160.00", CostBasis.PER_VISIT, 6),
    ("perhetyo", Level.BASIC, "Lapsiperheiden kotipalvelu ja perhetyö", Sector.SOCIAL_WORK, "62.00",
     CostBasis.PER_HOUR, 20),
    ("avohuolto", Level.SPECIAL, "Lastensuojelun avohuollon tehostettu perhetyö", Sector.CHILD_PROTECTION,
     "78.00", CostBasis.PER_HOUR, 40),
    ("nuorisopsykiatria", Level.SPECIAL, "Nuorisopsykiatrian poliklinikka", Sector.MENTAL_HEALTH_SUBSTANCE,
     "260.00", CostBasis.PER_VISIT, 10),
    ("perhehoito", Level.DEMANDING, "Perhehoito (sijaishuolto)", Sector.CHILD_PROTECTION, "110.00",
     CostBasis.PER_DAY, None),
    ("laitoshoito", Level.DEMANDING, "Lastensuojelulaitos", Sector.CHILD_PROTECTION, "390.00",
     CostBasis.PER_DAY, None),
]  # fmt: skip
ROUTE_LEVELS = (Level.OPEN, Level.EARLY_SUPPORT, Level.BASIC)
# Plans (asiakassuunnitelma, SHL 39 §) for this share of the completed assessments that found a need.
PLAN_SHARE = 0.8
PLAN_OUTCOMES = (
    AssessmentOutcome.BASIC_FAMILY_CENTRE,
    AssessmentOutcome.SPECIAL_SERVICES,
    AssessmentOutcome.CHILD_PROTECTION_CLIENT,
    AssessmentOutcome.URGENT_MEASURES,
)
PLAN_CLOSE_REASON = "Tavoitteet saavutettu; tuki jatkuu tarvittaessa peruspalveluissa."
PLAN_REPLACED_REASON = "Korvattu uudella suunnitelmalla uuden arvioinnin jälkeen."


@dataclass(frozen=True)
class County:
    slug: str
    name_fi: str
    name_sv: str
    population: int  # thousands, roughly the real one
    municipalities: int


COUNTIES = [
    County("ita-uusimaa", "Itä-Uudenmaan hyvinvointialue", "Östra Nylands välfärdsområde", 99, 7),
    County("keski-uusimaa", "Keski-Uudenmaan hyvinvointialue", "Mellersta Nylands välfärdsområde", 205, 6),
    County("lansi-uusimaa", "Länsi-Uudenmaan hyvinvointialue", "Västra Nylands välfärdsområde", 483, 9),
    County("vantaa-kerava", "Vantaan ja Keravan hyvinvointialue", "Vanda och Kervo välfärdsområde", 283, 2),
    County("helsinki", "Helsingin kaupunki", "Helsingfors stad", 674, 1),
    County(
        "varsinais-suomi", "Varsinais-Suomen hyvinvointialue", "Egentliga Finlands välfärdsområde", 486, 27
    ),
    County("satakunta", "Satakunnan hyvinvointialue", "Satakunta välfärdsområde", 214, 16),
    County("kanta-hame", "Kanta-Hämeen hyvinvointialue", "Centrala Tavastlands välfärdsområde", 170, 11),
    County("pirkanmaa", "Pirkanmaan hyvinvointialue", "Birkalands välfärdsområde", 530, 23),
    County("paijat-hame", "Päijät-Hämeen hyvinvointialue", "Päijät-Tavastlands välfärdsområde", 205, 10),
    County("kymenlaakso", "Kymenlaakson hyvinvointialue", "Kymmenedalens välfärdsområde", 161, 6),
    County("etela-karjala", "Etelä-Karjalan hyvinvointialue", "Södra Karelens välfärdsområde", 126, 9),
    County("etela-savo", "Etelä-Savon hyvinvointialue", "Södra Savolax välfärdsområde", 130, 12),
    County("pohjois-savo", "Pohjois-Savon hyvinvointialue", "Norra Savolax välfärdsområde", 248, 19),
    County("pohjois-karjala", "Pohjois-Karjalan hyvinvointialue", "Norra Karelens välfärdsområde", 163, 13),
    County("keski-suomi", "Keski-Suomen hyvinvointialue", "Mellersta Finlands välfärdsområde", 276, 22),
    County(
        "etela-pohjanmaa", "Etelä-Pohjanmaan hyvinvointialue", "Södra Österbottens välfärdsområde", 191, 18
    ),
    County("pohjanmaa", "Pohjanmaan hyvinvointialue", "Österbottens välfärdsområde", 176, 14),
    County(
        "keski-pohjanmaa", "Keski-Pohjanmaan hyvinvointialue", "Mellersta Österbottens välfärdsområde", 77, 8
    ),
    County(
        "pohjois-pohjanmaa",
        "Pohjois-Pohjanmaan hyvinvointialue",
        "Norra Österbottens välfärdsområde",
        416,
        30,
    ),
    County("kainuu", "Kainuun hyvinvointialue", "Kajanalands välfärdsområde", 71, 8),
    County("lappi", "Lapin hyvinvointialue", "Lapplands välfärdsområde", 177, 21),
]
NAME_ROOTS = [
    "Kivi", "Haapa", "Koivu", "Leppä", "Mänty", "Kuusi", "Pihlaja", "Tammi", "Vaahtera", "Lumi", "Sara", "Ranta",
    "Vaara", "Kallio", "Suvi", "Routa", "Kaisla", "Hirvi", "Karhu", "Kotka", "Joutsen", "Kurki", "Sorsa", "Ahven",
    "Hauki", "Lohi", "Kuikka", "Taava", "Ilves", "Revon", "Pajun", "Kataja", "Kanerva", "Mustikka", "Puolukka",
    "Saukko", "Myrsky", "Tuuli", "Sateen", "Kuura", "Aalto", "Virta", "Lähde", "Hiekka", "Savi", "Tervan",
]  # fmt: skip
NAME_ENDINGS = [
    "järvi", "lahti", "koski", "vaara", "salmi", "niemi", "mäki", "joki", "harju", "saari", "ranta", "kylä",
    "pelto", "lampi", "vesi", "kangas", "selkä", "linna",
]  # fmt: skip


# --- The command ------------------------------------------------------------------------------------------------


def add_arguments(parser: Any) -> None:
    parser.add_argument(
        "--scale",
        type=float,
        default=DEFAULT_SCALE,
        help="koko suhteessa koko maahan (1.0 = noin 1,1 milj. lasta ja 230 000 ilmoitusta vuodessa)",
    )
    parser.add_argument(
        "--years", type=int, default=DEFAULT_YEARS, help="montako vuotta tähän päivään päättyen (1–20)"
    )
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help="siemenluku; sama siemen antaa saman aineiston"
    )


def run(
    *,
    command: Any,
    scale: float = DEFAULT_SCALE,
    years: int = DEFAULT_YEARS,
    seed: int = DEFAULT_SEED,
    **options: Any,
) -> None:
    if not 0 < scale <= 2:
        raise CommandError("--scale on annettava väliltä 0–2 (1.0 = koko maa).")
    if not 1 <= years <= 20:
        raise CommandError("--years on annettava väliltä 1–20.")
    started = monotonic()
    result = load(scale=scale, years=years, seed=seed)
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # After a bulk load, as after any large import: fresh statistics for the planner, and the visibility map
        # that lets the indicators be answered from their covering indexes alone (autovacuum would get there
        # later; until then the first queries are planned on empty-table estimates and visit every row).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    command.stdout.write(result.describe() + f" ({monotonic() - started:.1f} s)")


@dataclass
class LoadResult:
    seed: int = 0
    scale: float = 0.0
    years: int = 0
    counties: int = 0
    municipalities: int = 0
    units: int = 0
    professionals: int = 0
    persons: int = 0
    intakes: int = 0
    open_intakes: int = 0
    assessments: int = 0
    open_assessments: int = 0
    involvements: int = 0
    contacts: int = 0
    short_interventions: int = 0
    sessions: int = 0
    services: int = 0
    plans: int = 0
    plan_actions: int = 0

    def describe(self) -> str:
        return (
            f"Kansallinen aineisto ladattu (mittakaava {self.scale:g}, {self.years} v, siemen {self.seed}): "
            f"{self.counties} hyvinvointialuetta, {self.municipalities} kuntaa, {self.units} yksikköä, "
            f"{self.professionals} työntekijää, {self.persons} henkilöä, {self.intakes} vireilletuloa "
            f"({self.open_intakes} avoinna), {self.assessments} arviointia ({self.open_assessments} kesken), "
            f"{self.involvements} käsittelyperustetta, {self.contacts} yhteydenottoa, "
            f"{self.short_interventions} lyhytinterventiota ({self.sessions} tapaamista), {self.services} "
            f"palvelua, {self.plans} suunnitelmaa ({self.plan_actions} toimenpidettä)."
        )


def already_loaded() -> bool:
    return (
        DemoLoad.objects.filter(target=TARGET).exists()
        or Organisation.objects.filter(code__startswith=CODE_PREFIX).exists()
    )


@transaction.atomic
def load(*, scale: float, years: int, seed: int) -> LoadResult:
    """Generate and write the national data set; ``CommandError`` (and nothing written) when it is there already."""
    if already_loaded():
        raise CommandError(
            "Kansallinen aineisto on jo tietokannassa (hyvinvointialueet nat-…); mitään ei kirjoitettu. "
            "Tyhjennä tietokanta (luukku flush) ennen uutta latausta."
        )
    result = LoadResult(seed=seed, scale=scale, years=years)
    today = time.today()
    moment = time.now()
    first_day = today - relativedelta(years=years) + dt.timedelta(days=1)
    days = _Days(first_day, today)
    writer = _Writer(now=moment)
    ids = _Ids()
    areas = _create_areas(seed=seed)
    result.counties, result.municipalities = len(areas), sum(len(area.municipalities) for area in areas)
    total_weight = sum(county.population for county in COUNTIES)
    counters: dict[int, int] = {
        counter.year: counter.last_number for counter in ReceiptCounter.objects.select_for_update()
    }
    contact_counters = _contact_counters()
    lexicon = catalogue_selectors.catalogue_lexicon(fresh=True)
    for index, area in enumerate(areas):
        share = area.county.population / total_weight
        simulation = _CountySimulation(
            area=area,
            share=share,
            scale=scale,
            days=days,
            rng=random.Random(seed * 1000 + index),
            ids=ids,
            counters=counters,
            now=moment,
        )
        simulation.simulate()
        staff = _create_staff(area, simulation)
        result.units += staff.unit_count
        result.professionals += staff.professional_count
        services = _create_services(area, lexicon)
        result.services += sum(len(level) for level in services.values())
        simulation.write(writer, staff, result)
        simulation.write_family_centre(writer, staff, services, contact_counters, result)
    for year, last in sorted(counters.items()):
        ReceiptCounter.objects.update_or_create(year=year, defaults={"last_number": last})
    writer.finish()
    marker = DemoLoad.objects.create(target=TARGET, seed=seed, size=min(result.persons, 2_147_483_647))
    audit_record(
        actor=None,
        action=AuditAction.CREATE,
        obj=marker,
        summary=(
            f"Kansallinen synteettinen aineisto ladattu: mittakaava {scale:g}, {years} v, "
            f"{result.intakes} vireilletuloa, {result.assessments} arviointia, {result.contacts} "
            f"yhteydenottoa, {result.short_interventions} lyhytinterventiota, {result.plans} suunnitelmaa"
        ),
        basis="demo",
        channel="command",
    )
    return result


# --- Dates -------------------------------------------------------------------------------------------------------


class _Days:
    """The days of the window with their intake weights (weekends, holidays and July lower) and deadlines."""

    def __init__(self, first: dt.date, last: dt.date) -> None:
        self.first, self.last = first, last
        self.dates: list[dt.date] = []
        self.weights: list[float] = []
        day = first
        while day <= last:
            self.dates.append(day)
            self.weights.append(day_weight(day))
            day += dt.timedelta(days=1)
        self.mean_weight = sum(self.weights) / len(self.weights)


def day_weight(day: dt.date) -> float:
    """How many intakes arrive on ``day`` relative to an ordinary working day."""
    if calendar.is_holiday(day):
        weight = 0.4
    elif day.weekday() == 5:
        weight = 0.5
    elif day.weekday() == 6:
        weight = 0.42
    else:
        weight = 1.0
    if day.month == 7:
        weight *= 0.8
    return weight


@cache
def _deadlines(day: dt.date) -> deadlines.IntakeDeadlines:
    return deadlines.intake_deadlines(day)


@cache
def _working_days_after(day: dt.date, count: int) -> dt.date:
    return calendar.add_working_days(day, count)


def _at(day: dt.date, minutes: int) -> dt.datetime:
    """A moment on the Finnish calendar day ``day``, ``minutes`` after midnight, in UTC."""
    return (time.start_of_day(day) + dt.timedelta(minutes=minutes)).astimezone(dt.UTC)


# --- Areas and staff ---------------------------------------------------------------------------------------------


@dataclass
class _Area:
    county: County
    organisation: Organisation
    municipalities: list[Municipality]
    cumulative: list[float]  # cumulative population shares, for picking a child's home municipality


def _municipality_names(rng: random.Random, count: int) -> list[str]:
    names = [
        root + ending
        for root in NAME_ROOTS
        for ending in NAME_ENDINGS
        if not root.lower().startswith(ending[:4]) and not ending.startswith(root.lower()[:4])
    ]
    rng.shuffle(names)
    return names[:count]


def _create_areas(*, seed: int) -> list[_Area]:
    rng = random.Random(seed)
    names = iter(_municipality_names(rng, sum(county.municipalities for county in COUNTIES)))
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(
                code=f"{CODE_PREFIX}{county.slug}",
                name_fi=county.name_fi,
                name_sv=county.name_sv,
                kind=OrganisationKind.WELLBEING_COUNTY,
            )
            for county in COUNTIES
        ]
    )
    planned: list[tuple[int, Municipality]] = []
    for index, county in enumerate(COUNTIES):
        # The centre is the largest; the rest shrink (roughly Zipf), adding up to the county's population.
        sizes = [1.0 / (rank + 1) ** 0.9 for rank in range(county.municipalities)]
        scale = county.population * 1000 / sum(sizes)
        for rank, size in enumerate(sizes):
            name = next(names)
            planned.append(
                (
                    index,
                    Municipality(
                        code=f"{CODE_PREFIX}{_slug(name)}",
                        name_fi=name,
                        kind="kaupunki" if rank == 0 else "kunta",
                        population=max(500, round(size * scale)),
                        languages=["fi"],
                    ),
                )
            )
    municipalities = Municipality.objects.bulk_create([municipality for _index, municipality in planned])
    through = Organisation.municipalities.through
    through.objects.bulk_create(
        [
            through(organisation_id=organisations[index].pk, municipality_id=municipality.pk)
            for (index, _planned), municipality in zip(planned, municipalities, strict=True)
        ]
    )
    areas = []
    for index, county in enumerate(COUNTIES):
        own = [m for (owner, _planned), m in zip(planned, municipalities, strict=True) if owner == index]
        total = sum(m.population or 0 for m in own)
        cumulative, running = [], 0.0
        for municipality in own:
            running += (municipality.population or 0) / total
            cumulative.append(running)
        cumulative[-1] = 1.0
        areas.append(_Area(county, organisations[index], own, cumulative))
    return areas


def _contact_counters() -> dict[int, int]:
    """The highest contact reference number already used each year (YT-YYYY-NNNNN), to continue from."""
    counters: dict[int, int] = {}
    prefix = f"{CONTACT_REFERENCE_PREFIX}-"
    for reference in Contact.objects.filter(reference__startswith=prefix).values_list("reference", flat=True):
        _prefix, year, number = reference.split("-")
        if year.isdigit() and number.isdigit():
            counters[int(year)] = max(counters.get(int(year), 0), int(number))
    return counters


def _create_services(area: _Area, lexicon: set[str]) -> dict[str, list[Service]]:
    """The county's small service catalogue (palveluluettelo), one or two services per level with unit costs,
    available in all its municipalities and indexed for search like any other service."""
    slug, organisation = area.county.slug, area.organisation
    created = Service.objects.bulk_create(
        [
            Service(
                code=f"{CODE_PREFIX}{slug}-{suffix}",
                organisation=organisation,
                sector=sector,
                name_fi=name,
                summary_fi=f"{name} ({area.county.name_fi}).",
                level=level,
                age_min=0,
                age_max=17,
                target=TargetGroup.FAMILIES,
                referral_required=level in (Level.SPECIAL, Level.DEMANDING),
                typical_sessions=sessions,
                unit_cost_eur=Decimal(cost),
                unit_cost_basis=basis,
            )
            for suffix, level, name, sector, cost, basis, sessions in NATIONAL_SERVICES
        ]
    )
    through = Service.municipalities.through
    through.objects.bulk_create(
        [
            through(service_id=service.pk, municipality_id=municipality.pk)
            for service in created
            for municipality in area.municipalities
        ]
    )
    by_level: dict[str, list[Service]] = {}
    for service in created:
        search_document_sync(obj=service, lexicon=lexicon)
        by_level.setdefault(service.level, []).append(service)
    return by_level


def _slug(name: str) -> str:
    return name.lower().replace("ä", "a").replace("ö", "o").replace("å", "a")


@dataclass
class _Staff:
    intake_unit: Unit
    intake_workers: list[int]
    responsible_workers: list[int]
    worker_weights: list[float]
    manager: int
    unit_count: int
    professional_count: int
    family_unit: int = 0
    family_workers: list[int] = dataclasses.field(default_factory=list)
    units_of: dict[int, int] = dataclasses.field(default_factory=dict)  # professional pk -> unit pk
    names: dict[int, str] = dataclasses.field(default_factory=dict)  # professional pk -> str(professional)
    unit_names: dict[int, str] = dataclasses.field(default_factory=dict)


def _create_staff(area: _Area, simulation: _CountySimulation) -> _Staff:
    """The county's intake unit, family centre, social-work teams, social workers and manager (unusable
    passwords)."""
    slug, organisation = area.county.slug, area.organisation
    centre = area.municipalities[0]
    rng = random.Random(simulation.rng.random())
    intake_unit = Unit.objects.create(
        code=f"{CODE_PREFIX}{slug}-vastaanotto",
        organisation=organisation,
        name_fi="Lastensuojelun vastaanotto",
        sector=Sector.CHILD_PROTECTION,
        municipality=centre,
    )
    IntakeRouting.objects.bulk_create(
        [IntakeRouting(municipality=municipality, unit=intake_unit) for municipality in area.municipalities]
    )
    management = Unit.objects.create(
        code=f"{CODE_PREFIX}{slug}-johto",
        organisation=organisation,
        name_fi="Lasten, nuorten ja perheiden palvelujen johto",
        sector=Sector.ADMINISTRATION,
        municipality=centre,
    )
    family_unit = Unit.objects.create(
        code=f"{CODE_PREFIX}{slug}-perhekeskus",
        organisation=organisation,
        name_fi="Perhekeskus ja perheneuvola",
        sector=Sector.FAMILY_COUNSELLING,
        municipality=centre,
    )
    intake_count = max(1, round(simulation.intakes_per_year / INTAKES_PER_INTAKE_WORKER))
    family_count = max(2, round(simulation.contacts_per_year / CONTACTS_PER_FAMILY_WORKER))
    responsible_count = max(1, round(simulation.open_assessment_count / OPEN_ASSESSMENTS_PER_WORKER))
    team_count = max(1, math.ceil(responsible_count / TEAM_SIZE))
    teams = Unit.objects.bulk_create(
        [
            Unit(
                code=f"{CODE_PREFIX}{slug}-tiimi-{number + 1}",
                organisation=organisation,
                name_fi=f"Lapsiperheiden sosiaalityö, tiimi {number + 1}",
                sector=Sector.SOCIAL_WORK,
                municipality=centre,
                parent=management,
            )
            for number in range(team_count)
        ]
    )
    first_names = list(FinnishNames.first_names_female) + list(FinnishNames.first_names_male)
    last_names = list(FinnishNames.last_names)
    password = make_password(None)
    professionals = []

    def professional(username: str, unit: Unit, role: str, title: str, qualified: bool) -> Professional:
        return Professional(
            username=f"{USERNAME_PREFIX}{slug}.{username}",
            first_name=rng.choice(first_names),
            last_name=rng.choice(last_names),
            email=f"{username}.{slug}@national.example",
            unit=unit,
            role=role,
            sector=unit.sector,
            title=title,
            social_worker_qualified=qualified,
            password=password,
        )

    for number in range(intake_count):
        professionals.append(
            professional(
                f"vastaanotto{number + 1}",
                intake_unit,
                Role.SOCIAL_WORKER,
                "Sosiaalityöntekijä (vastaanotto)",
                True,
            )
        )
    for number in range(responsible_count):
        professionals.append(
            professional(
                f"sosiaalityo{number + 1}",
                teams[number % team_count],
                Role.SOCIAL_WORKER,
                "Sosiaalityöntekijä",
                True,
            )
        )
    professionals.append(professional("esihenkilo", management, Role.MANAGER, "Palvelupäällikkö", False))
    for number in range(family_count):
        professionals.append(
            professional(
                f"perhekeskus{number + 1}",
                family_unit,
                Role.SOCIAL_WORKER,
                "Perheneuvolan sosiaalityöntekijä",
                False,
            )
        )
    created = Professional.objects.bulk_create(professionals)
    manager_at = intake_count + responsible_count
    return _Staff(
        intake_unit=intake_unit,
        intake_workers=[p.pk for p in created[:intake_count]],
        responsible_workers=[p.pk for p in created[intake_count : intake_count + responsible_count]],
        worker_weights=[rng.uniform(0.75, 1.25) for _worker in range(responsible_count)],
        manager=created[manager_at].pk,
        unit_count=3 + team_count,
        professional_count=len(created),
        family_unit=family_unit.pk,
        family_workers=[p.pk for p in created[manager_at + 1 :]],
        units_of={p.pk: p.unit.pk for p in created},
        names={p.pk: str(p) for p in created},
        unit_names={u.pk: u.name_fi for u in [intake_unit, management, family_unit, *teams]},
    )


# --- The simulation ----------------------------------------------------------------------------------------------


class _Ids:
    """The next primary key of each bulk-written table (explicit keys, so rows can refer to each other)."""

    def __init__(self) -> None:
        self.next: dict[type[models.Model], int] = {}
        for model in (
            Person,
            Intake,
            Assessment,
            AssessmentIntake,
            Involvement,
            Contact,
            ShortIntervention,
            InterventionSession,
            Plan,
            PlanAction,
            PlanVersion,
        ):
            self.next[model] = (model._default_manager.aggregate(top=Max("pk"))["top"] or 0) + 1

    def take(self, model: type[models.Model]) -> int:
        value = self.next[model]
        self.next[model] = value + 1
        return value


@dataclass
class _Child:
    pk: int
    birth_date: dt.date
    municipality: int
    first_names: str
    last_name: str
    sex: str
    # The child's latest assessment: (initiating intake pk, end day or None while open, outcome).
    last_assessment: tuple[int, dt.date | None, str] | None = None


@dataclass
class _IntakeRow:
    pk: int
    receipt: str
    kind: str
    child: _Child
    received_at: dt.datetime
    received_on: dt.date
    initiated_on: dt.date | None
    sector: str
    channel: str
    concern: str
    flags: tuple[bool, bool, bool, bool]
    police_on: dt.date | None
    urgency_at: dt.datetime | None
    urgent: bool | None
    decided_at: dt.datetime | None
    decided_on: dt.date | None
    outcome: str
    attached_to: int | None = None
    attached_reference: str = ""
    worker_slot: int = 0
    family_knows: str = FamilyKnows.UNKNOWN
    made_with_family: bool = False


@dataclass
class _AssessmentRow:
    pk: int
    intake: _IntakeRow
    started_on: dt.date
    complete_by: dt.date
    completed_on: dt.date | None
    outcome: str
    worker_slot: int = 0


@dataclass
class _ShortRow:
    pk: int
    child: _Child
    started_on: dt.date
    sessions: list[dt.date]
    planned: int
    ended_on: dt.date | None
    result: str
    worker_slot: int


@dataclass
class _PlanRow:
    pk: int
    child: int
    coordinator: int
    started_on: dt.date
    closed_on: dt.date | None
    closed_reason: str
    source: str
    actions: list[tuple[int, int, dt.date, dt.date | None]]  # (pk, service pk, start, end)


@dataclass
class _Cohort:
    year: int
    size: int
    at_risk: int
    days: int
    offset: int


class _CountySimulation:
    """One county's children, intakes and assessments, in memory, in the order they happen."""

    def __init__(
        self,
        *,
        area: _Area,
        share: float,
        scale: float,
        days: _Days,
        rng: random.Random,
        ids: _Ids,
        counters: dict[int, int],
        now: dt.datetime,
    ) -> None:
        self.area, self.share, self.scale, self.days, self.rng = area, share, scale, days, rng
        self.ids, self.counters, self.now = ids, counters, now
        self.today = days.last
        self.children: dict[tuple[int, int], _Child] = {}
        self.extra_children: list[_Child] = []
        self.intakes: list[_IntakeRow] = []
        self.assessments: list[_AssessmentRow] = []
        self.cohort_size = max(5.0, CHILDREN * scale * share / 18)
        self.cohorts: dict[int, _Cohort] = {}
        self.first_names = {
            "female": list(FinnishNames.first_names_female),
            "male": list(FinnishNames.first_names_male),
        }
        self.last_names = list(FinnishNames.last_names)
        self.age_cumulative = _cumulative(AGE_WEIGHTS)
        self.kinds = [kind for kind, _share in KIND_SHARES]
        self.kind_cumulative = _cumulative([share for _kind, share in KIND_SHARES])
        self.sectors = {
            "notification": _Choice(NOTIFICATION_SECTORS),
            "contact": _Choice(CONTACT_SECTORS),
            "anticipatory": _Choice(ANTICIPATORY_SECTORS),
        }
        self.delays = _Choice(DECISION_DELAYS)
        self.outcomes = _Choice(ASSESSMENT_OUTCOMES)
        kind_total = sum(s for k, s in KIND_SHARES if k == IntakeKind.CHILD_PROTECTION_NOTIFICATION)
        self.intakes_per_year = NOTIFICATIONS_PER_YEAR / kind_total * scale * share
        self.anticipatory_per_year = ANTICIPATORY_PER_YEAR * scale * share
        self.contacts_per_year = CONTACTS_PER_YEAR * scale * share
        self.short_interventions_per_year = SHORT_INTERVENTIONS_PER_YEAR * scale * share
        self.short_interventions: list[_ShortRow] = []
        # Completed assessments for the plans: (assessment pk, child pk, worker pk, completed on, outcome).
        self.completed_for_plans: list[tuple[int, int, int, dt.date, str]] = []
        self.session_counts = _Choice(SESSION_COUNTS)
        self.open_assessment_count = 0
        self.decided = 0
        self.started = 0
        self.late_decisions = _Quota(rng, LATE_DECISION_SHARE)
        self.late_completions = _Quota(rng, 1 - PTA_IN_TIME_SHARE)

    # -- children --

    def cohort(self, year: int) -> _Cohort:
        cohort = self.cohorts.get(year)
        if cohort is None:
            start = dt.date(year, 1, 1)
            end = min(dt.date(year, 12, 31), self.today)
            length = (end - start).days + 1
            size = max(1, round(self.cohort_size * length / 365))
            cohort = _Cohort(
                year=year,
                size=size,
                at_risk=max(1, round(size * AT_RISK_SHARE)),
                days=length,
                offset=self.rng.randrange(length),
            )
            self.cohorts[year] = cohort
        return cohort

    def child(self, cohort: _Cohort, index: int) -> _Child:
        key = (cohort.year, index)
        child = self.children.get(key)
        if child is None:
            # A multiplicative spread over the year, so that the at-risk group is not all born in January.
            day = (index * 7919 + cohort.offset) % cohort.days
            position = ((index * 2654435761 + cohort.year * 40503) % 4294967296) / 4294967296
            child = self._new_child(
                dt.date(cohort.year, 1, 1) + dt.timedelta(days=day),
                self.area.municipalities[bisect.bisect_left(self.area.cumulative, position)].pk,
                "female" if index % 2 else "male",
            )
            self.children[key] = child
        return child

    def _new_child(self, birth_date: dt.date, municipality: int, sex: str) -> _Child:
        rng = self.rng
        first = rng.choice(self.first_names[sex])
        if rng.random() < 0.6:
            second = rng.choice(self.first_names[sex])
            if second != first:
                first = f"{first} {second}"
        return _Child(
            pk=self.ids.take(Person),
            birth_date=birth_date,
            municipality=municipality,
            first_names=first,
            last_name=rng.choice(self.last_names),
            sex=sex,
        )

    def pick_child(self, received_on: dt.date) -> _Child:
        rng = self.rng
        age = bisect.bisect_left(self.age_cumulative, rng.random())
        year = received_on.year - age
        for _attempt in range(3):
            cohort = self.cohort(year)
            if rng.random() < AT_RISK_PICK:
                index = rng.randrange(cohort.at_risk)
            else:
                index = rng.randrange(cohort.size)
            child = self.child(cohort, index)
            if child.birth_date <= received_on:
                return child
            year -= 1
        return child

    # -- intakes --

    def simulate(self) -> None:
        rng, days = self.rng, self.days
        per_weight = self.intakes_per_year * len(days.dates) / 365.25 / sum(days.weights)
        anticipatory_per_day = self.anticipatory_per_year / 365.25
        # A year before the window is simulated without writing it, so that the window starts with children
        # already in an assessment or a client relationship, as a real register does.
        day = days.first - dt.timedelta(days=BURN_IN_DAYS)
        while day < days.first:
            expected = per_weight * day_weight(day)
            count = int(expected) + (1 if rng.random() < expected - int(expected) else 0)
            for _number in range(count):
                self.burn_in_intake(day)
            day += dt.timedelta(days=1)
        for day, weight in zip(days.dates, days.weights, strict=True):
            expected = per_weight * weight
            count = int(expected) + (1 if rng.random() < expected - int(expected) else 0)
            for _number in range(count):
                kind = self.kinds[bisect.bisect_left(self.kind_cumulative, rng.random())]
                self.intake(day, kind)
            if weight >= 1.0:  # maternity clinics notify on working days
                expected = anticipatory_per_day * 7 / 5
                count = int(expected) + (1 if rng.random() < expected - int(expected) else 0)
                for _number in range(count):
                    self.anticipatory(day)
        self.simulate_short_interventions()
        # Every child under 18 today is in the population, notified or not.
        for year in range(self.today.year - 17, self.today.year + 1):
            cohort = self.cohort(year)
            for index in range(cohort.size):
                self.child(cohort, index)
        self.open_assessment_count = sum(1 for a in self.assessments if a.completed_on is None)

    def _receipt(self, year: int) -> str:
        number = self.counters.get(year, 0) + 1
        if number > 999_999:
            raise CommandError(f"Vastaanottonumerot loppuivat vuodelta {year}; pienennä --scale-arvoa.")
        self.counters[year] = number
        return f"{RECEIPT_PREFIX}-{year}-{number:06d}"

    def _received(self, day: dt.date, sector: str) -> dt.datetime:
        rng = self.rng
        if sector in (NotifierSector.POLICE, NotifierSector.EMERGENCY_SERVICES) and rng.random() < 0.5:
            minutes = rng.randrange(0, 24 * 60)
        else:
            minutes = rng.randrange(8 * 60, 16 * 60)
        return _at(day, minutes)

    def _decision(self, initiated: dt.date) -> tuple[dt.date, dt.datetime]:
        rng = self.rng
        late = self.late_decisions.draw()
        delay = rng.choice(LATE_DECISION_DELAYS) if late else self.delays.pick(rng)
        day = _working_days_after(initiated, delay) if delay else initiated
        return day, _at(day, rng.randrange(9 * 60, 16 * 60))

    def intake(self, day: dt.date, kind: str) -> None:
        rng = self.rng
        child = self.pick_child(day)
        group = "notification" if kind == IntakeKind.CHILD_PROTECTION_NOTIFICATION else "contact"
        sector = (
            NotifierSector.FAMILY_ITSELF
            if kind == IntakeKind.FAMILY_REQUEST
            else self.sectors[group].pick(rng)
        )
        row = self._row(day, kind, child, sector, initiated=day)
        row.made_with_family = kind == IntakeKind.SOCIAL_CARE_CONTACT and rng.random() < 0.3
        if row.decided_at is None:
            self.intakes.append(row)
            return
        last = child.last_assessment
        if last is not None and (last[1] is None or last[1] >= day):
            row.outcome, row.attached_to = Outcome.ATTACHED_EXISTING, last[0]
            if last[0] is None:
                row.attached_reference = EARLIER_ASSESSMENT_REFERENCE
        elif (
            last is not None
            and last[2] in CLIENT_REFERENCES
            and (day - last[1]).days <= 365  # type: ignore[operator]
            and rng.random() < CLIENT_ATTACH_SHARE
        ):
            row.outcome, row.attached_reference = Outcome.ATTACHED_EXISTING, CLIENT_REFERENCES[last[2]]
        elif self._starts_pta():
            self._start_assessment(row)
        else:
            row.outcome = Outcome.CLOSED_UNNECESSARY
        self.decided += 1
        self.started += row.outcome == Outcome.PTA_STARTED
        self.intakes.append(row)

    def _starts_pta(self) -> bool:
        """Whether a new concern starts a PTA: the share of starts among all decisions is held near the target,
        whatever share of the intakes found an open assessment to join (that depends on the scale and years)."""
        behind = self.started < PTA_TARGET_SHARE * (self.decided + 1)
        return self.rng.random() < (PTA_START_SHARE_BEHIND if behind else PTA_START_SHARE_AHEAD)

    def burn_in_intake(self, day: dt.date) -> None:
        """An intake before the window: only its effect on the child's assessment history is kept."""
        rng = self.rng
        child = self.pick_child(day)
        decided_on, _decided_at = self._decision(day)
        last = child.last_assessment
        if last is not None and (last[1] is None or last[1] >= day):
            return
        if (
            last is not None
            and last[2] in CLIENT_REFERENCES
            and (day - last[1]).days <= 365  # type: ignore[operator]
            and rng.random() < CLIENT_ATTACH_SHARE
        ):
            return
        if rng.random() < PTA_BURN_IN_SHARE:
            completed, outcome = self._course(decided_on, _deadlines(day).pta_complete_by)
            child.last_assessment = (None, completed, outcome) if completed < self.today else (None, None, "")

    def _course(self, started: dt.date, complete_by: dt.date) -> tuple[dt.date, str]:
        """The completion day and outcome of an assessment: most in time, some late (LSL 26 § 3 mom)."""
        rng = self.rng
        span = (complete_by - started).days
        if not self.late_completions.draw():
            completed = started + dt.timedelta(days=rng.randint(min(20, span), span))
        else:
            completed = complete_by + dt.timedelta(days=rng.randint(1, 45))
        return completed, self.outcomes.pick(rng)

    def anticipatory(self, day: dt.date) -> None:
        """Ennakollinen lastensuojeluilmoitus (LSL 25 c §): the case is initiated only when the child is born."""
        rng = self.rng
        birth = day + dt.timedelta(days=rng.randint(30, 200))
        position = rng.random()
        municipality = self.area.municipalities[bisect.bisect_left(self.area.cumulative, position)].pk
        child = self._new_child(birth, municipality, rng.choice(["female", "male"]))
        self.extra_children.append(child)
        born = birth <= self.today
        row = self._row(
            day,
            IntakeKind.ANTICIPATORY_NOTIFICATION,
            child,
            self.sectors["anticipatory"].pick(rng),
            initiated=birth if born else None,
        )
        if row.decided_at is not None:
            if rng.random() < ANTICIPATORY_PTA_SHARE:
                self._start_assessment(row)
            else:
                row.outcome = Outcome.CLOSED_UNNECESSARY
            self.decided += 1
            self.started += row.outcome == Outcome.PTA_STARTED
        self.intakes.append(row)

    def _row(
        self, day: dt.date, kind: str, child: _Child, sector: str, *, initiated: dt.date | None
    ) -> _IntakeRow:
        rng = self.rng
        received_at = self._received(day, sector)
        violence = rng.random() < 0.10
        sexual = rng.random() < 0.02
        police_on = None
        if (violence or sexual) and sector != NotifierSector.POLICE and rng.random() < 0.7:
            police_on = day
        urgency_at: dt.datetime | None = received_at + dt.timedelta(minutes=rng.randrange(20, 20 * 60))
        decided_at = decided_on = None
        if initiated is not None:
            decided_on, decided_at = self._decision(initiated)
            if decided_at <= received_at:
                decided_at = received_at + dt.timedelta(minutes=rng.randrange(30, 240))
                decided_on = time.local_date(decided_at)
            if urgency_at >= decided_at:  # type: ignore[operator]
                urgency_at = received_at + (decided_at - received_at) / 2
            if decided_at > self.now:
                decided_at = decided_on = None
        if urgency_at > self.now:  # type: ignore[operator]
            urgency_at = None
        if kind == IntakeKind.CHILD_PROTECTION_NOTIFICATION:
            concern = CONCERNS[rng.randrange(len(CONCERNS))]
        elif kind == IntakeKind.ANTICIPATORY_NOTIFICATION:
            concern = "Huoli syntyvän lapsen tulevasta hoidosta ja kasvuoloista."
        else:
            concern = "Perhe toivoo tukea arkeen ja lapsen hoitoon."
        return _IntakeRow(
            pk=self.ids.take(Intake),
            receipt=self._receipt(day.year),
            kind=kind,
            child=child,
            received_at=received_at,
            received_on=day,
            initiated_on=initiated,
            sector=sector,
            channel=_channel(rng, sector),
            concern=concern,
            flags=(violence, sexual, rng.random() < 0.06, rng.random() < 0.12),
            police_on=police_on,
            urgency_at=urgency_at,
            urgent=None if urgency_at is None else rng.random() < 0.08,
            decided_at=decided_at,
            decided_on=decided_on,
            outcome="",
            worker_slot=rng.randrange(1 << 30),
            family_knows=rng.choice([FamilyKnows.YES, FamilyKnows.NO, FamilyKnows.UNKNOWN]),
        )

    def _start_assessment(self, row: _IntakeRow) -> None:
        rng = self.rng
        assert row.decided_on is not None and row.initiated_on is not None
        row.outcome = Outcome.PTA_STARTED
        started = row.decided_on
        complete_by = _deadlines(row.initiated_on).pta_complete_by
        completed, outcome = self._course(started, complete_by)
        if completed >= self.today:
            completed_on, outcome, end = None, "", None
        else:
            completed_on, end = completed, completed
        assessment = _AssessmentRow(
            pk=self.ids.take(Assessment),
            intake=row,
            started_on=started,
            complete_by=complete_by,
            completed_on=completed_on,
            outcome=outcome,
            worker_slot=rng.randrange(1 << 30),
        )
        self.assessments.append(assessment)
        row.child.last_assessment = (row.pk, end, outcome)

    # -- short interventions --

    def simulate_short_interventions(self) -> None:
        """Lyhyet monialaiset interventiot (Etelä-Savon malli): started on working days, weekly pair sessions."""
        rng, days = self.rng, self.days
        working = [day for day in days.dates if calendar.is_working_day(day)]
        per_day = self.short_interventions_per_year * len(days.dates) / 365.25 / max(1, len(working))
        for day in working:
            count = int(per_day) + (1 if rng.random() < per_day - int(per_day) else 0)
            for _number in range(count):
                child = self.pick_child(day)
                total = self.session_counts.pick(rng)
                sessions = [day + dt.timedelta(days=7 * number) for number in range(total)]
                last = sessions[-1] + dt.timedelta(days=rng.randrange(0, 8))
                held = [session for session in sessions if session <= self.today]
                if last <= self.today:
                    share = SHORT_MOVES_SPECIAL if total <= 5 else SHORT_MOVES_SPECIAL_LONG
                    result = (
                        InterventionResult.MOVES_SPECIAL
                        if rng.random() < share
                        else InterventionResult.CONTINUES_BASIC
                    )
                    ended_on: dt.date | None = last
                else:
                    result, ended_on = "", None
                self.short_interventions.append(
                    _ShortRow(
                        pk=self.ids.take(ShortIntervention),
                        child=child,
                        started_on=day,
                        sessions=held,
                        planned=max(5, total),
                        ended_on=ended_on,
                        result=result,
                        worker_slot=rng.randrange(1 << 30),
                    )
                )

    # -- writing --

    def write(self, writer: _Writer, staff: _Staff, result: LoadResult) -> None:
        area, rng = self.area, self.rng
        county_pk, unit_pk = area.organisation.pk, staff.intake_unit.pk
        persons = writer.table(
            Person,
            ["id", "first_names", "last_name", "birth_date", "sex", "home_municipality_id", "is_synthetic"],
            rng,
        )
        for child in [*self.children.values(), *self.extra_children]:
            born = child.birth_date <= self.today
            persons.add(
                (
                    child.pk,
                    child.first_names if born else "",
                    child.last_name,
                    child.birth_date if born else None,
                    child.sex if born else "",
                    child.municipality,
                    True,
                ),
                is_unborn=not born,
                expected_birth_date=None if born else child.birth_date,
            )
        result.persons += persons.flush_all()

        intake_workers = staff.intake_workers
        intakes = writer.table(
            Intake,
            [
                "id", "receipt_number", "kind", "made_with_family", "child_id", "notifier_sector",
                "notifier_is_professional", "notifier_organisation", "notifier_name", "channel", "received_at",
                "received_on", "initiated_on", "concern", "family_knows", "flag_violence", "flag_sexual_offence",
                "flag_custody_dispute", "flag_substance_use", "police_notified", "police_notified_on", "unit_id",
                "assigned_to_id", "assigned_at", "status", "pta_start_by", "pta_complete_by",
                "urgency_assessed_at", "urgency_assessed_by_id", "urgent", "outcome", "decided_at", "decided_on",
                "decided_by_id", "decision_reason", "attached_to_id", "attached_reference", "pta_started_on",
                "municipality_id", "wellbeing_county_id", "created_at", "updated_at",
            ],
            rng,
        )  # fmt: skip
        involvements = writer.table(
            Involvement,
            [
                "id",
                "person_id",
                "basis",
                "unit_id",
                "professional_id",
                "source_type",
                "source_id",
                "started_at",
            ],
            rng,
        )
        open_intakes = 0
        for row in self.intakes:
            worker = intake_workers[row.worker_slot % len(intake_workers)]
            professional = row.sector not in (
                NotifierSector.PRIVATE_PERSON,
                NotifierSector.FAMILY_ITSELF,
                NotifierSector.ANONYMOUS,
            )
            organisation, title = NOTIFIER_TITLES.get(row.sector, ("", ""))
            due = _deadlines(row.initiated_on) if row.initiated_on is not None else None
            assigned_at = min(row.received_at + dt.timedelta(minutes=45), self.now)
            if row.outcome:
                status = (
                    IntakeStatus.CLOSED if row.outcome == Outcome.CLOSED_UNNECESSARY else IntakeStatus.DECIDED
                )
            else:
                status = (
                    IntakeStatus.URGENCY_ASSESSED if row.urgency_at is not None else IntakeStatus.RECEIVED
                )
                open_intakes += 1
                source = str(row.pk)
                involvements.add(
                    (
                        self.ids.take(Involvement),
                        row.child.pk,
                        AccessBasis.OWNING_UNIT,
                        unit_pk,
                        None,
                        INTAKE_SOURCE,
                        source,
                        row.received_at,
                    )
                )
                involvements.add(
                    (
                        self.ids.take(Involvement),
                        row.child.pk,
                        AccessBasis.ASSIGNMENT,
                        None,
                        worker,
                        INTAKE_SOURCE,
                        source,
                        assigned_at,
                    )
                )
            intakes.add(
                (
                    row.pk,
                    row.receipt,
                    row.kind,
                    row.made_with_family,
                    row.child.pk,
                    row.sector,
                    professional,
                    organisation if professional else "",
                    title if professional else "",
                    row.channel,
                    row.received_at,
                    row.received_on,
                    row.initiated_on,
                    row.concern,
                    row.family_knows,
                    *row.flags,
                    PoliceNotified.YES if row.police_on else PoliceNotified.NOT_APPLICABLE,
                    row.police_on,
                    unit_pk,
                    worker,
                    assigned_at,
                    status,
                    due.pta_start_by if due else None,
                    due.pta_complete_by if due else None,
                    row.urgency_at,
                    worker if row.urgency_at is not None else None,
                    row.urgent,
                    row.outcome,
                    row.decided_at,
                    row.decided_on,
                    worker if row.outcome else None,
                    CLOSE_REASONS[row.pk % len(CLOSE_REASONS)]
                    if row.outcome == Outcome.CLOSED_UNNECESSARY
                    else "",
                    row.attached_to,
                    row.attached_reference,
                    row.decided_on if row.outcome == Outcome.PTA_STARTED else None,
                    row.child.municipality,
                    county_pk,
                    row.received_at,
                    row.decided_at or row.urgency_at or row.received_at,
                )
            )
        result.intakes += intakes.flush_all()
        result.open_intakes += open_intakes

        workers = staff.responsible_workers
        cumulative = _cumulative(staff.worker_weights)
        assessments = writer.table(
            Assessment,
            [
                "id", "child_id", "owning_unit_id", "responsible_worker_id", "started_on", "started_by_id",
                "complete_by", "status", "outcome", "completed_on", "completed_by_id", "completed_late",
                "late_explanation", "municipality_id", "wellbeing_county_id", "created_at", "updated_at",
            ],
            rng,
        )  # fmt: skip
        links = writer.table(AssessmentIntake, ["id", "assessment_id", "intake_id", "role", "linked_at"], rng)
        open_assessments = 0
        for assessment in self.assessments:
            row = assessment.intake
            is_open = assessment.completed_on is None
            if is_open:
                worker = workers[bisect.bisect_left(cumulative, (assessment.worker_slot % 100_000) / 100_000)]
            else:
                worker = workers[assessment.worker_slot % len(workers)]
            late = assessment.completed_on is not None and assessment.completed_on > assessment.complete_by
            assert row.decided_at is not None
            assessments.add(
                (
                    assessment.pk,
                    row.child.pk,
                    unit_pk,
                    worker,
                    assessment.started_on,
                    worker,
                    assessment.complete_by,
                    AssessmentStatus.OPEN if is_open else AssessmentStatus.COMPLETED,
                    assessment.outcome,
                    assessment.completed_on,
                    None if is_open else worker,
                    late,
                    LATE_EXPLANATIONS[assessment.pk % len(LATE_EXPLANATIONS)] if late else "",
                    row.child.municipality,
                    county_pk,
                    row.decided_at,
                    row.decided_at if is_open else _at(assessment.completed_on, 14 * 60),  # type: ignore[arg-type]
                )
            )
            links.add(
                (
                    self.ids.take(AssessmentIntake),
                    assessment.pk,
                    row.pk,
                    AssessmentIntakeRole.STARTED,
                    row.decided_at,
                )
            )
            if not is_open:
                self.completed_for_plans.append(
                    (assessment.pk, row.child.pk, worker, assessment.completed_on, assessment.outcome)  # type: ignore[arg-type]
                )
            if is_open:
                open_assessments += 1
                source = str(assessment.pk)
                involvements.add(
                    (
                        self.ids.take(Involvement),
                        row.child.pk,
                        AccessBasis.OWNING_UNIT,
                        unit_pk,
                        None,
                        ASSESSMENT_SOURCE,
                        source,
                        row.decided_at,
                    )
                )
                involvements.add(
                    (
                        self.ids.take(Involvement),
                        row.child.pk,
                        AccessBasis.RESPONSIBLE_WORKER,
                        None,
                        worker,
                        ASSESSMENT_SOURCE,
                        source,
                        row.decided_at,
                    )
                )
        result.assessments += assessments.flush_all()
        links.flush_all()
        result.open_assessments += open_assessments
        result.involvements += involvements.flush_all()
        # Free the county's rows before the next one.
        self.children.clear()
        self.extra_children.clear()
        self.intakes.clear()
        self.assessments.clear()

    def write_family_centre(
        self,
        writer: _Writer,
        staff: _Staff,
        services: dict[str, list[Service]],
        contact_counters: dict[int, int],
        result: LoadResult,
    ) -> None:
        """The county's contacts, short interventions and plans (after its persons and assessments)."""
        rng = random.Random(self.rng.random())
        result.contacts += self._write_contacts(writer, staff, services, contact_counters, rng)
        interventions, sessions = self._write_short_interventions(writer, staff, rng)
        result.short_interventions += interventions
        result.sessions += sessions
        plans, actions = self._write_plans(writer, staff, services, rng)
        result.plans += plans
        result.plan_actions += actions
        self.short_interventions.clear()
        self.completed_for_plans.clear()

    def _write_contacts(
        self,
        writer: _Writer,
        staff: _Staff,
        services: dict[str, list[Service]],
        counters: dict[int, int],
        rng: random.Random,
    ) -> int:
        """Yhteydenotot perheneuvoon: received mostly in working hours, promised an answer within the working-day
        hours of ``contact_promised_by``, about 90 % answered in time by a family-centre worker of the county."""
        contacts = writer.table(
            Contact,
            [
                "id", "reference", "received_at", "promised_by", "who", "child_age", "worry", "contact_name",
                "phone", "email", "language", "consent_to_contact", "municipality_id", "status", "assigned_to_id",
                "taken_at", "first_answered_at", "first_answered_by_id", "answer_note", "waiting_seconds",
                "route", "routed_at", "routed_by_id", "routed_service_id", "appointment_at", "appointment_with",
                "intake_consent", "created_at", "updated_at",
            ],
            rng,
        )  # fmt: skip
        hours = answer_hours()
        days, now, area = self.days, self.now, self.area
        workers = staff.family_workers
        route_services = [s.pk for level in ROUTE_LEVELS for s in services.get(level, [])]
        who_choice, route_choice = _Choice(CONTACT_WHO), _Choice(CONTACT_ROUTES)
        late = _Quota(rng, CONTACT_LATE_SHARE)
        per_weight = self.contacts_per_year * len(days.dates) / 365.25 / sum(days.weights)
        for day, weight in zip(days.dates, days.weights, strict=True):
            expected = per_weight * weight
            count = int(expected) + (1 if rng.random() < expected - int(expected) else 0)
            for _number in range(count):
                if weight >= 1.0 and rng.random() < 0.8:
                    minutes = rng.randrange(8 * 60, 16 * 60)
                else:
                    minutes = rng.randrange(7 * 60, 23 * 60)
                received_at = _at(day, minutes)
                if received_at > now:
                    continue
                year = day.year
                number = counters.get(year, 0) + 1
                if number > CONTACT_REFERENCE_MAX:
                    raise CommandError(
                        f"Yhteydenottojen viitenumerot (YT-{year}-NNNNN) loppuivat; pienennä --scale-arvoa."
                    )
                counters[year] = number
                pk = self.ids.take(Contact)
                promised_by = contact_promised_by(received_at=received_at, hours=hours)
                if late.draw():
                    answered_at = promised_by + dt.timedelta(minutes=rng.randrange(30, 3 * 24 * 60))
                else:
                    span = max(60, int((promised_by - received_at).total_seconds()) - 60)
                    answered_at = received_at + dt.timedelta(seconds=rng.randrange(min(600, span - 1), span))
                who = who_choice.pick(rng)
                if who == WhoWorried.MYSELF:
                    age: int | None = rng.randrange(13, 30) if rng.random() < 0.4 else None
                else:
                    age = rng.randrange(0, 18)
                worker = workers[rng.randrange(len(workers))]
                route = ""
                status = ContactStatus.WAITING
                if answered_at > now:
                    answered_at = None  # type: ignore[assignment]
                    worker_or_none = None
                else:
                    worker_or_none = worker
                    status = ContactStatus.ANSWERED
                    if rng.random() < CONTACT_ROUTED_SHARE:
                        route = route_choice.pick(rng)
                        if route == Route.SERVICE and not route_services:
                            route = Route.APPOINTMENT
                        status = ContactStatus.ROUTED
                routed = route != ""
                service = (
                    route_services[rng.randrange(len(route_services))] if route == Route.SERVICE else None
                )
                appointment_at = (
                    _at(
                        _working_days_after(time.local_date(answered_at), rng.randint(2, 10)),
                        rng.randrange(8, 16) * 60,
                    )
                    if route == Route.APPOINTMENT
                    else None
                )
                contacts.add(
                    (
                        pk,
                        f"{CONTACT_REFERENCE_PREFIX}-{year}-{number:05d}",
                        received_at,
                        promised_by,
                        who,
                        age,
                        CONTACT_WORRIES[rng.randrange(len(CONTACT_WORRIES))],
                        "",
                        "",
                        f"yhteydenotto{pk}@national.example",
                        PreferredLanguage.SV if rng.random() < 0.05 else PreferredLanguage.FI,
                        True,
                        area.municipalities[bisect.bisect_left(area.cumulative, rng.random())].pk,
                        status,
                        worker_or_none,
                        answered_at,
                        answered_at,
                        worker_or_none,
                        CONTACT_ANSWERS[pk % len(CONTACT_ANSWERS)] if answered_at else "",
                        int((answered_at - received_at).total_seconds()) if answered_at else None,
                        route,
                        answered_at if routed else None,
                        worker_or_none if routed else None,
                        service,
                        appointment_at,
                        APPOINTMENT_WITH[pk % len(APPOINTMENT_WITH)] if route == Route.APPOINTMENT else "",
                        route == Route.SOCIAL_CARE_CONTACT,
                        received_at,
                        answered_at or received_at,
                    )
                )
        return contacts.flush_all()

    def _write_short_interventions(
        self, writer: _Writer, staff: _Staff, rng: random.Random
    ) -> tuple[int, int]:
        """Lyhytinterventiot: a family-centre worker and a special-level social worker in pair work."""
        interventions = writer.table(
            ShortIntervention,
            [
                "id", "child_id", "unit_id", "basic_worker_id", "special_worker_id", "planned_sessions",
                "started_on", "ended_on", "result", "result_notes", "created_at", "updated_at",
            ],
            rng,
        )  # fmt: skip
        sessions = writer.table(
            InterventionSession,
            ["id", "intervention_id", "number", "held_on", "notes", "recorded_by_id", "recorded_at"],
            rng,
        )
        basic_workers, special_workers = staff.family_workers, staff.responsible_workers
        for row in self.short_interventions:
            basic = basic_workers[row.worker_slot % len(basic_workers)]
            special = special_workers[(row.worker_slot >> 8) % len(special_workers)]
            notes = ""
            if row.result == InterventionResult.CONTINUES_BASIC:
                notes = "Perhe jatkaa peruspalveluissa; tilanne on rauhoittunut."
            elif row.result == InterventionResult.MOVES_SPECIAL:
                notes = "Perhe tarvitsee erityistason tukea; ohjattu erityispalveluihin."
            interventions.add(
                (
                    row.pk,
                    row.child.pk,
                    staff.family_unit,
                    basic,
                    special,
                    row.planned,
                    row.started_on,
                    row.ended_on,
                    row.result,
                    notes,
                    _at(row.started_on, 10 * 60),
                    _at(row.ended_on or row.sessions[-1], 15 * 60),
                )
            )
            for number, held_on in enumerate(row.sessions, start=1):
                sessions.add(
                    (
                        self.ids.take(InterventionSession),
                        row.pk,
                        number,
                        held_on,
                        "Työparitapaaminen perheen kanssa.",
                        basic,
                        _at(held_on, 15 * 60),
                    )
                )
        return interventions.flush_all(), sessions.flush_all()

    def _write_plans(
        self, writer: _Writer, staff: _Staff, services: dict[str, list[Service]], rng: random.Random
    ) -> tuple[int, int]:
        """Asiakassuunnitelmat (SHL 39 §) after completed assessments that found a need: at most one active plan
        per child (an earlier active plan is closed the day before the next one starts), 1–3 actions on services
        of the county's catalogue, version 1 as written."""
        today = self.today
        by_child: dict[int, _PlanRow] = {}
        plans: list[_PlanRow] = []
        for pk_assessment, child, worker, completed_on, outcome in sorted(
            self.completed_for_plans, key=lambda item: (item[3], item[0])
        ):
            if outcome not in PLAN_OUTCOMES or rng.random() >= PLAN_SHARE:
                continue
            start = min(completed_on + dt.timedelta(days=rng.randrange(0, 15)), today)
            previous = by_child.get(child)
            if previous is not None and (previous.closed_on is None or previous.closed_on >= start):
                if previous.started_on >= start:
                    continue
                end_previous = start - dt.timedelta(days=1)
                previous.closed_on, previous.closed_reason = end_previous, PLAN_REPLACED_REASON
                previous.actions = [
                    (pk, service, begin, min(end, end_previous) if end is not None else end_previous)
                    for pk, service, begin, end in previous.actions
                    if begin <= end_previous
                ]
            duration = rng.randint(90, 900)
            closed_on = start + dt.timedelta(days=duration)
            if closed_on >= today:
                closed_on = None  # type: ignore[assignment]
            row = _PlanRow(
                pk=self.ids.take(Plan),
                child=child,
                coordinator=worker,
                started_on=start,
                closed_on=closed_on,
                closed_reason=PLAN_CLOSE_REASON if closed_on else "",
                source=f"{ASSESSMENT_SOURCE}:{pk_assessment}",
                actions=self._plan_actions(outcome, start, closed_on, services, rng),
            )
            by_child[child] = row
            plans.append(row)
        plan_table = writer.table(
            Plan,
            [
                "id", "child_id", "status", "unit_id", "coordinator_id", "source", "services_needed", "started_on",
                "closed_on", "closed_reason", "version", "created_by_id", "created_at", "updated_at",
            ],
            rng,
        )  # fmt: skip
        action_table = writer.table(
            PlanAction,
            [
                "id", "plan_id", "description", "service_id", "service_name", "owner_id", "unit_id", "sector",
                "start_on", "end_on", "is_essential", "position", "created_at",
            ],
            rng,
        )  # fmt: skip
        versions = writer.table(
            PlanVersion,
            [
                "id",
                "plan_id",
                "number",
                "snapshot",
                "change_summary",
                "created_at",
                "created_by_id",
                "created_by_name",
            ],
            rng,
        )
        service_by_pk = {s.pk: s for level in services.values() for s in level}
        for row in plans:
            unit = staff.units_of[row.coordinator]
            created_at = _at(row.started_on, 12 * 60)
            names = ", ".join(service_by_pk[service].name_fi for _pk, service, _start, _end in row.actions)
            plan_table.add(
                (
                    row.pk,
                    row.child,
                    PlanStatus.CLOSED if row.closed_on else PlanStatus.ACTIVE,
                    unit,
                    row.coordinator,
                    row.source,
                    names,
                    row.started_on,
                    row.closed_on,
                    row.closed_reason,
                    1,
                    row.coordinator,
                    created_at,
                    _at(row.closed_on, 12 * 60) if row.closed_on else created_at,
                )
            )
            snapshot_actions = []
            for position, (pk, service_pk, start, end) in enumerate(row.actions):
                service = service_by_pk[service_pk]
                description = f"{service.name_fi}: tuki suunnitelman tavoitteiden mukaan."
                action_table.add(
                    (pk, row.pk, description, service_pk, "", row.coordinator, unit, service.sector, start, end,
                     position == 0, position, created_at)
                )  # fmt: skip
                snapshot_actions.append(
                    {
                        "id": pk,
                        "description": description,
                        "service": service.name_fi,
                        "service_id": service_pk,
                        "owner": staff.names[row.coordinator],
                        "owner_id": row.coordinator,
                        "unit": staff.unit_names.get(unit, ""),
                        "sector": service.sector,
                        "sector_label": str(Sector(service.sector).label) if service.sector else "",
                        "start_on": start.isoformat(),
                        "end_on": end.isoformat() if end else None,
                        "meeting_frequency": "",
                        "is_essential": position == 0,
                        "goal": "",
                    }
                )
            items: dict[str, Any] = dict.fromkeys(Plan.ITEM_FIELDS, "")
            items["services_needed"] = names
            items["expected_end_on"] = items["next_review_on"] = None
            snapshot = {
                "format": SNAPSHOT_FORMAT,
                "status": PlanStatus.ACTIVE.value,
                "coordinator": staff.names[row.coordinator],
                "coordinator_id": row.coordinator,
                "unit": staff.unit_names.get(unit, ""),
                "started_on": row.started_on.isoformat(),
                "closed_on": None,
                "closed_reason": "",
                "items": items,
                "goals": [],
                "actions": snapshot_actions,
                "partners": [],
            }
            versions.add(
                (
                    self.ids.take(PlanVersion),
                    row.pk,
                    1,
                    snapshot,
                    "Suunnitelma laadittu arvioinnin jälkeen",
                    created_at,
                    row.coordinator,
                    staff.names[row.coordinator][:300],
                )
            )
        written = plan_table.flush_all()
        actions = action_table.flush_all()
        versions.flush_all()
        return written, actions

    def _plan_actions(
        self,
        outcome: str,
        start: dt.date,
        closed_on: dt.date | None,
        services: dict[str, list[Service]],
        rng: random.Random,
    ) -> list[tuple[int, int, dt.date, dt.date | None]]:
        """1–3 actions by the assessment's outcome; some move up from basic level and some come back down."""
        today = self.today
        end_limit = closed_on or today

        def pick(level: str) -> int:
            options = services[level]
            return options[rng.randrange(len(options))].pk

        def action(
            level: str, begin: dt.date, length: int | None
        ) -> tuple[int, int, dt.date, dt.date | None]:
            end: dt.date | None = None
            if length is not None:
                end = begin + dt.timedelta(days=length)
            if closed_on is not None and (end is None or end > closed_on):
                end = closed_on
            return (self.ids.take(PlanAction), pick(level), begin, end)

        actions = []
        if outcome == AssessmentOutcome.BASIC_FAMILY_CENTRE:
            actions.append(action(Level.BASIC, start, rng.randint(60, 240)))
            if rng.random() < 0.5:
                actions.append(action(Level.EARLY_SUPPORT, start, rng.randint(30, 180)))
            return actions
        heavy = Level.DEMANDING if outcome == AssessmentOutcome.URGENT_MEASURES else Level.SPECIAL
        if outcome == AssessmentOutcome.CHILD_PROTECTION_CLIENT and rng.random() < 0.15:
            heavy = Level.DEMANDING
        heavy_start = start
        if rng.random() < 0.4:
            # Up: the family starts at basic level and moves on to special or demanding services.
            heavy_start = start + dt.timedelta(days=rng.randint(20, 120))
            actions.append(action(Level.BASIC, start, None))
        if heavy_start > end_limit:
            heavy_start = start
        length = rng.randint(60, 540)
        actions.append(action(heavy, heavy_start, length))
        heavy_end = actions[-1][3]
        if heavy_end is not None and heavy_end < end_limit and rng.random() < 0.6 and len(actions) < 3:
            # Back down: a basic-level service soon after the heavier one ended.
            actions.append(action(Level.BASIC, heavy_end + dt.timedelta(days=rng.randint(1, 60)), None))
            if actions[-1][2] > end_limit or (actions[-1][3] is not None and actions[-1][3] < actions[-1][2]):
                actions.pop()
        return actions


def _channel(rng: random.Random, sector: str) -> str:
    if sector == NotifierSector.POLICE:
        return Channel.API if rng.random() < 0.6 else Channel.E_FORM
    roll = rng.random()
    if roll < 0.6:
        return Channel.E_FORM
    if roll < 0.9:
        return Channel.PHONE
    return Channel.LETTER if roll < 0.95 else Channel.IN_PERSON


def _cumulative(weights: Iterable[float]) -> list[float]:
    values = list(weights)
    total = sum(values)
    cumulative, running = [], 0.0
    for value in values:
        running += value / total
        cumulative.append(running)
    cumulative[-1] = 1.0
    return cumulative


class _Quota:
    """A yes/no draw whose share of yeses stays near ``share`` even in a small county (twice the share while behind,
    a fifth of it while ahead), so that a tiny data set lands in the same calibration bands as the whole country."""

    def __init__(self, rng: random.Random, share: float) -> None:
        self.rng, self.share = rng, share
        self.draws = self.yeses = 0

    def draw(self) -> bool:
        behind = self.yeses < self.share * (self.draws + 1)
        yes = self.rng.random() < (2 * self.share if behind else self.share / 5)
        self.draws += 1
        self.yeses += yes
        return yes


class _Choice:
    """A weighted choice with a precomputed cumulative table (``random.choices`` rebuilds it on every call)."""

    def __init__(self, weighted: list[tuple[Any, float]]) -> None:
        self.values = [value for value, _weight in weighted]
        self.cumulative = _cumulative(weight for _value, weight in weighted)

    def pick(self, rng: random.Random) -> Any:
        return self.values[bisect.bisect_left(self.cumulative, rng.random())]


# --- Bulk writing -------------------------------------------------------------------------------------------------


class _Writer:
    """Writes rows with explicit primary keys: ``executemany`` on SQLite, ``COPY`` on PostgreSQL."""

    BATCH = 20_000

    def __init__(self, *, now: dt.datetime) -> None:
        connection.ensure_connection()
        self.vendor = connection.vendor
        self.now = now
        self.models: set[type[models.Model]] = set()

    def table(self, model: type[models.Model], columns: list[str], rng: random.Random) -> _Table:
        self.models.add(model)
        return _Table(self, model, columns, rng)

    def finish(self) -> None:
        """Move PostgreSQL's sequences past the explicit keys (SQLite's AUTOINCREMENT follows by itself)."""
        statements = connection.ops.sequence_reset_sql(
            no_style(), sorted(self.models, key=lambda m: m._meta.label)
        )
        if statements:
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)


class _Table:
    """Rows of one model: the given columns, then generated UUIDs, optional per-row fields and constant defaults."""

    OPTIONAL = ("is_unborn", "expected_birth_date")

    def __init__(
        self, writer: _Writer, model: type[models.Model], columns: list[str], rng: random.Random
    ) -> None:
        self.writer, self.model, self.rng = writer, model, rng
        fields = {f.attname: f for f in model._meta.concrete_fields}
        unknown = [name for name in columns if name not in fields]
        if unknown:
            raise CommandError(f"{model._meta.label}: tuntemattomat sarakkeet {unknown}")
        rest = [name for name in fields if name not in columns]
        self.uuid_columns = [name for name in rest if fields[name].default is uuid.uuid4]
        self.optional = [name for name in rest if name in self.OPTIONAL]
        self.optional_defaults = {name: fields[name].get_default() for name in self.optional}
        constant_columns = [
            name for name in rest if name not in self.uuid_columns and name not in self.optional
        ]
        self.constants = tuple(
            writer.now if fields[name].default is time.now else fields[name].get_default()
            for name in constant_columns
        )
        self.fields = [
            fields[name] for name in [*columns, *self.uuid_columns, *self.optional, *constant_columns]
        ]
        self.converters = [_converter(writer.vendor, f) for f in self.fields]
        self.convert_at = [i for i, c in enumerate(self.converters) if c is not None]
        self.rows: list[tuple[Any, ...]] = []
        self.written = 0

    def add(self, values: tuple[Any, ...], **optional: Any) -> None:
        rng = self.rng
        generated = tuple(uuid.UUID(int=rng.getrandbits(128), version=4) for _name in self.uuid_columns)
        extra = tuple(optional.get(name, self.optional_defaults[name]) for name in self.optional)
        self.rows.append(values + generated + extra + self.constants)
        if len(self.rows) >= self.writer.BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        rows: list[Any] = self.rows
        if self.convert_at:
            converted = []
            convert_at, converters = self.convert_at, self.converters
            for row in rows:
                values = list(row)
                for index in convert_at:
                    value = values[index]
                    if value is not None:
                        values[index] = converters[index](value)  # type: ignore[misc]
                converted.append(values)
            rows = converted
        table = connection.ops.quote_name(self.model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
        with connection.cursor() as cursor:
            if self.writer.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                placeholders = ", ".join(["%s"] * len(self.fields))
                # Table and column names come from the model, quoted; the values are parameters.
                sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
                cursor.executemany(sql, rows)
        self.written += len(self.rows)
        self.rows = []

    def flush_all(self) -> int:
        self.flush()
        return self.written


def _converter(vendor: str, model_field: models.Field) -> Callable[[Any], Any] | None:
    kind = model_field.get_internal_type()
    if kind == "JSONField":
        return json.dumps
    if vendor == "postgresql":
        return None
    if kind == "DateTimeField":
        return _sqlite_datetime
    if kind == "DateField":
        return dt.date.isoformat
    if kind == "UUIDField":
        return _uuid_hex
    return None


def _sqlite_datetime(value: dt.datetime) -> str:
    """As Django stores an aware datetime on SQLite: naive UTC, ISO format with a space."""
    if value.tzinfo is not dt.UTC:
        value = value.astimezone(dt.UTC)
    return value.isoformat(" ")[:-6]  # without the "+00:00"


def _uuid_hex(value: uuid.UUID) -> str:
    return value.hex
