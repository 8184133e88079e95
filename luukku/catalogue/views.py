"""Views of the catalogue: the editors' list and form, a service's page, and a plain search page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from luukku.catalogue import selectors, services
from luukku.catalogue.forms import SearchForm, ServiceForm
from luukku.catalogue.models import Service
from luukku.catalogue.search import SearchInputError, search


def service_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A service's public information, with when and by whom it was last checked."""
    service = get_object_or_404(
        Service.objects.select_related("organisation", "last_checked_by").prefetch_related(
            "channels", "topics", "municipalities"
        ),
        code=code,
        is_active=True,
    )
    can_edit = request.user.is_authenticated and selectors.can_edit_service(request.user, service)
    return render(request, "catalogue/service_detail.html", {"service": service, "can_edit": can_edit})


@login_required
def editor_list(request: HttpRequest) -> HttpResponse:
    """The services the signed-in editor keeps current."""
    return render(
        request, "catalogue/editor_list.html", {"services": selectors.services_editable_by(request.user)}
    )


def _editable(request: HttpRequest, code: str) -> Service:
    service = get_object_or_404(Service.objects.select_related("organisation"), code=code)
    if not selectors.can_edit_service(request.user, service):
        # The same answer as for a service that does not exist.
        raise Http404
    return service


@login_required
def service_edit(request: HttpRequest, code: str) -> HttpResponse:
    service = _editable(request, code)
    form = ServiceForm(request.POST or None, instance=service)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in ServiceForm.Meta.fields}
        try:
            services.service_update(
                actor=request.user,
                service=Service.objects.get(pk=service.pk),
                data=data,
                topics=form.cleaned_data["topics"],
                municipalities=form.cleaned_data["municipalities"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("Palvelun tiedot tallennettiin."))
            return redirect("catalogue:service_edit", code=service.code)
    return render(request, "catalogue/service_edit.html", {"service": service, "form": form})


@login_required
@require_POST
def service_check(request: HttpRequest, code: str) -> HttpResponse:
    """Tiedot tarkistettu: the editor confirms the service's information is current."""
    service = _editable(request, code)
    services.service_mark_checked(actor=request.user, service=service)
    messages.success(request, _("Palvelun tiedot merkittiin tarkistetuiksi."))
    return redirect(request.POST.get("next") or "catalogue:editor_list")


def search_page(request: HttpRequest) -> HttpResponse:
    """Hae palveluja: free text, age and municipality; bad input gets a polite message, never an error page."""
    form = SearchForm(request.GET or None)
    hits, error = [], ""
    if request.GET and form.is_valid():
        try:
            hits = search(
                text=form.cleaned_data["q"],
                age=form.cleaned_data["age"],
                municipality=form.cleaned_data["municipality"].code
                if form.cleaned_data["municipality"]
                else None,
                # The language of the text, not of the page: a Finnish question may be typed on the Swedish page.
                lang=None,
                limit=10,
            )
        except SearchInputError as problem:
            error = str(problem)
    return render(request, "catalogue/search.html", {"form": form, "hits": hits, "error": error})
