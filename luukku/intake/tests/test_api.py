"""The intake API (/api/v1/intakes): a school's system sends notifications, resends safely, reads their status."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from luukku.audit.models import AuditAction, AuditEntry
from luukku.core import deadlines
from luukku.core.factories import OrganisationFactory
from luukku.core.testing import login
from luukku.intake import services
from luukku.intake.auth import api_client_create, api_client_deactivate
from luukku.intake.models import ApiClient, ApiIdempotencyKey, Intake
from luukku.intake.tests.support import child_code
from luukku.people.models import Person

pytestmark = pytest.mark.django_db

URL = "/api/v1/intakes"


@pytest.fixture
def school(db):
    return OrganisationFactory(code="kaislaharjun-koulut", name_fi="Kaislaharjun koulut")


@pytest.fixture
def school_token(school, intake_unit) -> str:
    return api_client_create(actor=None, organisation=school, name="Oppilashuoltojärjestelmä").token


@pytest.fixture
def hospital_token(intake_unit) -> str:
    hospital = OrganisationFactory(code="keskussairaala", name_fi="Keskussairaala")
    return api_client_create(actor=None, organisation=hospital, name="Potilastietojärjestelmä").token


def notification(**overrides: Any) -> dict[str, Any]:
    """What the school's system sends when a curator files a child-protection notification."""
    body: dict[str, Any] = {
        "kind": "child_protection_notification",
        "children": [{"identity_code": child_code(), "first_names": "Eetu", "last_name": "Esimerkki"}],
        "notifier": {
            "sector": "education",
            "name": "Kaisa Kuraattori",
            "organisation": "Kaislaharjun yhtenäiskoulu",
            "phone": "040 000 0000",
        },
        "concern": "Eetu on ollut poissa koulusta kaksi viikkoa ja kertoo, ettei kotona ole ruokaa.",
        "family_knows": "yes",
    }
    body.update(overrides)
    return body


def post(token: str | None, body: Any, *, key: str | None = "avain-1", client: Client | None = None):  # type: ignore[no-untyped-def]
    headers = {}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    if key is not None:
        headers["Idempotency-Key"] = key
    return (client or Client()).post(
        URL, data=json.dumps(body), content_type="application/json", headers=headers
    )


def get(token: str, path: str = ""):  # type: ignore[no-untyped-def]
    return Client().get(URL + path, headers={"Authorization": f"Bearer {token}"})


def test_a_school_system_creates_an_intake_and_gets_its_receipt_and_deadline(
    clock, school_token, intake_unit
):
    # given a school's system with a token
    # when it posts a notification
    response = post(school_token, notification())

    # then it gets 201 with the receipt number and the statutory start deadline, and no identity code back
    assert response.status_code == 201
    (created,) = response.json()["intakes"]
    intake = Intake.objects.get(receipt_number=created["receipt_number"])
    assert created["status"] == "received"
    assert created["unit"] == {"code": intake_unit.code, "name": intake_unit.name_fi}
    assert created["pta_start_by"] == deadlines.intake_deadlines(clock).pta_start_by.isoformat()
    assert created["working_days_left"] == 7
    assert created["child"] is None
    assert child_code() not in response.content.decode()
    assert intake.channel == "api" and intake.notifier_name == "Kaisa Kuraattori"
    # and the access log has the registration and the sending system by name, both on channel "api"
    rows = AuditEntry.objects.filter(object_type="intake.intake", object_id=str(intake.pk)).order_by("id")
    assert [(row.action, row.channel) for row in rows] == [("create", "api"), ("create", "api")]
    assert "Oppilashuoltojärjestelmä" in rows[1].actor_name
    assert rows[1].actor_organisation_name == "Kaislaharjun koulut"


def test_the_same_key_twice_creates_one_intake_and_returns_the_same_response(clock, school_token):
    # given a notification that was sent once
    first = post(school_token, notification(), key="5f0c8a4e-resend")

    # when the school's system resends it with the same key (it never saw the answer)
    second = post(school_token, notification(), key="5f0c8a4e-resend")

    # then the second answer is the first one again, and there is one intake
    assert first.status_code == second.status_code == 201
    assert second.content == first.content
    assert second["Idempotent-Replayed"] == "true"
    assert Intake.objects.count() == 1
    assert ApiIdempotencyKey.objects.count() == 1


