"""The full-text index of the catalogue search: FTS5 on SQLite, a GIN-indexed tsvector on PostgreSQL."""

from django.db import migrations

PG_VECTOR = (
    "setweight(to_tsvector('simple', names), 'A') || setweight(to_tsvector('simple', tags), 'B')"
    " || setweight(to_tsvector('simple', body), 'C')"
)


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS catalogue_search_fts USING fts5("
            "names, body, tags, tokenize = 'unicode61 remove_diacritics 2', prefix = '3 4 5 6')"
        )
    elif vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS catalogue_searchdocument_tsv ON catalogue_searchdocument USING gin (({PG_VECTOR}))"
        )


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS catalogue_search_fts")
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS catalogue_searchdocument_tsv")


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_catalogue_models")]

    operations = [migrations.RunPython(create_index, drop_index)]
