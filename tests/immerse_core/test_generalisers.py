from datetime import date

import pytest

from immerse_core.generalisers import M49_SUBREGIONS, AgeBand, Region, WorldRegion

REFERENCE = date(2026, 6, 15)


@pytest.mark.parametrize("born, band", [
    (date(2001, 6, 15), "25–34"),   # 25 today
    (date(2001, 6, 16), "18–24"),   # 25 tomorrow
    (date(2010, 1, 1), "0–17"),
    (date(1950, 1, 1), "65+"),
])
def test_age_band_from_a_date_of_birth(born, band):
    assert AgeBand(REFERENCE)(born) == band


def test_age_band_from_an_age_never_gives_the_age():
    assert AgeBand(REFERENCE)(30) == "25–34"
    assert AgeBand(REFERENCE)(None) is None


@pytest.mark.parametrize("value", [date(2027, 1, 1), "thirty", -1])
def test_age_band_refuses_what_is_not_an_age(value):
    with pytest.raises(ValueError):
        AgeBand(REFERENCE)(value)


def test_region_from_a_mapping_given_as_data():
    region = Region({"28001": "Comunidad de Madrid", "Nicosia": "Nicosia District"})
    assert region("28001") == "Comunidad de Madrid"
    assert region(" Nicosia ") == "Nicosia District"
    assert region("99999") == "unknown"


def test_world_region_is_the_m49_subregion():
    world = WorldRegion()
    assert world("sy") == "Western Asia"
    assert world("SN") == "Western Africa"
    assert world("ER") == "Eastern Africa"
    assert world("XX") == "unknown"


def test_m49_covers_the_demo_sites_and_the_countries_people_come_from():
    for country in ("ES", "IT", "CY", "SY", "AF", "IR", "SO", "ER", "MA", "SN", "NG", "UA"):
        assert country in M49_SUBREGIONS
