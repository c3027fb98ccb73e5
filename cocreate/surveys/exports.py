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

A repeated group is a `<key>_count` column in the responses' table and a table of its own (a CSV file in the
ZIP export, a sheet in the XLSX), one row per entry, joined as KoboToolbox joins them: `_index` numbers the
entries of the table from 1, `_parent_index` is the `response_id` of the response (a group at the top) or
the `_index` of the entry of the enclosing group, `_parent_table_name` names that table, and
`_submission__id` is the response's `response_id`. Each table is read from the responses in one streamed
pass of its own.
"""

import io
import zipfile

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ..database import as_utc
from ..extensions import db
from ..participants.models import Participant
from ..projects.models import PilotSite
from ..spreadsheets import csv_bytes, csv_chunks, write_xlsx
from .kinds import in_language, kind_of
from .models import Response
from .services import (ANSWERS_TEXT, analysable, answered_versions, answers_from_text, definition,
                       definitions_of_versions, questions_of, responses_per_version, wordings)

FIXED_COLUMNS = ["response_id", "submitted_at", "survey_version", "language", "site", "stakeholder_group",
                 "participant", "channel"]
STREAM_ROWS = 200  # response rows read from the database at a time: what an export holds in memory


def header_and_rows(survey):
    """(header, rows) of the responses, oldest first: `rows` is a generator that reads the responses' columns
    (no objects) STREAM_ROWS at a time, so an export of any size holds a few rows in memory."""
    defn = definition(survey)
    columns = [(name, question["key"], extract) for question in questions_of(defn)
               for name, extract in kind_of(question).columns(question)]
    header = FIXED_COLUMNS + [name for name, _key, _extract in columns]
    defns = definitions_of_versions(survey, responses_per_version(survey))
    extractors = {}  # per version: the extract of each column, from that version's question
    for number, version_defn in defns.items():
        by_name = {name: extract for question in questions_of(version_defn)
                   for name, extract in kind_of(question).columns(question)}
        extractors[number] = [(key, by_name.get(name, extract)) for name, key, extract in columns]
    query = (sa.select(Response.id, Response.submitted_at, Response.survey_version, Response.language,
                       PilotSite.code, Response.stakeholder_group, Participant.code, Response.channel,
                       ANSWERS_TEXT)
             .outerjoin(PilotSite, PilotSite.id == Response.site_id)
             .outerjoin(Participant, Participant.id == Response.participant_id)
             .where(*analysable(survey)).order_by(Response.submitted_at, Response.id)
             .execution_options(yield_per=STREAM_ROWS))

    def rows():
        with db.session.execute(query) as result:  # closed (a server-side cursor on PostgreSQL) if left unread
            for (response_id, submitted_at, version, language, site, group, participant, channel,
                 text) in result:
                answers = answers_from_text(text)
                cells = [extract(answers.get(key)) for key, extract in extractors[version]]
                yield ([response_id, as_utc(submitted_at).isoformat(timespec="seconds"), version, language,
                        site or "", group or "", participant or "", channel]
                       + ["" if cell is None else cell for cell in cells])
    return header, rows()


ENTRY_COLUMNS = ["_index", "_parent_index", "_parent_table_name", "_submission__id"]
RESPONSES_TABLE = "responses"


def repeat_paths(questions, outer=()):
    """[(repeated group, enclosing groups…)] of `questions`, each group after the one it is nested in."""
    paths = []
    for question in questions:
        kind = kind_of(question)
        if kind.repeats:
            path = (*outer, question)
            paths += [path] + repeat_paths(kind.questions(question), path)
    return paths


def entry_tables(survey):
    """{group key: (header, rows)}: a table of the entries of each repeated group, `rows` streamed."""
    tables = {}
    for path in repeat_paths(questions_of(definition(survey))):
        group = path[-1]
        columns = [(inner["key"], extract) for inner in kind_of(group).questions(group)
                   for _name, extract in kind_of(inner).columns(inner)]
        header = ENTRY_COLUMNS + [name for inner in kind_of(group).questions(group)
                                  for name, _extract in kind_of(inner).columns(inner)]
        tables[group["key"]] = (header, _entry_rows(survey, path, columns))
    return tables


def _entry_rows(survey, path, columns):
    query = (sa.select(Response.id, ANSWERS_TEXT).where(*analysable(survey))
             .order_by(Response.submitted_at, Response.id).execution_options(yield_per=STREAM_ROWS))
    parent_table = path[-2]["key"] if len(path) > 1 else RESPONSES_TABLE
    counters = [0] * len(path)  # the _index of the last entry of each group along the path

    def entries(container, level, parent_index, response_id):
        for entry in container.get(path[level]["key"]) or []:
            counters[level] += 1
            if level < len(path) - 1:
                yield from entries(entry, level + 1, counters[level], response_id)
                continue
            cells = [extract(entry.get(key)) for key, extract in columns]
            yield ([counters[level], parent_index, parent_table, response_id]
                   + ["" if cell is None else cell for cell in cells])

    with db.session.execute(query) as result:
        for response_id, text in result:
            yield from entries(answers_from_text(text), 0, response_id, response_id)


def write_responses_zip(survey, out):
    """responses.csv, a `<group>.csv` per repeated group and codebook.csv, zipped into the binary file `out`,
    each written as its rows are read."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        tables = {RESPONSES_TABLE: header_and_rows(survey), **entry_tables(survey), "codebook": codebook(survey)}
        for name, (header, rows) in tables.items():
            with archive.open(f"{name}.csv", "w") as file:
                for chunk in csv_chunks(header, rows):
                    file.write(chunk)


def table(survey):
    """(header, rows) of the responses, the rows as a list."""
    header, rows = header_and_rows(survey)
    return header, list(rows)


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


def csv_stream(survey):
    """responses.csv as chunks of bytes, written as the responses are read."""
    return csv_chunks(*header_and_rows(survey))


def write_responses_xlsx(survey, out):
    """responses.xlsx (the responses, a sheet per repeated group, the codebook) into the binary file `out`,
    row by row."""
    write_xlsx({RESPONSES_TABLE: header_and_rows(survey), **entry_tables(survey), "codebook": codebook(survey)},
               out)


def to_xlsx(survey):
    out = io.BytesIO()
    write_responses_xlsx(survey, out)
    return out.getvalue()
