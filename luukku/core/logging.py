"""Logging helpers: identity codes never reach a log line."""

from __future__ import annotations

import logging

from luukku.core.identity import IDENTITY_CODE_PATTERN


class IdentityCodeMaskFilter(logging.Filter):
    """Replace anything shaped like a henkilötunnus in a log record with ``******-****``."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if IDENTITY_CODE_PATTERN.search(message):
            record.msg = IDENTITY_CODE_PATTERN.sub("******-****", message)
            record.args = None
        return True
