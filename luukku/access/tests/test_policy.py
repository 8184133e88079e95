"""The access policy: who may see and change a client's data, and on which basis."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from luukku.access.models import AccessBasis, ConsentGiverRole, ConsentMethod
from luukku.access.policy import access_overview, decide, visible_to
from luukku.access.services import (
    consent_record,
    emergency_access_open,
    involvement_end,
    involvement_grant,
)
from luukku.core import time
from luukku.core.factories import ChildFactory, ProfessionalFactory, UnitFactory
from luukku.organisations.models import Role

pytestmark = pytest.mark.django_db


def _consent(actor, child, guardian, *, units=(), organisations=(), kinds=("assessment",), until=None):
    return consent_record(
        actor=actor,
        person=child,
        given_by=guardian,
        given_by_role=ConsentGiverRole.GUARDIAN,
        information_kinds=kinds,
        purpose="Koulun ja sosiaalityön yhteistyö",
        valid_from=time.today(),
        valid_until=until or time.today() + dt.timedelta(days=90),
        method=ConsentMethod.PAPER_SIGNED,
        recipient_units=units,
        recipient_organisations=organisations,
    )


def test_a_professional_without_any_basis_sees_nothing(clock, worker, child):
    # given a child with no involvement, consent or emergency access
    # when the policy is asked
    decision = decide(actor=worker, person=child)
    # then the answer is no, and the child is not in the visible set
    assert not decision.allowed and decision.basis is None
    assert child not in visible_to(worker)


def test_owning_unit_lets_every_member_of_the_unit_see_and_edit(
    clock, worker, colleague, manager, child, outsider
):
    # given the worker's unit owns the child's case
    involvement_grant(actor=worker, person=child, basis=AccessBasis.OWNING_UNIT, unit=worker.unit)
    # then every member of the unit, the manager included, may see and edit; a member of another unit may not
    for member in (worker, colleague, manager):
        assert decide(actor=member, person=child).basis == AccessBasis.OWNING_UNIT
        assert decide(actor=member, person=child, action="edit").allowed
        assert child in visible_to(member)
    assert not decide(actor=outsider, person=child).allowed


def test_the_closest_basis_is_named(clock, worker, child):
    # given both a unit basis and a personal one
    involvement_grant(actor=worker, person=child, basis=AccessBasis.OWNING_UNIT, unit=worker.unit)
    involvement_grant(actor=worker, person=child, basis=AccessBasis.RESPONSIBLE_WORKER, professional=worker)
    # then the responsible-worker basis is named
    assert decide(actor=worker, person=child).basis == AccessBasis.RESPONSIBLE_WORKER


def test_an_invited_unit_sees_only_the_information_kinds_of_the_invitation(clock, worker, outsider, child):
    # given the outsider's unit is invited to the assessment (SHL 41 §) for assessment data only
    involvement_grant(
        actor=worker,
        person=child,
        basis=AccessBasis.INVITED_UNIT,
        unit=outsider.unit,
        information_kinds=["assessment"],
    )
    # then the unit sees the assessment, not health data, and cannot edit the client's record
    assert (
        decide(actor=outsider, person=child, information_kind="assessment").basis == AccessBasis.INVITED_UNIT
    )
    assert not decide(actor=outsider, person=child, information_kind="health").allowed
    assert not decide(actor=outsider, person=child, action="edit").allowed
    assert child in visible_to(outsider, information_kind="assessment")
    assert child not in visible_to(outsider, information_kind="health")


def test_police_see_only_through_lasta_participation(clock, worker, child):
    # given a police officer in the worker's own unit (owning unit basis) and a consent naming the unit
    police = ProfessionalFactory(unit=worker.unit, role=Role.POLICE)
    involvement_grant(actor=worker, person=child, basis=AccessBasis.OWNING_UNIT, unit=worker.unit)
    # then the officer sees nothing
    assert not decide(actor=police, person=child).allowed
    # when the officer is named a LASTA participant
    involvement_grant(actor=worker, person=child, basis=AccessBasis.LASTA_PARTICIPANT, professional=police)
    # then the officer may view, but not edit
    assert decide(actor=police, person=child).basis == AccessBasis.LASTA_PARTICIPANT
    assert not decide(actor=police, person=child, action="edit").allowed
    assert list(visible_to(police)) == [child]


def test_an_administrator_gets_no_client_data_from_role_or_unit(clock, worker, child):
    # given an administrator in the unit that owns the case
    admin = ProfessionalFactory(unit=worker.unit, role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    involvement_grant(actor=worker, person=child, basis=AccessBasis.OWNING_UNIT, unit=worker.unit)
    # then the administrator sees nothing, superuser flag or not
    assert not decide(actor=admin, person=child).allowed
    assert not visible_to(admin).exists()


def test_anonymous_and_inactive_users_see_nothing(clock, worker, child):
    # given the worker is the child's responsible worker
    involvement_grant(actor=worker, person=child, basis=AccessBasis.RESPONSIBLE_WORKER, professional=worker)
    # when the account is deactivated, or nobody is logged in
    worker.is_active = False
    # then nothing is visible
    assert not decide(actor=worker, person=child).allowed
    assert not visible_to(worker).exists()
    assert not decide(actor=AnonymousUser(), person=child).allowed
    assert not visible_to(AnonymousUser()).exists()


def test_an_ended_involvement_takes_effect_on_the_next_request(clock, worker, child):
    # given the worker handles the intake
    involvement = involvement_grant(
        actor=worker,
        person=child,
        basis=AccessBasis.ASSIGNMENT,
        professional=worker,
        source="intake.Intake:42",
    )
    assert decide(actor=worker, person=child).allowed
    # when the assignment ends
    involvement_end(actor=worker, involvement=involvement)
    # then the very next question is answered no
    assert not decide(actor=worker, person=child).allowed
    assert child not in visible_to(worker)


def test_consent_lets_the_named_unit_view_only_the_kinds_consented(clock, worker, outsider, child, guardian):
    # given the worker's unit owns the case, and the guardian consents for the outsider's unit to see the plan
    involvement_grant(actor=worker, person=child, basis=AccessBasis.OWNING_UNIT, unit=worker.unit)
    _consent(worker, child, guardian, units=[outsider.unit], kinds=["plan"])
    # then the outsider may view the plan, not health data, and may never edit
    assert decide(actor=outsider, person=child, information_kind="plan").basis == AccessBasis.CONSENT
    assert not decide(actor=outsider, person=child, information_kind="health").allowed
    assert not decide(actor=outsider, person=child, action="edit").allowed
    assert child in visible_to(outsider)


def test_consent_to_an_organisation_covers_its_units(clock, worker, outsider, child, guardian):
    # given a consent naming the outsider's organisation
    involvement_grant(actor=worker, person=child, basis=AccessBasis.OWNING_UNIT, unit=worker.unit)
    _consent(worker, child, guardian, organisations=[outsider.unit.organisation])
    sibling_unit_worker = ProfessionalFactory(unit=UnitFactory(organisation=outsider.unit.organisation))
    # then every unit of that organisation may view
    assert decide(actor=outsider, person=child).basis == AccessBasis.CONSENT
    assert decide(actor=sibling_unit_worker, person=child).basis == AccessBasis.CONSENT


def test_a_consent_out_of_its_period_gives_nothing(clock, worker, outsider, child, guardian):
    # given a consent valid for ten days
    involvement_grant(actor=worker, person=child, basis=AccessBasis.OWNING_UNIT, unit=worker.unit)
    _consent(worker, child, guardian, units=[outsider.unit], until=time.today() + dt.timedelta(days=10))
    assert decide(actor=outsider, person=child).allowed
    # when eleven days have passed
    with time.frozen(time.now() + dt.timedelta(days=11)):
        # then it no longer counts
        assert not decide(actor=outsider, person=child).allowed
        assert child not in visible_to(outsider)


def test_emergency_access_gives_view_only_until_it_expires(clock, settings, outsider, child):
    # given the outsider breaks the glass
    settings.LUUKKU_EMERGENCY_ACCESS_HOURS = 4
    emergency_access_open(actor=outsider, person=child, reason="Lapsi päivystyksessä, huoltajia ei tavoiteta")
    # then the outsider may view, not edit
    assert decide(actor=outsider, person=child).basis == AccessBasis.EMERGENCY
    assert not decide(actor=outsider, person=child, action="edit").allowed
    # when four hours have passed
    with time.frozen(time.now() + dt.timedelta(hours=4)):
        # then the access has expired
        assert not decide(actor=outsider, person=child).allowed
        assert child not in visible_to(outsider)


def test_decide_and_visible_to_agree_for_every_professional_and_person(
    clock, worker, outsider, child, guardian
):
    # given a mixture of bases
    other_child = ChildFactory()
    involvement_grant(actor=worker, person=child, basis=AccessBasis.OWNING_UNIT, unit=worker.unit)
    _consent(worker, child, guardian, units=[outsider.unit])
    involvement_grant(actor=worker, person=other_child, basis=AccessBasis.PAIR_WORKER, professional=worker)
    # then, for every pair, the two answers are the same
    for actor in (worker, outsider):
        visible = set(visible_to(actor))
        for person in (child, other_child, guardian):
            assert (person in visible) == decide(actor=actor, person=person).allowed


def test_access_overview_names_who_may_see_what_and_why(clock, worker, outsider, child, guardian):
    # given the worker's unit owns the case and the guardian consents for the outsider's unit
    involvement_grant(actor=worker, person=child, basis=AccessBasis.OWNING_UNIT, unit=worker.unit)
    consent = _consent(worker, child, guardian, units=[outsider.unit], kinds=["plan", "school"])
    # when the overview is asked
    overview = access_overview(person=child)
    # then it names the owning unit (everything, open-ended) and the consent (plan and school, until its end)
    by_basis = {grant.basis: grant for grant in overview}
    assert by_basis[AccessBasis.OWNING_UNIT].recipient == worker.unit.name_fi
    assert by_basis[AccessBasis.OWNING_UNIT].until is None
    assert by_basis[AccessBasis.CONSENT].recipient == outsider.unit.name_fi
    assert by_basis[AccessBasis.CONSENT].information_kinds == ("plan", "school")
    assert by_basis[AccessBasis.CONSENT].until == consent.valid_until
