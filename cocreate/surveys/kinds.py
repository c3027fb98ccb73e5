"""Question kinds: one small class per kind, all with the same interface, in the `KINDS` registry.

A kind knows how to
- read its raw answer from a submitted web form (`field_names`, `from_form`),
- check and convert a raw answer, from the form or from JSON (`coerce`, raises `AnswerError`),
- list its fixed or written choices (`options`, `option_labels`), and the template that renders it (`template`),
- give its answer a score where one exists (`score`; the SUS block scores 0–100),
- summarise the answers given for results (`summarise`, a `Summary`),
- write its export columns and codebook rows (`columns`, `codebook_rows`),
- write itself into an XLSForm and be recognised in one (`to_xlsform`, `reads_xlsform`; `kind_of_xlsform`).

Code that handles questions asks the question's kind instead of testing its name.

Questions are handled as plain dicts (see `services.question_dict`), so the
same code serves the current survey and any earlier version of it.
"""
import math
import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal as Exact
from decimal import InvalidOperation

from babel.numbers import NumberFormatError
from babel.numbers import parse_decimal as parse_babel_decimal
from flask import has_request_context
from flask_babel import force_locale, get_locale
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext

from immerse_core.privacy import SMALL_CELL

from ..i18n import LANGUAGES
from ..usability import SUS_STATEMENTS, sus_score


class AnswerError(ValueError):
    """An answer that cannot be accepted; the message is for the participant, in their language."""


def pick(texts, language, source):
    """(text, fell_back) — the text in `language`, else the source language's text, never blank."""
    texts = texts or {}
    if texts.get(language):
        return texts[language], False
    if texts.get(source):
        return texts[source], language != source
    for text in texts.values():
        if text:
            return text, True
    return "", False


_INTEGER = re.compile(r"-?[0-9]{1,15}")
_ONE_SEPARATOR = re.compile(r"-?[0-9]{1,15}[.,][0-9]{1,15}")
_WRITTEN_NUMBER = re.compile(r"-?[0-9][0-9.,]*")  # digits with the signs people group and split them with
_SPACES_IN_NUMBERS = re.compile(r"(?<=[0-9])[ \u00a0\u202f](?=[0-9]{3}\b)")  # "1 000", "1 000" (fr)


def ascii_digits(text):
    """`text` with every decimal digit of any script ("٣", "۳", "३") written as its ASCII digit.

    Only true decimal digits change: "²" and other superscripts or circled numbers stay as they are.
    """
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


def _number_text(text):
    """A typed number made plain: ASCII digits, "٫" (the Arabic decimal sign) as ".", "٬" (the Arabic
    thousands sign) and spaces between groups of three digits ("1 000", as French writes it) dropped."""
    text = ascii_digits(text.strip()).replace("\u066b", ".").replace("\u066c", "")
    return _SPACES_IN_NUMBERS.sub("", text)


def _reader_locale():
    locale = get_locale() if has_request_context() else None
    return str(locale) if locale else "en"


def _grouped(text, locale):
    """The number `text` writes with the thousands and decimal signs of `locale`, as a Decimal, or None."""
    try:
        return parse_babel_decimal(text, locale=locale, strict=True)
    except (NumberFormatError, ValueError, ArithmeticError):
        return None


def parse_int(text, signed=True, locale=None):
    """The whole number written in `text` (decimal digits of any script, at most 15, "-" only if `signed`),
    or `text` unchanged so that the caller's type check raises its own `AnswerError`.

    Thousands are grouped the reader's way ("1,000" in English, "1.000" in Spanish). Never raises: "²",
    "--5" or 5,000 digits are simply not numbers here; "٣٠" and "۳۰" are 30.
    """
    plain = _number_text(text)
    number = None
    if _INTEGER.fullmatch(plain):
        number = int(plain)
    elif len(plain) <= 25 and _WRITTEN_NUMBER.fullmatch(plain):
        grouped = _grouped(plain, locale or _reader_locale())
        if grouped is not None and grouped == grouped.to_integral_value() and abs(grouped) < 10 ** 15:
            number = int(grouped) if "." not in str(grouped) else None
    if number is not None and (signed or not plain.startswith("-")):
        return number
    return text


def parse_decimal(text, locale=None):
    """The number written in `text` as a float, or `text` unchanged when it is not one.

    Digits of any script. The reader's own signs come first: "1,000" is a thousand in English and "1,5"
    one and a half in Spanish. A number the reader's signs cannot read but that has one "." or "," between
    digits takes it as the decimal sign ("2.5" typed on a phone in Spanish, "2,5" in English).
    """
    plain = _number_text(text)
    if len(plain) > 40:
        return text
    grouped = _grouped(plain, locale or _reader_locale()) if _WRITTEN_NUMBER.fullmatch(plain) else None
    if grouped is not None:
        return float(grouped)
    if _INTEGER.fullmatch(plain) or _ONE_SEPARATOR.fullmatch(plain):
        return float(plain.replace(",", "."))
    return text


@dataclass
class Summary:
    """What a kind makes of the answers to one question, before results hold back what would tell on people."""

    counts: dict | None = None       # {option: number of answers choosing it}, in the options' order
    labels: dict | None = None       # {option: its label}
    numbers: dict | None = None      # mean, median, min, max (min and max are single people)
    mean_score: float | None = None  # the mean SUS score
    texts: bool = False              # free text: the answers themselves are listed
    rows_heading: str = _l("Answer")  # what the counted options are, above them


