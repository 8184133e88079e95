"""Property test of the access policy: after any sequence of grants, withdrawals and the passing of time, the
persons that ``visible_to`` returns for each professional are exactly those a simple model says, and ``decide``
agrees with it person by person.

The model is deliberately naive (lists and sets kept by the test); the policy is one SQL query. A hypothesis
state machine drives both: grant/withdraw consent, assign/unassign a professional, invite/close a unit
(SHL 41 §), end a guardianship, open an emergency access and let the clock run.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    multiple,
    rule,
    run_state_machine_as_test,
)

from luukku.access.models import AccessBasis, ConsentGiverRole, ConsentMethod
from luukku.access.policy import decide, visible_to
from luukku.access.services import (
    consent_record,
    consent_withdraw,
    emergency_access_open,
    involvement_end,
    involvement_grant,
)
from luukku.core import time
from luukku.core.factories import (
    ChildFactory,
    GuardianFactory,
    OrganisationFactory,
    ProfessionalFactory,
    RelationshipFactory,
    UnitFactory,
)
from luukku.organisations.models import OrganisationKind, Role
from luukku.people.services import relationship_end

START = dt.datetime(2026, 11, 24, 10, 0, tzinfo=time.HELSINKI)
KINDS_CHECKED = (None, "plan")
PERSONAL = (
    AccessBasis.RESPONSIBLE_WORKER,
    AccessBasis.ASSIGNMENT,
    AccessBasis.PAIR_WORKER,
    AccessBasis.LASTA_PARTICIPANT,
)


@dataclasses.dataclass
class ModelInvolvement:
    row: Any
    person: int
    basis: str
    professional: int | None
    unit: int | None
    kinds: tuple[str, ...]


@dataclasses.dataclass
class ModelConsent:
    row: Any
    person: int
    giver: int
    units: frozenset[int]
    organisations: frozenset[int]
    kinds: tuple[str, ...]
    until: dt.date
    withdrawn: bool = False


@dataclasses.dataclass
class ModelEmergency:
    professional: int
    person: int
    expires_at: dt.datetime


def _covers(kinds: tuple[str, ...], kind: str | None, *, empty_means_all: bool) -> bool:
    if kind is None:
        return bool(kinds) or empty_means_all
    return kind in kinds or (empty_means_all and not kinds)


class AccessMachine(RuleBasedStateMachine):
    """The world: three units in two organisations, a police officer, an administrator, two children."""

    involvements = Bundle("involvements")
    consents = Bundle("consents")
    checks = 0

    def __init__(self) -> None:
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.now = START
        self._clock = time.frozen(self.now)
        self._clock.__enter__()
        county = OrganisationFactory(kind=OrganisationKind.WELLBEING_COUNTY)
        town = OrganisationFactory(kind=OrganisationKind.MUNICIPALITY)
        self.units = [
            UnitFactory(organisation=county),
            UnitFactory(organisation=county),
            UnitFactory(organisation=town),
        ]
        police_unit = UnitFactory(organisation=OrganisationFactory(kind=OrganisationKind.POLICE))
        self.keeper = ProfessionalFactory(unit=UnitFactory(organisation=county), role=Role.SOCIAL_WORKER)
        self.professionals = [
            ProfessionalFactory(unit=self.units[0], role=Role.SOCIAL_WORKER),
            ProfessionalFactory(unit=self.units[1], role=Role.PROFESSIONAL),
            ProfessionalFactory(unit=self.units[2], role=Role.FAMILY_COUNSELLOR),
            ProfessionalFactory(unit=self.units[0], role=Role.MANAGER),
            ProfessionalFactory(unit=police_unit, role=Role.POLICE),
            ProfessionalFactory(unit=self.units[1], role=Role.ADMINISTRATOR),
        ]
        self.children = [ChildFactory(), ChildFactory()]
        self.guardians = [GuardianFactory(), GuardianFactory()]
        self.guardianships = [
            RelationshipFactory(person=guardian, other=child)
            for guardian, child in zip(self.guardians, self.children, strict=True)
        ]
        self.guardian_active = [True, True]
        # The keeper's unit owns both cases, so that the keeper may record and withdraw consents.
        self.model_involvements: list[ModelInvolvement] = []
        for child in self.children:
            row = involvement_grant(
                actor=self.keeper, person=child, basis=AccessBasis.OWNING_UNIT, unit=self.keeper.unit
            )
            self.model_involvements.append(
                ModelInvolvement(row, child.pk, AccessBasis.OWNING_UNIT, None, self.keeper.unit_id, ())
            )
        self.model_consents: list[ModelConsent] = []
        self.model_emergencies: list[ModelEmergency] = []

    def teardown(self) -> None:
        self._clock.__exit__(None, None, None)
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    # --- The model -------------------------------------------------------------------------------------------

    def expected(self, actor: Any, kind: str | None) -> set[int]:
        today = time.local_date(self.now)
        role = actor.role
        seen: set[int] = set()
        for inv in self.model_involvements:
            limited = inv.basis in (AccessBasis.INVITED_UNIT, AccessBasis.LASTA_PARTICIPANT)
            if limited and not _covers(inv.kinds, kind, empty_means_all=True):
                continue
            if inv.professional == actor.pk and (
                role != Role.POLICE or inv.basis == AccessBasis.LASTA_PARTICIPANT
            ):
                seen.add(inv.person)
            if (
                inv.unit == actor.unit_id
                and inv.professional is None
                and role not in (Role.POLICE, Role.ADMINISTRATOR)
            ):
                seen.add(inv.person)
        if role in (Role.POLICE, Role.ADMINISTRATOR):
            return seen
        for consent in self.model_consents:
            giver_index = [g.pk for g in self.guardians].index(consent.giver)
            if (
                not consent.withdrawn
                and consent.until >= today
                and self.guardian_active[giver_index]
                and (actor.unit_id in consent.units or actor.unit.organisation_id in consent.organisations)
                and _covers(consent.kinds, kind, empty_means_all=False)
            ):
                seen.add(consent.person)
        for emergency in self.model_emergencies:
            if emergency.professional == actor.pk and emergency.expires_at > self.now:
                seen.add(emergency.person)
        return seen

    # --- Rules -----------------------------------------------------------------------------------------------

    @rule(
        target=involvements, who=st.integers(0, 5), child=st.integers(0, 1), basis=st.sampled_from(PERSONAL)
    )
    def assign(self, who: int, child: int, basis: AccessBasis) -> ModelInvolvement:
        professional = self.professionals[who]
        row = involvement_grant(
            actor=self.keeper, person=self.children[child], basis=basis, professional=professional
        )
        return self._remember(
            ModelInvolvement(row, self.children[child].pk, basis, professional.pk, None, ())
        )

    @rule(
        target=involvements,
        unit=st.integers(0, 2),
        child=st.integers(0, 1),
        kinds=st.sampled_from([(), ("plan",), ("health", "school")]),
    )
    def invite(self, unit: int, child: int, kinds: tuple[str, ...]) -> ModelInvolvement:
        row = involvement_grant(
            actor=self.keeper,
            person=self.children[child],
            basis=AccessBasis.INVITED_UNIT,
            unit=self.units[unit],
            information_kinds=list(kinds),
        )
        return self._remember(
            ModelInvolvement(
                row, self.children[child].pk, AccessBasis.INVITED_UNIT, None, self.units[unit].pk, kinds
            )
        )

    def _remember(self, model: ModelInvolvement) -> ModelInvolvement:
        """The same grant twice is one involvement (the service is idempotent), so one model entry too."""
        for known in self.model_involvements:
            if known.row.pk == model.row.pk:
                return known
        self.model_involvements.append(model)
        return model

    @rule(involvement=consumes(involvements))
    def end_involvement(self, involvement: ModelInvolvement) -> None:
        """Unassign a professional or close an invitation."""
        involvement_end(actor=self.keeper, involvement=involvement.row)
        if involvement in self.model_involvements:
            self.model_involvements.remove(involvement)

    @rule(
        target=consents,
        child=st.integers(0, 1),
        to_unit=st.integers(0, 2),
        whole_organisation=st.booleans(),
        kinds=st.sampled_from([("plan",), ("health", "school")]),
        days=st.integers(0, 3),
    )
    def grant_consent(
        self, child: int, to_unit: int, whole_organisation: bool, kinds: tuple[str, ...], days: int
    ):
        unit = self.units[to_unit]
        today = time.local_date(self.now)
        record = functools.partial(
            consent_record,
            actor=self.keeper,
            person=self.children[child],
            given_by=self.guardians[child],
            given_by_role=ConsentGiverRole.GUARDIAN,
            information_kinds=list(kinds),
            purpose="Yhteistyö",
            valid_from=today,
            valid_until=today + dt.timedelta(days=days),
            method=ConsentMethod.ELECTRONIC,
            recipient_units=[] if whole_organisation else [unit],
            recipient_organisations=[unit.organisation] if whole_organisation else [],
        )
        if not self.guardian_active[child]:
            # A former guardian can no longer consent for the child.
            with pytest.raises(ValidationError):
                record()
            return multiple()
        model = ModelConsent(
            record(),
            self.children[child].pk,
            self.guardians[child].pk,
            frozenset() if whole_organisation else frozenset({unit.pk}),
            frozenset({unit.organisation_id}) if whole_organisation else frozenset(),
            kinds,
            today + dt.timedelta(days=days),
        )
        self.model_consents.append(model)
        return model

    @rule(consent=consumes(consents))
    def withdraw_consent(self, consent: ModelConsent) -> None:
        consent_withdraw(actor=self.keeper, consent=consent.row, withdrawn_by_description="Huoltaja")
        consent.withdrawn = True

    @rule(child=st.integers(0, 1))
    def end_guardianship(self, child: int) -> None:
        if not self.guardian_active[child]:
            return
        relationship_end(
            actor=self.keeper,
            relationship=self.guardianships[child],
            valid_until=time.local_date(self.now) - dt.timedelta(days=1),
        )
        self.guardian_active[child] = False

    @rule(who=st.integers(0, 3), child=st.integers(0, 1))
    def open_emergency(self, who: int, child: int) -> None:
        professional = self.professionals[who]
        emergency = emergency_access_open(
            actor=professional,
            person=self.children[child],
            reason="Lapsi päivystyksessä, huoltajia ei tavoiteta",
        )
        self.model_emergencies.append(
            ModelEmergency(professional.pk, self.children[child].pk, emergency.expires_at)
        )

    @rule(hours=st.sampled_from([1, 3, 5, 24]))
    def advance_clock(self, hours: int) -> None:
        self._clock.__exit__(None, None, None)
        self.now = self.now + dt.timedelta(hours=hours)
        self._clock = time.frozen(self.now)
        self._clock.__enter__()

    # --- The property ----------------------------------------------------------------------------------------

    @invariant()
    def policy_matches_the_model(self) -> None:
        AccessMachine.checks += 1
        everyone = self.children  # guardians: covered by the visible_to equality above
        for actor in [*self.professionals, self.keeper]:
            for kind in KINDS_CHECKED:
                expected = self.expected(actor, kind)
                visible = set(visible_to(actor, information_kind=kind).values_list("pk", flat=True))
                assert visible == expected, (actor.role, kind, visible, expected)
            # decide() answers the same, person by person (one kind is enough here: test_policy covers kinds).
            expected = self.expected(actor, None)
            for person in everyone:
                decision = decide(actor=actor, person=person)
                assert decision.allowed == (person.pk in expected), (actor.role, person.pk)
                assert (decision.basis is not None) == decision.allowed


@pytest.mark.django_db
def test_visible_to_and_decide_follow_the_model():
    # given any sequence of grants, withdrawals, ended guardianships, emergencies and passing time
    AccessMachine.checks = 0
    # when the policy is asked after every step
    # then visible_to and decide both say exactly what the model says (asserted in the invariant)
    run_state_machine_as_test(
        AccessMachine,
        settings=settings(
            max_examples=30,
            stateful_step_count=15,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
    assert AccessMachine.checks > 30
