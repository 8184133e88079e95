"""Locust load for the intake API (bench/national.py starts it; not imported by the application).

``IntakeApiUser``: an integrating system (a school's or the police's case system) sending child-protection
notifications with its bearer token and an ``Idempotency-Key``, and reading back the status of what it sent —
three sends to one read, no think time. ``HealthUser``: the trivial endpoint on the same server, the floor.
The children are synthetic: identity codes in the 900–999 range, never a real person's.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import uuid

from locust import FastHttpUser, constant, task

CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"
SECTORS = ["police", "education", "health_care", "social_services", "early_childhood_education"]
FIRST_NAMES = ["Aino", "Eino", "Helmi", "Leo", "Olivia", "Onni", "Sofia", "Väinö", "Venla", "Elias"]
LAST_NAMES = ["Kuormitus", "Testinen", "Mittari", "Kokeilu", "Virtanen-Testi"]
FIRST_NAMES = ["Aino", "Eino", "Helmi", "Leo", "Olivia", "Onni", "Sofia", "Väinö", "Venla", "Elias"]
LAST_NAMES = ["Kuormitus", "Testinen", "Mittari", "Kokeilu", "Virtanen-Testi"]


def synthetic_code(rng: random.Random) -> str:
    """A valid Finnish identity code of a child born 2008–2025, individual number 900–999."""
    born = dt.date(2008, 1, 1) + dt.timedelta(days=rng.randrange(18 * 365))
    number = rng.randrange(900, 1000)
    check = CHECK[int(f"{born:%d%m%y}{number:03d}") % 31]
    return f"{born:%d%m%y}A{number:03d}{check}"


class IntakeApiUser(FastHttpUser):
    wait_time = constant(0)

    def on_start(self) -> None:
        self.rng = random.Random()
        self.token = os.environ["BENCH_API_TOKEN"]
        self.municipalities = os.environ["BENCH_MUNICIPALITIES"].split(",")
        self.receipts: list[str] = []

    @task(3)
    def notify(self) -> None:
        body = {
            "kind": "child_protection_notification",
            "children": [
                {
                    "identity_code": synthetic_code(self.rng),
                    "first_names": self.rng.choice(FIRST_NAMES),
                    "last_name": self.rng.choice(LAST_NAMES),
                    "municipality": self.rng.choice(self.municipalities),
                }
            ],
            "notifier": {
                "sector": self.rng.choice(SECTORS),
                "name": "Kuormitus Testaaja",
                "organisation": "Testi",
            },
            "concern": "Kuormitustestin ilmoitus: lapsi on ollut poissa koulusta.",
            "family_knows": "unknown",
        }
        headers = {"Authorization": f"Bearer {self.token}", "Idempotency-Key": str(uuid.uuid4())}
        with self.client.post(
            "/api/v1/intakes", json=body, headers=headers, name="POST /api/v1/intakes", catch_response=True
        ) as response:
            if response.status_code != 201:
                response.failure(f"{response.status_code}: {response.text[:200]}")
                return
            receipts = response.json().get("intakes") or []
            if receipts:
                self.receipts.append(receipts[0]["receipt_number"])
                self.receipts = self.receipts[-20:]

    @task(1)
    def status(self) -> None:
        if not self.receipts:
            return
        receipt = self.rng.choice(self.receipts)
        self.client.get(
            f"/api/v1/intakes/{receipt}",
            headers={"Authorization": f"Bearer {self.token}"},
            name="GET /api/v1/intakes/{receipt}",
        )


class HealthUser(FastHttpUser):
    wait_time = constant(0)

    @task
    def health(self) -> None:
        self.client.get("/api/v1/health", name="GET /api/v1/health")
