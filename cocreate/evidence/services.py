"""The codebook and what researchers do with evidence: coding, frequencies, co-occurrence, search, export.

Everything here loops over `registry.EVIDENCE_KINDS`; no feature is named.  Only
evidence that may be shown (`kind.publishable`) reaches code pages, counts,
search and exports, so a withdrawal of consent takes effect at once.  Services
take `actor` keyword-only, flush, emit a signal and leave the commit to the view.
"""
import csv
import io
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import contains_eager, selectinload

from immerse_core.privacy import Count, suppress, table

from ..extensions import db
from ..signals import emit, evidence_removed
from ..spreadsheets import safe_cell
from .models import Code, Coding
from .registry import EVIDENCE_KINDS, SEARCH_FILTERS, Ref, kind_of


class EvidenceError(ValueError):
    """Something a user asked for that cannot be done; the message says why, in their language."""


def fold(text):
    """Text folded for searching: lower case, accents removed (situación -> situacion), spaces squeezed."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


# --- the codebook -----------------------------------------------------------

def codebook(project):
    """The project's codes as a tree in reading order: [(code, depth), ...]."""
    codes = db.session.scalars(sa.select(Code).where(Code.project_id == project.id).order_by(Code.name)).all()
    children = defaultdict(list)
    for code in codes:
        children[code.parent_id].append(code)
    ordered = []

    def walk(parent_id, depth):
        for code in children[parent_id]:
            ordered.append((code, depth))
            walk(code.id, depth + 1)
    walk(None, 0)
    return ordered


def get_code(code_id):
    return db.session.get(Code, code_id)


def save_code(project, code, *, name, parent=None, definition="", examples="", actor):
    """Create (when `code` is None) or change a code.

    Names are unique in a project, and a code is never placed under itself or its own sub-codes.
    """
    other = db.session.scalar(sa.select(Code).where(Code.project_id == project.id, Code.name == name))
    if other is not None and other is not code:
        raise EvidenceError(_("The codebook already has a code named %(name)s.", name=name))
    if parent is not None:
        if parent.project_id != project.id:
            raise EvidenceError(_("The parent code belongs to another project."))
        ancestor = parent
        while ancestor is not None:
            if code is not None and ancestor.id == code.id:
                raise EvidenceError(_("A code cannot be placed under itself or one of its sub-codes."))
            ancestor = ancestor.parent
    created = code is None
    if created:
        code = Code(project=project)
        db.session.add(code)
    code.name, code.parent, code.definition, code.examples = name, parent, definition or "", examples or ""
    db.session.flush()
    return emit("evidence.code_created" if created else "evidence.code_changed", code, actor=actor)


def descendants(code):
    """Every code below `code`, at any depth (a code's sub-codes, theirs, and so on)."""
    found, todo = [], list(code.children)
    while todo:
        child = todo.pop(0)
        found.append(child)
        todo.extend(child.children)
    return found


def codings_count(code):
    """How many codings apply `code`, whatever their evidence (withdrawn or anonymous ones too)."""
    return db.session.scalar(sa.select(sa.func.count(Coding.id)).where(Coding.code_id == code.id))


def delete_code(code, *, actor):
    """Delete a code and its codings; its sub-codes move up to its parent (top-level themes when it has none).

    Nothing coded under a sub-code is lost: a code is deleted alone, never a branch.  Returns
    (codings removed, sub-codes moved).
    """
    children = list(code.children)
    for child in children:
        child.parent = code.parent
    codings = codings_count(code)
    emit("evidence.code_deleted", code, actor=actor, codings=codings, sub_codes=[child.name for child in children])
    db.session.execute(sa.delete(Coding).where(Coding.code_id == code.id))
    db.session.flush()  # the sub-codes point elsewhere before their former parent goes
    db.session.delete(code)
    db.session.flush()
    return codings, len(children)


@dataclass
class Merge:
    """What merging a code into another did: codings moved, codings collapsed into an identical one, sub-codes moved."""

    moved: int = 0
    collapsed: int = 0
    sub_codes: int = 0


