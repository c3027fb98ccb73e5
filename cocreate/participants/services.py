"""Rules for participants, their consent and their special-category attributes.

Plain functions: they take models, data and the acting user (`actor`, always
keyword-only), flush, announce the change (`signals.emit`) and leave the commit
to the view.  Errors a user can fix are raised as `ParticipantError` with a
translated message.

Consent is asked in one place: `consenting(scope, on=...)` is the SQL clause
every feature uses ("who consents to S on day D"), and `has_consent` its
Python twin for a participant already loaded with their consents.
"""
from datetime import date

import sqlalchemy as sa
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from immerse_core.privacy import SPECIAL_CATEGORIES, Count, suppress, table

from ..extensions import db
from ..projects.models import PilotSite
from ..signals import emit
from . import linking
from .models import (
    CodeCounter,
    Consent,
    ConsentScope,
    Participant,
    ParticipantProfile,
    StakeholderGroup,
)
from .ties import ties_of

# The attributes a profile records: the special categories as immerse_core names them.
PROFILE_ATTRIBUTES = SPECIAL_CATEGORIES


class ParticipantError(ValueError):
    """Something a user asked for that cannot be done; the message says why, in their language."""


# --- finding participants ---------------------------------------------------

def get_participant(participant_id):
    return db.session.get(Participant, participant_id)


def get_participant_by_code(code, project=None, *, site=None, consenting_to=None):
    """The participant with this code (CY-M-014; case and spaces forgiven) in `project` (or the project of
    `site`), or None.

    With `consenting_to` (a scope), only a participant whose consent to it is active now is found.
    Codes are unique within a project only.  Without a project, a code that several projects use is
    ambiguous and gives None rather than someone else's participant.
    """
    code = (code or "").strip().upper()
    if not code:
        return None
    project_id = project.id if project is not None else (site.project_id if site is not None else None)
    query = sa.select(Participant).where(Participant.code == code)
    if project_id is not None:
        query = query.join(PilotSite, PilotSite.id == Participant.site_id).where(PilotSite.project_id == project_id)
    if consenting_to is not None:
        query = query.where(Participant.id.in_(consenting(consenting_to)))
    found = db.session.scalars(query.limit(2)).all()
    return found[0] if len(found) == 1 else None


def participant_at_site(code, site):
    """The participant with `code` in the project of `site`, who must belong to `site`; a clear error otherwise."""
    participant = get_participant_by_code(code, site=site)
    if participant is None:
        raise ParticipantError(_("There is no participant with the code %(code)s.", code=(code or "").strip()))
    if participant.site_id != site.id:
        raise ParticipantError(_("Participant %(code)s belongs to another pilot site (%(site)s).",
                                 code=participant.code, site=participant.site.code))
    return participant


def participants_query(site):
    """SQL: the site's participants in the order of their codes, with their consents."""
    return (sa.select(Participant).where(Participant.site_id == site.id)
            .options(selectinload(Participant.consents))
            .order_by(Participant.stakeholder_group, Participant.number, Participant.id))


def list_participants(site):
    return db.session.scalars(participants_query(site)).all()


# --- changing participants --------------------------------------------------

def _counter(site, group):
    """The counter of `group` at `site`, locked for this transaction where the database can."""
    counter = db.session.get(CodeCounter, (site.id, group), with_for_update=True)
    if counter is None:
        counter = CodeCounter(site_id=site.id, stakeholder_group=group, last_number=0)
        db.session.add(counter)
    return counter


def _next_number(site, group):
    """The next number of `group` at `site`: one never given there before, not even to someone since deleted
    or moved to another group.  (Above every number in use too, for participants added without the counter.)"""
    highest = db.session.scalar(sa.select(sa.func.max(Participant.number)).where(
        Participant.site_id == site.id, Participant.stakeholder_group == group)) or 0
    counter = _counter(site, group)
    counter.last_number = max(counter.last_number, highest) + 1
    return counter.last_number


def _retire(participant):
    """Make sure the participant's code is never given again once they no longer hold it."""
    counter = _counter(participant.site, participant.stakeholder_group)
    counter.last_number = max(counter.last_number, participant.number)


