from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Permission

from luukku.catalogue.models import SearchDocument, Service
from luukku.catalogue.search import search
from luukku.catalogue.services import service_mark_checked, service_update
from luukku.core import time
from luukku.core.factories import ProfessionalFactory, UnitFactory
from luukku.core.testing import login
from luukku.organisations.models import Organisation, Role

pytestmark = pytest.mark.django_db


def _editor(organisation_code: str, **kwargs):
    unit = UnitFactory(organisation=Organisation.objects.get(code=organisation_code))
    user = ProfessionalFactory(unit=unit, role=Role.PROFESSIONAL, **kwargs)
    user.user_permissions.add(
        Permission.objects.get(codename="change_service", content_type__app_label="catalogue")
    )
    return user


def test_organisations_editor_updates_its_service_and_search_sees_it(client, small_catalogue):
    # given an editor of the shelter's organisation
    editor = _editor(Service.objects.get(code="turvakoti").organisation.code)
    login(client, editor)
    # when the editor renames the service and adds a searchable word through the form
    service = Service.objects.get(code="turvakoti")
    form = client.get(f"/palvelut/muokkaa/{service.code}/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k not in {"topics", "municipalities"}}
    data.update(name_fi="Turvakoti Kaislaranta", description_fi=service.description_fi + " Zebraluola.")
    data["topics"] = [t.pk for t in service.topics.all()]
    data["municipalities"] = [m.pk for m in service.municipalities.all()]
    response = client.post(f"/palvelut/muokkaa/{service.code}/", data)
    # then it is saved and the search index follows at once
    assert response.status_code == 302
    assert Service.objects.get(code="turvakoti").name_fi == "Turvakoti Kaislaranta"
    assert search(text="zebraluola", limit=1)[0].id == "turvakoti"
    assert SearchDocument.objects.get(kind="service", object_id=service.pk).names.startswith("turvako")


def test_editor_of_another_organisation_gets_not_found_and_changes_nothing(client, small_catalogue):
    # given an editor of the parish and the county's shelter
    service = Service.objects.get(code="turvakoti")
    other = Organisation.objects.exclude(pk=service.organisation_id).first()
    editor = _editor(other.code)
    login(client, editor)
    # when the editor tries to open, save and check the shelter
    opened = client.get(f"/palvelut/muokkaa/{service.code}/")
    saved = client.post(f"/palvelut/muokkaa/{service.code}/", {"name_fi": "Kaapattu"})
    checked = client.post(f"/palvelut/muokkaa/{service.code}/tarkistettu/")
    # then every answer is 404 and the service is unchanged
    assert (opened.status_code, saved.status_code, checked.status_code) == (404, 404, 404)
    service.refresh_from_db()
    assert service.name_fi != "Kaapattu" and service.last_checked_at is None


def test_professional_without_the_permission_cannot_edit_even_own_organisation(small_catalogue):
    # given a professional of the shelter's organisation without the editing permission
    service = Service.objects.get(code="turvakoti")
    user = ProfessionalFactory(unit=UnitFactory(organisation=service.organisation), role=Role.SOCIAL_WORKER)
    # when the service function is called
    # then it is refused and nothing changes
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        service_update(actor=user, service=service, data={"name_fi": "Muutettu"})
    assert Service.objects.get(code="turvakoti").name_fi != "Muutettu"


def test_administrator_marks_any_service_checked_and_the_page_shows_who_and_when(client, small_catalogue):
    # given an administrator of another organisation and a frozen clock
    admin = ProfessionalFactory(role=Role.ADMINISTRATOR, first_name="Pirjo", last_name="Pääkäyttäjä")
    service = Service.objects.get(code="lastenvalvoja")
    # when the administrator marks the service checked
    with time.frozen(dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC)):
        service_mark_checked(actor=admin, service=service)
    # then the service records who and when, and its public page and the editor list show it
    service.refresh_from_db()
    assert service.last_checked_by == admin
    assert service.last_checked_at == dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC)
    page = client.get(f"/palvelut/palvelu/{service.code}/").content.decode()
    assert "Tarkistettu 24.11.2026, Pirjo Pääkäyttäjä" in page
    login(client, admin)
    listing = client.get("/palvelut/muokkaa/").content.decode()
    assert "Tarkistettu 24.11.2026, Pirjo Pääkäyttäjä" in listing and "Ei vielä tarkistettu" in listing


def test_editor_marks_own_service_checked_through_the_ui(client, small_catalogue):
    # given an editor of the child-welfare supervisor's organisation
    service = Service.objects.get(code="lastenvalvoja")
    editor = _editor(service.organisation.code)
    login(client, editor)
    # when the editor presses "merkitse tarkistetuksi"
    response = client.post(f"/palvelut/muokkaa/{service.code}/tarkistettu/")
    # then the service is checked by the editor, and the editor's list shows only own organisation's services
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.last_checked_by == editor and service.last_checked_at is not None
    rows = client.get("/palvelut/muokkaa/").context["services"]
    assert {s.organisation_id for s in rows} == {service.organisation_id}


def test_meeting_place_is_checked_by_an_editor_of_one_of_its_organisations(small_catalogue):
    # given the family house run by four organisations and an editor of one of them
    from luukku.catalogue.models import MeetingPlace
    from luukku.catalogue.services import meeting_place_mark_checked

    place = MeetingPlace.objects.get(code="mp-kaislanpesa")
    editor = _editor(place.organisations.first().code)
    outsider = _editor(Organisation.objects.exclude(meeting_places=place).first().code)
    # when the editor and an editor of an unrelated organisation mark it checked
    meeting_place_mark_checked(actor=editor, meeting_place=place)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        meeting_place_mark_checked(actor=outsider, meeting_place=MeetingPlace.objects.get(pk=place.pk))
    # then the place records the editor, not the outsider
    place.refresh_from_db()
    assert place.last_checked_by == editor and place.last_checked_at is not None
