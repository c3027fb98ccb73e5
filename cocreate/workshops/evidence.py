"""What workshops offer the shared packages: notes, quotes and storyboard frames as evidence, the search
filters "workshop" and "method", and workshops as occasions that surveys may be tied to."""
import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from ..evidence.registry import ConsentedWords, EvidenceKind, Link, Occasion, SearchFilter, fold_words_clause
from ..evidence.registry import register as register_evidence
from ..evidence.registry import register_search_filter
from ..evidence.services import coded_ids
from ..extensions import db
from ..participants.models import Participant
from ..projects import occasions
from ..projects.models import PilotSite
from . import services
from .models import (
    Activity, Method, Note, Quote, Storyboard, StoryboardFrame, Workshop, storyboard_frame_people,
)


def workshop_occasion(workshop):
    return Occasion(workshop.title, workshop.date, Link("workshops.detail", {"workshop_id": workshop.id}))


class _RecordedAtWorkshop(EvidenceKind):
    """Evidence held in a workshop's table with `workshop_id`, `activity_id` and a folded `search_text`."""

    filters = frozenset({"workshop", "method"})

    def site(self, item):
        return item.workshop.site

    def occasion(self, item):
        return workshop_occasion(item.workshop)

    def link(self, item):
        """Its own route, which finds the page of the workshop's list that shows it and goes to its anchor."""
        return Link(f"workshops.{self.name}", {f"{self.name}_id": item.id})

    def search_options(self):
        return (contains_eager(self.model.workshop).joinedload(Workshop.site),)

    def search(self, project, words, *, site_id=None, code_id=None, filters=None, limit=200):
        model, filters = self.model, filters or {}
        query = (sa.select(model).join(Workshop, Workshop.id == model.workshop_id)
                 .join(PilotSite, PilotSite.id == Workshop.site_id)
                 .where(PilotSite.project_id == project.id, fold_words_clause(model.search_text, words)))
        if site_id:
            query = query.where(Workshop.site_id == site_id)
        if filters.get("workshop"):
            query = query.where(model.workshop_id == int(filters["workshop"]))
        if filters.get("method"):
            query = query.join(Activity, Activity.id == model.activity_id).where(
                Activity.method == Method(filters["method"]))
        if code_id:
            query = query.where(model.id.in_(coded_ids(self.name, code_id)))
        clause = self.publishable_clause()
        if clause is not None:
            query = query.where(clause)
        query = query.options(*self.search_options()).order_by(Workshop.date.desc(), model.id).limit(limit)
        return db.session.scalars(query).unique().all()


class NoteEvidence(_RecordedAtWorkshop):
    name, label, model = "note", _l("Note"), Note

    def loader_options(self):
        return (joinedload(Note.workshop).joinedload(Workshop.site),)

    def text(self, item):
        return item.body


class QuoteEvidence(ConsentedWords, _RecordedAtWorkshop):
    name, label, model = "quote", _l("Quote"), Quote

    def participant_column(self):
        return Quote.speaker_id

    def loader_options(self):
        return (joinedload(Quote.workshop).joinedload(Workshop.site),
                selectinload(Quote.speaker).selectinload(Participant.consents))

    def search_options(self):
        return super().search_options() + (selectinload(Quote.speaker).selectinload(Participant.consents),)

    def text(self, item):
        return item.text

    def language(self, item):
        return item.language

    def translation(self, item):
        return item.translation

    def participant(self, item):
        return item.speaker

    def of_participant(self, participant_id):
        return list(db.session.scalars(sa.select(Quote.id).where(Quote.speaker_id == participant_id)
                                       .order_by(Quote.id)))


class FrameEvidence(EvidenceKind):
    name, label, model = "frame", _l("Storyboard frame"), StoryboardFrame

    def loader_options(self):
        return (joinedload(StoryboardFrame.storyboard).joinedload(Storyboard.workshop).joinedload(Workshop.site),)

    def text(self, item):
        return "\n".join(filter(None, [item.caption, item.narration, item.reactions]))

    def site(self, item):
        return item.storyboard.workshop.site

    def occasion(self, item):
        return workshop_occasion(item.storyboard.workshop)

    def link(self, item):
        return Link("workshops.storyboard", {"storyboard_id": item.storyboard_id, "_anchor": f"frame-{item.id}"})

    def of_participant(self, participant_id):
        """The frames that show the participant."""
        return list(db.session.scalars(sa.select(storyboard_frame_people.c.frame_id).where(
            storyboard_frame_people.c.participant_id == participant_id).order_by(storyboard_frame_people.c.frame_id)))

    def erase(self, ids, *, actor):
        """The frames go with the pictures uploaded for them (their files once committed); the frames after
        them move up."""
        services.erase_frames(ids, actor=actor)


def _workshop_choices(project):
    workshops = db.session.scalars(sa.select(Workshop).join(Workshop.site).where(PilotSite.project_id == project.id)
                                   .options(contains_eager(Workshop.site))
                                   .order_by(PilotSite.code, Workshop.date, Workshop.id)).all()
    return [(w.id, f"{w.site.code} · {w.date.isoformat()} · {w.title}") for w in workshops]


def _method_choices(project):
    return [(method.value, method.label) for method in Method]


def register():
    for kind in (NoteEvidence(), QuoteEvidence(), FrameEvidence()):
        register_evidence(kind)
    register_search_filter(SearchFilter("workshop", _l("Workshop"), _workshop_choices))
    register_search_filter(SearchFilter("method", _l("Method"), _method_choices))
    occasions.register(occasions.OccasionSource(
        "workshop", Workshop, site_column=Workshop.site_id, order_by=Workshop.date,
        label=lambda w: f"{w.site.code} · {w.date} · {w.title}", options=lambda: (joinedload(Workshop.site),)))