def get_participant_by_link_code(link_code, project, *, consenting_to=None):
    """The participant of `project` whose link code this is (as typed: see `linking.normalised`), or None.

    One indexed look-up of the code's digest whatever was typed, so that neither the answer nor its time tells
    whether a participant code, or a malformed link code, is near a real one."""
    digest = linking.link_digest(link_code) or linking.link_digest(linking.new_link_code())
    query = (sa.select(Participant).join(PilotSite, PilotSite.id == Participant.site_id)
             .where(Participant.link_digest == digest, PilotSite.project_id == project.id))
    if consenting_to is not None:
        query = query.where(Participant.id.in_(consenting(consenting_to)))
    return db.session.scalars(query).first()


def issue_link_code(participant, *, actor):
    """Give the participant a new link code and return it (to be printed on their card: it is not kept); the
    code they had before stops working.  Recorded in the audit log."""
    link_code = linking.new_link_code()
    participant.link_digest = linking.link_digest(link_code)
    db.session.flush()
    emit("participants.link_code_issued", participant, actor=actor)
    return link_code


def issue_site_link_codes(site, *, actor):
    """[(participant, new link code)] for every participant at `site` who consents to take part now, in the order
    of their codes: a card each to print before a linked session; every earlier card of theirs stops working."""
    people = db.session.scalars(participants_query(site).where(Participant.id.in_(consenting(ConsentScope.TAKE_PART)))
                                ).all()
    return [(person, issue_link_code(person, actor=actor)) for person in people]


def _code(site, group, number):
    return f"{site.code}-{group.letter}-{number:03d}"


def create_participant(site, *, stakeholder_group, languages=(), actor):
    """A new participant at `site` with the next code of its stakeholder group (ES-M-001, ES-M-002…)."""
    group = StakeholderGroup(stakeholder_group)
    number = _next_number(site, group)
    participant = Participant(site=site, stakeholder_group=group, number=number, languages=list(languages or ()),
                              code=_code(site, group, number))
    db.session.add(participant)
    db.session.flush()
    return emit("participants.created", participant, actor=actor)


def change_stakeholder_group(participant, stakeholder_group, *, actor):
    """Move the participant to another stakeholder group.  The code names the group, so they get the next code of
    the new one (ES-M-004 becomes ES-N-012); the old code is never given to anyone else.  Returns the old code,
    or None when the group was already this one."""
    group = StakeholderGroup(stakeholder_group)
    if group == participant.stakeholder_group:
        return None
    old_code, old_group = participant.code, participant.stakeholder_group
    site = participant.site
    _retire(participant)
    participant.number = _next_number(site, group)
    participant.stakeholder_group = group
    participant.code = _code(site, group, participant.number)
    db.session.flush()
    emit("participants.group_changed", participant, actor=actor, old_code=old_code, new_code=participant.code,
         old_group=old_group, new_group=group)
    return old_code


def deletion_ties(participant):
    """What deleting the participant would touch: ([(tie, n)] that keep them, [(tie, n)] that go with them)."""
    found = ties_of(participant)
    return [item for item in found if item[0].keeps], [item for item in found if not item[0].keeps]


def delete_participant(participant, *, actor, announce=True):
    """Delete a participant with their consents, profile and attendance.  Refused while any of their words or deeds
    are recorded (a tie that keeps them): those are evidence, removed only by erasure, which keeps a record.

    Without `announce`, no `participants.deleted` is sent: the erasure that deletes them announces itself."""
    keeping, _goes = deletion_ties(participant)
    if keeping:
        raise ParticipantError(_("%(code)s cannot be deleted: what they said or did is recorded (%(what)s).",
                                 code=participant.code,
                                 what=", ".join(f"{tie.label}: {n}" for tie, n in keeping)))
    code = participant.code
    _retire(participant)
    db.session.delete(participant)
    db.session.flush()
    if announce:
        emit("participants.deleted", participant, actor=actor, code=code)


def save_participant_languages(participant, languages, *, actor):
    """Change the languages a participant speaks (the code and stakeholder group never change)."""
    participant.languages = list(languages or ())
    db.session.flush()
    return emit("participants.languages_changed", participant, actor=actor)


def record_profile(participant, *, actor, **attributes):
    """Store the participant's special-category attributes (each optional), replacing what was there.

    Keyword arguments are the names of `PROFILE_ATTRIBUTES`; the signal carries no value, only the fact.
    """
    unknown = set(attributes) - set(PROFILE_ATTRIBUTES)
    if unknown:
        raise TypeError(f"not profile attributes: {', '.join(sorted(unknown))}")
    profile = db.session.get(ParticipantProfile, participant.id)
    if profile is None:
        profile = ParticipantProfile(participant_id=participant.id)
        db.session.add(profile)
    for attribute in PROFILE_ATTRIBUTES:
        setattr(profile, attribute, attributes.get(attribute) or None)
    db.session.flush()
    return emit("participants.profile_recorded", participant, actor=actor)


