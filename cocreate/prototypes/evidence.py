"""What prototype feedback offers the shared evidence registry: pins with comments, free-text comments,
task results and voice comments, each one piece of evidence.

Pins and comments are a participant's own words: like survey answers they may be coded, searched and
exported only while the person is a known participant who consents to taking part and to being quoted
(feedback given anonymously is read in the results but never coded).  A task result holds no words, only
what happened (where the first tap fell, how long it took): it can always be coded and cited.  A voice
comment is coded and cited by its transcript (what staff typed from the recording), never by the recording;
erasing one removes its recording from the disk.
"""
import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from ..evidence.registry import ConsentedWords, EvidenceKind, Link, Occasion
from ..evidence.registry import register as register_evidence
from ..evidence.services import coded_refs, fold
from ..extensions import db
from ..participants.models import Participant
from .models import Comment, Feedback, Pin, Prototype, Round, TaskResult, Version, VoiceComment
from .services import RECORDINGS


def _feedback_options(relationship):
    return (joinedload(relationship).joinedload(Feedback.round).joinedload(Round.version)
            .joinedload(Version.prototype).joinedload(Prototype.project),
            joinedload(relationship).joinedload(Feedback.site),
            joinedload(relationship).selectinload(Feedback.participant).selectinload(Participant.consents))


class FeedbackPart:
    """Reading shared by the kinds: each item belongs to one Feedback."""

    def language(self, item):
        return item.feedback.language

    def site(self, item):
        feedback = item.feedback
        return feedback.site or feedback.round.site or feedback.round.version.prototype.site or \
            (feedback.participant.site if feedback.participant else None)

    def project_id(self, item):
        return item.feedback.round.version.prototype.project_id

    def participant(self, item):
        return item.feedback.participant

    def occasion(self, item):
        round_ = item.feedback.round
        version = round_.version
        return Occasion(f"{version.prototype.title} · v{version.number} · {round_.code}",
                        item.feedback.submitted_at.date(),
                        Link("prototypes.results", {"version_id": version.id}))

    def link(self, item):
        return Link("prototypes.results", {"version_id": item.feedback.round.version_id})

    def of_participant(self, participant_id):
        return list(db.session.scalars(sa.select(self.model.id).join(Feedback)
                                       .where(Feedback.participant_id == participant_id).order_by(self.model.id)))

    def _search(self, project, words, text_column, *, site_id=None, code_id=None, limit=200, publishable=None):
        query = (sa.select(self.model).join(Feedback).join(Round).join(Version).join(Prototype)
                 .where(Prototype.project_id == project.id).options(*self.loader_options())
                 .order_by(Feedback.submitted_at.desc(), self.model.id))
        if publishable is not None:
            query = query.where(publishable)
        if site_id:
            query = query.where(Feedback.site_id == site_id)
        if code_id:
            wanted = coded_refs(self.name, code_id)
            query = query.where(self.model.id.in_({target_id for target_id, _part in wanted} or {0}))
        found = []
        for item in db.session.scalars(query):
            if all(word in fold(self.text(item)) for word in words):
                found.append(item)
                if len(found) >= limit:
                    break
        return found


def _refuse_anonymous(kind, item):
    """The refusal of a participant's words: anonymous feedback has nobody's consent to be quoted."""
    if item.feedback.participant_id is None:
        return _l("This feedback was given anonymously: it can be read with the results, "
                  "but nobody consented to it being quoted, so it cannot be coded.")
    return ConsentedWords.refusal(kind, item)


class PinEvidence(FeedbackPart, ConsentedWords):
    name, label, model = "prototype_pin", _l("Comment pinned on a prototype screen"), Pin

    def participant_column(self):
        return Feedback.participant_id

    def publishable_clause(self):
        return Pin.feedback_id.in_(sa.select(Feedback.id).where(super().publishable_clause()))

    def loader_options(self):
        return (*_feedback_options(Pin.feedback), joinedload(Pin.screen))

    def text(self, item):
        return item.comment

    refusal = _refuse_anonymous

    def search(self, project, words, *, site_id=None, code_id=None, filters=None, limit=200):
        return self._search(project, words, Pin.comment, site_id=site_id, code_id=code_id, limit=limit,
                            publishable=self.publishable_clause())


class CommentEvidence(FeedbackPart, ConsentedWords):
    name, label, model = "prototype_comment", _l("Comment on a prototype"), Comment

    def participant_column(self):
        return Feedback.participant_id

    def publishable_clause(self):
        return Comment.feedback_id.in_(sa.select(Feedback.id).where(super().publishable_clause()))

    def loader_options(self):
        return _feedback_options(Comment.feedback)

    def text(self, item):
        return item.text

    refusal = _refuse_anonymous

    def search(self, project, words, *, site_id=None, code_id=None, filters=None, limit=200):
        return self._search(project, words, Comment.text, site_id=site_id, code_id=code_id, limit=limit,
                            publishable=self.publishable_clause())


class TaskResultEvidence(FeedbackPart, EvidenceKind):
    name, label, model = "prototype_task_result", _l("Prototype task result"), TaskResult

    def loader_options(self):
        return (*_feedback_options(TaskResult.feedback), joinedload(TaskResult.task))

    def text(self, item):
        task = item.task
        prompt = task.prompt.get(task.round.source_language) or next(iter(task.prompt.values()), "")
        seconds = "" if item.ms is None else f" ({item.ms / 1000:.1f} s)"
        if item.x is None:
            outcome = _l("gave up")
        else:
            outcome = _l("first tap inside the target") if item.success else _l("first tap outside the target")
        return f"{prompt} — {outcome}{seconds}"

    def search(self, project, words, *, site_id=None, code_id=None, filters=None, limit=200):
        return self._search(project, words, None, site_id=site_id, code_id=code_id, limit=limit)


class VoiceEvidence(FeedbackPart, ConsentedWords):
    name, label, model = "prototype_voice", _l("Voice comment on a prototype screen"), VoiceComment

    def participant_column(self):
        return Feedback.participant_id

    def publishable(self, item):
        return bool(item.transcript.strip()) and super().publishable(item)

    def publishable_clause(self):
        return sa.and_(VoiceComment.transcript != "",
                       VoiceComment.feedback_id.in_(sa.select(Feedback.id).where(super().publishable_clause())))

    def loader_options(self):
        return (*_feedback_options(VoiceComment.feedback), joinedload(VoiceComment.screen))

    def text(self, item):
        return item.transcript

    def refusal(self, item):
        refused = _refuse_anonymous(self, item)
        if refused is None and not item.transcript.strip():
            return _l("This voice comment has no transcript yet: type one on the results page, "
                      "then it can be coded and cited.")
        return refused

    def erase(self, ids, *, actor):
        ids = list(ids)
        for start in range(0, len(ids), 500):
            RECORDINGS.remove_after_commit(db.session.scalars(
                sa.select(VoiceComment.filename).where(VoiceComment.id.in_(ids[start:start + 500]),
                                                       VoiceComment.filename.is_not(None))))
        super().erase(ids, actor=actor)

    def search(self, project, words, *, site_id=None, code_id=None, filters=None, limit=200):
        return self._search(project, words, VoiceComment.transcript, site_id=site_id, code_id=code_id,
                            limit=limit, publishable=self.publishable_clause())


def register():
    register_evidence(PinEvidence())
    register_evidence(CommentEvidence())
    register_evidence(TaskResultEvidence())
    register_evidence(VoiceEvidence())
