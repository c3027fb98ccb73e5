"""A participant's rights over their data (access and portability, erasure) and the retention periods.

Everything here walks the registries: the evidence kinds (`evidence.registry.EVIDENCE_KINDS`: the rows that
hold a person's words or deeds, `kind.of_participant`), the participants' ties (what else names them) and the
retention categories the features register.  No feature is named.  Services take `actor` keyword-only, flush,
announce what they did and leave the commit to the caller, so that an erasure is all or nothing.
"""
import io
import json
import zipfile
from dataclasses import dataclass, field
from typing import ClassVar
from datetime import timedelta

from flask import render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from ..database import utcnow
from ..evidence.registry import EVIDENCE_KINDS
from ..evidence.services import forget
from ..extensions import db
from ..history.services import scrub
from ..i18n import DEFAULT_LANGUAGE, LANGUAGES, country_name, text_direction
from ..participants.forms import PROFILE_LABELS
from ..participants.models import ConsentScope
from ..participants.services import (
    delete_participant,
    get_participant_by_code,
    own_record,
)
from ..participants.ties import TIES
from ..pseudonyms import new_pseudonym_key, pseudonym
from ..signals import accessed, emit
from .retention import RETENTION_CATEGORIES


class PrivacyError(ValueError):
    """Something that cannot be done as asked; the message says why."""


def find_participant(project, code):
    """The participant with `code` in `project` (case and spaces forgiven), or None."""
    return get_participant_by_code(code, project)


# --- what the platform holds ------------------------------------------------

@dataclass(frozen=True)
class Holding:
    name: str  # the evidence kind's or the tie's name
    label: object  # what is counted, a lazily translated phrase
    count: int


def holdings(participant):
    """[Holding] of everything that names the participant, evidence kinds first, each with its number of rows
    (kinds and ties that hold nothing for them included, so that a page shows what was looked at)."""
    found = [Holding(kind.name, kind.rows_label or kind.label, len(kind.of_participant(participant.id)))
             for kind in EVIDENCE_KINDS.values()]
    found += [Holding(tie.name, tie.label, tie.count(participant.id))
              for tie in TIES.values() if not tie.name.startswith("evidence.")]
    return found


def corrections(participant):
    """[(label, URL)] of the pages where what the ties hold about the participant is corrected."""
    return [link for tie in TIES.values() if tie.corrections is not None for link in tie.corrections(participant.id)]


# --- access and portability -------------------------------------------------

def language_of(participant):
    """The language the person reads their export in: the first of theirs the interface speaks, else English."""
    for language in participant.languages or ():
        if language in LANGUAGES:
            return language
    return DEFAULT_LANGUAGE


def _evidence_item(kind, item):
    occasion = kind.occasion(item)
    return {"kind": kind.name, "text": kind.text(item), "language": kind.language(item),
            "translation": kind.translation(item) or "",
            "occasion": str(occasion.label) if occasion is not None else None,
            "date": occasion.date.isoformat() if occasion is not None and occasion.date else None}


def export_data(participant):
    """Everything the platform holds about the participant, as plain data (what `data.json` holds): their
    record, consents with their history, their own special-category attributes, and for each evidence kind
    and tie the rows that name them.  Nobody else's attributes are in it."""
    data = {"participant": own_record(participant), "evidence": [], "records": {}, "other": {}}
    for kind in EVIDENCE_KINDS.values():
        ids = kind.of_participant(participant.id)
        if not ids:
            continue
        data["evidence"] += [_evidence_item(kind, item) for item in kind.items_of_rows(ids)]
        records = kind.records_of_rows(ids)
        if records:
            data["records"][kind.name] = records
    for tie in TIES.values():
        if tie.export is not None:
            rows = tie.export(participant.id)
            if rows:
                data["other"][tie.name] = rows
    return data


# How the readable page names each special-category attribute.
ATTRIBUTE_LABELS = {"gender": _l("Gender"), "age_band": _l("Age band"), "nationality": _l("Nationality"),
                    "ethnicity": _l("Ethnicity"), "religion": _l("Religion or belief"),
                    "health": _l("Health condition")}


def _attribute_value(name, value):
    if name == "nationality":
        return country_name(value)
    label = PROFILE_LABELS.get(name, {}).get(value)
    return str(label) if label is not None else value


def export_page(participant, data):
    """The readable page of the export, in the person's own language (right to left where it is written so),
    with no external asset."""
    language = language_of(participant)
    with force_locale(language):
        profile = [(str(ATTRIBUTE_LABELS.get(name, name)), _attribute_value(name, value))
                   for name, value in data["participant"]["special_categories"].items()]
        described = {name: [TIES[name].describe(row) for row in rows] for name, rows in data["other"].items()
                     if name in TIES and TIES[name].describe is not None}
        return render_template(
            "privacy/export.html", data=data, language=language, direction=text_direction(language),
            profile=profile, consent_labels={scope.value: str(scope.label) for scope in ConsentScope},
            kinds={name: str(kind.label) for name, kind in EVIDENCE_KINDS.items()},
            kinds_rows={name: str(kind.rows_label or kind.label) for name, kind in EVIDENCE_KINDS.items()},
            ties={name: str(tie.label) for name, tie in TIES.items()}, described=described)


