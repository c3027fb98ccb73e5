"""XLSForm interchange: read the `.xlsx` forms KoboToolbox and ODK users write, and write any survey as one.

Sheets `survey`, `choices`, `settings`, each read by its own small reader. Read as pyxform reads them:
select_one, select_multiple, text, integer, decimal, date, time, dateTime, geopoint, barcode, range (its
`parameters` start, end and step), acknowledge, note, begin/end group, with pyxform's older
spellings (`select one from X`, `select1 X`, `string`, `begin_group`, …); `label::Language (code)` and
`hint::…` columns with the language by code, English name or its own name in any letter case (also
`label:Language`, and pyxform's column aliases such as `caption` and `bind::required`), `required`,
`relevant` (the skip-logic kinds in `logic`), `choice_filter` (cascading selects: `state=${state}`,
equalities joined by `and`, kept with the choices-sheet columns they name), and number bounds written as a
`constraint` (`. >= 0 and . <= 120`). Any choice name pyxform accepts is kept, stored as a value of ours
(`choice_value`).

Everything else has a line in the import report naming sheet, row, column and value, never dropped
silently: a row that is left out gets its line; a column that is not imported gets one line with the number
of rows that have a value in it; a repeated group one line counting its questions. Blank rows, formatted or
not, are skipped and do not count towards MAX_ROWS. Exports add a `cocreate_kind` column (and settings columns for the
mode, title and introduction in every language) so that importing an export
gives back the same survey; other tools ignore extra columns.
"""
import functools
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

from babel import Locale, UnknownLocaleError, localedata
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from ..spreadsheets import as_text_cells
from . import logic
from .kinds import KINDS, AnswerError, in_language, kind_of, kind_of_xlsform
from .services import CHOICE_PATTERN, KEY_PATTERN, MAX_REPEAT_NESTING

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
# Limits on what the upload unpacks to (a 69 KB "zip bomb" can hold 400,000 rows): checked on the zip's
# own directory before openpyxl reads anything, then again while rows are read.
MAX_UNPACKED_BYTES = 10 * 1024 * 1024
MAX_ROWS = 3000
MAX_COLUMNS = 200
METADATA_TYPES = {"start", "end", "today", "deviceid", "subscriberid", "simserial", "phonenumber", "username",
                  "email", "audit", "hidden", "start-geopoint", "background-audio", "uuid", "uri:deviceid",
                  "uri:subscriberid", "uri:simserial", "uri:phonenumber", "uri:username", "uri:email"}
TRUE_WORDS = {"yes", "true", "true()", "1"}


class XLSFormError(ValueError):
    """A file that cannot be read as an XLSForm at all; nothing is imported.

    `problems` holds the row-by-row reasons when the file was read but no question could be kept."""

    def __init__(self, message, problems=()):
        super().__init__(message)
        self.problems = list(problems)


@dataclass
class Problem:
    """One thing that was not imported as written: where it is (sheet, row, column), what the cell held, why."""

    sheet: str
    row: int
    message: str
    column: str = ""
    value: str = ""


@dataclass
class Reading:
    """What an XLSForm file gives: a survey definition and the problems, row by row."""

    definition: dict | None
    problems: list = field(default_factory=list)


def report_lines(problems):
    """One line per problem, for the command line and the web import page alike."""
    return [str(_l("%(sheet)s row %(row)s, column %(column)s, “%(value)s”: %(message)s", sheet=p.sheet, row=p.row,
                   column=p.column, value=p.value, message=p.message)) for p in problems]


class Report:
    """The problems found while reading, and the columns already reported (a column gets one line)."""

    def __init__(self):
        self.problems, self._said = [], set()

    def add(self, sheet, row, column, value, message):
        self.problems.append(Problem(sheet, row, str(message), column, value or ""))

    def once(self, key, sheet, row, column, value, message):
        if key not in self._said:
            self._said.add(key)
            self.add(sheet, row, column, value, message)


# --- language columns -------------------------------------------------------

def language_column(code):
    """'ar' -> 'Arabic (ar)', as XLSForm writes languages."""
    try:
        name = Locale("en").languages.get(code) or code
    except (ValueError, UnknownLocaleError):
        name = code
    return f"{name} ({code})"


# names forms use for languages that are neither their English name nor their own name in the CLDR data
LANGUAGE_ALIASES = {"tigirigna": "ti", "tigrigna": "ti", "oromiffa": "om", "afaan oromoo": "om", "afan oromo": "om",
                    "farsi": "fa", "pushto": "ps", "sorani": "ckb", "kurdish sorani": "ckb", "dari": "fa-af"}


@functools.cache
def _english_names():
    """{English name of a language, casefolded: its code}."""
    return {name.casefold(): code for code, name in Locale("en").languages.items() if "_" not in code}


@functools.cache
def _own_names():
    """{each language's name in that language, casefolded ("español", "العربية"): its code}."""
    names = {}
    for code in (c for c in localedata.locale_identifiers() if "_" not in c):
        try:
            names.setdefault(Locale.parse(code).get_language_name(code).casefold(), code)
        except (ValueError, UnknownLocaleError, AttributeError):
            continue
    return names


def language_code(text):
    """'Arabic (ar)' -> 'ar'; 'Arabic', 'العربية', 'AR' -> 'ar'; 'Tigirigna' -> 'ti'; None when it cannot be told."""
    text = (text or "").strip()
    match = re.search(r"\(([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)?)\)\s*$", text)
    if match:
        return match.group(1).lower().replace("_", "-")
    wanted = re.sub(r"\s+", " ", text).casefold()
    code = LANGUAGE_ALIASES.get(wanted) or _english_names().get(wanted)
    if code is None and re.fullmatch(r"[a-z]{2,3}", wanted):
        code = wanted
    return code or _own_names().get(wanted)


# --- headers ------------------------------------------------------------------

