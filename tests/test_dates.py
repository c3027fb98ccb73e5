"""One format per kind (a day; a moment), in the reader's language and the pilot site's time zone."""
import re
from datetime import date, datetime, timezone
from pathlib import Path
from types import SimpleNamespace

import pytest

import cocreate
from cocreate import dates

MADRID = SimpleNamespace(time_zone="Europe/Madrid")
NICOSIA = SimpleNamespace(time_zone="Asia/Nicosia")


@pytest.mark.parametrize(("language", "day", "moment"), [
    ("en", "Oct 16, 2019", "Oct 16, 2019, 10:20\u202fAM"),
    ("es", "16 oct 2019", "16 oct 2019, 10:20"),
    ("ar", "16\u200f/10\u200f/2019", "16\u200f/10\u200f/2019، 10:20 ص"),
])
def test_a_day_and_a_moment_each_have_one_format_per_language(app, language, day, moment):
    with app.test_request_context(f"/?lang={language}"):
        app.preprocess_request()
        assert dates.format_day(date(2019, 10, 16)) == day
        # 08:20 UTC is 10:20 in Madrid in October (summer time)
        assert dates.format_moment(datetime(2019, 10, 16, 8, 20, tzinfo=timezone.utc), MADRID) == moment


def test_a_moment_is_shown_in_the_time_zone_of_its_site(app):
    stored = datetime(2019, 1, 7, 23, 30)  # naive, as SQLite returns it: UTC
    with app.test_request_context("/?lang=en"):
        app.preprocess_request()
        assert dates.format_moment(stored, MADRID) == "Jan 8, 2019, 12:30\u202fAM"
        assert dates.format_moment(stored, NICOSIA) == "Jan 8, 2019, 1:30\u202fAM"
        assert dates.format_moment(stored) == "Jan 7, 2019, 11:30\u202fPM"  # the whole project's: UTC
        assert dates.format_day(stored, MADRID) == "Jan 8, 2019"


def test_a_moment_typed_at_the_site_is_stored_in_utc():
    assert dates.to_utc(datetime(2019, 7, 1, 10, 0), MADRID) == datetime(2019, 7, 1, 8, 0, tzinfo=timezone.utc)
    assert dates.to_utc(datetime(2019, 1, 1, 10, 0), MADRID) == datetime(2019, 1, 1, 9, 0, tzinfo=timezone.utc)
    assert dates.local_naive(datetime(2019, 7, 1, 8, 0, tzinfo=timezone.utc), MADRID) == datetime(2019, 7, 1, 10, 0)
    assert dates.to_utc(None, MADRID) is None


def test_a_new_site_takes_its_countrys_main_time_zone():
    assert dates.country_time_zone("ES") == "Europe/Madrid"  # not the Canaries' or Ceuta's
    assert dates.country_time_zone("CY") == "Asia/Nicosia"
    assert dates.country_time_zone("IT") == "Europe/Rome"
    assert dates.country_time_zone("XX") == "UTC"


def test_sites_get_a_time_zone_and_a_wrong_one_is_refused(app, auth, make_project):
    slug = make_project()
    auth.login_as("admin")
    client = auth._client
    page = client.get(f"/projects/{slug}/sites/ES/edit?lang=es").get_data(as_text=True)
    assert "Zona horaria" in page and re.search(r'<option (selected )?value="Europe/Madrid"( selected)?>', page)
    assert re.search(r'<option selected value="Europe/Madrid">|<option value="Europe/Madrid" selected>', page)
    form = {"code": "ES", "country": "ES", "city": "Las Palmas", "host_languages": "es",
            "participant_languages": "ar", "time_zone": "Atlantic/Canary"}
    assert client.post(f"/projects/{slug}/sites/ES/edit", data=form).status_code == 302
    with app.app_context():
        from cocreate.projects.services import get_project_by_slug, get_site
        assert get_site(get_project_by_slug(slug), "ES").time_zone == "Atlantic/Canary"
    response = client.post(f"/projects/{slug}/sites/ES/edit?lang=es", data={**form, "time_zone": "Mars/Olympus"})
    assert response.status_code == 200 and "Opción inválida" in response.get_data(as_text=True)


def test_pages_write_dates_only_through_the_two_filters():
    """Babel's own filters take a format each time; three formats on three pages came from that."""
    package = Path(cocreate.__file__).parent
    wrong = [f"{path.relative_to(package)}: {match}" for path in package.rglob("templates/**/*.html")
             for match in re.findall(r"\|\s*(?:dateformat|datetimeformat|timeformat)\b|strftime\(",
                                     path.read_text())]
    assert wrong == []
