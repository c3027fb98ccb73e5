"""The browser mirrors the server's evaluator from the same parsed form: on one page, questions whose
conditions use every kind of node logic.py gives (comparisons of any two sides, arithmetic, not(), selected(),
count-selected(), string-length(), regex(), if(), coalesce(), concat(), today(), int(), number(), round(),
and/or, a calculation) appear and disappear as answers change; a calculation named in a label is shown as it
changes; a constraint's message shows as the answer is typed; a regex() pattern JavaScript cannot run as RE2
does is left to the server, which brings its question up after Next."""
import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from cocreate.extensions import db
from cocreate.projects.models import Project
from cocreate.surveys import logic, services

from ..surveys.conftest import question
from .conftest import PHONE

# key: (condition, the node it exercises) — each a short-text question, labelled by its key
CONDITIONAL = {
    "adult": "${age} - 18 >= 0",                          # compare of an arithmetic node (-) with a literal
    "even": "${age} mod 2 = 0",                           # mod
    "senior": "-${age} < -60",                            # neg
    "no_work": "not(selected(${needs}, 'work'))",         # not, any_of
    "several": "count-selected(${needs}) >= 2",           # count
    "long_name": "string-length(${name}) > 3",            # length
    "named": "${name}",                                   # answered
    "unnamed": "${name} = ''",                            # not_answered
    "in_rome": "${city} = 'rome'",                        # eq
    "not_rome": "${city} != 'rome'",                      # ne
    "health": "selected(${needs}, concat('hea', 'lth'))",  # call selected(), concat()
    "code_ok": "regex(${code}, '^[A-Z]+-[0-9]+$')",       # regex() JavaScript runs
    "letters": "regex(${code}, '\\pL{3}')",               # regex() left to the server (\pL)
    "older": "if(${age} > 50, 'old', 'young') = 'old'",  # if()
    "nobody": "coalesce(${name}, 'nobody') = 'nobody'",   # coalesce()
    "future": "${visit} > today()",                       # today(), dates compared
    "forties": "int(${age} div 10) = 4",                  # int(), div
    "big_amount": "number(${amount}) > 100",              # number()
    "third": "round(${age} div 3, 1) = 13.3",             # round()
    "big": "${double} > 100",                             # a calculation on the page (* and +)
    "madrid_adult": "${age} >= 18 and ${city} = 'madrid'",  # and, ge
    "rome_or_old": "${city} = 'rome' or ${age} > 70",     # or, gt
    "young": "${age} < 12 or ${age} <= 5",                # lt, le
}


def definition():
    answered = [
        question("age", "integer", {"en": "Age"}),
        question("needs", "multiple_choice", {"en": "Needs"},
                 choices=[("work", {"en": "Work"}), ("health", {"en": "Health"}), ("school", {"en": "School"})]),
        question("city", "single_choice", {"en": "City"},
                 choices=[("madrid", {"en": "Madrid"}), ("rome", {"en": "Rome"})]),
        question("name", "short_text", {"en": "Name"},
                 settings={"constraint": logic.parse("string-length(.) <= 10", here=True),
                           "constraint_message": {"en": "Ten letters at most."}}),
        question("code", "short_text", {"en": "Code"}),
        question("amount", "short_text", {"en": "Amount"}),
        question("visit", "date", {"en": "Visit"}),
        question("double", "calculate", {"en": "double"},
                 settings={"calculation": logic.parse("${age} * 2 + 1", value=True)}),
        question("shown_double", "note", {"en": "Twice your age plus one: ${double}."}),
    ]
    conditional = [question(key, "short_text", {"en": f"Question {key}"}, condition=condition)
                   for key, condition in CONDITIONAL.items()]
    return {"source_language": "en", "languages": ["en"], "mode": "anonymous", "title": {"en": "Live logic"},
            "description": {}, "sections": [
                {"key": "page", "title": {"en": "One page"}, "condition": None, "questions": answered + conditional},
                {"key": "last", "title": {"en": "Last"}, "condition": None,
                 "questions": [question("end", "short_text", {"en": "Anything else?"})]}]}


@pytest.fixture(scope="module")
def live_survey(live_app):
    with live_app.app_context():
        project = db.session.scalars(sa.select(Project).order_by(Project.id)).first()
        survey = services.create_from_definition(project, definition(), actor=None)
        services.set_open(survey, True, actor=None)
        db.session.commit()
        return survey.code


@pytest.fixture
def page(browser, live_server, live_survey):
    context = browser.new_context(viewport=PHONE, locale="en", base_url=live_server)
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"/s/{live_survey}/en")
    with page.expect_navigation():
        page.click("button.button--primary")
    yield page
    context.close()
    assert errors == []


def expect_shown(page, shown):
    """Each conditional question visible exactly when it is in `shown`."""
    for key in CONDITIONAL:
        block = page.locator(f"[data-question={key}]")
        if key in shown:
            expect(block).to_be_visible()
        else:
            expect(block).to_be_hidden()


def answer(page, needs=(), city=None, **typed):
    """Type each of `typed` ({key: text}) into its field, tick exactly `needs`, choose `city`."""
    for key, text in typed.items():
        page.fill(f"#question-{key}-input", text)
    for value in ("work", "health", "school"):
        page.set_checked(f"input[name=q-needs][value={value}]", value in needs)
    if city:
        page.check(f"input[name=q-city][value={city}]")


def test_questions_follow_every_kind_of_node_as_answers_change(page):
    expect_shown(page, {"no_work", "unnamed", "nobody"})
    answer(page, needs=("work", "health"), city="rome", age="40", name="Amina", code="ABC-123", amount="150",
           visit="2099-01-01")
    expect_shown(page, {"adult", "even", "several", "long_name", "named", "in_rome", "health", "code_ok",
                        "future", "forties", "big_amount", "third", "rome_or_old"})
    expect(page.locator("[data-question=shown_double]")).to_contain_text("Twice your age plus one: 81.")

    answer(page, needs=("health",), city="madrid", age="61", name="", code="abc", amount="99", visit="2001-01-01")
    expect_shown(page, {"adult", "senior", "no_work", "unnamed", "not_rome", "health", "older", "nobody",
                        "big", "madrid_adult"})
    expect(page.locator("[data-question=shown_double]")).to_contain_text("Twice your age plus one: 123.")

    answer(page, needs=("health", "school"), age="4")
    expect_shown(page, {"even", "no_work", "several", "unnamed", "not_rome", "health", "nobody", "young"})
    expect(page.locator("[data-question=shown_double]")).to_contain_text("Twice your age plus one: 9.")


def test_a_constraint_message_shows_as_the_answer_is_typed(page):
    message = page.locator("#question-name-constraint")
    expect(message).to_be_hidden()
    page.fill("#question-name-input", "Amina Mohammed")
    expect(message).to_be_visible()
    expect(message).to_have_text("Ten letters at most.")
    expect(page.locator("#question-name-input")).to_have_attribute("aria-invalid", "true")
    page.fill("#question-name-input", "Amina")
    expect(message).to_be_hidden()


def test_a_pattern_javascript_cannot_run_is_left_to_the_server(page):
    page.fill("#question-code-input", "ABC-123")
    expect(page.locator("[data-question=code_ok]")).to_be_visible()
    expect(page.locator("[data-question=letters]")).to_be_hidden()  # RE2's \pL: the browser cannot tell
    with page.expect_navigation():
        page.click("button.button--primary")
    # the follow-up step of the same page: the server brought the question up
    expect(page.locator("[data-question=letters]")).to_be_visible()
    expect(page.locator("[data-question=code_ok]")).to_have_count(0)
