"""Demo work in progress: the catalogue, and intakes at every stage, so that every demo role sees real screens.

Everything goes through the same services the workers use (intake_register, intake_assess_urgency,
intake_decide, assessment_start), so the demo's audit log, access bases and deadlines are exactly what real use
would produce. Deterministic for a seed; loaded once (the caller guards it with the demo marker).
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from luukku.assessment.services import assessment_start
from luukku.catalogue.imports.catalogue_json import catalogue_import_file
from luukku.core import calendar, time
from luukku.intake.models import IntakeKind, NotifierSector, Outcome
from luukku.intake.services import (
    Notifier,
    intake_assess_urgency,
    intake_assign,
    intake_decide,
    intake_register,
)
from luukku.organisations.models import Professional
from luukku.people.models import Person

CATALOGUE = Path(__file__).resolve().parent.parent / "data" / "catalogue.json"

# (sector, notifier organisation, concern in the notifier's own words)
NOTIFICATIONS = [
    (
        NotifierSector.EDUCATION,
        "Kaislaharjun yhtenäiskoulu",
        "Oppilas on ollut paljon poissa ja kertoi, ettei kotona ole ruokaa.",
    ),
    (
        NotifierSector.HEALTH_CARE,
        "Lastenneuvola",
        "Vanhempi vaikutti päihtyneeltä neuvolakäynnillä vauvan kanssa.",
    ),
    (
        NotifierSector.POLICE,
        "Kaislaharjun poliisilaitos",
        "Kotihälytys yöllä, lapset olivat paikalla riidan aikana.",
    ),
    (
        NotifierSector.EARLY_CHILDHOOD_EDUCATION,
        "Päiväkoti Ruokoranta",
        "Lasta ei ole haettu ajoissa useana päivänä.",
    ),
    (
        NotifierSector.YOUTH_WORK,
        "Etsivä nuorisotyö",
        "Nuori kertoi nukkuvansa kavereiden luona, koska kotona on riitaa.",
    ),
    (NotifierSector.PRIVATE_PERSON, "", "Naapurin lapset ovat usein myöhään ulkona yksin."),
]


def load_catalogue() -> int:
    """The demo region's services and meeting places (idempotent: updates by id)."""
    return catalogue_import_file(path=CATALOGUE).services


def load_work(*, seed: int, logins: dict[str, Professional], count: int = 24) -> int:
    """``count`` intakes received over the last four weeks, at every stage of handling."""
    rng = random.Random(seed * 7919)
    worker = logins["demo.sosiaalityontekija"]
    today = time.today()
    children = list(
        Person.objects.filter(
            is_synthetic=True, birth_date__isnull=False, birth_date__gt=today - dt.timedelta(days=17 * 365)
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    chosen = rng.sample(children, min(count, len(children)))
    made = 0
    for index, child_pk in enumerate(chosen):
        child = Person.objects.get(pk=child_pk)
        sector, organisation, concern = NOTIFICATIONS[index % len(NOTIFICATIONS)]
        days_ago = rng.randint(0, 27)
        received_on = today - dt.timedelta(days=days_ago)
        received_at = time.start_of_day(received_on) + dt.timedelta(hours=rng.randint(8, 15))
        is_private = sector == NotifierSector.PRIVATE_PERSON
        notifier = Notifier(
            sector=sector,
            name="" if is_private else f"Demo-ilmoittaja {index + 1}",
            organisation=organisation,
        )
        kind = IntakeKind.SOCIAL_CARE_CONTACT if index % 5 == 4 else IntakeKind.CHILD_PROTECTION_NOTIFICATION
        (intake,) = intake_register(
            actor=None,
            kind=kind,
            children=[child],
            notifier=notifier,
            concern=concern,
            received_at=min(received_at, time.now()),
            municipality=child.home_municipality,
            flag_violence=sector == NotifierSector.POLICE,
            police_notified="yes" if sector == NotifierSector.POLICE else "not_applicable",
            police_notified_on=received_on if sector == NotifierSector.POLICE else None,
            audit_channel="command",
        )
        made += 1
        if index % 4 == 3:
            continue  # waiting for the team: not yet assigned
        intake = intake_assign(actor=worker, intake=intake, worker=worker)
        if index % 4 == 2 and days_ago < 3:
            continue  # assigned, urgency still to be assessed today
        assessed_at = min(received_at + dt.timedelta(hours=2), time.now())
        intake = intake_assess_urgency(
            actor=worker,
            intake=intake,
            urgent=False,
            notes="Ei kiireellisiä toimia.",
            assessed_at=assessed_at,
        )
        past_deadline = calendar.working_days_between(received_on, today) >= 5
        if past_deadline and index % 3 == 0:
            assessment_start(
                actor=worker, child=child, responsible_worker=worker, intakes=[intake], channel="command"
            )
        elif past_deadline and index % 3 == 1:
            intake_decide(
                actor=worker,
                intake=intake,
                expected_version=intake.version,
                outcome=Outcome.CLOSED_UNNECESSARY,
                reason="Perhe on jo koulukuraattorin ja perheneuvolan asiakkaana; tuki riittää.",
                guidance="Ohjattu perheneuvolaan ja kerrottu Perheneuvon yhteystiedot.",
            )
    return made