def test_two_keys_create_two_intakes(clock, school_token):
    # given two notifications with their own keys (about the same child: two separate notifications)
    first = post(school_token, notification(), key="avain-a")
    second = post(school_token, notification(), key="avain-b")

    # then both are registered, with their own receipt numbers
    assert first.status_code == second.status_code == 201
    receipts = {first.json()["intakes"][0]["receipt_number"], second.json()["intakes"][0]["receipt_number"]}
    assert len(receipts) == 2
    assert Intake.objects.count() == 2


def test_the_same_key_with_a_different_body_is_refused(clock, school_token):
    # given a notification sent with a key
    assert post(school_token, notification(), key="avain-1").status_code == 201

    # when another notification is sent with the same key
    response = post(school_token, notification(concern="Toinen huoli kokonaan."), key="avain-1")

    # then it is refused with a message about the key, and nothing new is created
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "Idempotency-Key"
    assert "toisenlaiseen pyyntöön" in response.json()["detail"]
    assert Intake.objects.count() == 1


def test_keys_are_per_client(clock, school_token, hospital_token):
    # given the school and the hospital happen to use the same key
    assert post(school_token, notification(), key="1").status_code == 201
    response = post(hospital_token, notification(), key="1")

    # then both notifications are registered
    assert response.status_code == 201
    assert Intake.objects.count() == 2


