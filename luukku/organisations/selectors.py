"""Alueet: which wellbeing services county (hyvinvointialue) a municipality or a unit belongs to."""

from __future__ import annotations

from luukku.organisations.models import Municipality, Organisation, OrganisationKind, Unit


def county_of_municipality(municipality: Municipality | None) -> Organisation | None:
    """Hyvinvointialue, jonka alueeseen kunta kuuluu (laki hyvinvointialueesta 611/2021 7 §): the county
    organisation that lists the municipality among those it serves."""
    if municipality is None:
        return None
    return (
        Organisation.objects.filter(kind=OrganisationKind.WELLBEING_COUNTY, municipalities=municipality)
        .order_by("code")
        .first()
    )


def county_of_unit(unit: Unit | None) -> Organisation | None:
    """The county a unit works for: its own organisation if that is a county, else the organisation's county."""
    if unit is None:
        return None
    organisation = unit.organisation
    if organisation.kind == OrganisationKind.WELLBEING_COUNTY:
        return organisation
    return organisation.wellbeing_county


def area_of(
    *, municipality: Municipality | None, unit: Unit | None
) -> tuple[Municipality | None, Organisation | None]:
    """The statistical area of a case: the child's municipality (else the receiving unit's) and its county.

    Stored on the intake and the assessment when they are made, so that a child's later move does not rewrite
    the statistics of a closed period (THL:n käsittelyaikatiedonkeruu, LSL 27 a §)."""
    if municipality is None and unit is not None:
        municipality = unit.municipality
    # The receiving unit's county when it serves the municipality (another organisation of county kind, such as
    # a university hospital, may list the same municipalities); else the county that lists the municipality.
    county = county_of_unit(unit)
    if county is None or (
        municipality is not None and not county.municipalities.filter(pk=municipality.pk).exists()
    ):
        county = county_of_municipality(municipality) or county
    return municipality, county
