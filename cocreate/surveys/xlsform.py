"""XLSForm interchange: read the `.xlsx` forms KoboToolbox and ODK users write, and write any survey as one.

Sheets `survey`, `choices`, `settings`. Supported: select_one, select_multiple,
text, integer, decimal, date, note, begin/end group, `label::Language (code)` (also `label:Language`,
any letter case, and pyxform's aliases such as `caption` and `bind::required`)
and `hint::…` columns, `required`, `relevant` (the skip-logic kinds in `logic`),
and number bounds written as a `constraint` (`. >= 0 and . <= 120`).
Everything else is listed row by row in the import report, never dropped
silently. Exports add a `cocreate_kind` column (and settings columns for the
mode, title and introduction in every language) so that importing an export
gives back the same survey; other tools ignore extra columns.
"""
import io
import re
import zipfile
from dataclasses import dataclass, field

from babel import Locale, UnknownLocaleError
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from ..spreadsheets import as_text_cells
from . import logic
from .kinds import KINDS, in_language, kind_of, kind_of_xlsform
from .services import CHOICE_PATTERN, KEY_PATTERN

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
# Limits on what the upload unpacks to (a 69 KB "zip bomb" can hold 400,000 rows): checked on the zip's
# own directory before openpyxl reads anything, then again while rows are read.
MAX_UNPACKED_BYTES = 10 * 1024 * 1024
MAX_ROWS = 3000
MAX_COLUMNS = 200
METADATA_TYPES = {"start", "end", "today", "deviceid", "subscriberid", "simserial", "phonenumber", "username",
                  "email", "audit", "calculate", "hidden", "start-geopoint", "background-audio", "uuid"}
TRUE_WORDS = {"yes", "true", "true()", "1"}
BOUNDS = re.compile(r"^\s*\.\s*(>=|<=)\s*(-?\d+(?:\.\d+)?)\s*(?:and\s*\.\s*(>=|<=)\s*(-?\d+(?:\.\d+)?)\s*)?$")


class XLSFormError(ValueError):
    """A file that cannot be read as an XLSForm at all; nothing is imported.

    `problems` holds the row-by-row reasons when the file was read but no question could be kept."""

    def __init__(self, message, problems=()):
        super().__init__(message)
        self.problems = list(problems)


@dataclass
class Problem:
    sheet: str
    row: int
    message: str


@dataclass
class Reading:
    """What an XLSForm file gives: a survey definition and the problems, row by row."""

    definition: dict | None
    problems: list = field(default_factory=list)


def report_lines(problems):
    """One line per problem, for the command line and the web import page alike."""
    return [str(_l("%(sheet)s row %(row)s: %(message)s", sheet=p.sheet, row=p.row, message=p.message))
            for p in problems]


# --- language columns -------------------------------------------------------

def language_column(code):
    """'ar' -> 'Arabic (ar)', as XLSForm writes languages."""
    try:
        name = Locale("en").languages.get(code) or code
    except (ValueError, UnknownLocaleError):
        name = code
    return f"{name} ({code})"


def language_code(text):
    """'Arabic (ar)' -> 'ar'; 'Arabic' -> 'ar'; None when it cannot be told."""
    text = (text or "").strip()
    match = re.search(r"\(([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)?)\)\s*$", text)
    if match:
        return match.group(1).lower().replace("_", "-")
    wanted = text.casefold()
    for code, name in Locale("en").languages.items():
        if name.casefold() == wanted and "_" not in code:
            return code
    if re.fullmatch(r"[a-z]{2,3}", text.lower()):
        return text.lower()
    return None


# --- headers ------------------------------------------------------------------

# pyxform's aliases for column names, after lower-casing (xls2json's header aliases)
HEADER_ALIASES = {
    "caption": "label", "relevance": "relevant", "bind::relevant": "relevant", "bind::required": "required",
    "bind::constraint": "constraint", "bind::jr:constraintmsg": "constraint_message",
    "bind::jr:requiredmsg": "required_message", "control::appearance": "appearance",
    "bind::calculate": "calculation", "list name": "list_name", "media::image": "image", "media::audio": "audio",
    "media::video": "video",
}
# columns that may carry a language after "::" (or, as older forms write it, after a single ":")
TRANSLATABLE = {"label", "hint", "caption", "constraint_message", "required_message", "image", "audio", "video",
                "media::image", "media::audio", "media::video", "guidance_hint", "form_title"}


