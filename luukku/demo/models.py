"""The marker of a loaded demo data set, so that a second ``luukku seed demo`` adds nothing."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from luukku.core import time


class DemoLoad(models.Model):
    """Demoaineiston lataus: one row per seed target whose synthetic population is in the database."""

    target = models.SlugField(_("kohde"), max_length=32, unique=True)
    seed = models.IntegerField(_("siemenluku"))
    size = models.PositiveIntegerField(_("lasten määrä"))
    loaded_at = models.DateTimeField(_("ladattu"), default=time.now)

    class Meta:
        verbose_name = _("demoaineiston lataus")
        verbose_name_plural = _("demoaineiston lataukset")

    def __str__(self) -> str:
        return f"{self.target} (seed {self.seed})"
