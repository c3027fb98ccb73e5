"""A workshop's notes and quotes come a page at a time, and every link to one of them lands on its page.

The links (search results, a code's page, a requirement's evidence, the forms' way back) go to the item's own
route, `/workshops/notes/<id>` or `/workshops/quotes/<id>`, which counts the items before it and redirects to
the page of the workshop's list that shows it, at its anchor.
"""
import re
from datetime import UTC, datetime, timedelta

import pytest

from cocreate.evidence import services as evidence
from cocreate.evidence.registry import Ref
from cocreate.extensions import db
from cocreate.projects.services import get_project_by_slug
from cocreate.workshops import services
from cocreate.workshops.models import Workshop

from ..statements import count

START = datetime(2019, 4, 10, 9, 0, tzinfo=UTC)


@pytest.fixture
def recorded(app, world):
    """23 notes and 23 quotes at the ES workshop, each note observed a minute before the one added before it
    (so that the page's order, by time, is the reverse of the order of ids); all coded with one code."""
    with app.app_context():
        workshop = db.session.get(Workshop, world["workshop"])
        code = evidence.save_code(get_project_by_slug("demo"), None, name="Paged", actor=None)
        notes, quotes = [], []
        for index in range(23):
            note = services.add_note(workshop, body=f"Paged note {index}", actor=None)
            note.observed_at = START - timedelta(minutes=index)
            quote = services.add_quote(workshop, speaker_code=world["consenting"], text=f"Paged quote {index}",
                                       language="es", actor=None)
            evidence.apply_code(code, Ref("note", note.id), actor=None)
            evidence.apply_code(code, Ref("quote", quote.id), actor=None)
            notes.append(note.id)
            quotes.append(quote.id)
        db.session.commit()
        return {"workshop": workshop.id, "notes": notes, "quotes": quotes, "code": code.id}


def text(response):
    return response.get_data(as_text=True)


def shown(page, kind):
    return [int(number) for number in re.findall(rf'<article class="card[^"]*" id="{kind}-(\d+)"', page)]


def test_a_workshop_page_shows_one_page_of_notes_and_one_of_quotes(recorded, client, auth):
    auth.login_as("admin")
    url = f"/workshops/{recorded['workshop']}"
    first = text(client.get(url + "?per_page=10"))
    assert shown(first, "note") == recorded["notes"][::-1][:10]  # by time observed, the earliest first
    assert shown(first, "quote") == recorded["quotes"][:10]
    assert "1–10 of 23" in first
    nav = re.search(r'<nav class="pagination" aria-label="Pages of notes">.*?</nav>', first, re.DOTALL).group(0)
    assert "notes_page=2" in nav and "per_page=10" in nav and "#notes" in nav
    # Paging one list leaves the other where it was.
    third = text(client.get(url + "?per_page=10&notes_page=3&quotes_page=2"))
    assert shown(third, "note") == recorded["notes"][::-1][20:]
    assert shown(third, "quote") == recorded["quotes"][10:20]
    default = text(client.get(url))
    assert len(shown(default, "note")) == len(shown(default, "quote")) == 23


@pytest.mark.parametrize("kind", ["note", "quote"])
def test_an_item_s_own_route_goes_to_its_page_at_its_anchor(recorded, client, auth, kind):
    auth.login_as("facilitator", sites=[("demo", "ES")])
    ids = recorded[f"{kind}s"]
    in_page_order = ids[::-1] if kind == "note" else ids
    for position in (0, 9, 10, 22):
        item = in_page_order[position]
        response = client.get(f"/workshops/{kind}s/{item}?per_page=10")
        assert response.status_code == 302
        location = response.headers["Location"]
        assert location.endswith(f"#{kind}-{item}")
        page_number = position // 10 + 1
        assert (f"{kind}s_page={page_number}" in location) == (page_number > 1), location
        assert "per_page=10" in location
        assert item in shown(text(client.get(location)), kind)
    # Without a size in the URL, the page's default size: all 23 on the first page.
    location = client.get(f"/workshops/{kind}s/{ids[-1]}").headers["Location"]
    assert location == f"/workshops/{recorded['workshop']}#{kind}-{ids[-1]}"
    assert client.get(f"/workshops/{kind}s/999999").status_code == 404


def test_links_to_notes_and_quotes_go_through_their_routes(recorded, client, auth):
    auth.login_as("admin")
    note, quote = recorded["notes"][0], recorded["quotes"][0]
    for url in ["/evidence/projects/demo/search?q=paged", f"/evidence/codes/{recorded['code']}"]:
        page = text(client.get(url))
        assert f'href="/workshops/notes/{note}"' in page and f'href="/workshops/quotes/{quote}"' in page, url
        assert f'#note-{note}"' not in page and f'#quote-{quote}"' not in page, url
    edit_form = text(client.get(f"/workshops/quotes/{quote}/edit"))
    assert f'href="/workshops/quotes/{quote}"' in edit_form
    version = re.search(r'name="version" type="hidden" value="(\d+)"', text(client.get(f"/workshops/notes/{note}/edit")))
    saved = client.post(f"/workshops/notes/{note}/edit", data={"body": "Paged note, corrected",
                                                               "version": version.group(1)})
    assert saved.headers["Location"] == f"/workshops/notes/{note}?saved_note={note}"
    landed = client.get(saved.headers["Location"], follow_redirects=True)
    assert re.search(rf'data-draft-saved="u\d+-note-{note}"', text(landed))
    assert note in shown(text(landed), "note")


def test_the_workshop_page_runs_as_many_statements_with_more_notes_and_quotes(recorded, client, auth, app, world):
    auth.login_as("admin")
    urls = [f"/workshops/{recorded['workshop']}", f"/workshops/{recorded['workshop']}?notes_page=2&per_page=10",
            f"/workshops/{recorded['workshop']}/notes/new"]
    small = {url: count(app, client, url) for url in urls}
    with app.app_context():
        workshop = db.session.get(Workshop, recorded["workshop"])
        for index in range(230):
            services.add_note(workshop, body=f"More {index}", actor=None)
            services.add_quote(workshop, speaker_code=world["consenting"], text=f"More {index}", language="es",
                               actor=None)
        db.session.commit()
    assert {url: count(app, client, url) for url in urls} == small
