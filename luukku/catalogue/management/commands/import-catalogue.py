"""``luukku import-catalogue FILE.json``: load a region's service catalogue (format of catalogue.json)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from luukku.catalogue.imports.catalogue_json import CatalogueFileError, catalogue_import_file


class Command(BaseCommand):
    help = "Lataa palveluluettelon (catalogue.json-muoto); päivittää tunnisteen perusteella."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("file", type=Path)

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        try:
            result = catalogue_import_file(path=options["file"])
        except (CatalogueFileError, KeyError, TypeError, ValueError) as error:
            raise CommandError(f"Palveluluetteloa ei ladattu: {error}") from error
        self.stdout.write(f"Palveluluettelo ladattu: {result}")
