"""Term statistics for the search: which words are so common that matching them costs more than it tells.

SQLite: an fts5vocab table over the FTS5 index gives each term's document count. PostgreSQL: the weighted
tsvector becomes a stored generated column with its own GIN index (matching), beside a smaller one for ranking,
so neither is recomputed for every matching row.
"""

from django.db import migrations

PG_VECTOR = (
    "setweight(to_tsvector('simple'::regconfig, coalesce(names, '')), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, coalesce(tags, '')), 'B') || "
    "setweight(to_tsvector('simple'::regconfig, coalesce(body, '')), 'C')"
)


# Ranking reads this small vector (names and the topic tags at the start of the tags), so that it stays inline
# in the row instead of being fetched from TOAST for every candidate; the body only decides what matches.
PG_RANK_VECTOR = (
    "setweight(to_tsvector('simple'::regconfig, coalesce(names, '')), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, left(coalesce(tags, ''), 200)), 'B')"
)


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS catalogue_search_vocab USING fts5vocab(catalogue_search_fts, 'row')"
        )
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS catalogue_searchdocument_tsv")
        schema_editor.execute(
            f"ALTER TABLE catalogue_searchdocument ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({PG_VECTOR}) STORED"
        )
        schema_editor.execute(
            f"ALTER TABLE catalogue_searchdocument ADD COLUMN rank_vector tsvector GENERATED ALWAYS AS ({PG_RANK_VECTOR}) STORED"
        )
        schema_editor.execute(
            "CREATE INDEX catalogue_searchdocument_vector ON catalogue_searchdocument USING gin (search_vector)"
        )


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS catalogue_search_vocab")
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS catalogue_searchdocument_vector")
        schema_editor.execute("ALTER TABLE catalogue_searchdocument DROP COLUMN IF EXISTS rank_vector")
        schema_editor.execute("ALTER TABLE catalogue_searchdocument DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0002_search_fulltext_index")]

    operations = [migrations.RunPython(forwards, backwards)]