def in_language(language, text):
    """`text` (a lazy string of the interface) in `language`, or in English where the interface lacks it."""
    with force_locale(language if language in LANGUAGES else "en"):
        return str(text)


def texts_in(texts, languages):
    """The texts of a {language: text} mapping in the order of `languages` ("" where one is missing)."""
    return [(texts or {}).get(language, "") for language in languages]


def _option_rows(kind, question, languages, source, column):
    """Codebook rows of a kind's fixed options (yes/no, Likert, rating, SUS scale), labelled in every language."""
    labels = {language: kind.option_labels(question, language, source) for language in languages}
    return [[column, question["key"], "choice", "", value] + [labels[language][i] for language in languages]
            for i, (value, _label, _pic) in enumerate(kind.options(question, source, source))]


def _empty(raw):
    return raw is None or (isinstance(raw, str) and not raw.strip()) or raw == [] or raw == {}


class QuestionKind:
    name = ""
    label = ""
    template = "surveys/participant/kinds/choice.html"  # how participants see and answer it
    input_type = "radio"    # choice kinds: radio or checkbox
    options_class = ""      # choice kinds: how the options are laid out (options--likert, options--scale)
    answers = True          # False for display-only notes
    shown = True            # False for what participants never see (a calculation)
    has_choices = False     # choices written by the facilitator
    has_bounds = False
    xlsform_type = ""       # the XLSForm type it is written as
    xlsform_list = None     # the fixed XLSForm choice list it is written with (yes_no, likert5, rating5)
    xlsform_reads = ()      # the XLSForm types read as this kind when the row names no kind of ours
    appearance = ""
    chartable = False
    asks_location = False   # its page may ask the browser for the device's location
    repeats = False         # a repeated group: its answer is a list of entries of the questions inside
    built_here = True       # offered as a type in the builder

    def owns(self, question, name):
        """Whether the form field `name` carries (part of) this question's answer."""
        return name in self.field_names(question)

    def field_names(self, question):
        """The names of the form fields that carry the answer."""
        return {field_name(question["key"])}

    def from_form(self, question, form):
        """The raw answer from a submitted form (a werkzeug MultiDict), or None."""
        value = form.get(field_name(question["key"]))
        return value if value not in (None, "") else None

    def coerce(self, question, raw, strict=False):
        """The stored value for `raw`, None when unanswered; `strict` for JSON clients (no strings for numbers)."""
        return None if _empty(raw) else raw

    def options(self, question, language, source):
        """[(value, label, pictogram or None)] to choose from."""
        return []

    def option_labels(self, question, language, source):
        """The labels of the options in `language`: the interface's own words (yes/no, Likert, rating, the SUS
        scale) in that language where the interface has it."""
        with force_locale(language if language in LANGUAGES else "en"):
            return [str(label) for _value, label, _pic in self.options(question, language, source)]

    def score(self, question, value):
        return None

    def columns(self, question):
        """[(column name, function answer -> cell)] in exports."""
        return [(question["key"], lambda value: "" if value is None else value)]

    def summarise(self, question, values, language, source):
        """The Summary of `values` (the answers given, none of them None) in results; free text by default."""
        return Summary(texts=True)

    def codebook_rows(self, question, languages, source):
        """The rows of the export codebook for this question: [column, question, type, required, value,
        label in each of `languages`…]; first the column, then its coded values."""
        key = question["key"]
        return ([[key, key, self.name, "yes" if question["required"] else "no", ""] +
                 texts_in(question["label"], languages)] + self.codebook_values(question, languages, source, key))

    def codebook_values(self, question, languages, source, column):
        """The codebook rows of the values coded in `column`, each with its label in every language."""
        return []

    # --- XLSForm

    def reads_xlsform(self, xlsform_type, appearance, named):
        """Whether a survey-sheet row of `xlsform_type` (and `appearance`) is read as this kind; `named`: the
        row's cocreate_kind column names this kind."""
        return xlsform_type in self.xlsform_reads

    def to_xlsform(self, question, form):
        """Write the question into `form`, an XLSForm being written (see `xlsform.FormWriter`)."""
        settings = question.get("settings", {})
        bounds = [f". {symbol} {settings[key]}" for key, symbol in (("min", ">="), ("max", "<="))
                  if settings.get(key) is not None]
        form.row(self.xlsform_question_type(question, form), question["key"], question["label"], question["help"],
                 question["required"], question["condition"], self.appearance, " and ".join(bounds), self.name,
                 settings.get("choice_filter"))

    def xlsform_question_type(self, question, form):
        """The type column of the question's row (writing the choice list it names, if any)."""
        return self.xlsform_type


def field_name(key, item=None):
    return f"q-{key}" if item is None else f"q-{key}-{item}"


