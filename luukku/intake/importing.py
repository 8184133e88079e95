"""Vireilletulojen siirto aiemmasta järjestelmästä (``luukku import-intakes FILE.jsonl``).

One JSON object a line::

    {"external_id": "A-1", "kind": "child_protection_notification", "received_on": "2025-03-04",
     "child": {"identity_code": "…", "municipality": "kaislaharju"}, "notifier_sector": "education",
     "outcome": "pta_started", "outcome_on": "2025-03-10", "pta_completed_on": "2025-05-30"}

The file is streamed line by line (never read whole) and loaded in batches, as a system task (audited with basis
``system`` and channel ``import``). Every line is validated first; a bad line is reported with its number and
reason and leaves nothing behind. The valid lines of a batch are written in bulk, with the rows the intake
services would write (child, intake with its decision, the receiving unit's basis, timeline, log rows); should
the database refuse one, the batch is written again line by line in savepoints. A line whose
``(source_system, external_id)`` is already in Luukku is counted as already present, so a re-run adds nothing.
Persons are found by the identity code's digest, else added (a legacy line has no names: ``NAME_MISSING``).

``pta_completed_on`` is stored in ``Intake.imported_pta_completed_on``: the assessment app's ``Assessment`` needs
a responsible worker, an outcome and the child's views that legacy lines do not carry, and the intake app may not
import the assessment app. The THL report counts completions of imported intakes from that field.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from luukku.access.models import AccessBasis, Involvement
from luukku.audit.models import AuditAction
from luukku.audit.services import audit_record
from luukku.core import deadlines, identity, time
from luukku.intake import services
from luukku.intake.models import (
    NON_PROFESSIONAL_SECTORS,
    Channel,
    FamilyKnows,
    Intake,
    IntakeEvent,
    IntakeEventKind,
    IntakeKind,
    IntakeStatus,
    NotifierSector,
    Outcome,
    ReceiptCounter,
)
from luukku.organisations.models import Municipality, Organisation, Unit
from luukku.organisations.selectors import area_of
from luukku.people.models import Person
from luukku.people.services import person_validate

DEFAULT_SOURCE = "legacy"
AUDIT_CHANNEL = "import"
BATCH_SIZE = 250
IMPORTABLE_KINDS = (
    IntakeKind.CHILD_PROTECTION_NOTIFICATION,
    IntakeKind.SOCIAL_CARE_CONTACT,
    IntakeKind.FAMILY_REQUEST,
    IntakeKind.ANTICIPATORY_NOTIFICATION,
)
#: The last name of a child added to the register from a legacy line, which has none (see ``_load``).
NAME_MISSING = "[tuotu: nimi puuttuu]"
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class LineError(Exception):
    """A line that cannot be loaded; ``reason`` says which value and why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class ImportResult:
    """The summary printed by ``import-intakes --json``."""

    loaded: int = 0
    already_present: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"loaded": self.loaded, "already_present": self.already_present, "errors": self.errors}


@dataclass(frozen=True)
class ImportLine:
    external_id: str
    kind: str
    received_on: dt.date
    identity_code: str
    municipality: Municipality
    notifier_sector: str
    outcome: str | None
    outcome_on: dt.date | None
    pta_completed_on: dt.date | None


# --- Parsing ---------------------------------------------------------------------------------------------------


def _date(data: dict[str, Any], name: str, *, required: bool, today: dt.date) -> dt.date | None:
    value = data.get(name)
    if value is None:
        if required:
            raise LineError(_("%(field)s puuttuu.") % {"field": name})
        return None
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise LineError(_("%(field)s: päivämäärän on oltava muotoa VVVV-KK-PP.") % {"field": name})
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise LineError(
            _("%(field)s: päivää %(value)s ei ole kalenterissa.") % {"field": name, "value": value}
        ) from None
    if day > today:
        raise LineError(_("%(field)s: päivämäärä ei voi olla tulevaisuudessa.") % {"field": name})
    return day


class _Municipalities:
    """Municipalities by region-data id, looked up once each."""

    def __init__(self) -> None:
        self._cache: dict[str, Municipality | None] = {}

    def get(self, code: str) -> Municipality | None:
        if code not in self._cache:
            self._cache[code] = Municipality.objects.filter(code=code).first()
        return self._cache[code]


