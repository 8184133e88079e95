"""Fixtures of the portal tests: the demo region's catalogue, loaded through the catalogue's own importer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

DEMO_CATALOGUE = Path(__file__).resolve().parents[2] / "demo" / "data" / "catalogue.json"


@pytest.fixture
def demo_catalogue(db):  # type: ignore[no-untyped-def]
    from luukku.catalogue.imports.catalogue_json import catalogue_import

    return catalogue_import(data=json.loads(DEMO_CATALOGUE.read_text(encoding="utf-8")))


@pytest.fixture(autouse=True)
def _empty_cache():  # type: ignore[no-untyped-def]
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def municipality_kaislaharju(db):  # type: ignore[no-untyped-def]
    from luukku.core.factories import MunicipalityFactory

    return MunicipalityFactory(code="kaislaharju", name_fi="Kaislaharju")