def own_record(participant):
    """What the platform holds about the participant themselves, as plain data for their own export: the
    record, every consent with its history, and their own special-category attributes (theirs only)."""
    profile = db.session.get(ParticipantProfile, participant.id)
    return {
        "code": participant.code,
        "project": participant.site.project.slug,
        "pilot_site": participant.site.code,
        "stakeholder_group": participant.stakeholder_group.value,
        "languages": list(participant.languages or ()),
        "created_at": participant.created_at.isoformat() if participant.created_at else None,
        "consents": [{"scope": c.scope.value, "form_version": c.form_version, "given_on": c.given_on.isoformat(),
                      "withdrawn_on": c.withdrawn_on.isoformat() if c.withdrawn_on else None,
                      "how_obtained": c.how_obtained} for c in participant.consents],
        "special_categories": {attribute: getattr(profile, attribute) for attribute in PROFILE_ATTRIBUTES
                               if getattr(profile, attribute)} if profile is not None else {},
    }


def has_profile(participant):
    """Whether attributes were recorded (only that: the values themselves are never read for a page)."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(ParticipantProfile).where(
        ParticipantProfile.participant_id == participant.id)) > 0


def profile_statistics(site):
    """Counts of each special-category attribute at `site`, every small cell suppressed.

    Returns {attribute: [(value, Count), ...]} sorted by value, plus "total" (a Count).
    A value of None counts as "not recorded".  Only people who consent to take part today are counted.
    """
    counted = (Participant.site_id == site.id, Participant.id.in_(consenting(ConsentScope.TAKE_PART)))
    statistics = {}
    total_hidden = False    # every attribute's table has the same total: hidden when one of them hides it
    for attribute in PROFILE_ATTRIBUTES:
        column = getattr(ParticipantProfile, attribute)
        rows = db.session.execute(
            sa.select(column, sa.func.count()).join(Participant, Participant.id == ParticipantProfile.participant_id)
            .where(*counted).group_by(column)).all()
        shown, shown_total = table({value or "": n for value, n in rows})
        total_hidden = total_hidden or shown_total.suppressed
        statistics[attribute] = sorted(shown.items(), key=lambda item: (item[0] == "", item[0]))
    total = db.session.scalar(
        sa.select(sa.func.count()).select_from(ParticipantProfile)
        .join(Participant, Participant.id == ParticipantProfile.participant_id).where(*counted))
    statistics["total"] = Count(None) if total_hidden else suppress(total)
    return statistics


# --- consent ----------------------------------------------------------------

def _active_on(consent, on):
    return consent.given_on <= on and (consent.withdrawn_on is None or consent.withdrawn_on > on)


def consenting(scope, *, on=None):
    """SQL: ids of participants whose consent to `scope` is active on the day `on` (now, when None).

    The one clause every feature uses.  Now means "not withdrawn"; on a past day it means given by then
    and not withdrawn by then.
    """
    query = sa.select(Consent.participant_id).where(Consent.scope == ConsentScope(scope))
    if on is None:
        return query.where(Consent.withdrawn_on.is_(None))
    return query.where(Consent.given_on <= on, sa.or_(Consent.withdrawn_on.is_(None), Consent.withdrawn_on > on))


def active_consent(participant, scope, *, on=None):
    """The participant's consent to `scope` active on `on` (now when None), or None (reads loaded consents)."""
    scope = ConsentScope(scope)
    for consent in participant.consents:
        if consent.scope == scope and (consent.active if on is None else _active_on(consent, on)):
            return consent
    return None


def has_consent(participant, scope, *, on=None):
    return active_consent(participant, scope, on=on) is not None


def withdrawn_on(participant, scopes):
    """The day the participant withdrew one of `scopes` that they no longer consent to, or None.

    (The latest such day.)  A scope never consented to is no withdrawal; a renewed one is active again.
    """
    days = [c.withdrawn_on for scope in map(ConsentScope, scopes) if not active_consent(participant, scope)
            for c in participant.consents if c.scope == scope and c.withdrawn_on]
    return max(days) if days else None


# Quoting a person's words (a quote, a free-text answer) needs both: consent to take part and to quotes.
QUOTE_SCOPES = (ConsentScope.TAKE_PART, ConsentScope.QUOTES)


