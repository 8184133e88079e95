"""Admin: only the licensed WHOQOL-BREF item wording, which the deploying organisation loads (WHO licence).

Assessments are client data: they are read and written only through the services and screens, which check the
access policy and write the access log; the admin has no view of them.
"""

from __future__ import annotations

from django.contrib import admin

from luukku.assessment.models import WhoqolItemWording


@admin.register(WhoqolItemWording)
class WhoqolItemWordingAdmin(admin.ModelAdmin):
    list_display = ("organisation", "language", "item", "licence_reference")
    list_filter = ("organisation", "language")
    ordering = ("organisation", "language", "item")
