"""Logging helpers: identity codes never reach a log line."""

from __future__ import annotations

import logging

from luukku.core.identity import IDENTITY_CODE_PATTERN

MASK = "******-****"


def mask_identity_codes(text: str) -> str:
    """``text`` with anything shaped like a henkilötunnus replaced by ``******-****``."""
    return IDENTITY_CODE_PATTERN.sub(MASK, text)


class IdentityCodeMaskFilter(logging.Filter):
    """Replace anything shaped like a henkilötunnus in a log record with ``******-****``.

    The message, a traceback (``logger.exception``: an exception's text may quote the code) and a stack are all
    masked, so the formatter downstream only sees masked text.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if IDENTITY_CODE_PATTERN.search(message):
            record.msg = mask_identity_codes(message)
            record.args = None
        if record.exc_info and not record.exc_text:
            # Formatter.format() reuses a cached exc_text, so the masked text is what gets written.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_identity_codes(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_identity_codes(record.stack_info)
        return True
