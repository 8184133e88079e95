"""Suunnitelman versiot: the JSON snapshot of a whole plan and the field-by-field comparison of two snapshots.

A snapshot is plain JSON (dates as ISO strings, people by name and id) so that an old version reads the same
even after the people, units or catalogue entries it names have changed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django.utils.translation import gettext as _g

from luukku.plans.models import Plan, PlanAction, PlanGoal, PlanPartner, PlanStatus

SNAPSHOT_FORMAT = 1


def _value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _person_name(professional: Any) -> str:
    return str(professional) if professional is not None else ""


def goal_snapshot(goal: PlanGoal) -> dict[str, Any]:
    return {
        "id": goal.pk,
        "title": goal.title,
        "measure": goal.measure,
        "follow_up_on": _value(goal.follow_up_on),
        "gas_weight": goal.gas_weight,
        "level_minus_2": goal.level_minus_2,
        "level_minus_1": goal.level_minus_1,
        "level_0": goal.level_0,
        "level_plus_1": goal.level_plus_1,
        "level_plus_2": goal.level_plus_2,
    }


def action_snapshot(action: PlanAction) -> dict[str, Any]:
    return {
        "id": action.pk,
        "description": action.description,
        "service": action.service_label,
        "service_id": action.service_id,
        "owner": _person_name(action.owner),
        "owner_id": action.owner_id,
        "unit": action.unit.name_fi if action.unit_id else "",
        "sector": action.sector,
        "sector_label": action.get_sector_display() if action.sector else "",
        "start_on": _value(action.start_on),
        "end_on": _value(action.end_on),
        "meeting_frequency": action.meeting_frequency,
        "is_essential": action.is_essential,
        "goal": action.goal.title if action.goal_id else "",
    }


def partner_snapshot(partner: PlanPartner) -> dict[str, Any]:
    return {
        "id": partner.pk,
        "name": partner.name,
        "contact": partner.contact,
        "responsibility": partner.responsibility,
    }


def plan_snapshot(plan: Plan) -> dict[str, Any]:
    """The whole plan as it is now, read fresh from the database (goals, actions and partners included)."""
    goals = list(plan.goals.order_by("position", "pk"))
    actions = list(
        plan.actions.select_related("owner__unit__organisation", "unit", "service", "goal").order_by(
            "position", "pk"
        )
    )
    partners = list(plan.partners.order_by("position", "pk"))
    return {
        "format": SNAPSHOT_FORMAT,
        "status": plan.status,
        "coordinator": _person_name(plan.coordinator),
        "coordinator_id": plan.coordinator_id,
        "unit": plan.unit.name_fi,
        "started_on": _value(plan.started_on),
        "closed_on": _value(plan.closed_on),
        "closed_reason": plan.closed_reason,
        "items": {name: _value(getattr(plan, name)) for name in Plan.ITEM_FIELDS},
        "goals": [goal_snapshot(goal) for goal in goals],
        "actions": [action_snapshot(action) for action in actions],
        "partners": [partner_snapshot(partner) for partner in partners],
    }


# --- Comparison ----------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class DiffRow:
    """One changed field: where it is (section and row), a readable Finnish label, the old and the new value."""

    section: str
    label: str
    old: str
    new: str
    change: str  # "added" | "removed" | "changed"

    @property
    def change_label(self) -> str:
        return {"added": _g("lisätty"), "removed": _g("poistettu"), "changed": _g("muutettu")}[self.change]


def _field_label(model: Any, name: str) -> str:
    label = str(model._meta.get_field(name).verbose_name)
    return label[:1].upper() + label[1:]


def _display(value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _g("kyllä") if value else _g("ei")
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            return value
        return f"{day.day}.{day.month}.{day.year}"
    return str(value)


_GOAL_FIELDS = [
    "title",
    "measure",
    "follow_up_on",
    "gas_weight",
    "level_minus_2",
    "level_minus_1",
    "level_0",
    "level_plus_1",
    "level_plus_2",
]
_ACTION_FIELDS = {
    "description": lambda: _field_label(PlanAction, "description"),
    "service": lambda: _field_label(PlanAction, "service_name"),
    "owner": lambda: _field_label(PlanAction, "owner"),
    "unit": lambda: _field_label(PlanAction, "unit"),
    "sector_label": lambda: _field_label(PlanAction, "sector"),
    "start_on": lambda: _field_label(PlanAction, "start_on"),
    "end_on": lambda: _field_label(PlanAction, "end_on"),
    "meeting_frequency": lambda: _field_label(PlanAction, "meeting_frequency"),
    "is_essential": lambda: _field_label(PlanAction, "is_essential"),
    "goal": lambda: _field_label(PlanAction, "goal"),
}
_PARTNER_FIELDS = ["name", "contact", "responsibility"]


def _rows_diff(
    section: str,
    old_rows: list[dict[str, Any]],
    new_rows: list[dict[str, Any]],
    fields: dict[str, Any],
    title_key: str,
) -> list[DiffRow]:
    old_by_id = {row["id"]: row for row in old_rows}
    new_by_id = {row["id"]: row for row in new_rows}
    rows: list[DiffRow] = []
    for row_id in [*old_by_id, *(i for i in new_by_id if i not in old_by_id)]:
        old, new = old_by_id.get(row_id), new_by_id.get(row_id)
        title = str((new or old or {}).get(title_key, ""))[:80]
        where = f"{section}: {title}"
        if old is None or new is None:
            present = new or old or {}
            for key, label in fields.items():
                if present.get(key) in (None, ""):
                    continue
                rows.append(
                    DiffRow(
                        section=where,
                        label=label(),
                        old=_display(old.get(key)) if old else "–",
                        new=_display(new.get(key)) if new else "–",
                        change="added" if old is None else "removed",
                    )
                )
            continue
        for key, label in fields.items():
            if old.get(key) != new.get(key):
                rows.append(
                    DiffRow(
                        section=where,
                        label=label(),
                        old=_display(old.get(key)),
                        new=_display(new.get(key)),
                        change="changed",
                    )
                )
    return rows


def snapshot_diff(old: dict[str, Any], new: dict[str, Any]) -> list[DiffRow]:
    """Every field that differs between two plan snapshots, in the order of SHL 39 §, with Finnish labels."""
    rows: list[DiffRow] = []
    plan_section = _g("Suunnitelma")
    status_labels = dict(PlanStatus.choices)
    for key, label in (
        ("status", _field_label(Plan, "status")),
        ("coordinator", _field_label(Plan, "coordinator")),
        ("closed_on", _field_label(Plan, "closed_on")),
        ("closed_reason", _field_label(Plan, "closed_reason")),
    ):
        before, after = old.get(key), new.get(key)
        if before != after:
            if key == "status":
                before, after = status_labels.get(before, before), status_labels.get(after, after)
            rows.append(DiffRow(plan_section, label, _display(before), _display(after), "changed"))
    old_items, new_items = old.get("items", {}), new.get("items", {})
    for name in Plan.ITEM_FIELDS:
        if old_items.get(name) != new_items.get(name):
            rows.append(
                DiffRow(
                    plan_section,
                    _field_label(Plan, name),
                    _display(old_items.get(name)),
                    _display(new_items.get(name)),
                    "changed",
                )
            )
    goal_fields = {name: (lambda name=name: _field_label(PlanGoal, name)) for name in _GOAL_FIELDS}
    rows += _rows_diff(_g("Tavoite"), old.get("goals", []), new.get("goals", []), goal_fields, "title")
    rows += _rows_diff(
        _g("Toimenpide"), old.get("actions", []), new.get("actions", []), _ACTION_FIELDS, "description"
    )
    partner_fields = {name: (lambda name=name: _field_label(PlanPartner, name)) for name in _PARTNER_FIELDS}
    rows += _rows_diff(
        _g("Yhteistyötaho"), old.get("partners", []), new.get("partners", []), partner_fields, "name"
    )
    return rows


@dataclasses.dataclass(frozen=True)
class SnapshotSection:
    """One block of a saved version as it reads on screen: a heading and labelled values."""

    title: str
    rows: list[tuple[str, str]]


def snapshot_sections(snapshot: dict[str, Any]) -> list[SnapshotSection]:
    """A saved version in readable form: the plan's items, then each goal, action and partner."""
    status_labels = dict(PlanStatus.choices)
    plan_rows = [
        (
            _field_label(Plan, "status"),
            _display(status_labels.get(snapshot.get("status"), snapshot.get("status"))),
        ),
        (_field_label(Plan, "coordinator"), _display(snapshot.get("coordinator"))),
        (_field_label(Plan, "started_on"), _display(snapshot.get("started_on"))),
    ]
    items = snapshot.get("items", {})
    plan_rows += [(_field_label(Plan, name), _display(items.get(name))) for name in Plan.ITEM_FIELDS]
    sections = [SnapshotSection(_g("Suunnitelma"), plan_rows)]
    for goal in snapshot.get("goals", []):
        sections.append(
            SnapshotSection(
                _g("Tavoite: %(title)s") % {"title": goal.get("title", "")},
                [(_field_label(PlanGoal, name), _display(goal.get(name))) for name in _GOAL_FIELDS],
            )
        )
    for action in snapshot.get("actions", []):
        sections.append(
            SnapshotSection(
                _g("Toimenpide: %(title)s") % {"title": str(action.get("description", ""))[:80]},
                [(label(), _display(action.get(key))) for key, label in _ACTION_FIELDS.items()],
            )
        )
    for partner in snapshot.get("partners", []):
        sections.append(
            SnapshotSection(
                _g("Yhteistyötaho: %(name)s") % {"name": partner.get("name", "")},
                [(_field_label(PlanPartner, name), _display(partner.get(name))) for name in _PARTNER_FIELDS],
            )
        )
    return sections
