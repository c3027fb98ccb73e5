"""The public API of profiles and opportunities: what the firewall preview, matching, authorities and privacy
read, and the checks every way in (the demo, the CSV import) goes through.

A *stored profile record* is a plain dict keyed by the firewall's attribute names
(`immerse_core.modules.ATTRIBUTES`); an *opportunity* is a plain dict too (see `opportunities`).  `records`
reads the table of protected attributes only when one of them is asked for.
"""
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from immerse_core.modules import ATTRIBUTES, CHANNELS

from ..extensions import db
from ..signals import emit
from .models import EscoConcept, Opportunity, Profile, ProtectedAttributes

PROTECTED = frozenset({"gender", "date_of_birth", "nationality", "ethnicity", "religion", "health"})
CEFR_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")
RECOGNITION = ("recognised", "pending", "not_recognised")
AVAILABILITY = ("full_time", "part_time", "evenings", "weekends")
WORK_PERMITS = ("granted", "pending", "none")
OPPORTUNITY_KINDS = ("job", "training")
EQF_LEVELS = range(1, 9)

_LANGUAGE_CODE = re.compile(r"^[a-z]{2}$")
_COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")
_URI = re.compile(r"^https?://\S+$")
_ID_CHUNK = 1000  # ids per IN (…): well within every database's limit on bound parameters

_PLAIN_COLUMNS = {attribute: getattr(Profile, attribute)
                  for attribute in ATTRIBUTES if attribute not in PROTECTED and attribute != "person_id"}
_PROTECTED_COLUMNS = {attribute: getattr(ProtectedAttributes, attribute) for attribute in PROTECTED}
_JSON_ATTRIBUTES = frozenset(name for name, column in _PLAIN_COLUMNS.items() if isinstance(column.type, sa.JSON))


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a profile or opportunity: `code` names the check, `field` the column, `params` what
    a message needs; a caller words it in its reader's language.  A warning does not refuse the row."""

    code: str
    field: str
    params: Mapping = field(default_factory=dict)
    warning: bool = False


class RecordError(ValueError):
    """A profile or opportunity refused, with every problem found."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("; ".join(f"{p.field}: {p.code}" for p in self.problems))


# --- reading ----------------------------------------------------------------------------------------------------

def records(project_id: int, attributes: Iterable[str], *, offset: int = 0, limit: int | None = None,
            ids: Iterable[int] | None = None) -> list[dict]:
    """The project's stored profile records, holding exactly `attributes` (names from
    `immerse_core.modules.ATTRIBUTES`), ordered by id; `ids` keeps only those profiles.  The protected table is
    read only when a protected attribute is asked for.  An unknown attribute is a ValueError."""
    attributes = list(dict.fromkeys(attributes))
    unknown = [name for name in attributes if name not in ATTRIBUTES]
    if unknown:
        raise ValueError(f"unknown attributes: {', '.join(unknown)}")
    # JSON columns come back as their text, decoded below a whole column at a time: one json.loads per column
    # instead of one per value, which is what reading ten thousand records costs most.
    json_names = [name for name in attributes if name in _JSON_ATTRIBUTES]
    columns = [Profile.id.label("person_id")]
    for name in attributes:
        if name in _JSON_ATTRIBUTES:
            columns.append(sa.cast(_PLAIN_COLUMNS[name], sa.Text).label(name))
        elif name in _PLAIN_COLUMNS:
            columns.append(_PLAIN_COLUMNS[name])
        elif name in PROTECTED:
            columns.append(_PROTECTED_COLUMNS[name])
    query = sa.select(*columns).where(Profile.project_id == project_id).order_by(Profile.id)
    if PROTECTED.intersection(attributes):
        query = query.outerjoin(ProtectedAttributes, ProtectedAttributes.profile_id == Profile.id)
    if ids is not None:
        wanted = sorted(set(ids))
        rows = []
        for start in range(0, len(wanted), _ID_CHUNK):
            rows.extend(db.session.execute(query.where(Profile.id.in_(wanted[start:start + _ID_CHUNK]))).all())
        rows = rows[offset:None if limit is None else offset + limit]
    else:
        if offset:
            query = query.offset(offset)
        if limit is not None:
            query = query.limit(limit)
        rows = db.session.execute(query).all()
    selected = ["person_id", *(name for name in attributes if name != "person_id")]  # the columns, in order
    positions = [selected.index(name) for name in attributes]
    values = [[row[position] for row in rows] for position in positions]
    for name in json_names:
        column = values[attributes.index(name)]
        column[:] = json.loads("[" + ",".join(text or "[]" for text in column) + "]")
    return [dict(zip(attributes, record)) for record in zip(*values)] if attributes else [{} for _ in rows]


def of_participant(participant_id: int) -> list[dict]:
    """The whole stored records (protected attributes included) of the participant's profiles, by id: what their
    own export of their data holds."""
    ids = db.session.scalars(sa.select(Profile.id).where(Profile.participant_id == participant_id)
                             .order_by(Profile.id)).all()
    projects = dict(db.session.execute(sa.select(Profile.id, Profile.project_id).where(Profile.id.in_(ids))).all())
    return [record for project_id in sorted(set(projects.values()))
            for record in records(project_id, ATTRIBUTES, ids=[i for i in ids if projects[i] == project_id])]


def count(project_id: int) -> int:
    """How many profiles the project holds."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(Profile).where(Profile.project_id == project_id))