def test_a_request_without_an_idempotency_key_is_refused(clock, school_token):
    response = post(school_token, notification(), key=None)

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "Idempotency-Key", "message": "Anna pyynnölle yksilöllinen avain, esim. UUID."}
    ]
    assert Intake.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"children": []}, "children", "puuttuu lapsi"),
        (
            {"children": [{"identity_code": "010594Y9033", "last_name": "Esimerkki"}]},
            "children[0].identity_code",
            "Tarkistusmerkki",
        ),
        (
            {
                "children": [
                    {"identity_code": child_code(n=1), "last_name": "Esimerkki"},
                    {"identity_code": "311315A9021", "last_name": "Esimerkki"},
                ]
            },
            "children[1].identity_code",
            "kalenterissa",
        ),
        ({"received_at": "2026-12-24T10:00:00+02:00"}, "received_at", "tulevaisuudessa"),
        (
            {"notifier": {"sector": "education", "name": "", "organisation": "Koulu"}},
            "notifier.name",
            "nimensä",
        ),
        ({"kind": "gossip"}, "kind", "Tuntematon"),
        ({"received_at": "eilen"}, "received_at", "datetime"),
        ({"municipality": "atlantis"}, "municipality", "Tuntematon kunta"),
        ({"colour": "blue"}, "colour", "Extra"),
    ],
    ids=[
        "no-child",
        "impossible-identity-code",
        "second-child-impossible-date",
        "future-receipt",
        "professional-without-name",
        "unknown-kind",
        "not-a-date",
        "unknown-municipality",
        "unknown-field",
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(clock, school_token, overrides, field, words):
    # given a notification with one bad value
    response = post(school_token, notification(**overrides))

    # then the answer names the field and why
    assert response.status_code == 422
    body = response.json()
    assert body["detail"].startswith("Ilmoituksessa on virheellisiä tietoja")
    matching = [error for error in body["errors"] if error["field"] == field]
    assert matching, body
    assert words in matching[0]["message"]
    # and nothing is half-saved: no intake, no child, no key, no audit row of an intake
    assert Intake.objects.count() == 0
    assert Person.objects.count() == 0
    assert ApiIdempotencyKey.objects.count() == 0
    assert not AuditEntry.objects.filter(object_type="intake.intake").exists()


def test_a_refused_request_leaves_the_key_free_for_the_corrected_one(clock, school_token):
    # given a notification refused for a missing notifier name
    bad = notification(notifier={"sector": "education", "name": ""})
    assert post(school_token, bad, key="k").status_code == 422

    # when the corrected notification is sent with the same key
    response = post(school_token, notification(), key="k")

    # then it is registered
    assert response.status_code == 201
    assert Intake.objects.count() == 1


@pytest.mark.parametrize("token", [None, "", "lk_00000000_wrong", "Basic abc"])
def test_a_missing_or_wrong_token_is_refused_and_changes_nothing(clock, school_token, token):
    response = post(token, notification())

    assert response.status_code == 401
    assert Intake.objects.count() == 0


def test_a_deactivated_client_is_refused(clock, school_token):
    # given the school's client was closed
    api_client_deactivate(actor=None, client=ApiClient.objects.get())

    # then its token no longer works
    assert post(school_token, notification()).status_code == 401
    assert get(school_token).status_code == 401
    assert Intake.objects.count() == 0


def test_the_token_is_stored_only_as_a_hash():
    # given a client created for the school
    school = OrganisationFactory()
    created = api_client_create(actor=None, organisation=school, name="Järjestelmä")

    # then neither the token nor its secret part is stored, only its prefix and SHA-256 hash
    client = ApiClient.objects.get()
    assert created.token.startswith(f"lk_{client.token_prefix}_")
    assert created.token not in (client.token_hash, client.token_prefix)
    assert len(client.token_hash) == 64
    assert AuditEntry.objects.filter(object_type="intake.apiclient", action="create").count() == 1


def test_a_client_reads_the_status_of_its_own_intake_and_not_anothers(
    clock, school_token, hospital_token, worker
):
    # given an intake sent by the school, which the worker has since started handling
    receipt = post(school_token, notification()).json()["intakes"][0]["receipt_number"]
    intake = Intake.objects.get(receipt_number=receipt)
    services.intake_assess_urgency(actor=worker, intake=intake, urgent=False)

    # when the school asks for its status
    response = get(school_token, f"/{receipt}")

    # then it sees the handling status, and its read is logged on channel "api"
    assert response.status_code == 200
    assert response.json()["status"] == "urgency_assessed"
    assert response.json()["urgency_assessed"] is True
    assert child_code() not in response.content.decode()
    read = AuditEntry.objects.filter(action=AuditAction.READ, object_id=str(intake.pk)).get()
    assert read.channel == "api" and "Oppilashuoltojärjestelmä" in read.actor_name
    # and the hospital gets the same 404 as for an intake that does not exist, and nothing is logged as seen
    assert get(hospital_token, f"/{receipt}").status_code == 404
    assert get(hospital_token, "/LS-2026-999999").status_code == 404
    assert AuditEntry.objects.filter(action=AuditAction.READ).count() == 1


def test_a_client_lists_only_its_own_open_intakes(clock, school_token, hospital_token, intake_unit):
    # given one intake from the school and one from the hospital
    mine = post(school_token, notification()).json()["intakes"][0]["receipt_number"]
    post(hospital_token, notification(), key="other")

    # when the school lists the team's open intakes
    response = get(school_token, f"?unit={intake_unit.code}")

    # then it sees its own only, with the deadline, and not the child
    assert response.status_code == 200
    assert [row["receipt_number"] for row in response.json()] == [mine]
    assert response.json()[0]["child"] is None


def test_a_professional_lists_the_teams_open_intakes_through_the_access_policy(
    clock, school_token, intake_unit, worker, outsider
):
    # given two intakes sent to the intake unit, one of them already decided
    receipts = [
        post(school_token, notification(), key=key).json()["intakes"][0]["receipt_number"] for key in "ab"
    ]
    decided = Intake.objects.get(receipt_number=receipts[1])
    decided = services.intake_assess_urgency(actor=worker, intake=decided, urgent=False)
    services.intake_decide(
        actor=worker, intake=decided, expected_version=decided.version, outcome="pta_started"
    )

    # when a social worker of the unit asks for the team's open intakes with her session
    response = login(Client(), worker).get(f"{URL}?unit={intake_unit.code}")

    # then she sees the open one, with the child's name, and her read is logged on channel "api"
    assert response.status_code == 200
    assert [row["receipt_number"] for row in response.json()] == [receipts[0]]
    assert response.json()[0]["child"]["name"] == "Eetu Esimerkki"
    read = AuditEntry.objects.filter(action=AuditAction.READ, actor_id=worker.pk).get()
    assert read.channel == "api"
    # and a worker of another unit, with no basis, sees nothing
    other = login(Client(), outsider).get(f"{URL}?unit={intake_unit.code}")
    assert other.status_code == 200 and other.json() == []
    assert not AuditEntry.objects.filter(action=AuditAction.READ, actor_id=outsider.pk).exists()


def test_the_list_and_status_need_a_session_or_a_token(clock):
    assert Client().get(URL).status_code == 401
    assert Client().get(f"{URL}/LS-2026-000001").status_code == 401


def test_the_openapi_schema_documents_the_intake_operations():
    schema = Client().get("/api/v1/openapi.json").json()

    create = schema["paths"]["/api/v1/intakes"]["post"]
    assert any(param["name"] == "Idempotency-Key" for param in create["parameters"])
    body = create["requestBody"]["content"]["application/json"]["schema"]
    assert "children" in body["properties"]
    assert "/api/v1/intakes/{receipt_number}" in schema["paths"]
