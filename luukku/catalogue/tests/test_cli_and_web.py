from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_cli_json_prints_id_kind_and_score(small_catalogue):
    # given the catalogue
    out = StringIO()
    # when the search command is asked for JSON
    call_command(
        "search",
        "perhekahvila vauvan kanssa",
        "--age",
        "0",
        "--municipality",
        "routavesi",
        "--limit",
        "5",
        "--json",
        stdout=out,
    )
    # then it prints a JSON list of {id, kind, score}, meeting places with their own id
    results = json.loads(out.getvalue())
    assert 0 < len(results) <= 5
    assert all(set(item) == {"id", "kind", "score"} for item in results)
    assert {item["kind"] for item in results} <= {"service", "meeting_place"}
    assert any(item["kind"] == "meeting_place" and item["id"].startswith("mp-") for item in results)


def test_cli_batch_prints_one_array_a_line(small_catalogue, tmp_path):
    # given a batch file of two queries
    batch = tmp_path / "queries.jsonl"
    batch.write_text(
        json.dumps({"query": "lastenvalvoja", "age": None, "municipality": None, "lang": "fi"})
        + "\n"
        + json.dumps({"query": "familjecafé", "age": 1, "municipality": "tuulisaari", "lang": "sv"})
        + "\n",
        encoding="utf-8",
    )
    out = StringIO()
    # when the command runs the batch
    call_command("search", "--batch", str(batch), "--limit", "3", stdout=out)
    # then it prints one JSON array per query line
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 2
    arrays = [json.loads(line) for line in lines]
    assert arrays[0][0]["id"] == "lastenvalvoja"
    assert all(len(array) <= 3 for array in arrays)


def test_cli_bad_input_fails_with_the_message(small_catalogue):
    # given the catalogue
    # when the command gets an empty query
    with pytest.raises(CommandError) as raised:
        call_command("search", "   ", "--json")
    # then it fails (non-zero exit) with the polite message
    assert "Kirjoita hakukenttään" in str(raised.value)


def test_web_search_shows_results_and_polite_message(client, small_catalogue):
    # given the catalogue
    # when the search page gets a query, and then a binary one
    found = client.get("/palvelut/", {"q": "turvakoti yöksi"})
    refused = client.get("/palvelut/", {"q": "lapsi\x01\x02"})
    # then the first lists services and the second shows the message on a normal page
    assert found.status_code == 200 and "Turvakoti" in found.content.decode()
    assert refused.status_code == 200
    assert "merkkejä, joita ei voi hakea" in refused.content.decode()


def test_api_search_answers_json_and_refuses_bad_input_politely(client, small_catalogue):
    # given the catalogue
    # when the API is asked
    ok = client.get("/api/v1/catalogue/search", {"q": "elatusapu", "limit": 3})
    bad = client.get("/api/v1/catalogue/search", {"q": ""})
    # then it answers a JSON list, and 400 with the message for empty text
    assert ok.status_code == 200 and ok.json()[0]["id"] == "lastenvalvoja"
    assert bad.status_code == 400 and "Kirjoita" in bad.json()["detail"]
