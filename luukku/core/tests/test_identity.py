"""Henkilötunnus (DOMAIN.md §4): every valid form is accepted, every mistake gets its own code and message."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from luukku.core import identity

ALPHABET = "0123456789ABCDEFHJKLMNPRSTUVWXY"
SIGNS_BY_CENTURY = {1800: "+", 1900: "-YXWVU", 2000: "ABCDEF"}


def with_check(first_ten: str) -> str:
    """Append the check character, computed here independently of the code under test."""
    digits = first_ten[:6] + first_ten[7:10]
    return first_ten + ALPHABET[int(digits) % 31]


def error_of(raw):  # type: ignore[no-untyped-def]
    with pytest.raises(identity.IdentityCodeError) as caught:
        identity.parse(raw)
    return caught.value


# --- valid codes ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "birth_date", "number"),
    [
        ("131052-308T", dt.date(1952, 10, 13), 308),
        ("010594Y9032", dt.date(1994, 5, 1), 903),
        ("020516C903K", dt.date(2016, 5, 2), 903),
        ("010501E9032", dt.date(2001, 5, 1), 903),
    ],
)
def test_the_domain_examples_are_valid(raw, birth_date, number):
    parsed = identity.parse(raw)
    assert parsed.code == raw
    assert parsed.birth_date == birth_date
    assert parsed.individual_number == number
    assert identity.is_valid(raw)


@pytest.mark.parametrize(
    ("sign", "birth_date"),
    [("+", dt.date(1899, 12, 31))]
    + [(sign, dt.date(1952, 10, 13)) for sign in "-YXWVU"]
    + [(sign, dt.date(2016, 5, 2)) for sign in "ABCDEF"],
)
def test_every_century_sign_is_accepted(sign, birth_date):
    # given a code built with the century sign
    code = identity.build(birth_date, 904, sign=sign)
    # then it carries that sign and parses back to the same birth date
    assert code[6] == sign
    assert code == with_check(code[:10])
    assert identity.parse(code).birth_date == birth_date


def test_the_sign_is_part_of_the_identity():
    # 010594Y9032 and 010594-9032 are both valid but two different codes
    assert identity.is_valid("010594-9032")
    assert identity.parse("010594Y9032") != identity.parse("010594-9032")
    assert identity.lookup_digest("010594Y9032") != identity.lookup_digest("010594-9032")


def test_lower_case_and_surrounding_space_are_accepted_and_normalised():
    assert identity.parse("020516c903k").code == "020516C903K"
    assert identity.parse("  131052-308t\n").code == "131052-308T"
    assert identity.parse("010594y9032").code == "010594Y9032"


def test_leap_days_follow_the_century():
    # 2000 was a leap year, 1900 was not
    assert identity.parse(with_check("290200A904")).birth_date == dt.date(2000, 2, 29)
    assert identity.parse(with_check("290296-904")).birth_date == dt.date(1996, 2, 29)
    assert error_of(with_check("290200-904")).code == "impossible_date"


def test_temporary_codes_and_sex():
    parsed = identity.parse("131052-308T")
    assert not parsed.is_temporary
    assert parsed.sex == "female"
    assert identity.parse("010594Y9032").is_temporary
    assert identity.parse("010594Y9032").sex == "male"


# --- invalid codes ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "code", "words"),
    [
        ("131052-308U", "check_character", "Tarkistusmerkki ei täsmää"),
        ("010594Y9033", "check_character", "Tarkistusmerkki ei täsmää"),
        ("131052-308G", "check_character_invalid", "ei ole sallittu merkki"),
        ("131052-308Z", "check_character_invalid", "ei ole sallittu merkki"),
        (with_check("310224A904"), "impossible_date", "ei ole kalenterissa"),
        (with_check("290223A904"), "impossible_date", "ei ole kalenterissa"),
        (with_check("290223-904"), "impossible_date", "ei ole kalenterissa"),
        (with_check("300200A904"), "impossible_date", "ei ole kalenterissa"),
        (with_check("000100A904"), "impossible_date", "ei ole kalenterissa"),
        (with_check("011300A904"), "impossible_date", "ei ole kalenterissa"),
        ("131052G308T", "century_sign", "Tuntematon välimerkki"),
        ("131052Z308T", "century_sign", "Tuntematon välimerkki"),
        ("131052*308T", "century_sign", "Tuntematon välimerkki"),
        ("131052T308T", "century_sign", "Tuntematon välimerkki"),
        ("131052-308", "length", "11 merkkiä, nyt 10"),
        ("131052-308TT", "length", "11 merkkiä, nyt 12"),
        ("", "empty", "puuttuu"),
        ("   ", "empty", "puuttuu"),
        (None, "empty", "puuttuu"),
        ("13105X-308T", "date_format", "syntymäaika numeroina"),
        ("１３１０５２-308T", "date_format", "syntymäaika numeroina"),
        ("131052-3O8T", "individual_format", "yksilönumeron"),
        ("131052-30²T", "individual_format", "yksilönumeron"),
        ("131052-٣٠٨T", "individual_format", "yksilönumeron"),
        (with_check("010101A000"), "individual_range", "ei ole käytössä"),
        (with_check("010101A001"), "individual_range", "ei ole käytössä"),
    ],
)
def test_each_mistake_has_its_own_code_and_finnish_message(raw, code, words):
    # when an invalid code is parsed
    error = error_of(raw)
    # then the error says what is wrong, in Finnish, and the form knows which mistake it was
    assert error.code == code
    assert words in error.messages[0]
    assert not identity.is_valid(raw)
    with pytest.raises(identity.IdentityCodeError):
        identity.validate_identity_code(raw)


def test_error_messages_never_repeat_the_whole_code():
    raw = "131052-308U"
    assert raw not in error_of(raw).messages[0]


# --- build --------------------------------------------------------------------------------------------------------


def test_build_refuses_codes_that_could_not_be_valid():
    with pytest.raises(ValueError):
        identity.build(dt.date(1990, 1, 1), 904, sign="A")  # 2000s sign on a 1900s birth date
    with pytest.raises(ValueError):
        identity.build(dt.date(2010, 1, 1), 904, sign="G")
    with pytest.raises(ValueError):
        identity.build(dt.date(2010, 1, 1), 1)
    with pytest.raises(ValueError):
        identity.build(dt.date(2010, 1, 1), 1000)
    with pytest.raises(ValueError):
        identity.build(dt.date(1790, 1, 1), 904)


def test_build_picks_the_classic_sign_by_default():
    assert identity.build(dt.date(1952, 10, 13), 308) == "131052-308T"
    assert identity.build(dt.date(2016, 5, 2), 903)[6] == "A"
    assert identity.build(dt.date(1899, 1, 1), 903)[6] == "+"


@st.composite
def code_parts(draw):  # type: ignore[no-untyped-def]
    birth_date = draw(st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2099, 12, 31)))
    sign = draw(st.sampled_from(SIGNS_BY_CENTURY[birth_date.year // 100 * 100]))
    number = draw(st.integers(min_value=2, max_value=999))
    return birth_date, number, sign


@given(parts=code_parts())
def test_build_then_parse_round_trips(parts):
    birth_date, number, sign = parts
    code = identity.build(birth_date, number, sign=sign)
    parsed = identity.parse(code.lower())
    assert parsed.code == code
    assert parsed.birth_date == birth_date
    assert parsed.individual_number == number
    assert code == with_check(code[:10])


@given(
    parts=code_parts(),
    position=st.integers(min_value=0, max_value=10),
    replacement=st.sampled_from("0123456789"),
)
def test_a_single_mistyped_digit_is_always_caught(parts, position, replacement):
    # given a valid code and one character replaced by another digit
    birth_date, number, sign = parts
    code = identity.build(birth_date, number, sign=sign)
    assume(code[position] != replacement)
    typo = code[:position] + replacement + code[position + 1 :]
    # then the code is rejected (31 is a prime that divides no single-digit change, and a digit is no sign)
    assert not identity.is_valid(typo)


# --- storage and display ------------------------------------------------------------------------------------------


def test_encrypt_decrypt_round_trip_without_the_code_in_the_token():
    token = identity.encrypt("131052-308t")
    assert identity.decrypt(token) == "131052-308T"
    assert "131052" not in token
    # a fresh token every time, but each decrypts to the same code
    assert identity.encrypt("131052-308T") != token
    assert identity.decrypt(identity.encrypt("131052-308T")) == "131052-308T"


def test_lookup_digest_is_stable_normalised_and_does_not_contain_the_code():
    digest = identity.lookup_digest("131052-308T")
    assert digest == identity.lookup_digest(" 131052-308t ")
    assert len(digest) == 64
    assert "131052" not in digest
    assert digest != identity.lookup_digest("010594Y9032")


def test_lookup_digest_depends_on_the_key(settings):
    digest = identity.lookup_digest("131052-308T")
    settings.LUUKKU_FIELD_KEY = "another deployment's key"
    assert identity.lookup_digest("131052-308T") != digest


def test_mask_shows_only_the_birth_date_part():
    assert identity.mask("131052-308T") == "131052-****"
    assert identity.mask("020516c903k") == "020516C****"
    assert identity.mask("nonsense") == "***********"
    assert identity.mask("") == "***********"


def test_repr_never_shows_the_full_code():
    parsed = identity.parse("131052-308T")
    assert "131052-308T" not in repr(parsed)
    assert "131052" not in repr(parsed)
    assert "131052-308T" not in repr([parsed])
    assert str(parsed) == "131052-308T"
