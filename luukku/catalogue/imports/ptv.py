"""``luukku import-ptv``: services and service channels from the national Service Catalogue (PTV, Suomi.fi).

Reads PTV Open API v11 JSON: one service or channel object, a list of them, or a page with ``itemList``. The
whole file is parsed first into plain records, and a broken structure is refused with the JSON path of the
problem (``itemList[3].serviceNames[0].value: expected a string``) before anything is written; the writes then
run in one transaction, so either the whole file is saved or nothing of it. Unknown fields are ignored.
Re-importing updates by PTV id. Coordinates (ETRS-TM35FIN, EPSG:3067) are stored as WGS84.

Mapping: names and descriptions by language and type (Name/AlternativeName; Summary, Description,
UserInstruction → the service's summary, description and routing criteria); service classes, target groups,
ontology terms and life events are kept as they are in ``Service.ptv_data`` and read with the situation
vocabulary into the catalogue's topics; target groups also give the target and the age range; areas give the
municipalities (by statistics code); the responsible organisation becomes the service's organisation;
ServiceLocation, Phone, EChannel and WebPage channels become ``ServiceChannel`` rows with addresses, WGS84
coordinates, opening hours and service hours.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from luukku.catalogue import services as catalogue_services
from luukku.catalogue.models import ChannelKind, Level, Service, ServiceChannel, TargetGroup, Topic
from luukku.catalogue.vocabulary import query_words, vocabulary
from luukku.organisations.models import Municipality, Organisation, OrganisationKind

LANGS = ("fi", "sv", "en")
CHANNEL_TYPES = {"ServiceLocation", "Phone", "EChannel", "WebPage", "PrintableForm"}
DAY_ABBREVIATIONS = {
    "Monday": "ma",
    "Tuesday": "ti",
    "Wednesday": "ke",
    "Thursday": "to",
    "Friday": "pe",
    "Saturday": "la",
    "Sunday": "su",
}
# PTV target groups (KR codes) → the catalogue's target and age range.
TARGET_GROUPS: dict[str, tuple[str, int, int]] = {
    "KR1.2": (TargetGroup.FAMILIES, 0, 17),
    "KR1.3": (TargetGroup.YOUNG_PEOPLE, 13, 29),
}
REFERRAL_WORDS = re.compile(r"lähete|lähetteell|maksusitoumu|päätöksell|remiss", re.IGNORECASE)


class PtvFormatError(ValueError):
    """A PTV file whose structure is broken; the message starts with the JSON path of the problem."""

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


# --- Parsing: structure checked, nothing written ----------------------------------------------------------------


def _obj(value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise PtvFormatError(path, "expected an object")
    return value


def _list(value: Any, path: str, *, nullable: bool = True) -> list[Any]:
    if value is None and nullable:
        return []
    if not isinstance(value, list):
        raise PtvFormatError(path, "expected a list")
    return value


def _str(value: Any, path: str, *, nullable: bool = True) -> str:
    if value is None and nullable:
        return ""
    if not isinstance(value, str):
        raise PtvFormatError(path, "expected a string")
    return value


def _uuid(value: Any, path: str) -> uuid.UUID:
    text = _str(value, path, nullable=False)
    try:
        return uuid.UUID(text)
    except ValueError:
        raise PtvFormatError(path, "expected a UUID") from None


def _language_values(value: Any, path: str, *, value_key: str = "value") -> list[dict[str, str]]:
    """``[{language, value, type?}]`` lists: names, descriptions, additional information."""
    items = []
    for index, raw in enumerate(_list(value, path)):
        where = f"{path}[{index}]"
        item = _obj(raw, where)
        items.append(
            {
                "language": _str(item.get("language"), f"{where}.language"),
                "value": _str(item.get(value_key), f"{where}.{value_key}"),
                "type": _str(item.get("type"), f"{where}.type"),
            }
        )
    return items


def _by_language(items: list[dict[str, str]], *types: str) -> dict[str, str]:
    """First non-empty value per language, preferring the types in the order given."""
    found: dict[str, str] = {}
    for wanted in types or ("",):
        for item in items:
            if (not types or item["type"] == wanted) and item["value"] and item["language"] not in found:
                found[item["language"]] = item["value"].strip()
    return found


def _terms(value: Any, path: str) -> list[dict[str, Any]]:
    """Service classes, target groups, ontology terms and life events."""
    terms = []
    for index, raw in enumerate(_list(value, path)):
        where = f"{path}[{index}]"
        item = _obj(raw, where)
        names = _by_language(_language_values(item.get("name"), f"{where}.name"))
        terms.append(
            {
                "code": _str(item.get("code"), f"{where}.code"),
                "uri": _str(item.get("uri"), f"{where}.uri"),
                "ontology_type": _str(item.get("ontologyType"), f"{where}.ontologyType"),
                "name": names,
            }
        )
    return terms


def _areas(value: Any, path: str) -> list[dict[str, Any]]:
    areas = []
    for index, raw in enumerate(_list(value, path)):
        where = f"{path}[{index}]"
        item = _obj(raw, where)
        municipalities = []
        for m_index, m_raw in enumerate(_list(item.get("municipalities"), f"{where}.municipalities")):
            m_where = f"{where}.municipalities[{m_index}]"
            municipality = _obj(m_raw, m_where)
            municipalities.append(
                {
                    "code": _str(municipality.get("code"), f"{m_where}.code", nullable=False),
                    "name": _by_language(_language_values(municipality.get("name"), f"{m_where}.name")),
                }
            )
        areas.append(
            {
                "type": _str(item.get("type"), f"{where}.type"),
                "code": _str(item.get("code"), f"{where}.code"),
                "municipalities": municipalities,
            }
        )
    return areas


def _municipality_ref(value: Any, path: str) -> dict[str, Any] | None:
    if value is None:
        return None
    item = _obj(value, path)
    return {
        "code": _str(item.get("code"), f"{path}.code"),
        "name": _by_language(_language_values(item.get("name"), f"{path}.name")),
    }


def _service_hours(value: Any, path: str) -> list[dict[str, Any]]:
    hours = []
    for index, raw in enumerate(_list(value, path)):
        where = f"{path}[{index}]"
        item = _obj(raw, where)
        opening = []
        for o_index, o_raw in enumerate(_list(item.get("openingHour"), f"{where}.openingHour")):
            o_where = f"{where}.openingHour[{o_index}]"
            entry = _obj(o_raw, o_where)
            opening.append(
                {
                    "day_from": _str(entry.get("dayFrom"), f"{o_where}.dayFrom"),
                    "day_to": _str(entry.get("dayTo"), f"{o_where}.dayTo"),
                    "from": _str(entry.get("from"), f"{o_where}.from"),
                    "to": _str(entry.get("to"), f"{o_where}.to"),
                }
            )
        is_closed = item.get("isClosed", False)
        if is_closed is not None and not isinstance(is_closed, bool):
            raise PtvFormatError(f"{where}.isClosed", "expected true or false")
        hours.append(
            {
                "type": _str(item.get("serviceHourType"), f"{where}.serviceHourType"),
                "valid_from": _str(item.get("validFrom"), f"{where}.validFrom"),
                "valid_to": _str(item.get("validTo"), f"{where}.validTo"),
                "is_closed": bool(is_closed),
                "opening": opening,
                "info": _by_language(
                    _language_values(item.get("additionalInformation"), f"{where}.additionalInformation")
                ),
            }
        )
    return hours


def _coordinate(value: Any, path: str) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, int | float):
        return float(value)
    text = _str(value, path)
    try:
        return float(text.replace(",", "."))
    except ValueError:
        raise PtvFormatError(path, "expected a number") from None


def _addresses(value: Any, path: str) -> list[dict[str, Any]]:
    addresses = []
    for index, raw in enumerate(_list(value, path)):
        where = f"{path}[{index}]"
        item = _obj(raw, where)
        street = item.get("streetAddress")
        if street is None:
            continue
        s_where = f"{where}.streetAddress"
        street = _obj(street, s_where)
        addresses.append(
            {
                "type": _str(item.get("type"), f"{where}.type"),
                "street": _by_language(_language_values(street.get("street"), f"{s_where}.street")),
                "number": _str(street.get("streetNumber"), f"{s_where}.streetNumber"),
                "postal_code": _str(street.get("postalCode"), f"{s_where}.postalCode"),
                "post_office": _by_language(
                    _language_values(street.get("postOffice"), f"{s_where}.postOffice")
                ),
                "municipality": _municipality_ref(street.get("municipality"), f"{s_where}.municipality"),
                "info": _by_language(
                    _language_values(street.get("additionalInformation"), f"{s_where}.additionalInformation")
                ),
                "northing": _coordinate(street.get("latitude"), f"{s_where}.latitude"),
                "easting": _coordinate(street.get("longitude"), f"{s_where}.longitude"),
            }
        )
    return addresses


def _phones(value: Any, path: str) -> list[dict[str, str]]:
    phones = []
    for index, raw in enumerate(_list(value, path)):
        where = f"{path}[{index}]"
        item = _obj(raw, where)
        phones.append(
            {
                "number": _str(item.get("number"), f"{where}.number", nullable=False),
                "prefix": _str(item.get("prefixNumber"), f"{where}.prefixNumber"),
                "info": _str(item.get("additionalInformation"), f"{where}.additionalInformation"),
                "charge": _str(item.get("serviceChargeType"), f"{where}.serviceChargeType"),
                "language": _str(item.get("language"), f"{where}.language"),
            }
        )
    return phones


def _urls(value: Any, path: str) -> list[dict[str, str]]:
    """webPages ({url, value}), webPage / urls ({value = url}) and emails ({value})."""
    urls = []
    for index, raw in enumerate(_list(value, path)):
        where = f"{path}[{index}]"
        item = _obj(raw, where)
        url = _str(item.get("url"), f"{where}.url") or _str(item.get("value"), f"{where}.value")
        label = _str(item.get("value"), f"{where}.value") if item.get("url") else ""
        if url:
            urls.append(
                {"url": url, "label": label, "language": _str(item.get("language"), f"{where}.language")}
            )
    return urls


@dataclass
class ParsedService:
    ptv_id: uuid.UUID
    names: dict[str, str]
    summaries: dict[str, str]
    descriptions: dict[str, str]
    instructions: dict[str, str]
    requirements: dict[str, str]
    service_classes: list[dict[str, Any]]
    target_groups: list[dict[str, Any]]
    ontology_terms: list[dict[str, Any]]
    life_events: list[dict[str, Any]]
    area_type: str
    areas: list[dict[str, Any]]
    organisations: list[dict[str, str]]
    channel_links: list[dict[str, str]]
    keywords: list[str]
    modified: str


@dataclass
class ParsedChannel:
    ptv_id: uuid.UUID
    channel_type: str
    organisation_id: str
    names: dict[str, str]
    descriptions: dict[str, str]
    addresses: list[dict[str, Any]]
    phones: list[dict[str, str]]
    emails: list[dict[str, str]]
    web_pages: list[dict[str, str]]
    service_hours: list[dict[str, Any]]
    service_ids: list[uuid.UUID]
    areas: list[dict[str, Any]] = field(default_factory=list)


def _parse_service(item: dict[str, Any], path: str) -> ParsedService:
    names = _language_values(item.get("serviceNames"), f"{path}.serviceNames")
    for index, name in enumerate(names):
        if not name["value"]:
            raise PtvFormatError(f"{path}.serviceNames[{index}].value", "expected a string")
    descriptions = _language_values(item.get("serviceDescriptions"), f"{path}.serviceDescriptions")
    organisations = []
    for index, raw in enumerate(_list(item.get("organizations"), f"{path}.organizations")):
        where = f"{path}.organizations[{index}]"
        entry = _obj(raw, where)
        organisation = _obj(entry.get("organization"), f"{where}.organization")
        organisations.append(
            {
                "id": str(_uuid(organisation.get("id"), f"{where}.organization.id")),
                "name": _str(organisation.get("name"), f"{where}.organization.name"),
                "role": _str(entry.get("roleType"), f"{where}.roleType"),
            }
        )
    links = []
    for index, raw in enumerate(_list(item.get("serviceChannels"), f"{path}.serviceChannels")):
        where = f"{path}.serviceChannels[{index}]"
        entry = _obj(raw, where)
        channel = _obj(entry.get("serviceChannel"), f"{where}.serviceChannel")
        links.append(
            {
                "id": str(_uuid(channel.get("id"), f"{where}.serviceChannel.id")),
                "name": _str(channel.get("name"), f"{where}.serviceChannel.name"),
                # Service hours may be given on the link (this service at this channel) as well.
                "service_hours": _service_hours(entry.get("serviceHours"), f"{where}.serviceHours"),
            }
        )
    keywords = [
        keyword["value"]
        for keyword in _language_values(item.get("keywords"), f"{path}.keywords")
        if keyword["value"]
    ]
    return ParsedService(
        ptv_id=_uuid(item.get("id"), f"{path}.id"),
        names=_by_language(names, "Name", "AlternativeName"),
        summaries=_by_language(descriptions, "Summary", "ShortDescription"),
        descriptions=_by_language(descriptions, "Description"),
        instructions=_by_language(descriptions, "UserInstruction"),
        requirements=_by_language(_language_values(item.get("requirements"), f"{path}.requirements")),
        service_classes=_terms(item.get("serviceClasses"), f"{path}.serviceClasses"),
        target_groups=_terms(item.get("targetGroups"), f"{path}.targetGroups"),
        ontology_terms=_terms(item.get("ontologyTerms"), f"{path}.ontologyTerms"),
        life_events=_terms(item.get("lifeEvents"), f"{path}.lifeEvents"),
        area_type=_str(item.get("areaType"), f"{path}.areaType"),
        areas=_areas(item.get("areas"), f"{path}.areas"),
        organisations=organisations,
        channel_links=links,
        keywords=keywords,
        modified=_str(item.get("modified"), f"{path}.modified"),
    )


def _parse_channel(item: dict[str, Any], path: str) -> ParsedChannel:
    channel_type = _str(item.get("serviceChannelType"), f"{path}.serviceChannelType", nullable=False)
    if channel_type not in CHANNEL_TYPES:
        raise PtvFormatError(f"{path}.serviceChannelType", f"unknown channel type {channel_type!r}")
    names = _language_values(item.get("serviceChannelNames"), f"{path}.serviceChannelNames")
    descriptions = _language_values(
        item.get("serviceChannelDescriptions"), f"{path}.serviceChannelDescriptions"
    )
    service_ids = []
    for index, raw in enumerate(_list(item.get("services"), f"{path}.services")):
        where = f"{path}.services[{index}]"
        entry = _obj(raw, where)
        service = _obj(entry.get("service"), f"{where}.service")
        service_ids.append(_uuid(service.get("id"), f"{where}.service.id"))
    web_pages = _urls(item.get("webPages"), f"{path}.webPages")
    web_pages += _urls(item.get("webPage"), f"{path}.webPage")
    web_pages += _urls(item.get("urls"), f"{path}.urls")
    organisation_id = item.get("organizationId")
    return ParsedChannel(
        ptv_id=_uuid(item.get("id"), f"{path}.id"),
        channel_type=channel_type,
        organisation_id=str(_uuid(organisation_id, f"{path}.organizationId")) if organisation_id else "",
        names=_by_language(names, "Name", "AlternativeName"),
        descriptions=_by_language(descriptions, "Summary", "Description"),
        addresses=_addresses(item.get("addresses"), f"{path}.addresses"),
        phones=_phones(item.get("phoneNumbers"), f"{path}.phoneNumbers"),
        emails=_urls(item.get("emails"), f"{path}.emails"),
        web_pages=web_pages,
        service_hours=_service_hours(item.get("serviceHours"), f"{path}.serviceHours"),
        service_ids=service_ids,
        areas=_areas(item.get("areas"), f"{path}.areas"),
    )


def parse(data: Any) -> tuple[list[ParsedService], list[ParsedChannel]]:
    """Every service and channel in a PTV JSON document, or ``PtvFormatError`` naming the broken path."""
    if isinstance(data, dict) and "itemList" in data:
        items, prefix = _list(data["itemList"], "itemList", nullable=False), "itemList"
    elif isinstance(data, list):
        items, prefix = data, ""
    elif isinstance(data, dict):
        items, prefix = [data], None
    else:
        raise PtvFormatError("$", "expected an object or a list")
    services: list[ParsedService] = []
    channels: list[ParsedChannel] = []
    for index, raw in enumerate(items):
        path = "$" if prefix is None else f"{prefix}[{index}]"
        item = _obj(raw, path)
        if "serviceChannelType" in item:
            channels.append(_parse_channel(item, path))
        elif "serviceNames" in item:
            services.append(_parse_service(item, path))
        else:
            raise PtvFormatError(
                path, "expected a PTV service (serviceNames) or channel (serviceChannelType)"
            )
    return services, channels


# --- Writing ----------------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _transformer():  # type: ignore[no-untyped-def]
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:3067", "EPSG:4326", always_xy=True)


def to_wgs84(northing: float | None, easting: float | None) -> tuple[float | None, float | None]:
    """(latitude, longitude) in WGS84 from PTV's ETRS-TM35FIN (EPSG:3067) pair; WGS84 input is kept."""
    if northing is None or easting is None:
        return None, None
    if abs(northing) <= 90 and abs(easting) <= 180:
        return northing, easting
    longitude, latitude = _transformer().transform(easting, northing)
    return round(latitude, 7), round(longitude, 7)