class ChoiceKind(QuestionKind):
    chartable = True

    def coerce(self, question, raw, strict=False):
        if _empty(raw):
            return None
        values = [str(v) for v, _label, _pic in self.options(question, "en", "en")]
        if isinstance(raw, bool) or not isinstance(raw, str | int) or str(raw) not in values:
            raise AnswerError(_l("Choose one of the options."))
        return self.convert(raw)

    def convert(self, raw):
        return str(raw)

    def codebook_values(self, question, languages, source, column):
        return _option_rows(self, question, languages, source, column)

    def reads_xlsform(self, xlsform_type, appearance, named):
        """A fixed list of ours (yes/no, Likert, rating) only when the row says so: other tools' select_one
        rows have lists of their own."""
        return named and xlsform_type == self.xlsform_type

    def xlsform_question_type(self, question, form):
        return f"{self.xlsform_type} {form.fixed_list(self, question)}"

    def summarise(self, question, values, language, source):
        """How many answers chose each option (each value of a multiple choice counts once)."""
        options = self.options(question, language, source)
        counts = {str(value): 0 for value, _label, _pic in options}
        try:
            given = Counter(values)  # single answers: counted at C speed
        except TypeError:  # lists: each value of a multiple choice counts once
            given = Counter(chosen for value in values for chosen in (value if isinstance(value, list) else [value]))
        for chosen, number in given.items():
            if str(chosen) in counts:
                counts[str(chosen)] += number
        return Summary(counts=counts, labels={str(value): str(label) for value, label, _pic in options})


class SingleChoice(ChoiceKind):
    name = "single_choice"
    label = _l("Single choice")
    has_choices = True
    xlsform_type = "select_one"
    xlsform_reads = ("select_one",)

    def options(self, question, language, source):
        return [(c["value"], pick(c["label"], language, source)[0], None) for c in question.get("choices", [])]

    def codebook_values(self, question, languages, source, column):
        """The facilitator's choices, with the labels written in each language (none filled in from another)."""
        return [[column, question["key"], "choice", "", choice["value"]] + texts_in(choice["label"], languages)
                for choice in question["choices"]]

    def reads_xlsform(self, xlsform_type, appearance, named):
        return xlsform_type in self.xlsform_reads

    def xlsform_question_type(self, question, form):
        """`select_one <key>`, the facilitator's choices written as the list named after the question."""
        form.choices(question["key"], question["choices"])
        return f"{self.xlsform_type} {question['key']}"


class MultipleChoice(SingleChoice):
    name = "multiple_choice"
    label = _l("Multiple choice")
    input_type = "checkbox"
    xlsform_type = "select_multiple"
    xlsform_reads = ("select_multiple",)

    def from_form(self, question, form):
        values = [v for v in form.getlist(field_name(question["key"])) if v]
        return values or None

    def coerce(self, question, raw, strict=False):
        if _empty(raw):
            return None
        if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
            raise AnswerError(_l("Choose from the options (a list of values)."))
        allowed = [c["value"] for c in question.get("choices", [])]
        if any(v not in allowed for v in raw):
            raise AnswerError(_l("Choose only from the options."))
        return [v for v in allowed if v in raw]  # choice order, no repeats

    def columns(self, question):
        return [(question["key"], lambda value: " ".join(value or []))]


LIKERT_LABELS = [_l("Strongly disagree"), _l("Disagree"), _l("Neither agree nor disagree"),
                 _l("Agree"), _l("Strongly agree")]


class IntegerChoice(ChoiceKind):
    """Answers 1–5 stored as numbers."""

    def coerce(self, question, raw, strict=False):
        if _empty(raw):
            return None
        if isinstance(raw, str) and not strict:
            raw = parse_int(raw, signed=False)
        if isinstance(raw, bool) or not isinstance(raw, int) or not 1 <= raw <= 5:
            raise AnswerError(_l("Choose a value from 1 to 5."))
        return raw


class Likert(IntegerChoice):
    name = "likert"
    label = _l("Likert scale (5 points, with pictograms)")
    options_class = "options--likert"
    xlsform_type = "select_one"
    xlsform_list = "likert5"
    appearance = "likert"

    def options(self, question, language, source):
        return [(i, LIKERT_LABELS[i - 1], f"likert-{i}.svg") for i in range(1, 6)]

    def score(self, question, value):
        return value


class Rating(IntegerChoice):
    name = "rating"
    label = _l("Rating 1–5")
    xlsform_type = "select_one"
    xlsform_list = "rating5"
    appearance = "horizontal"
    options_class = "options--scale"

    def options(self, question, language, source):
        ends = {1: _l("1 – very poor"), 5: _l("5 – very good")}
        return [(i, ends.get(i, str(i)), None) for i in range(1, 6)]

    def score(self, question, value):
        return value


# The two words in the participants' languages, beyond those the interface speaks.
YES_NO = {
    "yes": {"en": "Yes", "es": "Sí", "it": "Sì", "el": "Ναι", "fr": "Oui", "ar": "نعم", "fa": "بله", "ti": "እወ",
            "so": "Haa", "wo": "Waaw", "de": "Ja", "uk": "Так", "ru": "Да", "tr": "Evet", "ur": "جی ہاں"},
    "no": {"en": "No", "es": "No", "it": "No", "el": "Όχι", "fr": "Non", "ar": "لا", "fa": "نه", "ti": "ኣይፋል",
           "so": "Maya", "wo": "Déedéet", "de": "Nein", "uk": "Ні", "ru": "Нет", "tr": "Hayır", "ur": "نہیں"},
}


class YesNo(ChoiceKind):
    name = "yes_no"
    label = _l("Yes / no")
    xlsform_type = "select_one"
    xlsform_list = "yes_no"

    def options(self, question, language, source):
        return [(value, pick(labels, language, "en")[0], None) for value, labels in YES_NO.items()]

    def coerce(self, question, raw, strict=False):
        if isinstance(raw, bool):
            return "yes" if raw else "no"
        return super().coerce(question, raw, strict)


