"""Writes to the service catalogue (palveluluettelo) and its search index.

The catalogue is public service information, not client data: writes check the editor's right but write no
audit row. Every write that changes what search sees ends in ``search_document_sync`` in the same transaction,
so the index never lags behind the catalogue.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _

from luukku.catalogue import selectors, text
from luukku.catalogue.models import (
    LEVEL_ORDER,
    DocumentKind,
    Level,
    MeetingPlace,
    SearchDocument,
    Service,
    Topic,
)
from luukku.catalogue.vocabulary import query_words, vocabulary
from luukku.core import time
from luukku.organisations.models import Municipality, Professional

FTS_TABLE = "catalogue_search_fts"
FTS_VOCAB_TABLE = "catalogue_search_vocab"
TOPIC_TAG = "tpc"
KEY_TOPIC_TAG = "tpk"
# A service's first topics are its key topics: searched first when a catalogue is large.
KEY_TOPICS = 2

# Fields an editor may change through service_update (relations are passed separately).
SERVICE_EDITABLE_FIELDS = frozenset(
    {
        "name_fi",
        "name_sv",
        "name_en",
        "summary_fi",
        "summary_sv",
        "summary_en",
        "description_fi",
        "description_sv",
        "description_en",
        "level",
        "age_min",
        "age_max",
        "target",
        "referral_required",
        "routing_criteria_fi",
        "routing_criteria_sv",
        "typical_sessions",
        "unit_cost_eur",
        "unit_cost_basis",
        "core_person",
        "sector",
        "is_active",
    }
)


def topic_tag(code: str, *, key: bool = False) -> str:
    """The index token of a topic: ``mental_health`` → ``tpcmentalhealth`` (one word for every parser);
    ``tpkmentalhealth`` when it is one of the document's key (first) topics."""
    return (KEY_TOPIC_TAG if key else TOPIC_TAG) + re.sub(r"[^a-z0-9]", "", code.lower())


# --- The search index -------------------------------------------------------------------------------------------


def _join(tokens: Iterable[str]) -> str:
    return " ".join(token for token in tokens if token)


def _service_document(service: Service, lexicon: set[str]) -> dict[str, Any]:
    topics = service.ordered_topic_codes()
    topic_labels = {topic.code: topic for topic in service.topics.all()}
    names = [
        *text.normalise(service.name_fi, "fi", lexicon),
        *text.normalise(service.name_sv, "sv", lexicon),
        *text.normalise(service.name_en, "en", lexicon),
    ]
    body_parts = [
        (service.summary_fi, "fi"),
        (service.description_fi, "fi"),
        (service.routing_criteria_fi, "fi"),
        (service.organisation.name_fi, "fi"),
        (service.summary_sv, "sv"),
        (service.description_sv, "sv"),
        (service.routing_criteria_sv, "sv"),
        (service.summary_en, "en"),
        (service.description_en, "en"),
    ]
    body = [token for part, lang in body_parts for token in text.normalise(part, lang, lexicon)]
    # Topic tags first (PostgreSQL ranks on the start of the tags), then the topic labels in three languages.
    tags: list[str] = [topic_tag(code, key=True) for code in topics[:KEY_TOPICS]]
    tags += [topic_tag(code) for code in topics]
    for code in topics:
        topic = topic_labels.get(code)
        if topic:
            tags += text.normalise(topic.label_fi, "fi", lexicon)
            tags += text.normalise(topic.label_sv, "sv", lexicon)
            tags += text.normalise(topic.label_en, "en", lexicon)
    return {
        "names": _join(names),
        "body": _join(body),
        "tags": _join(tags),
        "topics": " ".join(topics),
        "municipalities": " ".join(sorted(m.code for m in service.municipalities.all())),
        "level_order": LEVEL_ORDER.get(service.level, len(LEVEL_ORDER)),
        "age_min": service.age_min,
        "age_max": service.age_max,
    }


_RANGE = re.compile(r"(\d{1,2})\s*[–-]\s*(\d{1,2})")
_UNDER = re.compile(r"\balle\s+(\d{1,2})|\bunder\s+(\d{1,2})")


