"""Recording changes as they happen, and reading them back.

`record` is connected to `signals.data_changed`: a change by a signed-in person (an `actor`) is written
in the same transaction as the change itself, so a rollback undoes both. Changes made by the system (the
demo seeder, a participant answering a survey without an account) are not recorded here.

What a change was done to is described by the object's `change_label` when it has one, else its title,
name or code, so that the record still reads after the object is gone.  An object with `change_details` (a
tuple of detail names) has only those of its details kept.
"""
from datetime import date, datetime
from enum import Enum

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..signals import data_changed
from .models import Change

ACTION_LABELS = {}  # action -> lazily translated label ("deleted a note"), filled by the features


def register_actions(labels):
    """Name actions for the record: {"workshops.note_deleted": _l("deleted a note"), ...}."""
    ACTION_LABELS.update(labels)


def action_label(action):
    return ACTION_LABELS.get(action, action)


def describe(obj):
    for attribute in ("change_label", "title", "name", "code"):
        value = getattr(obj, attribute, None)
        if isinstance(value, dict):  # texts kept per language: the first one
            value = next(iter(value.values()), "")
        if value:
            return str(value)[:300]
    return ""


def _plain(value):
    """A detail as JSON can keep it."""
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple | set):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if hasattr(value, "id"):
        return value.id
    return str(value)


def record(obj, *, actor, action, **details):
    """Write the change `action` that `actor` made to `obj` (nothing for the system's own changes)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    try:
        project_id, site_id = obj.access_scope
    except AttributeError:
        project_id = site_id = None
    state = sa.inspect(obj, raiseerr=False)
    identity = state.identity if state is not None and state.identity else (getattr(obj, "id", None),)
    kept = getattr(obj, "change_details", None)
    if kept is not None:
        details = {key: value for key, value in details.items() if key in kept}
    change = Change(actor_id=actor.id, actor_name=actor.display_name, action=action,
                    object_type=getattr(obj, "__tablename__", type(obj).__name__), object_id=identity[0],
                    label=describe(obj), project_id=project_id, site_id=site_id,
                    details={key: _plain(value) for key, value in details.items()})
    db.session.add(change)
    return change


def changes(project, *, site_id=None, limit=300):
    """The project's most recent changes, newest first."""
    query = (sa.select(Change).where(Change.project_id == project.id)
             .options(selectinload(Change.actor)).order_by(Change.at.desc(), Change.id.desc()).limit(limit))
    if site_id is not None:
        query = query.where(Change.site_id == site_id)
    return list(db.session.scalars(query))


def _replaced(value, needles, replacement):
    """`value` (a detail: text, list, dict…) with every needle in its texts replaced."""
    if isinstance(value, str):
        for needle in needles:
            value = value.replace(needle, replacement)
        return value
    if isinstance(value, list):
        return [_replaced(item, needles, replacement) for item in value]
    if isinstance(value, dict):
        return {key: _replaced(item, needles, replacement) for key, item in value.items()}
    return value


def scrub(*, project_id, objects, needles, replacement, batch=500):
    """Take a person's traces out of the record of changes (an erasure): the changes made to `objects`
    ({(table name, id)}) lose their label and details, and every other change of the project (or of none)
    has each of `needles` (a participant code, erased texts) in its label or details replaced by
    `replacement`.  Flushes; returns the number of changes rewritten."""
    needles = sorted({n for n in needles if n}, key=len, reverse=True)
    rewritten, last_id = 0, 0
    while True:
        rows = db.session.scalars(sa.select(Change).where(
            sa.or_(Change.project_id == project_id, Change.project_id.is_(None)), Change.id > last_id)
            .order_by(Change.id).limit(batch)).all()
        if not rows:
            break
        for change in rows:
            last_id = change.id
            if (change.object_type, change.object_id) in objects:
                label, details = replacement, {}
            else:
                label = _replaced(change.label or "", needles, replacement)[:300]
                details = _replaced(change.details or {}, needles, replacement)
            if label != change.label or details != change.details:
                change.label, change.details = label, details
                rewritten += 1
    db.session.flush()
    return rewritten


def init_app(app):
    data_changed.connect(record, weak=False)