class Text(QuestionKind):
    name = "short_text"
    label = _l("Short text")
    template = "surveys/participant/kinds/text.html"
    xlsform_type = "text"
    xlsform_reads = ("text",)
    max_length = 300

    def coerce(self, question, raw, strict=False):
        if _empty(raw):
            return None
        return checked_text(question, raw, _l("Write the answer as text."), self.max_length)

    def reads_xlsform(self, xlsform_type, appearance, named):
        return xlsform_type in self.xlsform_reads and "multiline" not in appearance  # multiline: a long text


def checked_text(question, raw, not_text, max_length, measured=None):
    """`raw` stripped, or AnswerError: `not_text` when it is not text, the limit when it (or `measured`) is
    longer than the question's max_length setting, else `max_length`."""
    if not isinstance(raw, str):
        raise AnswerError(not_text)
    limit = question.get("settings", {}).get("max_length") or max_length
    if len(raw if measured is None else measured) > limit:
        raise AnswerError(lazy_ngettext("Please keep the answer under %(num)d character.",
                                       "Please keep the answer under %(num)d characters.", limit))
    return raw.strip()


class LongText(Text):
    name = "long_text"
    label = _l("Long text")
    template = "surveys/participant/kinds/long_text.html"
    appearance = "multiline"
    max_length = 5000

    def reads_xlsform(self, xlsform_type, appearance, named):
        return xlsform_type in self.xlsform_reads and (named or self.appearance in appearance)


LARGEST_NUMBER = 10 ** 15 - 1  # 15 digits: exact as a float and as a JSON number in every client


def in_number_range(value):
    """Whether `value` is a finite number of at most 15 digits before the decimal sign."""
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and (isinstance(value, int) or math.isfinite(value)) and abs(value) <= LARGEST_NUMBER)


class NumberKind(QuestionKind):
    template = "surveys/participant/kinds/number.html"
    has_bounds = True
    chartable = False

    def bounds(self, question):
        settings = question.get("settings", {})
        return settings.get("min"), settings.get("max")

    def check_bounds(self, question, value):
        if not in_number_range(value):
            raise AnswerError(_l("Enter a number of at most 15 digits."))
        low, high = self.bounds(question)
        if low is not None and high is not None and not low <= value <= high:
            raise AnswerError(_l("Enter a number from %(min)s to %(max)s.", min=_n(low), max=_n(high)))
        if low is not None and value < low:
            raise AnswerError(_l("Enter a number of at least %(min)s.", min=_n(low)))
        if high is not None and value > high:
            raise AnswerError(_l("Enter a number of at most %(max)s.", max=_n(high)))
        return value

    def summarise(self, question, values, language, source):
        values = [v for v in values if in_number_range(v)]  # what was stored before numbers were bounded
        if not values:
            return Summary()
        return Summary(numbers={"mean": round(statistics.fmean(values), 2), "median": statistics.median(values),
                                "min": min(values), "max": max(values)})


def _n(number):
    return int(number) if float(number).is_integer() else number


class Integer(NumberKind):
    name = "integer"
    label = _l("Whole number")
    xlsform_type = "integer"
    inputmode = "numeric"
    xlsform_reads = ("integer", "int")

    def coerce(self, question, raw, strict=False):
        if _empty(raw):
            return None
        if isinstance(raw, str) and not strict:
            raw = parse_int(raw)
        if isinstance(raw, float) and raw.is_integer() and strict:
            raw = int(raw)
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise AnswerError(_l("Enter a whole number, such as 12."))
        return self.check_bounds(question, raw)


class Decimal(NumberKind):
    name = "decimal"
    label = _l("Decimal number")
    xlsform_type = "decimal"
    inputmode = "decimal"
    xlsform_reads = ("decimal",)

    def coerce(self, question, raw, strict=False):
        if _empty(raw):
            return None
        if isinstance(raw, str) and not strict:
            raw = parse_decimal(raw)
        try:
            number = None if isinstance(raw, bool) or not isinstance(raw, int | float) else float(raw)
        except OverflowError:  # a JSON integer of hundreds of digits
            number = None
        if number is None or not math.isfinite(number):
            raise AnswerError(_l("Enter a number, such as 2.5."))
        return self.check_bounds(question, number)


class Date(QuestionKind):
    name = "date"
    label = _l("Date")
    template = "surveys/participant/kinds/date.html"
    xlsform_type = "date"
    xlsform_reads = ("date",)

    def coerce(self, question, raw, strict=False):
        if _empty(raw):
            return None
        try:
            return date.fromisoformat(raw.strip()).isoformat() if isinstance(raw, str) else _bad_date()
        except ValueError:
            _bad_date()

    def summarise(self, question, values, language, source):
        return Summary(numbers={"min": min(values), "max": max(values)} if values else None)


def _bad_date():
    raise AnswerError(_l("Enter a date as year-month-day, such as 2024-03-28."))


class Note(QuestionKind):
    name = "note"
    label = _l("Note (display only)")
    template = "surveys/participant/kinds/note.html"
    answers = False
    xlsform_type = "note"
    xlsform_reads = ("note",)

    def from_form(self, question, form):
        return None

    def coerce(self, question, raw, strict=False):
        if not _empty(raw):
            raise AnswerError(_l("This is a note: it takes no answer."))
        return None

    def columns(self, question):
        return []

    def codebook_rows(self, question, languages, source):
        return []