def merge_codes(merged, kept, *, append_definition=False, append_examples=False, actor):
    """Merge the code `merged` into `kept`, then delete `merged`.

    Every coding of `merged` moves to `kept`, except one identical to a coding `kept` already has (same
    evidence, same part, same excerpt): that one collapses into it.  The sub-codes of `merged` move under
    `kept`.  With `append_definition` / `append_examples`, what `merged` said is added after `kept`'s.
    A code is never merged into itself, into another project's code or into one of its own sub-codes
    (whose place in the tree would then be lost).  Flushes only: the view commits or rolls back the whole.
    """
    if merged.id == kept.id:
        raise EvidenceError(_("Choose another code to merge this one into."))
    if merged.project_id != kept.project_id:
        raise EvidenceError(_("This code belongs to another project's codebook."))
    if kept in descendants(merged):
        raise EvidenceError(_("A code cannot be merged into one of its own sub-codes."))
    result = Merge()
    existing = {(c.target_type, c.target_id, c.target_part, c.excerpt) for c in db.session.scalars(
        sa.select(Coding).where(Coding.code_id == kept.id))}
    for coding in db.session.scalars(sa.select(Coding).where(Coding.code_id == merged.id).order_by(Coding.id)).all():
        key = (coding.target_type, coding.target_id, coding.target_part, coding.excerpt)
        if key in existing:
            db.session.delete(coding)
            result.collapsed += 1
        else:
            coding.code = kept
            existing.add(key)
            result.moved += 1
    for child in list(merged.children):
        child.parent = kept
        result.sub_codes += 1
    if append_definition:
        kept.definition = _appended(kept.definition, merged.definition)
    if append_examples:
        kept.examples = _appended(kept.examples, merged.examples)
    db.session.flush()
    emit("evidence.codes_merged", kept, actor=actor, merged=merged.name, moved=result.moved,
         collapsed=result.collapsed, sub_codes=result.sub_codes)
    db.session.expire(merged, ["children"])
    db.session.delete(merged)
    db.session.flush()
    return result


def _appended(text, more):
    text, more = (text or "").strip(), (more or "").strip()
    if not more or more in text:
        return text
    return f"{text}\n\n{more}" if text else more


# --- coding -----------------------------------------------------------------

def evidence(ref):
    """The item a ref points at, or None (an unknown kind, a removed row, an answer no longer there)."""
    kind = kind_of(ref.kind)
    return kind.get(Ref(*ref)) if kind is not None else None


def apply_code(code, ref, *, excerpt="", actor):
    """Apply `code` to the piece of evidence `ref`; `excerpt`, when given, must be part of its text.

    Evidence whose consent was withdrawn, or that cannot be quoted (an anonymous answer), is refused.
    """
    kind, item = kind_of(ref.kind), evidence(ref)
    if kind is None or item is None:
        raise EvidenceError(_("There is nothing to code here."))
    if kind.project_id(item) != code.project_id:
        raise EvidenceError(_("This code belongs to another project's codebook."))
    refusal = kind.refusal(item)
    if refusal is not None:
        raise EvidenceError(str(refusal))
    excerpt = excerpt or ""
    if excerpt and fold(excerpt) not in fold(kind.text(item)):
        raise EvidenceError(_("The highlighted excerpt must be copied from the text being coded."))
    ref = kind.ref(item)
    duplicate = db.session.scalar(sa.select(Coding).where(
        Coding.code_id == code.id, Coding.target_type == ref.kind, Coding.target_id == ref.id,
        Coding.target_part == ref.part, Coding.excerpt == excerpt))
    if duplicate is not None:
        return duplicate
    coding = Coding(code=code, target_type=ref.kind, target_id=ref.id, target_part=ref.part, excerpt=excerpt,
                    coded_by_id=actor.id if actor else None)
    db.session.add(coding)
    db.session.flush()
    return emit("evidence.coded", coding, actor=actor)


def remove_coding(coding, *, actor):
    emit("evidence.coding_removed", coding, actor=actor)
    db.session.delete(coding)
    db.session.flush()