def header_name(header):
    """A column header as pyxform reads it: 'LABEL::EN' -> 'label::EN', 'label:English' -> 'label::English',
    'caption::Arabic (ar)' -> 'label::Arabic (ar)', 'bind::required' -> 'required'. The language part keeps
    its spelling; language_code() resolves it."""
    header = (header or "").strip()
    lowered = header.lower()
    if lowered in HEADER_ALIASES:
        return HEADER_ALIASES[lowered]
    base, separator, language = header.rpartition("::")
    if not separator:
        base, separator, language = header.partition(":")
        if not separator:
            return lowered
    base = base.strip().lower()
    if separator == ":" and base not in TRANSLATABLE:
        return lowered
    return f"{HEADER_ALIASES.get(base, base)}::{language.strip()}"


# --- reading ------------------------------------------------------------------

@dataclass
class Sheet:
    """One sheet of the workbook: its title as written, its headers as pyxform reads them, and its rows as
    (row number, {header: text})."""

    title: str
    header: list
    rows: list


def _sheet(workbook, name):
    """The sheet called `name` (any letter case), or None."""
    for title in workbook.sheetnames:
        if title.strip().lower() == name:
            rows = []
            for row in workbook[title].iter_rows(values_only=True, max_col=MAX_COLUMNS):
                rows.append(row)
                if len(rows) > MAX_ROWS:
                    raise XLSFormError(_l("The sheet %(sheet)s has more than %(limit)s rows: this is too large "
                                          "for a survey.", sheet=title, limit=MAX_ROWS))
            if not rows:
                return Sheet(title, [], [])
            header = [header_name(str(h)) if h is not None else "" for h in rows[0]]
            records = []
            for number, row in enumerate(rows[1:], start=2):
                cells = {header[i]: ("" if v is None else str(v).strip()) for i, v in enumerate(row) if i < len(header)
                         and header[i]}
                records.append((number, {(k.lower() if "::" not in k else k): v for k, v in cells.items()}))
            return Sheet(title, header, records)
    return None


def _texts(cells, prefix, default_language, problems, sheet, number):
    texts = {}
    for column, value in cells.items():
        name = column.lower()
        if not value:
            continue
        if name == prefix:
            texts[default_language] = value
        elif name.startswith(prefix + "::"):
            code = language_code(column.split("::", 1)[1])
            if code is None:
                problems.append(Problem(sheet, number, str(_l("The language of column %(column)s is not known; "
                                                            "write it as Name (code), such as Arabic (ar).",
                                                            column=column))))
                continue
            texts[code] = value
    return texts


