"""The registry of evidence kinds: whatever a participant said or did that researchers code, cite and may erase.

`EVIDENCE_KINDS` starts empty.  Each feature registers its own kinds from its own
package (workshops: notes, quotes, storyboard frames; surveys: free-text answers),
as CTFd's plugins fill `CHALLENGE_CLASSES`.  The codebook, search, analyses and
exports loop over the registry and never name a feature.

A piece of evidence is addressed by a `Ref`: its kind, the id of the row that
holds it and, where one row holds several pieces, a `part` (one answer of a
survey response is (response id, question key)).

`SEARCH_FILTERS` holds the extra filters of the search page that a feature offers
(the workshop, the method); a kind declares in `filters` the ones it understands
and is left out of a search that sets another.
"""
from dataclasses import dataclass
from datetime import date
from typing import Any, Callable, NamedTuple

import sqlalchemy as sa
from flask import url_for
from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..participants.services import may_be_quoted, quotable, quoting_withdrawn_on
from ..participants.ties import Tie, register_tie

EVIDENCE_KINDS: dict[str, "EvidenceKind"] = {}
SEARCH_FILTERS: dict[str, "SearchFilter"] = {}


class Ref(NamedTuple):
    kind: str
    id: int
    part: str = ""


class Link(NamedTuple):
    """A staff page, as an endpoint and its arguments: made into a URL only where a page is drawn, so that
    services (exports, the handbook) can use evidence outside a request."""

    endpoint: str
    values: dict

    @property
    def url(self):
        return url_for(self.endpoint, **self.values)


class Occasion(NamedTuple):
    """Where a piece of evidence was gathered (a workshop, a survey), for lists and sorting."""

    label: str
    date: date | None
    link: Link | None = None

    @property
    def url(self):
        return self.link.url if self.link is not None else None


@dataclass(frozen=True)
class SearchFilter:
    """An extra filter of the search page: a select named `name`, with choices for a project."""

    name: str
    label: Any
    choices: Callable  # project -> [(value, label), ...]


def register(kind):
    """Add an evidence kind (an instance of an EvidenceKind subclass); returns it.

    Its rows that name a participant (`of_participant`) become a tie that keeps the participant: nobody whose
    words or deeds are evidence is deleted with them."""
    if kind.name in EVIDENCE_KINDS and type(EVIDENCE_KINDS[kind.name]) is not type(kind):
        raise ValueError(f"evidence kind {kind.name!r} is registered twice")
    EVIDENCE_KINDS[kind.name] = kind
    register_tie(Tie(f"evidence.{kind.name}", kind.rows_label or kind.label,
                     lambda participant_id: len(kind.of_participant(participant_id)), keeps=True))
    return kind


def register_search_filter(search_filter):
    SEARCH_FILTERS[search_filter.name] = search_filter
    return search_filter


def kind_of(name):
    return EVIDENCE_KINDS.get(name)


def fold_words_clause(column, words):
    """SQL: `column` (a case- and accent-folded copy of a text) contains every one of `words` (folded too)."""
    clauses = []
    for word in words:
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        clauses.append(column.like(f"%{escaped}%", escape="\\"))
    return sa.and_(sa.true(), *clauses)


