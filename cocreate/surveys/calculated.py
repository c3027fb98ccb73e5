"""The `calculate` question kind: a value worked out on the server from earlier answers, never asked.

Its formula (`settings["calculation"]`, an expression tree of logic.py) is evaluated when a response is
validated, in the survey's order, so later conditions and calculations can use the value; it is stored with the
answers and exported like one. XLSForm writes it as a `calculate` row with a `calculation` column.
"""
from flask_babel import lazy_gettext as _l

from . import logic
from .kinds import KINDS, QuestionKind


class Calculate(QuestionKind):
    name = "calculate"
    label = _l("Calculation (not shown to participants)")
    template = "surveys/participant/kinds/note.html"  # never rendered: participants do not see it
    shown = False
    xlsform_type = "calculate"
    xlsform_reads = ("calculate",)

    def field_names(self, question):
        return set()

    def from_form(self, question, form):
        return None  # whatever is posted, the server works the value out

    def coerce(self, question, raw, strict=False):
        return None

    def codebook_rows(self, question, languages, source):
        key = question["key"]
        return [[key, key, self.name, "no", logic.to_text((question.get("settings") or {}).get("calculation"))] +
                [""] * len(languages)]


def stored(value):
    """A computed value as it is stored with the answers: numbers and text as they are, true/false as XPath
    writes them, nothing for no value."""
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, bool):
        return logic.value_text(value)
    if isinstance(value, int | float):
        return value
    if isinstance(value, list):
        return [logic.value_text(v) for v in value]
    return logic.value_text(value)


def register():
    KINDS.setdefault(Calculate.name, Calculate())
