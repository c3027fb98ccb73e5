"""A project's register in and out of files: ReqIF 1.2 (see `reqif`), CSV and XLSX.

An import reads the whole file first and makes a plan: per requirement new, changed (with each field's old
and new value) or unchanged.  The plan is refused, with nothing written, when the file breaks a rule of the
register (a cycle of "refines", an unknown pilot site or stakeholder group, a derived requirement without
justification…); applying it writes all of it.  Requirements of the project that the file does not name are
left as they are.  For the requirements it names, the file is the reference: their fields, their status (as
decided in the tool the file comes from, so the one-step workflow does not apply), their relations and their
configuration items become the file's.  Evidence links are never imported (see `reqif`).  A requirement whose
statement or acceptance criteria an import changes has its configuration items marked suspect.

`fingerprint(project)` digests what a plan depends on, so that the web page can refuse to apply a plan
previewed on a register that has changed since.
"""
import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ..configuration_items import items_of as configuration_items
from ..database import utcnow
from ..extensions import db
from ..forms import LONG_TEXT
from ..history.models import Change
from ..participants.models import StakeholderGroup
from ..signals import accessed, emit
from ..spreadsheets import csv_bytes, xlsx_bytes
from . import reqif
from .models import (NEEDS_REASON, EvidenceLink, ItemLink, Priority, RelationKind, Requirement,
                     RequirementCounter, RequirementRelation, RequirementType, Status, SuspectReason)
from .reqif import ReqIFError  # noqa: F401  (what the callers of plan() catch, with ImportRefused)

# The fields a file carries, in the order a report shows them; then the trace, as if fields.
FIELDS = ("title", "statement", "rationale", "type", "priority", "status", "status_reason", "stakeholder_groups",
          "site_codes", "acceptance_criteria", "derived", "derived_justification")
TRACE = ("refines", "conflicts", "items")
TRACE_LABELS = {"refines": _l("Refines"), "conflicts": _l("Conflicts with"),
                "items": _l("Configuration items")}
ITEM_KEY = re.compile(r"^[a-z0-9_.-]+(/[A-Za-z0-9_.-]+)+$")
MAX_TITLE, MAX_LIST, MAX_KEY = 200, 200, 200


class ImportRefused(ValueError):
    """An import refused; `str()` is the message to show.  Nothing was written."""


@dataclass
class EvidenceRecord:
    link_id: int
    kind: str
    ref: str
    site: str
    group: str
    removed_on: str
    justification: str


@dataclass
class RequirementRecord:
    """One requirement as files carry it: plain values only."""

    number: int
    fields: dict
    refines: set = field(default_factory=set)
    conflicts: set = field(default_factory=set)
    items: dict = field(default_factory=dict)       # key -> (suspect, reason value or "")
    evidence: list = field(default_factory=list)
    last_changed_by: str = ""
    last_changed_at: datetime | None = None

    @property
    def identifier(self):
        return f"REQ-{self.number:03d}"


def _plain(value):
    return getattr(value, "value", value)


def records(project):
    """[RequirementRecord] of `project`'s register, by number; a few queries whatever its size."""
    requirements = list(db.session.scalars(sa.select(Requirement).where(Requirement.project_id == project.id)
                                           .order_by(Requirement.number)))
    by_id = {requirement.id: requirement for requirement in requirements}
    found = {requirement.id: RequirementRecord(
        number=requirement.number, fields={name: _plain(getattr(requirement, name)) for name in FIELDS},
        last_changed_at=requirement.updated_at) for requirement in requirements}
    if not requirements:
        return []
    ids = list(by_id)
    for relation in db.session.scalars(sa.select(RequirementRelation).where(RequirementRelation.source_id.in_(ids))):
        target = by_id.get(relation.target_id)
        if target is not None:
            record = found[relation.source_id]
            (record.refines if relation.kind is RelationKind.REFINES else record.conflicts).add(target.number)
    for link in db.session.scalars(sa.select(ItemLink).where(ItemLink.requirement_id.in_(ids))):
        found[link.requirement_id].items[link.key] = (bool(link.suspect), _plain(link.suspect_reason) or "")
    sites = {site.id: site.code for site in project.sites}
    for link in db.session.scalars(sa.select(EvidenceLink).where(EvidenceLink.requirement_id.in_(ids))
                                   .order_by(EvidenceLink.id)):
        found[link.requirement_id].evidence.append(EvidenceRecord(
            link_id=link.id, kind=link.kind, ref=f"{link.kind}:{link.target_id}" + (f":{link.part}" if link.part
                                                                                     else ""),
            site=sites.get(link.site_id, ""), group=link.stakeholder_group or "",
            removed_on=link.removed_on.isoformat() if link.removed_on else "", justification=link.justification))
    last = (sa.select(Change.object_id, sa.func.max(Change.id).label("last"))
            .where(Change.object_type == Requirement.__tablename__, Change.project_id == project.id,
                   Change.object_id.in_(ids)).group_by(Change.object_id).subquery())
    for change in db.session.scalars(sa.select(Change).join(last, Change.id == last.c.last)):
        record = found[change.object_id]
        record.last_changed_by, record.last_changed_at = change.actor_name, change.at
    return [found[requirement.id] for requirement in requirements]


