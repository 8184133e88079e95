"""Start page for professionals."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Työpöytä: the professional's start page, naming their organisation, unit and role."""
    return render(request, "core/home.html", {"professional": request.user})
