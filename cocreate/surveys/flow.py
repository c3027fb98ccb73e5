"""The answering flow of the participant pages, decided without HTTP.

The screens are the first one ("": the participant code in a linked survey,
the introduction) and then one page per section that skip logic shows for the
answers given. After every POST the flow says what comes next: the same page
again (problems with the answers it showed), a follow-up step of the page, the
previous or the next page, or `SUBMIT` (the response is complete). The posted
answers are validated once, when the flow is made; everything else reads that
one result.

Questions an answer brings up on the same page. A participant is only ever
told about problems with questions the page showed them (`seen`: the form's
"shown" field, which the browser keeps up to date when it shows or hides a
question). A question that becomes visible through an answer given on the
page, and that the participant has not seen, is never blamed: when the
questions they saw are in order, a *follow-up step* of the same page shows
just the questions brought up, before moving on (its `earlier` are the keys
the participant saw on the page before it; its Back button leads to the whole
page again). With JavaScript most follow-up steps never happen: the page
renders the questions that answers on it may bring up, hidden, with their
conditions (`Screen.waiting`, `Screen.conditions`), and the browser shows them
at once (static/skip.js). Only conditions the browser can decide are handed
to it; the others are left to the follow-up step. The server stays the
authority: answers to questions that skip logic hides are discarded on submit.

Progress ("Page 2 of 4"). The number is the page's place among the pages
shown: a follow-up step is part of its page and keeps its number. The total
counts the pages whose condition is not already false on the answers of the
pages before this one; a page whose condition depends on an answer still to be
given (on this page or a later one) counts, because it may still come. So,
moving forward, the number goes up by one per page and never back, and the
total never grows: it can only shrink, when answers rule a page out ("2 of 4",
then "3 of 3"). Going back may show a larger total again, as the answers of
that page are open once more.
"""
import datetime
from dataclasses import dataclass, field

from . import logic, services
from .kinds import field_name, kind_of

SUBMIT = "submit"  # what `Answering.after` returns when the response is ready to be sent

# The operators of logic.py that the browser evaluates (static/skip.js): every one the parser gives (a function
# the browser does not know is decided there as "cannot tell", which leaves the question to the server).
BROWSER_OPERATORS = logic.NODE_OPS


@dataclass(frozen=True)
class Screen:
    """A screen to show: its section and the questions to answer on it (None and [] on the first screen)."""

    key: str
    section: dict | None
    questions: list
    step: int           # the page's place among the visible ones, from 1; 0 on the first screen
    steps: int          # how many pages there are, or may still be (see the module's docstring)
    is_last: bool
    errors: dict = field(default_factory=dict)
    participant_error: str | None = None
    appeared: tuple = ()  # keys of questions an answer brought up on this page, shown along with its errors
    follow_up: bool = False  # shows only questions that answers on the page brought up
    earlier: tuple = ()      # on a follow-up step: keys of the questions the participant saw on the page before
    waiting: list = field(default_factory=list)    # hidden questions that answers on this screen may bring up
    conditions: dict = field(default_factory=dict)  # {key: condition} the browser evaluates, of shown or waiting
    known: dict = field(default_factory=dict)       # {key: answer} given elsewhere that those conditions use
    calculations: dict = field(default_factory=dict)  # {key: {condition, calculation}} worked out from this page
    constraints: dict = field(default_factory=dict)   # {key: constraint} of questions on it, checked as typed
    values: dict = field(default_factory=dict)        # {key: text} of the answers the labels on it show (${key})

    @property
    def logic(self):
        """What static/skip.js needs, as one JSON-ready dict: the parsed trees of logic.py, not their text."""
        return {"conditions": self.conditions, "known": self.known, "calculations": self.calculations,
                "constraints": self.constraints, "today": datetime.date.today().isoformat()}

    @property
    def blocks(self):
        """[(question, hidden)] in the section's order: the questions shown and the ones waiting."""
        if self.section is None:
            return []
        shown = {q["key"] for q in self.questions}
        waiting = {q["key"] for q in self.waiting}
        return [(q, q["key"] in waiting) for q in self.section["questions"] if q["key"] in shown | waiting]


def _operators(tree):
    yield tree["op"]
    for item in tree.get("items", ()):
        yield from _operators(item)


