"""static/skip.js decides as logic.py does: the same conditions, on the same answers (given as the server sends
them), hold or not in both — run in Node.js with the page reduced to what skip.js reads. Where the browser cannot
tell (a pattern whose meaning differs in JavaScript) it says so and the server decides."""
import datetime
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from cocreate.surveys import calculated, logic

NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="runs static/skip.js in Node.js")
SKIP_JS = Path(logic.__file__).parent / "static" / "skip.js"

# A page reduced to what skip.js reads: a form whose data-skip-logic holds the conditions, one block per
# condition (c0, c1…), every answer "known" (from other pages). Run twice, the blocks first hidden then shown:
# a block shown from hidden holds, one hidden from shown does not, one left as it was cannot be told (null).
HARNESS = r"""
const fs = require("fs");
const input = JSON.parse(fs.readFileSync(0, "utf8"));
function run(hidden) {
  const blocks = input.keys.map((key) => ({
    hidden, getAttribute: () => key, querySelectorAll: () => [], querySelector: () => null }));
  const form = { getAttribute: () => JSON.stringify(input.logic), querySelector: () => null,
    querySelectorAll: (selector) => (selector === "[data-question]" ? blocks : []), addEventListener: () => {} };
  global.document = { querySelector: () => form };
  global.window = { setTimeout, clearTimeout };
  new Function(fs.readFileSync(input.script, "utf8"))();
  return blocks.map((block) => block.hidden);
}
const first = run(true), second = run(false);
console.log(JSON.stringify(input.keys.map((key, i) => (!first[i] ? true : second[i] ? false : null))));
"""

TODAY = datetime.date.today().isoformat()
CONDITIONS = [
    "${n} + 1 = 3", "${n} * 2 > 5", "${n} div 4 = 0.5", "${n} mod 3 = 1", "-${n} < -1", "${x} = 2.5",
    "${s} = 'abc'", "${s} != 'abc'", "'abc' = ${s}", "concat(${s}) > 'abb'", "${n} > ${x}", "${n} div 0 = 1",
    "string-length(${s}) = 3", "string-length(${u}) = 2", "count-selected(${m}) = 2", "count-selected(${m}) < 1",
    "selected(${m}, 'a')", "selected(${m}, concat('b', ''))", "not(selected(${m}, 'c'))", "${m} = 'a'",
    "${m} != 'a'", "${e}", "${e} = ''", "${e} != ''", "not(${e})",
    "regex(${s}, '^[a-c]+$')", "regex(${s}, '^A')", "regex(${u}, '^.{2}$')", "regex(${t}, '^[0-9.]+$')",
    "if(${n} > 1, 'big', 'small') = 'big'", "coalesce(${e}, 'none') = 'none'", "concat(${s}, ${n}) = 'abc2'",
    "${d} < today()", "${d} > today()", "today() = '" + TODAY + "'", "concat(${d}) >= '1999-12-31'",
    "int(${x}) = 2", "int(-${x}) = -2", "number(${t}) > 10", "number(${s}) > 0", "round(${x}) = 3",
    "round(${y}, 2) = 1.01", "round(-${x}) = -3", "round(${x} div 3, 1) = 0.8",
    "${calc} = 5", "${calc} > 10 or ${n} = 7", "${n} >= 2 and ${x} <= 2.5 and ${n} != 3",
    "(${n} + ${x}) * 2 = 9", "${x} - ${n} < 0",
]
SERVER_ONLY = ["regex(${s}, '\\pL+')", "regex(${s}, '(?i)abc')", "regex(${s}, '\\s')"]
CALCULATIONS = {"calc": {"condition": None, "calculation": logic.parse("${n} * 2 + 1", value=True)}}
ANSWERS = [
    {"n": 2, "x": 2.5, "y": 1.005, "s": "abc", "u": "é😀", "m": ["a", "b"], "t": "12.5", "d": "2000-01-01"},
    {"n": 7, "x": -1.5, "y": 2, "s": "ABC", "u": "", "m": [], "t": "x", "d": "2099-05-05", "e": "yes"},
    {"n": 3, "x": 0.8, "s": "abcd", "u": "ab", "m": ["c"], "t": "9", "d": "1999-12-31", "e": "no"},
    {},
]


def browser_decides(conditions, answers):
    keys = [f"c{i}" for i in range(len(conditions))]
    refs = set().union(*(logic.references(tree) for tree in conditions)) - set(CALCULATIONS)
    known = {ref: answers.get(ref) for ref in refs | {"n"}}  # as the server sends them: unanswered as null
    described = {"conditions": dict(zip(keys, conditions, strict=True)), "known": known,
                 "calculations": CALCULATIONS, "constraints": {}, "today": TODAY}
    result = subprocess.run([NODE, "-e", HARNESS], input=json.dumps({"keys": keys, "logic": described,
                                                                     "script": str(SKIP_JS)}),
                            capture_output=True, text=True, check=True, timeout=30)
    return json.loads(result.stdout)


@pytest.mark.parametrize("answers", ANSWERS)
def test_the_browser_decides_every_condition_as_the_server_does(answers):
    trees = [logic.parse(text) for text in CONDITIONS]
    with_calculation = {**answers, "calc": calculated.stored(logic.evaluate(CALCULATIONS["calc"]["calculation"],
                                                                             answers))}
    expected = [logic.holds(tree, with_calculation) for tree in trees]
    decided = browser_decides(trees, answers)
    disagree = [(text, want, got) for text, want, got in zip(CONDITIONS, expected, decided, strict=True)
                if want is not got]
    assert disagree == []


def test_patterns_that_mean_something_else_in_javascript_are_left_to_the_server():
    trees = [logic.parse(text) for text in SERVER_ONLY]
    assert browser_decides(trees, ANSWERS[0]) == [None] * len(SERVER_ONLY)
    assert browser_decides(trees, {}) == [None] * len(SERVER_ONLY)
