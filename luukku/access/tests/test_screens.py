"""The person screens, the emergency-access screens and the people API, as a professional uses them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from luukku.access.models import AccessBasis, Consent, ConsentGiverRole, ConsentMethod, EmergencyAccess
from luukku.access.services import consent_record, emergency_access_open, involvement_grant
from luukku.audit.models import AuditAction, AuditEntry, AuditOutcome
from luukku.core import time
from luukku.core.factories import ChildFactory
from luukku.core.testing import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def owned(worker, child):
    involvement_grant(actor=worker, person=child, basis=AccessBasis.OWNING_UNIT, unit=worker.unit)
    return child


def _no_inline_code(html: str) -> bool:
    return "<script" not in html and "style=" not in html and "<style" not in html


def test_my_clients_lists_only_visible_persons_with_their_basis(clock, client, worker, owned):
    # given a client of the worker's unit and a child of no one's
    stranger = ChildFactory(last_name="Tuntematonlapsi")
    login(client, worker)
    # when the worker opens "Asiakkaani"
    response = client.get(reverse("people:list"))
    html = response.content.decode()
    # then the own client is listed with the basis, the other child is not, and the listing is logged
    assert response.status_code == 200
    assert owned.last_name in html and str(AccessBasis.OWNING_UNIT.label) in html
    assert stranger.last_name not in html
    assert _no_inline_code(html)
    entry = AuditEntry.objects.get(action=AuditAction.READ, person=owned)
    assert entry.basis == "owning_unit" and entry.actor_id == worker.pk


def test_search_by_identity_code_goes_to_the_person_without_the_code_in_any_url(clock, client, worker, owned):
    # given the worker is logged in
    login(client, worker)
    # when the worker searches by the child's identity code
    response = client.post(
        reverse("people:list"), {"search": "identity_code", "hetu-identity_code": owned.identity_code}
    )
    # then the browser is sent to the person page, addressed by public id only
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[owned.public_id])
    assert owned.identity_code not in response["Location"]


def test_search_for_an_invisible_person_offers_break_the_glass(clock, client, worker):
    # given a child the worker has no basis for
    stranger = ChildFactory(last_name="Tuntematonlapsi")
    login(client, worker)
    # when the worker searches by the child's code
    response = client.post(
        reverse("people:list"), {"search": "identity_code", "hetu-identity_code": stranger.identity_code}
    )
    html = response.content.decode()
    # then nothing about the child is shown, the emergency form is offered, and one refusal is logged
    assert response.status_code == 200
    assert stranger.last_name not in html
    assert 'data-testid="not-found"' in html
    assert reverse("access:emergency_open") in html
    refused = AuditEntry.objects.filter(outcome=AuditOutcome.REFUSED)
    assert refused.count() == 1 and refused.get().person_id == stranger.pk


def test_search_by_name_narrows_the_list(clock, client, worker, owned):
    # given two clients
    other = ChildFactory(first_names="Onni", last_name="Erikoisnimi")
    involvement_grant(actor=worker, person=other, basis=AccessBasis.OWNING_UNIT, unit=worker.unit)
    login(client, worker)
    # when the worker searches by the other's last name
    response = client.post(reverse("people:list"), {"search": "name", "nimi-name": "Erikoisnimi"})
    html = response.content.decode()
    # then only that client is listed
    assert other.last_name in html
    assert reverse("people:detail", args=[owned.public_id]) not in html


def test_person_page_masks_the_identity_code_until_asked(clock, client, worker, owned, guardian):
    # given the worker may see the child
    login(client, worker)
    # when the worker opens the person page
    page = client.get(reverse("people:detail", args=[owned.public_id]))
    html = page.content.decode()
    # then the code is masked, guardians and the access overview are shown, and the read is logged
    assert page.status_code == 200
    assert owned.identity_code not in html and owned.masked_identity_code in html
    assert guardian.full_name in html
    assert 'data-testid="access-overview"' in html and worker.unit.name_fi in html
    assert _no_inline_code(html)
    assert AuditEntry.objects.filter(action=AuditAction.READ, person=owned, basis="owning_unit").count() == 1
    # when the worker asks to see the code
    revealed = client.post(reverse("people:reveal_identity_code", args=[owned.public_id]))
    # then it is shown and the showing is logged as its own read
    assert owned.identity_code in revealed.content.decode()
    assert AuditEntry.objects.filter(
        action=AuditAction.READ, person=owned, summary__icontains="henkilötunnus"
    )
    assert client.get(reverse("people:reveal_identity_code", args=[owned.public_id])).status_code == 405


def test_a_person_who_may_not_be_seen_looks_like_one_that_does_not_exist(clock, client, outsider, owned):
    # given the outsider has no basis for the child
    login(client, outsider)
    # when the outsider opens the child's page and a page that does not exist
    refused = client.get(reverse("people:detail", args=[owned.public_id]))
    missing = client.get(reverse("people:detail", args=["00000000-0000-4000-8000-000000000000"]))
    # then both are the same 404 without the child's name, and each attempt is one refusal in the log
    assert refused.status_code == missing.status_code == 404
    assert owned.last_name not in refused.content.decode()
    assert AuditEntry.objects.filter(outcome=AuditOutcome.REFUSED).count() == 2
    assert not AuditEntry.objects.filter(action=AuditAction.READ).exists()


def test_recording_and_withdrawing_a_consent_through_the_screens(
    clock, client, worker, owned, guardian, outsider
):
    # given the worker is on the child's consent form
    login(client, worker)
    form_page = client.get(reverse("people:consent_create", args=[owned.public_id]))
    assert form_page.status_code == 200 and guardian.full_name in form_page.content.decode()
    # when the guardian's signed consent for the outsider's unit is recorded
    response = client.post(
        reverse("people:consent_create", args=[owned.public_id]),
        {
            "given_by": guardian.pk,
            "given_by_role": ConsentGiverRole.GUARDIAN,
            "recipient_units": [outsider.unit.pk],
            "information_kinds": ["assessment", "plan"],
            "purpose": "Yhteinen asiakassuunnitelma koulun kanssa",
            "valid_from": "2026-11-24",
            "valid_until": "2027-05-31",
            "method": ConsentMethod.PAPER_SIGNED,
        },
    )
    # then it is stored and shown on the person page
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert consent.given_by == guardian and consent.valid_until == dt.date(2027, 5, 31)
    page = client.get(reverse("people:detail", args=[owned.public_id])).content.decode()
    assert "Yhteinen asiakassuunnitelma koulun kanssa" in page
    # when the consent is withdrawn
    withdraw_url = reverse("people:consent_withdraw", args=[owned.public_id, consent.pk])
    assert client.get(withdraw_url).status_code == 200
    response = client.post(withdraw_url, {"withdrawn_by_description": "Huoltaja soitti"})
    # then it is withdrawn at once
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at == time.now()


def test_a_consent_from_a_non_guardian_is_refused_on_the_form(clock, client, worker, owned, outsider):
    # given the worker is on the consent form
    login(client, worker)
    # when the child is chosen as the giver in the guardian's role
    response = client.post(
        reverse("people:consent_create", args=[owned.public_id]),
        {
            "given_by": owned.pk,
            "given_by_role": ConsentGiverRole.GUARDIAN,
            "recipient_units": [outsider.unit.pk],
            "information_kinds": ["assessment"],
            "purpose": "Yhteistyö",
            "valid_from": "2026-11-24",
            "valid_until": "2027-05-31",
            "method": ConsentMethod.ELECTRONIC,
        },
    )
    # then the form is shown again with the error and nothing is stored
    assert response.status_code == 200
    assert "ei ole tällä hetkellä lapsen huoltaja" in response.content.decode()
    assert not Consent.objects.exists()


def test_breaking_the_glass_opens_the_person_page(clock, client, outsider, owned):
    # given the outsider has no basis for the child
    login(client, outsider)
    # when the outsider breaks the glass with a reason
    response = client.post(
        reverse("access:emergency_open"),
        {"identity_code": owned.identity_code, "reason": "Lapsi päivystyksessä, huoltajia ei tavoiteta"},
    )
    # then the person page opens on the emergency basis
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[owned.public_id])
    page = client.get(response["Location"])
    assert page.status_code == 200 and owned.last_name in page.content.decode()
    assert AuditEntry.objects.filter(action=AuditAction.READ, person=owned, basis="emergency").exists()


def test_breaking_the_glass_without_a_reason_opens_nothing(clock, client, outsider, owned):
    # given the outsider is logged in
    login(client, outsider)
    # when the reason is too short
    response = client.post(
        reverse("access:emergency_open"), {"identity_code": owned.identity_code, "reason": "x"}
    )
    # then the form is shown again and nothing is opened
    assert response.status_code == 200
    assert not EmergencyAccess.objects.exists()


def test_the_manager_sees_and_reviews_the_units_emergency_accesses(clock, client, worker, manager, child):
    # given the worker broke the glass
    emergency = emergency_access_open(
        actor=worker, person=child, reason="Kotikäynti poliisin kanssa, tiedot tarvitaan heti"
    )
    login(client, manager)
    # when the manager opens the review list
    page = client.get(reverse("access:emergency_review_list"))
    html = page.content.decode()
    # then the access is listed with its reason and without the child's full name
    assert page.status_code == 200
    assert "Kotikäynti poliisin kanssa" in html
    assert child.last_name not in html
    # when the manager marks it reviewed
    response = client.post(reverse("access:emergency_review", args=[emergency.pk]), {"note": "Asiallinen"})
    # then it is reviewed
    assert response.status_code == 302
    emergency.refresh_from_db()
    assert emergency.reviewed_by == manager


def test_a_worker_cannot_open_the_managers_review_list(clock, client, worker):
    # given a social worker
    login(client, worker)
    # when the worker opens the review list
    response = client.get(reverse("access:emergency_review_list"))
    # then it is refused and the refusal logged once
    assert response.status_code == 403
    assert AuditEntry.objects.filter(outcome=AuditOutcome.REFUSED).count() == 1


def test_api_lists_visible_persons_without_identity_codes(clock, client, worker, owned):
    # given a client of the worker's unit
    login(client, worker)
    # when the API list is asked
    response = client.get("/api/v1/people/")
    # then it names the client and the basis, without identity codes, and logs the read on the API channel
    assert response.status_code == 200
    assert response.json() == [
        {
            "public_id": str(owned.public_id),
            "first_names": owned.first_names,
            "last_name": owned.last_name,
            "age": owned.age,
            "basis": "owning_unit",
        }
    ]
    assert owned.identity_code not in response.content.decode()
    assert AuditEntry.objects.get(action=AuditAction.READ, person=owned).channel == "api"


def test_api_person_and_consents(clock, client, worker, owned, guardian, outsider):
    # given a consent of the client
    consent_record(
        actor=worker,
        person=owned,
        given_by=guardian,
        given_by_role=ConsentGiverRole.GUARDIAN,
        information_kinds=["plan"],
        purpose="Suunnitelma",
        valid_from=time.today(),
        valid_until=time.today() + dt.timedelta(days=30),
        method=ConsentMethod.ELECTRONIC,
        recipient_units=[outsider.unit],
    )
    login(client, worker)
    # when the person and the consents are asked
    person = client.get(f"/api/v1/people/{owned.public_id}")
    consents = client.get(f"/api/v1/people/{owned.public_id}/consents")
    # then the person has a masked code only, and the consent lists its recipient
    assert person.status_code == 200
    assert person.json()["identity_code_masked"] == owned.masked_identity_code
    assert owned.identity_code not in person.content.decode()
    assert consents.status_code == 200
    assert consents.json()[0]["recipient_units"] == [outsider.unit.name_fi]


def test_api_refuses_without_a_session_and_hides_invisible_persons(clock, client, outsider, owned):
    # when nobody is logged in
    anonymous = client.get(f"/api/v1/people/{owned.public_id}")
    # then 401
    assert anonymous.status_code == 401
    # when a professional without a basis asks, or asks with a malformed id
    login(client, outsider)
    refused = client.get(f"/api/v1/people/{owned.public_id}")
    malformed = client.get("/api/v1/people/not-a-uuid/consents")
    # then both are the same JSON 404, each logged once as refused
    assert refused.status_code == malformed.status_code == 404
    assert refused.json() == malformed.json() == {"detail": "Not Found"}
    assert AuditEntry.objects.filter(outcome=AuditOutcome.REFUSED, channel="api").count() == 2
