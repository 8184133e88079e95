from __future__ import annotations

import pytest
from django.db import connection

from luukku.catalogue.models import SearchDocument
from luukku.catalogue.search import search

pytestmark = pytest.mark.django_db


def test_text_match_runs_in_the_databases_full_text_index(small_catalogue):
    # given the catalogue indexed on this database (SQLite: FTS5 table; PostgreSQL: GIN-indexed tsvector)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM catalogue_search_fts WHERE catalogue_search_fts MATCH 'turvako*'"
            )
        else:
            cursor.execute(
                "SELECT count(*) FROM pg_indexes WHERE indexname = 'catalogue_searchdocument_vector' "
                "AND indexdef ILIKE '%%gin%%search_vector%%'"
            )
        (count,) = cursor.fetchone()
    # when a word only the text index knows is searched
    hits = search(text="turvakotiin", limit=3)
    # then the index answers and the search finds the shelter through it
    assert count >= 1
    assert hits[0].id == "turvakoti"
    assert SearchDocument.objects.filter(kind="service").count() == 23


def test_inactive_service_leaves_the_index(small_catalogue):
    # given the shelter in the index
    from luukku.catalogue.models import Service
    from luukku.catalogue.services import search_document_sync

    service = Service.objects.get(code="turvakoti")
    # when it is no longer active and synced
    service.is_active = False
    service.save()
    search_document_sync(obj=service)
    # then search no longer offers it
    assert "turvakoti" not in [hit.id for hit in search(text="turvakoti", limit=10)]