def opening_hours_text(hours: list[dict[str, Any]]) -> str:
    """Finnish opening-hours line from PTV service hours: ``ma–pe 08.00–16.00``."""
    lines = []
    for entry in hours:
        if entry["is_closed"]:
            lines.append("suljettu" + (f" {entry['valid_from'][:10]}" if entry["valid_from"] else ""))
            continue
        for opening in entry["opening"]:
            day_from = DAY_ABBREVIATIONS.get(opening["day_from"], opening["day_from"])
            day_to = DAY_ABBREVIATIONS.get(opening["day_to"], opening["day_to"])
            days = f"{day_from}–{day_to}" if day_to and day_to != day_from else day_from
            times = f"{opening['from'][:5].replace(':', '.')}–{opening['to'][:5].replace(':', '.')}"
            lines.append(f"{days} {times}".strip())
        info = entry["info"].get("fi") or next(iter(entry["info"].values()), "")
        if info:
            lines.append(info)
    return "; ".join(lines)


def _organisation_kind(name: str) -> str:
    lowered = name.lower()
    if "hyvinvointialue" in lowered:
        return OrganisationKind.WELLBEING_COUNTY
    if "seurakunta" in lowered:
        return OrganisationKind.PARISH
    if "poliisi" in lowered:
        return OrganisationKind.POLICE
    if re.search(r"\bry\b|yhdistys|säätiö|liitto", lowered):
        return OrganisationKind.NGO
    if re.search(r"kaupunki|kunta", lowered):
        return OrganisationKind.MUNICIPALITY
    if re.search(r"\boy\b|\boyj\b|\bab\b", lowered):
        return OrganisationKind.COMPANY
    return OrganisationKind.STATE


