"""Start page for professionals."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from luukku.organisations.models import Role


@dataclass(frozen=True)
class NextStep:
    """One thing a role can do next; ``url_name`` links it once that page exists (no dead links)."""

    text: Promise
    url_name: str = ""


NEXT_STEPS: dict[str, list[NextStep]] = {
    Role.FAMILY_COUNSELLOR: [
        NextStep(_("Vastaa Perheneuvon yhteydenottoihin ja kirjaa, minne perhe ohjattiin."), "contact:queue"),
        NextStep(
            _("Ohjaa perhe suoraan oikeaan palveluun, kun se riittää – lähetettä ei tarvita."),
            "catalogue:search",
        ),
        NextStep(_("Tee perheen suostumuksella yhteydenotto sosiaalihuoltoon (SHL 35 §)."), "intake:notify"),
    ],
    Role.SOCIAL_WORKER: [
        NextStep(
            _("Käsittele uudet lastensuojeluilmoitukset ja yhteydenotot: kiireellisyys arvioidaan heti."),
            "intake:team",
        ),
        NextStep(_("Omat vireilletulot määräajan mukaan."), "intake:mine"),
        NextStep(
            _("Aloita palvelutarpeen arviointi viimeistään 7. arkipäivänä (LSL 26 §)."), "assessment:list"
        ),
        NextStep(_("Pidä asiakassuunnitelmat ajan tasalla (SHL 39 §)."), "people:list"),
    ],
    Role.PROFESSIONAL: [
        NextStep(_("Ota huoli puheeksi perheen kanssa.")),
        NextStep(
            _("Tee lastensuojeluilmoitus (LSL 25 §) tai suostumuksella yhteydenotto sosiaalihuoltoon."),
            "intake:notify",
        ),
        NextStep(
            _("Osallistu palvelutarpeen arviointiin ja hoida omat suunnitelman toimenpiteesi."),
            "assessment:inbox",
        ),
    ],
    Role.POLICE: [
        NextStep(
            _("Tee lastensuojeluilmoitus, kun lapsi on ollut osallisena poliisitehtävässä."), "intake:notify"
        ),
        NextStep(_("Osallistu LASTA-yhteistyöhön: taustatietojen keruu ja LASTA-seulontakokous.")),
    ],
    Role.MANAGER: [
        NextStep(
            _("Seuraa määräaikoja: arvioinnin aloitus 7 arkipäivässä ja valmistuminen 3 kuukaudessa."),
            "intake:team",
        ),
        NextStep(_("Jaa työtä ja seuraa työntekijöiden asiakasmääriä (LSL 13 b §)."), "intake:team"),
        NextStep(_("Tarkasta yksikkösi hätäkäytöt."), "access:emergency_review_list"),
        NextStep(_("Anna asiakkaalle lokiraportti: kuka on käsitellyt hänen tietojaan."), "audit:lookup"),
        NextStep(_("Katso organisaatiot, yksiköt ja ammattilaiset ylläpidosta."), "admin:index"),
        NextStep(_("Tietojohtaminen: alueesi luvut, määräajat ja asiakasmäärät."), "statistics:dashboard"),
    ],
    Role.ADMINISTRATOR: [
        NextStep(_("Ylläpidä organisaatioita ja yksiköitä."), "admin:organisations_organisation_changelist"),
        NextStep(
            _("Lisää ammattilaisia ja anna heille rooli."), "admin:organisations_professional_changelist"
        ),
        NextStep(_("Ylläpidä palveluluetteloa."), "catalogue:editor_list"),
        NextStep(_("Anna asiakkaalle lokiraportti: kuka on käsitellyt hänen tietojaan."), "audit:lookup"),
        NextStep(_("Tietojohtaminen: alueesi luvut, määräajat ja asiakasmäärät."), "statistics:dashboard"),
    ],
}


def _link(url_name: str) -> str:
    if not url_name:
        return ""
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return ""


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Työpöytä: the professional's start page, naming their organisation, unit and role, and what to do next."""
    user = request.user
    steps = [
        {"text": step.text, "url": _link(step.url_name)}
        for step in NEXT_STEPS.get(getattr(user, "role", ""), [])
        if not step.url_name.startswith("admin:") or user.is_staff
    ]
    return render(request, "core/home.html", {"professional": user, "next_steps": steps})
