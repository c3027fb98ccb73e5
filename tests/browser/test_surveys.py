"""Surveys in a real browser: a participant answers on a phone in Arabic (skip logic, offline midway, nothing lost),
the same by keyboard alone, and every participant, builder and results page passes axe-core in English and Arabic."""
import pytest
import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.surveys.models import Response, Survey

from .conftest import DESKTOP, PHONE, check_accessibility

CODE = "MDR3"  # the demo's needs questionnaire at the Madrid site


def responses(live_app, language):
    with live_app.app_context():
        survey = db.session.scalar(sa.select(Survey).where(Survey.code == CODE))
        return db.session.scalars(sa.select(Response).where(Response.survey_id == survey.id,
                                                            Response.language == language,
                                                            Response.channel == "web")).all()


def press_next(page):
    with page.expect_navigation():
        page.click("button.button--primary")


def test_participant_answers_in_arabic_on_a_phone_going_offline_midway(page_for, live_app):
    page = page_for("ar", PHONE)
    page.goto(f"/s/{CODE}")
    check_accessibility(page, "survey-languages-ar")
    with page.expect_navigation():
        page.click("a[hreflang=ar]")
    assert page.get_attribute("html", "dir") == "rtl" and page.get_attribute("html", "lang") == "ar"
    check_accessibility(page, "survey-intro-ar")
    press_next(page)

    # Work: answering "yes" brings up the hours question on the same screen, at once
    page.fill("input[name=q-months_here]", "14")
    assert page.locator("input[name=q-hours]").is_hidden()
    page.check("input[name=q-working][value=yes]")
    page.fill("input[name=q-hours]", "30")
    check_accessibility(page, "survey-work-ar")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    press_next(page)

    # Public services: a required question left empty gives an error next to it, in Arabic
    page.check("input[name=q-used][value=employment]")
    assert page.locator("input[name=q-employment_easy]:visible").count() == 5  # the follow-up appears
    press_next(page)  # "trust" is required and still empty
    error = page.locator("#question-trust-error")
    assert error.is_visible() and error.inner_text() != "Please answer this question."
    check_accessibility(page, "survey-error-ar")
    assert page.is_checked("input[name=q-used][value=employment]")  # the answers were kept

    # The connection drops while answering: pressing Next keeps the participant on the page, answers safe
    page.context.set_offline(True)
    page.check("input[name=q-employment_easy][value='2']")
    page.check("input[name=q-trust][value='4']")
    page.fill("input[name=q-distance_km]", "3,5")
    page.click("button.button--primary")
    note = page.locator("[data-offline-note]")
    note.wait_for(state="visible")
    assert "survey-form" in page.get_attribute("form", "class")
    # even a reload from the device's draft would not lose them; back online, Next goes on
    page.context.set_offline(False)
    page.wait_for_function("navigator.onLine")
    assert page.is_checked("input[name=q-trust][value='4']")
    press_next(page)

    # Phone: yes brings up the rating
    page.check("input[name=q-smartphone][value=yes]")
    page.check("input[name=q-phone_forms][value='4']")
    press_next(page)

    # Last visit (shown because services were used), then send
    page.fill("textarea[name=q-wish]", "أريد موعدًا عبر الهاتف من فضلك")
    with page.expect_navigation():
        page.click("button[value=submit]")
    assert page.url.endswith(f"/s/{CODE}/ar/thanks")
    check_accessibility(page, "survey-thanks-ar")
    assert page.evaluate(f"localStorage.getItem('cocreate-survey-draft:{CODE}')") is None

    saved = [r for r in responses(live_app, "ar") if r.answers.get("wish") == "أريد موعدًا عبر الهاتف من فضلك"]
    assert len(saved) == 1
    assert saved[0].answers == {
        "months_here": 14, "working": "yes", "hours": 30, "used": ["employment"], "employment_easy": 2,
        "trust": 4, "distance_km": 3.5, "smartphone": "yes", "phone_forms": 4, "wish": "أريد موعدًا عبر الهاتف من فضلك"}


def test_the_draft_on_the_device_brings_answers_back_after_a_reload(page_for):
    page = page_for("en", PHONE)
    page.goto(f"/s/{CODE}/fr")
    press_next(page)
    page.fill("input[name=q-months_here]", "7")
    page.check("input[name=q-working][value=no]")
    page.reload()  # e.g. the browser was closed; the form comes back empty from the server...
    assert page.input_value("input[name=q-months_here]") == "7"  # ...and the draft fills it in
    assert page.is_checked("input[name=q-working][value=no]")


