"""``luukku deadlines``: the deadlines of an intake, as JSON or Finnish text (LSL 26 §; 150/1930 3 § and 5 §)."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from luukku.core import time
from luukku.core.tests.test_deadlines import DEADLINE_TABLE


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("deadlines", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("received", "start", "complete", "complete_no_roll"),
    [row[:4] for row in DEADLINE_TABLE],
    ids=[row[0] for row in DEADLINE_TABLE],
)
def test_json_output_matches_the_hand_checked_table(received, start, complete, complete_no_roll, settings):
    # given the roll forward on, as by default
    settings.LUUKKU_DEADLINE_ROLL_FORWARD = True
    # when the command is asked for JSON
    output = run("--received", received, "--json")
    # then it prints exactly the three ISO dates, in this order
    assert output.strip() == json.dumps(
        {"received": received, "pta_start_by": start, "pta_complete_by": complete}
    )
    # and with the roll forward switched off, the completion is the bare three-month day
    assert json.loads(run("--received", received, "--json", "--no-roll-forward")) == {
        "received": received,
        "pta_start_by": start,
        "pta_complete_by": complete_no_roll,
    }


def test_json_output_is_byte_exact_for_the_example():
    assert (
        run("--received", "2026-11-24", "--json")
        == '{"received": "2026-11-24", "pta_start_by": "2026-12-03", "pta_complete_by": "2027-02-24"}\n'
    )


def test_text_output_is_finnish_with_weekdays_and_finnish_dates():
    # when the command is run without --json
    output = run("--received", "2026-11-24")
    # then a social worker reads the dates the Finnish way with weekday names
    assert "Vireilletulo: tiistai 24.11.2026" in output
    assert "aloitettava viimeistään: torstai 3.12.2026" in output
    assert "valmis viimeistään: keskiviikko 24.2.2027" in output
    assert "2026-12-03" not in output


def test_text_output_explains_a_rolled_deadline():
    # given an intake whose three-month day 6.12.2025 is Independence Day on a Saturday
    output = run("--received", "6.9.2025")
    # then the text shows the Monday and says why
    assert "Vireilletulo: lauantai 6.9.2025" in output
    assert "valmis viimeistään: maanantai 8.12.2025" in output
    assert "lauantai 6.12.2025 ei ole arkipäivä (Itsenäisyyspäivä)" in output


def test_text_output_without_roll_forward_keeps_the_saturday():
    output = run("--received", "2025-09-06", "--no-roll-forward")
    assert "valmis viimeistään: lauantai 6.12.2025" in output
    assert "siirtoa seuraavaan arkipäivään ei tehty" in output


def test_received_defaults_to_today_in_helsinki():
    # given the clock at 23.30 UTC on 23.11.2026, which is already 24.11. in Helsinki
    with time.frozen("2026-11-23T23:30Z"):
        output = json.loads(run("--json"))
    # then the intake counts as received on 24.11.
    assert output["received"] == "2026-11-24"
    assert output["pta_start_by"] == "2026-12-03"


@pytest.mark.parametrize("bad", ["2025-02-29", "2026-13-01", "huomenna", "24.11.26", "", "2026-11-31"])
def test_a_bad_date_is_a_clear_error(bad):
    with pytest.raises(CommandError, match="Virheellinen päivämäärä"):
        run("--received", bad, "--json")


def test_a_bad_date_exits_non_zero_from_the_command_line():
    # when the real command line is given an impossible date
    completed = subprocess.run(
        [sys.executable, "-m", "luukku", "deadlines", "--received", "2025-02-30", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    # then it fails with the Finnish message and prints no JSON
    assert completed.returncode != 0
    assert "Virheellinen päivämäärä" in completed.stderr
    assert completed.stdout == ""
