"""Special-category attributes appear on no workshop page and in no export, except as suppressed aggregates.

With the demo data in place, one participant gets attribute values that occur nowhere else (sentinels). Every
page reachable from the workshops index is rendered for every role, following links, and searched for them.
"""
import re
from collections import deque
from urllib.parse import urljoin, urlparse

import pytest

from cocreate.extensions import db
from cocreate.participants import services as participants
from cocreate.participants.models import ParticipantProfile

SENTINELS = {"gender": "sentinel-gender-7731", "age_band": "sentinel-age-19", "nationality": "Sentinelland",
             "ethnicity": "sentinel-ethnicity-4410", "religion": "sentinel-religion-2093",
             "health": "sentinel-health-8562"}
MAX_PAGES = 400


def crawl(client, start="/workshops/"):
    """{url: text} of every GET page of workshops, participants and evidence reachable by links from `start`
    (pictures left out)."""
    seen, pages, queue = {start}, {}, deque([start])
    while queue and len(pages) < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code != 200:
            response.close()
            continue
        if not response.mimetype.startswith("image/"):
            pages[url] = response.get_data(as_text=True)
        response.close()
        if response.mimetype != "text/html":
            continue
        for href in re.findall(r'href="([^"#]+)', pages[url]):
            href = urljoin(url, href.replace("&amp;", "&"))
            parsed = urlparse(href)
            if parsed.netloc or not parsed.path.startswith(("/workshops/", "/participants/", "/evidence/")) or "lang=" in parsed.query:
                continue
            if href not in seen:
                seen.add(href)
                queue.append(href)
    return pages


@pytest.fixture
def sentinel_participant(seeded):
    with seeded.app_context():
        person = participants.get_participant_by_code("ES-M-001")
        profile = db.session.get(ParticipantProfile, person.id)
        for attribute, value in SENTINELS.items():
            setattr(profile, attribute, value)
        db.session.commit()
        return person.id


@pytest.mark.parametrize("role", ["admin", "facilitator", "researcher", "officer"])
def test_no_page_or_export_shows_special_categories_except_suppressed(seeded, sentinel_participant, client, auth,
                                                                     role):
    auth.login_as(role)
    pages = crawl(client)
    if role == "officer":
        assert pages == {}  # not even the index
        return
    assert len(pages) > 50
    assert f"/participants/{sentinel_participant}" in pages
    assert any(url.endswith("export.csv") for url in pages) == (role in ("admin", "researcher"))
    statistics = {url for url in pages if re.fullmatch(r"/participants/sites/\d+/statistics", url)}
    assert len(statistics) == 3
    for url, text in pages.items():
        for attribute, value in SENTINELS.items():
            if value not in text:
                continue
            assert url in statistics, f"{attribute} shown on {url}"
            # only in an aggregate row, with its count suppressed
            row = re.search(rf"<tr><th scope=\"row\">{value}</th>\s*<td>([^<]*)</td></tr>", text)
            assert row and row.group(1) == "&lt;5", f"{attribute} not suppressed on {url}"
        assert "ES-M-001" not in text or url not in statistics  # aggregates name nobody
    for attribute, value in SENTINELS.items():  # each is counted (suppressed) on its site's statistics
        assert any(value in pages[url] for url in statistics), attribute


def test_the_profile_form_is_never_filled_in(seeded, client, auth):
    """The demo participants have attributes; their pages show that some were recorded, never which."""
    auth.login_as("facilitator")
    with seeded.app_context():
        person_id = participants.get_participant_by_code("CY-M-002").id
    text = client.get(f"/participants/{person_id}").get_data(as_text=True)
    profile_form = text.split("/profile")[1]
    assert "Attributes are recorded for this participant" in text
    assert "<select" in profile_form and "selected" not in profile_form


def test_statistics_show_demo_counts_with_small_cells_suppressed(seeded, client, auth):
    auth.login_as("researcher")
    with seeded.app_context():
        site_id = participants.get_participant_by_code("CY-M-001").site_id
    text = client.get(f"/participants/sites/{site_id}/statistics").get_data(as_text=True)
    assert "Participants with attributes recorded: 12" in text
    counts = re.findall(r"<td>([^<]*)</td></tr>", text)
    assert counts and all(c == "&lt;5" or int(c) >= 5 for c in counts)
