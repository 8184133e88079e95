"""Käyttöloki is append-only in the database itself (703/2023 17 §): see luukku.audit.protection.

PostgreSQL: a row trigger refuses UPDATE and DELETE of log entries, a statement trigger refuses TRUNCATE; the
chain head may only move forward by one entry, to an entry that exists, and may not be deleted or truncated.
SQLite: the same with SQLite triggers (SQLite has no TRUNCATE; DELETE without WHERE fires the row trigger).
The head is first set from any entries already in the log, before the triggers exist.

Note for later migrations: on SQLite, Django alters a table by rebuilding it, which drops its triggers; a
migration that alters audit_auditentry or audit_audithead must re-run the SQLite statements below.
"""

from django.db import migrations

GENESIS_HASH = "0" * 64

POSTGRESQL_INSTALL = [
    """
    CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'Käyttöloki on muuttumaton: % taulussa % on kielletty', TG_OP, TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
    END;
    $$
    """,
    """
    CREATE OR REPLACE FUNCTION audit_head_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            IF NEW.last_id <> 1 THEN
                RAISE EXCEPTION 'Lokiketjun pää alkaa merkinnästä #1' USING ERRCODE = 'insufficient_privilege';
            END IF;
        ELSIF NEW.id <> OLD.id OR NEW.last_id <> OLD.last_id + 1 THEN
            RAISE EXCEPTION 'Lokiketjun pää voi siirtyä vain yhden merkinnän eteenpäin'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF NOT EXISTS (
            SELECT 1 FROM audit_auditentry WHERE id = NEW.last_id AND entry_hash = NEW.last_hash
        ) THEN
            RAISE EXCEPTION 'Lokiketjun pään on osoitettava olemassa olevaan merkintään'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
    END;
    $$
    """,
    """
    CREATE TRIGGER audit_auditentry_append_only BEFORE UPDATE OR DELETE ON audit_auditentry
        FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()
    """,
    """
    CREATE TRIGGER audit_auditentry_no_truncate BEFORE TRUNCATE ON audit_auditentry
        FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()
    """,
    """
    CREATE TRIGGER audit_audithead_forward_only BEFORE INSERT OR UPDATE ON audit_audithead
        FOR EACH ROW EXECUTE FUNCTION audit_head_forward_only()
    """,
    """
    CREATE TRIGGER audit_audithead_no_delete BEFORE DELETE ON audit_audithead
        FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()
    """,
    """
    CREATE TRIGGER audit_audithead_no_truncate BEFORE TRUNCATE ON audit_audithead
        FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()
    """,
]

POSTGRESQL_REMOVE = [
    "DROP TRIGGER IF EXISTS audit_audithead_no_truncate ON audit_audithead",
    "DROP TRIGGER IF EXISTS audit_audithead_no_delete ON audit_audithead",
    "DROP TRIGGER IF EXISTS audit_audithead_forward_only ON audit_audithead",
    "DROP TRIGGER IF EXISTS audit_auditentry_no_truncate ON audit_auditentry",
    "DROP TRIGGER IF EXISTS audit_auditentry_append_only ON audit_auditentry",
    "DROP FUNCTION IF EXISTS audit_head_forward_only()",
    "DROP FUNCTION IF EXISTS audit_refuse_change()",
]

SQLITE_INSTALL = [
    """
    CREATE TRIGGER audit_auditentry_no_update BEFORE UPDATE ON audit_auditentry
    BEGIN SELECT RAISE(ABORT, 'Käyttöloki on muuttumaton: merkinnän muuttaminen on kielletty'); END
    """,
    """
    CREATE TRIGGER audit_auditentry_no_delete BEFORE DELETE ON audit_auditentry
    BEGIN SELECT RAISE(ABORT, 'Käyttöloki on muuttumaton: merkinnän poistaminen on kielletty'); END
    """,
    """
    CREATE TRIGGER audit_audithead_first_only BEFORE INSERT ON audit_audithead
    WHEN NEW.last_id <> 1
        OR NOT EXISTS (SELECT 1 FROM audit_auditentry WHERE id = NEW.last_id AND entry_hash = NEW.last_hash)
    BEGIN SELECT RAISE(ABORT, 'Lokiketjun pää alkaa merkinnästä #1'); END
    """,
    """
    CREATE TRIGGER audit_audithead_forward_only BEFORE UPDATE ON audit_audithead
    WHEN NEW.id <> OLD.id OR NEW.last_id <> OLD.last_id + 1
        OR NOT EXISTS (SELECT 1 FROM audit_auditentry WHERE id = NEW.last_id AND entry_hash = NEW.last_hash)
    BEGIN SELECT RAISE(ABORT, 'Lokiketjun pää voi siirtyä vain yhden merkinnän eteenpäin'); END
    """,
    """
    CREATE TRIGGER audit_audithead_no_delete BEFORE DELETE ON audit_audithead
    BEGIN SELECT RAISE(ABORT, 'Lokiketjun päätä ei voi poistaa'); END
    """,
]

SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS audit_audithead_no_delete",
    "DROP TRIGGER IF EXISTS audit_audithead_forward_only",
    "DROP TRIGGER IF EXISTS audit_audithead_first_only",
    "DROP TRIGGER IF EXISTS audit_auditentry_no_delete",
    "DROP TRIGGER IF EXISTS audit_auditentry_no_update",
]


def _run(schema_editor, statements):
    for statement in statements:
        schema_editor.execute(statement, params=None)


def install(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    AuditHead = apps.get_model("audit", "AuditHead")
    last = AuditEntry.objects.using(schema_editor.connection.alias).order_by("-id").first()
    if last is not None and not AuditHead.objects.using(schema_editor.connection.alias).exists():
        AuditHead.objects.using(schema_editor.connection.alias).create(
            id=1, last_id=last.id, last_hash=last.entry_hash
        )
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, POSTGRESQL_INSTALL)
    elif vendor == "sqlite":
        _run(schema_editor, SQLITE_INSTALL)


def remove(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, POSTGRESQL_REMOVE)
    elif vendor == "sqlite":
        _run(schema_editor, SQLITE_REMOVE)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_chain_head_and_log_report_request")]

    operations = [migrations.RunPython(install, remove, elidable=False)]