def opportunity_record(opportunity: Opportunity) -> dict:
    return {"id": opportunity.id, "kind": opportunity.kind, "title": opportunity.title,
            "provider": opportunity.provider, "occupation": opportunity.occupation,
            "essential_skills": list(opportunity.essential_skills or []),
            "optional_skills": list(opportunity.optional_skills or []),
            "languages": [dict(language) for language in opportunity.languages or []],
            "min_eqf": opportunity.min_eqf, "region": opportunity.region, "schedule": opportunity.schedule}


def opportunities(project_id: int, *, ids: Iterable[int] | None = None) -> list[dict]:
    """The project's opportunities as plain dicts (id, kind, title, provider, occupation, essential_skills,
    optional_skills, languages, min_eqf, region, schedule), ordered by id."""
    query = sa.select(Opportunity).where(Opportunity.project_id == project_id).order_by(Opportunity.id)
    if ids is not None:
        query = query.where(Opportunity.id.in_(sorted(set(ids))))
    return [opportunity_record(opportunity) for opportunity in db.session.scalars(query)]


# --- the taxonomy -----------------------------------------------------------------------------------------------

def known_uris(uris: Iterable[str]) -> set[str]:
    """Which of `uris` the loaded taxonomy holds."""
    wanted = sorted(set(uris))
    found = set()
    for start in range(0, len(wanted), _ID_CHUNK):
        found.update(db.session.scalars(sa.select(EscoConcept.uri).where(
            EscoConcept.uri.in_(wanted[start:start + _ID_CHUNK]))))
    return found


def labels(uris: Iterable[str], language: str) -> dict[str, str]:
    """uri → preferred label in `language` (else English) for the URIs the taxonomy holds."""
    wanted = sorted(set(uris))
    found = {}
    for start in range(0, len(wanted), _ID_CHUNK):
        for concept in db.session.scalars(sa.select(EscoConcept).where(
                EscoConcept.uri.in_(wanted[start:start + _ID_CHUNK]))):
            found[concept.uri] = concept.label(language)
    return found


# --- checking ---------------------------------------------------------------------------------------------------

def _uri_list(value, name, problems, uris):
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        problems.append(Problem("not_a_list", name))
        return []
    checked = []
    for uri in value:
        uri = str(uri).strip()
        if not _URI.match(uri):
            problems.append(Problem("not_a_uri", name, {"value": uri}))
        else:
            checked.append(uri)
            uris.append(uri)
    return sorted(set(checked))


