from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from luukku.catalogue.imports.catalogue_json import catalogue_import
from luukku.catalogue.models import MeetingPlace, SearchDocument, Service, Topic
from luukku.catalogue.tests.conftest import FIXTURES, fixture_json
from luukku.organisations.models import Municipality, Organisation

pytestmark = pytest.mark.django_db


def test_import_creates_the_region_services_meeting_places_and_index():
    # given the small demo catalogue file
    data = fixture_json("catalogue_small.json")
    # when it is imported into an empty database
    result = catalogue_import(data=data)
    # then every service, meeting place, municipality and organisation is there, and all are searchable
    assert Service.objects.count() == len(data["services"]) == result.services
    assert MeetingPlace.objects.count() == len(data["meeting_places"])
    assert Municipality.objects.filter(code="tuulisaari", name_sv="Vindholm").exists()
    assert Organisation.objects.filter(code="kaislaharju-hva", kind="wellbeing_county").exists()
    assert Topic.objects.get(code="violence").label_sv.startswith("Våld")
    assert SearchDocument.objects.count() == result.services + result.meeting_places


def test_imported_service_keeps_every_field():
    # given the demo catalogue imported
    catalogue_import(data=fixture_json("catalogue_small.json"))
    # when the child-welfare supervisor's service is read
    service = Service.objects.get(code="turvakoti")
    # then its fields, channels, topics (in order) and municipalities came from the file
    assert service.level == "special"
    assert service.referral_required is False
    assert service.ordered_topic_codes() == ["violence", "crisis", "housing"]
    assert service.channels.filter(kind="phone").exists()
    assert service.core_person
    assert service.unit_cost_basis == "per_day"
    assert set(service.municipalities.values_list("code", flat=True)) >= {"kaislaharju"}
    place = MeetingPlace.objects.get(code="mp-kaislanpesa")
    assert place.activities.filter(weekday=2, name_fi="Perhekahvila").exists()


def test_import_is_idempotent_and_updates_by_id():
    # given a catalogue imported once
    data = fixture_json("catalogue_small.json")
    catalogue_import(data=data)
    counts = (Service.objects.count(), MeetingPlace.objects.count(), Organisation.objects.count())
    # when the same file is imported again with one service renamed
    data["services"][0]["name_fi"] = "Uusi nimi"
    catalogue_import(data=data)
    # then nothing is duplicated and the service has its new name
    assert (Service.objects.count(), MeetingPlace.objects.count(), Organisation.objects.count()) == counts
    assert Service.objects.get(code=data["services"][0]["id"]).name_fi == "Uusi nimi"
    assert SearchDocument.objects.count() == counts[0] + counts[1]


def test_import_creates_an_organisation_the_file_only_refers_to():
    # given a service whose organisation and municipality are not listed in the file
    data = {
        "topics": ["parenting"],
        "services": [
            {
                "id": "uusi",
                "organisation": "uusi-yhdistys",
                "name_fi": "Uusi palvelu",
                "level": "open",
                "topics": ["parenting"],
                "municipalities": ["uusikunta"],
            }
        ],
    }
    # when it is imported
    catalogue_import(data=data)
    # then the organisation and municipality were created
    assert Organisation.objects.filter(code="uusi-yhdistys").exists()
    assert Municipality.objects.filter(code="uusikunta").exists()


def test_command_loads_a_file_and_refuses_a_broken_one(tmp_path, capsys):
    # given the demo catalogue file and a file that is not a catalogue
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps({"palvelut": []}), encoding="utf-8")
    # when both are imported with the command
    call_command("import-catalogue", str(FIXTURES / "catalogue_small.json"))
    # then the first loads and the second is refused with a message
    assert "Palveluluettelo ladattu" in capsys.readouterr().out
    with pytest.raises(CommandError, match="services"):
        call_command("import-catalogue", str(broken))
