"""Bearer tokens of integrating systems (rajapinta-asiakkaat) and the principal they act as.

A school's or a hospital's system authenticates with ``Authorization: Bearer lk_<prefix>_<secret>``. The token is
shown once when the client is created; Luukku keeps only its SHA-256 hash and the prefix. The client acts in the
audit log as an ``ApiPrincipal``: named after the client, in the client's organisation, with no user account.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja.security import HttpBearer

from luukku.audit.models import AuditAction
from luukku.audit.services import audit_record
from luukku.core import time
from luukku.intake.models import ApiClient
from luukku.organisations.models import Municipality, Organisation, Unit

TOKEN_PREFIX = "lk"
#: ``last_used_at`` is written at most this often, so that reads do not each take the write lock.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)
API_ROLE = "api_client"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class ApiPrincipal:
    """The integrating system as an actor of the audit log: no user account, but a name and an organisation."""

    client: ApiClient

    is_authenticated = True
    is_active = True
    pk = None
    role = API_ROLE

    @property
    def organisation(self) -> Organisation:
        return self.client.organisation

    def get_full_name(self) -> str:
        return str(
            _("Rajapinta: %(name)s (%(prefix)s)")
            % {"name": self.client.name, "prefix": self.client.token_prefix}
        )

    def get_username(self) -> str:
        return self.client.token_prefix


@dataclass(frozen=True)
class CreatedClient:
    client: ApiClient
    token: str


@transaction.atomic
def api_client_create(
    *,
    actor: Any | None,
    organisation: Organisation,
    name: str,
    default_unit: Unit | None = None,
    default_municipality: Municipality | None = None,
) -> CreatedClient:
    """Rajapinta-asiakkaan luominen: returns the client and its token, which is never shown or stored again."""
    errors: dict[str, list[Any]] = {}
    name = name.strip()
    if not name:
        errors["name"] = [_("Anna rajapinta-asiakkaalle nimi.")]
    elif len(name) > ApiClient._meta.get_field("name").max_length:
        errors["name"] = [_("Nimi on liian pitkä.")]
    elif ApiClient.objects.filter(organisation=organisation, name=name).exists():
        errors["name"] = [_("Organisaatiolla on jo tämänniminen rajapinta-asiakas.")]
    if default_unit is not None and not default_unit.is_active:
        errors["default_unit"] = [_("Yksikkö ei ole toiminnassa.")]
    if errors:
        raise ValidationError(errors)
    prefix = secrets.token_hex(4)
    while ApiClient.objects.filter(token_prefix=prefix).exists():
        prefix = secrets.token_hex(4)
    token = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    client = ApiClient.objects.create(
        organisation=organisation,
        name=name,
        token_prefix=prefix,
        token_hash=token_hash(token),
        default_unit=default_unit,
        default_municipality=default_municipality,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=client,
        summary=str(_("Rajapinta-asiakas luotu: %(client)s") % {"client": client}),
        basis="system",
        channel="cli",
    )
    return CreatedClient(client=client, token=token)


@transaction.atomic
def api_client_deactivate(*, actor: Any | None, client: ApiClient) -> ApiClient:
    """Rajapinta-asiakkaan sulkeminen: its token is refused from the next request on."""
    ApiClient.objects.filter(pk=client.pk).update(is_active=False, updated_at=time.now())
    client.refresh_from_db()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=client,
        summary=str(_("Rajapinta-asiakas suljettu: %(client)s") % {"client": client}),
        basis="system",
        channel="cli",
    )
    return client


def api_client_authenticate(token: str) -> ApiClient | None:
    """The active client whose token this is, or None. Looked up by the token's hash, never by the token."""
    if not token or len(token) > 200:
        return None
    client = (
        ApiClient.objects.select_related("organisation", "default_unit", "default_municipality")
        .filter(token_hash=token_hash(token), is_active=True)
        .first()
    )
    if client is None:
        return None
    now = time.now()
    if client.last_used_at is None or now - client.last_used_at >= LAST_USED_RESOLUTION:
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        client.last_used_at = now
    return client


class ApiTokenAuth(HttpBearer):
    """``Authorization: Bearer <token>`` of an integrating system; ``request.auth`` becomes its ``ApiPrincipal``."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiPrincipal | None:
        client = api_client_authenticate(token)
        return ApiPrincipal(client=client) if client is not None else None