class EvidenceKind:
    """One kind of evidence.  Subclasses set `name`, `label` and `model` and implement the reading methods.

    Items are what `load` returns: by default the model's rows, one piece of evidence per row.
    """

    name: str = ""
    label: Any = ""
    model: type = None
    filters: frozenset = frozenset()
    rows_label: Any = None  # what the rows of `of_participant` are, when not items of `label` (responses, not answers)

    # --- loading --------------------------------------------------------------
    def loader_options(self):
        """Loader options, so that reading an item needs no further query."""
        return ()

    def ref(self, item):
        return Ref(self.name, item.id)

    def load(self, refs, *, publishable_only=False):
        """{Ref: item} for the given refs of this kind, in a few queries whatever their number."""
        ids = sorted({ref.id for ref in refs})
        found = {}
        for start in range(0, len(ids), 500):
            query = sa.select(self.model).where(self.model.id.in_(ids[start:start + 500])).options(
                *self.loader_options())
            clause = self.publishable_clause() if publishable_only else None
            if clause is not None:
                query = query.where(clause)
            for item in db.session.scalars(query):
                found[self.ref(item)] = item
        return {ref: found[ref] for ref in refs if ref in found}

    def get(self, ref):
        return self.load([ref]).get(ref)

    # --- reading --------------------------------------------------------------
    def text(self, item):
        raise NotImplementedError

    def language(self, item):
        """The language the text is in, when known."""
        return None

    def translation(self, item):
        return ""

    def site(self, item):
        raise NotImplementedError

    def participant(self, item):
        """The person whose words or deeds these are, when known (None for a facilitator's note)."""
        return None

    def stakeholder_group(self, item):
        participant = self.participant(item)
        return participant.stakeholder_group if participant is not None else None

    def occasion(self, item):
        """An Occasion, or None."""
        return None

    def link(self, item):
        """The staff page that shows the item, a Link."""
        raise NotImplementedError

    def url(self, item):
        return self.link(item).url

    def project_id(self, item):
        return self.site(item).project_id

    def of_participant(self, participant_id):
        """Ids of the rows of this kind that hold the participant's words or deeds (all of them, whatever their
        consent): what deleting or erasing the person must deal with.  [] for a kind that names nobody."""
        return []

    # --- the person's own rights ------------------------------------------------
    def items_of_rows(self, ids):
        """Every item the rows `ids` hold (all of them, whatever their consent), in row order: what a person's
        export lists.  By default one item a row."""
        found = self.load([Ref(self.name, row_id) for row_id in ids])
        return [item for item in found.values()]

    def records_of_rows(self, ids):
        """Plain dicts of what the rows `ids` hold beyond their items' text (a survey response's every answer),
        for a person's export; [] for a kind whose items say it all."""
        return []

    def erase(self, ids, *, actor):
        """Delete the rows `ids` of this kind, once `evidence.services.forget` has removed their codings.

        Flushes only, in the caller's transaction.  A kind whose rows take more with them (files, frames to
        renumber) overrides it."""
        ids = list(ids)
        for start in range(0, len(ids), 500):
            db.session.execute(sa.delete(self.model).where(self.model.id.in_(ids[start:start + 500])),
                               execution_options={"synchronize_session": "fetch"})
        db.session.flush()

    # --- consent --------------------------------------------------------------
    def publishable(self, item):
        """May the item show in analyses, search and exports (and so in the handbook)?"""
        return True

    def publishable_clause(self):
        """SQL condition on `model` equivalent to `publishable`, or None when every row is."""
        return None

    def shown_clause(self, row_id):
        """SQL: the row `row_id` (a column, e.g. a coding's `target_id`) of this kind is there and may be shown,
        as an `EXISTS` on `model` with `publishable_clause`: what counts made in SQL test, row by row."""
        query = sa.select(self.model.id).where(self.model.id == row_id)
        clause = self.publishable_clause()
        if clause is not None:
            query = query.where(clause)
        return query.exists()

    def withdrawn_on(self, item):
        """The day the consent the item needs was withdrawn, or None: a withdrawn item's text is shown nowhere
        and it cannot be coded (it is kept only for erasure and audit)."""
        return None

    def refusal(self, item):
        """Why the item cannot be coded (a translated message), or None when it can."""
        withdrawn = self.withdrawn_on(item)
        if withdrawn is not None:
            return _l("The consent this needs was withdrawn on %(date)s.", date=format_date(withdrawn))
        return None

    def snapshot(self, item):
        """What a citation keeps of the item as it is now (a plain, JSON-ready dict), or None: a survey
        question's result when a requirement cites it, counts already suppressed."""
        return None

    # --- export and search ----------------------------------------------------
    def export_columns(self, item):
        """Values for the coded-excerpts export: speaker (a participant code), language, translation."""
        participant = self.participant(item)
        return {"speaker": participant.code if participant is not None else "",
                "language": self.language(item) or "", "translation": self.translation(item) or ""}

    def search(self, project, words, *, site_id=None, code_id=None, filters=None, limit=200):
        """Publishable items of `project` whose text holds every folded word; [] when not searchable."""
        return []


class ConsentedWords(EvidenceKind):
    """Mixin for kinds that hold a participant's own words: they show in analyses and exports only while the
    person consents to taking part and to being quoted (asked each time, so a withdrawal takes effect at once).

    Subclasses give `participant_column()`: the SQL column of the speaker's id on `model`.
    """

    def participant_column(self):
        raise NotImplementedError

    def publishable(self, item):
        participant = self.participant(item)
        return participant is not None and may_be_quoted(participant)

    def publishable_clause(self):
        return quotable(self.participant_column())

    def withdrawn_on(self, item):
        participant = self.participant(item)
        return quoting_withdrawn_on(participant) if participant is not None else None