# pyxform's aliases for column names, after lower-casing (xls2json's header aliases)
HEADER_ALIASES = {
    "caption": "label", "relevance": "relevant", "bind::relevant": "relevant", "bind::required": "required",
    "bind::constraint": "constraint", "bind::jr:constraintmsg": "constraint_message",
    "bind::jr:requiredmsg": "required_message", "control::appearance": "appearance",
    "bind::calculate": "calculation", "list name": "list_name", "media::image": "image", "media::audio": "audio",
    "media::video": "video", "media::big-image": "big-image", "command": "type", "tag": "name", "value": "name",
    "constraint message": "constraint_message", "constraining message": "constraint_message",
    "required message": "required_message", "bind::readonly": "read_only", "readonly": "read_only",
    "control::jr:count": "repeat_count", "jr:count": "repeat_count", "count": "repeat_count",
    "set form title": "form_title", "set form id": "form_id",
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
    """One sheet of the workbook: its name, its headers as pyxform reads them, and its rows that hold anything,
    as (row number, {header: text})."""

    name: str
    header: list
    rows: list
    written: dict = field(default_factory=dict)  # header as read: header as written in the file


def _blank(row):
    """Whether a row holds nothing (openpyxl gives a formatted but empty row as Nones); `count` keeps the
    million empty rows of a sheet formatted to its end cheap."""
    return row.count(None) == len(row) or all(v is None or (isinstance(v, str) and not v.strip()) for v in row)


def survey_sheet(workbook):
    """The survey sheet: the one called survey or, as pyxform reads a workbook of one sheet under another name
    ("Sheet1"), that sheet."""
    sheet = _sheet(workbook, "survey")
    if sheet is None and len(workbook.sheetnames) == 1 and \
            workbook.sheetnames[0].strip().lower() not in ("choices", "settings"):
        sheet = _sheet(workbook, workbook.sheetnames[0].strip().lower(), "survey")
    return sheet


def _sheet(workbook, name, read_as=None):
    """The sheet called `name` (any letter case), or None; `read_as` names it in the report. Rows with nothing
    in them, formatted or not, are left out and do not count towards MAX_ROWS."""
    title = next((t for t in workbook.sheetnames if t.strip().lower() == name), None)
    if title is None:
        return None
    header, rows, written = None, [], {}
    for number, row in enumerate(workbook[title].iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1):
        if header is None:
            header = [header_name(str(h)) if h is not None else "" for h in row]
            written = {(h.lower() if "::" not in h else h): str(w).strip() for h, w in zip(header, row) if h}
            continue
        if _blank(row):
            continue
        if len(rows) >= MAX_ROWS:
            raise XLSFormError(_l("The sheet %(sheet)s has more than %(limit)s rows: this is too large "
                                  "for a survey.", sheet=title, limit=MAX_ROWS))
        cells = {header[i]: ("" if v is None else str(v).strip()) for i, v in enumerate(row)
                 if i < len(header) and header[i]}
        rows.append((number, {(k.lower() if "::" not in k else k): v for k, v in cells.items()}))
    return Sheet(read_as or name, header or [], rows, written)


class Columns:
    """The columns of one sheet as the reader uses them: the language of each `label::…`/`hint::…` column
    (an unknown one reported once), and the columns it does not import, each reported once with the number of
    rows that have a value there (`unused`, called for every row that was imported)."""

    def __init__(self, sheet, known, language, report):
        self.sheet, self.known, self.language, self.report = sheet, known, language, report
        self.languages = {}
        self._unused = {}  # column: [rows with a value, first row, first value]
        for column in sheet.header if sheet else ():
            base, separator, written = column.partition("::")
            if separator and base in LANGUAGE_COLUMNS + MEDIA_COLUMNS:
                code = language_code(written)
                self.languages[column] = code
                if code is None:
                    report.once(("language", sheet.name, column), sheet.name, 1, self.written(column), written, _l(
                        "The language of this column is not known; write it as Name (code), such as Arabic (ar). "
                        "The column was not imported."))

    def texts(self, cells, prefix):
        """{language: text} of the `prefix` columns (label, hint) of a row."""
        texts = {}
        for column, value in cells.items():
            if not value:
                continue
            if column == prefix:
                texts[self.language] = value
            elif column.startswith(prefix + "::") and self.languages.get(column):
                texts[self.languages[column]] = value
        return texts

    def media(self, cells):
        """[{kind, language, name}] of the files a row's `image`, `audio` and `video` columns name (`image::…` in
        one language, the plain column for every language)."""
        found = []
        for column, value in cells.items():
            base, separator, _written = column.partition("::")
            if not value or base not in MEDIA_COLUMNS:
                continue
            language = self.languages.get(column) if separator else EVERY_LANGUAGE
            if language:
                found.append({"kind": base, "language": language, "name": media_name(value)})
        return sorted(found, key=lambda item: (item["kind"], item["language"]))

    def unused(self, number, cells, also=()):
        """Count the cells of an imported row in columns that are not read (and in `also`, read but not used)."""
        for column, value in cells.items():
            if value and (column.split("::", 1)[0] in also or not self._known(column)):
                seen = self._unused.setdefault(column, [0, number, value])
                seen[0] += 1

    def written(self, column):
        """The column's header as the file writes it."""
        return self.sheet.written.get(column, column)

    def _known(self, column):
        base = column.split("::", 1)[0]
        return column in self.known or (base in LANGUAGE_COLUMNS + MEDIA_COLUMNS and base in self.known)

    def report_unused(self):
        for column, (count, number, value) in self._unused.items():
            self.report.add(self.sheet.name, number, self.written(column), value, lazy_ngettext(
                "This column is not imported: %(num)d row has a value in it.",
                "This column is not imported: %(num)d rows have a value in it.", count))


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
    survey = survey_sheet(workbook)
    if survey is None:
        raise XLSFormError(_l("The file has no sheet named survey: it is not an XLSForm."))
    if "type" not in [h.lower() for h in survey.header]:
        raise XLSFormError(_l("The survey sheet has no type column: it is not an XLSForm."))
    report = Report()
    settings = _read_settings(_sheet(workbook, "settings"), report)
    label_languages = [code for h in survey.header if h.lower().startswith("label::")
                       for code in [language_code(h.split("::", 1)[1])] if code]
    language = settings.language or (label_languages[0] if label_languages else "en")
    choices = _read_choices(_sheet(workbook, "choices"), language, report, _filter_columns(survey))
    sections = SurveyReader(survey, language, choices, report).read()
    if not sections:
        raise XLSFormError(_l("No question in the file could be imported."), report.problems)
    texts = [text for s in sections for q in s["questions"]
             for text in (q["label"], q["help"], *[c["label"] for c in q["choices"]])]
    languages = list(dict.fromkeys([language, *label_languages, *[code for text in texts for code in text]]))
    return Reading({"source_language": language, "languages": languages, **settings.definition(language),
                    "sections": sections}, report.problems)


def _filter_columns(survey):
    """The choices-sheet columns that the survey's choice filters name (read with the choices they sort)."""
    columns = set()
    for _number, cells in survey.rows:
        try:
            terms = logic.parse_choice_filter(cells.get("choice_filter"))
        except logic.ConditionError:
            continue  # reported with its row
        columns |= {term["column"].lower() for term in terms or ()}
    return columns


# --- the settings sheet

SETTINGS_COLUMNS = {"form_title", "form_id", "version", "default_language", "cocreate_mode"}
SETTINGS_LANGUAGE_COLUMNS = ("form_title::", "cocreate_description::")


@dataclass
class Settings:
    """What the settings sheet says: its first row."""

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


def _read_settings(sheet, report):
    if not sheet or not sheet.rows:
        return Settings({})
    number, cells = sheet.rows[0]
    for column, value in cells.items():
        if value and column not in SETTINGS_COLUMNS and not column.lower().startswith(SETTINGS_LANGUAGE_COLUMNS):
            report.add("settings", number, column, value, _l("This setting is not imported."))
    return Settings(cells)


# --- the choices sheet

def choice_value(name):
    """The value a choice named `name` is stored as: the name itself when it uses only letters, digits and
    _ . - (CHOICE_PATTERN), else the name with accents taken off and other characters made "_" ("camp pitch" ->
    "camp_pitch", "24/7" -> "24_7", "père" -> "pere"); None when nothing is left ("نعم")."""
    if CHOICE_PATTERN.match(name):
        return name
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    value = re.sub(r"[^A-Za-z0-9_.-]+", "_", plain).strip("_")[:64]
    return value or None


@dataclass
class ChoiceList:
    choices: list = field(default_factory=list)
    renamed: dict = field(default_factory=dict)  # name as written: value stored


def _read_choices(sheet, language, report, filter_columns=frozenset()):
    """{list name: ChoiceList} from the choices sheet. pyxform accepts any choice name; a name that is not a
    value of ours is stored as one (`choice_value`, or `choice_<row>` for a name in another script, with a
    line), a choice without a name or whose value is already in its list is left out (with a line), and the
    rest of its list is kept. The columns that choice filters name (`filter_columns`) are kept beside each
    choice, as `extra`."""
    lists = {}
    present = set(sheet.header) & set(filter_columns) if sheet else set()
    columns = Columns(sheet, {"list_name", "list name", "name", "label", *MEDIA_COLUMNS, *present}, language, report)
    for number, cells in sheet.rows if sheet else []:
        list_name, name = cells.get("list_name") or cells.get("list name"), cells.get("name")
        if not list_name:
            report.add("choices", number, "list_name", name, _l("A choice needs a list_name: not imported."))
            continue
        choices = lists.setdefault(list_name, ChoiceList())
        if not name:
            report.add("choices", number, "name", name, _l("A choice needs a name: this choice was not imported."))
            continue
        value = choice_value(name) or f"choice_{number}"  # a name in another script: numbered by its row
        if value in [c["value"] for c in choices.choices]:
            report.add("choices", number, "name", name, _l(
                "The list %(list)s already has a choice %(value)s: this choice was not imported.", list=list_name,
                value=value))
            continue
        if value != name:
            choices.renamed[name] = value
            report.add("choices", number, "name", name, _l(
                "Stored as %(value)s: choice values use only letters, digits and _ . -", value=value))
        choices.choices.append({"value": value, "label": columns.texts(cells, "label"),
                                "extra": {column: str(cells.get(column) or "") for column in present},
                                **with_media(columns.media(cells))})
        columns.unused(number, cells)
    columns.report_unused()
    return lists


# --- the survey sheet

# pyxform's older spellings of question types (its question type dictionary), after lower-casing
TYPE_ALIASES = {
    "string": "text", "q string": "text", "add text prompt": "text", "int": "integer", "q int": "integer",
    "add integer prompt": "integer", "q decimal": "decimal", "add decimal prompt": "decimal", "q date": "date",
    "add date prompt": "date", "q note": "note", "add note prompt": "note",
    "gps": "geopoint", "location": "geopoint", "q location": "geopoint", "q geopoint": "geopoint",
    "add location prompt": "geopoint", "photo": "image", "q image": "image", "q picture": "image",
    "add image prompt": "image", "add photo prompt": "image", "q audio": "audio", "add audio prompt": "audio",
    "q video": "video", "add video prompt": "video", "add file prompt": "file", "q barcode": "barcode",
    "add barcode prompt": "barcode", "q acknowledge": "acknowledge", "add acknowledge prompt": "acknowledge",
    "trigger": "acknowledge", "date time": "datetime", "q date time": "datetime", "q datetime": "datetime",
    "add date time prompt": "datetime", "add datetime prompt": "datetime", "q calculate": "calculate",
    "add calculate prompt": "calculate", "imei": "deviceid", "device id": "deviceid", "get device id": "deviceid",
    "start time": "start", "get start time": "start", "end time": "end", "get end time": "end",
    "get today": "today", "subscriber id": "subscriberid", "get subscriber id": "subscriberid",
    "sim id": "simserial", "get sim id": "simserial", "get phone number": "phonenumber"}
# pyxform's spellings of the select types, longest first, and what each is
SELECT_TYPES = {"add select one prompt using": "select_one", "add select multiple prompt using": "select_multiple",
                "select all that apply from": "select_multiple", "select all that apply": "select_multiple",
                "select multiple from": "select_multiple", "select multiple using": "select_multiple",
                "select one using": "select_one", "select one from": "select_one", "select_multiple":
                "select_multiple", "select_one": "select_one", "select one": "select_one", "select1": "select_one"}
SELECT = re.compile(r"^(" + "|".join(re.escape(t) for t in SELECT_TYPES) +
                    r")\s+(\S+)(?:\s+(or_other|or specify other|or other))?$", re.IGNORECASE)
# pyxform's types that are another type with a constraint of their own
TYPE_CONSTRAINTS = {"phone number": ("text", "regex(., '^\\d*$')")}
# begin/end group and their repeated forms: pyxform's control aliases (a loop over a list is a kind of repeat)
CONTROL = re.compile(r"^(begin|end)[ _](group|lgroup|repeat|looped group|loop)\b")
MAX_REPEAT_COUNT = 100
CONTROLS = {"group": "group", "lgroup": "repeat", "repeat": "repeat", "looped group": "repeat", "loop": "repeat"}
MEDIA_TYPES = {"geotrace", "geoshape"}
# the survey-sheet columns the reader imports; `appearance` only where the kind read has it
SURVEY_COLUMNS = {"type", "name", "label", "hint", "required", "relevant", "constraint", "cocreate_kind",
                  "appearance", "choice_filter", "parameters", "constraint_message", "calculation", "default",
                  "read_only", "image", "audio", "video"}
# columns whose `::Language (code)` part names the language of their text
LANGUAGE_COLUMNS = ("label", "hint", "constraint_message")
# columns naming a file shown beside a question or choice (`media::image` reads as `image`, HEADER_ALIASES)
MEDIA_COLUMNS = ("image", "audio", "video")
EVERY_LANGUAGE = "*"  # the language of a plain `image` column: every language without a column of its own


def media_name(value):
    """A media cell's file name, without any folder it was written with."""
    return value.replace("\\", "/").rsplit("/", 1)[-1].strip()[:255]


def with_media(media):
    return {"media": media} if media else {}
FALSE_WORDS = {"no", "false", "false()", "0"}


def parse_parameters(text):
    """The `parameters` column as pyxform reads it: name=value pairs separated by ";", "," or spaces (names
    in any letter case) -> {name: value}; ValueError when a part is not name=value."""
    text = (text or "").strip()
    if not text:
        return {}
    separator = ";" if ";" in text else "," if "," in text else None
    parameters = {}
    for part in re.sub(r"\s*=\s*", "=", text).split(separator):
        name, equals, value = part.strip().partition("=")
        if not equals or not name or not value:
            raise ValueError(str(_l("Write parameters as name=value, such as start=0 end=10 step=1.")))
        parameters[name.lower()] = value
    return parameters


@dataclass
class Row:
    """A survey-sheet row being read: its type as pyxform reads it (`kind`: the type word, `list_name` and
    `or_other` for a select, `control` begin/end and group/repeat for a group row)."""

    number: int
    cells: dict

    def __post_init__(self):
        self.type = re.sub(r"\s+", " ", self.cells.get("type", "")).strip()
        lowered = self.type.lower()
        self.list_name, self.or_other, self.control, self.constraint = None, False, None, ""
        select, control = SELECT.match(self.type), CONTROL.match(lowered)
        if control:
            self.control = (control.group(1), CONTROLS[control.group(2)])
            self.kind = lowered
        elif select:
            self.kind = SELECT_TYPES[select.group(1).lower()]
            self.list_name = select.group(2)
            self.or_other = bool(select.group(3))
        elif lowered in TYPE_CONSTRAINTS:
            self.kind, self.constraint = TYPE_CONSTRAINTS[lowered]
        else:
            self.kind = TYPE_ALIASES.get(lowered, lowered)

    @property
    def name(self):
        return self.cells.get("name", "")

    def get(self, column):
        return self.cells.get(column, "")


class SurveyReader:
    """Reads the survey sheet row by row into sections of questions. Groups are kept on a stack of frames:
    "section" (a top-level group), "nested" (a group inside it, flattened, carrying its condition), "block"
    (a group written by one of our kinds, read back as one question: SUS) and "repeat" (left out, with one line
    that counts its questions)."""

    def __init__(self, sheet, language, choices, report):
        self.sheet, self.language, self.choices, self.report = sheet, language, choices, report
        self.columns = Columns(sheet, SURVEY_COLUMNS, language, report)
        self.sections, self.seen_keys, self.stack = [], set(), []
        self.current = None  # the section questions go into
        self.block = None  # the SUS block being read
        self.repeat = None  # the outermost repeat being skipped: {row, questions}
        self.renamed = {}  # question key: {choice name as written: value stored}

    def say(self, row, column, message, value=None):
        self.report.add("survey", row.number, column, row.get(column) if value is None else value, message)

    def texts(self, row, column):
        return self.columns.texts(row.cells, column)

    def read(self):
        for number, cells in self.sheet.rows:
            row = Row(number, cells)
            if not row.type:
                self.say(row, "type", _l("A row without a type was not imported."))
                continue
            if self.repeat is not None:
                self.inside_repeat(row)
                continue
            handler = self.CONTROL_HANDLERS.get(row.control, SurveyReader.question)
            handler(self, row)
        if self.repeat is not None:
            self.finish_repeat()
        self.columns.report_unused()
        return [s for s in self.sections if s["questions"]]

    # --- helpers

    def section(self, row):
        """The section a question goes into: a default one when the question is outside every group."""
        for frame, held in reversed(self.stack):
            if frame == "repeat":
                return held["settings"]
        if self.current is None:
            key = "section_1" if "section_1" not in self.seen_keys else f"section_{row.number}"
            self.current = {"key": key, "title": {self.language: str(_l("Questions"))}, "condition": None,
                            "questions": []}
            self.seen_keys.add(key)
            self.sections.append(self.current)
        return self.current

    def condition(self, row, own_key=None, text=None):
        """The condition tree of the row's `relevant` (or `text`), or None (with a line) when it cannot be used.
        Choice names the choices sheet stored under another value are written as that value."""
        text = row.get("relevant") if text is None else text
        if not text:
            return None
        try:
            tree = logic.parse(text)
        except logic.ConditionError as error:
            self.say(row, "relevant", _l("The condition cannot be used: %(reason)s The row was imported without it.",
                                         reason=str(error)), value=text)
            return None
        missing = sorted(logic.references(tree) - (self.seen_keys - {own_key}))
        if missing:
            self.say(row, "relevant", _l("The condition uses %(keys)s, which is not answered before this row. The "
                                         "row was imported without it.", keys=", ".join(missing)), value=text)
            return None
        return self.with_values_stored(tree)

    def with_values_stored(self, tree, own=None):
        """`tree` with the choice names it compares answers with written as the values they are stored as
        ("camp pitch" as camp_pitch); `own` is {name: value} of the choices of the question `.` stands for."""
        return logic.with_values_renamed(tree, self.renamed, own)

    def nested_condition(self, tree):
        """`tree` joined with the conditions of the flattened groups around the row."""
        inside = self.stack[max((i + 1 for i, (frame, _c) in enumerate(self.stack) if frame == "repeat"), default=0):]
        outer = [c for frame, c in inside if frame == "nested" and c is not None]
        items = outer + ([tree] if tree is not None else [])
        return None if not items else items[0] if len(items) == 1 else {"op": "and", "items": items}

    def required(self, row):
        written = row.get("required").lower()
        if written and written not in TRUE_WORDS | FALSE_WORDS:
            self.say(row, "required", _l("Only yes or no can be read here: the row was imported as not required."))
        return written in TRUE_WORDS

    # --- repeats: a question of kind "repeat" that holds the questions read until its end

    def begin_repeat(self, row):
        if self.block is not None or self.repeat_depth() >= MAX_REPEAT_NESTING:
            self.repeat = {"row": row, "questions": 0, "depth": 1}  # left out, with one line
            return
        name = self.group_name(row, "repeat")
        question = {"key": name, "kind": "repeat", "label": self.texts(row, "label") or {self.language: name},
                    "help": self.texts(row, "hint"), "required": False, "choices": [], "settings": {"questions": []},
                    "condition": self.nested_condition(self.condition(row, own_key=name))}
        count = self.repeat_count(row)
        if count is not None:
            question["settings"]["repeat_count"] = count
        self.section(row)["questions"].append(question)
        self.seen_keys.add(name)
        self.stack.append(("repeat", question))
        self.columns.unused(row.number, {column: value for column, value in row.cells.items()
                                         if column != "repeat_count"}, also=("appearance",))

    def group_name(self, row, kind):
        """The row's name when it is a valid key not used before, else `<kind>_<row number>`, with a line."""
        if KEY_PATTERN.match(row.name or "") and row.name not in self.seen_keys:
            return row.name
        self.say(row, "name", _l("The group name is missing, not a valid name or used twice; a new name was "
                                 "given."))
        return f"{kind}_{row.number}"

    def repeat_depth(self):
        return sum(1 for frame, _held in self.stack if frame == "repeat")

    def repeat_count(self, row):
        """The tree of the row's repeat_count (a whole number or an expression of earlier answers), or None."""
        if not row.get("repeat_count"):
            return None
        tree = self.expression(row, "repeat_count", value=True)
        if tree is not None and tree["op"] == "lit" and not (
                isinstance(tree["value"], int) and 0 <= tree["value"] <= MAX_REPEAT_COUNT):
            self.say(row, "repeat_count", _l("The number of entries must be a whole number from 0 to %(limit)s: "
                                             "the repeat was imported without it.", limit=MAX_REPEAT_COUNT))
            return None
        return tree

    def inside_repeat(self, row):
        if row.control is None:
            self.repeat["questions"] += 1
        elif row.control[1] == "repeat":
            self.repeat["depth"] += 1 if row.control[0] == "begin" else -1
            if self.repeat["depth"] == 0:
                self.finish_repeat()

    def finish_repeat(self):
        repeat, self.repeat = self.repeat, None
        self.say(repeat["row"], "type", lazy_ngettext(
            "Repeated groups nest at most %(limit)s deep: the group %(name)s and the %(num)d question in it "
            "were not imported.", "Repeated groups nest at most %(limit)s deep: the group %(name)s and the "
            "%(num)d questions in it were not imported.", repeat["questions"], name=repeat["row"].name or "—",
            limit=MAX_REPEAT_NESTING))

    def end_repeat(self, row):
        if not self.stack or self.stack[-1][0] != "repeat":
            self.say(row, "type", _l("This end of a repeated group has no beginning: the row was ignored."))
            return
        _frame, question = self.stack.pop()
        if not question["settings"]["questions"]:
            self.say(row, "type", _l("The repeated group %(name)s has no question that could be imported: it was "
                                     "left out.", name=question["key"]))
            self.section(row)["questions"].remove(question)

    # --- groups

    def begin_group(self, row):
        block = kind_of_xlsform("begin group", row.get("appearance").lower(), row.get("cocreate_kind"))
        if block is not None:
            self.block = {"key": row.name, "kind": block.name, "row": row, "label": self.texts(row, "label"),
                          "help": self.texts(row, "hint"), "required": self.required(row), "items": 0}
            self.stack.append(("block", None))
            return
        name = self.group_name(row, "group")
        self.columns.unused(row.number, row.cells, also=("appearance", "hint", *MEDIA_COLUMNS))
        if self.stack:
            self.stack.append(("nested", self.condition(row)))
            self.say(row, "type", _l("Groups inside groups are not supported: the questions of %(name)s were put "
                                     "in the enclosing section, each with the group's condition.", name=name))
            return
        self.current = {"key": name, "title": self.texts(row, "label") or {self.language: name},
                        "condition": self.condition(row), "questions": []}
        self.seen_keys.add(name)
        self.sections.append(self.current)
        self.stack.append(("section", None))

    def end_group(self, row):
        if not self.stack or self.stack[-1][0] == "repeat":
            self.say(row, "type", _l("end group without begin group was ignored."))
            return
        frame, _condition = self.stack.pop()
        if frame == "block":
            self.finish_block(row)
        elif frame == "section":
            self.current = None

    def finish_block(self, row):
        block, self.block = self.block, None
        if block["items"] != len(KINDS[block["kind"]].items()):
            self.say(block["row"], "type", _l("A SUS block has ten statements; %(name)s has %(count)s and was not "
                                              "imported.", name=block["key"], count=block["items"]))
            return
        if not KEY_PATTERN.match(block["key"] or "") or block["key"] in self.seen_keys:
            self.say(block["row"], "name", _l("The name is missing, not a valid name or used twice: the row was not "
                                              "imported."))
            return
        self.section(row)["questions"].append({
            "key": block["key"], "kind": block["kind"], "label": block["label"], "help": block["help"],
            "required": block["required"], "choices": [], "settings": {}, "condition": self.condition(block["row"])})
        self.seen_keys.add(block["key"])

    # --- questions

    def question(self, row):
        if self.block is not None:
            self.block["items"] += 1
            return
        if row.kind in MEDIA_TYPES or row.kind == "rank":
            self.say(row, "type", _l("Questions of type %(type)s are not supported yet: %(name)s was not imported.",
                                     type=row.kind, name=row.name or "—"))
            return
        if row.kind in METADATA_TYPES:
            self.say(row, "type", _l("The metadata field %(name)s (%(type)s) is recorded by the data-collection "
                                     "app, not asked: not imported.", name=row.name or "—", type=row.type))
            return
        question = self.question_of_kind(row)
        if question is None:
            return
        name = row.name
        if not name and question["kind"] == "note" and f"note_{row.number}" not in self.seen_keys:
            name = f"note_{row.number}"  # a note has no answer: its name is only ever a key
            self.say(row, "name", _l("A note without a name was given the name %(name)s.", name=name))
        if not KEY_PATTERN.match(name or "") or name in self.seen_keys:
            self.say(row, "name", _l("The name is missing, not a valid name or used twice: the row was not "
                                     "imported."))
            return
        question["key"] = name
        media = self.columns.media(row.cells)
        if self.repeat_depth() and (media or any(c.get("media") for c in question["choices"])):
            self.say(row, "type", _l("Pictures and sounds are not shown inside repeated groups: %(name)s was "
                                     "imported without them.", name=name))
            media = []
            question["choices"] = [{k: v for k, v in c.items() if k != "media"} for c in question["choices"]]
        question.update(with_media(media))
        question["condition"] = self.nested_condition(self.condition(row, own_key=name))
        self.choice_filter(row, question)
        self.section(row)["questions"].append(question)
        self.seen_keys.add(name)
        if row.list_name in self.choices:
            self.renamed[name] = self.choices[row.list_name].renamed
        kind = KINDS[question["kind"]]
        also = () if kind.appearance and kind.appearance in row.get("appearance") else ("appearance",)
        self.columns.unused(row.number, row.cells,
                            also=also + (() if hasattr(kind, "settings_from_xlsform") else ("parameters",)))

    def question_of_kind(self, row):
        """The question a row asks (without key and condition), or None with a line saying why; with what each
        of COLUMN_HANDLERS reads (constraint, calculation, default, read_only)."""
        question = self.asked(row)
        if question is None:
            return None
        kind = KINDS[question["kind"]]
        for handler in self.COLUMN_HANDLERS:
            if handler(self, row, kind, question) is False:  # the row cannot be imported without it
                return None
        return question

    def asked(self, row):
        question = {"label": self.texts(row, "label"), "help": self.texts(row, "hint"),
                    "required": self.required(row), "choices": [], "settings": {}}
        kind = kind_of_xlsform(row.kind, row.get("appearance").lower(), row.get("cocreate_kind"))
        if kind is None:
            self.say(row, "type", _l("The question type %(type)s is not supported: %(name)s was not imported.",
                                     type=row.type, name=row.name or "—"))
            return None
        question["kind"] = kind.name
        if row.kind in ("select_one", "select_multiple"):
            return self.with_choices(row, kind, question)
        if not question["label"] and kind.answers:
            question["label"] = {self.language: row.name}
        if hasattr(kind, "settings_from_xlsform"):
            try:
                question["settings"].update(kind.settings_from_xlsform(parse_parameters(row.get("parameters"))))
            except (AnswerError, ValueError) as error:
                self.say(row, "parameters", _l("The parameters cannot be used: %(reason)s %(name)s was not imported.",
                                               reason=str(error), name=row.name or "—"))
                return None
        if not kind.answers:
            question["required"] = False
        return question

    def expression(self, row, column, text=None, **reading):
        """The tree of the row's expression in `column` (or `text`; None, with a line saying why, when it cannot
        be used): it may only use questions before the row (and the row's own answer, as `.`)."""
        text = row.get(column) if text is None else text
        try:
            tree = logic.parse(text, **reading)
        except logic.ConditionError as error:
            self.say(row, column, _l("This cannot be used: %(reason)s %(name)s was imported without it.",
                                     reason=str(error), name=row.name or "—"), value=text)
            return None
        later = sorted(logic.references(tree) - self.seen_keys)
        if later:
            self.say(row, column, _l("This uses %(keys)s, which is not answered before this row: %(name)s was "
                                     "imported without it.", keys=", ".join(later), name=row.name or "—"),
                     value=text)
            return None
        own = self.choices[row.list_name].renamed if row.list_name in self.choices else None
        return self.with_values_stored(tree, own)

    def constraint(self, row, kind, question):
        """Number bounds (`. >= 0 and . <= 120`) as the question's min and max where its kind has them; any
        other constraint as an expression, with its message in each language."""
        messages = self.texts(row, "constraint_message")
        # the type's own constraint (a phone number: digits only) and the row's
        text = " and ".join(f"({t})" for t in (row.constraint, row.get("constraint")) if t) if row.constraint \
            else row.get("constraint")
        tree = self.expression(row, "constraint", text, here=True) if text else None
        if messages and tree is not None:
            question["settings"]["constraint_message"] = messages
        elif messages:
            self.say(row, "constraint_message", _l("A message for a constraint that is not kept: not imported."),
                     value=next(iter(messages.values())))
        if tree is None:
            return
        settings = question["settings"]
        rest = []
        for item in tree["items"] if tree["op"] == "and" else [tree]:
            bound = {"ge": "min", "le": "max"}.get(item.get("cmp")) if item["op"] == "compare" else None
            number = item["items"][1].get("value") if bound and item["items"][0]["op"] == "here" else None
            if kind.has_bounds and isinstance(number, int | float) and not isinstance(number, bool) \
                    and bound not in settings:
                settings[bound] = number
            else:
                rest.append(item)
        if rest:
            settings["constraint"] = rest[0] if len(rest) == 1 else {"op": "and", "items": rest}

    def calculation(self, row, kind, question):
        """A calculate row's `calculation` (without one it is not imported: False)."""
        if kind.name == "calculate":
            tree = self.expression(row, "calculation", value=True) if row.get("calculation") else None
            if tree is None:
                if not row.get("calculation"):
                    self.say(row, "calculation", _l("A calculation needs its formula: %(name)s was not imported.",
                                                    name=row.name or "—"))
                return False
            question["settings"]["calculation"] = tree
        elif row.get("calculation"):
            self.say(row, "calculation", _l("Only a calculate row has a calculation: not imported."))
        return True

    def read_only(self, row, kind, question):
        written = row.get("read_only").lower()
        if written and written not in TRUE_WORDS | FALSE_WORDS:
            self.say(row, "read_only", _l("Only yes or no can be read here: the row was imported as editable."))
        if written in TRUE_WORDS and kind.shown:
            question["settings"]["read_only"] = True

    def default(self, row, kind, question):
        """A `default`: today(), or a literal that the question would accept as an answer."""
        text = row.get("default").strip()
        if not text:
            return
        if text.lower() == "today()":
            question["settings"]["default"] = logic.parse("today()", value=True)
            return
        value = text.split() if kind.input_type == "checkbox" and kind.has_choices else text
        try:
            accepted = kind.coerce(question, value) if kind.shown else None
        except AnswerError:
            accepted = None
        if accepted is None:
            self.say(row, "default", _l("This default is not an answer the question accepts: %(name)s was "
                                        "imported without it.", name=row.name or "—"))
            return
        question["settings"]["default"] = {"op": "lit", "value": text}

    def with_choices(self, row, kind, question):
        if row.list_name is None:
            self.say(row, "type", _l("%(type)s names no choice list: not imported.", type=row.type))
            return None
        if row.or_other:
            self.say(row, "type", _l("“or_other” is not supported: %(name)s was imported without the “Other” "
                                     "choice.", name=row.name))
        if row.list_name not in self.choices:
            self.say(row, "type", _l("The choice list %(list)s is not in the choices sheet: not imported.",
                                     list=row.list_name))
            return None
        if not kind.has_choices:  # one of our fixed lists: the options are the kind's own
            if any(c.get("media") for c in self.choices[row.list_name].choices):
                self.say(row, "type", _l("The choices of %(list)s are the app's own: their pictures and sounds "
                                         "were not imported.", list=row.list_name))
            return question
        question["choices"] = [{"value": c["value"], "label": c["label"], **with_media(c.get("media"))}
                               for c in self.choices[row.list_name].choices]
        if len(question["choices"]) < 2:
            self.say(row, "type", _l("The choice list %(list)s needs at least two choices: not imported.",
                                     list=row.list_name))
            return None
        return question

    def choice_filter(self, row, question):
        """Keep a select's `choice_filter` (a cascading select: the cities of the region chosen before) with,
        on each choice, the values of the columns it names; or say why the row was imported without it."""
        text = row.get("choice_filter")
        if not text:
            return
        if not question["choices"]:
            self.say(row, "choice_filter", _l("Only a question with a choice list of its own can filter its choices: "
                                              "%(name)s was imported without the filter.", name=row.name))
            return
        try:
            terms = logic.parse_choice_filter(text)
        except logic.ConditionError as error:
            self.say(row, "choice_filter", _l("The choice filter cannot be used: %(reason)s %(name)s was imported "
                                              "without it and offers every choice.", reason=str(error), name=row.name))
            return
        later = sorted({term["q"] for term in terms} - self.seen_keys)
        if later:
            self.say(row, "choice_filter", _l("The choice filter uses %(keys)s, which is not answered before this "
                                              "row: %(name)s was imported without it and offers every choice.",
                                              keys=", ".join(later), name=row.name))
            return
        extras = self.choices[row.list_name].choices
        missing = sorted({term["column"] for term in terms
                          if not any(term["column"].lower() in c["extra"] for c in extras)})
        if missing:
            self.say(row, "choice_filter", _l("The choices sheet has no column %(columns)s: %(name)s was imported "
                                              "without its choice filter and offers every choice.",
                                              columns=", ".join(missing), name=row.name))
            return
        terms = [{"column": term["column"].lower(), "q": term["q"]} for term in terms]
        for choice, written in zip(question["choices"], extras, strict=True):
            values = written["extra"]  # as the choices sheet writes them: stored as the filtering choice's value
            choice["filters"] = {term["column"]: self.renamed.get(term["q"], {}).get(values[term["column"]],
                                                                                      values[term["column"]])
                                 for term in terms}
        question["settings"]["choice_filter"] = terms

    CONTROL_HANDLERS = {("begin", "repeat"): begin_repeat, ("end", "repeat"): end_repeat,
                        ("begin", "group"): begin_group, ("end", "group"): end_group}
    # what a question row's columns add to the question, in this order (a handler answering False drops the row)
    COLUMN_HANDLERS = (constraint, calculation, default, read_only)


# --- writing ------------------------------------------------------------------

class FormWriter:
    """The survey and choices rows of an XLSForm being written; each question's kind adds its own
    (`QuestionKind.to_xlsform`)."""

    def __init__(self, languages, source):
        self.languages, self.source = languages, source
        self.survey_rows, self.choice_rows, self._lists = [], [], set()
        self.choice_filters = []  # beside each choice row: {column: value} of a cascading select

    def row(self, type_, name, label=None, hint=None, required=False, relevant=None, appearance="", constraint="",
            kind="", choice_filter=None, parameters=""):
        """Add a survey-sheet row; `label` and `hint` are {language: text}, `relevant` a condition tree,
        `choice_filter` the terms of a cascading select's filter."""
        label, hint = label or {}, hint or {}
        self.survey_rows.append(
            [type_, name] + [label.get(lang, "") for lang in self.languages]
            + [hint.get(lang, "") for lang in self.languages]
            + ["yes" if required else "", logic.to_text(relevant), appearance, constraint, kind,
               logic.choice_filter_text(choice_filter), parameters])

    def choices(self, list_name, choices):
        """Add the choices ({value, label: {language: text}, filters: {column: value}}) of the list `list_name`."""
        for choice in choices:
            self.choice_rows.append([list_name, choice["value"]] +
                                    [choice["label"].get(lang, "") for lang in self.languages])
            self.choice_filters.append(choice.get("filters") or {})

    def fixed_list(self, kind, question):
        """The name of `kind`'s fixed list (yes_no, likert5, rating5), written the first time a question uses it."""
        list_name = kind.xlsform_list
        if list_name not in self._lists:
            self._lists.add(list_name)
            labels = {lang: kind.option_labels(question, lang, self.source) for lang in self.languages}
            for i, (value, _label, _pic) in enumerate(kind.options(question, self.source, self.source)):
                self.choice_rows.append([list_name, value] + [labels[lang][i] for lang in self.languages])
                self.choice_filters.append({})
        return list_name

    def expressions(self, question, start):
        """Add to the question's row (among the rows from `start`) what logic.py keeps in its settings: a
        constraint beside its number bounds, its message per language, a calculation, a default, read_only."""
        row = next((r for r in self.survey_rows[start:] if r[1] == question["key"]), None)
        if row is None:
            return
        settings = question.get("settings") or {}
        constraint = settings.get("constraint")
        if constraint:
            at = 5 + 2 * len(self.languages)  # type, name, labels, hints, required, relevant, appearance
            row[at] = f"{row[at]} and {logic.to_text(constraint, nested=True)}" if row[at] \
                else logic.to_text(constraint)
        messages = settings.get("constraint_message") or {}
        default = settings.get("default")
        default_text = "" if default is None else \
            str(default["value"]) if default["op"] == "lit" else logic.to_text(default)
        row += [messages.get(lang, "") for lang in self.languages] + [
            logic.to_text(settings.get("calculation")), default_text, "yes" if settings.get("read_only") else "",
            logic.to_text(settings.get("repeat_count"))]

    def in_languages(self, text):
        """{language: `text`} for a text of the interface, in each language of the form."""
        return {lang: in_language(lang, text) for lang in self.languages}


def write(defn):
    """An XLSForm workbook (bytes) for a survey definition."""
    languages, source = defn["languages"], defn["source_language"]
    columns = {lang: language_column(lang) for lang in languages}
    survey_header = (["type", "name"] + [f"label::{columns[lang]}" for lang in languages] +
                     [f"hint::{columns[lang]}" for lang in languages] +
                     ["required", "relevant", "appearance", "constraint", "cocreate_kind", "choice_filter",
                      "parameters"] +
                     [f"constraint_message::{columns[lang]}" for lang in languages] +
                     ["calculation", "default", "read_only", "repeat_count"])
    form = FormWriter(languages, source)
    for section in defn["sections"]:
        form.row("begin group", section["key"], section["title"], relevant=section["condition"])
        for question in section["questions"]:
            start = len(form.survey_rows)
            kind_of(question).to_xlsform(question, form)
            form.expressions(question, start)
        form.row("end group", "")
    survey_rows, choice_rows = form.survey_rows, form.choice_rows
    media_columns = _media_columns(defn)
    survey_header, choice_media = _with_media_columns(defn, survey_header, survey_rows, choice_rows, media_columns)

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "survey"
    sheet.append(survey_header)
    for values in survey_rows:
        sheet.append(values)
    choices_sheet = workbook.create_sheet("choices")
    filter_columns = sorted({column for filters in form.choice_filters for column in filters})
    choices_sheet.append(["list_name", "name"] + [f"label::{columns[lang]}" for lang in languages] + filter_columns
                         + [_media_header(kind, lang) for kind, lang in media_columns])
    for values, filters in zip(choice_rows, form.choice_filters, strict=True):
        choices_sheet.append(values + [filters.get(column, "") for column in filter_columns]
                             + choice_media.get((values[0], values[1]), []))
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


def _media_columns(defn):
    """The (kind, language) of every media column the definition needs, in a stable order."""
    found = {(item["kind"], item["language"]) for question in defn["sections"] for q in question["questions"]
             for item in [*q.get("media", ()), *(m for c in q.get("choices") or () for m in c.get("media", ()))]}
    return sorted(found, key=lambda place: (place[0], place[1] != EVERY_LANGUAGE, place[1]))


def _media_header(kind, language):
    return kind if language == EVERY_LANGUAGE else f"{kind}::{language_column(language)}"


def _with_media_columns(defn, header, survey_rows, choice_rows, media_columns):
    """The survey header with a column per media place, each question's row given the names of its files; and
    {(list name, choice value): names} for the choices sheet."""
    if not media_columns:
        return header, {}

    def names(items):
        named = {(item["kind"], item["language"]): item["name"] for item in items or ()}
        return [named.get(place, "") for place in media_columns]

    questions = {q["key"]: q for section in defn["sections"] for q in section["questions"]}
    width = len(header)
    done = set()
    for row in survey_rows:
        question = questions.get(row[1]) if row[1] not in done else None
        row += [""] * (width - len(row))
        row += names(question.get("media")) if question else [""] * len(media_columns)
        if question:
            done.add(row[1])
    choice_media = {(key, c["value"]): names(c.get("media")) for key, q in questions.items()
                    for c in q.get("choices") or () if c.get("media")}
    return header + [_media_header(kind, lang) for kind, lang in media_columns], choice_media
