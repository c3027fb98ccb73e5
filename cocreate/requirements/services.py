"""Changing requirements: plain functions taking models, data and the `actor`; they flush, the caller
commits.  Rules broken raise `RequirementError` with a message for the person who asked."""
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import contains_eager, selectinload


from ..configuration_items import items_of as items_in_force
from ..database import utcnow
from ..evidence.registry import Ref, kind_of
from ..extensions import db
from ..history.models import Change
from ..signals import configuration_item_changed, data_changed, emit, evidence_removed
from .models import (NEEDS_REASON, TRANSITIONS, EvidenceLink, ItemLink, RelationKind, Requirement,
                     RequirementCounter, RequirementRelation, Status, SuspectReason)

# Fields whose changes the history keeps, in the order a diff shows them.
TRACKED_FIELDS = ("title", "statement", "rationale", "type", "priority", "stakeholder_groups", "site_codes",
                  "acceptance_criteria", "derived", "derived_justification")
# A change to these makes the requirement's links to configuration items suspect until reviewed.
SUSPECT_FIELDS = {"statement", "acceptance_criteria"}


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


# --- the backward trace: evidence behind a requirement -----------------------

def _ref_label(ref):
    return f"{ref.kind}:{ref.id}" + (f":{ref.part}" if ref.part else "")


def _evidence_item(project, ref):
    """(kind, item) of `ref` if it is evidence `project` may cite; otherwise RequirementError says why."""
    kind = kind_of(ref.kind)
    item = kind.get(Ref(ref.kind, ref.id, ref.part or "")) if kind is not None else None
    if item is None:
        raise RequirementError(_l("There is no such evidence: check the kind and the number."))
    if kind.project_id(item) != project.id:
        raise RequirementError(_l("This evidence belongs to another project: a requirement cites only its own "
                                  "project's evidence."))
    withdrawn = kind.withdrawn_on(item)
    if withdrawn is not None:
        raise RequirementError(_l("The consent this evidence needs was withdrawn on %(date)s: it cannot be "
                                  "cited.", date=format_date(withdrawn)))
    if not kind.publishable(item):
        refusal = kind.refusal(item)
        raise RequirementError(refusal if refusal is not None else _l(
            "Nobody consented to this evidence being quoted: it cannot be cited."))
    return kind, item


def link_evidence(requirement, ref, *, justification, actor):
    """Cite the evidence `ref` (a `Ref` of any registered kind) in `requirement`, with a short justification.

    The link keeps the pilot site and stakeholder group the evidence came from and, for a kind that has one
    (a survey question), a snapshot of its result now.  Refused with a message: an unknown ref, another
    project's evidence, evidence whose consent was withdrawn or that may not be quoted, a second link to the
    same evidence, a missing justification.
    """
    justification = (justification or "").strip()
    if not justification:
        raise RequirementError(_l("Say in a few words why this evidence supports the requirement."))
    kind, item = _evidence_item(requirement.project, ref)
    ref = kind.ref(item)
    duplicate = db.session.scalar(sa.select(EvidenceLink.id).where(
        EvidenceLink.requirement_id == requirement.id, EvidenceLink.kind == ref.kind,
        EvidenceLink.target_id == ref.id, EvidenceLink.part == ref.part))
    if duplicate is not None:
        raise RequirementError(_l("%(identifier)s already cites this evidence.",
                                  identifier=requirement.identifier))
    site = kind.site(item)
    group = kind.stakeholder_group(item)
    link = EvidenceLink(requirement_id=requirement.id, kind=ref.kind, target_id=ref.id, part=ref.part,
                        justification=justification, site_id=site.id if site is not None else None,
                        stakeholder_group=_plain(group) or "", snapshot=kind.snapshot(item),
                        linked_by_id=getattr(actor, "id", None))
    db.session.add(link)
    db.session.flush()
    emit("requirements.evidence_linked", requirement, actor=actor, target=_ref_label(ref),
         justification=justification)
    return link


def unlink_evidence(link, *, actor):
    """Remove a link to evidence (a tombstone too)."""
    requirement, ref = link.requirement, link.ref
    db.session.delete(link)
    db.session.flush()
    emit("requirements.evidence_unlinked", requirement, actor=actor, target=_ref_label(ref))


def evidence_link(requirement, link_id):
    """The link `link_id` of `requirement`, or None."""
    link = db.session.get(EvidenceLink, link_id)
    return link if link is not None and link.requirement_id == requirement.id else None


@dataclass
class TracedEvidence:
    """A link as the requirement page shows it: the item when it may be shown, else a tombstone's date."""

    link: EvidenceLink
    kind: object
    item: object
    removed_on: date | None

    @property
    def is_tombstone(self):
        return self.item is None


