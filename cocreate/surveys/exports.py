"""Exports: one row per response and one column per question key (CSV, XLSX), and a codebook with labels in
every language of the survey.

Multiple-choice answers are written as space-separated values (as XLSForm tools
do); the SUS block as ten columns `<key>_1`…`<key>_10` plus `<key>_score`.
"""
import csv
import io
from datetime import timezone

from flask_babel import force_locale
from openpyxl import Workbook

from ..i18n import LANGUAGES
from .kinds import kind_of
from .services import definition, list_responses, questions_of

FIXED_COLUMNS = ["response_id", "submitted_at", "survey_version", "language", "site", "stakeholder_group",
                 "participant", "channel"]


def _fixed(response):
    submitted = response.submitted_at
    if submitted.tzinfo is None:  # SQLite gives back naive times; they were stored in UTC
        submitted = submitted.replace(tzinfo=timezone.utc)
    return [response.id, submitted.isoformat(timespec="seconds"), response.survey_version,
            response.language, response.site.code if response.site else "", response.stakeholder_group or "",
            response.participant.code if response.participant else "", response.channel]


def table(survey):
    """(header, rows) of the responses."""
    defn = definition(survey)
    columns = [(name, question["key"], extract) for question in questions_of(defn)
               for name, extract in kind_of(question).columns(question)]
    header = FIXED_COLUMNS + [name for name, _key, _extract in columns]
    rows = []
    for response in list_responses(survey):
        cells = [extract(response.answers.get(key)) for _name, key, extract in columns]
        rows.append(_fixed(response) + ["" if cell is None else cell for cell in cells])
    return header, rows


def _labels_in(language, function):
    with force_locale(language if language in LANGUAGES else "en"):
        return str(function())


def option_labels(kind, question, language, source):
    """The labels of a kind's fixed options in `language` (yes/no, Likert, rating, SUS scale)."""
    with force_locale(language if language in LANGUAGES else "en"):
        return [str(label) for _value, label, _pic in kind.options(question, language, source)]


def codebook(survey):
    """(header, rows): every column with its type and label, and every coded value with its label, per language."""
    defn = definition(survey)
    languages, source = defn["languages"], defn["source_language"]
    header = ["column", "question", "type", "required", "value"] + [f"label::{lang}" for lang in languages]

    def texts(mapping):
        return [(mapping or {}).get(lang, "") for lang in languages]

    rows = []
    for question in questions_of(defn):
        kind = kind_of(question)
        if not kind.answers:
            continue
        key = question["key"]
        if question["kind"] == "sus":
            for i, statement in kind.items():
                rows.append([f"{key}_{i}", key, "sus_item", "", ""] +
                            [_labels_in(lang, lambda s=statement: s) for lang in languages])
            rows.append([f"{key}_score", key, "sus_score", "", ""] + texts(question["label"]))
        else:
            rows.append([key, key, question["kind"], "yes" if question["required"] else "no", ""] +
                        texts(question["label"]))
        if question["kind"] in ("single_choice", "multiple_choice"):
            for choice in question["choices"]:
                rows.append([key, key, "choice", "", choice["value"]] + texts(choice["label"]))
        elif kind.chartable:
            labels = {lang: option_labels(kind, question, lang, source) for lang in languages}
            for i, (value, _label, _pic) in enumerate(kind.options(question, source, source)):
                target = f"{key}_1…{key}_10" if question["kind"] == "sus" else key
                rows.append([target, key, "choice", "", value] + [labels[lang][i] for lang in languages])
    return header, rows


def to_csv(header, rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")  # the BOM makes spreadsheet programs read UTF-8


def to_xlsx(survey):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "responses"
    header, rows = table(survey)
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book = workbook.create_sheet("codebook")
    header, rows = codebook(survey)
    book.append(header)
    for row in rows:
        book.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
