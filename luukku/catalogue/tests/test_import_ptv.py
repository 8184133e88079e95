from __future__ import annotations

import copy
import json
import uuid

import pytest
from django.core.management import CommandError, call_command

from luukku.catalogue.imports.ptv import PtvFormatError, ptv_import, to_wgs84
from luukku.catalogue.models import SearchDocument, Service, ServiceChannel
from luukku.catalogue.tests.conftest import FIXTURES, fixture_json
from luukku.organisations.models import Municipality, Organisation

pytestmark = pytest.mark.django_db

SERVICE_ID = uuid.UUID("4b9f3ded-173b-4018-b43b-d3bbd1ef0ba8")
CHANNEL_ID = uuid.UUID("1bd39cda-3006-482e-acff-93ab8ddc9f1b")


def _page():
    return fixture_json("ptv_page_service_and_channel.json")


def test_real_ptv_service_maps_names_descriptions_classes_targets_terms_areas_and_organisation():
    # given the real PTV page with Naantali's temporary day care and its service location
    # when it is imported
    result = ptv_import(data=_page())
    # then the service carries every listed field
    service = Service.objects.get(ptv_id=SERVICE_ID)
    assert result.services == 1 and result.channels == 1
    assert service.name_fi == "Tilapäinen päivähoito"
    assert service.summary_fi.startswith("Lapselle on mahdollista saada tilapäinen hoitopaikka")
    assert "Kotihoidon tuen" in service.description_fi
    assert service.routing_criteria_fi.startswith("Tilapäistä päivähoitoa voi tiedustella")
    assert service.ptv_data["service_classes"][0]["code"] == "P3.4"
    assert service.ptv_data["service_classes"][0]["name"]["sv"] == "Barndagvård"
    assert [g["code"] for g in service.ptv_data["target_groups"]] == ["KR1.2", "KR1"]
    assert service.target == "families" and (service.age_min, service.age_max) == (0, 17)
    assert service.ptv_data["ontology_terms"][0]["uri"] == "http://www.yso.fi/onto/koko/p58117"
    assert service.ptv_data["area_type"] == "LimitedType"
    naantali = Municipality.objects.get(statistics_code="529")
    assert naantali.name_fi == "Naantali" and naantali.name_sv == "Nådendal"
    assert list(service.municipalities.all()) == [naantali]
    assert service.organisation == Organisation.objects.get(code="ptv-3d1759a2-e47a-4947-9a31-cab1c1e2512b")
    assert (
        service.organisation.name_fi == "Naantalin kaupunki" and service.organisation.kind == "municipality"
    )
    assert service.ordered_topic_codes(), "PTV classes and terms are read into the catalogue's topics"


def test_real_ptv_channel_maps_addresses_coordinates_phone_web_and_service_hours():
    # given the real PTV page
    # when it is imported
    ptv_import(data=_page())
    # then the service location became visiting addresses in WGS84, a phone and a web page
    channels = ServiceChannel.objects.filter(ptv_id=CHANNEL_ID, service__ptv_id=SERVICE_ID)
    locations = list(channels.filter(kind="location").order_by("position"))
    assert [c.street_address for c in locations] == ["Mannerheiminkatu 14", "Kaivokatu 9"]
    first = locations[0]
    assert first.postal_code == "21110" and first.post_office == "Naantali"
    assert first.municipality.statistics_code == "529"
    assert "Käynti Alikadun puolelta." in first.value
    # ETRS-TM35FIN 6713890.211 N, 226225.47 E is in Naantali's old town: about 60.468 N, 22.018 E
    assert first.latitude == pytest.approx(60.4679, abs=0.001)
    assert first.longitude == pytest.approx(22.0180, abs=0.001)
    assert first.name == "Keskustan päiväkoti"
    assert first.opening_hours.startswith("ma–pe 08.00–16.00")
    assert first.service_hours[0]["opening"][0]["day_from"] == "Monday"
    assert channels.get(kind="phone").value.startswith("+358 440410431")
    assert channels.get(kind="web").value.startswith("http://www.naantali.fi/")


