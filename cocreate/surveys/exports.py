"""Exports: one row per response and one column per question key (CSV, XLSX), and a codebook with labels in
every language of the survey.

Every text cell is written as text, never as a formula: participants' text that
starts with = + - @ or a tab or carriage return gets a leading apostrophe (so a
spreadsheet program shows it and does not run it, OWASP "CSV injection"), and
XLSX cells are forced to the string type.

Every response is read through the definition of the version it was answered
in (the `survey_version` column). When a question's wording changed between
versions, the codebook has one set of rows per wording, with the versions it
covers in its `versions` column (empty: every version), so old answers keep
the meaning they were given.

Multiple-choice answers are written as space-separated values (as XLSForm tools
do); the SUS block as ten columns `<key>_1`…`<key>_10` plus `<key>_score`; a location as
`<key>_latitude`, `<key>_longitude` and `<key>_accuracy`. Times of day and dates with a time are local time
at the survey's pilot site (UTC without one): the codebook names the time zone in a `time_zone` row.
"""

from flask_babel import lazy_gettext as _l

from ..database import as_utc
from ..spreadsheets import csv_bytes, xlsx_bytes
from .kinds import in_language, kind_of
from .services import answered_versions, definition, definitions_of_versions, list_responses, questions_of, wordings

FIXED_COLUMNS = ["response_id", "submitted_at", "survey_version", "language", "site", "stakeholder_group",
                 "participant", "channel"]


def _fixed(response):
    submitted = as_utc(response.submitted_at)
    return [response.id, submitted.isoformat(timespec="seconds"), response.survey_version,
            response.language, response.site.code if response.site else "", response.stakeholder_group or "",
            response.participant.code if response.participant else "", response.channel]


def table(survey):
    """(header, rows) of the responses."""
    defn = definition(survey)
    columns = [(name, question["key"], extract) for question in questions_of(defn)
               for name, extract in kind_of(question).columns(question)]
    header = FIXED_COLUMNS + [name for name, _key, _extract in columns]
    responses = list_responses(survey)
    defns = definitions_of_versions(survey, {response.survey_version for response in responses})
    extractors = {}  # per version: the extract of each column, from that version's question
    for number, version_defn in defns.items():
        by_name = {name: extract for question in questions_of(version_defn)
                   for name, extract in kind_of(question).columns(question)}
        extractors[number] = [by_name.get(name, extract) for name, _key, extract in columns]
    rows = []
    for response in responses:
        cells = [extract(response.answers.get(key))
                 for extract, (_name, key, _current) in zip(extractors[response.survey_version], columns)]
        rows.append(_fixed(response) + ["" if cell is None else cell for cell in cells])
    return header, rows


def codebook(survey):
    """(header, rows): every column with its type and label, and every coded value with its label, per language."""
    defn = definition(survey)
    languages, source = defn["languages"], defn["source_language"]
    header = (["column", "question", "type", "required", "value"] + [f"label::{lang}" for lang in languages]
              + ["versions"])
    defns = definitions_of_versions(survey, answered_versions(survey) | {survey.version})

    zone = survey.site.time_zone if survey.site else "UTC"
    rows = []
    for current in questions_of(defn):
        if getattr(kind_of(current), "local_time", False):  # dates and times typed as the site's clocks show them
            rows.append([current["key"], current["key"], "time_zone", "", zone]
                        + [in_language(language, _l("Local time in %(zone)s, without a time zone in the value.",
                                                    zone=zone)) for language in languages] + [""])
        groups = wordings(current["key"], defns, source)
        if len(groups) <= 1:
            rows += [row + [""] for row in kind_of(current).codebook_rows(current, languages, source)]
        else:
            for question, versions in groups:
                rows += [row + [", ".join(map(str, versions))]
                         for row in kind_of(question).codebook_rows(question, languages, source)]
    return header, rows


to_csv = csv_bytes


def to_xlsx(survey):
    return xlsx_bytes({"responses": table(survey), "codebook": codebook(survey)})
