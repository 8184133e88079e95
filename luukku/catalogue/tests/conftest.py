"""Fixtures of the catalogue tests: a small part of the fictional demo region, loaded through the importer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def fixture_json(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.fixture
def small_catalogue(db):  # type: ignore[no-untyped-def]
    """23 services and 4 meeting places of the demo region, imported and indexed."""
    from luukku.catalogue.imports.catalogue_json import catalogue_import

    return catalogue_import(data=fixture_json("catalogue_small.json"))
