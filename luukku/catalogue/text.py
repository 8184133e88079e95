"""Finnish-aware text normalisation shared by the search index and the queries.

A word goes through: lower case → irregular forms (``lasten`` → ``lapsi``, from the vocabulary data) → the
Snowball stemmer of its language (Finnish for Finnish, Swedish for Swedish, English for English) → folded to
ASCII (``ä`` → ``a``), so that a family writing without Nordic letters still matches. Compounds are split
against a lexicon of known word stems (``perhekahvila`` → ``perhekahvil perhe kahvil``), so that a search for
either part finds the compound and the compound finds its parts.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import snowballstemmer

LANGUAGES = ("fi", "sv", "en")
_SNOWBALL = {"fi": "finnish", "sv": "swedish", "en": "english"}
_WORD = re.compile(r"[0-9]+|[^\W\d_]+", re.UNICODE)
# A compound part must be at least this long, so that suffix-like fragments never split a word.
MIN_PART = 4


@lru_cache(maxsize=4)
def _stemmer(lang: str):  # type: ignore[no-untyped-def]
    return snowballstemmer.stemmer(_SNOWBALL.get(lang, "finnish"))


def fold(text: str) -> str:
    """Lower case without diacritics: ``Äitiysneuvola`` → ``aitiysneuvola``."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """The words of ``text`` in lower case, diacritics kept (the stemmers need them)."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).lower())


@lru_cache(maxsize=200_000)
def stem(word: str, lang: str = "fi") -> str:
    """The folded Snowball stem of one lower-case word; numbers stay as they are."""
    if word.isdigit():
        return word
    from luukku.catalogue.vocabulary import vocabulary

    canonical = vocabulary().irregular.get(word)
    if canonical:
        return fold(canonical)
    stemmed = _stemmer(lang).stemWord(word) if len(word) > 3 else word
    if lang == "fi" and stemmed.endswith("ks") and len(stemmed) > 5:
        # -us/-uksen: ahdistus ~ ahdistuksen, perhekeskus ~ perhekeskuksessa.
        stemmed = stemmed[:-2] + "s"
    return fold(stemmed)


def query_prefix(token: str) -> str:
    """How much of a query stem must match the start of an indexed stem.

    Short stems are cut to four letters to survive consonant gradation (``nuort`` ~ ``nuori``, ``päiht`` ~
    ``päihde``); long ones lose their last two letters (``väkival`` ~ ``väkivalta``).
    """
    if token.isdigit() or len(token) <= 4:
        return token
    if len(token) <= 6:
        return token[:4] if len(token) == 5 or len(token) == 6 else token
    return token[: max(5, len(token) - 2)]


def split_compound(word: str, lexicon: frozenset[str] | set[str], lang: str = "fi") -> list[str]:
    """The known parts of a compound word, longest head first, or ``[]`` when it is not a known compound.

    ``word`` is a lower-case word; ``lexicon`` holds folded stems of known words. A split is accepted when the
    head is a known stem (or its stem is) and the tail, stemmed, is a known stem or splits again.
    """
    folded = fold(word)
    if len(folded) < 2 * MIN_PART:
        return []
    for cut in range(len(folded) - MIN_PART, MIN_PART - 1, -1):
        head, tail = folded[:cut], folded[cut:]
        head_stem = head if head in lexicon else stem(head, lang)
        if head_stem not in lexicon:
            continue
        tail_stem = stem(tail, lang)
        if tail_stem in lexicon and len(tail_stem) >= MIN_PART - 1:
            return [head_stem, tail_stem]
        rest = split_compound(tail, lexicon, lang)
        if rest:
            return [head_stem, *rest]
    return []


_split_cache: dict[tuple[str, str], list[str]] = {}
_split_cache_owner: list[object] = [None]


def split_cached(word: str, lexicon: frozenset[str] | set[str], lang: str) -> list[str]:
    # The lexicon is rebuilt as a new object when the catalogue changes; the cache follows its identity.
    if _split_cache_owner[0] is not lexicon or len(_split_cache) > 500_000:
        _split_cache.clear()
        _split_cache_owner[0] = lexicon
    key = (word, lang)
    if key not in _split_cache:
        _split_cache[key] = split_compound(word, lexicon, lang)
    return _split_cache[key]


def normalise(text: str, lang: str = "fi", lexicon: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """The search tokens of ``text``: stems, plus the parts of every compound the lexicon knows."""
    tokens: list[str] = []
    for word in words(text):
        tokens.append(stem(word, lang))
        if lexicon and not word.isdigit():
            tokens.extend(split_cached(word, lexicon, lang))
    return tokens


def lexicon_from(texts: Iterable[tuple[str, str]]) -> set[str]:
    """Known stems from (text, lang) pairs: the words compounds are split against."""
    known: set[str] = set()
    for text, lang in texts:
        for word in words(text):
            if len(word) >= MIN_PART and not word.isdigit():
                known.add(stem(word, lang))
    return known