def _languages(value, name, problems):
    checked = []
    for entry in value or []:
        language = str(entry.get("language") or "").strip().lower() if isinstance(entry, Mapping) else ""
        level = str(entry.get("level") or "").strip().upper() if isinstance(entry, Mapping) else ""
        if not _LANGUAGE_CODE.match(language):
            problems.append(Problem("bad_language", name, {"value": language}))
        elif level not in CEFR_LEVELS:
            problems.append(Problem("bad_cefr", name, {"value": level, "language": language}))
        else:
            checked.append({"language": language, "level": level})
    return checked


def _eqf(value, name, problems):
    if value is None or value == "":
        return None
    try:
        level = int(str(value).strip())
    except ValueError:
        level = None
    if level not in EQF_LEVELS or isinstance(value, bool) or (isinstance(value, float) and value != int(value)):
        problems.append(Problem("bad_eqf", name, {"value": str(value)}))
        return None
    return level


def _choice(value, name, options, problems, code):
    if value is None or value == "":
        return None
    value = str(value).strip()
    if value not in options:
        problems.append(Problem(code, name, {"value": value}))
        return None
    return value


def _date(value, name, problems):
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        problems.append(Problem("bad_date", name, {"value": str(value)}))
        return None


def _text(value, length=None, *, field=None, problems=None):
    """`value` as text, stripped (None when absent or empty).  Longer than `length` characters, it is refused
    (a `too_long` problem of `field` in `problems`), never cut."""
    if value is None:
        return None
    text = str(value).strip()
    if "\x00" in text and problems is not None:  # no text holds one, and PostgreSQL refuses to store it
        problems.append(Problem("nul_character", field, {}))
    elif length and len(text) > length:
        problems.append(Problem("too_long", field, {"limit": length}))
    return text or None


def check_profile(data: Mapping, *, known: set[str] | None = None) -> tuple[dict, list[Problem]]:
    """`data` (a stored profile record without `person_id`, values as typed) normalised, and its warnings
    (unknown ESCO URIs, kept); RecordError with every problem when any value is refused.  `known`, when given,
    holds the URIs the taxonomy holds (a caller checking many rows asks the database once)."""
    problems, uris = [], []
    record = {"skills": _uri_list(data.get("skills"), "skills", problems, uris),
              "languages": _languages(data.get("languages"), "languages", problems)}
    qualifications = []
    for entry in data.get("qualifications") or []:
        title = _text(entry.get("title"), 200, field="qualifications", problems=problems) if isinstance(entry, Mapping) else None
        if not title:
            problems.append(Problem("no_title", "qualifications"))
            continue
        eqf = _eqf(entry.get("eqf"), "qualifications", problems)
        if eqf is None and entry.get("eqf") in (None, ""):
            problems.append(Problem("bad_eqf", "qualifications", {"value": ""}))
        recognition = _choice(entry.get("recognition"), "qualifications", RECOGNITION, problems, "bad_recognition")
        if recognition is None and entry.get("recognition") in (None, ""):
            problems.append(Problem("bad_recognition", "qualifications", {"value": ""}))
        if eqf is not None and recognition is not None:
            qualifications.append({"title": title, "eqf": eqf, "recognition": recognition})
    record["qualifications"] = qualifications
    experience = []
    for entry in data.get("work_experience") or []:
        occupation = [] if not isinstance(entry, Mapping) else _uri_list(
            [entry.get("occupation")] if entry.get("occupation") else [], "work_experience", problems, uris)
        try:
            years = float(entry.get("years")) if isinstance(entry, Mapping) else -1
        except (TypeError, ValueError):
            years = -1
        if not occupation:
            if isinstance(entry, Mapping) and not entry.get("occupation"):
                problems.append(Problem("not_a_uri", "work_experience", {"value": ""}))
        elif not 0 <= years <= 80:  # NaN fails the comparison too
            problems.append(Problem("bad_years", "work_experience",
                                    {"value": str(entry.get("years") if isinstance(entry, Mapping) else entry)}))
        else:
            experience.append({"occupation": occupation[0], "years": years})
    record["work_experience"] = experience
    record["region"] = _text(data.get("region"), 120, field="region", problems=problems)
    availability = []
    for value in data.get("availability") or []:
        checked = _choice(value, "availability", AVAILABILITY, problems, "bad_availability")
        if checked:
            availability.append(checked)
    record["availability"] = sorted(set(availability))
    record["work_permit"] = _choice(data.get("work_permit"), "work_permit", WORK_PERMITS, problems,
                                    "bad_work_permit")
    channels = []
    for value in data.get("contact_preferences") or []:
        checked = _choice(value, "contact_preferences", CHANNELS, problems, "bad_channel")
        if checked and checked not in channels:
            channels.append(checked)
    record["contact_preferences"] = channels
    language = _text(data.get("preferred_language"))
    if language is not None and not _LANGUAGE_CODE.match(language.lower()):
        problems.append(Problem("bad_language", "preferred_language", {"value": language}))
        language = None
    record["preferred_language"] = language.lower() if language else None
    record["interpreter_needed"] = bool(data.get("interpreter_needed"))
    record["gender"] = _text(data.get("gender"), 40, field="gender", problems=problems)
    record["date_of_birth"] = _date(data.get("date_of_birth"), "date_of_birth", problems)
    if record["date_of_birth"] is not None and record["date_of_birth"] > date.today():
        problems.append(Problem("future_date", "date_of_birth", {"value": record["date_of_birth"].isoformat()}))
    nationality = _text(data.get("nationality"))
    if nationality is not None and not _COUNTRY_CODE.match(nationality.upper()):
        problems.append(Problem("bad_country", "nationality", {"value": nationality}))
        nationality = None
    record["nationality"] = nationality.upper() if nationality else None
    for name in ("ethnicity", "religion"):
        record[name] = _text(data.get(name), 120, field=name, problems=problems)
    record["health"] = _text(data.get("health"), field="health", problems=problems)
    if problems:
        raise RecordError(problems)
    return record, _unknown(uris, known)


