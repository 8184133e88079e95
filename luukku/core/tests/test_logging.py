"""Identity codes never reach a log line (DOMAIN.md §4)."""

from __future__ import annotations

import io
import logging

import pytest

from luukku.core.factories import ChildFactory
from luukku.core.logging import IdentityCodeMaskFilter, mask_identity_codes

CODE = "131052-308T"


@pytest.fixture
def configured_log():  # type: ignore[no-untyped-def]
    """The handler configured in settings.LOGGING, writing into a buffer for the test."""
    handler = next(
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(f, IdentityCodeMaskFilter) for f in handler.filters)
    )
    buffer = io.StringIO()
    # Swap the stream without setStream(): that flushes the old stream, which pytest's capture may have closed.
    previous, handler.stream = handler.stream, buffer
    try:
        yield buffer
    finally:
        handler.stream = previous


def test_the_configured_root_handler_masks_a_code_in_the_message(configured_log):
    # when a code is logged as an argument
    logging.getLogger("luukku.test").warning("Haettiin henkilöä %s", CODE)
    # then the line is written with the code masked
    assert "Haettiin henkilöä ******-****" in configured_log.getvalue()
    assert CODE not in configured_log.getvalue()
    assert "131052" not in configured_log.getvalue()


def test_the_configured_root_handler_masks_a_code_in_a_traceback(configured_log):
    # when an exception quoting a code is logged with its traceback
    try:
        raise ValueError(f"henkilötunnus {CODE.lower()} ei kelpaa")
    except ValueError:
        logging.getLogger("luukku.test").exception("Tallennus epäonnistui")
    # then the traceback is written, but not the code
    output = configured_log.getvalue()
    assert "Tallennus epäonnistui" in output
    assert "ValueError: henkilötunnus ******-**** ei kelpaa" in output
    assert CODE.lower() not in output


@pytest.mark.parametrize("code", [CODE, "010594Y9032", "020516c903k", "010101+904B", "010501E9032"])
def test_the_filter_masks_every_code_shape(code):
    # given a record whose message carries a code in a dict argument
    record = logging.LogRecord(
        "luukku", logging.INFO, __file__, 1, "potilas=%(hetu)s ok", ({"hetu": code},), None
    )
    # when the filter runs
    kept = IdentityCodeMaskFilter().filter(record)
    # then the record is kept, and what gets written is masked
    assert kept is True
    assert record.getMessage() == "potilas=******-**** ok"


def test_the_filter_masks_a_stack():
    record = logging.LogRecord("luukku", logging.INFO, __file__, 1, "x", None, None, sinfo=f"Stack: {CODE}")
    IdentityCodeMaskFilter().filter(record)
    assert record.stack_info == "Stack: ******-****"


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ('{"hetu": "131052-308T"}', '{"hetu": "******-****"}'),
        ("GET /haku?hetu=131052-308t&sivu=2", "GET /haku?hetu=******-****&sivu=2"),
        ("/henkilot/131052-308T/", "/henkilot/******-****/"),
        ("tunnukset 010594Y9032, 020516C903K.", "tunnukset ******-****, ******-****."),
        ("henkilön 131052-308T:n tiedot", "henkilön ******-****:n tiedot"),
    ],
)
def test_codes_are_masked_wherever_they_sit_in_a_line(text, masked):
    assert mask_identity_codes(text) == masked


def test_uuids_and_ordinary_numbers_are_left_alone():
    text = "henkilö 3f2504e0-4f89-11d3-9a0c-0305e82c3301, asia 2026-000123, puhelin 0401234567"
    assert mask_identity_codes(text) == text


@pytest.mark.django_db
def test_a_person_str_and_repr_never_contain_the_code():
    # given a child with an identity code
    child = ChildFactory(first_names="Eetu", last_name="Testinen")
    code = child.identity_code
    assert code
    # then neither the name shown in lists nor the debug repr contains it
    assert code not in str(child)
    assert code not in repr(child)
    assert str(child) == "Eetu Testinen"
    # and the masked form shows only the birth date part
    assert child.masked_identity_code == code[:7] + "****"