def _organisation(ptv_id: str, name: str) -> Organisation:
    code = f"ptv-{ptv_id}"
    organisation = Organisation.objects.filter(code=code).first()
    if organisation is None:
        return Organisation.objects.create(code=code, name_fi=name or code, kind=_organisation_kind(name))
    if name and organisation.name_fi != name:
        organisation.name_fi = name
        organisation.save(update_fields=["name_fi"])
    return organisation


def _municipality(code: str, names: dict[str, str]) -> Municipality:
    municipality = Municipality.objects.filter(statistics_code=code).first()
    if municipality is not None:
        return municipality
    name_fi = names.get("fi") or names.get("en") or code
    slug = slugify(name_fi.replace("ä", "a").replace("ö", "o").replace("å", "a")) or f"kunta-{code}"
    municipality, _created = Municipality.objects.get_or_create(code=slug, defaults={"name_fi": name_fi})
    changed = False
    if not municipality.statistics_code:
        municipality.statistics_code = code
        changed = True
    if not municipality.name_sv and names.get("sv") and names["sv"] != name_fi:
        municipality.name_sv = names["sv"]
        changed = True
    if changed:
        municipality.save()
    return municipality


def _ptv_topics(parsed: ParsedService) -> list[Topic]:
    """The catalogue's topics read from the service's names, classes, ontology terms and life events."""
    vocab = vocabulary()
    weights: dict[str, float] = {}
    texts = [parsed.names.get("fi", ""), *parsed.keywords]
    for term in parsed.service_classes + parsed.ontology_terms + parsed.life_events:
        texts += [term["name"].get("fi", ""), term["name"].get("en", "")]
    for text in texts:
        for code, weight in vocab.topics_of(query_words(text)).items():
            weights[code] = weights.get(code, 0.0) + weight
    ordered = [code for code, weight in sorted(weights.items(), key=lambda i: (-i[1], i[0])) if weight >= 0.5]
    topics = []
    for code in ordered[:6]:
        labels = vocab.topics.get(code, {})
        topic, _created = Topic.objects.get_or_create(
            code=code,
            defaults={
                "label_fi": labels.get("fi", code),
                "label_sv": labels.get("sv", ""),
                "label_en": labels.get("en", ""),
            },
        )
        topics.append(topic)
    return topics


