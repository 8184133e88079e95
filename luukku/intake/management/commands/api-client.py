"""``luukku api-client create|list|deactivate``: bearer tokens for the systems that send intakes through the API.

``create --organisation CODE --name NAME [--unit CODE] [--municipality CODE]`` prints the token once; only its
SHA-256 hash is kept. ``list`` shows prefixes, never tokens. ``deactivate PREFIX`` refuses the token from then on.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from luukku.intake.auth import api_client_create, api_client_deactivate
from luukku.intake.models import ApiClient
from luukku.organisations.models import Municipality, Organisation, Unit


class Command(BaseCommand):
    help = "Rajapinta-asiakkaat: luo (tunniste näytetään kerran), listaa tai sulje."

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        create = subcommands.add_parser(
            "create", help="Luo rajapinta-asiakas ja tulosta sen tunniste kerran."
        )
        create.add_argument(
            "--organisation", required=True, help="Organisaation tunniste (Organisation.code)."
        )
        create.add_argument(
            "--name", required=True, help="Asiakkaan nimi, esim. 'Koulun oppilashuoltojärjestelmä'."
        )
        create.add_argument("--unit", default="", help="Oletusvastaanottajan yksikön tunniste (Unit.code).")
        create.add_argument("--municipality", default="", help="Oletuskunnan tunniste (Municipality.code).")
        subcommands.add_parser("list", help="Listaa rajapinta-asiakkaat (tunnisteen alku, ei tunnistetta).")
        deactivate = subcommands.add_parser("deactivate", help="Sulje rajapinta-asiakas.")
        deactivate.add_argument("prefix", help="Tunnisteen alku (list-komennon tulosteesta).")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['subcommand']}")(options)

    def _create(self, options: dict[str, Any]) -> None:
        organisation = Organisation.objects.filter(code=options["organisation"]).first()
        if organisation is None:
            raise CommandError(_("Tuntematon organisaatio: %(code)s") % {"code": options["organisation"]})
        unit = None
        if options["unit"]:
            unit = Unit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(_("Tuntematon yksikkö: %(code)s") % {"code": options["unit"]})
        municipality = None
        if options["municipality"]:
            municipality = Municipality.objects.filter(code=options["municipality"]).first()
            if municipality is None:
                raise CommandError(_("Tuntematon kunta: %(code)s") % {"code": options["municipality"]})
        try:
            created = api_client_create(
                actor=None,
                organisation=organisation,
                name=options["name"],
                default_unit=unit,
                default_municipality=municipality,
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(
            _("Rajapinta-asiakas %(client)s luotu. Tunniste näytetään vain nyt; tallenna se turvallisesti:")
            % {"client": created.client}
        )
        self.stdout.write(created.token)

    def _list(self, options: dict[str, Any]) -> None:
        for client in ApiClient.objects.select_related("organisation"):
            state = _("käytössä") if client.is_active else _("suljettu")
            used = f"{client.last_used_at:%Y-%m-%d %H:%M}" if client.last_used_at else "-"
            self.stdout.write(
                f"{client.token_prefix}\t{client.organisation.code}\t{client.name}\t{state}\t{used}"
            )

    def _deactivate(self, options: dict[str, Any]) -> None:
        client = ApiClient.objects.filter(token_prefix=options["prefix"]).first()
        if client is None:
            raise CommandError(_("Tuntematon tunnisteen alku: %(prefix)s") % {"prefix": options["prefix"]})
        api_client_deactivate(actor=None, client=client)
        self.stdout.write(_("Rajapinta-asiakas %(client)s suljettu.") % {"client": client})