def parse_line(text: str, *, today: dt.date, municipalities: _Municipalities) -> ImportLine:
    """Validate one line; raise ``LineError`` naming the first bad value."""
    try:
        data = json.loads(text)
    except ValueError:
        raise LineError(_("Rivi ei ole kelvollista JSONia.")) from None
    if not isinstance(data, dict):
        raise LineError(_("Rivin on oltava JSON-olio."))
    external_id = data.get("external_id")
    if not isinstance(external_id, str) or not external_id.strip():
        raise LineError(_("external_id puuttuu."))
    if len(external_id.strip()) > 190:
        raise LineError(_("external_id: enintään 190 merkkiä."))
    kind = data.get("kind")
    if kind not in IMPORTABLE_KINDS:
        raise LineError(
            _("kind: tuntematon laji %(kind)s.") % {"kind": json.dumps(kind, ensure_ascii=False)[:60]}
        )
    received_on = _date(data, "received_on", required=True, today=today)
    child = data.get("child")
    if not isinstance(child, dict):
        raise LineError(_("child puuttuu tai ei ole JSON-olio."))
    raw_code = child.get("identity_code")
    if not isinstance(raw_code, str) or not raw_code.strip():
        raise LineError(_("child.identity_code puuttuu."))
    try:
        code = identity.parse(raw_code)
    except identity.IdentityCodeError as error:
        # The reason names what is wrong, never the code itself.
        raise LineError(_("child.identity_code: %(reason)s") % {"reason": " ".join(error.messages)}) from None
    if code.birth_date > today:
        raise LineError(_("child.identity_code: syntymäaika on tulevaisuudessa."))
    municipality_code = child.get("municipality")
    if not isinstance(municipality_code, str) or not municipality_code:
        raise LineError(_("child.municipality puuttuu."))
    municipality = municipalities.get(municipality_code)
    if municipality is None:
        raise LineError(
            _("child.municipality: tuntematon kunta %(code)s.") % {"code": json.dumps(municipality_code)[:70]}
        )
    sector = data.get("notifier_sector")
    if sector not in NotifierSector.values:
        raise LineError(
            _("notifier_sector: tuntematon taho %(sector)s.")
            % {"sector": json.dumps(sector, ensure_ascii=False)[:60]}
        )
    outcome = data.get("outcome")
    if outcome is not None and outcome not in Outcome.values:
        raise LineError(
            _("outcome: tuntematon ratkaisu %(outcome)s.")
            % {"outcome": json.dumps(outcome, ensure_ascii=False)[:60]}
        )
    outcome_on = _date(data, "outcome_on", required=False, today=today)
    if outcome is not None and outcome_on is None:
        raise LineError(_("outcome_on puuttuu: ratkaisulla on oltava päivä."))
    if outcome is None and outcome_on is not None:
        raise LineError(_("outcome_on annettu ilman ratkaisua (outcome)."))
    if outcome_on is not None and received_on is not None and outcome_on < received_on:
        raise LineError(_("outcome_on on ennen vastaanottopäivää (received_on)."))
    pta_completed_on = _date(data, "pta_completed_on", required=False, today=today)
    if pta_completed_on is not None:
        if outcome != Outcome.PTA_STARTED:
            raise LineError(
                _("pta_completed_on annettu, vaikka arviointia ei aloitettu (outcome ei ole pta_started).")
            )
        if outcome_on is not None and pta_completed_on < outcome_on:
            raise LineError(_("pta_completed_on on ennen arvioinnin aloittamista (outcome_on)."))
    if kind == IntakeKind.ANTICIPATORY_NOTIFICATION:
        if received_on is not None and code.birth_date <= received_on:
            raise LineError(
                _(
                    "Ennakollinen ilmoitus (LSL 25 c §) on tehty ennen lapsen syntymää: received_on on syntymän jälkeen."
                )
            )
        if outcome_on is not None and outcome_on < code.birth_date:
            raise LineError(
                _(
                    "outcome_on on ennen lapsen syntymää: ennakollisen ilmoituksen asia tulee vireille syntymästä."
                )
            )
    assert received_on is not None
    return ImportLine(
        external_id=external_id.strip(),
        kind=kind,
        received_on=received_on,
        identity_code=code.code,
        municipality=municipality,
        notifier_sector=sector,
        outcome=outcome,
        outcome_on=outcome_on,
        pta_completed_on=pta_completed_on,
    )


# --- Loading ---------------------------------------------------------------------------------------------------