def export_archive(participant, *, actor):
    """(file name, bytes of a zip holding `data.json` and `index.html`); the export is recorded."""
    data = export_data(participant)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2, default=str))
        archive.writestr("index.html", export_page(participant, data))
    counts = {"evidence": len(data["evidence"]), **{name: len(rows) for name, rows in data["records"].items()}}
    accessed("privacy.exported", participant, actor=actor, code=participant.code, counts=counts)
    return f"{participant.code}-data.zip", buffer.getvalue()


# --- erasure ----------------------------------------------------------------

@dataclass(frozen=True)
class ErasedParticipant:
    """Who the entry recording an erasure names: the erased code's pseudonym under SECRET_KEY (so that the erasure
    is found by the code) and no participant id, which the entries written before it, under the participant's own
    key, also hold: nothing ties those to the code once the key is gone.

    The record of changes says only that a participant's data was erased: no label and no details
    (`change_details`), so that nothing in it ties the erasure to the erased person's past changes."""

    __tablename__: ClassVar[str] = "participants"
    change_details: ClassVar[tuple] = ()
    erased_code: str
    access_scope: tuple

    @property
    def audit_label(self):
        return pseudonym(self.erased_code)


@dataclass
class Erasure:
    code: str
    counts: dict = field(default_factory=dict)  # kind or tie name -> rows removed


def _erase_rows(kind, ids, *, actor):
    """Erase rows of one evidence kind: their codings first (and the tombstones that cite them), then the rows."""
    forget(kind.name, ids, actor=actor, erased=True)
    kind.erase(ids, actor=actor)


# Erased texts shorter than this are not looked for in the record of changes: a "yes" is in too many places.
SHORTEST_TRACE = 8


def _texts(kind, ids):
    """The texts (and translations) of the rows `ids` of `kind`, to be looked for elsewhere once erased."""
    texts = set()
    for item in kind.items_of_rows(ids):
        for text in (kind.text(item), kind.translation(item)):
            if isinstance(text, str) and len(text.strip()) >= SHORTEST_TRACE:
                texts.add(text.strip())
    return texts


def erase(participant, *, actor):
    """Erase the participant: every row of every evidence kind that names them (quotes, frames that show them,
    survey responses), then their attendance, consents, special-category attributes and the participant;
    the code is never given again.  The record of changes keeps no trace: the changes made to the erased rows
    lose their label and details, and the code and the erased texts are replaced elsewhere in it by a pseudonym
    under a random key made for this erasure and thrown away, which nothing kept (the audit log's entries, the
    record's own entry of the erasure) ties back to the code.  Flushes only: the caller commits the whole, or rolls all of it back.

    Announces `privacy.erased` (one audit entry) with the code's pseudonym and the number of rows per kind,
    never their content."""
    erasure = Erasure(participant.code)
    project_id = participant.access_scope[0]
    objects, needles = set(), {participant.code}
    for kind in EVIDENCE_KINDS.values():
        ids = kind.of_participant(participant.id)
        if ids:
            needles |= _texts(kind, ids)
            table = getattr(kind.model, "__tablename__", None)
            objects |= {(table, row_id) for row_id in ids if isinstance(row_id, int)}
            _erase_rows(kind, ids, actor=actor)
            erasure.counts[kind.name] = len(ids)
    for tie in TIES.values():
        if not tie.keeps:
            n = tie.count(participant.id)
            if n:
                erasure.counts[tie.name] = n
    scope = participant.access_scope
    delete_participant(participant, actor=actor, announce=False)
    emit("privacy.erased", ErasedParticipant(erasure.code, scope), actor=actor, code=erasure.code,
         counts=erasure.counts)
    db.session.flush()
    scrub(project_id=project_id, objects=objects, needles=needles,
          replacement=pseudonym(erasure.code, new_pseudonym_key()))
    return erasure


# --- retention --------------------------------------------------------------

def retention_periods(config_days):
    """{category name: days} from `RETENTION_DAYS`; an unknown category or a period that is not a whole number
    of days at least 1 is refused (a misspelt name would otherwise keep its data for ever)."""
    periods = {}
    for name, days in (config_days or {}).items():
        if name not in RETENTION_CATEGORIES:
            raise PrivacyError(f"RETENTION_DAYS names an unknown category {name!r} "
                               f"(known: {', '.join(sorted(RETENTION_CATEGORIES))})")
        if days is None:
            continue
        if isinstance(days, bool) or not isinstance(days, int) or days < 1:
            raise PrivacyError(f"RETENTION_DAYS[{name!r}] must be a whole number of days, at least 1")
        periods[name] = days
    return periods


def purge_expired(config_days, *, now=None, dry_run=False, actor=None):
    """Delete what is past its retention period, through each category's evidence kind (so codings,
    tombstones and files are dealt with as in an erasure); {category name: rows past their time}.

    With `dry_run`, only count.  Flushes only."""
    now = now or utcnow()
    report = {}
    for name, days in retention_periods(config_days).items():
        category = RETENTION_CATEGORIES[name]
        ids = list(category.expired(now - timedelta(days=days)))
        report[name] = len(ids)
        if ids and not dry_run:
            _erase_rows(EVIDENCE_KINDS[category.kind], ids, actor=actor)
    if not dry_run and any(report.values()):
        emit("privacy.purged", None, actor=actor, counts=report)
    return report
