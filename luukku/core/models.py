"""Base models shared by every app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from luukku.core import time


class TimestampedModel(models.Model):
    """Created and updated moments, set from the one clock."""

    created_at = models.DateTimeField(_("luotu"), default=time.now, editable=False)
    updated_at = models.DateTimeField(_("päivitetty"), default=time.now, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.updated_at = time.now()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "updated_at"}
        super().save(*args, **kwargs)
