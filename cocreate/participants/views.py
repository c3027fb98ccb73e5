"""Staff pages about participants: a site's list, one participant with their consent history, the statistics."""
from flask import flash, make_response, redirect, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.permissions import load_or_404, permission_required
from ..extensions import db
from ..i18n import LANGUAGES
from ..paging import paginate
from ..projects.models import PilotSite
from . import bp, services
from .models import Consent, Participant
from .forms import (
    PROFILE_LABELS, ConsentForm, DeleteForm, GroupForm, LanguagesForm, LinkCardForm, ParticipantForm, ProfileForm,
    WithdrawForm,
)


VIEW, MANAGE = "participants.view", "participants.manage"


def site_or_404(site_id, action):
    return load_or_404(PilotSite, site_id, action)


def participant_or_404(participant_id, action):
    """The participant: 404 when there is none, 403 when the user may not do `action` at their site."""
    return load_or_404(Participant, participant_id, action)


@bp.get("/sites/<int:site_id>")
@permission_required("participants.view")
def site_participants(site_id):
    site = site_or_404(site_id, VIEW)
    page = paginate(services.participants_query(site))
    return render_template("participants/participants.html", site=site, participants=page.items, page=page,
                           consents={p.id: services.consent_summary(p) for p in page.items},
                           link_card_form=LinkCardForm(formdata=None))


@bp.route("/sites/<int:site_id>/new", methods=["GET", "POST"])
@permission_required("participants.manage")
def create(site_id):
    site = site_or_404(site_id, MANAGE)
    form = ParticipantForm()
    if form.validate_on_submit():
        participant = services.create_participant(site, stakeholder_group=form.stakeholder_group.data,
                                                  languages=form.languages.data, actor=current_user)
        db.session.commit()
        flash(_("Participant %(code)s added. Record their consent next.", code=participant.code), "success")
        return redirect(url_for(".detail", participant_id=participant.id))
    return render_template("participants/participant_form.html", form=form, site=site)


@bp.get("/<int:participant_id>")
@permission_required("participants.view")
def detail(participant_id):
    person = participant_or_404(participant_id, VIEW)
    return _participant_page(person, consent_form=ConsentForm())


def _participant_page(person, *, consent_form=None, languages_form=None, group_form=None, status=200):
    languages_form = languages_form or LanguagesForm(formdata=None, languages=person.languages)
    group_form = group_form or GroupForm(formdata=None, stakeholder_group=person.stakeholder_group.value)
    return render_template("participants/participant.html", participant=person, group_form=group_form,
                           consent_form=consent_form or ConsentForm(formdata=None),
                           profile_form=ProfileForm(formdata=None), withdraw_form=WithdrawForm(formdata=None),
                           languages_form=languages_form, has_profile=services.has_profile(person),
                           link_card_form=LinkCardForm(formdata=None)), status


@bp.post("/<int:participant_id>/link-card")
@permission_required("participants.manage")
def link_card(participant_id):
    """Issue the participant a new link code and show it once, on a card to print: the card they had before
    stops working."""
    person = participant_or_404(participant_id, MANAGE)
    if not LinkCardForm().validate_on_submit():
        return redirect(url_for(".detail", participant_id=person.id))
    link_code = services.issue_link_code(person, actor=current_user)
    db.session.commit()
    return _cards(person.site, [_card(person, link_code)], back=url_for(".detail", participant_id=person.id))


@bp.post("/sites/<int:site_id>/link-cards")
@permission_required("participants.manage")
def site_link_cards(site_id):
    """New link cards for every participant of the site who consents to take part, one per printed page."""
    site = site_or_404(site_id, MANAGE)
    if not LinkCardForm().validate_on_submit():
        return redirect(url_for(".site_participants", site_id=site.id))
    issued = services.issue_site_link_codes(site, actor=current_user)
    db.session.commit()
    return _cards(site, [_card(person, link_code) for person, link_code in issued],
                  back=url_for(".site_participants", site_id=site.id))


def _card(person, link_code):
    """One card: the participant code, the link code, and a line in each of their languages (and English)."""
    sides = []
    for language in dict.fromkeys([*(person.languages or ()), "en"]):
        if language in LANGUAGES:
            with force_locale(language):
                sides.append({"language": language, "heading": _("Your link code"),
                              "instructions": _("When a survey or a feedback round asks for your link code, type "
                                                "these letters and digits. Keep this card to yourself.")})
    return {"code": person.code, "link_code": link_code, "sides": sides}


