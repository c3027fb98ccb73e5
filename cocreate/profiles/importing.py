"""Profiles and opportunities from CSV, all or nothing, with a report row by row.

One row per profile (or opportunity); a cell holding a list separates its entries with `;`, and an entry's
parts with `|` (a qualification: `title|EQF|recognition`; work experience: `occupation URI|years`); a language
is `code:level` (`ar:C2`).  `plan` reads and checks every row without writing; `apply` writes a plan that holds no
error.  Unknown ESCO URIs are warnings: the rows are written with them flagged.
"""
import csv
import io
from dataclasses import dataclass, field

from . import services
from .services import Problem, RecordError

PROFILE_COLUMNS = ("site", "skills", "languages", "qualifications", "work_experience", "region", "availability",
                   "work_permit", "contact_preferences", "preferred_language", "interpreter_needed", "gender",
                   "date_of_birth", "nationality", "ethnicity", "religion", "health")
OPPORTUNITY_COLUMNS = ("site", "kind", "title", "provider", "occupation", "essential_skills", "optional_skills",
                       "languages", "min_eqf", "region", "schedule")
KINDS = {"profiles": PROFILE_COLUMNS, "opportunities": OPPORTUNITY_COLUMNS}
MAX_ROWS = 20_000
TRUE, FALSE = {"yes", "true", "1", "y"}, {"no", "false", "0", "n", ""}


class ImportRefused(ValueError):
    """A file that cannot be read as a whole: `code` and `params` let a caller word it in its reader's language."""

    def __init__(self, code, **params):
        super().__init__(f"{code} {params}")
        self.code, self.params = code, params


@dataclass
class Row:
    line: int
    data: dict
    site: object = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self):
        return [problem for problem in self.problems if not problem.warning]

    @property
    def warnings(self):
        return [problem for problem in self.problems if problem.warning]


@dataclass
class Plan:
    kind: str  # profiles | opportunities
    rows: list[Row]
    known: set[str] = field(default_factory=set)  # the rows' URIs the taxonomy holds

    @property
    def errors(self):
        return sum(len(row.errors) for row in self.rows)

    @property
    def warnings(self):
        return sum(len(row.warnings) for row in self.rows)

    @property
    def refused_rows(self):
        return sum(1 for row in self.rows if row.errors)

    @property
    def ok(self):
        return self.errors == 0


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused("not_utf8") from None


def _entries(cell):
    return [entry.strip() for entry in (cell or "").split(";") if entry.strip()]


def _uris(cell):
    return [uri for entry in _entries(cell) for uri in entry.split()]


def _languages(cell):
    languages = []
    for entry in _entries(cell):
        language, _colon, level = entry.partition(":")
        languages.append({"language": language.strip(), "level": level.strip()})
    return languages


def _profile_data(cells, problems):
    qualifications = []
    for entry in _entries(cells.get("qualifications")):
        parts = [part.strip() for part in entry.split("|")]
        if len(parts) != 3:
            problems.append(Problem("bad_qualification", "qualifications", {"value": entry}))
            continue
        qualifications.append({"title": parts[0], "eqf": parts[1], "recognition": parts[2]})
    experience = []
    for entry in _entries(cells.get("work_experience")):
        occupation, _bar, years = (part.strip() for part in entry.partition("|"))
        experience.append({"occupation": occupation, "years": years or None})
    interpreter = (cells.get("interpreter_needed") or "").strip().lower()
    if interpreter not in TRUE | FALSE:
        problems.append(Problem("bad_boolean", "interpreter_needed", {"value": cells.get("interpreter_needed")}))
    return {
        "skills": _uris(cells.get("skills")), "languages": _languages(cells.get("languages")),
        "qualifications": qualifications, "work_experience": experience, "region": cells.get("region") or None,
        "availability": _entries(cells.get("availability")), "work_permit": cells.get("work_permit") or None,
        "contact_preferences": _entries(cells.get("contact_preferences")),
        "preferred_language": cells.get("preferred_language") or None, "interpreter_needed": interpreter in TRUE,
        **{name: cells.get(name) or None for name in ("gender", "date_of_birth", "nationality", "ethnicity",
                                                      "religion", "health")},
    }


def profile_data(cells):
    """(data for `services.check_profile`, problems) of a profile written as the cells of a CSV row."""
    problems = []
    return _profile_data(cells, problems), problems


