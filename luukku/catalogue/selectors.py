"""Reads of the service catalogue: who may edit what, lists for the editors, and the compound lexicon."""

from __future__ import annotations

from django.db import connection
from django.db.models import Max, QuerySet

from luukku.catalogue import text
from luukku.catalogue.models import Activity, MeetingPlace, SearchDocument, Service, Topic
from luukku.catalogue.vocabulary import vocabulary
from luukku.organisations.models import Professional, Role

EDIT_PERMISSION = "catalogue.change_service"


def is_catalogue_administrator(user: Professional) -> bool:
    """Pääkäyttäjä: edits every organisation's services."""
    return bool(user.is_active and (user.is_superuser or getattr(user, "role", "") == Role.ADMINISTRATOR))


def can_edit_service(user: Professional, service: Service) -> bool:
    """An administrator, or the service organisation's own editor (permission ``catalogue.change_service`` and a
    unit in that organisation)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if is_catalogue_administrator(user):
        return True
    organisation = user.organisation
    return bool(
        organisation is not None
        and organisation.pk == service.organisation_id
        and user.has_perm(EDIT_PERMISSION)
    )


def can_edit_meeting_place(user: Professional, meeting_place: MeetingPlace) -> bool:
    """An administrator, or an editor of one of the organisations that run the meeting place."""
    if not user.is_authenticated or not user.is_active:
        return False
    if is_catalogue_administrator(user):
        return True
    organisation = user.organisation
    return bool(
        organisation is not None
        and user.has_perm(EDIT_PERMISSION)
        and meeting_place.organisations.filter(pk=organisation.pk).exists()
    )


def services_editable_by(user: Professional) -> QuerySet[Service]:
    """The services the user keeps current: all for an administrator, else their organisation's own."""
    services = Service.objects.select_related("organisation", "last_checked_by").order_by("name_fi")
    if is_catalogue_administrator(user):
        return services
    if not user.has_perm(EDIT_PERMISSION) or user.organisation is None:
        return services.none()
    return services.filter(organisation=user.organisation)


_lexicon_cache: dict[str, object] = {}
_term_counts: dict[str, int] = {}
_term_counts_marker: list[object] = [None]


def search_index_marker() -> tuple[object, int]:
    """(latest change, highest id) of the search index: caches follow it (a rebuild changes both)."""
    stats = SearchDocument.objects.aggregate(latest=Max("updated_at"), last=Max("id"))
    return (stats["latest"], stats["last"] or 0)


def term_document_counts(terms: list[str], *, marker: tuple[object, int]) -> dict[str, int]:
    """How many documents each full-text term (``laps*`` a prefix, ``tpcviolence`` a word) matches.

    Read from FTS5's vocabulary table on SQLite and counted through the GIN index on PostgreSQL; cached per
    process until the index changes.
    """
    if _term_counts_marker[0] != marker:
        _term_counts.clear()
        _term_counts_marker[0] = marker
    missing = [term for term in terms if term not in _term_counts]
    if missing:
        with connection.cursor() as cursor:
            for term in missing:
                prefix = term.endswith("*")
                word = term.rstrip("*")
                if connection.vendor == "postgresql":
                    cursor.execute(
                        "SELECT count(*) FROM catalogue_searchdocument WHERE search_vector @@ to_tsquery('simple', %s)",
                        [f"{word}:*" if prefix else word],
                    )
                elif prefix:
                    upper = word[:-1] + chr(ord(word[-1]) + 1)
                    cursor.execute(
                        "SELECT coalesce(sum(doc), 0) FROM catalogue_search_vocab WHERE term >= %s AND term < %s",
                        [word, upper],
                    )
                else:
                    cursor.execute(
                        "SELECT coalesce(sum(doc), 0) FROM catalogue_search_vocab WHERE term = %s", [word]
                    )
                _term_counts[term] = int(cursor.fetchone()[0])
    return {term: _term_counts[term] for term in terms}


def catalogue_lexicon(*, fresh: bool = False, marker: object = None) -> set[str]:
    """Known word stems the compound splitter uses: topic labels, service, meeting-place and activity names and
    the situation vocabulary. Cached per process and rebuilt when the search index changes."""
    marker = marker if marker is not None else search_index_marker()
    if not fresh and _lexicon_cache.get("marker") == marker and "lexicon" in _lexicon_cache:
        return _lexicon_cache["lexicon"]  # type: ignore[return-value]
    pairs: list[tuple[str, str]] = []
    for label_fi, label_sv, label_en in Topic.objects.values_list("label_fi", "label_sv", "label_en"):
        pairs += [(label_fi, "fi"), (label_sv, "sv"), (label_en, "en")]
    for name_fi, name_sv in Service.objects.values_list("name_fi", "name_sv").distinct():
        pairs += [(name_fi, "fi"), (name_sv, "sv")]
    for name_fi, name_sv in MeetingPlace.objects.values_list("name_fi", "name_sv"):
        pairs += [(name_fi, "fi"), (name_sv, "sv")]
    for name_fi, name_sv in Activity.objects.values_list("name_fi", "name_sv").distinct():
        pairs += [(name_fi, "fi"), (name_sv, "sv")]
    vocab = vocabulary()
    for entry in vocab.entries:
        for pattern in entry.patterns:
            if len(pattern) == 1 and pattern[0].isalpha() and len(pattern[0]) >= 5:
                pairs.append((pattern[0], "fi"))
    pairs += [(canonical, "fi") for canonical in vocab.irregular.values()]
    lexicon = text.lexicon_from(pairs)
    _lexicon_cache.update(marker=marker, lexicon=lexicon)
    return lexicon
