import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from luukku.audit.models import AuditAction, AuditEntry, AuditHead
from luukku.audit.services import audit_record
from luukku.audit.verification import verify_chain


@pytest.mark.django_db
def test_application_cannot_update_a_log_row(write_entries):
    # given a log entry
    entry = write_entries(1)[0]

    # when the application's connection tries to change it, through the ORM and in plain SQL
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(summary="muutettu")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET actor_name = 'joku muu'")

    # then the database refused both and the entry is unchanged
    assert AuditEntry.objects.get(pk=entry.pk).summary == entry.summary
    assert verify_chain().ok


@pytest.mark.django_db
def test_application_cannot_delete_a_log_row(write_entries):
    # given two log entries
    entries = write_entries(2)

    # when the application's connection tries to delete one, or all of them
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entries[0].pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry")

    # then both entries are still there
    assert AuditEntry.objects.count() == 2


@pytest.mark.django_db
def test_application_cannot_truncate_the_log(write_entries):
    # given log entries
    write_entries(2)
    # TRUNCATE on PostgreSQL; SQLite has none, and its equivalent is an unconditional DELETE
    statement = (
        "TRUNCATE audit_auditentry" if connection.vendor == "postgresql" else "DELETE FROM audit_auditentry"
    )

    # when the application's connection tries to empty the log
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)

    # then the entries are still there
    assert AuditEntry.objects.count() == 2


@pytest.mark.django_db
def test_chain_head_cannot_be_moved_back_or_deleted(write_entries):
    # given a log of three entries
    entries = write_entries(3)

    # when the application's connection tries to move the head back to #2 or to delete it
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditHead.objects.update(last_id=2, last_hash=entries[1].entry_hash)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditHead.objects.all().delete()

    # then the head still points at #3
    assert AuditHead.objects.get().last_id == 3


@pytest.mark.django_db
def test_chain_head_cannot_point_at_an_entry_that_does_not_exist(write_entries):
    # given a log of two entries
    write_entries(2)

    # when the head is moved forward to an entry #3 that was never written
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditHead.objects.update(last_id=3, last_hash="f" * 64)

    # then the head still points at #2
    assert AuditHead.objects.get().last_id == 2


@pytest.mark.django_db(transaction=True)
def test_flush_wipes_the_log_and_keeps_it_protected(write_entries):
    # given a demo database with log entries
    write_entries(3)

    # when the whole database is flushed
    call_command("flush", interactive=False, verbosity=0)

    # then the log is empty, a new chain starts from #1, and the protection is back on
    assert AuditEntry.objects.count() == 0
    entry = audit_record(actor=None, action=AuditAction.SEARCH, summary="Palveluhaku")
    assert entry.pk == 1
    assert verify_chain().ok
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=1).delete()
    assert AuditEntry.objects.count() == 1