class SystemUsabilityScale(QuestionKind):
    """The standard ten SUS statements, each 1–5; stored as a list of ten numbers, scored 0–100."""

    bands = [(0, 50), (50, 68), (68, 80.3), (80.3, 100.01)]  # results count scores in these [low, high) bands

    name = "sus"
    label = _l("System Usability Scale (10 statements)")
    template = "surveys/participant/kinds/sus.html"
    xlsform_type = "begin group"  # a group of ten select_one rows, read back as one question (`xlsform.read`)
    xlsform_list = "likert5"
    chartable = True

    def items(self):
        return list(enumerate(SUS_STATEMENTS, start=1))

    def options(self, question, language, source):
        return [(i, LIKERT_LABELS[i - 1], None) for i in range(1, 6)]

    def field_names(self, question):
        return {field_name(question["key"], i) for i in range(1, 11)}

    def from_form(self, question, form):
        values = [form.get(field_name(question["key"], i)) or None for i in range(1, 11)]
        return None if all(v is None for v in values) else values

    def coerce(self, question, raw, strict=False):
        if _empty(raw):
            return None
        if not isinstance(raw, list) or len(raw) != 10:
            raise AnswerError(_l("Answer all ten statements."))
        values = []
        for value in raw:
            if isinstance(value, str) and not strict:
                value = parse_int(value, signed=False)
            if value is None:
                raise AnswerError(_l("Answer all ten statements."))
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
                raise AnswerError(_l("Choose a value from 1 to 5."))
            values.append(value)
        return values

    def score(self, question, value):
        """The standard SUS score: odd items score-1, even items 5-score, the sum times 2.5."""
        return sus_score(value)

    def summarise(self, question, values, language, source):
        """How many scores fall in each band, and the mean score."""
        scores = [self.score(question, v) for v in values]
        counts = {f"{low:g}–{min(high, 100):g}": sum(1 for s in scores if low <= s < high)
                  for low, high in self.bands}
        return Summary(counts=counts, labels={band: band for band in counts}, rows_heading=_l("SUS score"),
                       mean_score=round(statistics.fmean(scores), 1) if scores else None)

    def codebook_rows(self, question, languages, source):
        """A row per statement and one for the score, then the scale that codes all ten statements."""
        key = question["key"]
        rows = [[f"{key}_{i}", key, "sus_item", "", ""] + [in_language(language, statement) for language in languages]
                for i, statement in self.items()]
        rows.append([f"{key}_score", key, "sus_score", "", ""] + texts_in(question["label"], languages))
        return rows + _option_rows(self, question, languages, source, f"{key}_1…{key}_10")

    def reads_xlsform(self, xlsform_type, appearance, named):
        """The group that `to_xlsform` writes, when the row says it is ours; other groups are sections."""
        return named and xlsform_type == self.xlsform_type

    def to_xlsform(self, question, form):
        """A field-list group of the ten statements, each a select_one of the Likert list."""
        key = question["key"]
        form.row("begin group", key, question["label"], question["help"], question["required"],
                 question["condition"], "field-list", kind=self.name)
        list_name = form.fixed_list(self, question)
        for i, statement in self.items():
            form.row(f"select_one {list_name}", f"{key}_{i}", form.in_languages(statement),
                     required=question["required"], appearance="likert")
        form.row("end group", "")

    def columns(self, question):
        key = question["key"]
        columns = [(f"{key}_{i}", lambda value, i=i: value[i - 1] if value else "") for i in range(1, 11)]
        columns.append((f"{key}_score", lambda value: self.score(question, value) if value else ""))
        return columns


# --- locations, codes, times, ranges, acknowledgements

_COORDINATES = re.compile(r"\s*[;]\s*|\s*,\s+|\s+")  # "40.4, -3.7", "40.4;-3.7", "40.4 -3.7"


def _coordinate(raw, strict):
    """A coordinate typed or sent as a number, or None when it is not one."""
    if isinstance(raw, str) and not strict:  # degrees are never grouped: one "." or "," is the decimal sign
        plain = _number_text(raw).replace("\u2212", "-")
        raw = float(plain.replace(",", ".")) if _INTEGER.fullmatch(plain) or _ONE_SEPARATOR.fullmatch(plain) else None
    return float(raw) if in_number_range(raw) else None  # a JSON integer of hundreds of digits is none


def split_coordinates(text):
    """"lat, long", "lat long" or "lat;long" (a location pasted from a map) as [lat, long], else None."""
    parts = [part for part in _COORDINATES.split(ascii_digits(text.strip())) if part]
    halves = text.strip().split(",")
    if len(parts) == 1 and len(halves) == 2 and all("." in half for half in halves):  # "40.4,-3.7"
        parts = halves
    return parts if len(parts) in (2, 3, 4) else None


