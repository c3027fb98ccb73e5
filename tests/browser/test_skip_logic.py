"""Skip logic on the same page, on a phone, in English and Arabic, with and without JavaScript.

With JavaScript a question that an answer brings up appears at once and goes away (its answer cleared) when the
answer changes back, and each change is said in the page's live region. Without JavaScript the brought-up questions
come on a follow-up step of the same page, never as an error. Either way the page number never goes back and the
total never grows, every screen passes axe-core with no serious or critical finding, nothing scrolls sideways,
and what is stored follows the final answers.
"""
import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from cocreate.extensions import db
from cocreate.surveys.models import Response, Survey

from .conftest import PHONE, check_accessibility

CODE = "MDR3"  # the demo's needs questionnaire at the Madrid site
LOOKING = {"en": "Are you looking for work?", "ar": "هل تبحث عن عمل؟"}
HOURS = {"en": "About how many hours a week do you work?", "ar": "كم ساعة تعمل في الأسبوع تقريبًا؟"}
NEW_QUESTION = {"en": "New question below: ", "ar": "سؤال جديد أدناه: "}
REMOVED = {"en": "Removed, as it no longer applies: ", "ar": "حُذف هذا السؤال لأنه لم يعد ينطبق: "}


@pytest.fixture
def phone_page(browser, live_server):
    """phone_page(language, javascript) -> a page on a phone-sized screen; console errors fail the test."""
    contexts, errors = [], []

    def open_page(language, javascript):
        context = browser.new_context(viewport=PHONE, locale=language, base_url=live_server,
                                      java_script_enabled=javascript)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))
        page.on("pageerror", lambda error: errors.append(str(error)))
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert errors == [], "errors in the browser console"


class Walk:
    """One participant's way through the survey: every screen checked, its progress written down."""

    def __init__(self, page, language, javascript):
        self.page, self.language, self.javascript = page, language, javascript
        self.progress = []  # (page number, total, follow-up step?) of each screen in turn

    def check(self, name):
        page = self.page
        assert page.get_attribute("html", "dir") == ("rtl" if self.language == "ar" else "ltr")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "sideways scroll"
        check_accessibility(page, f"skip-logic-{name}-{self.language}-{'js' if self.javascript else 'nojs'}",
                            javascript=self.javascript)

    def next(self, name, button="button.button--primary"):
        with self.page.expect_navigation():
            self.page.click(button)
        bar = self.page.locator("progress")
        if bar.count():
            self.progress.append((int(bar.get_attribute("value")), int(bar.get_attribute("max")),
                                  self.page.locator(".follow-up").count() == 1))
            assert self.page.locator(".field__error, [role=alert]").count() == 0, "an error for an unseen question"
        self.check(name)

    def visible(self, name):
        return self.page.locator(f"[name={name}]:visible").count() > 0

    def brought_up(self, name, screen):
        """The question `name`, brought up by the answer just given: at once, or on a follow-up step."""
        if self.javascript:
            assert self.visible(name)
            self.check(f"{screen}-revealed")
        else:
            assert not self.visible(name)
            self.next(f"{screen}-follow-up")
            assert self.progress[-1][2] and self.visible(name)
            assert self.page.locator("[data-question]:visible").count() == 1  # just the new question

    def announced(self, *parts):
        """The live region says each of `parts` (it is filled a moment after the change)."""
        for part in parts:
            expect(self.page.locator("[data-skip-announce]")).to_contain_text(part)


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_brought_up_questions_on_a_phone(phone_page, live_app, language, javascript):
    walk = Walk(phone_page(language, javascript), language, javascript)
    page = walk.page
    page.goto(f"/s/{CODE}/{language}")
    walk.check("intro")
    walk.next("work")
    page.fill("input[name=q-months_here]", "14")
    assert not walk.visible("q-hours") and not walk.visible("q-looking")

    if javascript:
        # "yes" brings up the hours, "no" takes them away again, answer and all, and brings up "looking"
        page.check("input[name=q-working][value=yes]")
        assert walk.visible("q-hours") and not walk.visible("q-looking")
        walk.announced(NEW_QUESTION[language] + HOURS[language])
        page.fill("input[name=q-hours]", "30")
        page.check("input[name=q-working][value=no]")
        assert not walk.visible("q-hours") and walk.visible("q-looking")
        walk.announced(REMOVED[language] + HOURS[language], NEW_QUESTION[language] + LOOKING[language])
        assert page.input_value("input[name=q-hours]") == "" and page.is_disabled("input[name=q-hours]")
        assert page.input_value("input[name=shown]").split() == ["months_here", "working", "looking",
                                                                  "recognition"]
    else:
        page.check("input[name=q-working][value=no]")
    walk.brought_up("q-looking", "work")
    page.check("input[name=q-looking][value=yes]")
    walk.next("services")

    page.check("input[name=q-used][value=employment]")
    page.check("input[name=q-trust][value='4']")
    walk.brought_up("q-employment_easy", "services")
    page.check("input[name=q-employment_easy][value='2']")
    walk.next("phone")

    page.check("input[name=q-smartphone][value=yes]")
    walk.brought_up("q-phone_forms", "phone")
    page.check("input[name=q-phone_forms][value='3']")
    walk.next("last-visit")
    wish = f"skip logic, {language}, {'js' if javascript else 'no js'}"
    page.fill("textarea[name=q-wish]", wish)
    walk.next("thanks", "button[value=submit]")
    assert page.url.endswith(f"/s/{CODE}/{language}/thanks")

    # the page number never goes back, the total never grows, a follow-up step is part of its page
    numbers = [step for step, _total, _follow_up in walk.progress]
    totals = [total for _step, total, _follow_up in walk.progress]
    assert numbers == sorted(numbers) and totals == sorted(totals, reverse=True), walk.progress
    for (step, total, follow_up), (before, before_total, _) in zip(walk.progress[1:], walk.progress):
        assert (step, total) == (before, before_total) if follow_up else step == before + 1, walk.progress
    assert numbers[-1] == totals[-1] == 4
    assert sum(follow_up for _s, _t, follow_up in walk.progress) == (0 if javascript else 3)

    with live_app.app_context():
        survey_id = db.session.scalar(sa.select(Survey.id).where(Survey.code == CODE))
        saved = [r.answers for r in db.session.scalars(sa.select(Response).where(Response.survey_id == survey_id))
                 if r.answers.get("wish") == wish]
    assert saved == [{"months_here": 14, "working": "no", "looking": "yes", "used": ["employment"], "trust": 4,
                      "employment_easy": 2, "smartphone": "yes", "phone_forms": 3, "wish": wish}]