def forget(kind_name, ids, *, actor, erased=False):
    """Before rows of one kind of evidence are deleted: remove every coding of them, whatever part of the row
    each codes (a survey response's answers are parts of it), and announce `evidence_removed` so that what
    cites them keeps a tombstone; how many codings were removed."""
    ids = list(ids)
    if ids:
        evidence_removed.send(kind_name, ids=ids, actor=actor, erased=erased)
    removed = list(db.session.scalars(sa.select(Coding).where(
        Coding.target_type == kind_name, Coding.target_id.in_(ids)).order_by(Coding.id))) if ids else []
    for coding in removed:
        remove_coding(coding, actor=actor)
    return len(removed)


def count_codings(kind_name, ids):
    """How many codings these rows of one kind have: what a confirmation says goes with them."""
    ids = list(ids)
    if not ids:
        return 0
    return db.session.scalar(sa.select(sa.func.count(Coding.id)).where(
        Coding.target_type == kind_name, Coding.target_id.in_(ids)))


def codings_for(kind_name, refs):
    """{Ref: [Coding, ...]} for the given evidence of one kind, in a few queries whatever their number."""
    result = defaultdict(list)
    ids = sorted({ref.id for ref in refs})
    for start in range(0, len(ids), 500):
        for coding in db.session.scalars(sa.select(Coding).where(
                Coding.target_type == kind_name, Coding.target_id.in_(ids[start:start + 500]))
                .options(selectinload(Coding.code)).order_by(Coding.id)):
            result[coding.ref].append(coding)
    return result


def codings_by_row(kind_name, ids):
    """{row id: [Coding, ...]} for a kind that holds one piece of evidence a row (a note, a quote)."""
    found = codings_for(kind_name, [Ref(kind_name, row_id) for row_id in ids])
    return {row_id: found[Ref(kind_name, row_id)] for row_id in ids}


# --- analyses ---------------------------------------------------------------

@dataclass
class Excerpt:
    """A coded piece of evidence as analyses and exports show it."""

    coding: Coding
    kind: Any
    item: object
    text: str
    site: Any
    occasion: Any
    stakeholder_group: Any


def _shown(query):
    """`query` on codings, kept to those whose evidence is there and may be shown (each kind's `shown_clause`)."""
    shown = [sa.and_(Coding.target_type == kind.name, kind.shown_clause(Coding.target_id))
             for kind in EVIDENCE_KINDS.values()]
    return query.where(sa.or_(*shown) if shown else sa.false())


def shown_codings(project, *, code=None):
    """SQL: the codings of the project's codes (or of one code) whose evidence may be shown, in the order they
    were made, with their codes: what a page of coded excerpts reads (`paging.paginate`)."""
    query = (sa.select(Coding).join(Coding.code).where(Code.project_id == project.id)
             .options(contains_eager(Coding.code).selectinload(Code.parent)).order_by(Coding.id))
    if code is not None:
        query = query.where(Coding.code_id == code.id)
    return _shown(query)


def coded_excerpts(project, *, code=None, codings=None):
    """Every coding of the project's codes (or of one code) whose evidence may be shown, as excerpts; or,
    given `codings` (a page of `shown_codings`), those.

    Evidence that is not publishable (a quote whose speaker withdrew consent, an anonymous answer) is left out.
    """
    if codings is None:
        codings = db.session.scalars(shown_codings(project, code=code)).all()
    wanted = defaultdict(set)
    for coding in codings:
        wanted[coding.target_type].add(coding.ref)
    # One query (or a few) per kind of evidence, unpublishable items left out in SQL already.
    items = {}
    for kind_name, refs in wanted.items():
        kind = kind_of(kind_name)
        if kind is not None:
            items.update(kind.load(refs, publishable_only=True))
    excerpts = []
    for coding in codings:
        kind, item = kind_of(coding.target_type), items.get(coding.ref)
        if kind is None or item is None or not kind.publishable(item):
            continue
        excerpts.append(Excerpt(coding, kind, item, coding.excerpt or kind.text(item), kind.site(item),
                                kind.occasion(item), kind.stakeholder_group(item)))
    return excerpts


