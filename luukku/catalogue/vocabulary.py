"""The situation vocabulary: how families, young people and professionals describe their situation.

The vocabulary is data (``data/situation_vocabulary.json``) that a social worker can review: it maps everyday,
colloquial and teen words in Finnish, Swedish and English to the catalogue's topics, flags words that signal
danger, words that tell an age, and words that ask for a particular service level. It never names a service, so
it works on any catalogue that uses the same topic codes.

A pattern word matches every query word that begins with it (``viiltel`` matches ``viiltelee``); a pattern of
six letters or more also matches inside a compound (``kiusaa`` in ``koulukiusaaminen``). A pattern of several
words matches when every one of its words is in the query, in any order.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "situation_vocabulary.json"


@dataclass(frozen=True)
class Entry:
    patterns: tuple[tuple[str, ...], ...]
    topics: dict[str, float]
    danger: bool = False
    level: str | None = None
    age: tuple[int, int] | None = None
    asker: str | None = None
    calm: bool = False
    expand: str = ""


@dataclass
class Reading:
    """What the vocabulary understood of one query."""

    topics: dict[str, float] = field(default_factory=dict)
    danger: bool = False
    calm: bool = False
    levels: dict[str, float] = field(default_factory=dict)
    age: tuple[int, int] | None = None
    asker: str | None = None
    matched: list[str] = field(default_factory=list)
    expansions: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Vocabulary:
    topics: dict[str, dict[str, str]]
    irregular: dict[str, str]
    entries: tuple[Entry, ...]
    danger_topics: tuple[str, ...]
    stopwords: frozenset[str]

    def read(self, folded_words: list[str]) -> Reading:
        """Match the entries against the folded words of a query."""
        reading = Reading()
        exact = set(folded_words)
        prefixes: set[str] = set()
        inner: set[str] = set()
        for word in exact:
            prefixes.update(word[:end] for end in range(4, len(word) + 1))
            for start in range(1, len(word) - 5):
                inner.update(word[start:end] for end in range(start + 6, len(word) + 1))
        for entry in self.entries:
            for pattern in entry.patterns:
                first = pattern[0]
                if len(pattern) == 1:
                    if not (first in exact or (len(first) > 3 and first in prefixes) or first in inner):
                        continue
                elif (
                    first not in exact
                    and first not in prefixes
                    or not all(_word_matches(part, folded_words, in_phrase=True) for part in pattern)
                ):
                    continue
                reading.matched.append(" ".join(pattern))
                for topic, weight in entry.topics.items():
                    reading.topics[topic] = max(reading.topics.get(topic, 0.0), weight)
                reading.danger = reading.danger or entry.danger
                reading.calm = reading.calm or entry.calm
                if entry.level:
                    reading.levels[entry.level] = reading.levels.get(entry.level, 0.0) + 1.0
                if entry.age and reading.age is None:
                    reading.age = entry.age
                if entry.asker and reading.asker is None:
                    reading.asker = entry.asker
                if entry.expand:
                    reading.expansions.append(entry.expand)
                break
        return reading

    def topics_of(self, folded_words: list[str]) -> dict[str, float]:
        """Topics that a text (e.g. a meeting place's activities) speaks of."""
        return self.read(folded_words).topics


_QUERY_WORD = re.compile(r"\w[\w:/'-]*", re.UNICODE)


def query_words(text: str) -> list[str]:
    """Folded words for vocabulary matching; a hyphenated word also gives its parts (``isä–lapsi-ilta``)."""
    from luukku.catalogue.text import fold

    found: list[str] = []
    for word in _QUERY_WORD.findall(fold(text.replace("–", "-"))):
        word = word.strip("-/'")
        found.append(word)
        if "-" in word or "/" in word:
            found += [part for part in re.split(r"[-/]", word) if part]
        if word.endswith(":"):
            found.append(word[:-1])
    return found


def _word_matches(part: str, words: list[str], in_phrase: bool = False) -> bool:
    for word in words:
        if word == part:
            return True
        if len(part) <= 3:
            continue
        if word.startswith(part) and (not in_phrase or len(word) - len(part) <= 4):
            return True
        if not in_phrase and len(part) >= 6 and part in word:
            return True
    return False


_AGE_PATTERNS = [
    # "14v", "14 v", "14-vuotias", "14 vuotta", "14-åring", "14 år", "14 year old", "14yo"
    re.compile(r"\b(\d{1,2})\s*-?\s*(?:v\b|vuotia|vuoden|vuotta|v\.|år|aring|åring|year|yr|yo\b|y/o)"),
    # "oon 17", "olen 17", "jag är 17", "i am 17", "på 13", "i'm 15"
    re.compile(r"\b(?:oon|olen|ole|jag är|jag ar|i am|i'm|im|på|pa|age|ikä|ika)\s+(\d{1,2})\b"),
]
_MONTHS = re.compile(r"\b(\d{1,2})\s*-?\s*(?:kk|kuukau|mån|man|month)")


def age_from_text(text: str) -> int | None:
    """The age of the child or young person when the text tells it (``14v``, ``8-vuotias``, ``6kk`` → 0)."""
    lowered = text.lower()
    if _MONTHS.search(lowered):
        months = int(_MONTHS.search(lowered).group(1))  # type: ignore[union-attr]
        return months // 12
    for pattern in _AGE_PATTERNS:
        match = pattern.search(lowered)
        if match and int(match.group(1)) <= 29:
            return int(match.group(1))
    return None


def _fold(text: str) -> str:
    from luukku.catalogue.text import fold

    return fold(text)


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The vocabulary loaded once from the data file."""
    return load(DATA_FILE)


def load(path: Path) -> Vocabulary:
    data = json.loads(path.read_text(encoding="utf-8"))
    entries: list[Entry] = []
    for raw in data["situations"]:
        patterns = tuple(tuple(_fold(part) for part in phrase.split()) for phrase in raw["words"])
        age = raw.get("age")
        entries.append(
            Entry(
                patterns=patterns,
                topics={code: float(weight) for code, weight in raw.get("topics", {}).items()},
                danger=bool(raw.get("danger", False)),
                level=raw.get("level"),
                age=(int(age[0]), int(age[1])) if age else None,
                asker=raw.get("asker"),
                calm=bool(raw.get("calm", False)),
                expand=str(raw.get("expand", "")),
            )
        )
    known = set(data["topics"])
    for entry in entries:
        unknown = set(entry.topics) - known
        if unknown:
            raise ValueError(f"situation_vocabulary.json: unknown topic codes {sorted(unknown)}")
    return Vocabulary(
        topics=data["topics"],
        irregular={word.lower(): canonical for word, canonical in data.get("irregular", {}).items()},
        entries=tuple(entries),
        danger_topics=tuple(data.get("danger_topics", ["crisis"])),
        stopwords=frozenset(_fold(word) for word in data.get("stopwords", [])),
    )