class Geopoint(QuestionKind):
    """A location: latitude and longitude in decimal degrees, and the accuracy in metres where the browser gives
    it; stored as {"lat", "lon", "accuracy"}. Results give the count, and the centre only from SMALL_CELL answers
    on; the points themselves are never shown (exports carry them), nor the area they cover, whose edges would be
    single people's locations."""

    name = "geopoint"
    label = _l("Location (latitude and longitude)")
    template = "surveys/participant/kinds/geopoint.html"
    xlsform_type = "geopoint"
    xlsform_reads = ("geopoint",)
    parts = ("lat", "lon", "accuracy")
    asks_location = True

    def field_names(self, question):
        return {field_name(question["key"], part) for part in self.parts}

    def from_form(self, question, form):
        values = {part: (form.get(field_name(question["key"], part)) or "").strip() for part in self.parts}
        if not any(values.values()):
            return None
        if values["lat"] and not values["lon"]:
            pasted = split_coordinates(values["lat"])
            if pasted:
                values["lat"], values["lon"] = pasted[0], pasted[1]
        return {part: value for part, value in values.items() if value}

    def coerce(self, question, raw, strict=False):
        if _empty(raw):
            return None
        if isinstance(raw, str) and not strict:  # "lat lon [altitude accuracy]", as ODK writes a geopoint
            parts = split_coordinates(raw) or []
            raw = {"lat": parts[0], "lon": parts[1]} if len(parts) >= 2 else {}
            if len(parts) == 4:
                raw["accuracy"] = parts[3]
        if not isinstance(raw, dict) or set(raw) - set(self.parts) or "lat" not in raw or "lon" not in raw:
            raise AnswerError(_l("Give both the latitude and the longitude."))
        lat, lon = _coordinate(raw["lat"], strict), _coordinate(raw["lon"], strict)
        if lat is None or not -90 <= lat <= 90:
            raise AnswerError(_l("Enter the latitude as a number of degrees from -90 to 90, such as 40.4168."))
        if lon is None or not -180 <= lon <= 180:
            raise AnswerError(_l("Enter the longitude as a number of degrees from -180 to 180, such as -3.7038."))
        value = {"lat": lat, "lon": lon}
        if not _empty(raw.get("accuracy")):
            accuracy = _coordinate(raw["accuracy"], strict)
            if accuracy is None or not 0 <= accuracy <= 10 ** 7:
                raise AnswerError(_l("The accuracy is a distance in metres: a number of 0 or more."))
            value["accuracy"] = accuracy
        return value

    def columns(self, question):
        key = question["key"]
        return [(f"{key}_{column}", lambda value, part=part: "" if not value or value.get(part) is None
                 else value[part])
                for column, part in (("latitude", "lat"), ("longitude", "lon"), ("accuracy", "accuracy"))]

    def codebook_rows(self, question, languages, source):
        key = question["key"]
        words = {"latitude": _l("Latitude in decimal degrees (WGS 84)"),
                 "longitude": _l("Longitude in decimal degrees (WGS 84)"),
                 "accuracy": _l("Accuracy in metres, as the device gave it")}
        return ([[key, key, self.name, "yes" if question["required"] else "no", ""] +
                 texts_in(question["label"], languages)] +
                [[f"{key}_{column}", key, column, "", ""] + [in_language(language, text) for language in languages]
                 for column, text in words.items()])

    def summarise(self, question, values, language, source):
        """The centre, from SMALL_CELL answers on; fewer say nothing but their count."""
        points = [(v["lat"], v["lon"]) for v in values if isinstance(v, dict) and "lat" in v and "lon" in v]
        if len(points) < SMALL_CELL:
            return Summary()
        lats, lons = [p[0] for p in points], [p[1] for p in points]
        return Summary(numbers={"centroid": f"{statistics.fmean(lats):.2f}, {statistics.fmean(lons):.2f}"})


class Barcode(QuestionKind):
    """A code typed from a barcode or QR code (a camera scan is not offered); counted in results, never listed."""

    name = "barcode"
    label = _l("Barcode (typed)")
    template = "surveys/participant/kinds/barcode.html"
    xlsform_type = "barcode"
    xlsform_reads = ("barcode",)
    max_length = 200

    def coerce(self, question, raw, strict=False):
        if _empty(raw):
            return None
        return checked_text(question, raw, _l("Write the code as text."), self.max_length,
                            measured=raw.strip() if isinstance(raw, str) else None)

    def summarise(self, question, values, language, source):
        return Summary()


_TIME = re.compile(r"([0-9]{1,2})[:.h]([0-9]{2})(?::([0-9]{2}))?")


def parse_time(text):
    """"9:05", "09:05", "9.05", "9h05" or "09:05:30" as "09:05", or None."""
    match = _TIME.fullmatch(ascii_digits(text.strip()))
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59 or int(match.group(3) or 0) > 59:
        return None
    return f"{int(match.group(1)):02d}:{match.group(2)}"


class Time(Date):
    name = "time"
    label = _l("Time of day")
    template = "surveys/participant/kinds/time.html"
    xlsform_type = "time"
    xlsform_reads = ("time",)
    local_time = True  # the export's codebook names the time zone

    def coerce(self, question, raw, strict=False):
        if _empty(raw):
            return None
        value = parse_time(raw) if isinstance(raw, str) else None
        if value is None:
            raise AnswerError(_l("Enter a time as hours:minutes on the 24-hour clock, such as 09:05 or 17:30."))
        return value


