"""``luukku import-intakes FILE.jsonl [--json] [--source NAME]``: load intakes from a legacy system.

One JSON object a line (see ``luukku.intake.importing``). Bad lines are reported with their number and reason and
the valid ones loaded; a re-run of the same file adds nothing. ``--json`` prints exactly one summary object
``{"loaded": N, "already_present": N, "errors": [{"line": N, "reason": "…"}]}``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from luukku.intake.importing import DEFAULT_SOURCE, intake_import_file


class Command(BaseCommand):
    help = "Vireilletulojen siirto aiemmasta järjestelmästä (JSON Lines); uudelleenajo ei lisää mitään."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="JSONL-tiedosto, yksi vireilletulo riviä kohden.")
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="Tulosta yhteenveto JSON-oliona."
        )
        parser.add_argument(
            "--source",
            default=DEFAULT_SOURCE,
            help="Lähdejärjestelmän nimi; (lähde, external_id) tunnistaa jo tuodut rivit.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("Tiedostoa ei löydy: %(path)s") % {"path": path})
        source = options["source"].strip()
        if not source or len(source) > 100:
            raise CommandError(_("Lähdejärjestelmän nimessä on oltava 1–100 merkkiä."))
        result = intake_import_file(path, source_system=source)
        if options["as_json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
            return
        self.stdout.write(
            _("Ladattu %(loaded)d, jo ennestään %(present)d, virheellisiä rivejä %(errors)d.")
            % {"loaded": result.loaded, "present": result.already_present, "errors": len(result.errors)}
        )
        for error in result.errors:
            self.stdout.write(
                _("rivi %(line)d: %(reason)s") % {"line": error["line"], "reason": error["reason"]}
            )