def code_counts(project):
    """{code id: times applied}, counting only evidence that may be shown, as `coded_excerpts` does.

    One `GROUP BY` over the project's codings, each tested in SQL by its kind's `shown_clause` (the row is
    there and publishable): no excerpt is built to be counted.  Codes never applied are absent."""
    query = (sa.select(Coding.code_id, sa.func.count(Coding.id)).join(Code, Code.id == Coding.code_id)
             .where(Code.project_id == project.id).group_by(Coding.code_id))
    return dict(db.session.execute(_shown(query)).all())


def code_frequencies(project, *, excerpts=None, codes=None):
    """How often each code was applied, by pilot site and by stakeholder group.

    Returns (rows, sites) where rows are (code, total, {site code: n}, {StakeholderGroup or None: n}).
    `excerpts` (what `coded_excerpts(project)` returns) and `codes` (`codebook(project)`) are read when given,
    so that a page showing several analyses builds them once.
    """
    by_site, by_group = defaultdict(Counter), defaultdict(Counter)
    for excerpt in coded_excerpts(project) if excerpts is None else excerpts:
        by_site[excerpt.coding.code_id][excerpt.site.code] += 1
        by_group[excerpt.coding.code_id][excerpt.stakeholder_group] += 1
    sites = [site.code for site in project.sites]
    rows = [(code, sum(by_site[code.id].values()), by_site[code.id], by_group[code.id])
            for code, _depth in (codebook(project) if codes is None else codes)]
    return rows, sites


@dataclass(frozen=True)
class ShownFrequency:
    """A row of `code_frequencies` as it may be shown: its total and cells are `privacy.Count`s."""

    code: Code
    total: Count
    by_site: dict   # site code -> Count
    by_group: dict  # StakeholderGroup, or None for evidence said by no one person -> Count


def shown_frequencies(rows, sites, groups):
    """The `rows` of `code_frequencies` as they may be shown (`privacy.table`, the one rule for counts of what
    people said): per code, its sites form one table and its stakeholder `groups` (with "not attributed", None)
    another, both summing to the code's total.  When either table must hide the total, the whole row is hidden,
    so that neither gives back what the other hides."""
    shown = []
    for code, _total, by_site, by_group in rows:
        site_cells, site_total = table({site: by_site.get(site, 0) for site in sites})
        group_cells, group_total = table({group: by_group.get(group, 0) for group in [*groups, None]})
        if site_total.suppressed or group_total.suppressed:
            site_cells = dict.fromkeys(site_cells, Count(None))
            group_cells = dict.fromkeys(group_cells, Count(None))
            site_total = Count(None)
        shown.append(ShownFrequency(code, site_total, site_cells, group_cells))
    return shown


def excerpts_shown(rows, site_codes):
    """{code id: Count} of the excerpts from the pilot sites `site_codes`, from `rows` (`shown_frequencies` of
    the whole project, as the analysis page shows them): the sum of those sites' cells when every one of them is
    shown there, hidden otherwise, since the sum of cells the analysis hides would give them back."""
    found = {}
    for row in rows:
        cells = [row.by_site[code] for code in site_codes if code in row.by_site]
        found[row.code.id] = Count(None if any(cell.suppressed for cell in cells)
                                   else sum(cell.value for cell in cells))
    return found


def shown_pairs(pairs):
    """The counts of `co_occurrence` as they may be shown: {(id_a, id_b): Count}, each below 5 hidden (no total
    of them is shown)."""
    return {pair: suppress(n) for pair, n in pairs.items()}


@dataclass(frozen=True)
class ThemeStrength:
    """How much evidence stands behind a code: excerpts coded with it, and the distinct pilot sites and
    stakeholder groups they came from."""

    excerpts: int
    sites: int
    groups: int