def _reason(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
    return " ".join(error.messages)


@dataclass
class _Prepared:
    """One valid line with everything it needs from the database looked up: the child and the receiving unit."""

    number: int
    line: ImportLine
    digest: str
    unit: Unit
    person: Person | None = None
    county: Organisation | None = None


class _Context:
    """Per-run caches: routes per municipality, and the external ids loaded in this run."""

    def __init__(self, source_system: str) -> None:
        self.source_system = source_system
        self.routes: dict[int, Unit | ValidationError] = {}
        self.counties: dict[int, Organisation | None] = {}
        self.loaded: set[str] = set()

    def county(self, municipality: Municipality, unit: Unit) -> Organisation | None:
        """The statistical county of the line (organisations.selectors.area_of), once per municipality."""
        if municipality.pk not in self.counties:
            self.counties[municipality.pk] = area_of(municipality=municipality, unit=unit)[1]
        return self.counties[municipality.pk]

    def route(self, municipality: Municipality) -> Unit:
        if municipality.pk not in self.routes:
            try:
                self.routes[municipality.pk] = services.intake_route(municipality=municipality)
            except ValidationError as error:
                self.routes[municipality.pk] = error
        found = self.routes[municipality.pk]
        if isinstance(found, ValidationError):
            raise found
        return found


def _allocate_receipts(years: list[int]) -> Iterator[str]:
    """Receipt numbers for intakes received in ``years`` (in order), a block per year under the counter's row lock."""
    blocks: dict[int, Iterator[int]] = {}
    for year, count in Counter(years).items():
        ReceiptCounter.objects.select_for_update().get_or_create(year=year)
        ReceiptCounter.objects.filter(pk=year).update(last_number=F("last_number") + count)
        last = ReceiptCounter.objects.get(pk=year).last_number
        blocks[year] = iter(range(last - count + 1, last + 1))
    for year in years:
        yield f"{services.RECEIPT_PREFIX}-{year}-{next(blocks[year]):06d}"


def _intake_row(item: _Prepared, child: Person, receipt_number: str, *, source_system: str) -> Intake:
    """The intake as the services would have left it after registration, urgency assessment and decision."""
    line = item.line
    received_at = time.start_of_day(line.received_on)
    anticipatory = line.kind == IntakeKind.ANTICIPATORY_NOTIFICATION
    # LSL 25 c §: an anticipatory notification's case is initiated at the birth that the identity code records.
    initiated_on = identity.parse(line.identity_code).birth_date if anticipatory else line.received_on
    due = deadlines.intake_deadlines(initiated_on)
    professional = line.notifier_sector not in NON_PROFESSIONAL_SECTORS
    imported = _("Tuotu lähdejärjestelmästä %(source)s; perustelut ja ohjaus ovat siellä.") % {
        "source": source_system
    }
    intake = Intake(
        receipt_number=receipt_number,
        kind=line.kind,
        child=child,
        notifier_sector=line.notifier_sector,
        notifier_is_professional=professional,
        # A professional notifier is never anonymous (LSL 25 §); the legacy line has no name, so say where it is.
        notifier_name=_("Nimi lähdejärjestelmässä %(source)s") % {"source": source_system}
        if professional
        else "",
        channel=Channel.API,
        received_at=received_at,
        received_on=line.received_on,
        initiated_on=initiated_on,
        pta_start_by=due.pta_start_by,
        pta_complete_by=due.pta_complete_by,
        concern=_(
            "Tuotu lähdejärjestelmästä %(source)s (%(id)s); ilmoituksen sisältö on lähdejärjestelmässä."
        )
        % {"source": source_system, "id": line.external_id},
        family_knows=FamilyKnows.UNKNOWN,
        source_system=source_system,
        external_id=line.external_id,
        unit=item.unit,
        municipality=line.municipality,
        wellbeing_county=item.county,
        status=IntakeStatus.RECEIVED,
    )
    if line.outcome is None or line.outcome_on is None:
        return intake
    decided_at = max(time.start_of_day(line.outcome_on), received_at)
    intake.urgency_assessed_at = received_at
    intake.urgent = False
    intake.urgency_notes = _("Tuotu: kiireellisyys arvioitu lähdejärjestelmässä %(source)s.") % {
        "source": source_system
    }
    intake.outcome = line.outcome
    intake.status = (
        IntakeStatus.CLOSED if line.outcome == Outcome.CLOSED_UNNECESSARY else IntakeStatus.DECIDED
    )
    intake.decided_at = decided_at
    intake.decided_on = time.local_date(decided_at)
    if line.outcome == Outcome.CLOSED_UNNECESSARY:
        intake.decision_reason = imported
        intake.guidance_given = imported
    elif line.outcome == Outcome.ATTACHED_EXISTING:
        intake.attached_reference = f"{source_system}:{line.external_id}"
    else:
        intake.pta_started_on = time.local_date(decided_at)
        intake.imported_pta_completed_on = line.pta_completed_on
    return intake


def _events(intake: Intake, *, source_system: str) -> list[IntakeEvent]:
    """The timeline the services would have written, dated as in the legacy system."""
    events = [
        IntakeEvent(
            intake=intake,
            at=intake.received_at,
            kind=IntakeEventKind.REGISTERED,
            text=_("%(kind)s tuotu lähdejärjestelmästä %(source)s, vastaanottaja %(unit)s.")
            % {"kind": intake.get_kind_display(), "source": source_system, "unit": intake.unit.name_fi},
        )
    ]
    if intake.kind == IntakeKind.ANTICIPATORY_NOTIFICATION and intake.initiated_on:
        events.append(
            IntakeEvent(
                intake=intake,
                at=time.start_of_day(intake.initiated_on),
                kind=IntakeEventKind.BIRTH_RECORDED,
                text=_("Lapsi syntynyt %(day)s.") % {"day": f"{intake.initiated_on:%-d.%-m.%Y}"},
            )
        )
    if intake.decided_at is None:
        return events
    events.append(
        IntakeEvent(
            intake=intake,
            at=intake.received_at,
            kind=IntakeEventKind.URGENCY_ASSESSED,
            text=intake.urgency_notes,
        )
    )
    events.append(
        IntakeEvent(
            intake=intake,
            at=intake.decided_at,
            kind=IntakeEventKind.DECIDED,
            text=intake.get_outcome_display(),
        )
    )
    if intake.pta_started_on:
        events.append(
            IntakeEvent(
                intake=intake,
                at=intake.decided_at,
                kind=IntakeEventKind.PTA_STARTED,
                text=_("Palvelutarpeen arviointi aloitettu %(day)s.")
                % {"day": f"{intake.pta_started_on:%-d.%-m.%Y}"},
            )
        )
    if intake.imported_pta_completed_on:
        events.append(
            IntakeEvent(
                intake=intake,
                at=time.start_of_day(intake.imported_pta_completed_on),
                kind=IntakeEventKind.PTA_STARTED,
                text=_("Palvelutarpeen arviointi valmistunut %(day)s (tuotu).")
                % {"day": f"{intake.imported_pta_completed_on:%-d.%-m.%Y}"},
            )
        )
    return events


def _insert(items: list[_Prepared], *, source_system: str) -> None:
    """Write the prepared lines: new children, intakes, the receiving units' bases, timelines and log rows.

    The rows are those that ``intake_register``, ``intake_assess_urgency`` and ``intake_decide`` write, made in
    bulk (the services' one-by-one path takes some 50 ms a line); every rule they check has been checked by
    ``parse_line`` and ``_prepare``, and the database constraints on ``Intake`` hold the rest.
    """
    new_people: dict[str, Person] = {}
    for item in items:
        if item.person is None and item.digest not in new_people:
            new_people[item.digest] = _new_person(item.line)
    people = list(new_people.values())
    Person.objects.bulk_create(people)
    for person in people:
        audit_record(
            actor=None,
            action=AuditAction.CREATE,
            person=person,
            obj=person,
            summary=_("Henkilö lisätty rekisteriin (tuonti)"),
            basis=services.SYSTEM_BASIS,
            channel=AUDIT_CHANNEL,
        )
    receipts = _allocate_receipts([item.line.received_on.year for item in items])
    intakes = [
        _intake_row(item, item.person or new_people[item.digest], next(receipts), source_system=source_system)
        for item in items
    ]
    Intake.objects.bulk_create(intakes)
    now = time.now()
    involvements = [
        Involvement(
            person=intake.child,
            basis=AccessBasis.OWNING_UNIT,
            unit=intake.unit,
            source_type=services.SOURCE_TYPE,
            source_id=str(intake.pk),
            started_at=now,
        )
        for intake in intakes
    ]
    Involvement.objects.bulk_create(involvements)
    IntakeEvent.objects.bulk_create(
        [event for intake in intakes for event in _events(intake, source_system=source_system)]
    )
    for intake, involvement in zip(intakes, involvements, strict=True):
        audit_record(
            actor=None,
            action=AuditAction.CREATE,
            person=intake.child,
            obj=involvement,
            summary=_("Käsittelyperuste avattu: %(basis)s") % {"basis": AccessBasis.OWNING_UNIT.label},
            basis=AccessBasis.OWNING_UNIT.value,
            channel=AUDIT_CHANNEL,
        )
        summary = _("Vireilletulo tuotu: %(receipt)s") % {"receipt": intake.receipt_number}
        if intake.outcome:
            summary += " (" + str(intake.get_outcome_display()) + ")"
        audit_record(
            actor=None,
            action=AuditAction.CREATE,
            person=intake.child,
            obj=intake,
            summary=summary,
            basis=services.SYSTEM_BASIS,
            channel=AUDIT_CHANNEL,
        )


def _new_person(line: ImportLine) -> Person:
    # Legacy lines carry no names and a born person needs a last name: a marker that the worker replaces from
    # the population register. An existing person (found by the code's digest) keeps their own name.
    person = Person(first_names="", last_name=NAME_MISSING, home_municipality=line.municipality)
    person.set_identity_code(line.identity_code)
    person_validate(person)
    return person


def _prepare(
    batch: list[tuple[int, str]],
    *,
    context: _Context,
    today: dt.date,
    municipalities: _Municipalities,
    result: ImportResult,
) -> list[_Prepared]:
    """Parse a batch, count the lines already present and look up their children; bad lines go to ``result``."""
    parsed: list[tuple[int, ImportLine]] = []
    for number, text in batch:
        if not text.strip():
            continue
        try:
            parsed.append((number, parse_line(text, today=today, municipalities=municipalities)))
        except LineError as error:
            result.errors.append({"line": number, "reason": error.reason})
    present = set(
        Intake.objects.filter(
            source_system=context.source_system, external_id__in=[line.external_id for _n, line in parsed]
        ).values_list("external_id", flat=True)
    )
    digests = {line.identity_code: identity.lookup_digest(line.identity_code) for _n, line in parsed}
    people = {
        person.identity_code_digest: person
        for person in Person.objects.filter(identity_code_digest__in=set(digests.values()))
    }
    prepared = []
    for number, line in parsed:
        if line.external_id in present or line.external_id in context.loaded:
            result.already_present += 1
            continue
        try:
            unit = context.route(line.municipality)
            digest = digests[line.identity_code]
            if digest not in people:
                _new_person(line)  # the person's own rules, checked before anything is written
        except ValidationError as error:
            result.errors.append({"line": number, "reason": _reason(error)})
            continue
        context.loaded.add(line.external_id)
        prepared.append(
            _Prepared(
                number=number,
                line=line,
                digest=digest,
                unit=unit,
                person=people.get(digest),
                county=context.county(line.municipality, unit),
            )
        )
    return prepared


def _batches(lines: Iterable[str], size: int) -> Iterator[list[tuple[int, str]]]:
    batch: list[tuple[int, str]] = []
    for number, text in enumerate(lines, start=1):
        batch.append((number, text))
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def intake_import_lines(
    lines: Iterable[str], *, source_system: str = DEFAULT_SOURCE, batch_size: int = BATCH_SIZE
) -> ImportResult:
    """Load legacy intakes (a system task): bad lines are reported, good ones loaded, a re-run adds nothing.

    Each batch is one transaction. Its valid lines are written together in a savepoint; should the database
    still refuse one of them, the batch is rolled back to the savepoint and written line by line, each in its own
    savepoint, so that the refused line is reported and the others are loaded.
    """
    source_system = source_system.strip()
    if not source_system or len(source_system) > 100:
        raise ValueError("source system name must be 1–100 characters")
    result = ImportResult()
    municipalities = _Municipalities()
    context = _Context(source_system)
    today = time.today()
    for batch in _batches(lines, batch_size):
        with transaction.atomic():
            prepared = _prepare(
                batch, context=context, today=today, municipalities=municipalities, result=result
            )
            try:
                with transaction.atomic():
                    _insert(prepared, source_system=source_system)
                result.loaded += len(prepared)
            except (IntegrityError, ValidationError):
                for item in prepared:
                    # A child added by an earlier line of this batch is in the register now.
                    item.person = (
                        item.person or Person.objects.filter(identity_code_digest=item.digest).first()
                    )
                    try:
                        with transaction.atomic():
                            _insert([item], source_system=source_system)
                    except IntegrityError:
                        context.loaded.discard(item.line.external_id)
                        result.errors.append(
                            {
                                "line": item.number,
                                "reason": _(
                                    "Tietokanta ei hyväksynyt riviä (ristiriita tallennettujen tietojen kanssa)."
                                ),
                            }
                        )
                    except ValidationError as error:
                        context.loaded.discard(item.line.external_id)
                        result.errors.append({"line": item.number, "reason": _reason(error)})
                    else:
                        result.loaded += 1
    result.errors.sort(key=lambda error: error["line"])
    return result


def intake_import_file(path: Path, *, source_system: str = DEFAULT_SOURCE) -> ImportResult:
    """``intake_import_lines`` over a UTF-8 file, streamed."""
    with path.open(encoding="utf-8", errors="replace", newline=None) as handle:
        return intake_import_lines(handle, source_system=source_system)
