"""``luukku import-ptv FILE.json``: load services and channels from PTV Open API v11 JSON (Suomi.fi)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from luukku.catalogue.imports.ptv import PtvFormatError, ptv_import_file


class Command(BaseCommand):
    help = "Lataa palvelut ja asiointikanavat PTV:n (Suomi.fi-palvelutietovaranto) JSON-tiedostosta."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("file", type=Path)

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        try:
            result = ptv_import_file(path=options["file"])
        except PtvFormatError as error:
            raise CommandError(
                f"PTV-tiedostoa ei ladattu, mitään ei tallennettu. Virhe kohdassa {error}"
            ) from error
        self.stdout.write(f"PTV-tiedosto ladattu: {result}")
