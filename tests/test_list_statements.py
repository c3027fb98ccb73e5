"""Lists that can grow, the codebook's analyses and the survey results (whole, of a site, in a language) run as
many SQL statements on a data set ten times larger as on the smaller one: they are cut into pages and counted in
SQL, not read row by row (the results read their answers in one streamed statement).

The data sets are the demo with a small scale data set (`flask seed-scale`) on top, so that every kind of
evidence and a linked survey are there, then ten times as much again; both go in with bulk inserts.
Statements are counted by a SQLAlchemy `before_cursor_execute` listener, not timed.
"""
import re

import pytest
import sqlalchemy as sa

from cocreate.evidence.models import Coding
from cocreate.extensions import db
from cocreate.participants.models import Participant
from cocreate.projects.models import PilotSite
from cocreate.scale import SURVEY_CODE, seed_scale
from cocreate.surveys.models import Response, Survey
from cocreate.workshops.models import Note, Quote, Workshop

from .conftest import TEST_PASSWORD
from .statements import statements

SMALL, LARGE = 0.03, 0.4  # 150 and then 2,000 more participants, notes and quotes; 300 and 4,000 responses


def sign_in(client):
    assert client.post("/login", data={"email": "admin@miict.example", "password": TEST_PASSWORD}).status_code == 302


def page_of(app, client, url):
    """The statement count of `GET url` and its page."""
    seen, response = statements(app, client, url)
    return len(seen), response.get_data(as_text=True)


def rows(app, model):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def richest_code(app):
    """The code applied to the most kinds of evidence that may be shown: its page reads each of them."""
    from cocreate.evidence.services import coded_excerpts
    from cocreate.projects.services import get_project_by_slug

    with app.app_context():
        kinds = {}
        for excerpt in coded_excerpts(get_project_by_slug("miict")):
            kinds.setdefault(excerpt.coding.code_id, set()).add(excerpt.kind.name)
        return max(sorted(kinds), key=lambda code_id: len(kinds[code_id]))


def urls(app, survey_code, code_id):
    with app.app_context():
        site = db.session.scalar(sa.select(PilotSite).where(PilotSite.code == "ES"))
        workshop = db.session.scalar(sa.select(Workshop).where(Workshop.site_id == site.id).order_by(Workshop.id))
        survey = db.session.scalar(sa.select(Survey).where(Survey.code == survey_code))
        return {"participants": f"/participants/sites/{site.id}",
                "participants, page 2 of 10": f"/participants/sites/{site.id}?page=2&per_page=10",
                "attendance": f"/workshops/{workshop.id}/attendance",
                "codebook": "/evidence/projects/miict/codebook",
                "analysis": "/evidence/projects/miict/codebook/analysis",
                "coded excerpts of a code": f"/evidence/codes/{code_id}",
                "search": "/evidence/projects/miict/search?q=work",
                "search of two words": "/evidence/projects/miict/search?q=papers+trust",
                "search of a word every response holds as a key": "/evidence/projects/miict/search?q=easy",
                "search of one site": f"/evidence/projects/miict/search?q=work&site={site.id}",
                "requirements register": "/requirements/projects/miict",
                "survey responses": f"/surveys/{survey.id}/responses",
                "survey results": f"/surveys/{survey.id}/results",
                "survey results of a site": f"/surveys/{survey.id}/results?site={site.id}",
                "survey results in a language": f"/surveys/{survey.id}/results?language={survey.languages[0]}"}


@pytest.fixture
def scaled(seeded):
    """The demo with a small scale data set (survey SCS1) on top."""
    with seeded.app_context():
        seed_scale(SMALL, survey_code="SCS1")
    return seeded


def busiest_workshop(app, code_id):
    """The workshop with the most notes, its first note and its first quote (their routes find their page).
    Every note and quote it holds is coded with `code_id`, so that each page of them reads codes."""
    with app.app_context():
        workshop_id = db.session.execute(sa.select(Note.workshop_id).group_by(Note.workshop_id)
                                         .order_by(sa.func.count().desc(), Note.workshop_id).limit(1)).scalar()
        for name, model in (("note", Note), ("quote", Quote)):
            coded = sa.select(Coding.target_id).where(Coding.target_type == name, Coding.code_id == code_id)
            for row_id in db.session.scalars(sa.select(model.id).where(model.workshop_id == workshop_id,
                                                                       model.id.not_in(coded))):
                db.session.add(Coding(code_id=code_id, target_type=name, target_id=row_id, target_part="",
                                      excerpt=""))
        db.session.commit()
        note_id = db.session.scalar(sa.select(sa.func.min(Note.id)).where(Note.workshop_id == workshop_id))
        quote_id = db.session.scalar(sa.select(sa.func.min(Quote.id)).where(Quote.workshop_id == workshop_id))
        return workshop_id, note_id, quote_id


def gather_at(app, workshop_id, kept):
    """Move every note and quote of the workshops not in `kept` to `workshop_id`: a workshop with ten times the
    notes and quotes it had.  Returns how many it holds."""
    with app.app_context():
        for model in (Note, Quote):
            db.session.execute(sa.update(model).where(model.workshop_id.not_in(kept)).values(workshop_id=workshop_id))
        db.session.commit()
        return {model: db.session.scalar(sa.select(sa.func.count()).select_from(model)
                                         .where(model.workshop_id == workshop_id)) for model in (Note, Quote)}


