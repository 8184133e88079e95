"""Henkilötunnus: the Finnish personal identity code (Väestötietojärjestelmälaki 661/2009 11 §, VNA 128/2010).

Format ``DDMMYYCZZZQ``: birth date, century sign ``C``, individual number ``ZZZ`` (002–899 for permanent codes,
900–999 for temporary and test codes) and check character ``Q`` = the nine digits DDMMYYZZZ mod 31 indexed into
``0123456789ABCDEFHJKLMNPRSTUVWXY``. Century signs: ``+`` 1800s; ``-``, ``Y``, ``X``, ``W``, ``V``, ``U``
1900s; ``A``–``F`` 2000s (the extra signs are in use since 2023). The sign is part of the identity:
``010594Y9032`` and ``010594-9032`` are two different codes.

Luukku stores a code encrypted (``encrypt``) with a keyed digest for look-ups (``lookup_digest``); a code never
goes into a URL or a log line (``luukku.core.logging`` masks anything that looks like one).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import re
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
CENTURY_SIGNS: dict[str, int] = {
    "+": 1800,
    "-": 1900,
    "Y": 1900,
    "X": 1900,
    "W": 1900,
    "V": 1900,
    "U": 1900,
    "A": 2000,
    "B": 2000,
    "C": 2000,
    "D": 2000,
    "E": 2000,
    "F": 2000,
}
TEMPORARY_RANGE = range(900, 1000)
PERMANENT_RANGE = range(2, 900)

# Anything shaped like a code, for masking log lines (deliberately wider than a valid code).
IDENTITY_CODE_PATTERN = re.compile(r"\b\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]\b", re.IGNORECASE)
_ASCII_DIGITS = re.compile(r"[0-9]+")


class IdentityCodeError(ValidationError):
    """A henkilötunnus that is not valid, with a message that says what is wrong."""


@dataclass(frozen=True)
class IdentityCode:
    """A validated henkilötunnus."""

    code: str
    birth_date: dt.date
    individual_number: int

    @property
    def is_temporary(self) -> bool:
        """Individual numbers 900–999 are temporary or test codes that no living person has permanently."""
        return self.individual_number in TEMPORARY_RANGE

    @property
    def sex(self) -> str:
        """Legal sex recorded in the code: odd individual number = male, even = female."""
        return "male" if self.individual_number % 2 else "female"

    def __str__(self) -> str:
        return self.code

    def __repr__(self) -> str:
        return f"IdentityCode(***{self.code[-4:-1]}*)"


def check_character(digits: str) -> str:
    """The check character for the nine digits DDMMYYZZZ."""
    return CHECK_CHARACTERS[int(digits) % 31]


def normalise(raw: str) -> str:
    """Trim whitespace and upper-case; nothing else (the century sign is part of the identity)."""
    return (raw or "").strip().upper()


def parse(raw: str) -> IdentityCode:
    """Validate ``raw`` and return the code; raise IdentityCodeError with a Finnish message for each mistake."""
    code = normalise(raw)
    if not code:
        raise IdentityCodeError(_("Henkilötunnus puuttuu."), code="empty")
    if len(code) != 11:
        raise IdentityCodeError(
            _("Henkilötunnuksessa on oltava 11 merkkiä, nyt %(length)d.") % {"length": len(code)},
            code="length",
        )
    date_part, sign, individual, check = code[:6], code[6], code[7:10], code[10]
    # ASCII digits only: str.isdigit() also accepts "²" and "١", which int() then rejects or reads as a digit.
    if not _ASCII_DIGITS.fullmatch(date_part):
        raise IdentityCodeError(
            _("Henkilötunnuksen kuusi ensimmäistä merkkiä ovat syntymäaika numeroina (PPKKVV)."),
            code="date_format",
        )
    if sign not in CENTURY_SIGNS:
        raise IdentityCodeError(
            _("Tuntematon välimerkki ”%(sign)s”: sallitut ovat +, -, Y, X, W, V, U ja A–F.") % {"sign": sign},
            code="century_sign",
        )
    if not _ASCII_DIGITS.fullmatch(individual):
        raise IdentityCodeError(
            _("Henkilötunnuksen yksilönumeron (merkit 8–10) on oltava numeroita."), code="individual_format"
        )
    number = int(individual)
    if number < 2:
        raise IdentityCodeError(
            _("Yksilönumero %(number)s ei ole käytössä (sallitut 002–999).") % {"number": individual},
            code="individual_range",
        )
    try:
        birth_date = dt.date(
            CENTURY_SIGNS[sign] + int(date_part[4:6]), int(date_part[2:4]), int(date_part[0:2])
        )
    except ValueError:
        raise IdentityCodeError(
            _("Henkilötunnuksen syntymäaikaa %(date)s ei ole kalenterissa.")
            % {"date": f"{date_part[0:2]}.{date_part[2:4]}.{date_part[4:6]}"},
            code="impossible_date",
        ) from None
    if check not in CHECK_CHARACTERS:
        raise IdentityCodeError(
            _("Tarkistusmerkki ”%(check)s” ei ole sallittu merkki.") % {"check": check},
            code="check_character_invalid",
        )
    expected = check_character(date_part + individual)
    if check != expected:
        raise IdentityCodeError(
            _("Tarkistusmerkki ei täsmää: henkilötunnuksessa on kirjoitusvirhe."),
            code="check_character",
        )
    return IdentityCode(code=code, birth_date=birth_date, individual_number=number)


def is_valid(raw: str) -> bool:
    try:
        parse(raw)
    except IdentityCodeError:
        return False
    return True


def validate_identity_code(value: str) -> None:
    """Django field validator."""
    parse(value)


def build(birth_date: dt.date, individual_number: int, *, sign: str | None = None) -> str:
    """Compose a valid code, used by the synthetic data generators (900–999 only there).

    Raises ValueError when the code could not be valid: a year outside 1800–2099, a century sign that is unknown
    or belongs to another century than ``birth_date``, or an individual number outside 002–999.
    """
    century = birth_date.year // 100 * 100
    if century not in (1800, 1900, 2000):
        raise ValueError(f"no century sign for the year {birth_date.year}")
    if sign is None:
        sign = {1800: "+", 1900: "-", 2000: "A"}[century]
    sign = sign.upper()
    if CENTURY_SIGNS.get(sign) != century:
        raise ValueError(f"century sign {sign!r} does not belong to the year {birth_date.year}")
    if not 2 <= individual_number <= 999:
        raise ValueError("individual number must be 002–999")
    digits = f"{birth_date:%d%m}{birth_date.year % 100:02d}{individual_number:03d}"
    return f"{digits[:6]}{sign}{digits[6:]}{check_character(digits)}"


def mask(code: str) -> str:
    """Show only the birth-date part: ``131052-****``."""
    code = normalise(code)
    return f"{code[:7]}****" if len(code) == 11 else "***********"


# --- Storage: a keyed digest for look-ups and reversible encryption for display -------------------------------


@lru_cache(maxsize=4)
def _keys(secret: str) -> tuple[bytes, bytes]:
    digest_key = hashlib.sha256(b"luukku-identity-digest:" + secret.encode()).digest()
    encryption_key = base64.urlsafe_b64encode(
        hashlib.sha256(b"luukku-identity-encrypt:" + secret.encode()).digest()
    )
    return digest_key, encryption_key


def lookup_digest(code: str) -> str:
    """HMAC-SHA256 of the normalised code: finds a person by code without storing or logging the code."""
    digest_key, _unused = _keys(settings.LUUKKU_FIELD_KEY)
    return hmac.new(digest_key, normalise(code).encode(), hashlib.sha256).hexdigest()


@lru_cache(maxsize=4)
def _fernet(secret: str):  # type: ignore[no-untyped-def]
    from cryptography.fernet import Fernet

    return Fernet(_keys(secret)[1])


def encrypt(code: str) -> str:
    return _fernet(settings.LUUKKU_FIELD_KEY).encrypt(normalise(code).encode()).decode()


def decrypt(token: str) -> str:
    return _fernet(settings.LUUKKU_FIELD_KEY).decrypt(token.encode()).decode()
