"""Changing requirements: plain functions taking models, data and the `actor`; they flush, the caller
commits.  Rules broken raise `RequirementError` with a message for the person who asked."""
import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..history.models import Change
from ..signals import emit
from .models import (NEEDS_REASON, TRANSITIONS, RelationKind, Requirement, RequirementCounter,
                     RequirementRelation, Status)

# Fields whose changes the history keeps, in the order a diff shows them.
TRACKED_FIELDS = ("title", "statement", "rationale", "type", "priority", "stakeholder_groups", "site_codes",
                  "acceptance_criteria", "derived", "derived_justification")


class RequirementError(ValueError):
    """A change the register's rules refuse; `str()` is the message to show."""


def _plain(value):
    return getattr(value, "value", value)


def _check_derived(derived, justification):
    if derived and not (justification or "").strip():
        raise RequirementError(_l("A derived requirement needs a justification: say what analysis it comes "
                                  "from."))


def _next_number(project):
    """The next requirement number of `project`: never one given before, not even to a deleted requirement."""
    counter = db.session.get(RequirementCounter, project.id, with_for_update=True)
    if counter is None:
        counter = RequirementCounter(project_id=project.id, last_number=0)
        db.session.add(counter)
    highest = db.session.scalar(sa.select(sa.func.max(Requirement.number))
                                .where(Requirement.project_id == project.id)) or 0
    counter.last_number = max(counter.last_number, highest) + 1
    return counter.last_number


def requirements_of(project):
    return list(db.session.scalars(sa.select(Requirement).where(Requirement.project_id == project.id)
                                   .order_by(Requirement.number)))


def create_requirement(project, *, actor, **fields):
    """A new requirement of `project`, proposed, with the next identifier."""
    _check_derived(fields.get("derived"), fields.get("derived_justification"))
    requirement = Requirement(project_id=project.id, number=_next_number(project), status=Status.PROPOSED,
                              **fields)
    db.session.add(requirement)
    db.session.flush()
    return emit("requirements.created", requirement, actor=actor,
                changes={name: [None, _plain(getattr(requirement, name))] for name in TRACKED_FIELDS})


def update_requirement(requirement, *, actor, **fields):
    """Change the fields given; the history keeps each field's old and new value."""
    _check_derived(fields.get("derived", requirement.derived),
                   fields.get("derived_justification", requirement.derived_justification))
    changes = {}
    for name, value in fields.items():
        old = getattr(requirement, name)
        if _plain(old) != _plain(value):
            changes[name] = [_plain(old), _plain(value)]
            setattr(requirement, name, value)
    if not changes:
        return requirement
    db.session.flush()
    return emit("requirements.changed", requirement, actor=actor, changes=changes)


def change_status(requirement, new_status, *, actor, reason=""):
    """Move `requirement` one step along the workflow; rejecting or deferring needs a reason."""
    new_status = Status(new_status)
    if new_status not in TRANSITIONS[requirement.status]:
        raise RequirementError(_l("A requirement that is %(old)s cannot become %(new)s: the workflow goes "
                                  "proposed, accepted, implemented, verified, one step at a time.",
                                  old=requirement.status.label, new=new_status.label))
    reason = (reason or "").strip()
    if new_status in NEEDS_REASON and not reason:
        raise RequirementError(_l("Say why the requirement is rejected or deferred."))
    changes = {"status": [requirement.status.value, new_status.value]}
    if reason != requirement.status_reason:
        changes["status_reason"] = [requirement.status_reason, reason]
    requirement.status = new_status
    requirement.status_reason = reason
    db.session.flush()
    return emit("requirements.status_changed", requirement, actor=actor, changes=changes)


def delete_requirement(requirement, *, actor):
    """Delete `requirement` with its relations; its identifier is never given again."""
    identifier = requirement.identifier
    emit("requirements.deleted", requirement, actor=actor, identifier=identifier)
    db.session.execute(sa.delete(RequirementRelation).where(sa.or_(
        RequirementRelation.source_id == requirement.id, RequirementRelation.target_id == requirement.id)))
    db.session.delete(requirement)
    db.session.flush()


def _refined_by_chain(start_id):
    """Ids of every requirement that `start_id` refines, directly or through others."""
    seen, todo = set(), [start_id]
    while todo:
        current = todo.pop()
        for target in db.session.scalars(sa.select(RequirementRelation.target_id).where(
                RequirementRelation.source_id == current, RequirementRelation.kind == RelationKind.REFINES)):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def relate(source, kind, target, *, actor):
    """Record that `source` refines or conflicts with `target` (same project; no cycle of refines)."""
    kind = RelationKind(kind)
    if source.project_id != target.project_id:
        raise RequirementError(_l("Requirements of different projects cannot be related."))
    if source.id == target.id:
        raise RequirementError(_l("A requirement cannot be related to itself."))
    if kind is RelationKind.REFINES and source.id in _refined_by_chain(target.id):
        raise RequirementError(_l("%(source)s cannot refine %(target)s: %(target)s already refines "
                                  "%(source)s, directly or through others, and refinements cannot go in a "
                                  "circle.", source=source.identifier, target=target.identifier))
    existing = db.session.get(RequirementRelation, (source.id, target.id, kind))
    if existing is not None:
        return existing
    relation = RequirementRelation(source_id=source.id, target_id=target.id, kind=kind)
    db.session.add(relation)
    db.session.flush()
    emit("requirements.related", source, actor=actor, kind=kind.value, target=target.identifier)
    return relation


def unrelate(relation, *, actor):
    source, target, kind = relation.source, relation.target, relation.kind
    db.session.delete(relation)
    db.session.flush()
    emit("requirements.unrelated", source, actor=actor, kind=kind.value, target=target.identifier)


def relation_between(source, target_id, kind):
    """The relation `source` → `target_id` of `kind`, or None."""
    return db.session.get(RequirementRelation, (source.id, target_id, RelationKind(kind)))


def relations_of(requirement):
    """(outgoing, incoming) relations of `requirement`."""
    outgoing = list(db.session.scalars(sa.select(RequirementRelation)
                                       .where(RequirementRelation.source_id == requirement.id)))
    incoming = list(db.session.scalars(sa.select(RequirementRelation)
                                       .where(RequirementRelation.target_id == requirement.id)))
    return outgoing, incoming


def search(project, *, type=None, priority=None, status=None, site=None, group=None, text=None):
    """The project's requirements matching every filter given (text: in identifier, title or statement)."""
    query = sa.select(Requirement).where(Requirement.project_id == project.id).order_by(Requirement.number)
    for column, value in ((Requirement.type, type), (Requirement.priority, priority),
                          (Requirement.status, status)):
        if value:
            query = query.where(column == value)
    found = list(db.session.scalars(query))
    if site:
        found = [r for r in found if site in r.site_code_list]
    if group:
        found = [r for r in found if group in r.group_list]
    if text:
        needle = text.strip().lower()
        found = [r for r in found if needle in r.identifier.lower() or needle in r.title.lower()
                 or needle in r.statement.lower()]
    return found


def history_of(requirement):
    """The recorded changes of `requirement`, newest first, each with its (field, old, new) lines."""
    return list(db.session.scalars(sa.select(Change).where(
        Change.object_type == Requirement.__tablename__, Change.object_id == requirement.id,
        Change.project_id == requirement.project_id).order_by(Change.at.desc(), Change.id.desc())))
