"""The browser evaluates the same parsed trees as the server: static/skip.js has an entry in its dispatch tables
for every node logic.py can give (and no other), the page carries conditions, calculations, constraints and the
server's date as trees, and a label naming an answer shows it, without JavaScript too."""
import json
import re
from pathlib import Path

from cocreate.surveys import flow, logic

from .conftest import UUID1, question

SKIP_JS = Path(logic.__file__).parent / "static" / "skip.js"


def dispatch_table(name):
    """The keys of skip.js's table `var NAME = { "key": …, … };`."""
    source = SKIP_JS.read_text()
    start = source.index(f"var {name} = {{")
    body = source[start:source.index("\n  };", start)]
    return set(re.findall(r'"([^"\s]+)":\s', body))


def test_skip_js_evaluates_every_node_the_server_can_give():
    assert dispatch_table("CONDITIONS") | dispatch_table("VALUES") == logic.NODE_OPS
    assert dispatch_table("CONDITIONS").isdisjoint(dispatch_table("VALUES"))
    assert dispatch_table("CALLS") == logic.CALL_FUNCTIONS
    assert dispatch_table("ARITHMETIC") == logic.ARITHMETIC_FUNCTIONS
    assert flow.BROWSER_OPERATORS == logic.NODE_OPS


def nodes(tree):
    yield tree
    for item in tree.get("items", ()):
        yield from nodes(item)


# (text, whether `.` may be used): together they give every node of logic.py
EXPRESSIONS = [
    ("${a} = 1 and (${b} != 'x' or ${c} > 1) and ${d} >= 2 and ${e} < 3 and ${f} <= 4", False),
    ("selected(${a}, 'x') and not(${b}) and ${c} = '' and count-selected(${d}) > 1", False),
    ("string-length(${a}) = 2 and -${b} + 1 * 2 - 3 div 4 mod 5 > 'x' = ${c}", False),
    (("regex(., 'x') and selected(., 'y') and if(coalesce(., 1) = 1, concat('a', today()), int(number(round(.))))"
      " = count-selected(.) + string-length(.)"), True),
    ("sum(${a}) + count(${b}) > position(..)", False),
]


def test_the_parser_gives_each_node_skip_js_knows_and_no_other():
    found = [node for text, here in EXPRESSIONS for node in nodes(logic.parse(text, here=here))]
    assert {node["op"] for node in found} == logic.NODE_OPS
    assert {node["fn"] for node in found if node["op"] == "call"} == logic.CALL_FUNCTIONS
    assert {node["fn"] for node in found if node["op"] == "arith"} == logic.ARITHMETIC_FUNCTIONS


def household():
    return {
        "source_language": "en", "languages": ["en", "fr"], "mode": "anonymous", "title": {"en": "Households"},
        "description": {}, "sections": [
            {"key": "first", "title": {"en": "First"}, "condition": None, "questions": [
                question("adults", "integer", {"en": "Adults", "fr": "Adultes"})]},
            {"key": "home", "title": {"en": "Home"}, "condition": None, "questions": [
                question("children", "integer", {"en": "Children"},
                         settings={"constraint": logic.parse(". <= ${adults} * 4", here=True)}),
                question("size", "calculate", {"en": "size"},
                         settings={"calculation": logic.parse("${adults} + coalesce(${children}, 0)", value=True)}),
                question("fixed", "calculate", {"en": "fixed"},
                         settings={"calculation": logic.parse("${adults} * 10", value=True)}),
                question("where", "geopoint", {"en": "Where?"}),
                question("far", "calculate", {"en": "far"},
                         settings={"calculation": logic.parse("if(${where}, 1, 0)", value=True)}),
                question("said", "note", {"en": "You are ${size} at home, ${fixed} in all; ${unknown} stays.",
                                          "fr": "Vous êtes ${size} à la maison."}),
                question("help", "yes_no", {"en": "Would more room help?"}, condition="${size} >= 5"),
                question("away", "yes_no", {"en": "Far away?"}, condition="${far} = 1"),
            ]}]}


def test_the_page_carries_calculations_constraints_and_what_they_use():
    answering = flow.Answering(household(), {"adults": "2"})
    screen = answering.screen("home")
    assert screen.calculations == {"size": {"condition": None, "calculation": logic.parse(
        "${adults} + coalesce(${children}, 0)", value=True)}}  # not fixed (no answer on the page), not far
    assert screen.constraints == {"children": logic.parse(". <= ${adults} * 4", here=True)}
    assert set(screen.conditions) == {"help"}  # far uses a location, which the browser does not read
    assert screen.known == {"adults": 2}
    assert screen.values == {"size": "2", "fixed": "20"}
    assert set(screen.logic) == {"conditions", "known", "calculations", "constraints", "today"}


def test_a_label_shows_the_answers_it_names_without_javascript(app, client, make_survey):
    _id, code = make_survey(**household())
    client.post(f"/s/{code}/fr", data={"client_uuid": UUID1, "section": "", "nav": "next"})
    html = client.post(f"/s/{code}/en", data={"client_uuid": UUID1, "section": "first", "nav": "next",
                                              "shown": "adults", "q-adults": "3"}).get_data(as_text=True)
    assert ('You are <span class="answer-in-label" data-value-of="size">3</span> at home, '
            '<span class="answer-in-label" data-value-of="fixed">30</span> in all; ${unknown} stays.') in html
    described = json.loads(re.search(r"data-skip-logic='([^']*)'", html).group(1))
    assert described["known"] == {"adults": 3} and "size" in described["calculations"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", described["today"])
    assert 'data-constraint-message' in html and "This answer is not allowed." in html


def test_a_label_never_lets_an_answer_write_markup(app, client, make_survey):
    defn = household()
    defn["sections"][0]["questions"].append(question("name", "short_text", {"en": "Name"}))
    defn["sections"][1]["questions"].append(question("hello", "note", {"en": "Hello <b>${name}</b>"}))
    _id, code = make_survey(**defn)
    client.post(f"/s/{code}/en", data={"client_uuid": UUID1, "section": "", "nav": "next"})
    html = client.post(f"/s/{code}/en", data={"client_uuid": UUID1, "section": "first", "nav": "next",
                                              "shown": "adults name", "q-adults": "1",
                                              "q-name": "<script>x</script>"}).get_data(as_text=True)
    assert 'Hello &lt;b&gt;<span class="answer-in-label" data-value-of="name">&lt;script&gt;x&lt;/script&gt;</span>' \
           '&lt;/b&gt;' in html
