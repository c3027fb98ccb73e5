"""What can be done with a piece of evidence from the pages that show it, offered by the features that do it.

`EVIDENCE_ACTIONS` starts empty.  A feature that does something with evidence registers an action here
(requirements: "Create a requirement from this", "Cite in a requirement"); the pages that show evidence
(quotes, notes, storyboard frames, coded excerpts, search results, survey answers) draw the actions with the
`evidence_actions` macro of `evidence/_macros.html`, without knowing which features offer them.
"""
from dataclasses import dataclass
from typing import Any

from flask import url_for

from ..auth.permissions import can
from .registry import Ref, kind_of

EVIDENCE_ACTIONS: dict[str, "EvidenceAction"] = {}


@dataclass(frozen=True)
class _ProjectScope:
    project_id: int

    @property
    def access_scope(self):
        return self.project_id, None


@dataclass(frozen=True)
class EvidenceAction:
    """An action on one piece of evidence: a page at `endpoint`, opened with the evidence's kind, id and part,
    offered to those who may do `permission` in the evidence's project."""

    name: str
    label: Any
    endpoint: str
    permission: str

    def url(self, ref):
        values = {"kind": ref.kind, "target_id": ref.id}
        if ref.part:
            values["part"] = ref.part
        return url_for(self.endpoint, **values)


def register_action(action):
    EVIDENCE_ACTIONS[action.name] = action
    return action


def actions_at(kind_name, target_id, part=""):
    """`actions_for` the evidence at (kind, id, part), loaded here: for pages that hold no item of the kind
    (a survey's results, which show each question as a whole)."""
    kind = kind_of(kind_name)
    item = kind.get(Ref(kind_name, target_id, part)) if kind is not None else None
    return actions_for(kind_name, item)


def actions_for(kind_name, item):
    """[(label, url)] of the actions the current user may take on `item` of the kind `kind_name`; none for
    evidence that may not be shown (its consent withdrawn, an anonymous answer)."""
    kind = kind_of(kind_name)
    if kind is None or item is None or not EVIDENCE_ACTIONS or kind.refusal(item) is not None:
        return []
    scope = _ProjectScope(kind.project_id(item))
    ref = kind.ref(item)
    return [(action.label, action.url(ref)) for action in EVIDENCE_ACTIONS.values()
            if can(action.permission, scope)]