def meeting_place_ages(meeting_place: MeetingPlace) -> tuple[int, int]:
    """The age span the open activities speak of (``0–6-vuotiaat``, ``alle 1-vuotiaat``, ``vauvaperheet``)."""
    lows: list[int] = []
    highs: list[int] = []
    vocab = vocabulary()
    for activity in meeting_place.activities.all():
        audience = f"{activity.audience} {activity.name_fi}".lower()
        found = False
        for low, high in _RANGE.findall(audience):
            lows.append(int(low))
            highs.append(int(high))
            found = True
        for under in _UNDER.findall(audience):
            limit = int(under[0] or under[1])
            lows.append(0)
            highs.append(max(limit - 1, 0))
            found = True
        if not found:
            age = vocab.read(query_words(audience)).age
            if age:
                lows.append(age[0])
                highs.append(age[1])
            else:
                # An activity without an age ("kaikille avoin", "vanhemmat") is open to every age.
                lows.append(0)
                highs.append(29)
    if not lows:
        return (0, 29)
    return (min(lows), min(max(highs), 29))


def meeting_place_topics(meeting_place: MeetingPlace) -> list[str]:
    """Topics of a meeting place, read from its name and activities with the situation vocabulary."""
    parts = [meeting_place.name_fi, meeting_place.name_sv, meeting_place.name_en]
    for activity in meeting_place.activities.all():
        parts += [activity.name_fi, activity.name_sv, activity.name_en, activity.audience]
    weights: dict[str, float] = {}
    vocab = vocabulary()
    for part in parts:
        for code, weight in vocab.topics_of(query_words(part)).items():
            weights[code] = weights.get(code, 0.0) + weight
    return [code for code, _weight in sorted(weights.items(), key=lambda item: (-item[1], item[0]))]


def _meeting_place_document(meeting_place: MeetingPlace, lexicon: set[str]) -> dict[str, Any]:
    names = [
        *text.normalise(meeting_place.name_fi, "fi", lexicon),
        *text.normalise(meeting_place.name_sv, "sv", lexicon),
        *text.normalise(meeting_place.name_en, "en", lexicon),
    ]
    body: list[str] = []
    for activity in meeting_place.activities.all():
        body += text.normalise(activity.name_fi, "fi", lexicon)
        body += text.normalise(activity.name_sv, "sv", lexicon)
        body += text.normalise(activity.name_en, "en", lexicon)
        body += text.normalise(activity.audience, "fi", lexicon)
        if activity.organiser_id:
            body += text.normalise(activity.organiser.name_fi, "fi", lexicon)
    body += text.normalise(meeting_place.address, "fi", lexicon)
    body += text.normalise(meeting_place.opening_hours, "fi", lexicon)
    body += text.normalise(meeting_place.municipality.name_fi, "fi", lexicon)
    body += text.normalise(meeting_place.municipality.name_sv, "sv", lexicon)
    topics = meeting_place_topics(meeting_place)
    low, high = meeting_place_ages(meeting_place)
    tags = [topic_tag(code, key=True) for code in topics[:KEY_TOPICS]] + [topic_tag(code) for code in topics]
    tags += text.normalise("kohtaamispaikka avoin toiminta mötesplats meeting place", "fi", lexicon)
    return {
        "names": _join(names),
        "body": _join(body),
        "tags": _join(tags),
        "topics": " ".join(topics),
        "municipalities": meeting_place.municipality.code,
        "level_order": LEVEL_ORDER[Level.OPEN],
        "age_min": low,
        "age_max": high,
    }


def _write_fts(document: SearchDocument) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [document.pk])  # noqa: S608
        cursor.execute(
            f"INSERT INTO {FTS_TABLE} (rowid, names, body, tags) VALUES (%s, %s, %s, %s)",  # noqa: S608
            [document.pk, document.names, document.body, document.tags],
        )


def _delete_document(kind: str, object_id: int) -> None:
    document = SearchDocument.objects.filter(kind=kind, object_id=object_id).first()
    if document is None:
        return
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [document.pk])  # noqa: S608
    document.delete()


@transaction.atomic
def search_document_sync(
    *, obj: Service | MeetingPlace, lexicon: set[str] | None = None
) -> SearchDocument | None:
    """Rewrite the search document of one service or meeting place (removed when it is no longer active)."""
    kind = DocumentKind.SERVICE if isinstance(obj, Service) else DocumentKind.MEETING_PLACE
    if not obj.is_active:
        _delete_document(kind, obj.pk)
        return None
    lexicon = lexicon if lexicon is not None else selectors.catalogue_lexicon(fresh=True)
    values = (
        _service_document(obj, lexicon) if isinstance(obj, Service) else _meeting_place_document(obj, lexicon)
    )
    document, _created = SearchDocument.objects.update_or_create(
        kind=kind, object_id=obj.pk, defaults={**values, "updated_at": time.now()}
    )
    _write_fts(document)
    return document


