"""Helpers shared by the intake tests: the audit rows of intakes and the notification forms' POST data."""

from __future__ import annotations

import datetime as dt
from typing import Any

from luukku.audit.models import AuditEntry
from luukku.core.factories import synthetic_identity_code


def audit_rows(**filters: Any) -> list[AuditEntry]:
    """Audit rows about intakes (not the person and involvement rows that the same write also makes)."""
    return list(AuditEntry.objects.filter(object_type="intake.intake", **filters).order_by("id"))


def child_code(birth_date: dt.date = dt.date(2015, 3, 4), n: int = 1) -> str:
    return synthetic_identity_code(birth_date, n)


def professional_form(**overrides: Any) -> dict[str, Any]:
    """What a school curator types into the professional notification form."""
    data = {
        "kind": "child_protection_notification",
        "first_names": "Eetu",
        "last_name": "Esimerkki",
        "identity_code": child_code(),
        "birth_date": "",
        "first_names_2": "",
        "last_name_2": "",
        "identity_code_2": "",
        "birth_date_2": "",
        "first_names_3": "",
        "last_name_3": "",
        "identity_code_3": "",
        "birth_date_3": "",
        "expected_birth_date": "",
        "municipality": "",
        "concern": "Eetu on ollut poissa koulusta kaksi viikkoa ja kertoo, ettei kotona ole ruokaa.",
        "family_knows": "yes",
        "police_notified": "",
        "police_notified_on": "",
        "notifier_sector": "education",
        "notifier_organisation": "Kaislaharjun yhtenäiskoulu",
        "notifier_name": "Kaisa Kuraattori",
        "notifier_phone": "040 000 0000",
        "notifier_email": "kaisa.kuraattori@kaislaharju.example",
        "channel": "e_form",
        "received_at": "",
    }
    data.update(overrides)
    return data


def public_form(**overrides: Any) -> dict[str, Any]:
    """What a neighbour types into the public notification form."""
    data = {
        "kind": "child_protection_notification",
        "first_names": "Aino",
        "last_name": "Naapuri",
        "identity_code": "",
        "birth_date": "2018-06-01",
        "first_names_2": "",
        "last_name_2": "",
        "identity_code_2": "",
        "birth_date_2": "",
        "first_names_3": "",
        "last_name_3": "",
        "identity_code_3": "",
        "birth_date_3": "",
        "municipality": "",
        "concern": "Naapurin asunnosta kuuluu öisin huutoa ja lapsi itkee pitkään.",
        "family_knows": "no",
        "notifier_name": "Nelli Naapuri",
        "notifier_phone": "050 000 0000",
        "notifier_email": "",
    }
    data.update(overrides)
    return data