def check_opportunity(data: Mapping, *, known: set[str] | None = None) -> tuple[dict, list[Problem]]:
    """`data` (an opportunity without `id`) normalised, and its warnings (unknown URIs); or RecordError.
    `known` as for `check_profile`."""
    problems, uris = [], []
    record = {"kind": _choice(data.get("kind"), "kind", OPPORTUNITY_KINDS, problems, "bad_kind"),
              "title": _text(data.get("title"), 200, field="title", problems=problems),
              "provider": _text(data.get("provider"), 200, field="provider", problems=problems) or ""}
    if record["kind"] is None and not data.get("kind"):
        problems.append(Problem("bad_kind", "kind", {"value": ""}))
    if not record["title"]:
        problems.append(Problem("no_title", "title"))
    occupation = _uri_list([data["occupation"]] if data.get("occupation") else [], "occupation", problems, uris)
    record["occupation"] = occupation[0] if occupation else None
    record["essential_skills"] = _uri_list(data.get("essential_skills"), "essential_skills", problems, uris)
    record["optional_skills"] = [uri for uri in _uri_list(data.get("optional_skills"), "optional_skills",
                                                          problems, uris)
                                 if uri not in record["essential_skills"]]
    record["languages"] = _languages(data.get("languages"), "languages", problems)
    record["min_eqf"] = _eqf(data.get("min_eqf"), "min_eqf", problems)
    record["region"] = _text(data.get("region"), 120, field="region", problems=problems)
    record["schedule"] = _choice(data.get("schedule"), "schedule", AVAILABILITY, problems, "bad_schedule")
    if problems:
        raise RecordError(problems)
    return record, _unknown(uris, known)


def _unknown(uris, known=None):
    known = known_uris(uris) if known is None else known
    return [Problem("unknown_uri", "esco", {"value": uri}, warning=True)
            for uri in sorted(set(uris) - known)]


