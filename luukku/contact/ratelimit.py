"""A small per-address flood limit for public forms (cache-based; one fixed one-minute window per address)."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def over_limit(request: HttpRequest, *, scope: str, per_minute: int) -> bool:
    """True when this address has sent more than ``per_minute`` submissions to ``scope`` in the current minute."""
    key = f"{scope}:{client_address(request)}"
    if cache.add(key, 1, timeout=60):
        return per_minute < 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=60)
        return per_minute < 1
    return count > per_minute
