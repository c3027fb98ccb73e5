"""Appending to the audit log, and checking its chain.

Each entry's digest is SHA-256 over the previous entry's digest and the entry's own fields in a canonical
JSON form; the first entry follows `GENESIS`. `AuditHead` holds the number of entries and the last digest,
and is locked while an entry is appended, so that two requests never chain to the same entry.
"""
import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum

import sqlalchemy as sa

from ..database import as_utc, utcnow
from ..extensions import db
from ..pseudonyms import pseudonym
from ..signals import data_accessed, data_changed
from .models import AuditEntry, AuditHead

GENESIS = "0" * 64

# What the data-protection promises are about, named by the package that does each: who got in, who took data
# out, consent, people's data removed, who may do what, and configuration (`register_audited`).
AUDITED = set()


def register_audited(actions):
    """Keep an entry for each of these actions ("surveys.responses_exported", ...) in the audit log."""
    AUDITED.update(actions)


def _plain(value):
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if hasattr(value, "id"):
        return value.id
    return str(value)


# Details that name a participant by code: kept as the code's pseudonym when the object is named by one.
PSEUDONYMISED_DETAILS = ("code", "old_code", "new_code")


def _label(obj):
    for attribute in ("audit_label", "change_label", "email", "code", "name", "title"):
        value = getattr(obj, attribute, None)
        if isinstance(value, dict):
            value = next(iter(value.values()), "")
        if value:
            return str(value)[:300]
    return ""


def canonical(value):
    return json.dumps(value, default=_plain, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def digest_of(entry, previous):
    """The digest that chains `entry` to the entry before it (whose digest is `previous`)."""
    fields = [previous, entry.id, as_utc(entry.at).isoformat(), entry.actor_id, entry.actor_name, entry.action,
              entry.object_type, entry.object_id, entry.label, entry.project_id, entry.details]
    return hashlib.sha256(canonical(fields).encode()).hexdigest()


def _head():
    head = db.session.scalars(sa.select(AuditHead).where(AuditHead.id == 1).with_for_update()).first()
    if head is None:
        head = AuditHead(id=1, entries=0, digest=GENESIS)
        db.session.add(head)
    return head


def append(action, obj=None, *, actor=None, **details):
    """Add an entry for `action` on `obj` by `actor`, chained to the last one, in the current transaction."""
    head = _head()
    if getattr(obj, "audit_label", None):  # a person: named by pseudonym, so that an erasure leaves no code
        named = getattr(obj, "pseudonym_of", pseudonym)
        details = {key: named(value) if key in PSEUDONYMISED_DETAILS and isinstance(value, str) else value
                   for key, value in details.items()}
    try:
        project_id, _site = obj.access_scope
    except AttributeError:
        project_id = None
    state = sa.inspect(obj, raiseerr=False) if obj is not None else None
    identity = state.identity if state is not None and state.identity else (getattr(obj, "id", None),)
    entry = AuditEntry(id=head.entries + 1, at=utcnow(), actor_id=getattr(actor, "id", None),
                       actor_name=getattr(actor, "display_name", "") or "", action=action,
                       object_type=getattr(obj, "__tablename__", type(obj).__name__ if obj is not None else ""),
                       object_id=identity[0] if isinstance(identity[0], int) else None, label=_label(obj),
                       project_id=project_id, details=canonical(details), previous_digest=head.digest)
    entry.digest = digest_of(entry, head.digest)
    db.session.add(entry)
    head.entries, head.digest = entry.id, entry.digest
    db.session.flush()
    return entry


def record(obj, *, actor, action, **details):
    """The signal handler: an entry for each audited action, whoever did it (the system included)."""
    if action in AUDITED:
        append(action, obj, actor=actor if getattr(actor, "is_authenticated", False) else None, **details)


@dataclass
class Verdict:
    entries: int
    broken_at: int | None = None  # the first entry whose digest or link does not hold
    reason: str = ""

    @property
    def intact(self):
        return self.broken_at is None


def verify(batch=1000):
    """Walk the chain from the first entry: each link, each digest, the numbering, and the head."""
    previous, expected_id, last_id = GENESIS, 1, 0
    while True:  # a batch of entries at a time, by id
        entries = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.id > last_id)
                                     .order_by(AuditEntry.id).limit(batch)).all()
        if not entries:
            break
        for entry in entries:
            if entry.id != expected_id:
                return Verdict(last_id, expected_id, "missing")
            if entry.previous_digest != previous:
                return Verdict(last_id, entry.id, "link")
            if digest_of(entry, previous) != entry.digest:
                return Verdict(last_id, entry.id, "changed")
            previous, expected_id, last_id = entry.digest, entry.id + 1, entry.id
    head = db.session.get(AuditHead, 1)
    if head is not None and (head.entries != last_id or head.digest != previous):
        return Verdict(last_id, last_id + 1, "missing")
    return Verdict(last_id)


def pseudonyms_of(code):
    """The pseudonyms the audit log may name the holder of `code` by: under the key of each participant who
    holds it now (an erased one has none left), and under SECRET_KEY (an erasure's own entry)."""
    from ..participants.models import Participant  # participants announce to the audit log: imported late

    keys = db.session.scalars(sa.select(Participant.pseudonym_key).where(
        Participant.code == (code or "").strip().upper())).all()
    return {pseudonym(code), *(pseudonym(code, key) for key in keys)}


def search(*, text="", action="", page=1, per_page=100):
    query = sa.select(AuditEntry).order_by(AuditEntry.id.desc())
    if action:
        query = query.where(AuditEntry.action == action)
    if text:  # a participant's code finds the entries that name them by its pseudonyms
        columns = (AuditEntry.actor_name, AuditEntry.label, AuditEntry.details)
        likes = {f"%{name.lower()}%" for name in (text, *pseudonyms_of(text))}
        query = query.where(sa.or_(*(sa.func.lower(column).like(like) for column in columns for like in likes
                                     if column is not AuditEntry.actor_name or like == f"%{text.lower()}%")))
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def init_app(app):
    data_changed.connect(record, weak=False)
    data_accessed.connect(record, weak=False)
