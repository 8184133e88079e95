"""Core: deadline computation and identity-code validation, the two things on every intake's path."""

from __future__ import annotations

import datetime as dt

from bench.timing import per_call, us

NAME = "core"


def run(db_label: str) -> list[tuple[str, str, str]]:
    from luukku.core import deadlines, identity

    days = [dt.date(2024, 1, 1) + dt.timedelta(days=i) for i in range(4 * 365)]
    deadlines.intake_deadlines(days[0])  # warm the holiday cache

    def all_deadlines() -> None:
        for day in days:
            deadlines.intake_deadlines(day)

    per_day = per_call(all_deadlines, repeat=3) / len(days)
    parse = per_call(lambda: identity.parse("010594Y9032"), repeat=20000)
    digest = per_call(lambda: identity.lookup_digest("010594Y9032"), repeat=20000)
    return [
        (
            "both deadlines for one receipt date (2024–2027)",
            us(per_day),
            "start + completion, holidays cached",
        ),
        ("identity code validation", us(parse), "parse + check character"),
        ("identity code look-up digest", us(digest), "HMAC-SHA256"),
    ]
