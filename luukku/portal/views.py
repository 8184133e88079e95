"""The public electronic family centre (sähköinen perhekeskus): no login, no JavaScript needed, three languages.

Thin views: parse, call one selector, search or service, render. Every page carries the language switcher and the
link to the one contact channel (``portal/base.html``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from luukku.catalogue.models import DocumentKind, Service
from luukku.catalogue.search import SearchInputError, search
from luukku.contact import services as contact_services
from luukku.contact.forms import ContactForm
from luukku.contact.ratelimit import over_limit
from luukku.core import time
from luukku.portal import presenters, selectors
from luukku.portal.forms import GuideForm, MeetingPlaceFilter, SearchFilters

RECEIPT_SESSION_KEY = "portal_contact_receipt"
RATE_LIMIT_MESSAGE = _(
    "Olemme saaneet tästä osoitteesta juuri useita yhteydenottoja. Odota minuutti ja lähetä sitten uudelleen. "
    "Jos asia on kiireellinen, soita hätänumeroon 112."
)


def _language_from_query(request: HttpRequest) -> str | None:
    """``?lang=sv``: a link can open a page in a language (the switcher's form does the same by POST)."""
    lang = request.GET.get("lang", "")
    if lang in dict(settings.LANGUAGES):
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
        return lang
    return None


def _path_without_lang(request: HttpRequest) -> str:
    params = [(key, value) for key, values in request.GET.lists() if key != "lang" for value in values]
    return request.path + (f"?{urlencode(params)}" if params else "")


def _render(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    status: int = 200,
    lang: str | None = None,
) -> HttpResponse:
    context = {
        **context,
        "switch_next": _path_without_lang(request),
        "answer_hours": contact_services.answer_hours(),
    }
    response = render(request, template, context, status=status)
    if lang:
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, lang, samesite="Lax")
    return response


def home(request: HttpRequest) -> HttpResponse:
    """Perhekeskus: search, the guide, meeting places and the one contact channel."""
    lang = _language_from_query(request)
    return _render(request, "portal/home.html", {"filters": SearchFilters()}, lang=lang)


def search_page(request: HttpRequest) -> HttpResponse:
    """Hae palveluja: free text, age and municipality; bad text gets a polite message, never an error page."""
    lang = _language_from_query(request)
    raw = request.GET.get("q")
    filters = SearchFilters(request.GET if request.GET else None)
    context: dict[str, Any] = {"filters": filters, "q": raw or "", "searched": raw is not None}
    if raw is not None:
        if filters.is_valid():
            municipality = filters.cleaned_data["municipality"]
            try:
                hits = search(
                    text=raw,
                    age=filters.cleaned_data["age"],
                    municipality=municipality.code if municipality else None,
                    # The language of the text, not of the page: a Finnish question may be typed on the Swedish page.
                    lang=None,
                    limit=10,
                )
            except SearchInputError as problem:
                context["error"] = str(problem)
                context["q"] = raw if len(raw) <= 2000 and raw.isprintable() else ""
            else:
                context["services"] = [
                    presenters.service_card(hit.object)
                    for hit in hits
                    if hit.kind == DocumentKind.SERVICE and hit.object is not None
                ]
                context["places"] = [
                    presenters.meeting_place_card(hit.object)
                    for hit in hits
                    if hit.kind == DocumentKind.MEETING_PLACE and hit.object is not None
                ]
        else:
            context["error"] = str(_("Tarkista hakuehdot."))
    return _render(request, "portal/search.html", context, lang=lang)


def service_page(request: HttpRequest, code: str) -> HttpResponse:
    """Palvelun sivu: what it is, how to get there, whether a referral is needed and who the core person is."""
    lang = _language_from_query(request)
    service = get_object_or_404(
        Service.objects.select_related("organisation", "last_checked_by").prefetch_related(
            "channels", "topics", "municipalities"
        ),
        code=code,
        is_active=True,
    )
    language = presenters.current_language()
    context = {
        "card": presenters.service_card(service, language),
        "service": service,
        "description": presenters.localized(service, "description", language),
        "description_lang": presenters.text_language(service, "description", language),
        "channels": presenters.channel_rows(service),
        "routing_criteria": presenters.routing_criteria(service, language),
        "topics": [
            str(selectors.TOPIC_PLAIN_LABELS.get(topic.code, presenters.localized(topic, "label", language)))
            for topic in service.topics.all()
        ],
        "municipalities": [presenters.localized(m, "name", language) for m in service.municipalities.all()],
    }
    return _render(request, "portal/service.html", context, lang=lang)