# --- writing ----------------------------------------------------------------------------------------------------

def add_profile(project, data: Mapping, *, site=None, actor, known: set[str] | None = None) -> Profile:
    """A new profile from `data` (checked by `check_profile`); its unknown ESCO URIs are kept and flagged."""
    record, warnings = check_profile(data, known=known)
    profile = Profile(project_id=project.id, site_id=site.id if site is not None else None,
                      unknown_uris=[problem.params["value"] for problem in warnings],
                      **{name: record[name] for name in _PLAIN_COLUMNS})
    protected = {name: record[name] for name in PROTECTED}
    if any(value is not None for value in protected.values()):
        profile.protected = ProtectedAttributes(**protected)
    db.session.add(profile)
    db.session.flush()
    return emit("profiles.profile_added", profile, actor=actor)


def attach_participant(profile: Profile, participant, *, actor) -> Profile:
    """Say whose profile this is (a participant of the profile's project), or no one's (None)."""
    if participant is not None and participant.access_scope[0] != profile.project_id:
        raise ValueError("the participant belongs to another project")
    profile.participant_id = participant.id if participant is not None else None
    db.session.flush()
    return emit("profiles.participant_attached", profile, actor=actor)


def rectify_profile(profile: Profile, data: Mapping, *, actor, known: set[str] | None = None) -> Profile:
    """Correct the profile: `data` holds the fields to change (as `check_profile` takes them; a protected
    attribute left out keeps its value).  The whole record is checked again; RecordError with every problem, and
    nothing written, when a value is refused."""
    current = records(profile.project_id, ATTRIBUTES, ids=[profile.id])[0]
    current.pop("person_id")
    record, warnings = check_profile({**current, **data}, known=known)
    for name in _PLAIN_COLUMNS:
        setattr(profile, name, record[name])
    profile.unknown_uris = [problem.params["value"] for problem in warnings]
    protected = {name: record[name] for name in PROTECTED}
    if profile.protected is None and any(value is not None for value in protected.values()):
        profile.protected = ProtectedAttributes()
    if profile.protected is not None:
        for name, value in protected.items():
            setattr(profile.protected, name, value)
    db.session.flush()
    return emit("profiles.profile_rectified", profile, actor=actor, fields=sorted(set(data) - PROTECTED),
                protected=bool(PROTECTED & set(data)))


def add_opportunity(project, data: Mapping, *, site=None, actor, known: set[str] | None = None) -> Opportunity:
    """A new opportunity from `data` (checked by `check_opportunity`); unknown URIs kept and flagged."""
    record, warnings = check_opportunity(data, known=known)
    opportunity = Opportunity(project_id=project.id, site_id=site.id if site is not None else None,
                              unknown_uris=[problem.params["value"] for problem in warnings], **record)
    db.session.add(opportunity)
    db.session.flush()
    return emit("profiles.opportunity_added", opportunity, actor=actor)


def refresh_unknown_uris(project_id: int | None = None) -> int:
    """Flag again, after the taxonomy changed, the URIs each profile and opportunity names that it lacks;
    returns how many rows changed."""
    changed = 0
    for model, columns in ((Profile, ("skills",)), (Opportunity, ("essential_skills", "optional_skills"))):
        query = sa.select(model)
        if project_id is not None:
            query = query.where(model.project_id == project_id)
        rows = db.session.scalars(query).all()
        named = {row.id: _named_uris(row, columns) for row in rows}
        known = known_uris(uri for uris in named.values() for uri in uris)
        for row in rows:
            unknown = sorted(named[row.id] - known)
            if unknown != list(row.unknown_uris or []):
                row.unknown_uris = unknown
                changed += 1
    db.session.flush()
    return changed


def _named_uris(row, columns):
    uris = {uri for name in columns for uri in getattr(row, name) or []}
    if isinstance(row, Profile):
        uris.update(entry["occupation"] for entry in row.work_experience or [])
    elif row.occupation:
        uris.add(row.occupation)
    return uris
