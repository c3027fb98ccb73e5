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

from cocreate.extensions import db
from cocreate.participants.models import Participant
from cocreate.projects.models import PilotSite
from cocreate.scale import SURVEY_CODE, seed_scale
from cocreate.surveys.models import Response, Survey
from cocreate.workshops.models import Note, Quote, Workshop

from .conftest import TEST_PASSWORD

SMALL, LARGE = 0.03, 0.4  # 150 and then 2,000 more participants, notes and quotes; 300 and 4,000 responses


def sign_in(client):
    assert client.post("/login", data={"email": "admin@miict.example", "password": TEST_PASSWORD}).status_code == 302


def statements(app, client, url):
    seen = []

    def count(_conn, _cursor, statement, *_args):
        seen.append(statement)
    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        response = client.get(url)
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 200, url
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


def test_statements_do_not_grow_with_the_data(scaled, client):
    app = scaled
    sign_in(client)
    code_id = richest_code(app)
    before = {name: statements(app, client, url)[0] for name, url in urls(app, "SCS1", code_id).items()}
    small = {model: rows(app, model) for model in (Participant, Note, Quote, Response)}
    with app.app_context():
        seed_scale(LARGE)
    large = {model: rows(app, model) for model in (Participant, Note, Quote, Response)}
    assert all(large[model] >= 10 * small[model] for model in (Participant, Note, Quote)), (small, large)
    after = {name: statements(app, client, url)[0] for name, url in urls(app, SURVEY_CODE, code_id).items()}
    # The search reads every survey response of consenting respondents, 500 at a time with their people (the
    # answers are JSON, matched in Python): its count grows by a few statements per 500 responses, no more.
    search_before, search_after = before.pop("search"), after.pop("search")
    assert after == before
    assert search_after - search_before <= 2 * (large[Response] // 500 + 1), (search_before, search_after)


def test_a_page_of_a_long_list_says_how_many_and_links_the_others(scaled, client):
    app = scaled
    sign_in(client)
    url = urls(app, "SCS1", richest_code(app))["participants"]
    with app.app_context():
        site_id = int(url.rsplit("/", 1)[1])
        total = db.session.scalar(sa.select(sa.func.count()).select_from(Participant).where(
            Participant.site_id == site_id))
    _count, first = statements(app, client, url)
    assert first.count('data-label="Participant code"') == 50
    assert f"1–50 of {total}" in first
    nav = re.search(r'<nav class="pagination" aria-label="Pages of participants">.*?</nav>', first, re.S).group(0)
    assert 'aria-current="page">1<' in nav and "?page=2" in nav
    _count, second = statements(app, client, url + "?page=2&per_page=10")
    assert f"11–20 of {total}" in second and second.count('data-label="Participant code"') == 10
    # A size out of bounds is taken as the nearer bound; a page past the last shows the last.
    _count, huge = statements(app, client, url + "?per_page=100000")
    assert huge.count('data-label="Participant code"') == min(total, 200)
    _count, past = statements(app, client, url + "?page=9999&per_page=10")
    last_first = (total - 1) // 10 * 10 + 1
    assert f"{last_first}–{total} of {total}" in past
    _count, far = statements(app, client, url + "?page=" + "9" * 40 + "&per_page=abc")
    assert f"{(total - 1) // 50 * 50 + 1}–{total} of {total}" in far


def test_filters_stay_when_paging_search_results(scaled, client):
    app = scaled
    sign_in(client)
    _count, page = statements(app, client, "/evidence/projects/miict/search?q=work&per_page=10")
    nav = re.search(r'<nav class="pagination".*?</nav>', page, re.S).group(0)
    links = re.findall(r'href="([^"]+)"', nav)
    assert links and all("q=work" in link for link in links)
    assert any("page=2" in link and "per_page=10" in link for link in links)


def statement_texts(app, client, url):
    seen = []

    def keep(_conn, _cursor, statement, *_args):
        seen.append(" ".join(statement.split()))
    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", keep)
    try:
        assert client.get(url).status_code == 200
    finally:
        sa.event.remove(engine, "before_cursor_execute", keep)
    return seen


def test_the_codebook_counts_in_sql_without_reading_the_evidence(scaled, client):
    sign_in(client)
    seen = statement_texts(scaled, client, "/evidence/projects/miict/codebook")
    assert not [s for s in seen if s.startswith(("SELECT workshop_notes.", "SELECT workshop_quotes.",
                                                  "SELECT survey_responses."))], seen
    assert any("GROUP BY codings.code_id" in s for s in seen), seen


def test_the_analysis_page_reads_each_kind_of_evidence_once(scaled, client):
    sign_in(client)
    seen = statement_texts(scaled, client, "/evidence/projects/miict/codebook/analysis")
    assert len([s for s in seen if s.startswith("SELECT workshop_quotes.")]) == 1, seen
    assert len([s for s in seen if s.startswith("SELECT codebook_codes.id, codebook_codes.project_id, "
                                                "codebook_codes.parent_id, codebook_codes.name, "
                                                "codebook_codes.definition, codebook_codes.examples, codings.")]) == 1
