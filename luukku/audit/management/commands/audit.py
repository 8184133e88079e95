"""``luukku audit verify [--json] [--batch-size N] [--anchor ID:HASH]``: check the käyttöloki hash chain.

Exits 0 and prints the number of entries when the chain is intact; exits 1 naming the first tampered or
missing entry otherwise (see luukku.audit.verification for what is checked).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from luukku.audit import verification


def _anchor(value: str) -> tuple[int, str]:
    entry_id, _sep, entry_hash = value.partition(":")
    if not entry_id.isdigit() or len(entry_hash) != 64:
        raise ValueError(value)
    return int(entry_id), entry_hash.lower()


class Command(BaseCommand):
    help = "Käyttö- ja luovutusloki: tarkista lokiketjun eheys (verify)."

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        verify = subcommands.add_parser("verify", help="Tarkista lokin tiivisteketju alusta loppuun.")
        verify.add_argument("--json", action="store_true", dest="as_json", help="Tulos JSON-muodossa.")
        verify.add_argument(
            "--batch-size", type=int, default=verification.DEFAULT_BATCH_SIZE, help="Rivejä kerrallaan."
        )
        verify.add_argument(
            "--anchor",
            type=_anchor,
            default=None,
            help="Aiemmin talteen otettu ketjun pää muodossa ID:TIIVISTE; sen on yhä oltava ketjussa.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "verify":
            self._verify(options)

    def _verify(self, options: dict[str, Any]) -> None:
        result = verification.verify_chain(batch_size=options["batch_size"], anchor=options["anchor"])
        if options["as_json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
            if not result.ok:
                raise CommandError(result.problem.message if result.problem else "", returncode=1)
            return
        if result.problem is not None:
            raise CommandError(result.problem.message, returncode=1)
        message = _("Lokiketju on ehjä: %(count)d merkintää, pää #%(head)d.") % {
            "count": result.count,
            "head": result.head_id,
        }
        self.stdout.write(self.style.SUCCESS(message))