def _readable(question):
    """Whether the browser reads this question's answer from its one form field (not a note, not the SUS)."""
    kind = kind_of(question)
    return kind.answers and kind.field_names(question) == {field_name(question["key"])}


class Answering:
    """The flow for answers posted to a survey's definition (`raw`: {key: raw answer}, as the form sends them)."""

    def __init__(self, defn, raw):
        self.defn, self.raw = defn, raw
        self.clean, self.errors = services.validate_answers(defn, raw)
        self.sections = services.visible_sections(defn, self.clean)
        self.keys = [section["key"] for section, _questions in self.sections]

    @property
    def checked(self):
        """(clean answers, errors) of the whole response, as `services.validate_answers` gives them."""
        return self.clean, self.errors

    def screen(self, key, *, errors=None, participant_error=None, appeared=()):
        """The whole page `key` ("" or a section skip logic hides: the first screen)."""
        if key not in self.keys:
            return Screen("", None, [], 0, self._steps(""), False, {}, participant_error)
        return self._page(key, self._visible(key), errors=errors, appeared=appeared)

    def after(self, current, nav, *, seen=(), earlier=None, participant_known=lambda: True):
        """What follows a POST from screen `current` with the button `nav` ("back", "next" or "submit"):
        a Screen, or SUBMIT.

        `seen` are the keys of the questions the screen showed; `earlier` is None on a whole page and, on a
        follow-up step, the keys the participant saw on the page before it. `participant_known()` says whether
        the participant code typed on the first screen is accepted (asked only there, in a linked survey).
        """
        if current and current not in self.keys:  # an earlier answer now hides this screen
            current, earlier = self._previous(current), None
        if nav == "back":
            if current and earlier is not None:
                return self.screen(current)
            index = self.keys.index(current) if current in self.keys else 0
            return self.screen(self.keys[index - 1] if index > 0 else "")
        if current == "":
            if self.defn["mode"] == "linked" and not participant_known():
                return self.screen("", participant_error=str(services.PARTICIPANT_REFUSED))
        else:
            visible = self._visible(current)
            on_screen = {q["key"] for q in visible} & set(seen)
            known_before = on_screen | set(earlier or ())
            brought_up = [q for q in visible if q["key"] not in known_before]
            errors = {key: message for key, message in self.errors.items() if key in on_screen}
            if errors:
                appeared = tuple(q["key"] for q in brought_up if kind_of(q).answers)
                if earlier is None:
                    return self.screen(current, errors=errors, appeared=appeared)
                questions = [q for q in visible if q["key"] in on_screen or q in brought_up]
                return self._page(current, questions, errors=errors, appeared=appeared,
                                  earlier=self._in_order(current, earlier))
            if any(kind_of(q).answers for q in brought_up):
                return self._page(current, brought_up, earlier=self._in_order(current, known_before))
        position = self.keys.index(current) + 1 if current in self.keys else 0
        if nav == "submit" or position >= len(self.keys):
            return SUBMIT
        return self.screen(self.keys[position])

    def refused(self, errors):
        """The screen to show when the submission was refused with `errors` ({key: message}): the section of
        the first question with a problem, or the first screen (a refused participant code)."""
        order = [question["key"] for question in services.questions_of(self.defn)]
        first = next((key for key in order if key in errors), None)
        section = next((s["key"] for s in self.defn["sections"]
                        if any(q["key"] == first for q in s["questions"])), "") if first else ""
        return self.screen(section, errors={key: message for key, message in errors.items() if key in order},
                           participant_error=errors.get("participant"))

    # --- the parts of a page

    def _visible(self, key):
        return self.sections[self.keys.index(key)][1]

    def _in_order(self, key, keys):
        """`keys` that are visible questions of page `key`, in the page's order."""
        return tuple(q["key"] for q in self._visible(key) if q["key"] in set(keys))

    def _page(self, key, questions, *, errors=None, appeared=(), earlier=None):
        index = self.keys.index(key)
        section = self.sections[index][0]
        waiting, live = self._live(section, questions)
        if any(logic.filter_references(q) for q in section["questions"]):
            section = {**section, "questions": [self._offering(q) for q in section["questions"]]}
            questions, waiting = [self._offering(q) for q in questions], [self._offering(q) for q in waiting]
        labels = {ref for q in [*questions, *waiting] for ref in logic.label_references(q.get("label"))}
        values = {ref: logic.value_text(self.clean.get(ref)) for ref in sorted(labels & self._keys)}
        return Screen(key, section, questions, index + 1, self._steps(key), index == len(self.keys) - 1,
                      errors or {}, None, tuple(appeared), earlier is not None, tuple(earlier or ()),
                      waiting, **live, values=values)

    @property
    def _keys(self):
        return {q["key"] for q in services.questions_of(self.defn)}

    def _offering(self, question):
        """The question with only the choices its choice filter offers after the answers given (a cascading
        select: the cities of the region chosen before)."""
        if not logic.filter_references(question):
            return question
        return {**question, "choices": logic.offered_choices(question, self.clean)}

    def _live(self, section, questions):
        """(waiting, live): the questions the browser may bring up on this screen, and what it needs to decide
        (`Screen.conditions`, `known`, `calculations`, `constraints`).

        A condition is the browser's when it uses an answer given on this screen, every such answer is one the
        browser can read, and it uses only the operators the browser knows. A calculation that uses answers on
        this screen is worked out there too (so conditions and labels can use it live) when all of them are
        readable; one that uses an answer the browser cannot read makes every condition using it the server's.
        A constraint is checked as the answer is typed when the browser can read that answer and the others it
        uses. Answers used from elsewhere are fixed while the screen is open: they come along in `known`. A
        cascading select whose choices depend on an answer on this screen is never the browser's: a follow-up
        step shows it with the choices that fit.
        """
        shown = {q["key"] for q in questions}
        visible = {q["key"] for q in self._visible(section["key"])}
        rendered, readable, waiting = set(), set(), []
        conditions, calculations, constraints = {}, {}, {}

        def followed(refs):  # every answer on this screen that `refs` uses can be read by the browser
            return refs & rendered <= readable

        for question in section["questions"]:
            key, condition = question["key"], question.get("condition")
            settings = question.get("settings") or {}
            if not kind_of(question).shown:
                calculation = settings.get("calculation")
                refs = logic.references(condition) | logic.references(calculation)
                if calculation and refs & rendered:
                    rendered.add(key)
                    if followed(refs) and set(_operators(calculation)) <= BROWSER_OPERATORS:
                        readable.add(key)
                        calculations[key] = {"condition": condition, "calculation": calculation}
                continue
            refs = logic.references(condition)
            live = bool(refs & rendered) and followed(refs) \
                and set(_operators(condition)) <= BROWSER_OPERATORS and not logic.filter_references(question) & rendered
            if key in shown or (live and key not in visible):
                rendered.add(key)
                if _readable(question):
                    readable.add(key)
                if live:
                    conditions[key] = condition
                if key not in shown:
                    waiting.append(question)
                constraint = settings.get("constraint")
                if constraint and key in readable and followed(logic.references(constraint)):
                    constraints[key] = constraint
        used = [*conditions.values(), *constraints.values(),
                *(tree for entry in calculations.values() for tree in entry.values() if tree)]
        known = {ref: self.clean.get(ref) for tree in used for ref in sorted(logic.references(tree) - rendered)}
        return waiting, {"conditions": conditions, "known": known, "calculations": calculations,
                         "constraints": constraints}

    def _steps(self, key):
        """How many pages there are or may still be, seen from page `key` (see the module's docstring)."""
        order = [section["key"] for section in self.defn["sections"]]
        before = order[:order.index(key)] if key in order else []
        settled = {q["key"] for section in self.defn["sections"] if section["key"] in before
                   for q in section["questions"]}
        return sum(1 for section in self.defn["sections"]
                   if section["key"] in self.keys or _may_hold(section.get("condition"), self.clean, settled))

    def _previous(self, key):
        """The last visible section before `key` in the survey's order ("" for the first screen)."""
        order = [section["key"] for section in self.defn["sections"]]
        before = [k for k in order[:order.index(key)] if k in self.keys] if key in order else []
        return before[-1] if before else ""


def _may_hold(tree, answers, settled):
    """Whether a condition may still hold when only the answers to `settled` questions are final: False when
    it cannot, True otherwise (it holds, or it depends on an answer still to be given)."""
    if tree is None:
        return True
    if tree["op"] in ("and", "or"):
        results = [_may_hold(item, answers, settled) for item in tree["items"]]
        return all(results) if tree["op"] == "and" else any(results)
    return not logic.references(tree) <= settled or logic.holds(tree, answers)