def _write_service(parsed: ParsedService) -> Service:
    responsible = next((o for o in parsed.organisations if o["role"] == "Responsible"), None)
    responsible = responsible or (parsed.organisations[0] if parsed.organisations else None)
    organisation = (
        _organisation(responsible["id"], responsible["name"])
        if responsible
        else _organisation("tuntematon", "Tuntematon organisaatio")
    )
    target, age_min, age_max = "", 0, 29
    for group in parsed.target_groups:
        if group["code"] in TARGET_GROUPS:
            target, age_min, age_max = TARGET_GROUPS[group["code"]]
            break
    requirements = " ".join(parsed.requirements.values())
    service = Service.objects.filter(ptv_id=parsed.ptv_id).first() or Service(
        ptv_id=parsed.ptv_id, code=f"ptv-{parsed.ptv_id}", level=Level.BASIC
    )
    service.organisation = organisation
    for lang in LANGS:
        setattr(service, f"name_{lang}", parsed.names.get(lang, "")[:300])
        setattr(service, f"summary_{lang}", parsed.summaries.get(lang, ""))
        setattr(service, f"description_{lang}", parsed.descriptions.get(lang, ""))
    if not service.name_fi:
        service.name_fi = next(iter(parsed.names.values()), str(parsed.ptv_id))[:300]
    service.routing_criteria_fi = parsed.instructions.get("fi", "")
    service.routing_criteria_sv = parsed.instructions.get("sv", "")
    service.target = target
    service.age_min, service.age_max = age_min, age_max
    service.referral_required = bool(REFERRAL_WORDS.search(requirements))
    service.is_active = True
    service.ptv_data = {
        "service_classes": parsed.service_classes,
        "target_groups": parsed.target_groups,
        "ontology_terms": parsed.ontology_terms,
        "life_events": parsed.life_events,
        "area_type": parsed.area_type,
        "areas": parsed.areas,
        "organisations": parsed.organisations,
        "channel_links": parsed.channel_links,
        "requirements": parsed.requirements,
        "keywords": parsed.keywords,
        "modified": parsed.modified,
    }
    topics = _ptv_topics(parsed)
    service.topic_order = [topic.code for topic in topics]
    service.save()
    service.topics.set(topics)
    if parsed.area_type == "Nationwide":
        municipalities = list(Municipality.objects.all())
    else:
        municipalities = [
            _municipality(m["code"], m["name"]) for area in parsed.areas for m in area["municipalities"]
        ]
    service.municipalities.set(municipalities)
    return service


