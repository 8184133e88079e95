"""Who may see the management figures, and of which area (tietojohtaminen, DOMAIN.md §6).

Figures are aggregates, but a small area, team or worker can make a count point at a family, so they are shown
only to managers (esihenkilö) and administrators (pääkäyttäjä), and only for the wellbeing county their unit
works for. The list of cases behind a figure (drill-down) goes through the access policy on top of this: a
manager sees the cases their unit may see, an administrator none.
"""

from __future__ import annotations

from typing import Any

from luukku.organisations.models import Organisation, Role
from luukku.organisations.selectors import county_of_unit

STATISTICS_ROLES = (Role.MANAGER, Role.ADMINISTRATOR)


def can_view_statistics(actor: Any) -> bool:
    """May the actor open the management dashboards at all?"""
    return bool(
        getattr(actor, "is_authenticated", False)
        and getattr(actor, "is_active", False)
        and getattr(actor, "role", None) in STATISTICS_ROLES
    )


def statistics_county(actor: Any) -> Organisation | None:
    """The wellbeing county whose figures the actor may see; None when the actor may see none."""
    if not can_view_statistics(actor):
        return None
    return county_of_unit(getattr(actor, "unit", None))