def workshop_urls(workshop_id, note_id, quote_id):
    return {"workshop": f"/workshops/{workshop_id}", "workshop, notes page 2": f"/workshops/{workshop_id}?notes_page=2",
            "workshop, quotes page 3 of 10": f"/workshops/{workshop_id}?quotes_page=3&per_page=10"}, \
        {"a note's place": f"/workshops/notes/{note_id}?per_page=10",
         "a quote's place": f"/workshops/quotes/{quote_id}?per_page=10"}


def counts_of(app, client, pages, redirects):
    counted = {name: page_of(app, client, url)[0] for name, url in pages.items()}
    counted.update({name: len(statements(app, client, url, status=302)[0]) for name, url in redirects.items()})
    return counted


def test_statements_do_not_grow_with_the_data(scaled, client):
    app = scaled
    sign_in(client)
    code_id = richest_code(app)
    workshop = busiest_workshop(app, code_id)
    with app.app_context():
        kept = db.session.scalars(sa.select(Workshop.id)).all()
        held = {model: db.session.scalar(sa.select(sa.func.count()).select_from(model)
                                         .where(model.workshop_id == workshop[0])) for model in (Note, Quote)}
    before = counts_of(app, client, urls(app, "SCS1", code_id), {})
    before_workshop = counts_of(app, client, *workshop_urls(*workshop))
    small = {model: rows(app, model) for model in (Participant, Note, Quote, Response)}
    with app.app_context():
        seed_scale(LARGE)
    large = {model: rows(app, model) for model in (Participant, Note, Quote, Response)}
    assert all(large[model] >= 10 * small[model] for model in (Participant, Note, Quote)), (small, large)
    assert counts_of(app, client, urls(app, SURVEY_CODE, code_id), {}) == before
    gathered = gather_at(app, workshop[0], kept)
    assert all(gathered[model] >= 10 * held[model] for model in (Note, Quote)), (held, gathered)
    assert counts_of(app, client, *workshop_urls(*workshop)) == before_workshop


def test_a_page_of_a_long_list_says_how_many_and_links_the_others(scaled, client):
    app = scaled
    sign_in(client)
    url = urls(app, "SCS1", richest_code(app))["participants"]
    with app.app_context():
        site_id = int(url.rsplit("/", 1)[1])
        total = db.session.scalar(sa.select(sa.func.count()).select_from(Participant).where(
            Participant.site_id == site_id))
    _count, first = page_of(app, client, url)
    assert first.count('data-label="Participant code"') == 50
    assert f"1–50 of {total}" in first
    nav = re.search(r'<nav class="pagination" aria-label="Pages of participants">.*?</nav>', first, re.S).group(0)
    assert 'aria-current="page">1<' in nav and "?page=2" in nav
    _count, second = page_of(app, client, url + "?page=2&per_page=10")
    assert f"11–20 of {total}" in second and second.count('data-label="Participant code"') == 10
    # A size out of bounds is taken as the nearer bound; a page past the last shows the last.
    _count, huge = page_of(app, client, url + "?per_page=100000")
    assert huge.count('data-label="Participant code"') == min(total, 200)
    _count, past = page_of(app, client, url + "?page=9999&per_page=10")
    last_first = (total - 1) // 10 * 10 + 1
    assert f"{last_first}–{total} of {total}" in past
    _count, far = page_of(app, client, url + "?page=" + "9" * 40 + "&per_page=abc")
    assert f"{(total - 1) // 50 * 50 + 1}–{total} of {total}" in far


def test_filters_stay_when_paging_search_results(scaled, client):
    app = scaled
    sign_in(client)
    _count, page = page_of(app, client, "/evidence/projects/miict/search?q=work&per_page=10")
    nav = re.search(r'<nav class="pagination".*?</nav>', page, re.S).group(0)
    links = re.findall(r'href="([^"]+)"', nav)
    assert links and all("q=work" in link for link in links)
    assert any("page=2" in link and "per_page=10" in link for link in links)


def test_the_codebook_counts_in_sql_without_reading_the_evidence(scaled, client):
    sign_in(client)
    seen, _page = statements(scaled, client, "/evidence/projects/miict/codebook")
    assert not [s for s in seen if s.startswith(("SELECT workshop_notes.", "SELECT workshop_quotes.",
                                                  "SELECT survey_responses."))], seen
    assert any("GROUP BY codings.code_id" in s for s in seen), seen


def test_the_analysis_page_reads_each_kind_of_evidence_once(scaled, client):
    sign_in(client)
    seen, _page = statements(scaled, client, "/evidence/projects/miict/codebook/analysis")
    assert len([s for s in seen if s.startswith("SELECT workshop_quotes.")]) == 1, seen
    assert len([s for s in seen if s.startswith("SELECT codebook_codes.id, codebook_codes.project_id, "
                                                "codebook_codes.parent_id, codebook_codes.name, "
                                                "codebook_codes.definition, codebook_codes.examples, codings.")]) == 1
