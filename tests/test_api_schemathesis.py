"""The JSON API against its own OpenAPI schema (schemathesis): no server error (5xx) and no response that breaks
the schema, for an anonymous caller and for a logged-in professional with clients of their own.

Few examples per operation and a derandomized search keep the run short and the same on every CI run.
"""

from __future__ import annotations

import datetime as dt

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from config.wsgi import application
from luukku.access.models import AccessBasis, ConsentGiverRole, ConsentMethod
from luukku.access.services import consent_record, involvement_grant
from luukku.core import time
from luukku.core.factories import ChildFactory, GuardianFactory, ProfessionalFactory, RelationshipFactory
from luukku.core.testing import login
from luukku.organisations.models import Role

NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=time.HELSINKI)
FAST = settings(
    max_examples=8,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Calls through the raw WSGI app would close the database connection at the end of each request (and with
    it the test's transaction on PostgreSQL); Django's own test client unhooks the same handler."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def session_cookie(db):
    """A professional with a client, a consent and a guardian, logged in with both factors."""
    with time.frozen(NOW):
        worker = ProfessionalFactory(role=Role.SOCIAL_WORKER)
        child, guardian = ChildFactory(), GuardianFactory()
        RelationshipFactory(person=guardian, other=child)
        involvement_grant(actor=worker, person=child, basis=AccessBasis.OWNING_UNIT, unit=worker.unit)
        consent_record(
            actor=worker,
            person=child,
            given_by=guardian,
            given_by_role=ConsentGiverRole.GUARDIAN,
            information_kinds=["plan"],
            purpose="Yhteistyö",
            valid_from=time.today(),
            valid_until=time.today() + dt.timedelta(days=30),
            method=ConsentMethod.PAPER_SIGNED,
            recipient_units=[ProfessionalFactory().unit],
        )
    client = login(Client(), worker)
    return {"sessionid": client.cookies["sessionid"].value, "public_id": str(child.public_id)}


# Loaded through the WSGI app itself, as a client would: the schema served is the schema tested.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
pytestmark = pytest.mark.django_db

# Every operation: no server error and no response outside its documented schema. The people operations (this
# app's, where every status code is documented) also pass schemathesis's other default checks.
REQUIRED_CHECKS = [not_a_server_error, response_schema_conformance]


def _call(case, **kwargs):  # type: ignore[no-untyped-def]
    if case.path.startswith("/people"):
        return case.call_and_validate(**kwargs)
    return case.call_and_validate(checks=REQUIRED_CHECKS, **kwargs)


@schema.parametrize()
@FAST
def test_api_conforms_to_its_schema_without_a_session(case):
    # given no session
    # when any operation is called with generated input
    # then no 5xx and every response matches the documented schema (401 where a session is needed)
    response = _call(case)
    assert response.status_code < 500


@schema.parametrize()
@FAST
def test_api_conforms_to_its_schema_with_a_session(case, session_cookie):
    # given a logged-in professional, and sometimes the id of their own client as the path parameter
    if "public_id" in (case.path_parameters or {}) and case.path_parameters["public_id"].startswith("0"):
        case.path_parameters["public_id"] = session_cookie["public_id"]
    # when any operation is called with generated input
    response = _call(case, cookies={"sessionid": session_cookie["sessionid"]})
    # then no 5xx and every response matches the documented schema
    assert response.status_code < 500