def _write_fts_bulk(documents: list[SearchDocument]) -> None:
    if connection.vendor != "sqlite" or not documents:
        return
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} (rowid, names, body, tags) VALUES (%s, %s, %s, %s)",  # noqa: S608
            [[d.pk, d.names, d.body, d.tags] for d in documents],
        )


@transaction.atomic
def search_index_rebuild(*, batch_size: int = 2000) -> int:
    """Rebuild the whole search index from the catalogue in batches; returns the number of documents."""
    lexicon = selectors.catalogue_lexicon(fresh=True)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")  # noqa: S608
    SearchDocument.objects.all().delete()
    now = time.now()
    count = 0
    sources = [
        (
            DocumentKind.SERVICE,
            Service.objects.filter(is_active=True)
            .select_related("organisation")
            .prefetch_related("topics", "municipalities")
            .order_by("pk"),
            _service_document,
        ),
        (
            DocumentKind.MEETING_PLACE,
            MeetingPlace.objects.filter(is_active=True)
            .select_related("municipality")
            .prefetch_related("activities__organiser")
            .order_by("pk"),
            _meeting_place_document,
        ),
    ]
    for kind, queryset, build in sources:
        ids = list(queryset.values_list("pk", flat=True))
        for start in range(0, len(ids), batch_size):
            chunk = queryset.filter(pk__in=ids[start : start + batch_size])
            documents = [
                SearchDocument(kind=kind, object_id=obj.pk, updated_at=now, **build(obj, lexicon))
                for obj in chunk
            ]
            created = SearchDocument.objects.bulk_create(documents)
            if connection.vendor == "sqlite" and any(d.pk is None for d in created):
                created = list(
                    SearchDocument.objects.filter(kind=kind, object_id__in=[d.object_id for d in documents])
                )
            _write_fts_bulk(created)
            count += len(created)
    return count


# --- Editing ----------------------------------------------------------------------------------------------------

NOT_ALLOWED = _("Sinulla ei ole oikeutta muokata tämän organisaation palveluja.")


def _require_editor(actor: Professional, service: Service) -> None:
    if not selectors.can_edit_service(actor, service):
        raise PermissionDenied(NOT_ALLOWED)


@transaction.atomic
def service_update(
    *,
    actor: Professional,
    service: Service,
    data: dict[str, Any],
    topics: Iterable[Topic] | None = None,
    municipalities: Iterable[Municipality] | None = None,
) -> Service:
    """Update a service's description as its organisation's editor; checking it is a separate step."""
    _require_editor(actor, service)
    unknown = set(data) - SERVICE_EDITABLE_FIELDS
    if unknown:
        raise ValidationError({field: _("Tätä kenttää ei voi muokata.") for field in sorted(unknown)})
    for field, value in data.items():
        setattr(service, field, value)
    service.full_clean(exclude=["topics", "municipalities"])
    service.save()
    if topics is not None:
        topic_list = list(topics)
        service.topics.set(topic_list)
        kept = [code for code in service.topic_order if code in {t.code for t in topic_list}]
        service.topic_order = kept + [t.code for t in topic_list if t.code not in kept]
        service.save(update_fields=["topic_order"])
    if municipalities is not None:
        service.municipalities.set(list(municipalities))
    search_document_sync(obj=service)
    return service


@transaction.atomic
def service_mark_checked(*, actor: Professional, service: Service) -> Service:
    """Mark the service's information checked now by ``actor`` (tiedot tarkistettu)."""
    _require_editor(actor, service)
    service.last_checked_at = time.now()
    service.last_checked_by = actor
    service.save(update_fields=["last_checked_at", "last_checked_by"])
    return service


@transaction.atomic
def meeting_place_mark_checked(*, actor: Professional, meeting_place: MeetingPlace) -> MeetingPlace:
    """Mark the meeting place's information checked now by ``actor``."""
    if not selectors.can_edit_meeting_place(actor, meeting_place):
        raise PermissionDenied(NOT_ALLOWED)
    meeting_place.last_checked_at = time.now()
    meeting_place.last_checked_by = actor
    meeting_place.save(update_fields=["last_checked_at", "last_checked_by"])
    return meeting_place
