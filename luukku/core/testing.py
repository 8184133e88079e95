"""Helpers for tests across the apps."""

from __future__ import annotations

from typing import Any


def login(client: Any, user: Any) -> Any:
    """Log ``user`` in on the Django test ``client`` as a fully authenticated professional.

    Use this instead of ``client.force_login`` so that every test passes the same authentication steps
    (including the second factor) that the real login requires.
    """
    client.force_login(user)
    return client
