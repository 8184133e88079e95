"""``luukku score``: outcome instruments scored from the command line, for other systems and tests to check.

    luukku score whoqol-bref --answers 4,4,4,5,… --json
    luukku score gas --scores -2,0,-1,2,0,1 --weights 3,5,1,4,2,6 --json

WHOQOL-BREF: an empty place (``4,,4``) is an unanswered item; places after the last one given are unanswered.
The JSON has ``q1``, ``q2`` and the four domains, each ``{"score": 4–20, "score_100": 0–100}`` or ``null`` when
it cannot be scored (all null when fewer than 21 items were answered). GAS prints ``{"t_score": …}``; without
``--weights`` every goal weighs 1. Scores in JSON are rounded to 4 decimals. Bad input exits with status 1 and a
Finnish message on standard error.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from luukku.assessment import instruments

VALUE_OPTIONS = ("--answers", "--scores", "--weights")


def join_option_values(argv: list[str]) -> list[str]:
    """``--scores -2,0`` → ``--scores=-2,0``: argparse would take a value starting with a minus for an option."""
    joined: list[str] = []
    index = 0
    while index < len(argv):
        arg = argv[index]
        if arg in VALUE_OPTIONS and index + 1 < len(argv):
            joined.append(f"{arg}={argv[index + 1]}")
            index += 2
            continue
        joined.append(arg)
        index += 1
    return joined


class Command(BaseCommand):
    help = "Pisteytä mittari: WHOQOL-BREF (--answers) tai Goal Attainment Scaling (--scores, --weights)."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("instrument", choices=["whoqol-bref", "gas"], help="Mittari.")
        parser.add_argument(
            "--answers", help="WHOQOL-BREF: 26 vastausta 1–5 pilkuin erotettuina; tyhjä = ei vastattu."
        )
        parser.add_argument("--scores", help="GAS: tavoitteiden pisteet −2…+2 pilkuin erotettuina.")
        parser.add_argument("--weights", help="GAS: painot pilkuin erotettuina (oletus: kaikki 1).")
        parser.add_argument("--json", action="store_true", help="Tulosta JSON.")

    def run_from_argv(self, argv: list[str]) -> None:
        super().run_from_argv(argv[:2] + join_option_values(argv[2:]))

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["instrument"] == "whoqol-bref":
                if options["answers"] is None:
                    raise CommandError(_("Anna vastaukset: --answers 4,4,3,…"))
                result = instruments.whoqol_bref(instruments.parse_answers(options["answers"]))
                payload = result.as_json()
                text = self._whoqol_text(result, payload)
            else:
                if options["scores"] is None:
                    raise CommandError(_("Anna tavoitteiden pisteet: --scores -1,0,2"))
                scores = instruments.parse_numbers(options["scores"], what=_("Pisteet"))
                weights = (
                    None
                    if options["weights"] is None
                    else instruments.parse_numbers(options["weights"], what=_("Painot"))
                )
                gas = instruments.gas_t_score(scores, weights)
                payload = gas.as_json()
                text = _("GAS T-luku: %(t)s") % {"t": f"{payload['t_score']:.1f}"}
        except instruments.InstrumentInputError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(json.dumps(payload) if options["json"] else text)

    def _whoqol_text(self, result: instruments.WhoqolBref, payload: dict[str, Any]) -> str:
        if result.discarded:
            return _("Lomake hylätään: vastattu %(count)d kysymykseen, vähintään %(min)d tarvitaan.") % {
                "count": result.answered,
                "min": instruments.WHOQOL_MIN_ANSWERED,
            }
        lines = [f"Q1: {payload['q1'] if payload['q1'] is not None else '–'}"]
        lines.append(f"Q2: {payload['q2'] if payload['q2'] is not None else '–'}")
        for name, label in instruments.DOMAIN_LABELS.items():
            domain = payload[name]
            if domain is None:
                lines.append(_("%(label)s: ei pisteytetä (liian vähän vastauksia)") % {"label": label})
            else:
                lines.append(f"{label}: {domain['score']:.3f} ({domain['score_100']:.2f})")
        return "\n".join(lines)
