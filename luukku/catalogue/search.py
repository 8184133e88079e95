"""Haku: find services and meeting places from a family's or professional's own description of the situation.

Two stages. The database finds candidates by text: SQLite through FTS5 and PostgreSQL through a GIN-indexed
``tsvector``, both over Finnish-aware normalised tokens (stems, compound parts, word prefixes) and the topic tags
that the situation vocabulary reads from the query. Python then re-ranks the candidates with what the query
says about the situation: its topics (weighted by how central each topic is to the service), signs of danger
(crisis services first), the child's age (a soft preference, never a filter), the municipality, and the
lightest fitting service level.

Use ``search(text=..., age=..., municipality=..., lang=..., limit=...)``; bad input raises ``SearchInputError``
whose message is a polite Finnish sentence fit to show as it is.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.utils.translation import gettext_lazy as _

from luukku.catalogue import selectors, text
from luukku.catalogue.models import LEVEL_ORDER, DocumentKind, MeetingPlace, Service
from luukku.catalogue.services import FTS_TABLE, topic_tag
from luukku.catalogue.vocabulary import Reading, age_from_text, query_words, vocabulary

MAX_QUERY_LENGTH = 2000
CANDIDATES = 200

# Ranking weights: one place to read and tune them (docs/search.md explains each).
W_TEXT = 1.0
W_TOPIC = 2.2
W_DANGER = 1.2
W_AGE_INSIDE = 0.35
W_AGE_DISTANCE = 0.12
W_LEVEL = 0.35
W_LEVEL_HINT = 0.35
W_MUNICIPALITY = 0.8
TOPIC_POSITION = (1.0, 0.8, 0.6, 0.45, 0.35, 0.3)


class SearchInputError(ValueError):
    """The search text cannot be searched; ``str(error)`` is a polite Finnish message for the user."""


EMPTY_MESSAGE = _("Kirjoita hakukenttään muutama sana siitä, mihin tarvitsette apua.")
TOO_LONG_MESSAGE = _("Hakuteksti on liian pitkä. Kerro tilanteesta lyhyemmin, enintään 2 000 merkillä.")
BINARY_MESSAGE = _(
    "Hakutekstissä on merkkejä, joita ei voi hakea. Kirjoita haku tavallisin kirjaimin ja yritä uudelleen."
)


@dataclass
class Hit:
    id: str
    kind: str
    score: float
    object: Service | MeetingPlace | None = None
    explanation: dict[str, Any] = field(default_factory=dict, repr=False)

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "score": round(self.score, 4)}


def validate_query(raw: Any) -> str:
    """The query text cleaned of surrounding space, or ``SearchInputError`` with a polite message."""
    if raw is None:
        raise SearchInputError(str(EMPTY_MESSAGE))
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise SearchInputError(str(BINARY_MESSAGE)) from None
    if not isinstance(raw, str):
        raise SearchInputError(str(BINARY_MESSAGE))
    if len(raw) > MAX_QUERY_LENGTH:
        raise SearchInputError(str(TOO_LONG_MESSAGE))
    for ch in raw:
        category = unicodedata.category(ch)
        if (category in {"Cc", "Cs", "Co", "Cn"} and ch not in "\t\n\r") or ch == "\ufffd":
            raise SearchInputError(str(BINARY_MESSAGE))
    cleaned = " ".join(raw.split())
    if not cleaned or not any(ch.isalnum() for ch in cleaned):
        raise SearchInputError(str(EMPTY_MESSAGE))
    return cleaned


_SV_HINTS = frozenset(
    [
        "och",
        "att",
        "det",
        "är",
        "jag",
        "vi",
        "har",
        "hur",
        "vad",
        "för",
        "med",
        "inte",
        "kan",
        "ska",
        "måste",
        "någon",
        "finns",
        "barn",
        "skolan",
    ]
)
_EN_HINTS = frozenset(
    [
        "the",
        "and",
        "is",
        "are",
        "my",
        "our",
        "we",
        "i",
        "to",
        "of",
        "with",
        "for",
        "how",
        "who",
        "what",
        "where",
        "year",
        "old",
        "can",
        "not",
    ]
)


def detect_language(words: list[str]) -> str:
    """fi, sv or en by the commonest function words; Finnish when unsure."""
    sv = sum(word in _SV_HINTS for word in words)
    en = sum(word in _EN_HINTS for word in words)
    if max(sv, en) < 2 and not (sv == 1 and len(words) <= 3) and not (en == 1 and len(words) <= 3):
        return "fi"
    return "sv" if sv > en else "en" if en > sv else "fi"


@dataclass
class Query:
    marker: tuple[object, int]
    text: str
    lang: str
    age: int | None
    municipality: str | None
    reading: Reading
    prefixes: list[str]
    tags: list[str]


def understand(*, text_value: str, age: int | None, municipality: str | None, lang: str | None) -> Query:
    """Read the query: language, the situation vocabulary, age, and the text tokens for the database."""
    vocab = vocabulary()
    raw_words = text.words(text_value)
    lang = lang if lang in text.LANGUAGES else detect_language(raw_words)
    reading = vocab.read(query_words(text_value))
    if reading.calm:
        # A worry question or a recurring pattern ("aina kun suuttuu") is not an emergency.
        for code in vocab.danger_topics:
            if code in reading.topics:
                reading.topics[code] *= 0.3
    if age is None:
        age = age_from_text(text_value)
    if age is None and reading.age is not None:
        age = (reading.age[0] + reading.age[1]) // 2
    marker = selectors.search_index_marker()
    lexicon = selectors.catalogue_lexicon(marker=marker)
    prefixes: list[str] = []
    # The vocabulary may add the catalogue's own words for a colloquial phrase ("oon lyöny" → "väkivaltaa käyttävä").
    for word in raw_words + text.words(" ".join(reading.expansions)):
        if text.fold(word) in vocab.stopwords or (len(word) < 3 and not word.isdigit()):
            continue
        if word.isdigit():
            continue
        tokens = [text.stem(word, lang), *text.split_cached(word, lexicon, lang)]
        for token in tokens:
            prefix = text.query_prefix(token)
            if len(prefix) >= 3 and prefix not in prefixes:
                prefixes.append(prefix)
    tags = [topic_tag(code, key=True) for code, weight in reading.topics.items() if weight >= 0.5]
    tags += [topic_tag(code) for code, weight in reading.topics.items() if weight >= 0.5]
    return Query(
        marker=marker,
        text=text_value,
        lang=lang,
        age=age,
        municipality=municipality or None,
        reading=reading,
        prefixes=prefixes[:40],
        tags=tags,
    )


# A stem shorter than this is matched as a whole word: three-letter prefixes match half the catalogue.
MIN_PREFIX = 4
_COLUMNS = [
    "rank",
    "id",
    "kind",
    "object_id",
    "topics",
    "municipalities",
    "level_order",
    "age_min",
    "age_max",
]


# The full-text stage reads about this many postings at most: the rarest (most telling) terms are kept first,
# so a catalogue of 30 000 services answers as fast as one of a hundred.
POSTING_BUDGET = 3000
SHORT_PREFIX_COST = 4
# Terms in fewer documents than this are always kept: in a small catalogue every term is cheap.
ALWAYS_KEEP = 600


def _match_terms(query: Query) -> tuple[list[str], int]:
    """The full-text terms worth reading, rarest first, and how many postings they hold together."""
    terms = [f"{p}*" if len(p) >= MIN_PREFIX else p for p in query.prefixes] + query.tags
    terms = list(dict.fromkeys(terms))
    counts = dict(selectors.term_document_counts(terms, marker=query.marker))
    if connection.vendor == "postgresql":
        # GIN expands a short prefix into every lexeme that begins with it, and ts_rank tests each of them.
        counts = {
            t: c * (SHORT_PREFIX_COST if t.endswith("*") and len(t) <= 6 else 1) for t, c in counts.items()
        }
    chosen, spent = [], 0
    for term in sorted(terms, key=lambda t: counts[t]):
        if counts[term] == 0:
            continue
        if counts[term] <= ALWAYS_KEEP or spent + counts[term] <= POSTING_BUDGET or len(chosen) < 2:
            chosen.append(term)
            spent += counts[term]
    return chosen, spent


def _candidates(query: Query) -> list[tuple[float, dict[str, Any]]]:
    """(text rank, document row) pairs from the database's full-text index, best first.

    When even the rarest terms of the query are in most documents ("lapsi", "perhe"), a text rank would not
    tell them apart: the database then returns matching documents unranked and the situation decides.
    """
    if not query.prefixes and not query.tags:
        return []
    terms, postings = _match_terms(query)
    if not terms:
        return []
    ranked = postings <= 2 * POSTING_BUDGET
    columns = "d.id, d.kind, d.object_id, d.topics, d.municipalities, d.level_order, d.age_min, d.age_max"
    if connection.vendor == "postgresql":
        # search_vector (matching, GIN) and rank_vector (ranking) are stored generated columns (migration 0003).
        rank = "ts_rank(d.rank_vector, q)" if ranked else "1.0"
        order = "ORDER BY rank DESC " if ranked else ""
        sql = (
            f"SELECT {rank} AS rank, {columns} "  # noqa: S608
            f"FROM catalogue_searchdocument d, to_tsquery('simple', %s) q WHERE d.search_vector @@ q "
            f"{order}LIMIT {CANDIDATES}"
        )
        params: list[Any] = [" | ".join(t[:-1] + ":*" if t.endswith("*") else t for t in terms)]
    else:
        # Rank and cut inside FTS5 first; only the best rows are joined to their documents.
        rank = f"-bm25({FTS_TABLE}, 4.0, 1.0, 2.0)" if ranked else "1.0"
        order = f"ORDER BY bm25({FTS_TABLE}, 4.0, 1.0, 2.0) " if ranked else ""
        sql = (
            f"SELECT f.rank, {columns} FROM ("  # noqa: S608
            f"SELECT rowid, {rank} AS rank FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s {order}LIMIT {CANDIDATES}"
            f") f JOIN catalogue_searchdocument d ON d.id = f.rowid ORDER BY f.rank DESC"
        )
        params = [" OR ".join(terms)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [(float(row[0]), dict(zip(_COLUMNS, row, strict=True))) for row in rows]


def _score(query: Query, rank: float, best: float, row: dict[str, Any]) -> tuple[float, dict[str, float]]:
    reading = query.reading
    parts: dict[str, float] = {}
    parts["text"] = W_TEXT * (rank / best if best > 0 else 0.0)
    doc_topics = row["topics"].split()
    if reading.topics:
        mass = sum(reading.topics.values())
        covered = 0.0
        for code, weight in reading.topics.items():
            if code in doc_topics:
                position = doc_topics.index(code)
                covered += weight * TOPIC_POSITION[min(position, len(TOPIC_POSITION) - 1)]
        parts["topic"] = W_TOPIC * covered / math.sqrt(mass)
    if reading.danger:
        danger_weight = W_DANGER * (0.4 if reading.calm else 1.0)
        danger_topics = vocabulary().danger_topics
        hits = [doc_topics.index(code) for code in danger_topics if code in doc_topics]
        if "crisis" in doc_topics:
            parts["danger"] = danger_weight * TOPIC_POSITION[min(doc_topics.index("crisis"), 5)]
        elif hits:
            parts["danger"] = 0.3 * danger_weight * TOPIC_POSITION[min(min(hits), 5)]
    if query.age is not None:
        low, high = row["age_min"], row["age_max"]
        if low <= query.age <= high:
            # A service made for a narrow age band fits better than one for everyone 0–29.
            parts["age"] = W_AGE_INSIDE * (1.0 if high - low <= 12 else 0.6)
        else:
            distance = low - query.age if query.age < low else query.age - high
            parts["age"] = -W_AGE_DISTANCE * min(distance, 5)
    level = row["level_order"]
    if reading.levels:
        total = sum(reading.levels.values())
        preferred = sum(LEVEL_ORDER[code] * count for code, count in reading.levels.items()) / total
        parts["level"] = W_LEVEL_HINT * (1.0 - 0.5 * abs(level - preferred))
    elif not reading.danger or reading.calm:
        parts["level"] = W_LEVEL * (4 - level) / 4
    if query.municipality and query.municipality not in row["municipalities"].split():
        parts["municipality"] = -W_MUNICIPALITY * (1.5 if row["kind"] == DocumentKind.MEETING_PLACE else 1.0)
    elif query.municipality and row["kind"] == DocumentKind.MEETING_PLACE:
        parts["municipality"] = 0.2
    return sum(parts.values()), parts


def search(
    *,
    text: str,
    age: int | None = None,
    municipality: str | None = None,
    lang: str | None = None,
    limit: int = 10,
    with_objects: bool = True,
) -> list[Hit]:
    """Services and meeting places that fit the situation described in ``text``, best first.

    ``age`` (of the child or young person) and ``municipality`` (code, e.g. ``kaislaharju``) are soft: they
    order the results but never hide one. ``lang`` (fi, sv, en) is detected when not given.
    """
    cleaned = validate_query(text)
    try:
        age = int(age) if age is not None and 0 <= int(age) <= 120 else None
    except (TypeError, ValueError):
        age = None  # an unreadable age is ignored: age is only a preference
    query = understand(text_value=cleaned, age=age, municipality=municipality, lang=lang)
    candidates = _candidates(query)
    if not candidates:
        return []
    best = max(rank for rank, _row in candidates)
    scored = []
    for rank, row in candidates:
        score, parts = _score(query, rank, best, row)
        scored.append((score, row, parts))
    scored.sort(key=lambda item: (-item[0], item[1]["level_order"], item[1]["id"]))
    top = scored[: max(int(limit), 0)]
    services = {
        s.pk: s
        for s in Service.objects.select_related("organisation").filter(
            pk__in=[row["object_id"] for _s, row, _p in top if row["kind"] == DocumentKind.SERVICE]
        )
    }
    places = {
        p.pk: p
        for p in MeetingPlace.objects.select_related("municipality").filter(
            pk__in=[row["object_id"] for _s, row, _p in top if row["kind"] == DocumentKind.MEETING_PLACE]
        )
    }
    hits: list[Hit] = []
    for score, row, parts in top:
        obj: Service | MeetingPlace | None = (
            services.get(row["object_id"])
            if row["kind"] == DocumentKind.SERVICE
            else places.get(row["object_id"])
        )
        if obj is None:
            continue
        hits.append(
            Hit(
                id=obj.code,
                kind=row["kind"],
                score=score,
                object=obj if with_objects else None,
                explanation=parts,
            )
        )
    return hits