def profile_cells(record):
    """A stored profile record written as the cells of a CSV row (what `profile_data` reads back)."""
    return {
        "skills": "; ".join(record["skills"]),
        "languages": "; ".join(f"{entry['language']}:{entry['level']}" for entry in record["languages"]),
        "qualifications": "; ".join(f"{entry['title']}|{entry['eqf']}|{entry['recognition']}"
                                    for entry in record["qualifications"]),
        "work_experience": "; ".join(f"{entry['occupation']}|{entry['years']:g}" for entry in record["work_experience"]),
        "region": record["region"] or "", "availability": "; ".join(record["availability"]),
        "work_permit": record["work_permit"] or "", "contact_preferences": "; ".join(record["contact_preferences"]),
        "preferred_language": record["preferred_language"] or "",
        "interpreter_needed": "yes" if record["interpreter_needed"] else "no",
    }


def _opportunity_data(cells, problems):
    return {"kind": cells.get("kind") or None, "title": cells.get("title"), "provider": cells.get("provider"),
            "occupation": cells.get("occupation") or None, "essential_skills": _uris(cells.get("essential_skills")),
            "optional_skills": _uris(cells.get("optional_skills")),
            "languages": _languages(cells.get("languages")),
            "min_eqf": cells.get("min_eqf") or None, "region": cells.get("region") or None,
            "schedule": cells.get("schedule") or None}


def kind_of(header) -> str:
    """Which file this header opens: profiles or opportunities (by its columns)."""
    columns = {column.strip() for column in header if column}
    if "title" in columns or "kind" in columns:
        return "opportunities"
    return "profiles"


def plan(project, data: bytes, kind: str | None = None) -> Plan:
    """Read and check every row of a CSV file for `project`, writing nothing.  `kind` (profiles or opportunities)
    is found from the header when not given.  ImportRefused when the file as a whole cannot be read."""
    text = _text(data)
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        header = next(reader, None)
        if not header or not any(cell.strip() for cell in header):
            raise ImportRefused("empty")
        header = [cell.strip() for cell in header]
        kind = kind or kind_of(header)
        columns = KINDS[kind]
        unknown = [column for column in header if column and column not in columns]
        if unknown:
            raise ImportRefused("unknown_columns", columns=", ".join(unknown), expected=", ".join(columns))
        if len(set(header)) != len(header):
            raise ImportRefused("repeated_column")
        required = ("kind", "title") if kind == "opportunities" else ()
        missing = [column for column in required if column not in header]
        if missing:
            raise ImportRefused("missing_columns", columns=", ".join(missing))
        sites = {site.code.upper(): site for site in project.sites}
        read = _profile_data if kind == "profiles" else _opportunity_data
        rows, raw = [], []
        for line, values in enumerate(reader, start=2):
            if not any(value.strip() for value in values):
                continue
            if len(rows) >= MAX_ROWS:
                raise ImportRefused("too_many_rows", limit=MAX_ROWS)
            row = Row(line, {})
            if len(values) > len(header):
                row.problems.append(Problem("extra_values", "", {"count": len(values) - len(header)}))
            cells = {name: value.strip() for name, value in zip(header, values)}
            code = (cells.get("site") or "").upper()
            if code:
                row.site = sites.get(code)
                if row.site is None:
                    row.problems.append(Problem("unknown_site", "site", {"value": cells["site"]}))
            rows.append(row)
            raw.append(read(cells, row.problems))
    except csv.Error as error:
        raise ImportRefused("not_csv", detail=str(error)) from None
    if not rows:
        raise ImportRefused("no_rows")
    known = services.known_uris(_named_uris(raw))  # one question to the database for the whole file
    check = services.check_profile if kind == "profiles" else services.check_opportunity
    for row, values in zip(rows, raw):
        try:
            row.data, warnings = check(values, known=known)
        except RecordError as refused:
            row.problems.extend(refused.problems)
        else:
            row.problems.extend(warnings)
    return Plan(kind, rows, known)


def _named_uris(raw):
    for data in raw:
        for name in ("skills", "essential_skills", "optional_skills"):
            yield from (str(uri).strip() for uri in data.get(name) or [])
        for entry in data.get("work_experience") or []:
            if entry.get("occupation"):
                yield str(entry["occupation"]).strip()
        if data.get("occupation"):
            yield str(data["occupation"]).strip()


def apply(project, plan_: Plan, *, actor) -> int:
    """Write every row of a plan without errors; returns how many were written.  A plan with errors writes
    nothing (ValueError)."""
    if not plan_.ok:
        raise ValueError("a plan with errors is not written")
    add = services.add_profile if plan_.kind == "profiles" else services.add_opportunity
    for row in plan_.rows:
        add(project, row.data, site=row.site, actor=actor, known=plan_.known)
    return len(plan_.rows)
