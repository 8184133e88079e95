import json

import pytest
from django.core.management import CommandError, call_command

from luukku.audit.models import AuditEntry


def verify(*args):
    from io import StringIO

    out = StringIO()
    call_command("audit", "verify", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_untouched_log_passes_and_prints_the_count(write_entries):
    # given a log of seven entries
    write_entries(7)

    # when it is verified in batches smaller than the log
    output = verify("--batch-size", "3")

    # then the command succeeds and names the count
    assert "7 merkintää" in output


@pytest.mark.django_db
def test_empty_log_passes():
    # given no entries at all
    # when the log is verified as JSON
    result = json.loads(verify("--json"))

    # then it is intact with zero entries
    assert result["ok"] is True
    assert result["count"] == 0


@pytest.mark.django_db
def test_json_output_gives_the_head_to_record_elsewhere(write_entries):
    # given a log of three entries
    entries = write_entries(3)

    # when it is verified as JSON
    result = json.loads(verify("--json"))

    # then the head id and hash are those of the newest entry
    assert result == {
        "ok": True,
        "count": 3,
        "head_id": 3,
        "head_hash": entries[-1].entry_hash,
        "problem": None,
    }


@pytest.mark.django_db(transaction=True)
def test_edited_entry_is_named(write_entries, tamper):
    # given a log of five entries
    write_entries(5)

    # when someone with database superuser rights rewrites what entry #3 says
    tamper("UPDATE audit_auditentry SET summary = %s WHERE id = %s", ["ei mitään", 3])

    # then verification fails naming entry #3
    with pytest.raises(CommandError, match=r"Merkintä #3 on muuttunut \(tiiviste ei täsmää\)") as raised:
        verify()
    assert raised.value.returncode == 1


@pytest.mark.django_db(transaction=True)
def test_edited_entry_with_a_recomputed_hash_breaks_the_next_link(write_entries, tamper):
    # given a log of five entries
    entries = write_entries(5)

    # when entry #2 is rewritten together with a recomputed hash of its new content
    from luukku.audit import chain

    values = AuditEntry.objects.values(*chain.CHAINED_FIELDS).get(pk=2)
    values["summary"] = "muokattu"
    forged = chain.entry_hash(values)
    tamper("UPDATE audit_auditentry SET summary = %s, entry_hash = %s WHERE id = %s", ["muokattu", forged, 2])

    # then verification fails at entry #3, whose previous hash no longer matches
    assert entries[2].pk == 3
    with pytest.raises(CommandError, match=r"Merkinnän #3 edellisen tiiviste ei täsmää"):
        verify()


@pytest.mark.django_db(transaction=True)
def test_deleted_middle_entry_is_named(write_entries, tamper):
    # given a log of five entries
    write_entries(5)

    # when entry #3 is deleted
    tamper("DELETE FROM audit_auditentry WHERE id = %s", [3])

    # then verification fails naming the missing entry and its neighbours
    with pytest.raises(CommandError, match=r"Merkintä #3 puuttuu \(#2 jälkeen tulee #4\)"):
        verify()


@pytest.mark.django_db(transaction=True)
def test_deleted_first_entry_is_named(write_entries, tamper):
    # given a log of three entries
    write_entries(3)

    # when entry #1 is deleted
    tamper("DELETE FROM audit_auditentry WHERE id = %s", [1])

    # then verification names entry #1
    with pytest.raises(CommandError, match=r"Merkintä #1 puuttuu"):
        verify()


@pytest.mark.django_db(transaction=True)
def test_deleted_newest_entry_is_caught_by_the_head(write_entries, tamper):
    # given a log of five entries
    write_entries(5)

    # when the newest entry is deleted (what remains is a valid, shorter chain)
    tamper("DELETE FROM audit_auditentry WHERE id = %s", [5])

    # then verification fails naming #5 as missing, reporting as JSON too
    with pytest.raises(
        CommandError, match=r"Merkintä #5 puuttuu \(ketjun pää on #5, viimeinen merkintä on #4\)"
    ):
        verify()
    from io import StringIO

    out = StringIO()
    with pytest.raises(CommandError):
        call_command("audit", "verify", "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert result["ok"] is False
    assert result["problem"]["entry_id"] == 5
    assert result["problem"]["kind"] == "missing_tail"


@pytest.mark.django_db(transaction=True)
def test_deleted_newest_entries_and_rewound_head_are_caught_by_a_recorded_anchor(write_entries, tamper):
    # given a log of five entries whose head was recorded outside the database
    entries = write_entries(5)
    anchor = f"5:{entries[-1].entry_hash}"

    # when a superuser deletes the two newest entries and moves the head back to match
    tamper("DELETE FROM audit_auditentry WHERE id IN (4, 5)")
    tamper("UPDATE audit_audithead SET last_id = 3, last_hash = %s", [entries[2].entry_hash])

    # then the chain alone looks intact, but checking the recorded anchor fails
    assert "3 merkintää" in verify()
    with pytest.raises(CommandError, match=r"#5"):
        verify("--anchor", anchor)


@pytest.mark.django_db
def test_recorded_anchor_that_is_still_in_the_chain_passes(write_entries):
    # given a log whose head was recorded at entry #2, and more entries written since
    entries = write_entries(2)
    anchor = f"2:{entries[-1].entry_hash}"
    write_entries(2)

    # when the log is verified against the anchor
    output = verify("--anchor", anchor)

    # then it passes
    assert "4 merkintää" in output
