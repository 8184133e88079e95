from __future__ import annotations

import pytest

from luukku.catalogue import text
from luukku.catalogue.models import MeetingPlace, Service
from luukku.catalogue.search import SearchInputError, search


def _ids(hits, n=5):
    return [hit.id for hit in hits[:n]]


def test_inflected_forms_share_one_stem():
    # given Finnish words in different cases
    # when they are normalised
    # then the inflected form meets the base form
    assert text.stem("perhekeskuksessa") == text.stem("perhekeskus")
    assert text.stem("lasten") == text.stem("lapsi") == text.stem("lapset")
    assert text.stem("kouluun") == text.stem("koulussa")
    assert "kahvil" in text.split_compound("perhekahvila", {"perhe", "kahvil"})


@pytest.mark.django_db
def test_inflected_place_name_finds_the_family_centre(small_catalogue):
    # given the catalogue, where the family centre's guidance is "perhekeskuksen palveluohjaus"
    # when a parent searches in the inessive case
    hits = search(text="perhekeskuksessa", limit=5)
    # then the family centre's one-number guidance is found
    assert "perheneuvo" in _ids(hits, 3)


@pytest.mark.django_db
def test_genitive_plural_finds_the_childrens_service(small_catalogue):
    # given the children's speech therapy ("Lasten puheterapia")
    # when a parent writes "lapsen puhe" (the child's speech)
    hits = search(text="lapsen puhe ei kehity", limit=5)
    # then speech therapy is found
    assert "puheterapia" in _ids(hits, 3)


@pytest.mark.django_db
def test_compound_and_its_part_find_each_other(small_catalogue):
    # given "perhekahvila" services and a meeting place whose activity is a plain "kahvila" (nuorten kahvila)
    # when one searches for the part and for the compound
    by_part = search(text="kahvila", limit=10)
    by_compound = search(text="perhekahvila", limit=20)
    # then the part finds the compound and the compound finds the part
    assert {"perhekahvila", "mp-routavesi-perhetupa", "mp-kaislanpesa"} & set(_ids(by_part, 5))
    assert "mp-kohtaamo" in _ids(by_compound, 20)


@pytest.mark.django_db
def test_danger_puts_crisis_services_first(small_catalogue):
    # given the catalogue
    # when a parent writes that a drunk man threatens to kill her
    hits = search(text="mies uhkaa tappaa mut ja on ihan kännissä, mihin voi lähtee yöks", limit=5)
    # then the first results are crisis services (24/7 shelter or emergency social services)
    first = Service.objects.get(code=hits[0].id)
    assert "crisis" in first.ordered_topic_codes()
    assert {"turvakoti", "sosiaalipaivystys"} & set(_ids(hits, 2))


@pytest.mark.django_db
def test_lightest_fitting_level_comes_first_without_danger(small_catalogue):
    # given the catalogue
    # when a lonely parent at home with a baby asks for company
    hits = search(text="oon kotona vauvan kanssa ja yksinäistä, haluisin tavata muita äitejä", age=0, limit=3)
    # then open activities come first, not special services
    first = hits[0].object
    assert isinstance(first, MeetingPlace) or first.level == "open"


@pytest.mark.django_db
def test_age_is_a_soft_preference_not_a_filter(small_catalogue):
    # given the youth substance clinic (13–22) and the adult one (18+)
    # when a parent asks about a 16-year-old's cannabis use, and again for an age no service covers
    teen = search(text="16-vuotias poltaa kannabista", limit=5)
    outside = search(text="kannabis", age=29, limit=5)
    # then the youth clinic ranks above the adult clinic, and the unusual age still gets results
    positions = {hit.id: index for index, hit in enumerate(teen)}
    assert positions["nuorten-paihdepoliklinikka"] < positions.get("aikuisten-riippuvuuspoliklinikka", 99)
    assert outside


@pytest.mark.django_db
def test_municipality_orders_its_own_meeting_places_first(small_catalogue):
    # given family cafés in several municipalities
    # when a parent in Routavesi asks for a family café
    hits = search(text="perhekahvila vauvan kanssa", municipality="routavesi", age=0, limit=10)
    # then the first meeting place offered is in Routavesi
    places = [hit.object for hit in hits if hit.kind == "meeting_place"]
    assert places and places[0].municipality.code == "routavesi"


@pytest.mark.django_db
def test_swedish_and_english_queries_work(small_catalogue):
    # given the catalogue with Swedish descriptions
    # when parents ask in Swedish and in English
    swedish = search(text="vårt barn blir mobbat i skolan", lang="sv", limit=5)
    english = search(text="my 3 year old barely speaks", limit=5)
    # then the school curator and speech therapy are found
    assert "koulukuraattori-perusopetus" in _ids(swedish, 5)
    assert "puheterapia" in _ids(english, 3)


@pytest.mark.django_db
def test_hits_carry_id_kind_score_and_object(small_catalogue):
    # given the catalogue
    # when a search finds something
    hit = search(text="lastenvalvoja elatusapu", limit=1)[0]
    # then the hit has the service id, kind, a score and the service itself
    assert (hit.id, hit.kind) == ("lastenvalvoja", "service")
    assert hit.score > 0 and hit.object.code == "lastenvalvoja"
    assert hit.as_json() == {"id": "lastenvalvoja", "kind": "service", "score": round(hit.score, 4)}


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("", "Kirjoita hakukenttään"),
        ("   \n ", "Kirjoita hakukenttään"),
        ("?!", "Kirjoita hakukenttään"),
        (None, "Kirjoita hakukenttään"),
        ("a" * 2001, "liian pitkä"),
        ("lapsi\x00\x01\x02", "merkkejä, joita ei voi hakea"),
        (b"\xff\xfe\x00binary", "merkkejä, joita ei voi hakea"),
    ],
)
@pytest.mark.django_db
def test_bad_input_gets_a_polite_finnish_message(bad, message):
    # given an empty catalogue
    # when the search gets empty, too long or binary text
    with pytest.raises(SearchInputError) as raised:
        search(text=bad)
    # then the error is a ValueError with a polite Finnish message
    assert isinstance(raised.value, ValueError)
    assert message in str(raised.value)


@pytest.mark.django_db
def test_exactly_two_thousand_characters_is_still_searched(small_catalogue):
    # given a long but allowed text
    long_text = ("lapsi ei nuku " * 200)[:2000]
    # when it is searched
    hits = search(text=long_text, limit=3)
    # then it answers
    assert len(hits) <= 3