def test_reimport_updates_by_ptv_id_without_duplicates():
    # given the page imported once
    ptv_import(data=_page())
    counts = (Service.objects.count(), ServiceChannel.objects.count(), SearchDocument.objects.count())
    # when a newer version with a changed name is imported
    page = _page()
    page["itemList"][0]["serviceNames"][0]["value"] = "Tilapäinen varhaiskasvatus"
    ptv_import(data=page)
    # then the same rows were updated
    assert (Service.objects.count(), ServiceChannel.objects.count(), SearchDocument.objects.count()) == counts
    assert Service.objects.get(ptv_id=SERVICE_ID).name_fi == "Tilapäinen varhaiskasvatus"


def test_single_service_object_with_unknown_fields_is_loaded():
    # given one service object (not a page) with fields this importer does not know
    service = fixture_json("ptv_service.json")
    service["someFutureField"] = {"nested": [1, 2, 3]}
    service["serviceNames"][0]["futureFlag"] = True
    # when it is imported
    result = ptv_import(data=service)
    # then it is loaded, the unknown fields ignored
    assert result.services == 1
    assert Service.objects.get(ptv_id=SERVICE_ID).name_fi == "Tilapäinen päivähoito"


@pytest.mark.parametrize(
    ("break_it", "path"),
    [
        (
            lambda p: p["itemList"][1].update(serviceChannelNames="Keskustan päiväkoti"),
            "itemList[1].serviceChannelNames",
        ),
        (lambda p: p["itemList"][0]["serviceNames"][0].update(value=5), "itemList[0].serviceNames[0].value"),
        (lambda p: p["itemList"][0].update(id="ei-uuid"), "itemList[0].id"),
        (
            lambda p: p["itemList"][1]["addresses"][1]["streetAddress"].update(latitude="pohjoinen"),
            "itemList[1].addresses[1].streetAddress.latitude",
        ),
        (lambda p: p.update(itemList={"a": 1}), "itemList"),
    ],
)
def test_broken_structure_is_refused_with_its_path_and_nothing_is_saved(break_it, path):
    # given a page whose one field is broken (the other item is fine)
    page = copy.deepcopy(_page())
    break_it(page)
    # when it is imported
    with pytest.raises(PtvFormatError) as raised:
        ptv_import(data=page)
    # then the error names the JSON path and nothing of the file was saved
    assert str(raised.value).startswith(f"{path}:")
    assert Service.objects.count() == 0 and ServiceChannel.objects.count() == 0
    assert Organisation.objects.count() == 0 and Municipality.objects.count() == 0


def test_command_refuses_a_broken_file_with_the_path(tmp_path):
    # given a file whose second service has a number for a name
    page = {"itemList": [fixture_json("ptv_service.json"), copy.deepcopy(fixture_json("ptv_service.json"))]}
    page["itemList"][1]["id"] = str(uuid.uuid4())
    page["itemList"][1]["serviceNames"][0]["value"] = 123
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(page), encoding="utf-8")
    # when the command imports it
    with pytest.raises(CommandError) as raised:
        call_command("import-ptv", str(broken))
    # then it names the path and the first, valid service was not saved either
    assert "itemList[1].serviceNames[0].value: expected a string" in str(raised.value)
    assert Service.objects.count() == 0


def test_command_loads_the_real_sample(capsys):
    # given the real PTV page
    # when the command imports it
    call_command("import-ptv", str(FIXTURES / "ptv_page_service_and_channel.json"))
    # then it reports what it loaded
    assert "palveluja 1, kanavia 1" in capsys.readouterr().out


def test_wgs84_input_is_kept_and_tm35fin_converted():
    # given a WGS84 pair and an ETRS-TM35FIN pair in central Helsinki
    # when both are converted
    kept = to_wgs84(61.6887, 27.2721)
    converted = to_wgs84(6673500.0, 385800.0)
    # then WGS84 passes through and TM35FIN lands in Helsinki
    assert kept == (61.6887, 27.2721)
    assert converted[0] == pytest.approx(60.18, abs=0.02) and converted[1] == pytest.approx(24.94, abs=0.02)