def read(data):
    """Read an XLSForm from bytes; returns a Reading (definition None when nothing can be imported)."""
    _check_unpacked_size(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise XLSFormError(_l("This is not an Excel .xlsx file.")) from None
    try:
        return _read(workbook)
    except XLSFormError:
        raise
    except (SyntaxError, ValueError, KeyError, zipfile.BadZipFile, EOFError, OSError):
        # openpyxl reads sheets lazily: broken sheet XML (a ParseError is a SyntaxError) or a refused entity
        # declaration (defusedxml raises a ValueError) only shows while the rows are read
        raise XLSFormError(_l("This is not an Excel .xlsx file.")) from None
    finally:
        workbook.close()


def _check_unpacked_size(data):
    """Refuse a file that would unpack to more than MAX_UNPACKED_BYTES, from the zip directory alone."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise XLSFormError(_l("This is not an Excel .xlsx file.")) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise XLSFormError(_l("This file unpacks to more than %(limit)s MB: this is too large for a survey.",
                              limit=MAX_UNPACKED_BYTES // (1024 * 1024)))


def _read(workbook):
    survey = _sheet(workbook, "survey")
    if survey is None:
        raise XLSFormError(_l("The file has no sheet named survey: it is not an XLSForm."))
    if "type" not in [h.lower() for h in survey.header]:
        raise XLSFormError(_l("The survey sheet has no type column: it is not an XLSForm."))
    problems = []
    settings = _read_settings(_sheet(workbook, "settings"))
    label_languages = [code for h in survey.header if h.lower().startswith("label::")
                       for code in [language_code(h.split("::", 1)[1])] if code]
    language = settings.language or (label_languages[0] if label_languages else "en")
    choices = _read_choices(_sheet(workbook, "choices"), language, problems)
    sections = SurveyReader(language, choices, problems).read(survey.rows)
    if not sections:
        raise XLSFormError(_l("No question in the file could be imported."), problems)
    languages = list(dict.fromkeys([language, *label_languages, *[
        code for s in sections for q in s["questions"] for code in q["label"]]]))
    return Reading({"source_language": language, "languages": languages, **settings.definition(language),
                    "sections": sections}, problems)


# --- the settings sheet

@dataclass
class Settings:
    """What the settings sheet says: its first row, the form's language as written."""

    cells: dict

    @property
    def language(self):
        written = self.cells.get("default_language")
        return language_code(written) if written else None

    def _in_languages(self, column):
        return {code: self.cells[k] for k in self.cells if k.lower().startswith(column + "::")
                for code in [language_code(k.split("::", 1)[1])] if code and self.cells[k]}

    def definition(self, language):
        """The title, description and mode of the survey, with `language` the form's own."""
        cells = self.cells
        title = self._in_languages("form_title")
        if cells.get("form_title"):
            title.setdefault(language, cells["form_title"])
        mode = cells.get("cocreate_mode") if cells.get("cocreate_mode") in ("anonymous", "linked") else "anonymous"
        return {"title": title or {language: cells.get("form_id") or str(_l("Imported survey"))},
                "description": self._in_languages("cocreate_description"), "mode": mode}


def _read_settings(sheet):
    return Settings(sheet.rows[0][1] if sheet and sheet.rows else {})


# --- the choices sheet

def _read_choices(sheet, language, problems):
    """{list name: [{value, label}]} from the choices sheet."""
    choices = {}
    for number, cells in sheet.rows if sheet else []:
        list_name, name = cells.get("list_name") or cells.get("list name"), cells.get("name")
        if not list_name and not name:
            continue
        if not list_name or not name:
            problems.append(Problem("choices", number, str(_l("A choice needs a list_name and a name."))))
            continue
        choices.setdefault(list_name, []).append(
            {"value": name, "label": _texts(cells, "label", language, problems, "choices", number)})
    return choices


# --- the survey sheet

@dataclass
class Row:
    """A survey-sheet row being read."""

    number: int
    cells: dict

    @property
    def type(self):
        return re.sub(r"\s+", " ", self.cells.get("type", "")).strip()

    @property
    def name(self):
        return self.cells.get("name", "")

    def get(self, column):
        return self.cells.get(column, "")

    @property
    def required(self):
        return self.get("required").lower() in TRUE_WORDS


class SurveyReader:
    """Reads the survey sheet row by row into sections of questions. Groups are kept on a stack of frames:
    "section" (a top-level group), "nested" (a group inside it, flattened, carrying its condition), "block"
    (a group written by one of our kinds, read back as one question: SUS) and "repeat" (left out)."""

    def __init__(self, language, choices, problems):
        self.language, self.choices, self.problems = language, choices, problems
        self.sections, self.seen_keys, self.stack = [], set(), []
        self.current = None  # the section questions go into
        self.block = None  # the SUS block being read

    def report(self, row, message):
        self.problems.append(Problem("survey", row.number, str(message)))

    def texts(self, row, column):
        return _texts(row.cells, column, self.language, self.problems, "survey", row.number)

    def read(self, rows):
        for number, cells in rows:
            row = Row(number, cells)
            if not row.type:
                if any(cells.values()):
                    self.report(row, _l("A row without a type was not imported."))
                continue
            handler = self.ROW_HANDLERS.get(row.type.lower(), SurveyReader.question)
            if handler is not SurveyReader.end_repeat and handler is not SurveyReader.begin_repeat \
                    and self.in_repeat():
                self.report(row, _l("%(name)s is inside a repeated group and was not imported.",
                                    name=row.name or row.type))
                continue
            handler(self, row)
        return [s for s in self.sections if s["questions"]]

    # --- helpers

    def in_repeat(self):
        return any(frame == "repeat" for frame, _condition in self.stack)

    def section(self, row):
        """The section a question goes into: a default one when the question is outside every group."""
        if self.current is None:
            key = "section_1" if "section_1" not in self.seen_keys else f"section_{row.number}"
            self.current = {"key": key, "title": {self.language: str(_l("Questions"))}, "condition": None,
                            "questions": []}
            self.seen_keys.add(key)
            self.sections.append(self.current)
        return self.current

    def condition(self, text, number, own_key=None):
        """The condition tree of `text`, or None (with a line) when it cannot be used."""
        if not text:
            return None
        try:
            tree = logic.parse(text)
        except logic.ConditionError as error:
            self.problems.append(Problem("survey", number, str(_l(
                "The condition “%(text)s” cannot be used: %(reason)s The row was imported without it.",
                text=text, reason=str(error)))))
            return None
        missing = sorted(logic.references(tree) - (self.seen_keys - {own_key}))
        if missing:
            self.problems.append(Problem("survey", number, str(_l(
                "The condition “%(text)s” uses %(keys)s, which is not answered before this row. The row was "
                "imported without it.", text=text, keys=", ".join(missing)))))
            return None
        return tree

    def nested_condition(self, tree):
        """`tree` joined with the conditions of the flattened groups around the row."""
        outer = [c for frame, c in self.stack if frame == "nested" and c is not None]
        items = outer + ([tree] if tree is not None else [])
        return None if not items else items[0] if len(items) == 1 else {"op": "and", "items": items}

    # --- one handler per kind of row

    def begin_repeat(self, row):
        self.stack.append(("repeat", None))
        self.report(row, _l("Repeated groups are not supported: the group %(name)s and its questions were not "
                            "imported.", name=row.name))

    def end_repeat(self, row):
        if self.stack and self.stack[-1][0] == "repeat":
            self.stack.pop()

    def begin_group(self, row):
        block = kind_of_xlsform("begin group", row.get("appearance").lower(), row.get("cocreate_kind"))
        if block is not None:
            self.block = {"key": row.name, "kind": block.name, "number": row.number,
                          "label": self.texts(row, "label"), "help": self.texts(row, "hint"),
                          "required": row.required, "relevant": row.get("relevant"), "items": 0}
            self.stack.append(("block", None))
            return
        name = row.name
        if not KEY_PATTERN.match(name or "") or name in self.seen_keys:
            self.report(row, _l("The group name %(name)s is missing, not a valid name or used twice; a new name "
                                "was given.", name=name or "—"))
            name = f"group_{row.number}"
        if self.stack:
            self.stack.append(("nested", self.condition(row.get("relevant"), row.number)))
            self.report(row, _l("Groups inside groups are not supported: the questions of %(name)s were put in "
                                "the enclosing section, each with the group's condition.", name=name))
            return
        self.current = {"key": name, "title": self.texts(row, "label"),
                        "condition": self.condition(row.get("relevant"), row.number), "questions": []}
        if not self.current["title"]:
            self.current["title"] = {self.language: name}
        self.seen_keys.add(name)
        self.sections.append(self.current)
        self.stack.append(("section", None))

    def end_group(self, row):
        if not self.stack:
            self.report(row, _l("end group without begin group was ignored."))
            return
        frame, _condition = self.stack.pop()
        if frame == "block":
            self.finish_block(row)
        elif frame == "section":
            self.current = None

    def finish_block(self, row):
        block, self.block = self.block, None
        if block["items"] != len(KINDS[block["kind"]].items()):
            self.problems.append(Problem("survey", block["number"], str(_l(
                "A SUS block has ten statements; %(name)s has %(count)s and was not imported.",
                name=block["key"], count=block["items"]))))
            return
        if not KEY_PATTERN.match(block["key"] or "") or block["key"] in self.seen_keys:
            self.problems.append(Problem("survey", block["number"], str(_l(
                "The name %(name)s is missing, not a valid name or used twice: the row was not imported.",
                name=block["key"] or "—"))))
            return
        self.section(row)["questions"].append({
            "key": block["key"], "kind": block["kind"], "label": block["label"], "help": block["help"],
            "required": block["required"], "choices": [], "settings": {},
            "condition": self.condition(block["relevant"], block["number"])})
        self.seen_keys.add(block["key"])

    def question(self, row):
        if self.block is not None:
            self.block["items"] += 1
            return
        base = row.type.lower().replace("_", " ").split(" ")[0]
        if base in METADATA_TYPES:
            self.report(row, _l("The metadata field %(name)s (%(type)s) is recorded by the data-collection app, "
                                "not asked: not imported.", name=row.name or "—", type=row.type))
            return
        question = self.question_of_kind(row)
        if question is None:
            return
        name = row.name
        if not KEY_PATTERN.match(name or "") or name in self.seen_keys:
            self.report(row, _l("The name %(name)s is missing, not a valid name or used twice: the row was not "
                                "imported.", name=name or "—"))
            return
        question["key"] = name
        question["condition"] = self.nested_condition(self.condition(row.get("relevant"), row.number, own_key=name))
        self.section(row)["questions"].append(question)
        self.seen_keys.add(name)

    def question_of_kind(self, row):
        """The question a row asks (without key and condition), or None with a line saying why."""
        parts = row.type.split()
        base = parts[0].lower()
        question = {"label": self.texts(row, "label"), "help": self.texts(row, "hint"), "required": row.required,
                    "choices": [], "settings": {}}
        kind = kind_of_xlsform(base, row.get("appearance").lower(), row.get("cocreate_kind"))
        if kind is None:
            self.report(row, _l("The question type %(type)s is not supported: %(name)s was not imported.",
                                type=row.type, name=row.name or "—"))
            return None
        question["kind"] = kind.name
        if base in ("select_one", "select_multiple"):
            return self.with_choices(row, parts, kind, question)
        if not question["label"] and kind.answers:
            question["label"] = {self.language: row.name}
        constraint = row.get("constraint")
        if constraint:
            match = BOUNDS.match(constraint) if kind.has_bounds else None
            if match:
                for symbol, value in ((match.group(1), match.group(2)), (match.group(3), match.group(4))):
                    if symbol:
                        question["settings"]["min" if symbol == ">=" else "max"] = \
                            float(value) if "." in value else int(value)
            else:
                self.report(row, _l("The constraint “%(constraint)s” is not supported: %(name)s was imported "
                                    "without it.", constraint=constraint, name=row.name))
        if not kind.answers:
            question["required"] = False
        return question

    def with_choices(self, row, parts, kind, question):
        if len(parts) < 2:
            self.report(row, _l("%(type)s names no choice list: not imported.", type=row.type))
            return None
        if len(parts) > 2 and parts[2].lower() == "or_other":
            self.report(row, _l("“or_other” is not supported: %(name)s was imported without the “Other” choice.",
                                name=row.name))
        list_name = parts[1]
        if list_name not in self.choices:
            self.report(row, _l("The choice list %(list)s is not in the choices sheet: not imported.",
                                list=list_name))
            return None
        if not kind.has_choices:  # one of our fixed lists: the options are the kind's own
            return question
        question["choices"] = [dict(c) for c in self.choices[list_name]]
        bad = [c["value"] for c in question["choices"] if not CHOICE_PATTERN.match(c["value"])]
        if bad or len(question["choices"]) < 2:
            self.report(row, _l("The choice list %(list)s needs at least two choices with valid names: not "
                                "imported.", list=list_name))
            return None
        return question

    ROW_HANDLERS = {"begin repeat": begin_repeat, "begin_repeat": begin_repeat, "end repeat": end_repeat,
                    "end_repeat": end_repeat, "begin group": begin_group, "begin_group": begin_group,
                    "end group": end_group, "end_group": end_group}


# --- writing ------------------------------------------------------------------

class FormWriter:
    """The survey and choices rows of an XLSForm being written; each question's kind adds its own
    (`QuestionKind.to_xlsform`)."""

    def __init__(self, languages, source):
        self.languages, self.source = languages, source
        self.survey_rows, self.choice_rows, self._lists = [], [], set()

    def row(self, type_, name, label=None, hint=None, required=False, relevant=None, appearance="", constraint="",
            kind=""):
        """Add a survey-sheet row; `label` and `hint` are {language: text}, `relevant` a condition tree."""
        label, hint = label or {}, hint or {}
        self.survey_rows.append(
            [type_, name] + [label.get(lang, "") for lang in self.languages]
            + [hint.get(lang, "") for lang in self.languages]
            + ["yes" if required else "", logic.to_text(relevant), appearance, constraint, kind])

    def choices(self, list_name, choices):
        """Add the choices ({value, label: {language: text}}) of the list `list_name`."""
        for choice in choices:
            self.choice_rows.append([list_name, choice["value"]] +
                                    [choice["label"].get(lang, "") for lang in self.languages])

    def fixed_list(self, kind, question):
        """The name of `kind`'s fixed list (yes_no, likert5, rating5), written the first time a question uses it."""
        list_name = kind.xlsform_list
        if list_name not in self._lists:
            self._lists.add(list_name)
            labels = {lang: kind.option_labels(question, lang, self.source) for lang in self.languages}
            for i, (value, _label, _pic) in enumerate(kind.options(question, self.source, self.source)):
                self.choice_rows.append([list_name, value] + [labels[lang][i] for lang in self.languages])
        return list_name

    def in_languages(self, text):
        """{language: `text`} for a text of the interface, in each language of the form."""
        return {lang: in_language(lang, text) for lang in self.languages}


def write(defn):
    """An XLSForm workbook (bytes) for a survey definition."""
    languages, source = defn["languages"], defn["source_language"]
    columns = {lang: language_column(lang) for lang in languages}
    survey_header = (["type", "name"] + [f"label::{columns[lang]}" for lang in languages] +
                     [f"hint::{columns[lang]}" for lang in languages] +
                     ["required", "relevant", "appearance", "constraint", "cocreate_kind"])
    form = FormWriter(languages, source)
    for section in defn["sections"]:
        form.row("begin group", section["key"], section["title"], relevant=section["condition"])
        for question in section["questions"]:
            kind_of(question).to_xlsform(question, form)
        form.row("end group", "")
    survey_rows, choice_rows = form.survey_rows, form.choice_rows

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "survey"
    sheet.append(survey_header)
    for values in survey_rows:
        sheet.append(values)
    choices_sheet = workbook.create_sheet("choices")
    choices_sheet.append(["list_name", "name"] + [f"label::{columns[lang]}" for lang in languages])
    for values in choice_rows:
        choices_sheet.append(values)
    settings_sheet = workbook.create_sheet("settings")
    settings_header = (["form_title", "form_id", "version", "default_language", "cocreate_mode"] +
                       [f"form_title::{columns[lang]}" for lang in languages] +
                       [f"cocreate_description::{columns[lang]}" for lang in languages])
    settings_sheet.append(settings_header)
    settings_sheet.append([defn["title"].get(source, ""), f"cocreate_{defn.get('code') or 'survey'}",
                           str(defn.get("version", 1)), columns[source], defn.get("mode", "anonymous")] +
                          [defn["title"].get(lang, "") for lang in languages] +
                          [(defn.get("description") or {}).get(lang, "") for lang in languages])
    as_text_cells(workbook)  # labels are written as they are (to read back), but never as formulas
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
