"""The catalogue's visitor-facing words, repeated here so that the portal's message catalogue translates them.

The search's polite messages (``luukku.catalogue.search``) and the channel kinds (``ChannelKind``) are Finnish
msgids of the catalogue app, shown on the portal's pages; keeping the same msgids here puts their Swedish and
English into ``luukku/portal/locale``. They must stay identical to the catalogue's strings.
"""

from django.utils.translation import gettext_lazy as _

CATALOGUE_MESSAGES = (
    _("Kirjoita hakukenttään muutama sana siitä, mihin tarvitsette apua."),
    _("Hakuteksti on liian pitkä. Kerro tilanteesta lyhyemmin, enintään 2 000 merkillä."),
    _(
        "Hakutekstissä on merkkejä, joita ei voi hakea. Kirjoita haku tavallisin kirjaimin ja yritä uudelleen."
    ),
    _("Puhelin"),
    _("Käyntiosoite"),
    _("Verkkosivu"),
    _("Chat"),
    _("Sähköposti"),
)
