"""``luukku search "TEXT" [--age N] [--municipality ID] [--lang fi|sv|en] [--limit 5] [--json]`` and
``luukku search --batch FILE --limit 10`` (one JSON object a line in, one JSON array a line out)."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from luukku.catalogue.search import Hit, SearchInputError, search


class Command(BaseCommand):
    help = "Hae palveluja ja kohtaamispaikkoja vapaalla tekstillä."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("text", nargs="?", help="hakuteksti")
        parser.add_argument("--age", type=int, default=None, help="lapsen tai nuoren ikä")
        parser.add_argument("--municipality", default=None, help="kunnan tunniste, esim. kaislaharju")
        parser.add_argument("--lang", choices=["fi", "sv", "en"], default=None)
        parser.add_argument("--limit", type=int, default=10)
        parser.add_argument("--json", action="store_true", help="tulosta JSON-lista")
        parser.add_argument("--batch", default=None, help="JSONL-tiedosto (- = vakiosyöte)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch"]:
            self._batch(options["batch"], options["limit"])
            return
        try:
            hits = search(
                text=options["text"],
                age=options["age"],
                municipality=options["municipality"],
                lang=options["lang"],
                limit=options["limit"],
            )
        except SearchInputError as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            self.stdout.write(json.dumps([hit.as_json() for hit in hits], ensure_ascii=False))
            return
        if not hits:
            self.stdout.write("Ei osumia.")
        for number, hit in enumerate(hits, start=1):
            self.stdout.write(f"{number:>2}. {hit.score:6.3f}  {hit.kind:<13} {hit.id:<40} {_name(hit)}")

    def _batch(self, path: str, limit: int) -> None:
        stream = sys.stdin if path == "-" else open(path, encoding="utf-8")  # noqa: SIM115
        failures = 0
        try:
            for line_number, line in enumerate(stream, start=1):
                if not line.strip():
                    continue
                try:
                    item = json.loads(line)
                    hits = search(
                        text=item.get("query"),
                        age=item.get("age"),
                        municipality=item.get("municipality"),
                        lang=item.get("lang"),
                        limit=limit,
                        with_objects=False,
                    )
                    self.stdout.write(json.dumps([hit.as_json() for hit in hits], ensure_ascii=False))
                except (SearchInputError, json.JSONDecodeError, AttributeError) as error:
                    failures += 1
                    self.stderr.write(f"rivi {line_number}: {error}")
                    self.stdout.write("[]")
        finally:
            if stream is not sys.stdin:
                stream.close()
        if failures:
            raise CommandError(f"{failures} riviä ei voitu hakea.")


def _name(hit: Hit) -> str:
    return getattr(hit.object, "name_fi", "") if hit.object is not None else ""
