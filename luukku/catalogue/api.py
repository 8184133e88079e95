"""The catalogue's JSON API: public search over services and meeting places."""

from __future__ import annotations

from ninja import Router, Schema
from ninja.errors import HttpError

from luukku.catalogue.search import SearchInputError, search

router = Router(tags=["catalogue"])


class HitOut(Schema):
    id: str
    kind: str
    score: float
    name_fi: str


@router.get("/search", response=list[HitOut], auth=None)
def catalogue_search(
    request,  # type: ignore[no-untyped-def]
    q: str = "",
    age: int | None = None,
    municipality: str | None = None,
    lang: str | None = None,
    limit: int = 10,
):
    """Hae palveluja ja kohtaamispaikkoja vapaalla tekstillä (no login: the catalogue is public)."""
    try:
        hits = search(text=q, age=age, municipality=municipality, lang=lang, limit=max(1, min(limit, 50)))
    except SearchInputError as error:
        raise HttpError(400, str(error)) from error
    return [
        {
            "id": hit.id,
            "kind": hit.kind,
            "score": round(hit.score, 4),
            "name_fi": getattr(hit.object, "name_fi", ""),
        }
        for hit in hits
    ]