def _cards(site, cards, *, back):
    response = make_response(render_template("participants/link_card.html", site=site, cards=cards, back=back))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/<int:participant_id>/languages")
@permission_required("participants.manage")
def change_languages(participant_id):
    person = participant_or_404(participant_id, MANAGE)
    form = LanguagesForm()
    if form.validate_on_submit():
        services.save_participant_languages(person, form.languages.data, actor=current_user)
        db.session.commit()
        flash(_("Languages saved."), "success")
        return redirect(url_for(".detail", participant_id=person.id))
    return _participant_page(person, languages_form=form, status=400)


@bp.post("/<int:participant_id>/group")
@permission_required("participants.manage")
def change_group(participant_id):
    person = participant_or_404(participant_id, MANAGE)
    form = GroupForm()
    if not form.validate_on_submit():
        return _participant_page(person, group_form=form)
    old_code = services.change_stakeholder_group(person, form.stakeholder_group.data, actor=current_user)
    db.session.commit()
    if old_code:
        flash(_("%(old)s is now %(new)s (%(group)s). Give the participant the new code: the old one no longer works.",
                old=old_code, new=person.code, group=person.stakeholder_group.label), "success")
    return redirect(url_for(".detail", participant_id=person.id))


@bp.route("/<int:participant_id>/delete", methods=["GET", "POST"])
@permission_required("participants.manage")
def delete(participant_id):
    person = participant_or_404(participant_id, MANAGE)
    form = DeleteForm()
    keeping, goes = services.deletion_ties(person)
    if form.validate_on_submit() and not keeping:
        code, site_id = person.code, person.site_id
        services.delete_participant(person, actor=current_user)
        db.session.commit()
        flash(_("Participant %(code)s was deleted.", code=code), "success")
        return redirect(url_for(".site_participants", site_id=site_id))
    status = 409 if keeping and form.is_submitted() else (400 if form.is_submitted() else 200)
    return render_template("participants/delete.html", participant=person, form=form, keeping=keeping,
                           goes=goes), status


@bp.post("/<int:participant_id>/consents")
@permission_required("participants.manage")
def record_consent(participant_id):
    person = participant_or_404(participant_id, MANAGE)
    form = ConsentForm()
    if form.validate_on_submit():
        try:
            services.record_consent(person, form.scope.data, form_version=form.form_version.data,
                                    given_on=form.given_on.data, how_obtained=form.how_obtained.data,
                                    actor=current_user)
        except services.ParticipantError as error:
            db.session.rollback()
            form.scope.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Consent recorded."), "success")
            return redirect(url_for(".detail", participant_id=person.id))
    return _participant_page(person, consent_form=form)


@bp.post("/consents/<int:consent_id>/withdraw")
@permission_required("participants.manage")
def withdraw_consent(consent_id):
    consent = load_or_404(Consent, consent_id, MANAGE)
    form = WithdrawForm()
    if form.validate_on_submit():
        try:
            services.withdraw_consent(consent, on=form.withdrawn_on.data, actor=current_user)
        except services.ParticipantError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Consent withdrawn. It takes effect at once: quotes are no longer exported or shown in analyses."),
                  "success")
    else:
        flash(_("Give the date of the withdrawal."), "error")
    return redirect(url_for(".detail", participant_id=consent.participant_id))


@bp.post("/<int:participant_id>/profile")
@permission_required("participants.manage")
def record_profile(participant_id):
    person = participant_or_404(participant_id, MANAGE)
    form = ProfileForm()
    if form.validate_on_submit():
        services.record_profile(person, actor=current_user,
                                **{attribute: form[attribute].data for attribute in services.PROFILE_ATTRIBUTES})
        db.session.commit()
        flash(_("Attributes recorded. They are shown only as counts for the whole site."), "success")
        return redirect(url_for(".detail", participant_id=person.id))
    # Never echo special-category values: only the messages are kept, the form is sent back empty.
    for name, messages in form.errors.items():
        label = form[name].label.text if name in form else ""
        for message in messages:
            flash(f"{label}: {message}" if label else message, "error")
    return redirect(url_for(".detail", participant_id=person.id))


@bp.get("/sites/<int:site_id>/statistics")
@permission_required("participants.view")
def statistics(site_id):
    site = site_or_404(site_id, VIEW)
    return render_template("participants/statistics.html", site=site, statistics=services.profile_statistics(site),
                           attributes=services.PROFILE_ATTRIBUTES, labels=PROFILE_LABELS)