class DateTime(Date):
    """A date and a time of day, in the pilot site's time zone (named in the export's codebook), stored as ISO 8601
    without a time zone: "2024-03-28T14:30"."""

    name = "datetime"
    label = _l("Date and time")
    template = "surveys/participant/kinds/datetime.html"
    xlsform_type = "dateTime"
    xlsform_reads = ("datetime",)
    local_time = True  # the export's codebook names the time zone

    def from_form(self, question, form):
        value = (form.get(field_name(question["key"])) or "").strip()
        return value or None

    def coerce(self, question, raw, strict=False):
        if _empty(raw):
            return None
        try:
            moment = datetime.fromisoformat(raw.strip().replace(" ", "T", 1)) if isinstance(raw, str) else None
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is not None or "T" not in raw.strip().replace(" ", "T", 1):
            raise AnswerError(_l("Enter a date and a time as year-month-day hours:minutes, such as 2024-03-28 "
                                 "14:30, without a time zone."))
        return moment.isoformat(timespec="minutes")


RANGE_DEFAULTS = {"start": 1, "end": 10, "step": 1}  # pyxform's, for a range without parameters
RANGE_CHOICES = 11  # at most this many values are offered as options; more are typed as a number


def _exact(number):
    return Exact(str(number))


def check_range(settings):
    """The range's start, end and step (defaults where missing) as pyxform reads them: numbers, a step that is
    not 0, not wider than the range, and that divides it. Raises AnswerError saying what is wrong."""
    values = {name: settings.get(name, default) for name, default in RANGE_DEFAULTS.items()}
    try:
        start, end, step = (_exact(values[name]) for name in ("start", "end", "step"))
    except (InvalidOperation, ValueError):
        raise AnswerError(_l("The start, end and step of a range must all be numbers.")) from None
    if not all(n.is_finite() and abs(n) <= LARGEST_NUMBER for n in (start, end, step)):
        raise AnswerError(_l("The start, end and step of a range must all be numbers."))
    if step <= 0:
        raise AnswerError(_l("The step of a range must be more than 0."))
    if step > abs(end - start):
        raise AnswerError(_l("The step of a range cannot be larger than the range from start to end."))
    if (end - start) % step != 0:
        raise AnswerError(_l("The step must divide the range from start to end into equal parts."))
    return {name: _plain_number(value) for name, value in (("start", start), ("end", end), ("step", step))}


def _plain_number(value):
    return int(value) if value == value.to_integral_value() else float(value)


class Range(QuestionKind):
    """A number from start to end in steps (XLSForm's range, whose slider is not accessible enough alone): up
    to RANGE_CHOICES values as options to choose, more as a number field."""

    name = "range"
    label = _l("Range of numbers in steps")
    xlsform_type = "range"
    xlsform_reads = ("range",)
    template = "surveys/participant/kinds/range.html"
    options_class = "options--scale"

    def parameters(self, question):
        """(start, end, step) of the question, pyxform's defaults where they are not set."""
        settings = {**RANGE_DEFAULTS, **{k: v for k, v in (question.get("settings") or {}).items()
                                         if k in RANGE_DEFAULTS and v is not None}}
        return settings["start"], settings["end"], settings["step"]

    def values(self, question):
        start, end, step = (_exact(n) for n in self.parameters(question))
        direction = 1 if end >= start else -1
        count = int(abs(end - start) / step) + 1
        return [_plain_number(start + direction * i * step) for i in range(min(count, RANGE_CHOICES + 1))]

    def offers_options(self, question):
        return len(self.values(question)) <= RANGE_CHOICES

    def options(self, question, language, source):
        return [(value, str(value), None) for value in self.values(question)] if self.offers_options(question) else []

    def coerce(self, question, raw, strict=False):
        if _empty(raw):
            return None
        if isinstance(raw, str) and not strict:
            raw = parse_decimal(raw)
        start, end, step = self.parameters(question)
        low, high = min(start, end), max(start, end)
        if not in_number_range(raw) or not low <= raw <= high:
            raise AnswerError(_l("Enter a number from %(min)s to %(max)s.", min=low, max=high))
        if (_exact(raw) - _exact(start)) % _exact(step) != 0:
            raise AnswerError(_l("Choose a number from %(start)s in steps of %(step)s.", start=start, step=step))
        return _plain_number(_exact(raw))

    def summarise(self, question, values, language, source):
        """How many chose each value where the values are few (as options), and the mean and median."""
        values = [v for v in values if in_number_range(v)]
        numbers = ({"mean": round(statistics.fmean(values), 2), "median": statistics.median(values),
                    "min": min(values), "max": max(values)} if values else None)
        if not self.offers_options(question):
            return Summary(numbers=numbers)
        counts = {str(value): sum(1 for v in values if v == value) for value in self.values(question)}
        return Summary(counts=counts, labels={value: value for value in counts}, numbers=numbers)

    def settings_from_xlsform(self, parameters):
        """The settings of a range row's `parameters` ({name: text}); AnswerError for what pyxform refuses."""
        unknown = sorted(set(parameters) - set(RANGE_DEFAULTS))
        if unknown:
            raise AnswerError(_l("These range parameters are not supported: %(names)s.", names=", ".join(unknown)))
        return check_range(parameters)

    def to_xlsform(self, question, form):
        start, end, step = self.parameters(question)
        form.row(self.xlsform_type, question["key"], question["label"], question["help"], question["required"],
                 question["condition"], kind=self.name, parameters=f"start={start} end={end} step={step}")

    def codebook_rows(self, question, languages, source):
        start, end, step = self.parameters(question)
        rows = super().codebook_rows(question, languages, source)
        rows[0][4] = f"start={start} end={end} step={step}"
        return rows


