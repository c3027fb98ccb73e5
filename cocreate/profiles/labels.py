"""How this package's values and problems read, in the reader's language."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

FIELD_LABELS = {
    "site": _l("Pilot site"), "skills": _l("Skills"), "languages": _l("Languages"),
    "qualifications": _l("Qualifications"), "work_experience": _l("Work experience"), "region": _l("Region"),
    "availability": _l("Availability"), "work_permit": _l("Work permit"),
    "contact_preferences": _l("Contact preferences"), "preferred_language": _l("Preferred language"),
    "interpreter_needed": _l("Interpreter needed"), "gender": _l("Gender"), "date_of_birth": _l("Date of birth"),
    "nationality": _l("Nationality"), "ethnicity": _l("Ethnicity"), "religion": _l("Religion"),
    "health": _l("Health"), "person_id": _l("Person"), "kind": _l("Kind"), "title": _l("Title"),
    "provider": _l("Provider"), "occupation": _l("Occupation"), "essential_skills": _l("Essential skills"),
    "optional_skills": _l("Optional skills"), "min_eqf": _l("Minimum EQF level"), "schedule": _l("Schedule"),
    "esco": _l("ESCO classification"),
}
RECOGNITION_LABELS = {"recognised": _l("recognised"), "pending": _l("recognition pending"),
                      "not_recognised": _l("not recognised")}
AVAILABILITY_LABELS = {"full_time": _l("full time"), "part_time": _l("part time"), "evenings": _l("evenings"),
                       "weekends": _l("weekends")}
WORK_PERMIT_LABELS = {"granted": _l("granted"), "pending": _l("pending"), "none": _l("none")}
KIND_LABELS = {"job": _l("job"), "training": _l("training")}
CHANNEL_LABELS = {"in_person": _l("in person"), "phone": _l("phone"), "sms": _l("text message (SMS)"), "email": _l("email message"),
                  "post": _l("post"), "messaging_app": _l("messaging app")}


def field_label(name):
    return str(FIELD_LABELS.get(name, name))


def problem_message(problem):
    """One problem of a row, as its reader reads it."""
    value = problem.params.get("value", "")
    messages = {
        "not_a_list": lambda: _("a list is needed"),
        "not_a_uri": lambda: _("%(value)s is not an ESCO URI", value=value or "—"),
        "bad_language": lambda: _("%(value)s is not a two-letter language code (ISO 639-1)", value=value or "—"),
        "bad_cefr": lambda: _("the level %(value)s is not a CEFR level (A1, A2, B1, B2, C1, C2)", value=value or "—"),
        "bad_eqf": lambda: _("the level %(value)s is not an EQF level (1 to 8)", value=value or "—"),
        "bad_recognition": lambda: _("%(value)s is not a recognition status (recognised, pending, not_recognised)",
                                     value=value or "—"),
        "no_title": lambda: _("a title is needed"),
        "too_long": lambda: _("use at most %(limit)d characters", limit=problem.params.get("limit", 0)),
        "nul_character": lambda: _("holds a NUL character, which no text holds"),
        "bad_years": lambda: _("%(value)s is not a number of years (0 to 80)", value=value or "—"),
        "bad_availability": lambda: _("%(value)s is not an availability (full_time, part_time, evenings, weekends)",
                                      value=value),
        "bad_schedule": lambda: _("%(value)s is not a schedule (full_time, part_time, evenings, weekends)",
                                  value=value),
        "bad_work_permit": lambda: _("%(value)s is not a work-permit status (granted, pending, none)", value=value),
        "bad_channel": lambda: _("%(value)s is not a contact channel", value=value),
        "bad_date": lambda: _("%(value)s is not a date written YYYY-MM-DD", value=value),
        "future_date": lambda: _("%(value)s is in the future", value=value),
        "bad_country": lambda: _("%(value)s is not a two-letter country code (ISO 3166-1)", value=value),
        "bad_kind": lambda: _("%(value)s is not a kind of opportunity (job, training)", value=value or "—"),
        "bad_qualification": lambda: _("%(value)s is not written title|EQF level|recognition", value=value),
        "bad_boolean": lambda: _("%(value)s is not yes or no", value=value),
        "unknown_site": lambda: _("the project has no pilot site %(value)s", value=value),
        "extra_values": lambda: _("the row has more values than the header has columns"),
        "not_your_site": lambda: _("you import only rows of your own pilot sites (%(value)s)", value=value or "—"),
        "unknown_uri": lambda: _("%(value)s is not in the loaded ESCO taxonomy: kept and flagged", value=value),
    }
    text = messages[problem.code]() if problem.code in messages else problem.code
    return f"{field_label(problem.field)}: {text}" if problem.field else text


def refusal_message(refused):
    """Why a whole file was refused."""
    params = refused.params
    messages = {
        "not_utf8": lambda: _("The file is not UTF-8 text: save it as CSV UTF-8 and try again."),
        "not_csv": lambda: _("The file cannot be read as CSV."),
        "empty": lambda: _("The file is empty: its first line must name the columns."),
        "no_rows": lambda: _("The file has a header and no rows."),
        "unknown_columns": lambda: _("Unknown columns: %(columns)s. The columns are: %(expected)s.",
                                     columns=params.get("columns"), expected=params.get("expected")),
        "missing_columns": lambda: _("Missing columns: %(columns)s.", columns=params.get("columns")),
        "repeated_column": lambda: _("A column is named twice in the header."),
        "too_many_rows": lambda: _("The file has more than %(limit)d rows: split it.", limit=params.get("limit", 0)),
    }
    return messages[refused.code]() if refused.code in messages else refused.code


def _shown(name, value):
    if value in (None, "", []):
        return "—"
    if isinstance(value, bool):  # the one yes-or-no attribute: interpreter_needed
        return _("needed") if value else _("not needed")
    if name == "languages":
        return ", ".join(f"{entry['language']} {entry['level']}" for entry in value)
    if name == "qualifications":
        return "; ".join(f"{entry['title']} (EQF {entry['eqf']}, {RECOGNITION_LABELS.get(entry['recognition'], '')})"
                         for entry in value)
    if name == "work_experience":
        return "; ".join(_("%(occupation)s: %(years)s years", occupation=entry["occupation"], years=entry["years"])
                         for entry in value)
    labels = {"availability": AVAILABILITY_LABELS, "contact_preferences": CHANNEL_LABELS,
              "work_permit": WORK_PERMIT_LABELS}.get(name, {})
    if isinstance(value, list):
        return ", ".join(str(labels.get(item, item)) for item in value)
    return str(labels.get(value, value))


def describe_record(record):
    """[(label, value)] of a stored profile record, every attribute as its owner reads it in their export."""
    return [(field_label(name), _shown(name, value)) for name, value in record.items()]