def fingerprint(project):
    """A digest of what an import plan depends on: the register's fields, relations, items and counter."""
    counter = db.session.get(RequirementCounter, project.id)
    state = {"counter": counter.last_number if counter else 0,
             "register": [[record.number, record.fields, sorted(record.refines), sorted(record.conflicts),
                           sorted([key, *value] for key, value in record.items.items())]
                          for record in records(project)]}
    return hashlib.sha256(json.dumps(state, sort_keys=True, default=str).encode()).hexdigest()


# --- exports ------------------------------------------------------------------

COLUMNS = ("identifier", *FIELDS, "refines", "conflicts", "items", "evidence", "last_changed_by",
           "last_changed_at")


def _numbers(numbers):
    return ", ".join(f"REQ-{number:03d}" for number in sorted(numbers))


def _items(items):
    return ", ".join(key + (" (suspect)" if suspect else "") for key, (suspect, _reason) in sorted(items.items()))


def table(project):
    """(header, rows) of the register: one row per requirement, the trace in the last columns."""
    rows = []
    for record in records(project):
        evidence = "; ".join(e.ref + (f" (withdrawn {e.removed_on})" if e.removed_on else "") for e in record.evidence)
        rows.append([record.identifier, *(record.fields[name] for name in FIELDS), _numbers(record.refines),
                     _numbers(record.conflicts), _items(record.items), evidence, record.last_changed_by,
                     record.last_changed_at.isoformat(timespec="seconds") if record.last_changed_at else ""])
    return list(COLUMNS), rows


def to_csv(project):
    return csv_bytes(*table(project))


def to_xlsx(project):
    return xlsx_bytes({"requirements": table(project)})


def to_reqif(project):
    return reqif.write(project, records(project)).encode("utf-8")


