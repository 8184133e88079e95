import datetime as dt
import threading

import pytest
from django.db import connection

from luukku.audit import chain
from luukku.audit.models import AuditAction, AuditEntry, AuditHead
from luukku.audit.services import audit_record
from luukku.audit.verification import verify_chain
from luukku.core import time
from luukku.core.factories import ChildFactory, OrganisationFactory, ProfessionalFactory


@pytest.mark.django_db
def test_entries_are_numbered_one_after_another_and_linked(write_entries):
    # given an empty log
    # when three entries are written
    entries = write_entries(3)

    # then they are #1, #2, #3, each carrying the previous entry's hash, and the head points at #3
    assert [e.pk for e in entries] == [1, 2, 3]
    assert entries[0].previous_hash == chain.GENESIS_HASH
    assert entries[1].previous_hash == entries[0].entry_hash
    assert entries[2].previous_hash == entries[1].entry_hash
    head = AuditHead.objects.get()
    assert (head.last_id, head.last_hash) == (3, entries[2].entry_hash)


@pytest.mark.django_db
def test_entry_records_who_where_in_which_role_and_to_whom():
    # given a social worker of one organisation and a child
    worker = ProfessionalFactory(first_name="Sanna", last_name="Sosiaalityöntekijä")
    child = ChildFactory()
    school = OrganisationFactory(name_fi="Kaislahden koulu")

    # when the worker discloses the child's data to a school
    entry = audit_record(
        actor=worker,
        action=AuditAction.DISCLOSE,
        person=child,
        summary="Asiakassuunnitelma",
        basis="consent",
        recipient_organisation=school,
    )

    # then the entry names the worker, the organisation, the role and the recipient
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.actor_name == "Sanna Sosiaalityöntekijä"
    assert stored.actor_organisation_name == worker.organisation.name_fi
    assert stored.actor_role == "social_worker"
    assert stored.recipient_organisation_name == "Kaislahden koulu"
    assert stored.is_disclosure


@pytest.mark.django_db
def test_occurred_at_round_trips_through_the_database_so_the_hash_recomputes():
    # given a moment with microseconds in Helsinki time
    moment = dt.datetime(2026, 6, 15, 14, 5, 9, 123456, tzinfo=time.HELSINKI)

    # when an entry is written at that moment and read back
    with time.frozen(moment):
        entry = audit_record(actor=ProfessionalFactory(), action=AuditAction.READ, person=ChildFactory())
    stored = AuditEntry.objects.values(*chain.CHAINED_FIELDS, "entry_hash").get(pk=entry.pk)

    # then the stored time is the same instant to the microsecond and the hash recomputes from the stored row
    assert stored["occurred_at"] == moment.astimezone(dt.UTC)
    assert stored["occurred_at"].microsecond == 123456
    assert chain.entry_hash(stored) == stored["entry_hash"]


@pytest.mark.django_db
def test_over_long_texts_are_cut_to_the_column_and_still_verify():
    # given a summary and a basis longer than their columns
    # when an entry is written with them
    entry = audit_record(
        actor=ProfessionalFactory(), action=AuditAction.READ, summary="x" * 900, basis="peruste " * 20
    )

    # then what is stored is what was hashed, and the chain verifies
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert len(stored.summary) == 500
    assert len(stored.basis) == 64
    assert verify_chain().ok


@pytest.mark.django_db
def test_anonymous_actor_is_logged_as_no_one():
    # given an anonymous visitor
    from django.contrib.auth.models import AnonymousUser

    # when their action is logged
    entry = audit_record(actor=AnonymousUser(), action=AuditAction.SEARCH, summary="Palveluhaku")

    # then no user is named
    assert entry.actor_id is None
    assert entry.actor_name == ""
    assert verify_chain().ok


@pytest.mark.django_db(transaction=True)
def test_many_writers_in_parallel_leave_an_intact_chain(separate_connections):
    # given a professional and a child, and several threads each with its own database connection
    actor = ProfessionalFactory()
    child = ChildFactory()
    threads_count, per_thread = 6, 25
    errors: list[BaseException] = []
    start = threading.Barrier(threads_count)

    def writer(n: int) -> None:
        try:
            start.wait()
            for i in range(per_thread):
                audit_record(actor=actor, action=AuditAction.READ, person=child, summary=f"säie {n} rivi {i}")
        except BaseException as error:  # noqa: BLE001 - reported to the main thread below
            errors.append(error)
        finally:
            connection.close()

    # when they all write log entries at the same time
    threads = [threading.Thread(target=writer, args=(n,)) for n in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then every entry was written, the ids are contiguous and the chain verifies
    assert errors == []
    total = threads_count * per_thread
    ids = separate_connections(lambda: list(AuditEntry.objects.values_list("id", flat=True)))
    assert ids == list(range(1, total + 1))
    result = separate_connections(lambda: verify_chain(batch_size=40))
    assert result.ok, result.problem
    assert result.count == total


@pytest.mark.django_db
def test_deferred_entries_are_appended_in_order_at_the_end_of_the_block():
    from django.db import transaction

    from luukku.audit.services import audit_deferred

    # given a log with one entry
    worker = ProfessionalFactory()
    audit_record(actor=worker, action=AuditAction.READ, summary="ennen")
    # when three entries are made inside a deferring block
    with transaction.atomic(), audit_deferred():
        for summary in ("yksi", "kaksi", "kolme"):
            audit_record(actor=worker, action=AuditAction.READ, summary=summary)
        # then none of them is in the log before the block ends
        assert AuditEntry.objects.count() == 1
    # and after it they follow the first entry in the order they were made, and the chain verifies
    assert list(AuditEntry.objects.order_by("id").values_list("id", "summary")) == [
        (1, "ennen"),
        (2, "yksi"),
        (3, "kaksi"),
        (4, "kolme"),
    ]
    assert AuditHead.objects.get().last_id == 4
    assert verify_chain().ok


@pytest.mark.django_db
def test_deferred_entries_are_dropped_with_the_rolled_back_transaction():
    from django.db import transaction

    from luukku.audit.services import audit_deferred

    # given a block that logs and then fails
    worker = ProfessionalFactory()
    with pytest.raises(RuntimeError), transaction.atomic(), audit_deferred():
        audit_record(actor=worker, action=AuditAction.READ, summary="kesken")
        raise RuntimeError("kaatui")
    # then nothing was logged, and the next entry is number 1
    assert AuditEntry.objects.count() == 0
    assert audit_record(actor=worker, action=AuditAction.READ).pk == 1


def test_deferring_outside_a_transaction_is_refused():
    from luukku.audit.services import audit_deferred

    # when a deferring block is opened outside a transaction
    # then it is refused: the entries could not be committed with the data
    with pytest.raises(RuntimeError), audit_deferred():
        pass