def meeting_places(request: HttpRequest) -> HttpResponse:
    """Kohtaamispaikat ja tämän viikon avoin toiminta (DOMAIN.md §2 I)."""
    lang = _language_from_query(request)
    form = MeetingPlaceFilter(request.GET or None)
    municipality = form.cleaned_data["municipality"] if form.is_valid() else None
    language = presenters.current_language()
    days = [
        {
            "date": day.date,
            "holiday": day.holiday,
            "is_today": day.is_today,
            "activities": [presenters.activity_row(activity, language) for activity in day.activities],
        }
        for day in selectors.this_week_activities(municipality=municipality)
    ]
    places = [
        presenters.meeting_place_card(place, language)
        for place in selectors.meeting_places(municipality=municipality)
    ]
    return _render(
        request, "portal/meeting_places.html", {"form": form, "days": days, "places": places}, lang=lang
    )


def guide(request: HttpRequest) -> HttpResponse:
    """Mikä palvelu sopii meille? A few questions, ending in the lightest fitting services."""
    lang = _language_from_query(request)
    language = presenters.current_language()
    answered = {key: value for key, value in request.GET.items() if key != "lang"}
    form = GuideForm(answered or None, topics=selectors.topic_choices(language))
    context: dict[str, Any] = {"form": form}
    if answered and form.is_valid():
        data = form.cleaned_data
        found = selectors.guide_services(
            age=data["age"], topic=data["topic"], urgency=data["urgency"], municipality=data["municipality"]
        )
        context.update(
            answered=True,
            urgency=data["urgency"],
            danger=data["urgency"] == selectors.Urgency.DANGER,
            services=[presenters.service_card(service, language) for service in found],
        )
    return _render(
        request, "portal/guide.html", context, status=400 if answered and form.errors else 200, lang=lang
    )


@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest) -> HttpResponse:
    """Ota yhteyttä perheneuvoon: the one contact channel, no referral, answered within the promised time."""
    lang = _language_from_query(request)
    if request.method != "POST":
        initial = {"language": presenters.current_language()}
        return _render(request, "portal/contact.html", {"form": ContactForm(initial=initial)}, lang=lang)
    form = ContactForm(request.POST)
    if over_limit(
        request, scope="portal-contact", per_minute=getattr(settings, "LUUKKU_CONTACT_FORM_PER_MINUTE", 5)
    ):
        return _render(
            request, "portal/contact.html", {"form": form, "rate_limited": RATE_LIMIT_MESSAGE}, status=429
        )
    if form.is_valid():
        data = form.cleaned_data
        try:
            created = contact_services.contact_submit(
                who=data["who"],
                child_age=data["child_age"],
                worry=data["worry"],
                contact_name=data["contact_name"],
                phone=data["phone"],
                email=data["email"],
                language=data["language"],
                municipality=data["municipality"],
                consent_to_contact=data["consent_to_contact"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            request.session[RECEIPT_SESSION_KEY] = {
                "reference": created.reference,
                "promised_by": created.promised_by.isoformat(),
            }
            return redirect("portal:contact_thanks")
    return _render(request, "portal/contact.html", {"form": form}, status=400)


def contact_thanks(request: HttpRequest) -> HttpResponse:
    """Kuittaus: the reference and the moment by which we promise to answer."""
    lang = _language_from_query(request)
    stored = request.session.get(RECEIPT_SESSION_KEY)
    if not stored:
        raise Http404
    promised_by = dt.datetime.fromisoformat(stored["promised_by"]).astimezone(time.HELSINKI)
    return _render(
        request,
        "portal/contact_thanks.html",
        {"reference": stored["reference"], "promised_by": promised_by},
        lang=lang,
    )
