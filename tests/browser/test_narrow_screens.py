"""Staff pages with tables on a phone (390 × 844), in English and Arabic: the page never scrolls sideways (a table
either turns into one card per row or, for a grid of numbers, scrolls inside its own region) and axe finds nothing
serious or critical."""
import pytest
import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.participants.models import Participant
from cocreate.projects.models import PilotSite
from cocreate.surveys.models import Survey
from cocreate.workshops.models import Workshop

from .conftest import PHONE, check_accessibility

ADMIN = "admin@miict.example"
PAGES = ("workshop", "workshops", "participants", "participant", "statistics", "surveys", "results", "answers",
         "translation", "codebook", "analysis", "accounts", "project", "changes", "responses", "audit")


@pytest.fixture(scope="module")
def addresses(live_app):
    """Where each page with a table is, in the demo."""
    with live_app.app_context():
        site = db.session.scalar(sa.select(PilotSite).where(PilotSite.code == "ES"))
        workshop = db.session.scalar(sa.select(Workshop).where(Workshop.title == "Focus group: looking for work in Madrid"))
        participant = db.session.scalar(sa.select(Participant).where(Participant.site_id == site.id)
                                        .order_by(Participant.id))
        survey = db.session.scalar(sa.select(Survey).where(Survey.code == "MDR3"))
        assert workshop.activities, "the demo workshop has an agenda"
        return {"workshop": f"/workshops/{workshop.id}", "workshops": "/workshops/",
                "participants": f"/participants/sites/{site.id}", "participant": f"/participants/{participant.id}",
                "statistics": f"/participants/sites/{site.id}/statistics", "surveys": "/surveys/",
                "results": f"/surveys/{survey.id}/results", "answers": None,
                "translation": f"/surveys/{survey.id}/translate/fr", "codebook": "/evidence/projects/miict/codebook",
                "analysis": "/evidence/projects/miict/codebook/analysis", "accounts": "/users",
                "project": "/projects/miict", "changes": "/changes/miict",
                "responses": f"/surveys/{survey.id}/responses", "audit": "/audit/"}


def free_text_answers(page, results):
    """The answers to the first free-text question, reached as a facilitator would: from the results."""
    page.goto(results)
    return page.locator("a[href*='/answers/']").first.get_attribute("href")


def sideways_overflow(page):
    """How many pixels the page is wider than the screen, and the widest elements that make it so."""
    return page.evaluate("""() => {
        const width = window.innerWidth;
        const culprits = [...document.querySelectorAll('main *')]
            .filter(el => el.getBoundingClientRect().right > width + 1 || el.getBoundingClientRect().left < -1)
            .filter(el => !el.closest('.table-wrap'))
            .slice(0, 5).map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''));
        return [document.documentElement.scrollWidth - width, culprits];
    }""")


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("language", ("en", "ar"))
def test_a_page_with_tables_does_not_scroll_sideways_on_a_phone(page_for, sign_in, addresses, language, name):
    page = page_for(language, PHONE)
    sign_in(page, ADMIN)
    path = addresses[name] or free_text_answers(page, addresses["results"])
    page.goto(f"{path}?lang={language}")
    if name != "answers":  # the answers to a free-text question are cards already
        assert page.locator("main table").count(), "the page shows a table"
    assert page.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr")
    overflow, culprits = sideways_overflow(page)
    assert overflow <= 0, f"{path} is {overflow} px wider than the screen: {culprits}"
    check_accessibility(page, f"narrow-{name}-{language}")


@pytest.mark.parametrize("language", ("en", "ar"))
def test_agenda_rows_become_cards_that_name_each_value(page_for, sign_in, addresses, language):
    page = page_for(language, PHONE)
    sign_in(page, ADMIN)
    page.goto(f"{addresses['workshop']}?lang={language}")
    agenda = page.locator("main table.reflow").first  # the agenda, the workshop page's one table
    cell = agenda.locator("tbody td").nth(1)
    label = page.evaluate("el => getComputedStyle(el, '::before').content", cell.element_handle())
    assert label.strip('"') == cell.get_attribute("data-label") != ""
    assert cell.evaluate("el => getComputedStyle(el).display") == "block"
    header = agenda.locator("thead")
    assert header.bounding_box() is None or header.bounding_box()["width"] <= 1  # hidden from sight, not from readers
    assert page.get_by_role("columnheader").count() >= 5