def _channel_rows(parsed: ParsedChannel, service: Service) -> list[dict[str, Any]]:
    """The ServiceChannel rows one PTV channel becomes for one service."""
    name = parsed.names.get("fi") or next(iter(parsed.names.values()), "")
    hours = parsed.service_hours
    if not hours:
        link = next(
            (
                entry
                for entry in service.ptv_data.get("channel_links", [])
                if entry.get("id") == str(parsed.ptv_id)
            ),
            None,
        )
        hours = (link or {}).get("service_hours", [])
    hours_text = opening_hours_text(hours)
    common = {"ptv_id": parsed.ptv_id, "name": name[:300], "service_hours": hours}
    rows: list[dict[str, Any]] = []
    if parsed.channel_type == "ServiceLocation":
        for address in parsed.addresses or [None]:
            if address is None:
                rows.append(
                    {**common, "kind": ChannelKind.LOCATION, "value": name, "opening_hours": hours_text}
                )
                continue
            street = address["street"].get("fi") or next(iter(address["street"].values()), "")
            street_line = f"{street} {address['number']}".strip()
            office = (
                address["post_office"].get("fi") or next(iter(address["post_office"].values()), "")
            ).title()
            latitude, longitude = to_wgs84(address["northing"], address["easting"])
            municipality = (
                _municipality(address["municipality"]["code"], address["municipality"]["name"])
                if address["municipality"] and address["municipality"]["code"]
                else None
            )
            info = address["info"].get("fi", "")
            value = ", ".join(
                part for part in [street_line, f"{address['postal_code']} {office}".strip()] if part
            )
            rows.append(
                {
                    **common,
                    "kind": ChannelKind.LOCATION,
                    "value": (value + (f" ({info})" if info else ""))[:1000] or name,
                    "street_address": street_line[:300],
                    "postal_code": address["postal_code"][:10],
                    "post_office": office[:100],
                    "municipality": municipality,
                    "latitude": latitude,
                    "longitude": longitude,
                    "opening_hours": hours_text,
                }
            )
    for phone in parsed.phones:
        number = f"{phone['prefix']} {phone['number']}".strip()
        extra = ", ".join(part for part in [phone["info"], phone["charge"]] if part)
        rows.append(
            {
                **common,
                "kind": ChannelKind.PHONE,
                "value": (number + (f" ({extra})" if extra else ""))[:1000],
                "opening_hours": hours_text if parsed.channel_type == "Phone" else "",
            }
        )
    for email in parsed.emails:
        rows.append({**common, "kind": ChannelKind.EMAIL, "value": email["url"][:1000]})
    is_chat = "chat" in name.lower()
    for page in parsed.web_pages:
        kind = ChannelKind.CHAT if is_chat and parsed.channel_type == "EChannel" else ChannelKind.WEB
        rows.append(
            {
                **common,
                "kind": kind,
                "value": page["url"][:1000],
                "opening_hours": hours_text if parsed.channel_type in {"EChannel", "WebPage"} else "",
            }
        )
    return rows