class Acknowledge(QuestionKind):
    """A single box to tick ("I have read this"); stored as "OK", as XLSForm's acknowledge is."""

    name = "acknowledge"
    label = _l("Acknowledgement (one box to tick)")
    template = "surveys/participant/kinds/acknowledge.html"
    xlsform_type = "acknowledge"
    xlsform_reads = ("acknowledge",)
    chartable = False

    def coerce(self, question, raw, strict=False):
        if _empty(raw) or raw is False:
            return None
        if raw is True or raw == "OK":
            return "OK"
        raise AnswerError(_l("Tick the box, or leave it empty."))

    def summarise(self, question, values, language, source):
        return Summary(counts={"OK": sum(1 for v in values if v == "OK")}, labels={"OK": str(_l("Acknowledged"))})


# --- repeats: a group of questions answered once per entry (a household's members, each member's jobs)

REPEAT_SEPARATOR = ":"  # in field names of entries: q-members:2:age (":" is never part of a question key)


def entry_key(path, index, key):
    """The key a question inside entry `index` (from 1) of the repeat at `path` is rendered under."""
    return f"{path}{REPEAT_SEPARATOR}{index}{REPEAT_SEPARATOR}{key}"


def count_name(path):
    """The form field that says how many entries the repeat at `path` shows."""
    return f"{field_name(path)}{REPEAT_SEPARATOR}n"


class Repeat(QuestionKind):
    """A group of questions answered once per entry: `settings["questions"]` are its questions (question dicts,
    a repeat among them nests), `settings["repeat_count"]` an optional fixed number or expression of entries.
    The answer is a list of entries, each {key: answer} of the questions inside (`services` checks them)."""

    name = "repeat"
    label = _l("Repeated group (one entry per person or item)")
    template = "surveys/participant/kinds/repeat.html"
    xlsform_type = "begin repeat"
    repeats = True
    built_here = False  # imported from an XLSForm; the builder shows it but does not make one
    chartable = False

    def questions(self, question):
        return (question.get("settings") or {}).get("questions") or []

    def field_names(self, question):
        return {count_name(question["key"])}

    def owns(self, question, name):
        prefix = field_name(question["key"]) + REPEAT_SEPARATOR
        return name.startswith(prefix)

    def from_form(self, question, form):
        try:
            shown = int(form.get(count_name(question["key"])) or 0)
        except ValueError:
            shown = 0
        entries = []
        for index in range(1, shown + 1):  # bounded when the form was received (entries.bounded)
            entry = {}
            for inner in self.questions(question):
                renamed = {**inner, "key": entry_key(question["key"], index, inner["key"])}
                value = kind_of(inner).from_form(renamed, form)
                if value is not None:
                    entry[inner["key"]] = value
            entries.append(entry)
        return entries or None

    def coerce(self, question, raw, strict=False):
        """Only the shape: entries are checked one question at a time by `services.validate_answers`."""
        if _empty(raw):
            return None
        if not isinstance(raw, list):
            raise AnswerError(_l("Send the entries of this repeated group as a list."))
        return raw

    def summarise(self, question, values, language, source):
        counts = [len(entries) for entries in values]
        if not counts:
            return Summary()
        return Summary(numbers={"entries": sum(counts), "mean": round(statistics.fmean(counts), 2),
                                "median": statistics.median(counts), "min": min(counts), "max": max(counts)})

    def columns(self, question):
        """In the response's table, the number of entries; the entries go into a table of their own."""
        return [(f"{question['key']}_count", lambda value: len(value) if value else 0)]

    def codebook_rows(self, question, languages, source):
        key = question["key"]
        rows = [[f"{key}_count", key, self.name, "yes" if question["required"] else "no", ""] +
                texts_in(question["label"], languages)]
        for inner in self.questions(question):
            rows += kind_of(inner).codebook_rows(inner, languages, source)
        return rows

    def reads_xlsform(self, xlsform_type, appearance, named):
        return False  # begin repeat is read by the survey sheet's reader, which reads the questions inside

    def to_xlsform(self, question, form):
        form.row("begin repeat", question["key"], question["label"], question["help"], question["required"],
                 question["condition"], kind=self.name)
        for inner in self.questions(question):
            inner_start = len(form.survey_rows)
            kind_of(inner).to_xlsform(inner, form)
            form.expressions(inner, inner_start)
        form.row("end repeat", "")


KINDS = {kind.name: kind for kind in (
    SingleChoice(), MultipleChoice(), Likert(), Rating(), YesNo(), Text(), LongText(),
    Integer(), Decimal(), Date(), Note(), SystemUsabilityScale(),
    Geopoint(), Barcode(), Time(), DateTime(), Range(), Acknowledge(), Repeat())}


def kind_of(question):
    return KINDS[question["kind"]]


def kind_of_xlsform(xlsform_type, appearance, named=""):
    """The kind an XLSForm survey row of `xlsform_type` is read as, or None: the kind its cocreate_kind column
    names (`named`) where that kind is written this way, else the first kind that reads this type."""
    own = KINDS.get(named)
    if own is not None and own.reads_xlsform(xlsform_type, appearance, named=True):
        return own
    return next((kind for kind in KINDS.values() if kind.reads_xlsform(xlsform_type, appearance, named=False)),
                None)


def kind_choices():
    from wtforms.fields.choices import SelectChoice

    return [SelectChoice(name, kind.label) for name, kind in KINDS.items() if kind.built_here]
