"""Writes to the access bases: validation, audit rows, and "takes effect on the next request"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from luukku.access.models import (
    AccessBasis,
    Consent,
    ConsentGiverRole,
    ConsentMethod,
    EmergencyAccess,
    Involvement,
)
from luukku.access.policy import decide, visible_to
from luukku.access.services import (
    consent_record,
    consent_withdraw,
    emergency_access_open,
    emergency_access_review,
    involvement_end,
    involvement_grant,
)
from luukku.audit.models import AuditAction, AuditEntry, AuditOutcome
from luukku.core import time
from luukku.core.factories import ChildFactory, GuardianFactory, ProfessionalFactory, RelationshipFactory
from luukku.organisations.models import Role
from luukku.people.models import RelationshipKind

pytestmark = pytest.mark.django_db


def _record(actor, child, given_by, role=ConsentGiverRole.GUARDIAN, **overrides):
    values = {
        "actor": actor,
        "person": child,
        "given_by": given_by,
        "given_by_role": role,
        "information_kinds": ["assessment", "school"],
        "purpose": "Koulun oppilashuollon ja sosiaalityön yhteistyö",
        "valid_from": time.today(),
        "valid_until": time.today() + dt.timedelta(days=180),
        "method": ConsentMethod.PAPER_SIGNED,
        "recipient_units": [],
        "recipient_organisations": [],
    }
    values.update(overrides)
    return consent_record(**values)


@pytest.fixture
def owned(worker, child):
    involvement_grant(actor=worker, person=child, basis=AccessBasis.OWNING_UNIT, unit=worker.unit)
    return child


def test_involvement_grant_and_end_are_audited(clock, worker, child):
    # when the intake service opens and closes an assignment
    involvement = involvement_grant(
        actor=worker,
        person=child,
        basis=AccessBasis.ASSIGNMENT,
        professional=worker,
        source="intake.Intake:42",
    )
    involvement_end(actor=worker, involvement=involvement)
    # then both are in the access log with the basis, and the source is kept
    entries = list(AuditEntry.objects.filter(person=child).order_by("id"))
    assert [(e.action, e.basis) for e in entries] == [
        (AuditAction.CREATE, "assignment"),
        (AuditAction.UPDATE, "assignment"),
    ]
    involvement.refresh_from_db()
    assert (involvement.source_type, involvement.source_id) == ("intake.Intake", "42")
    assert involvement.ended_by == worker and involvement.ended_at is not None


def test_a_personal_basis_needs_a_professional_and_a_unit_basis_a_unit(clock, worker, child):
    # when bases are granted without the party they name
    with pytest.raises(ValidationError) as personal:
        involvement_grant(actor=worker, person=child, basis=AccessBasis.PAIR_WORKER, unit=worker.unit)
    with pytest.raises(ValidationError) as by_unit:
        involvement_grant(actor=worker, person=child, basis=AccessBasis.INVITED_UNIT, professional=worker)
    # then both are refused and nothing is stored
    assert "professional" in personal.value.message_dict
    assert "unit" in by_unit.value.message_dict
    assert not Involvement.objects.exists()


def test_consent_and_emergency_are_not_involvement_bases(clock, worker, child):
    # when someone tries to grant a consent basis as an involvement
    with pytest.raises(ValidationError):
        involvement_grant(actor=worker, person=child, basis=AccessBasis.CONSENT, unit=worker.unit)
    # then nothing is stored
    assert not Involvement.objects.exists()


def test_a_guardian_consent_is_recorded_and_audited(clock, worker, owned, guardian, outsider):
    # when the worker records the guardian's signed consent for the outsider's unit
    consent = _record(worker, owned, guardian, recipient_units=[outsider.unit])
    # then it is stored with its recipient and kinds, and logged with the worker's basis
    assert list(consent.recipient_units.all()) == [outsider.unit]
    assert consent.information_kinds == ["assessment", "school"]
    entry = AuditEntry.objects.get(action=AuditAction.CREATE, object_type="access.consent")
    assert entry.person_id == owned.pk and entry.basis == "owning_unit" and entry.actor_id == worker.pk


def test_a_consent_from_someone_who_is_not_a_guardian_is_refused(clock, worker, owned, outsider):
    # given a grown-up who is not the child's guardian
    stranger = GuardianFactory()
    # when their consent is recorded as a guardian's
    with pytest.raises(ValidationError) as error:
        _record(worker, owned, stranger, recipient_units=[outsider.unit])
    # then it is refused on the giver, and nothing is stored or logged
    assert "given_by" in error.value.message_dict
    assert not Consent.objects.exists()
    assert not AuditEntry.objects.filter(object_type="access.consent").exists()


def test_a_former_guardian_cannot_consent(clock, worker, owned, outsider):
    # given a guardianship that ended yesterday
    former = GuardianFactory()
    RelationshipFactory(person=former, other=owned, valid_until=time.today() - dt.timedelta(days=1))
    # when the former guardian's consent is recorded
    with pytest.raises(ValidationError) as error:
        _record(worker, owned, former, recipient_units=[outsider.unit])
    # then it is refused
    assert "given_by" in error.value.message_dict


def test_a_parent_who_is_not_a_guardian_cannot_consent(clock, worker, owned, outsider):
    # given a parent without custody
    parent = GuardianFactory()
    RelationshipFactory(person=parent, other=owned, kind=RelationshipKind.PARENT_OF)
    # when the parent's consent is recorded as a guardian's
    with pytest.raises(ValidationError):
        _record(worker, owned, parent, recipient_units=[outsider.unit])
    # then nothing is stored
    assert not Consent.objects.exists()


def test_a_young_person_consents_for_themself_only_from_eighteen(clock, worker, outsider):
    # given a 17-year-old and an 18-year-old, both clients of the worker's unit
    minor = ChildFactory(birth_date=dt.date(2009, 11, 25))
    adult = ChildFactory(birth_date=dt.date(2008, 11, 24))
    for person in (minor, adult):
        involvement_grant(actor=worker, person=person, basis=AccessBasis.OWNING_UNIT, unit=worker.unit)
    # when each gives their own consent
    with pytest.raises(ValidationError) as error:
        _record(worker, minor, minor, ConsentGiverRole.YOUNG_PERSON_SELF, recipient_units=[outsider.unit])
    consent = _record(
        worker, adult, adult, ConsentGiverRole.YOUNG_PERSON_SELF, recipient_units=[outsider.unit]
    )
    # then the 17-year-old's is refused and the 18-year-old's is recorded
    assert "given_by" in error.value.message_dict
    assert consent.given_by == adult


def test_a_young_person_cannot_consent_for_someone_else(clock, worker, owned, outsider):
    # given an adult who is not the person
    adult = GuardianFactory()
    # when recorded as the young person's own consent
    with pytest.raises(ValidationError) as error:
        _record(worker, owned, adult, ConsentGiverRole.YOUNG_PERSON_SELF, recipient_units=[outsider.unit])
    # then it is refused
    assert "given_by" in error.value.message_dict


def test_a_child_by_maturity_needs_the_workers_note(clock, worker, owned, outsider):
    # when the child's own consent is recorded without, then with, the worker's maturity assessment
    with pytest.raises(ValidationError) as error:
        _record(worker, owned, owned, ConsentGiverRole.CHILD_BY_MATURITY, recipient_units=[outsider.unit])
    consent = _record(
        worker,
        owned,
        owned,
        ConsentGiverRole.CHILD_BY_MATURITY,
        recipient_units=[outsider.unit],
        maturity_note="11-vuotias ymmärtää asian merkityksen; keskusteltu kahdesti.",
    )
    # then the first is refused on the note and the second is recorded
    assert "maturity_note" in error.value.message_dict
    assert consent.maturity_note.startswith("11-vuotias")


def test_a_consent_needs_recipients_kinds_purpose_and_a_sane_period(clock, worker, owned, guardian):
    # when a consent without recipients, kinds or purpose, ending before it starts, is recorded
    with pytest.raises(ValidationError) as error:
        _record(
            worker,
            owned,
            guardian,
            information_kinds=[],
            purpose=" ",
            valid_until=time.today() - dt.timedelta(days=1),
        )
    # then each problem is named
    assert {"recipient_organisations", "information_kinds", "purpose", "valid_until"} <= set(
        error.value.message_dict
    )


def test_only_a_professional_who_may_edit_records_consent(clock, owned, guardian, outsider):
    # when a professional without a basis tries to record a consent
    with pytest.raises(PermissionDenied):
        _record(outsider, owned, guardian, recipient_units=[outsider.unit])
    # then nothing is stored
    assert not Consent.objects.exists()


def test_a_withdrawn_consent_takes_effect_on_the_next_request(clock, worker, owned, guardian, outsider):
    # given a consent lets the outsider's unit see the child
    consent = _record(worker, owned, guardian, recipient_units=[outsider.unit])
    assert decide(actor=outsider, person=owned).allowed
    # when the guardian withdraws it
    consent_withdraw(actor=worker, consent=consent, withdrawn_by_description="Huoltaja puhelimessa")
    # then the outsider's next request is refused, and the withdrawal is logged
    assert not decide(actor=outsider, person=owned).allowed
    assert owned not in visible_to(outsider)
    consent.refresh_from_db()
    assert consent.withdrawn_recorded_by == worker
    assert AuditEntry.objects.filter(action=AuditAction.UPDATE, object_type="access.consent").count() == 1


def test_an_ended_guardianship_takes_effect_on_the_next_request(clock, worker, owned, guardian, outsider):
    # given the guardian's consent lets the outsider's unit see the child
    _record(worker, owned, guardian, recipient_units=[outsider.unit])
    assert decide(actor=outsider, person=owned).allowed
    # when the guardianship ends (e.g. a court decision)
    owned.relationships_to.filter(person=guardian).update(valid_until=time.today() - dt.timedelta(days=1))
    # then the consent that rested on it no longer counts on the next request
    assert not decide(actor=outsider, person=owned).allowed
    assert owned not in visible_to(outsider)


def test_a_consent_cannot_be_withdrawn_twice(clock, worker, owned, guardian, outsider):
    # given a withdrawn consent
    consent = _record(worker, owned, guardian, recipient_units=[outsider.unit])
    consent_withdraw(actor=worker, consent=consent, withdrawn_by_description="Huoltaja kirjeellä")
    # when it is withdrawn again
    with pytest.raises(ValidationError):
        consent_withdraw(actor=worker, consent=consent, withdrawn_by_description="Huoltaja uudelleen")
    # then the first withdrawal stands
    consent.refresh_from_db()
    assert consent.withdrawn_by_description == "Huoltaja kirjeellä"


def test_emergency_access_needs_a_real_reason(clock, outsider, child):
    # when the glass is broken with a short reason
    with pytest.raises(ValidationError) as error:
        emergency_access_open(actor=outsider, person=child, reason="kiire")
    # then it is refused and nothing is opened
    assert "reason" in error.value.message_dict
    assert not EmergencyAccess.objects.exists()


def test_police_and_administrators_cannot_break_the_glass(clock, child):
    # given a police officer and an administrator
    for role in (Role.POLICE, Role.ADMINISTRATOR):
        actor = ProfessionalFactory(role=role)
        # when they try
        with pytest.raises(PermissionDenied):
            emergency_access_open(actor=actor, person=child, reason="Tarvitsen tiedot heti virka-apua varten")
    # then nothing is opened
    assert not EmergencyAccess.objects.exists()


def test_emergency_access_notifies_the_unit_manager_after_commit(
    clock, settings, django_capture_on_commit_callbacks, outsider, child
):
    # given the outsider's unit has a manager
    settings.LUUKKU_EMERGENCY_ACCESS_HOURS = 2
    boss = ProfessionalFactory(unit=outsider.unit, role=Role.MANAGER, email="esihenkilo@kaislahva.example")
    # when the outsider breaks the glass
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        emergency = emergency_access_open(
            actor=outsider, person=child, reason="Lapsi tuotu päivystykseen yöllä, huoltajia ei tavoiteta"
        )
        # then no mail leaves before the commit
        assert len(mail.outbox) == 0
    # then the manager gets one e-mail that does not name the child, the access lasts the configured hours,
    # and it is in the access log
    assert len(callbacks) == 1
    assert [message.to for message in mail.outbox] == [[boss.email]]
    assert child.last_name not in mail.outbox[0].body
    assert emergency.expires_at - emergency.started_at == dt.timedelta(hours=2)
    entry = AuditEntry.objects.get(action=AuditAction.CREATE, object_type="access.emergencyaccess")
    assert entry.basis == "emergency" and entry.person_id == child.pk


def test_the_manager_reviews_an_emergency_access_once(clock, worker, manager, child, outsider):
    # given the worker broke the glass
    emergency = emergency_access_open(
        actor=worker, person=child, reason="Poliisi pyytää virka-apua kotikäynnille heti"
    )
    # when another unit's manager tries to review it, then the worker's own manager
    other_manager = ProfessionalFactory(unit=outsider.unit, role=Role.MANAGER)
    with pytest.raises(PermissionDenied):
        emergency_access_review(actor=other_manager, emergency=emergency)
    emergency_access_review(actor=manager, emergency=emergency, note="Peruste asiallinen")
    # then it is reviewed by the right manager, once, and logged
    emergency.refresh_from_db()
    assert emergency.reviewed_by == manager and emergency.review_note == "Peruste asiallinen"
    with pytest.raises(ValidationError):
        emergency_access_review(actor=manager, emergency=emergency)
    assert (
        AuditEntry.objects.filter(action=AuditAction.UPDATE, object_type="access.emergencyaccess").count()
        == 1
    )
    assert not AuditEntry.objects.filter(outcome=AuditOutcome.REFUSED).exists()
