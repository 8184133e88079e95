"""``luukku import-catalogue``: load a region's catalogue in the format of the demo region's catalogue.json.

Idempotent by id: a second run updates what the first created. Organisations and municipalities missing from
the database are created from the file. The whole file loads in one transaction and the search index is
rebuilt at the end of it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from luukku.catalogue import services as catalogue_services
from luukku.catalogue.models import Activity, ChannelKind, MeetingPlace, Service, ServiceChannel, Topic
from luukku.catalogue.vocabulary import vocabulary
from luukku.organisations.models import Municipality, Organisation, OrganisationKind


class CatalogueFileError(ValueError):
    """The file is not a catalogue; the message names what is wrong."""


@dataclass
class ImportResult:
    municipalities: int = 0
    organisations: int = 0
    topics: int = 0
    services: int = 0
    meeting_places: int = 0
    indexed: int = 0

    def __str__(self) -> str:
        return (
            f"kuntia {self.municipalities}, organisaatioita {self.organisations}, aiheita {self.topics}, "
            f"palveluja {self.services}, kohtaamispaikkoja {self.meeting_places}, hakuindeksissä {self.indexed}"
        )


def _require(obj: dict[str, Any], key: str, path: str) -> Any:
    if key not in obj:
        raise CatalogueFileError(f"{path}.{key}: puuttuu")
    return obj[key]


def _municipality(code: str, data: dict[str, Any] | None = None) -> Municipality:
    defaults: dict[str, Any] = {"name_fi": code.replace("-", " ").title()}
    if data:
        defaults = {
            "name_fi": data.get("name_fi") or code,
            "name_sv": data.get("name_sv") or "",
            "kind": data.get("type") or "",
            "population": data.get("population"),
            "languages": data.get("languages") or [],
        }
        municipality, _created = Municipality.objects.update_or_create(code=code, defaults=defaults)
        return municipality
    municipality, _created = Municipality.objects.get_or_create(code=code, defaults=defaults)
    return municipality


def _organisation(raw: dict[str, Any], path: str) -> Organisation:
    kind = raw.get("kind") or OrganisationKind.NGO
    if kind not in OrganisationKind.values:
        raise CatalogueFileError(f"{path}.kind: tuntematon organisaatiotyyppi {kind!r}")
    organisation, _created = Organisation.objects.update_or_create(
        code=_require(raw, "id", path),
        defaults={
            "name_fi": _require(raw, "name_fi", path),
            "name_sv": raw.get("name_sv") or "",
            "kind": kind,
            "web": raw.get("web") or "",
            "note_fi": raw.get("note_fi") or "",
        },
    )
    organisation.municipalities.set([_municipality(code) for code in raw.get("municipalities", [])])
    return organisation


def _topics(raw_topics: list[Any]) -> dict[str, Topic]:
    labels = vocabulary().topics
    found: dict[str, Topic] = {}
    for item in raw_topics:
        if isinstance(item, dict):
            code = item["code"] if "code" in item else item["id"]
            given = {
                lang: item.get(f"label_{lang}") or item.get(f"name_{lang}") for lang in ("fi", "sv", "en")
            }
        else:
            code, given = str(item), {}
        known = labels.get(code, {})
        topic, _created = Topic.objects.update_or_create(
            code=code,
            defaults={
                "label_fi": given.get("fi") or known.get("fi") or code,
                "label_sv": given.get("sv") or known.get("sv", ""),
                "label_en": given.get("en") or known.get("en", ""),
            },
        )
        found[code] = topic
    return found


def _organisation_by_code(code: str, path: str) -> Organisation:
    organisation = Organisation.objects.filter(code=code).first()
    if organisation is None:
        organisation = Organisation.objects.create(code=code, name_fi=code, kind=OrganisationKind.NGO)
    return organisation


def _service(raw: dict[str, Any], path: str, topics: dict[str, Topic]) -> Service:
    code = _require(raw, "id", path)
    organisation = _organisation_by_code(_require(raw, "organisation", path), f"{path}.organisation")
    cost = raw.get("unit_cost_eur")
    service, _created = Service.objects.update_or_create(
        code=code,
        defaults={
            "organisation": organisation,
            "sector": raw.get("sector") or "",
            "name_fi": _require(raw, "name_fi", path),
            "name_sv": raw.get("name_sv") or "",
            "name_en": raw.get("name_en") or "",
            "summary_fi": raw.get("summary_fi") or "",
            "summary_sv": raw.get("summary_sv") or "",
            "summary_en": raw.get("summary_en") or "",
            "description_fi": raw.get("description_fi") or "",
            "description_sv": raw.get("description_sv") or "",
            "description_en": raw.get("description_en") or "",
            "level": _require(raw, "level", path),
            "age_min": int(raw.get("age_min", 0)),
            "age_max": int(raw.get("age_max", 29)),
            "target": raw.get("target") or "",
            "referral_required": bool(raw.get("referral_required", False)),
            "routing_criteria_fi": raw.get("routing_criteria_fi") or "",
            "routing_criteria_sv": raw.get("routing_criteria_sv") or "",
            "typical_sessions": raw.get("typical_sessions"),
            "unit_cost_eur": Decimal(str(cost)) if cost is not None else None,
            "unit_cost_basis": raw.get("unit_cost_basis") or "",
            "core_person": raw.get("core_person") or "",
            "topic_order": list(raw.get("topics", [])),
            "is_active": True,
        },
    )
    missing = [code for code in raw.get("topics", []) if code not in topics]
    if missing:
        topics.update(_topics(missing))
    service.topics.set([topics[code] for code in raw.get("topics", [])])
    service.municipalities.set([_municipality(code) for code in raw.get("municipalities", [])])
    service.channels.all().delete()
    for position, channel in enumerate(raw.get("channels", [])):
        kind = channel.get("type")
        if kind not in ChannelKind.values:
            raise CatalogueFileError(f"{path}.channels[{position}].type: tuntematon kanavatyyppi {kind!r}")
        ServiceChannel.objects.create(
            service=service, kind=kind, value=str(channel.get("value", ""))[:1000], position=position
        )
    return service


def _time(value: str, path: str) -> dt.time:
    try:
        return dt.time.fromisoformat(value)
    except (TypeError, ValueError):
        raise CatalogueFileError(f"{path}: kellonaika muodossa HH:MM") from None


def _meeting_place(raw: dict[str, Any], path: str) -> MeetingPlace:
    place, _created = MeetingPlace.objects.update_or_create(
        code=_require(raw, "id", path),
        defaults={
            "name_fi": _require(raw, "name_fi", path),
            "name_sv": raw.get("name_sv") or "",
            "name_en": raw.get("name_en") or "",
            "municipality": _municipality(_require(raw, "municipality", path)),
            "address": raw.get("address") or "",
            "opening_hours": raw.get("opening_hours") or "",
            "is_active": True,
        },
    )
    place.organisations.set([_organisation_by_code(code, path) for code in raw.get("organisations", [])])
    place.activities.all().delete()
    for index, activity in enumerate(raw.get("activities", [])):
        where = f"{path}.activities[{index}]"
        organiser = activity.get("organiser")
        Activity.objects.create(
            meeting_place=place,
            weekday=int(_require(activity, "weekday", where)),
            start=_time(_require(activity, "start", where), f"{where}.start"),
            end=_time(_require(activity, "end", where), f"{where}.end"),
            name_fi=_require(activity, "name_fi", where),
            name_sv=activity.get("name_sv") or "",
            name_en=activity.get("name_en") or "",
            audience=activity.get("audience") or "",
            organiser=_organisation_by_code(organiser, f"{where}.organiser") if organiser else None,
        )
    return place


@transaction.atomic
def catalogue_import(*, data: dict[str, Any]) -> ImportResult:
    """Load one catalogue (region, topics, organisations, services, meeting places) and rebuild the index."""
    if not isinstance(data, dict) or "services" not in data:
        raise CatalogueFileError("Tiedosto ei ole palveluluettelo: services-lista puuttuu.")
    result = ImportResult()
    region = data.get("region") or {}
    for municipality in region.get("municipalities", []):
        _municipality(municipality["id"], municipality)
        result.municipalities += 1
    topics = _topics(data.get("topics", []))
    result.topics = len(topics)
    for index, raw in enumerate(data.get("organisations", [])):
        _organisation(raw, f"organisations[{index}]")
        result.organisations += 1
    for index, raw in enumerate(data["services"]):
        _service(raw, f"services[{index}]", topics)
        result.services += 1
    for index, raw in enumerate(data.get("meeting_places", [])):
        _meeting_place(raw, f"meeting_places[{index}]")
        result.meeting_places += 1
    result.indexed = catalogue_services.search_index_rebuild()
    return result


def catalogue_import_file(*, path: Path) -> ImportResult:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CatalogueFileError(f"Tiedostoa {path} ei voi lukea JSON-muodossa: {error}") from error
    return catalogue_import(data=data)
