"""Display helpers for intake deadlines: "3 arkipäivää", "myöhässä 2 arkipäivää"."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _g
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def working_days_label(days_left: int | None) -> str:
    """Working days left to a deadline in words; None (no deadline yet) gives the anticipatory wording."""
    if days_left is None:
        return _g("ei määräaikaa ennen syntymää")
    if days_left == 0:
        return _g("määräpäivä tänään")
    if days_left > 0:
        return ngettext("%(count)d arkipäivä", "%(count)d arkipäivää", days_left) % {"count": days_left}
    late = -days_left
    return ngettext("myöhässä %(count)d arkipäivä", "myöhässä %(count)d arkipäivää", late) % {"count": late}
