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
from datetime import date

from babel.numbers import NumberFormatError
from babel.numbers import parse_decimal as parse_babel_decimal
from flask import has_request_context
from flask_babel import force_locale, get_locale
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext

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
        if not isinstance(raw, str):
            raise AnswerError(_l("Write the answer as text."))
        limit = question.get("settings", {}).get("max_length") or self.max_length
        if len(raw) > limit:
            raise AnswerError(lazy_ngettext("Please keep the answer under %(num)d character.",
                                           "Please keep the answer under %(num)d characters.", limit))
        return raw.strip()

    def reads_xlsform(self, xlsform_type, appearance, named):
        return xlsform_type in self.xlsform_reads and "multiline" not in appearance  # multiline: a long text


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


KINDS = {kind.name: kind for kind in (
    SingleChoice(), MultipleChoice(), Likert(), Rating(), YesNo(), Text(), LongText(),
    Integer(), Decimal(), Date(), Note(), SystemUsabilityScale())}


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

    return [SelectChoice(name, kind.label) for name, kind in KINDS.items()]
