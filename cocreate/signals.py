"""Who changed what: one signal that every service emits when it changes data.

A second signal, `data_accessed`, announces what reads people's data or lets someone in without changing
anything (a sign-in, an export, a firewall release): the audit log records it, the record of changes does not.

Cross-cutting reactions (the audit log, erasure) connect here instead of being
called from every service, as Indico's modules connect to its signals:

    from cocreate.signals import data_changed

    @data_changed.connect
    def audit(obj, *, actor, action, **details): ...

The sender is the changed object (a model instance); `action` names the change
as "<package>.<verb>" ("workshops.note_saved", "participants.consent_withdrawn").
"""
from blinker import Namespace

_signals = Namespace()

data_changed = _signals.signal("data-changed", doc="""
Sent after a service changed data (flushed, not yet committed: a handler that
writes joins the same transaction, and a rollback undoes both).  Keyword
arguments: `actor` (the User who acted, or None for the system, e.g. the demo
seeder or a participant answering without an account), `action` (str), and any
details the action documents.
""")

data_accessed = _signals.signal("data-accessed", doc="""
Sent when someone reads people's data in bulk or starts or ends a sign-in; the same keyword arguments as
`data_changed` (`actor`, `action` such as "surveys.responses_exported", details).
""")

evidence_removed = _signals.signal("evidence-removed", doc="""
Sent (flushed, not yet committed) just before rows holding evidence are deleted or erased, by
`evidence.services.forget`.  The sender is the evidence kind's name ("quote", "survey_answer"); keyword
arguments: `ids` (the rows' ids, every part of each row included), `actor`, and `erased` (True when a
participant's data is erased rather than an item deleted).  Whatever cites evidence (a requirement's trace)
keeps a tombstone of it here.
""")

configuration_item_changed = _signals.signal("configuration-item-changed", doc="""
Sent (flushed, not yet committed) when a new version of an IMMERSE module's configuration changes an item, once
per item.  The sender is the item's key ("matching/weight/optional_skill"); keyword arguments: `project` and
`actor`.  The links of requirements to the item become suspect here.
""")


def emit(action, obj, *, actor, **details):
    """Announce that `actor` did `action` to `obj`; returns `obj` so a service can end with it."""
    data_changed.send(obj, actor=actor, action=action, **details)
    return obj


def accessed(action, obj, *, actor, **details):
    """Announce that `actor` read or opened `obj` (`action`, e.g. an export); returns `obj`."""
    data_accessed.send(obj, actor=actor, action=action, **details)
    return obj