def evidence_of(requirement):
    """[TracedEvidence] of `requirement`, in the order they were linked; a few queries whatever their number.

    Evidence deleted or erased, or whose consent was withdrawn since, comes as a tombstone: no item (so no
    text, speaker or code), only the day it went."""
    links = list(db.session.scalars(sa.select(EvidenceLink).where(EvidenceLink.requirement_id == requirement.id)
                                    .options(selectinload(EvidenceLink.site)).order_by(EvidenceLink.id)))
    by_kind = {}
    for link in links:
        if link.removed_on is None:
            by_kind.setdefault(link.kind, []).append(link.ref)
    loaded = {}
    for name, refs in by_kind.items():
        kind = kind_of(name)
        if kind is not None:
            loaded.update(kind.load(refs))
    traced = []
    for link in links:
        kind, item, removed_on = kind_of(link.kind), loaded.get(link.ref), link.removed_on
        if item is not None:
            withdrawn = kind.withdrawn_on(item)
            if withdrawn is not None:
                item, removed_on = None, withdrawn
        elif removed_on is None:  # gone without a word (a row removed outside `forget`)
            removed_on = link.linked_at.date()
        traced.append(TracedEvidence(link, kind, item, removed_on))
    return traced


def _keep_tombstones(kind_name, *, ids, actor=None, erased=False, **_details):
    """`evidence_removed`: the links to those rows (every part of each) become tombstones dated today."""
    ids = list(ids)
    if not ids:
        return
    db.session.execute(sa.update(EvidenceLink).where(
        EvidenceLink.kind == kind_name, EvidenceLink.target_id.in_(ids), EvidenceLink.removed_on.is_(None))
        .values(removed_on=date.today(), erased=bool(erased)).execution_options(synchronize_session="fetch"))
    if erased:  # erased evidence keeps nothing of what it said, not even a result's snapshot
        db.session.execute(sa.update(EvidenceLink).where(
            EvidenceLink.kind == kind_name, EvidenceLink.target_id.in_(ids))
            .values(erased=True, snapshot=None).execution_options(synchronize_session="fetch"))


evidence_removed.connect(_keep_tombstones, weak=False)


@dataclass(frozen=True)
class Strength:
    """How much evidence a requirement rests on: live items, distinct pilot sites, distinct stakeholder groups."""

    items: int = 0
    sites: int = 0
    groups: int = 0


def live_evidence(requirement_ids):
    """The citations of these requirements whose evidence still stands, as rows (requirement_id, kind,
    target_id, site_id, stakeholder_group), in two queries whatever their number.

    Not a tombstone (deleted or erased), and not evidence whose consent was withdrawn since it was cited (asked
    of each kind in SQL through its `publishable_clause`).  Sites and groups are those kept on the links when
    they were made.
    """
    ids = sorted(requirement_ids)
    if not ids:
        return []
    rows = db.session.execute(sa.select(EvidenceLink.requirement_id, EvidenceLink.kind, EvidenceLink.target_id,
                                        EvidenceLink.site_id, EvidenceLink.stakeholder_group)
                              .where(EvidenceLink.requirement_id.in_(ids), EvidenceLink.removed_on.is_(None))).all()
    targets = {}
    for row in rows:
        targets.setdefault(row.kind, set()).add(row.target_id)
    hidden_queries = []
    for name, target_ids in targets.items():
        kind = kind_of(name)
        clause = kind.publishable_clause() if kind is not None else None
        if clause is not None:
            hidden_queries.append(sa.select(sa.literal(name).label("kind"), kind.model.id.label("id"))
                                  .where(kind.model.id.in_(sorted(target_ids)), sa.not_(clause)))
    hidden = set()
    if hidden_queries:
        query = hidden_queries[0] if len(hidden_queries) == 1 else sa.union_all(*hidden_queries)
        hidden = {(row.kind, row.id) for row in db.session.execute(query)}
    return [row for row in rows if (row.kind, row.target_id) not in hidden]


def strength(requirements):
    """{requirement id: Strength} for many requirements at once: items, distinct pilot sites and distinct
    stakeholder groups of the evidence that still stands behind each (`live_evidence`)."""
    found = {requirement.id: [0, set(), set()] for requirement in requirements}
    for row in live_evidence(found):
        counted = found[row.requirement_id]
        counted[0] += 1
        if row.site_id is not None:
            counted[1].add(row.site_id)
        if row.stakeholder_group:
            counted[2].add(row.stakeholder_group)
    return {requirement_id: Strength(items, len(sites), len(groups))
            for requirement_id, (items, sites, groups) in found.items()}