@dataclass
class PtvImportResult:
    services: int = 0
    channels: int = 0
    channel_rows: int = 0
    unlinked_channels: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = f"palveluja {self.services}, kanavia {self.channels} ({self.channel_rows} asiointitapaa)"
        if self.unlinked_channels:
            text += f"; ilman tuotua palvelua: {', '.join(self.unlinked_channels)}"
        return text


@transaction.atomic
def ptv_import(*, data: Any) -> PtvImportResult:
    """Import one PTV JSON document: all of it, or (on a broken structure) nothing."""
    services, channels = parse(data)
    result = PtvImportResult()
    written: dict[uuid.UUID, Service] = {}
    for parsed in services:
        written[parsed.ptv_id] = _write_service(parsed)
        result.services += 1
    for parsed in channels:
        result.channels += 1
        ServiceChannel.objects.filter(ptv_id=parsed.ptv_id).delete()
        targets = [
            written.get(service_id) or Service.objects.filter(ptv_id=service_id).first()
            for service_id in parsed.service_ids
        ]
        linked = [service for service in targets if service is not None]
        # A channel may also be listed only on the service's side (serviceChannels).
        for service in _services_linking(parsed.ptv_id):
            if service not in linked:
                linked.append(service)
        if not linked:
            result.unlinked_channels.append(str(parsed.ptv_id))
            continue
        for service in linked:
            rows = _channel_rows(parsed, service)
            start = service.channels.count()
            for position, row in enumerate(rows, start=start):
                ServiceChannel.objects.create(service=service, position=position, **row)
                result.channel_rows += 1
            written.setdefault(service.ptv_id, service)
    for service in written.values():
        catalogue_services.search_document_sync(obj=service)
    return result


def _services_linking(channel_id: uuid.UUID) -> list[Service]:
    """Services whose PTV data lists the channel among their channel links."""
    needle = str(channel_id)
    return [
        service
        for service in Service.objects.filter(ptv_id__isnull=False, ptv_data__icontains=needle)
        if any(link.get("id") == needle for link in service.ptv_data.get("channel_links", []))
    ]


def ptv_import_file(*, path: Path) -> PtvImportResult:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise PtvFormatError(f"$ (line {error.lineno}, column {error.colno})", "not valid JSON") from error
    except (OSError, UnicodeDecodeError) as error:
        raise PtvFormatError("$", f"cannot read the file: {error}") from error
    return ptv_import(data=data)