def test_a_phone_passed_on_asks_before_bringing_back_earlier_answers(page_for):
    """The first screen never brings back a draft's client_uuid unasked; starting afresh keeps the new one."""
    page = page_for("en", PHONE)
    page.goto(f"/s/{CODE}/en")
    own_uuid = page.input_value("input[name=client_uuid]")
    earlier = "0b7e4c1e-5f0e-4c57-9a3e-6f1d2a0000aa"
    page.evaluate("""([key, uuid]) => localStorage.setItem(key, JSON.stringify({saved: Date.now(),
        fields: [["client_uuid", uuid], ["participant", "ES-M-001"], ["q-months_here", "9"]]}))""",
                  [f"cocreate-survey-draft:{CODE}", earlier])
    page.reload()
    prompt = page.locator("[data-draft-prompt]")
    prompt.wait_for(state="visible")
    fresh_uuid = page.input_value("input[name=client_uuid]")
    assert fresh_uuid != earlier  # not brought back while the question is open
    page.click("[data-draft-afresh]")
    assert prompt.is_hidden()
    assert page.input_value("input[name=client_uuid]") == fresh_uuid
    stored = page.evaluate(f"localStorage.getItem('cocreate-survey-draft:{CODE}')")
    assert earlier not in stored and "ES-M-001" not in stored

    # asked again, continuing brings the earlier answers back
    page.evaluate("""([key, uuid]) => localStorage.setItem(key, JSON.stringify({saved: Date.now(),
        fields: [["client_uuid", uuid]]}))""", [f"cocreate-survey-draft:{CODE}", earlier])
    page.reload()
    prompt.wait_for(state="visible")
    page.click("[data-draft-continue]")
    assert page.input_value("input[name=client_uuid]") == earlier
    assert own_uuid  # the server always gives a client_uuid of its own


def tab_to(page, selector, limit=60):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with the Tab key on {page.url}")


def test_participant_answers_by_keyboard_alone(page_for, live_app):
    page = page_for("en", PHONE)
    page.goto(f"/s/{CODE}")
    tab_to(page, "a[hreflang=en]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, "button.button--primary")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, "input[name=q-months_here]")
    page.keyboard.type("40")
    tab_to(page, "input[name=q-working]")
    page.keyboard.press("Space")       # yes
    page.keyboard.press("ArrowDown")   # no
    assert page.is_checked("input[name=q-working][value=no]")
    while "/thanks" not in page.url:
        for name in ("q-trust", "q-smartphone", "q-looking"):
            radios = f"input[type=radio][name={name}]"
            if page.locator(radios).count() and not page.locator(f"{radios}:checked").count():
                page.focus("body")
                tab_to(page, radios)
                page.keyboard.press("Space")
        tab_to(page, "button.button--primary")
        with page.expect_navigation():
            page.keyboard.press("Enter")
    check_accessibility(page, "survey-thanks-en")
    saved = [r for r in responses(live_app, "en") if r.answers.get("months_here") == 40]
    assert len(saved) == 1 and saved[0].answers["working"] == "no" and saved[0].answers["looking"] == "yes"


@pytest.mark.parametrize("language", ("en", "ar"))
def test_staff_survey_pages_are_accessible(page_for, sign_in, live_app, language):
    with live_app.app_context():
        survey = db.session.scalar(sa.select(Survey).where(Survey.code == CODE))
        survey_id, question_id = survey.id, survey.sections[0].questions[1].id
    page = page_for(language, DESKTOP)
    sign_in(page, "facilitator.es1@miict.example")
    for path, name in [("/surveys/", "surveys"), (f"/surveys/{survey_id}", "survey-builder"),
                       (f"/surveys/{survey_id}/questions/{question_id}", "survey-question"),
                       (f"/surveys/{survey_id}/translate/ar", "survey-translate"),
                       ("/surveys/import", "survey-import"), (f"/surveys/{survey_id}/handout", "survey-handout")]:
        page.goto(f"{path}?lang={language}")
        check_accessibility(page, f"{name}-{language}")


@pytest.mark.parametrize("language", ("en", "ar"))
def test_results_draw_bokeh_charts_served_by_the_app_under_the_csp(page_for, sign_in, live_app, language):
    with live_app.app_context():
        survey_id = db.session.scalar(sa.select(Survey.id).where(Survey.code == CODE))
    page = page_for(language, DESKTOP)
    sign_in(page, "researcher1@miict.example")
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"/surveys/{survey_id}/results?lang={language}")
    page.wait_for_function("document.querySelector('#chart-working').children.length > 0")
    assert page.evaluate("!!window.Bokeh")
    assert all(url.startswith(page.url.split("/surveys/")[0]) for url in requests), "something loaded from elsewhere"
    check_accessibility(page, f"survey-results-{language}")
    page.goto(f"/surveys/{survey_id}/results?lang={language}&language=ar")
    page.wait_for_function("document.querySelector('#chart-working') !== null")
    check_accessibility(page, f"survey-results-filtered-{language}")


@pytest.mark.parametrize("language", ("en", "ar"))
def test_participant_pages_are_accessible(page_for, language):
    page = page_for(language, PHONE)
    page.goto(f"/s/?lang={language}")
    check_accessibility(page, f"survey-code-{language}")
    page.goto(f"/s/{CODE}?lang={language}")
    check_accessibility(page, f"survey-languages-{language}")
    page.goto(f"/s/{CODE}/{language}")
    check_accessibility(page, f"survey-intro-{language}")
    page.goto("/s/?code=ZZZZ")
    check_accessibility(page, f"survey-code-error-{language}")
    page.goto(f"/s/{CODE}/{language}")
    press_next(page)
    page.check("input[name=q-working][value=yes]")
    press_next(page)
    check_accessibility(page, f"survey-followup-{language}")
    page.goto(f"/s/MDR7/{language}")  # the 2021 evaluation: closed, linked to participant codes
    check_accessibility(page, f"survey-closed-{language}")
