"""Workshops in a real browser: the note draft kept on the device, the form without JavaScript, and axe on the
main workshop pages in English and Arabic."""
import pytest

from .conftest import DESKTOP, PHONE, check_accessibility

FACILITATOR = "facilitator.es1@miict.example"
DRAFT = "Participants asked for the agency's opening hours in Arabic; nobody had them."


def workshop_id(page, title="Focus group: looking for work in Madrid"):
    page.goto("/workshops/")
    href = page.locator("a", has_text=title).first.get_attribute("href")
    return int(href.rstrip("/").rsplit("/", 1)[1])


def draft_keys(page):
    return page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('cocreate-draft:'))")


def test_note_draft_survives_a_reload_and_a_dropped_connection(page_for, sign_in):
    page = page_for("en", PHONE)
    sign_in(page, FACILITATOR)
    note_url = f"/workshops/{workshop_id(page)}/notes/new"
    page.goto(note_url)
    page.locator("textarea[name=body]").type(DRAFT[:30])
    page.locator(".draft-status", has_text="Draft kept on this device.").wait_for()
    page.reload()
    assert page.input_value("textarea[name=body]") == DRAFT[:30]
    assert "A draft kept on this device was restored" in page.inner_text(".draft-status")

    page.locator("textarea[name=body]").type(DRAFT[30:])
    page.context.set_offline(True)  # the wifi drops just as the note is sent
    with pytest.raises(Exception):
        page.click("input[type=submit]")
        page.wait_for_url("**saved=1", timeout=3000)
    page.context.set_offline(False)
    page.goto(note_url)
    assert page.input_value("textarea[name=body]") == DRAFT  # nothing lost

    page.click("input[type=submit]")
    page.wait_for_url("**saved=1")
    assert "Note saved." in page.inner_text(".flashes")
    assert page.input_value("textarea[name=body]") == ""
    assert draft_keys(page) == []  # cleared once the server confirmed the save
    assert DRAFT in page.inner_text("main")  # among the latest notes
    assert "saved=1" not in page.url  # so that reloading later does not clear the next draft
    page.locator("textarea[name=body]").type("Next note")
    page.locator(".draft-status", has_text="Draft kept on this device.").wait_for()
    page.reload()
    assert page.input_value("textarea[name=body]") == "Next note"


def test_editing_a_note_keeps_its_draft_until_saved(page_for, sign_in):
    page = page_for("en", DESKTOP)
    sign_in(page, FACILITATOR)
    page.goto(f"/workshops/{workshop_id(page)}")
    page.locator("#notes ~ article a", has_text="Edit").first.click()
    page.fill("textarea[name=body]", "")
    page.locator("textarea[name=body]").type("Corrected: most found work through friends.")
    page.locator(".draft-status", has_text="Draft kept on this device.").wait_for()
    assert any(key.startswith("cocreate-draft:note-") for key in draft_keys(page))
    page.click("input[type=submit]")
    page.wait_for_url("**saved_note=*")
    assert "Corrected: most found work through friends." in page.inner_text("main")
    assert draft_keys(page) == []


def test_the_note_form_works_without_javascript(browser, live_server, sign_in):
    context = browser.new_context(java_script_enabled=False, base_url=live_server, viewport=PHONE)
    try:
        page = context.new_page()
        sign_in(page, FACILITATOR)
        page.goto(f"/workshops/{workshop_id(page)}/notes/new")
        page.fill("textarea[name=body]", "Written without JavaScript.")
        page.click("input[type=submit]")
        page.wait_for_load_state()
        assert "Note saved." in page.content() and "Written without JavaScript." in page.content()
    finally:
        context.close()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_main_workshop_pages_are_accessible(page_for, sign_in, language):
    page = page_for(language, DESKTOP)
    sign_in(page, "admin@miict.example")
    wid = workshop_id(page, "Context mapping and storyboarding a job search")
    page.goto(f"/workshops/{wid}")
    storyboard = page.locator("a[href*='/workshops/storyboards/']").first.get_attribute("href")
    participant = "/workshops/sites/1/participants"
    pages = [("/workshops/", "index"), (f"/workshops/{wid}", "detail"), (f"/workshops/{wid}/notes/new", "note"),
             (f"/workshops/{wid}/quotes/new", "quote"), (f"/workshops/{wid}/artifacts/new", "artifact"),
             (f"/workshops/{wid}/attendance", "attendance"), (storyboard, "storyboard"),
             (participant, "participants"), ("/workshops/participants/1", "participant"),
             ("/workshops/sites/1/statistics", "statistics"), ("/workshops/methods", "methods"),
             ("/workshops/projects/miict/codebook", "codebook"), ("/workshops/codes/2", "code"),
             ("/workshops/projects/miict/codebook/analysis", "analysis"),
             ("/workshops/projects/miict/search?q=work", "search")]
    for path, name in pages:
        page.goto(f"{path}{'&' if '?' in path else '?'}lang={language}")
        assert page.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr")
        check_accessibility(page, f"workshops-{name}-{language}")
    page.goto(f"/workshops/projects/miict/codebook/analysis?lang={language}")
    page.locator("#code-frequency-chart canvas").first.wait_for()  # BokehJS drew the chart, served locally
