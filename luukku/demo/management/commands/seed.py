"""``luukku seed <target>``: load a data set; the targets are listed in ``luukku.demo.seeders.TARGETS``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from luukku.demo import seeders


class Command(BaseCommand):
    help = "Lataa aineiston tietokantaan. Kohteet: " + ", ".join(sorted(seeders.TARGETS)) + "."

    def add_arguments(self, parser: CommandParser) -> None:
        targets = parser.add_subparsers(
            dest="target",
            required=True,
            title="kohteet",
            metavar="KOHDE",
            help="yksi kohteista: " + ", ".join(sorted(seeders.TARGETS)),
        )
        for name in sorted(seeders.TARGETS):
            module = seeders.load(name)
            target_parser = targets.add_parser(name, help=module.HELP, description=module.HELP)
            module.add_arguments(target_parser)

    def handle(self, *args: Any, **options: Any) -> None:
        target = options.pop("target")
        if target not in seeders.TARGETS:
            raise CommandError(f"Tuntematon kohde {target!r}. Kohteet: {', '.join(sorted(seeders.TARGETS))}.")
        seeders.load(target).run(command=self, **options)
