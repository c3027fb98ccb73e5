"""Choice names the importer stores under another value ("camp pitch" as camp_pitch), and values a facilitator
changes in place in the builder, are followed by every expression that compares an answer with them: the short
forms, comparisons written the other way round or with any expression, selected(.) in a constraint, and
calculations — so that the survey behaves as it did."""
import pytest

from cocreate.extensions import db
from cocreate.surveys import logic, services
from cocreate.surveys.models import Survey

from .conftest import question, small_definition
from .test_xlsform_reader import PITCHES, _questions, _read

HEADER = ["type", "name", "label::English (en)", "relevant", "constraint", "calculation"]


def read(app, *rows):
    return _questions(_read(app, [HEADER, ["select_one where", "place", "Where?", None, None, None], *rows],
                            choices=PITCHES))


@pytest.mark.parametrize("relevant", [
    "'camp pitch' = ${place}",
    "${place} = concat('camp', ' pitch')",  # not a name: left as written, and never equal
    "if('camp pitch' = ${place}, 1, 0) = 1",
    "not('camp pitch' != ${place})",
    "selected(${place}, 'camp pitch')",
])
def test_a_condition_follows_the_stored_value(app, relevant):
    questions = read(app, ["text", "why", "Why?", relevant, None, None])
    condition = questions["why"]["condition"]
    stored = questions["place"]["choices"][0]["value"]
    assert stored != "camp pitch"
    expected = "concat" not in relevant
    assert logic.holds(condition, {"place": stored}) is expected
    assert logic.holds(condition, {"place": "ok"}) is False


def test_a_constraint_on_the_answer_itself_follows_the_stored_value(app):
    questions = _questions(_read(app, [HEADER, ["select_multiple where", "place", "Where?", None,
                                                "not(selected(., 'camp pitch') and selected(., '24/7'))", None]],
                                 choices=PITCHES))
    constraint = questions["place"]["settings"]["constraint"]
    pitch, day = (c["value"] for c in questions["place"]["choices"][:2])
    assert logic.holds(constraint, {}, here=[pitch]) is True
    assert logic.holds(constraint, {}, here=[pitch, day]) is False


def test_a_calculation_follows_the_stored_value(app):
    questions = read(app, ["calculate", "pitched", None, None, None, "if(${place} = 'père', 'family', 'other')"],
                     ["calculate", "night", None, None, None, "if('24/7' = ${place}, 1, 0)"])
    father, day = (c["value"] for c in questions["place"]["choices"][2:0:-1])
    assert logic.evaluate(questions["pitched"]["settings"]["calculation"], {"place": father}) == "family"
    assert logic.evaluate(questions["night"]["settings"]["calculation"], {"place": day}) == 1


def test_a_value_changed_in_the_builder_is_followed_by_the_expressions_using_it(app, make_survey):
    defn = small_definition()
    about = defn["sections"][0]["questions"]
    about.append(question("why", "short_text", {"en": "Why?"}, condition="'school' = ${needs} or ${city} = 'rome'"))
    about.append(question("count", "calculate", {"en": "count"}, settings={
        "calculation": logic.parse("if(selected(${needs}, 'school'), 1, 0)", value=True)}))
    defn["sections"][2]["condition"] = logic.parse("selected(${needs}, 'school')")
    survey_id, _code = make_survey(**defn)
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        needs = services.find_question(survey, "needs")
        needs.settings = {"constraint": logic.parse("not(selected(., 'school') and selected(., 'work'))", here=True)}
        services.save_question(needs.section, needs, key="needs", kind="multiple_choice", label="Needs",
                               choices=[("work", "Work"), ("health", "Health"), ("classes", "School")],
                               settings={"constraint": needs.settings["constraint"]}, actor=None)
        db.session.commit()
        after = services.definition(survey)
    questions = {q["key"]: q for s in after["sections"] for q in s["questions"]}
    assert logic.to_text(questions["why"]["condition"]) == "'classes' = ${needs} or ${city} = 'rome'"
    assert logic.to_text(questions["count"]["settings"]["calculation"]) == \
        "if(selected(${needs}, 'classes'), 1, 0)"
    assert logic.to_text(after["sections"][2]["condition"]) == "selected(${needs}, 'classes')"
    assert logic.to_text(questions["needs"]["settings"]["constraint"]) == \
        "not(selected(., 'classes') and selected(., 'work'))"
    assert logic.to_text(questions["city"]["condition"]) == ""  # other questions' values are left as they are