FORMATS = {"reqif": (to_reqif, "application/xml", "reqif"), "csv": (to_csv, "text/csv", "csv"),
           "xlsx": (to_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")}


def export(project, fmt, *, actor):
    """(bytes, mimetype, file name) of the register in `fmt`; recorded as data accessed."""
    writer, mimetype, extension = FORMATS[fmt]
    data = writer(project)
    name = f"{project.slug}-requirements.{extension}"
    accessed("requirements.exported", project, actor=actor, format=fmt, file=name)
    return data, mimetype, name


# --- imports ------------------------------------------------------------------

@dataclass
class Outcome:
    """What an import does to one requirement: "new", "changed" or "unchanged", with (field, old, new)."""

    number: int
    state: str
    diffs: list = field(default_factory=list)

    @property
    def identifier(self):
        return f"REQ-{self.number:03d}"


@dataclass
class Plan:
    project_id: int
    entries: list
    outcomes: list

    def count(self, state):
        return sum(1 for outcome in self.outcomes if outcome.state == state)

    @property
    def changes_anything(self):
        return any(outcome.state != "unchanged" for outcome in self.outcomes)


def _refuse(message):
    raise ImportRefused(message)


def _checked_fields(project, entry, site_codes):
    """The entry's fields with defaults, checked against the register's rules."""
    values = {name: entry.fields.get(name) for name in FIELDS}
    who = entry.identifier
    for name in ("title", "statement", "rationale", "status_reason", "stakeholder_groups", "site_codes",
                 "acceptance_criteria", "derived_justification"):
        values[name] = (values[name] or "").strip()
    values["derived"] = bool(values["derived"])
    values["status"] = values["status"] or Status.PROPOSED.value
    if not values["title"] or not values["statement"]:
        _refuse(_l("%(identifier)s needs a title and a statement.", identifier=who))
    if len(values["title"]) > MAX_TITLE:
        _refuse(_l("%(identifier)s: the title is longer than %(limit)d characters.", identifier=who,
                   limit=MAX_TITLE))
    if not values["type"] or not values["priority"]:
        _refuse(_l("%(identifier)s needs a type and a priority.", identifier=who))
    groups = [group.strip() for group in values["stakeholder_groups"].split(",") if group.strip()]
    unknown = [group for group in groups if group not in {member.value for member in StakeholderGroup}]
    if unknown:
        _refuse(_l("%(identifier)s: %(values)s is not a stakeholder group (known: %(known)s).", identifier=who,
                   values=", ".join(unknown), known=", ".join(member.value for member in StakeholderGroup)))
    codes = [code.strip() for code in values["site_codes"].split(",") if code.strip()]
    unknown = [code for code in codes if code not in site_codes]
    if unknown:
        _refuse(_l("%(identifier)s concerns the pilot site %(values)s, which this project does not have.",
                   identifier=who, values=", ".join(unknown)))
    values["stakeholder_groups"], values["site_codes"] = ",".join(groups), ",".join(codes)
    if any(len(values[name]) > LONG_TEXT for name in FIELDS if isinstance(values[name], str)):
        _refuse(_l("%(identifier)s has a text longer than %(limit)d characters.", identifier=who,
                   limit=LONG_TEXT))
    if max(len(values["stakeholder_groups"]), len(values["site_codes"])) > MAX_LIST:
        _refuse(_l("%(identifier)s names too many stakeholder groups or pilot sites.", identifier=who))
    if values["derived"] and not values["derived_justification"]:
        _refuse(_l("%(identifier)s is derived but has no justification: say what analysis it comes from.",
                   identifier=who))
    if Status(values["status"]) in NEEDS_REASON and not values["status_reason"]:
        _refuse(_l("%(identifier)s is rejected or deferred without a reason.", identifier=who))
    known = configuration_items(project) if entry.items else {}
    for key, (_suspect, reason) in entry.items.items():
        if not ITEM_KEY.match(key) or len(key) > MAX_KEY:
            _refuse(_l("%(identifier)s is implemented by %(key)s, which is not a configuration item key such as "
                       "firewall/employment-office/job-matching/gender.", identifier=who, key=key or "\"\""))
        if key not in known:
            _refuse(_l("%(identifier)s is implemented by %(key)s, which is not an item of this project's IMMERSE "
                       "configuration.", identifier=who, key=key))
        if reason and reason not in {member.value for member in SuspectReason}:
            _refuse(_l("%(identifier)s: %(value)s is not a reason a link is suspect.", identifier=who,
                       value=reason))
    return values


def _check_refinements(project, entries, existing):
    """Refuse a cycle of "refines" in the register the import would leave."""
    in_file = {entry.number for entry in entries}
    graph = {record.number: set(record.refines) for record in existing if record.number not in in_file}
    for entry in entries:
        if entry.number in entry.refines or entry.number in entry.conflicts:
            _refuse(_l("%(identifier)s is related to itself.", identifier=entry.identifier))
        graph[entry.number] = set(entry.refines)
    state = {}

    def visit(number, path):
        state[number] = "open"
        for target in sorted(graph.get(number, ())):
            if state.get(target) == "open":
                circle = path[path.index(target):] + [target] if target in path else [number, target]
                _refuse(_l("The file would make refinements go in a circle: %(circle)s.",
                           circle=" → ".join(f"REQ-{n:03d}" for n in circle)))
            if target not in state:
                visit(target, path + [target])
        state[number] = "done"

    for number in sorted(graph):
        if number not in state:
            visit(number, [number])


def _shown(name, value):
    """A field's value as a report line shows it."""
    if name in ("refines", "conflicts"):
        return _numbers(value)
    if name == "items":
        return _items(value)
    return value


def plan(project, data):
    """The Plan of importing the ReqIF file `data` (bytes) into `project`; ImportRefused (or ReqIFError) says
    why the file cannot be imported.  Writes nothing."""
    entries = reqif.read(data)
    if not entries:
        _refuse(_l("This ReqIF file holds no requirements."))
    existing = records(project)
    by_number = {record.number: record for record in existing}
    counter = db.session.get(RequirementCounter, project.id)
    for entry in entries:
        if entry.number not in by_number and counter is not None and entry.number <= counter.last_number:
            _refuse(_l("%(identifier)s was given to a requirement of this register that has been deleted: an "
                       "identifier is never given twice.", identifier=entry.identifier))
    site_codes = {site.code for site in project.sites}
    for entry in entries:
        entry.fields = _checked_fields(project, entry, site_codes)
    _check_refinements(project, entries, existing)
    outcomes = []
    for entry in entries:
        record = by_number.get(entry.number)
        if record is None:
            outcomes.append(Outcome(entry.number, "new"))
            continue
        diffs = [(name, record.fields[name], entry.fields[name]) for name in FIELDS
                 if record.fields[name] != entry.fields[name]]
        for name in TRACE:
            old, new = getattr(record, name), getattr(entry, name)
            if old != new:
                diffs.append((name, _shown(name, old), _shown(name, new)))
        outcomes.append(Outcome(entry.number, "changed" if diffs else "unchanged", diffs))
    return Plan(project_id=project.id, entries=entries, outcomes=outcomes)


def apply(project, plan, *, actor):
    """Write `plan` into `project` (all of it; the caller commits); returns the plan."""
    requirements = {r.number: r for r in db.session.scalars(
        sa.select(Requirement).where(Requirement.project_id == project.id))}
    outcomes = {outcome.number: outcome for outcome in plan.outcomes}
    for entry in plan.entries:
        outcome = outcomes[entry.number]
        values = dict(entry.fields, type=RequirementType(entry.fields["type"]),
                      priority=Priority(entry.fields["priority"]), status=Status(entry.fields["status"]))
        if outcome.state == "new":
            requirement = Requirement(project_id=project.id, number=entry.number, **values)
            db.session.add(requirement)
            requirements[entry.number] = requirement
        elif outcome.state == "changed":
            requirement = requirements[entry.number]
            for name, value in values.items():
                setattr(requirement, name, value)
    db.session.flush()
    counter = db.session.get(RequirementCounter, project.id, with_for_update=True)
    if counter is None:
        counter = RequirementCounter(project_id=project.id, last_number=0)
        db.session.add(counter)
    counter.last_number = max(counter.last_number, *requirements.keys())

    touched = [entry for entry in plan.entries if outcomes[entry.number].state != "unchanged"]
    ids = [requirements[entry.number].id for entry in touched]
    if ids:
        db.session.execute(sa.delete(RequirementRelation).where(RequirementRelation.source_id.in_(ids)))
    for entry in touched:
        requirement = requirements[entry.number]
        for kind, targets in ((RelationKind.REFINES, entry.refines), (RelationKind.CONFLICTS, entry.conflicts)):
            for target in sorted(targets):
                db.session.add(RequirementRelation(source_id=requirement.id, target_id=requirements[target].id,
                                                   kind=kind))
        links = {link.key: link for link in db.session.scalars(
            sa.select(ItemLink).where(ItemLink.requirement_id == requirement.id))}
        for key, link in links.items():
            if key not in entry.items:
                db.session.delete(link)
        reworded = {name for name, _old, _new in outcomes[entry.number].diffs} & {"statement",
                                                                                  "acceptance_criteria"}
        for key, (suspect, reason) in entry.items.items():
            link = links.get(key)
            if link is None:
                link = ItemLink(requirement_id=requirement.id, key=key, linked_by_id=getattr(actor, "id", None))
                db.session.add(link)
            if reworded:
                suspect, reason = True, SuspectReason.REQUIREMENT_CHANGED.value
            if link.suspect != suspect or _plain(link.suspect_reason) != (reason or None):
                link.suspect = suspect
                link.suspect_reason = SuspectReason(reason) if suspect and reason else None
                link.suspect_since = utcnow() if suspect else None
    db.session.flush()
    for entry in touched:
        outcome = outcomes[entry.number]
        requirement = requirements[entry.number]
        if outcome.state == "new":
            changes = {name: [None, entry.fields[name]] for name in FIELDS}
            changes.update({name: [None, _shown(name, getattr(entry, name))] for name in TRACE
                            if getattr(entry, name)})
        else:
            changes = {name: [old, new] for name, old, new in outcome.diffs}
        emit("requirements.imported", requirement, actor=actor, changes=changes)
    return plan


def report_lines(plan):
    """The plan in words, one line per requirement and one per changed field, for the command line."""
    lines = []
    for outcome in plan.outcomes:
        if outcome.state == "new":
            lines.append(str(_l("%(identifier)s: new", identifier=outcome.identifier)))
        elif outcome.state == "unchanged":
            lines.append(str(_l("%(identifier)s: unchanged", identifier=outcome.identifier)))
        else:
            lines.append(str(_l("%(identifier)s: changed", identifier=outcome.identifier)))
            for name, old, new in outcome.diffs:
                lines.append(f"  {field_label(name)}: {old!r} → {new!r}")
    return lines


def field_label(name):
    from .forms import FIELD_LABELS

    return str(FIELD_LABELS.get(name) or TRACE_LABELS.get(name) or name)