def create_from_evidence(project, ref, *, justification, actor, **fields):
    """A new requirement and its first link, to the evidence it was written from, in one transaction:
    when the link is refused, nothing is created (the caller rolls back)."""
    justification = (justification or "").strip()
    if not justification:
        raise RequirementError(_l("Say in a few words why this evidence supports the requirement."))
    _evidence_item(project, ref)
    requirement = create_requirement(project, actor=actor, **fields)
    link_evidence(requirement, ref, justification=justification, actor=actor)
    return requirement


def draft_from_evidence(project, ref):
    """What the new requirement form starts with for evidence `ref`: the statement from its text (its
    translation when there is one), its pilot site and stakeholder group; RequirementError when the
    evidence cannot be cited."""
    kind, item = _evidence_item(project, ref)
    text = (kind.translation(item) or kind.text(item) or "").strip()
    site = kind.site(item)
    group = _plain(kind.stakeholder_group(item))
    return {"statement": text[:2000], "title": " ".join(text.split())[:80],
            "site_codes": [site.code] if site is not None else [], "stakeholder_groups": [group] if group else []}


# --- the forward trace: configuration items implementing a requirement -------

def configuration_items(project):
    """{key: description} of the IMMERSE configuration items in force in `project`, which a requirement may be
    traced to (as the feature that keeps the configuration says: `cocreate.configuration_items`)."""
    return items_in_force(project)


def link_item(requirement, key, *, actor):
    """Trace `requirement` forward to the configuration item `key`; an unknown key is refused."""
    key = (key or "").strip()
    if key not in configuration_items(requirement.project):
        raise RequirementError(_l("%(key)s is not a configuration item IMMERSE knows: choose one from the list.",
                                  key=key or "—"))
    if db.session.get(ItemLink, (requirement.id, key)) is not None:
        raise RequirementError(_l("%(identifier)s is already traced to %(key)s.",
                                  identifier=requirement.identifier, key=key))
    link = ItemLink(requirement_id=requirement.id, key=key, linked_by_id=getattr(actor, "id", None))
    db.session.add(link)
    db.session.flush()
    emit("requirements.item_linked", requirement, actor=actor, target=key)
    return link


def item_link(requirement, key):
    return db.session.get(ItemLink, (requirement.id, key))


def unlink_item(link, *, actor):
    requirement, key = link.requirement, link.key
    db.session.delete(link)
    db.session.flush()
    emit("requirements.item_unlinked", requirement, actor=actor, target=key)


def items_of(requirement):
    """The requirement's links to configuration items, by key."""
    return list(db.session.scalars(sa.select(ItemLink).where(ItemLink.requirement_id == requirement.id)
                                   .order_by(ItemLink.key)))


def requirements_behind(project, key):
    """[ItemLink] of the project's requirements traced to the configuration item `key`, by identifier."""
    return list(db.session.scalars(sa.select(ItemLink).join(Requirement).where(
        Requirement.project_id == project.id, ItemLink.key == key)
        .options(contains_eager(ItemLink.requirement)).order_by(Requirement.number)))


def _make_suspect(query, reason):
    db.session.execute(query.where(ItemLink.suspect.is_(False)).values(suspect=True, suspect_reason=reason, suspect_since=utcnow())
                       .execution_options(synchronize_session="fetch"))


def clear_suspect(link, *, actor):
    """A reviewer checked the link after a change: it is no longer suspect."""
    if not link.suspect:
        return link
    reason = link.suspect_reason
    link.suspect, link.suspect_reason, link.suspect_since = False, None, None
    db.session.flush()
    emit("requirements.suspect_cleared", link.requirement, actor=actor, target=link.key,
         reason=_plain(reason))
    return link


def _requirement_changed(obj, *, action, actor=None, changes=None, **_details):
    """`data_changed`: a new statement or new acceptance criteria make the requirement's item links suspect."""
    if action != "requirements.changed" or not isinstance(obj, Requirement):
        return
    if not set(changes or {}) & SUSPECT_FIELDS:
        return
    _make_suspect(sa.update(ItemLink).where(ItemLink.requirement_id == obj.id), SuspectReason.REQUIREMENT_CHANGED)


def _item_changed(key, *, project, **_details):
    """`configuration_item_changed`: the links of the project's requirements to that item become suspect."""
    _make_suspect(sa.update(ItemLink).where(ItemLink.key == key, ItemLink.requirement_id.in_(
        sa.select(Requirement.id).where(Requirement.project_id == project.id))), SuspectReason.ITEM_CHANGED)


data_changed.connect(_requirement_changed, weak=False)
configuration_item_changed.connect(_item_changed, weak=False)


def item_counts(project):
    """{key: number of the project's requirements traced to it}."""
    return dict(db.session.execute(sa.select(ItemLink.key, sa.func.count()).join(Requirement).where(
        Requirement.project_id == project.id).group_by(ItemLink.key)).all())