def theme_strength(excerpts):
    """{code id: ThemeStrength} over `excerpts` (as `coded_excerpts` gives them, perhaps of some sites only),
    for the codes applied to at least one."""
    found = defaultdict(lambda: [0, set(), set()])
    for excerpt in excerpts:
        counted = found[excerpt.coding.code_id]
        counted[0] += 1
        counted[1].add(excerpt.site.code)
        if excerpt.stakeholder_group is not None:
            counted[2].add(excerpt.stakeholder_group)
    return {code_id: ThemeStrength(n, len(sites), len(groups)) for code_id, (n, sites, groups) in found.items()}


def co_occurrence(project, *, excerpts=None, codes=None):
    """Pairs of codes applied to the same piece of evidence: (codes, {(id_a, id_b): n}) with id_a < id_b.

    `excerpts` and `codes` as for `code_frequencies`."""
    applied = defaultdict(set)
    for excerpt in coded_excerpts(project) if excerpts is None else excerpts:
        applied[excerpt.coding.ref].add(excerpt.coding.code_id)
    pairs = Counter()
    for code_ids in applied.values():
        for a, b in combinations(sorted(code_ids), 2):
            pairs[(a, b)] += 1
    used = {code_id for pair in pairs for code_id in pair}
    codes = [code for code, _depth in (codebook(project) if codes is None else codes) if code.id in used]
    return codes, pairs


EXPORT_COLUMNS = ("code", "parent_code", "evidence_type", "evidence_id", "evidence_part", "site", "occasion",
                  "occasion_date", "stakeholder_group", "speaker", "language", "excerpt", "translation")


def export_coded_excerpts(project, *, code=None):
    """The coded excerpts as CSV text (publishable evidence only; no special-category attribute)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    for e in coded_excerpts(project, code=code):
        columns = e.kind.export_columns(e.item)
        writer.writerow(safe_cell(str(value)) for value in [
            e.coding.code.name, e.coding.code.parent.name if e.coding.code.parent else "", e.kind.name,
            e.coding.target_id, e.coding.target_part, e.site.code, e.occasion.label if e.occasion else "",
            e.occasion.date.isoformat() if e.occasion and e.occasion.date else "",
            e.stakeholder_group.value if e.stakeholder_group else "", columns["speaker"], columns["language"],
            e.text, columns["translation"]])
    return out.getvalue()


# --- search -----------------------------------------------------------------

@dataclass
class SearchHit:
    kind: Any
    item: object
    text: str
    occasion: Any
    site: Any

    @property
    def sort_key(self):
        """Newest first: by the day it was gathered (undated last), then kind and address."""
        day = self.occasion.date if self.occasion and self.occasion.date else date.min
        return day, self.kind.name, self.kind.ref(self.item)


def search(project, text, *, site_id=None, code_id=None, filters=None, limit=200):
    """Publishable evidence of `project` containing every word of `text`, of every searchable kind.

    Each kind matches words against a case- and accent-folded copy of its text, so SQLite and PostgreSQL
    answer alike.  `filters` are the extra filters of `SEARCH_FILTERS` ({name: value}); a kind that does not
    understand one that is set is left out.
    """
    words = fold(text).split()
    filters = {name: value for name, value in (filters or {}).items() if value and name in SEARCH_FILTERS}
    hits = []
    for kind in EVIDENCE_KINDS.values():
        if set(filters) - kind.filters:
            continue
        for item in kind.search(project, words, site_id=site_id, code_id=code_id, filters=filters, limit=limit):
            if kind.publishable(item):
                hits.append(SearchHit(kind, item, kind.text(item), kind.occasion(item), kind.site(item)))
    hits.sort(key=lambda hit: hit.sort_key, reverse=True)
    return hits


def coded_ids(kind_name, code_id):
    """SQL: ids of rows of `kind_name` that carry a coding of `code_id` (for a kind's search)."""
    return sa.select(Coding.target_id).where(Coding.target_type == kind_name, Coding.code_id == code_id)


def coded_refs(kind_name, code_id):
    """{(row id, part)} of the evidence of `kind_name` that carries a coding of `code_id`."""
    return {(coding.target_id, coding.target_part) for coding in db.session.scalars(
        sa.select(Coding).where(Coding.target_type == kind_name, Coding.code_id == code_id))}
