"""Seed targets of ``luukku seed <target>``.

Each target is a module with ``HELP`` (one Finnish line), ``add_arguments(parser)`` and
``run(*, command, **options)``. To add a target (e.g. ``luukku seed national``), write its module and add one
line to ``TARGETS``; the command lists the targets in its help and refuses any other name.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

TARGETS: dict[str, str] = {
    "demo": "luukku.demo.seeders.demo",
    "national": "luukku.demo.seeders.national",
}


def load(target: str) -> ModuleType:
    """The module of a seed target; KeyError for an unknown name."""
    return import_module(TARGETS[target])
