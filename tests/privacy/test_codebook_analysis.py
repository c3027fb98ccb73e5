"""The codebook analysis page counts what people said with the one disclosure rule (`privacy.table`): a count
below 5 reads "<5", and no hidden count can be worked back from a row's total, from the other table of the same
codes (by site, by stakeholder group) or from the chart."""
from datetime import date

from cocreate.evidence import services as evidence
from cocreate.evidence.registry import Ref
from cocreate.extensions import db
from cocreate.projects.services import get_project_by_slug, get_site
from cocreate.workshops import services
from cocreate.workshops.models import Workshop

from ..html_tables import table_with_caption
from ..workshops.conftest import uploads, world  # noqa: F401  (fixtures)

ANALYSIS = "/evidence/projects/demo/codebook/analysis"
HIDDEN = "<5"


def _code(world, name, *, es_notes=0, cy_notes=0, quotes=0):  # noqa: F811
    """A code applied to notes at ES and at CY and to quotes of the consenting migrant at ES; its id."""
    workshop = db.session.get(Workshop, world["workshop"])
    project = workshop.site.project
    elsewhere = services.save_workshop(None, site=get_site(project, "CY"), title=f"Talk {name}",
                                       phase="requirements", date=date(2019, 5, 2), actor=None)
    code = evidence.save_code(project, None, name=name, actor=None)
    for where, n in ((workshop, es_notes), (elsewhere, cy_notes)):
        for index in range(n):
            note = services.add_note(where, body=f"{name} note {index}", actor=None)
            evidence.apply_code(code, Ref("note", note.id), actor=None)
    for index in range(quotes):
        quote = services.add_quote(workshop, speaker_code=world["consenting"], text=f"{name} quote {index}",
                                   language="es", actor=None)
        evidence.apply_code(code, Ref("quote", quote.id), actor=None)
    return code


def _rows(html, caption, name):
    row = table_with_caption(html, caption).row_where("Codebook code", name)
    return {header: text for header, text in row.items() if header != "Codebook code"}


def _analysis(app, client, auth, world, name, **evidence_counts):  # noqa: F811
    """The analysis page after coding evidence with a code `name` (`_code`), and that code's two rows."""
    with app.app_context():
        _code(world, name, **evidence_counts)
        db.session.commit()
    auth.login_as("researcher")
    html = client.get(ANALYSIS).get_data(as_text=True)
    return html, _rows(html, "By pilot site", name), _rows(html, "By stakeholder group", name)


def _cannot_be_worked_back(cells, total):
    """No hidden cell of `cells` (texts) follows from `total` (an int: the row's total, as shown or known):
    there are none, or two or more that could each hold 5 or more."""
    hidden = [text for text in cells if text == HIDDEN]
    for text in cells:
        assert text == HIDDEN or text == "0" or int(text) >= 5, cells
    if not hidden:
        return True
    rest = total - sum(int(text) for text in cells if text != HIDDEN)
    return len(hidden) >= 2 and rest - (len(hidden) - 1) >= 5


def test_a_site_of_one_excerpt_is_not_shown_nor_left_to_the_total(app, client, auth, world):  # noqa: F811
    # Six notes at ES and one at CY: "ES 6, CY 1, total 7" named the one; "ES 6, CY <5, total 7" gave it back.
    html, by_site, _by_group = _analysis(app, client, auth, world, "Waiting", es_notes=6, cy_notes=1)
    assert by_site["CY"] == HIDDEN and by_site["Total"] == "7"
    assert _cannot_be_worked_back([by_site["ES"], by_site["CY"]], 7)
    assert 'data-bokeh-chart="code-frequency-chart"' not in html   # no bar of hidden counts is drawn


def test_the_table_by_group_does_not_give_back_what_the_table_by_site_hides(app, client, auth, world):  # noqa: F811
    # Three notes at ES and two at CY: the sites cannot be shown, nor their total (3 + 2 could be told apart);
    # the table by group would have said "not attributed: 5", the total again.
    _html, by_site, by_group = _analysis(app, client, auth, world, "Paperwork", es_notes=3, cy_notes=2)
    assert set(by_site.values()) == {HIDDEN} and set(by_group.values()) == {HIDDEN}


def test_one_persons_words_in_the_table_by_group_are_hidden_with_enough_beside_them(
        app, client, auth, world):  # noqa: F811
    # One quote of a migrant beside six notes: "migrant 1" named what one person said.
    _html, by_site, by_group = _analysis(app, client, auth, world, "Housing", es_notes=6, quotes=1)
    assert by_site["Total"] == "7" and by_group["Migrant or refugee"] == HIDDEN
    assert _cannot_be_worked_back(list(by_group.values()), int(by_site["Total"]))


def test_codes_applied_together_fewer_than_five_times_read_hidden(app, client, auth, world):  # noqa: F811
    with app.app_context():
        workshop = db.session.get(Workshop, world["workshop"])
        project = get_project_by_slug("demo")
        first = evidence.save_code(project, None, name="Language", actor=None)
        second = evidence.save_code(project, None, name="Work", actor=None)
        note = services.add_note(workshop, body="No course near the job", actor=None)
        for code in (first, second):
            evidence.apply_code(code, Ref("note", note.id), actor=None)
        db.session.commit()
    auth.login_as("researcher")
    html = client.get(ANALYSIS).get_data(as_text=True)
    matrix = table_with_caption(html, "Co-occurrence")
    assert matrix.row_where("", "Language")["Work"] == HIDDEN


def test_a_countrys_brief_does_not_give_back_what_the_analysis_hides(app, client, auth, world):  # noqa: F811
    # The brief's page counts a theme's excerpts at one country's sites: "CY 1" named the one, and "ES 6" beside
    # the analysis's total of 7 gave it back.
    with app.app_context():
        get_site(get_project_by_slug("demo"), "CY").country = "CY"
        db.session.commit()
    _html, by_site, _by_group = _analysis(app, client, auth, world, "Waiting", es_notes=6, cy_notes=1)
    assert by_site == {"ES": HIDDEN, "CY": HIDDEN, "Total": "7"}
    for country in ("ES", "CY"):
        html = client.get(f"/requirements/projects/demo/brief/{country}?lang=en").get_data(as_text=True)
        barriers = table_with_caption(html, "Themes coded at this country's sites, with the evidence behind each")
        assert barriers.row_where("Theme", "Waiting")["Excerpts"] == HIDDEN, country
