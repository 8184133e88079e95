"""Outcome instruments, as pure functions: WHOQOL-BREF and Goal Attainment Scaling (DOMAIN.md §5).

Nothing here touches the database; services and the ``luukku score`` command call these. Bad input raises
``InstrumentInputError`` (a ``ValueError``) with a Finnish message; services turn it into ``ValidationError`` and
the command into a non-zero exit.

Rounding: the functions return full-precision floats; ``as_json`` rounds every score to 4 decimals
(12.571428… → 12.5714, 53.571428… → 53.5714), which keeps the worked examples exact to the 0.01 that matters.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

WHOQOL_ITEMS = 26
WHOQOL_MIN_ANSWERED = 21
WHOQOL_REVERSED = frozenset({3, 4, 26})
# Item numbers per domain, and the minimum number of answered items for the domain to be scored.
WHOQOL_DOMAINS: dict[str, tuple[int, ...]] = {
    "physical": (3, 4, 10, 15, 16, 17, 18),
    "psychological": (5, 6, 7, 11, 19, 26),
    "social": (20, 21, 22),
    "environment": (8, 9, 12, 13, 14, 23, 24, 25),
}
WHOQOL_MIN_ITEMS: dict[str, int] = {"physical": 6, "psychological": 5, "social": 2, "environment": 6}
DOMAIN_LABELS = {
    "physical": _("Fyysinen terveys"),
    "psychological": _("Psyykkinen hyvinvointi"),
    "social": _("Sosiaaliset suhteet"),
    "environment": _("Ympäristö"),
}
JSON_DECIMALS = 4

GAS_RHO = 0.3
GAS_MIN, GAS_MAX = -2, 2


class InstrumentInputError(ValueError):
    """Bad answers or scores: the message says, in Finnish, what is wrong."""


@dataclass(frozen=True)
class DomainScore:
    """A WHOQOL-BREF domain: the 4–20 score and its 0–100 transform."""

    score: float
    score_100: float


@dataclass(frozen=True)
class WhoqolBref:
    """A scored WHOQOL-BREF: Q1 and Q2 raw, four domains (None when not scorable); discarded below 21 answers."""

    answered: int
    discarded: bool
    q1: int | None
    q2: int | None
    physical: DomainScore | None
    psychological: DomainScore | None
    social: DomainScore | None
    environment: DomainScore | None

    def as_json(self) -> dict[str, Any]:
        def domain(value: DomainScore | None) -> dict[str, float] | None:
            if value is None:
                return None
            return {
                "score": round(value.score, JSON_DECIMALS),
                "score_100": round(value.score_100, JSON_DECIMALS),
            }

        return {
            "q1": self.q1,
            "q2": self.q2,
            "physical": domain(self.physical),
            "psychological": domain(self.psychological),
            "social": domain(self.social),
            "environment": domain(self.environment),
        }


def transform_100(score: float) -> float:
    """WHOQOL-BREF 4–20 → 0–100: (score − 4) × 100 / 16."""
    return (score - 4) * 100 / 16


def _parse_int(text: str, *, what: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise InstrumentInputError(
            _g("%(what)s ”%(value)s” ei ole kokonaisluku.") % {"what": what, "value": text.strip()}
        ) from None


def parse_answers(text: str) -> list[int | None]:
    """``4,,4`` → ``[4, None, 4]``: an empty place is an unanswered item. Places after the last one given are
    unanswered too; more than 26 places is an error."""
    places = text.split(",")
    if len(places) > WHOQOL_ITEMS:
        raise InstrumentInputError(
            _g("WHOQOL-BREF-lomakkeessa on %(max)d kysymystä; vastauksia annettiin %(count)d.")
            % {"max": WHOQOL_ITEMS, "count": len(places)}
        )
    return [None if not place.strip() else _parse_int(place, what=_g("Vastaus")) for place in places]


def parse_numbers(text: str, *, what: str) -> list[int]:
    """``-2,0,1`` → ``[-2, 0, 1]``; every place must hold an integer."""
    if not text.strip():
        raise InstrumentInputError(_g("%(what)s puuttuvat.") % {"what": what})
    return [_parse_int(place, what=what) for place in text.split(",")]


def _validate_answers(answers: Sequence[int | None]) -> list[int | None]:
    answers = list(answers)
    if len(answers) > WHOQOL_ITEMS:
        raise InstrumentInputError(
            _g("WHOQOL-BREF-lomakkeessa on %(max)d kysymystä; vastauksia annettiin %(count)d.")
            % {"max": WHOQOL_ITEMS, "count": len(answers)}
        )
    for number, answer in enumerate(answers, start=1):
        if answer is None:
            continue
        if isinstance(answer, bool) or not isinstance(answer, int) or not 1 <= answer <= 5:
            raise InstrumentInputError(
                _g("Kysymyksen %(item)d vastaus on %(value)s; vastauksen on oltava 1–5.")
                % {"item": number, "value": answer}
            )
    return answers + [None] * (WHOQOL_ITEMS - len(answers))


def whoqol_bref(answers: Sequence[int | None]) -> WhoqolBref:
    """WHOQOL-BREF scored as DOMAIN.md §5: items 3, 4, 26 reversed (6 − x), domain = mean of answered items × 4,
    a domain with fewer answered items than its minimum (6/5/2/6) is not scored, and the whole form is discarded
    when fewer than 21 of the 26 items are answered. ``answers[i]`` is item i+1, None when unanswered."""
    items = _validate_answers(answers)
    answered = sum(1 for answer in items if answer is not None)
    if answered < WHOQOL_MIN_ANSWERED:
        return WhoqolBref(answered, True, None, None, None, None, None, None)
    domains: dict[str, DomainScore | None] = {}
    for name, numbers in WHOQOL_DOMAINS.items():
        values = []
        for number in numbers:
            answer = items[number - 1]
            if answer is not None:
                values.append(6 - answer if number in WHOQOL_REVERSED else answer)
        if len(values) < WHOQOL_MIN_ITEMS[name]:
            domains[name] = None
            continue
        score = sum(values) / len(values) * 4
        domains[name] = DomainScore(score=score, score_100=transform_100(score))
    return WhoqolBref(answered=answered, discarded=False, q1=items[0], q2=items[1], **domains)


@dataclass(frozen=True)
class Gas:
    """A Goal Attainment Scaling result: T = 50 + 10·Σwx / √((1−ρ)Σw² + ρ(Σw)²)."""

    t_score: float
    scores: tuple[int, ...]
    weights: tuple[float, ...]

    def as_json(self) -> dict[str, float]:
        return {"t_score": round(self.t_score, JSON_DECIMALS)}


def gas_t_score(
    scores: Sequence[int], weights: Sequence[float] | None = None, *, rho: float = GAS_RHO
) -> Gas:
    """Goal Attainment Scaling (Kiresuk & Sherman): goals scored −2…+2 (0 = the expected outcome), weights w
    (all 1 when not given), ρ = 0.3."""
    scores = list(scores)
    if not scores:
        raise InstrumentInputError(_g("Anna vähintään yhden tavoitteen pisteet."))
    for number, score in enumerate(scores, start=1):
        if isinstance(score, bool) or not isinstance(score, int) or not GAS_MIN <= score <= GAS_MAX:
            raise InstrumentInputError(
                _g("Tavoitteen %(goal)d pisteet ovat %(value)s; pisteiden on oltava −2…+2.")
                % {"goal": number, "value": score}
            )
    if weights is None:
        weights = [1] * len(scores)
    weights = list(weights)
    if len(weights) != len(scores):
        raise InstrumentInputError(
            _g("Tavoitteita on %(scores)d mutta painoja %(weights)d; anna yksi paino kullekin tavoitteelle.")
            % {"scores": len(scores), "weights": len(weights)}
        )
    for number, weight in enumerate(weights, start=1):
        if isinstance(weight, bool) or not isinstance(weight, int | float) or not weight > 0:
            raise InstrumentInputError(
                _g("Tavoitteen %(goal)d paino on %(value)s; painon on oltava positiivinen luku.")
                % {"goal": number, "value": weight}
            )
    weighted = sum(w * x for w, x in zip(weights, scores, strict=True))
    denominator = math.sqrt((1 - rho) * sum(w * w for w in weights) + rho * sum(weights) ** 2)
    return Gas(
        t_score=50 + 10 * weighted / denominator,
        scores=tuple(scores),
        weights=tuple(float(w) for w in weights),
    )
