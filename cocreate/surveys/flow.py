"""The answering flow of the participant pages, decided without HTTP.

The screens are the first one ("": the participant code in a linked survey,
the introduction) and then one per section that skip logic shows for the
answers given. After every POST the flow says what comes next: the same
screen again (problems with its answers, or a follow-up question that an
answer brought up on it), the previous or the next screen, or `SUBMIT` (the
response is complete). The posted answers are validated once, when the flow
is made; everything else reads that one result.
"""
from dataclasses import dataclass, field

from . import services
from .kinds import kind_of

SUBMIT = "submit"  # what `Answering.after` returns when the response is ready to be sent


@dataclass(frozen=True)
class Screen:
    """A screen to show: its section and visible questions (None and [] on the first screen)."""

    key: str
    section: dict | None
    questions: list
    step: int           # the section's place among the visible ones, from 1; 0 on the first screen
    steps: int          # how many sections are visible
    is_last: bool
    errors: dict = field(default_factory=dict)
    participant_error: str | None = None
    appeared: tuple = ()  # keys of follow-up questions an answer brought up on this screen


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
        """Screen `key` ("" or a section skip logic hides: the first screen)."""
        if key not in self.keys:
            return Screen("", None, [], 0, len(self.keys), False, {}, participant_error)
        index = self.keys.index(key)
        section, questions = self.sections[index]
        return Screen(key, section, questions, index + 1, len(self.keys), index == len(self.keys) - 1,
                      errors or {}, participant_error, tuple(appeared))

    def after(self, current, nav, *, seen=(), participant_known=lambda: True):
        """What follows a POST from screen `current` with the button `nav` ("back", "next" or "submit"):
        a Screen, or SUBMIT.

        `seen` are the keys of the questions the screen showed; `participant_known()` says whether the
        participant code typed on the first screen is accepted (asked only there, in a linked survey).
        """
        if current and current not in self.keys:  # an earlier answer now hides this screen
            current = self._previous(current)
        if nav == "back":
            index = self.keys.index(current) if current in self.keys else 0
            return self.screen(self.keys[index - 1] if index > 0 else "")
        if current == "":
            if self.defn["mode"] == "linked" and not participant_known():
                return self.screen("", participant_error=str(services.PARTICIPANT_REFUSED))
        else:
            shown = self.screen(current).questions
            keys = {question["key"] for question in shown}
            errors = {key: message for key, message in self.errors.items() if key in keys}
            if errors:
                return self.screen(current, errors=errors)
            appeared = [q["key"] for q in shown if q["key"] not in set(seen) and kind_of(q).answers]
            if appeared:
                return self.screen(current, appeared=appeared)
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

    def _previous(self, key):
        """The last visible section before `key` in the survey's order ("" for the first screen)."""
        order = [section["key"] for section in self.defn["sections"]]
        before = [k for k in order[:order.index(key)] if k in self.keys] if key in order else []
        return before[-1] if before else ""