def may_be_quoted(participant):
    """Whether the participant's words may be shown in analyses, exports and publications now."""
    return all(active_consent(participant, scope) for scope in QUOTE_SCOPES)


def quotable(participant_column):
    """SQL twin of `may_be_quoted`, on a column holding a participant's id.

    Written as one correlated `EXISTS` a scope rather than `IN (SELECT ...)`: SQLite's planner, given the
    `IN` form beside another condition on the same column (`speaker_id IN (...)`), picked a poor index and
    read every consent for every row; both SQLite and PostgreSQL answer the `EXISTS` form through the index
    on the consents' participant."""
    return sa.and_(*(sa.exists().where(Consent.participant_id == participant_column, Consent.scope == scope,
                                       Consent.withdrawn_on.is_(None)) for scope in QUOTE_SCOPES))


def quoting_withdrawn_on(participant):
    """The day the participant withdrew what quoting them needs, or None (see `withdrawn_on`)."""
    return withdrawn_on(participant, QUOTE_SCOPES)


def withdrew(participant_column, scopes):
    """SQL twin of `withdrawn_on(...) is not None`, on a column holding a participant's id: true when the
    participant withdrew one of `scopes` and does not consent to it now (NULL for a NULL column)."""
    def withdrawals(scope):
        return sa.select(Consent.participant_id).where(Consent.scope == ConsentScope(scope),
                                                       Consent.withdrawn_on.is_not(None))
    return sa.or_(*(sa.and_(participant_column.in_(withdrawals(scope)),
                            participant_column.not_in(consenting(scope))) for scope in scopes))


def withdrew_quoting(participant_column):
    """SQL twin of `quoting_withdrawn_on(...) is not None`."""
    return withdrew(participant_column, QUOTE_SCOPES)


def consent_summary(participant):
    """{scope: the active Consent or None} for every scope, in order."""
    return {scope: active_consent(participant, scope) for scope in ConsentScope}


def record_consent(participant, scope, *, form_version, given_on, how_obtained="", actor):
    """Record that the participant consented to `scope` on `given_on`, on the form `form_version`.

    Consent is append-only history: a withdrawal is never undone.  Renewing a withdrawn scope is a new consent
    dated after the (latest) withdrawal, with a note of how it was obtained again; a consent dated on or
    before a withdrawal of the same scope is refused, so that back-dating cannot bring withdrawn evidence back.
    """
    scope = ConsentScope(scope)
    if has_consent(participant, scope):
        raise ParticipantError(_("%(code)s already consents to this (%(scope)s).",
                                 code=participant.code, scope=scope.label))
    if given_on > date.today():
        raise ParticipantError(_("The date of consent cannot be in the future."))
    withdrawals = [c.withdrawn_on for c in participant.consents if c.scope == scope and c.withdrawn_on]
    if withdrawals:
        last = max(withdrawals)
        if given_on <= last:
            raise ParticipantError(_("%(code)s withdrew this consent (%(scope)s) on %(date)s. A new consent must be "
                                     "dated after the withdrawal.", code=participant.code, scope=scope.label,
                                     date=format_date(last)))
        if not (how_obtained or "").strip():
            raise ParticipantError(_("This renews a consent that was withdrawn: say how it was obtained again."))
    consent = Consent(participant=participant, scope=scope, form_version=form_version, given_on=given_on,
                      how_obtained=(how_obtained or "").strip(), recorded_by_id=actor.id if actor else None)
    db.session.add(consent)
    db.session.flush()
    return emit("participants.consent_recorded", consent, actor=actor)


def withdraw_consent(consent, *, on=None, actor):
    """Withdraw a consent from `on` (today by default); it takes effect at once everywhere.

    Withdrawing consent to take part withdraws every other scope with it.
    """
    on = on or date.today()
    if not consent.active:
        raise ParticipantError(_("This consent was already withdrawn."))
    if on < consent.given_on:
        raise ParticipantError(_("A consent cannot be withdrawn before it was given."))
    if on > date.today():
        raise ParticipantError(_("A withdrawal takes effect at once: it cannot be dated in the future."))
    withdrawn = [consent]
    if consent.scope == ConsentScope.TAKE_PART:
        withdrawn += [c for c in consent.participant.consents if c.active and c is not consent]
    for item in withdrawn:
        item.withdrawn_on = on
        item.withdrawn_recorded_by_id = actor.id if actor else None
    db.session.flush()
    for item in withdrawn:
        emit("participants.consent_withdrawn", item, actor=actor)
    return withdrawn
