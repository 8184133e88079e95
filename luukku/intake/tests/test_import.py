"""``luukku import-intakes``: a municipality brings its intake history in from the legacy system."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from luukku.audit.models import AuditEntry
from luukku.core import identity
from luukku.core.factories import MunicipalityFactory
from luukku.intake.models import Intake, IntakeStatus
from luukku.people.models import Person

pytestmark = pytest.mark.django_db

KINDS = ("child_protection_notification", "social_care_contact", "child_protection_notification")
SECTORS = ("education", "health_care", "police", "private_person", "anonymous", "early_childhood_education")


def good_line(index: int) -> dict[str, Any]:
    """The ``index``-th legacy intake: identity codes only from the 900–999 test range, one child per line."""
    received = dt.date(2024, 1, 8) + dt.timedelta(days=index % 900)
    birth = dt.date(2012, 1, 1) + dt.timedelta(days=index // 100)
    line: dict[str, Any] = {
        "external_id": f"VANHA-{index:05d}",
        "kind": KINDS[index % 3],
        "received_on": received.isoformat(),
        "child": {"identity_code": identity.build(birth, 900 + index % 100), "municipality": "kaislaharju"},
        "notifier_sector": SECTORS[index % len(SECTORS)],
        "outcome": None,
        "outcome_on": None,
        "pta_completed_on": None,
    }
    if index % 50 == 7:
        # an anticipatory notification: the child was born after it (LSL 25 c §), the case opened at birth
        line["kind"] = "anticipatory_notification"
        line["child"]["identity_code"] = identity.build(
            received + dt.timedelta(days=40), 900 + index // 50 % 100
        )
        line["outcome"], line["outcome_on"] = "pta_started", (received + dt.timedelta(days=45)).isoformat()
        return line
    shape = index % 4
    if shape == 1:
        line["outcome"], line["outcome_on"] = "pta_started", (received + dt.timedelta(days=5)).isoformat()
        if index % 8 == 1:
            line["pta_completed_on"] = (received + dt.timedelta(days=60)).isoformat()
    elif shape == 2:
        line["outcome"], line["outcome_on"] = (
            "closed_unnecessary",
            (received + dt.timedelta(days=3)).isoformat(),
        )
    elif shape == 3:
        line["outcome"], line["outcome_on"] = "attached_existing", received.isoformat()
    return line


def bad_lines() -> dict[int, tuple[str, str]]:
    """Line number → (text, words the reason must contain)."""
    base = good_line(0)

    def variant(**changes: Any) -> str:
        data = json.loads(json.dumps(base))
        data["external_id"] = f"HUONO-{len(changes)}-{'-'.join(changes)}"
        for key, value in changes.items():
            if key == "child":
                data["child"].update(value)
            elif value is ...:
                del data[key]
            else:
                data[key] = value
        return json.dumps(data)

    return {
        3: (variant(received_on="2025-02-30"), "received_on"),
        120: (variant(kind="gossip"), "kind"),
        250: (variant(child={"municipality": "atlantis"}), "child.municipality"),
        333: (variant(child={"identity_code": "010594Y9033"}), "child.identity_code"),
        401: (variant(received_on="2027-01-01"), "tulevaisuudessa"),
        512: (variant(external_id=...), "external_id"),
        640: (variant(outcome="pta_started", outcome_on="2023-12-01"), "outcome_on"),
        777: ('{"external_id": "RIKKI", "kind": ', "JSON"),
        888: (variant(pta_completed_on="2024-03-01"), "pta_completed_on"),
        1005: ("[1, 2, 3]", "JSON-olio"),
    }


@pytest.fixture
def legacy_file(tmp_path) -> Path:
    bad = bad_lines()
    path = tmp_path / "vanhat.jsonl"
    good = iter(range(1000))
    with path.open("w", encoding="utf-8") as handle:
        for number in range(1, 1011):
            handle.write((bad[number][0] if number in bad else json.dumps(good_line(next(good)))) + "\n")
    return path


def run(path: Path, *extra: str) -> str:
    out = io.StringIO()
    call_command("import-intakes", str(path), *extra, stdout=out)
    return out.getvalue()


def test_a_thousand_good_lines_load_ten_bad_ones_are_reported_and_a_rerun_adds_nothing(
    clock, intake_unit, legacy_file
):
    # given a legacy file with 1 000 good lines and 10 bad ones
    # when it is imported for the first time
    output = run(legacy_file, "--json")

    # then one summary object says 1 000 loaded and names the 10 bad lines with a reason each
    summary = json.loads(output)
    assert summary["loaded"] == 1000
    assert summary["already_present"] == 0
    expected = bad_lines()
    assert [error["line"] for error in summary["errors"]] == sorted(expected)
    for error in summary["errors"]:
        assert expected[error["line"]][1] in error["reason"], error
    # and no identity code appears in the reasons
    assert "010594Y9033" not in output
    # and the intakes carry their history: outcomes, deadlines from receipt, completions for the THL report
    lines = [good_line(index) for index in range(1000)]
    assert Intake.objects.count() == 1000
    assert Intake.objects.filter(source_system="legacy").count() == 1000
    assert Intake.objects.filter(status=IntakeStatus.RECEIVED).count() == sum(
        1 for line in lines if not line["outcome"]
    )
    assert Intake.objects.filter(outcome="pta_started").count() == sum(
        1 for line in lines if line["outcome"] == "pta_started"
    )
    assert Intake.objects.filter(imported_pta_completed_on__isnull=False).count() == sum(
        1 for line in lines if line["pta_completed_on"]
    )
    sample = Intake.objects.get(external_id="VANHA-00005")
    assert sample.received_on.isoformat() == lines[5]["received_on"]
    assert sample.pta_started_on.isoformat() == lines[5]["outcome_on"]
    assert sample.channel == "api"
    # and every write is in the access log as a system task on channel "import"
    (row,) = AuditEntry.objects.filter(object_type="intake.intake", object_id=str(sample.pk))
    assert (row.action, row.channel, row.basis) == ("create", "import", "system")
    assert sample.receipt_number in row.summary
    assert (
        AuditEntry.objects.filter(object_type="people.person", channel="import").count()
        == Person.objects.count()
    )
    # and the receiving unit can see them through the access policy
    assert sample.child.involvements.filter(basis="owning_unit", unit=intake_unit).exists()

    # when the same file is imported again
    persons, audit_count = Person.objects.count(), AuditEntry.objects.count()
    again = json.loads(run(legacy_file, "--json"))

    # then nothing new is loaded, the 1 000 are already present, and the 10 bad lines are reported again
    assert again["loaded"] == 0
    assert again["already_present"] == 1000
    assert [error["line"] for error in again["errors"]] == sorted(expected)
    assert Intake.objects.count() == 1000
    assert Person.objects.count() == persons
    assert AuditEntry.objects.count() == audit_count


def test_an_anticipatory_notification_opens_at_the_birth(clock, intake_unit, tmp_path):
    # given a legacy anticipatory notification received 40 days before the birth
    line = good_line(7)
    path = tmp_path / "ennakollinen.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")

    # when it is imported
    summary = json.loads(run(path, "--json"))

    # then the case was initiated on the birth date, and the child is one person with the code
    assert summary == {"loaded": 1, "already_present": 0, "errors": []}
    intake = Intake.objects.get()
    birth = identity.parse(line["child"]["identity_code"]).birth_date
    assert intake.kind == "anticipatory_notification"
    assert intake.initiated_on == birth
    assert intake.child.birth_date == birth and not intake.child.is_unborn
    assert (
        Person.objects.filter(
            identity_code_digest=identity.lookup_digest(line["child"]["identity_code"])
        ).count()
        == 1
    )


def test_the_same_child_in_two_lines_is_one_person(clock, intake_unit, tmp_path):
    # given two legacy intakes about one child
    first, second = good_line(0), good_line(3)
    second["child"] = dict(first["child"])
    path = tmp_path / "kaksi.jsonl"
    path.write_text(json.dumps(first) + "\n" + json.dumps(second) + "\n", encoding="utf-8")

    # when imported
    run(path)

    # then one person has both intakes
    assert Person.objects.count() == 1
    assert Intake.objects.filter(child=Person.objects.get()).count() == 2


def test_the_source_name_keeps_two_systems_apart_and_the_text_summary_lists_errors(
    clock, intake_unit, tmp_path
):
    # given the same external id in two source systems, and a municipality routed to the default unit
    MunicipalityFactory(code="toinen-kunta")
    line = good_line(1)
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(line) + "\n" + '{"rikki"\n', encoding="utf-8")

    # when the file is imported under two source names
    first = run(path, "--source", "lastensuojelu-vanha")
    second = run(path, "--source", "sosiaalihuolto-vanha")

    # then both load their line, and the human-readable summary names the bad line
    assert "Ladattu 1, jo ennestään 0, virheellisiä rivejä 1." in first
    assert "rivi 2:" in second
    assert Intake.objects.filter(external_id=line["external_id"]).count() == 2


def test_a_line_the_database_refuses_is_reported_and_the_rest_of_its_batch_loads(
    clock, intake_unit, tmp_path, monkeypatch
):
    # given three lines, the second of which the database will refuse (a professional notifier without a name)
    from luukku.intake import importing

    original = importing._intake_row

    def broken_row(item, *args, **kwargs):  # type: ignore[no-untyped-def]
        intake = original(item, *args, **kwargs)
        if item.line.external_id == "VANHA-00001":
            intake.notifier_name = ""
        return intake

    monkeypatch.setattr(importing, "_intake_row", broken_row)
    path = tmp_path / "kolme.jsonl"
    path.write_text("\n".join(json.dumps(good_line(index)) for index in (0, 1, 2)) + "\n", encoding="utf-8")

    # when imported
    summary = json.loads(run(path, "--json"))

    # then the two others are loaded, and the refused line is reported by number, leaving nothing behind
    assert summary["loaded"] == 2
    assert [error["line"] for error in summary["errors"]] == [2]
    assert set(Intake.objects.values_list("external_id", flat=True)) == {"VANHA-00000", "VANHA-00002"}
    assert Person.objects.count() == 2
