"""The snapshot the app builds: through the consent rules and the shared analyses, in the chosen scope."""
from datetime import date

import pytest
import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.handbook_data import ScopeError, build_snapshot
from cocreate.projects.services import get_project_by_slug

from .conftest import MADE_ON, all_text, build_docx


def test_frequencies_and_pairs_are_those_of_the_codebook_pages(demo_app, demo_snapshots):
    from cocreate.evidence.services import co_occurrence, code_frequencies
    from immerse_core.privacy import suppress, table

    with demo_app.app_context():
        project = get_project_by_slug("miict")
        rows, sites = code_frequencies(project)
        codes, pairs = co_occurrence(project)
        names = {code.id: code.name for code in codes}
    snapshot = demo_snapshots["en"]
    # the same counts, each code's sites and total suppressed as one table
    assert [(f.code, f.total) for f in snapshot.frequencies] == [
        (code.name, table({site: by_site.get(site, 0) for site in sites})[1]) for code, _total, by_site, _g in rows]
    assert [f.total.value for f in snapshot.frequencies if not f.total.suppressed] == [
        total for _code, total, by_site, _g in rows if not table({site: by_site.get(site, 0) for site in sites})[1].suppressed]
    assert sorted((p.code_a, p.code_b, p.count) for p in snapshot.co_occurrences) == sorted(
        (names[a], names[b], suppress(n)) for (a, b), n in pairs.items())


def test_a_withdrawn_consent_to_quotes_takes_the_quote_out(seeded, tmp_path):
    from cocreate.participants.models import ConsentScope
    from cocreate.participants.services import active_consent, withdraw_consent
    from cocreate.workshops.models import Quote

    with seeded.app_context():
        project = get_project_by_slug("miict")
        before = build_snapshot(project, made_on=MADE_ON)
        quote = db.session.scalar(sa.select(Quote).where(Quote.text == before.quotes[0].text))
        said = quote.text
        withdraw_consent(active_consent(quote.speaker, ConsentScope.QUOTES), actor=None)
        db.session.commit()
        after = build_snapshot(project, made_on=MADE_ON)
    assert said in all_text(build_docx(before, tmp_path / "before.docx"))
    assert said not in all_text(build_docx(after, tmp_path / "after.docx"))
    assert len(after.quotes) == len(before.quotes) - 1


def test_one_site_scope_keeps_that_site_only(demo_app, tmp_path):
    with demo_app.app_context():
        snapshot = build_snapshot(get_project_by_slug("miict"), site_code="IT", made_on=MADE_ON)
    assert [site.code for site in snapshot.sites] == ["IT"]
    assert {w.site_code for w in snapshot.workshops} == {"IT"}
    assert {s.site_code for s in snapshot.surveys} == {"IT"}
    written = all_text(build_docx(snapshot, tmp_path / "it.docx"))
    assert "Pilot site: Rome (Italy)" in written and "Madrid" not in written


def test_a_date_range_keeps_what_happened_in_it(demo_app):
    with demo_app.app_context():
        snapshot = build_snapshot(get_project_by_slug("miict"), date_from=date(2019, 9, 1),
                                  date_to=date(2019, 12, 31), made_on=MADE_ON)
    assert snapshot.workshops and all(date(2019, 9, 1) <= w.date <= date(2019, 12, 31) for w in snapshot.workshops)
    assert {w.phase for w in snapshot.workshops} == {"Co-design round 1"}


def test_an_unknown_site_is_refused(demo_app):
    with demo_app.app_context(), pytest.raises(ScopeError):
        build_snapshot(get_project_by_slug("miict"), site_code="XX")


def test_labels_come_in_the_language_of_the_build(demo_snapshots):
    assert "مجموعة نقاش مركّزة" in {method.name for method in demo_snapshots["ar"].methods}
    assert "Focus group" in {method.name for method in demo_snapshots["en"].methods}


def test_a_project_with_no_sessions_gives_a_short_handbook_that_says_what_is_missing(app, make_project, tmp_path):
    from handbook import text

    make_project("empty", name="A project just begun")
    with app.app_context():
        snapshot = build_snapshot(get_project_by_slug("empty"), made_on=MADE_ON)
    w = text.words(text.translations("en"))
    written = all_text(build_docx(snapshot, tmp_path / "empty.docx"))
    for line in (w.no_methods, w.no_sessions, w.no_participants, w.no_codes, w.no_surveys, w.no_requirements,
                 w.no_instruments):
        assert line in written
    assert "Not recorded yet: Workshops held, Themes and findings, Survey findings, and Requirements catalogue." \
        in written
