from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from luukku.catalogue.models import LEVEL_ORDER, Level, Service, Topic
from luukku.core.factories import OrganisationFactory


def test_levels_are_ordered_lightest_first():
    # given the five service levels
    # when they are listed in their order
    ordered = sorted(Level.values, key=LEVEL_ORDER.__getitem__)
    # then open activity comes first and demanding services last
    assert ordered == ["open", "early_support", "basic", "special", "demanding"]


@pytest.mark.django_db
def test_a_service_cannot_end_its_age_range_before_it_starts():
    # given an organisation
    organisation = OrganisationFactory()
    # when a service is saved with an upside-down age range
    # then the database refuses it
    with pytest.raises(IntegrityError), transaction.atomic():
        Service.objects.create(code="x", organisation=organisation, name_fi="X", age_min=10, age_max=5)


@pytest.mark.django_db
def test_topics_keep_the_editors_order_most_central_first():
    # given a service whose topics were given violence first
    organisation = OrganisationFactory()
    service = Service.objects.create(
        code="turva", organisation=organisation, name_fi="Turva", topic_order=["violence", "crisis"]
    )
    service.topics.set(
        [
            Topic.objects.create(code="crisis", label_fi="Kriisit"),
            Topic.objects.create(code="violence", label_fi="V"),
        ]
    )
    # when the ordered topic codes are read
    codes = service.ordered_topic_codes()
    # then the most central topic is first, not the alphabetical first
    assert codes == ["violence", "crisis"]
    assert str(service) == "Turva"
