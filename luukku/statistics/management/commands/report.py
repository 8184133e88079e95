"""``luukku report thl --period 2024-04-01:2024-09-30 [--by county|municipality] --format csv|xlsx|json``.

THL:n käsittelyaikatiedonkeruu (LSL 27 a §), see ``luukku.statistics.thl``. Writes the report to standard output
(or ``--output FILE``); an XLSX report needs ``--output`` unless standard output is redirected. The report contains
no personal identifiers. Running it is written to the audit log (who ran which report) like any other export.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from luukku.audit.models import AuditAction
from luukku.audit.services import audit_record
from luukku.statistics import thl


class Command(BaseCommand):
    help = "Tilastoraportit. THL:n käsittelyaikaraportti: luukku report thl --period 2024-04-01:2024-09-30"

    def add_arguments(self, parser: CommandParser) -> None:
        reports = parser.add_subparsers(dest="report", metavar="raportti", required=True)
        report = reports.add_parser(
            "thl",
            help="Lastensuojelun käsittelyajat THL:lle (LSL 27 a §), 1.4.–30.9. tai 1.10.–31.3.",
            description="Lastensuojelun käsittelyajat THL:lle (LSL 27 a §).",
        )
        report.add_argument("--period", required=True, help="ajanjakso, esim. 2024-04-01:2024-09-30")
        report.add_argument(
            "--by",
            choices=["county", "municipality"],
            default="county",
            help="hyvinvointialueittain tai kunnittain",
        )
        report.add_argument("--format", choices=["csv", "xlsx", "json"], default="csv", help="tiedostomuoto")
        report.add_argument("--output", help="tiedosto (oletus: vakiotuloste)")
        report.add_argument(
            "--any-period",
            action="store_true",
            help="salli muukin ajanjakso kuin THL:n puolivuotiskausi (omaan seurantaan)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["report"] != "thl":  # pragma: no cover - argparse refuses other names
            raise CommandError(f"tuntematon raportti {options['report']}")
        try:
            start, end = thl.parse_period(options["period"], strict=not options["any_period"])
        except thl.PeriodError as error:
            raise CommandError(str(error)) from None
        output = options.get("output")
        if options["format"] == "xlsx" and not output and sys.stdout.isatty():
            raise CommandError("XLSX-raportti kirjoitetaan tiedostoon: anna --output raportti.xlsx.")
        rows = thl.thl_report(start=start, end=end, by=options["by"])
        if options["format"] == "json":
            payload: bytes = (thl.as_json(rows) + "\n").encode()
        elif options["format"] == "csv":
            payload = thl.as_csv(rows).encode()
        else:
            payload = thl.as_xlsx(rows)
        audit_record(
            actor=None,
            action=AuditAction.EXPORT,
            object_type="statistics.thl_report",
            object_id=f"{start.isoformat()}:{end.isoformat()}",
            summary=(
                f"THL:n käsittelyaikaraportti {start.isoformat()}–{end.isoformat()} "
                f"({options['by']}, {options['format']}), ei henkilötietoja"
            ),
            channel="command",
        )
        if output:
            Path(output).write_bytes(payload)
            self.stderr.write(f"Raportti kirjoitettu: {output} ({len(rows)} riviä)")
        elif options["format"] == "xlsx":
            sys.stdout.buffer.write(payload)
            sys.stdout.flush()
        else:
            self.stdout.write(payload.decode(), ending="")
