"""Administrators keep authorities, their officers and their tokens; administrators and researchers read the
release log; officers read records through the firewall, for one of their authority's purposes."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.permissions import Role, check, load_or_404, permission_required
from ..extensions import db
from ..i18n import current_language
from ..profiles import services as profiles
from ..profiles.labels import RECOGNITION_LABELS, field_label
from ..projects.services import get_project_by_slug, list_projects
from . import bp, services
from .forms import AuthorityForm, RevokeForm
from .models import ApiToken, Authority

MANAGE, RELEASES, READ = "authorities.manage", "authorities.releases", "authorities.read"
PER_PAGE = 50


def _project_ids():
    """The projects whose authorities and releases the current user sees (None: every one, for administrators)."""
    if current_user.role == Role.ADMIN:
        return None
    return [project.id for project in current_user.projects]


@bp.get("/")
@permission_required(MANAGE)
def index():
    projects = list_projects()
    authorities = services.list_authorities()
    by_project = {project.id: [a for a in authorities if a.project_id == project.id] for project in projects}
    return render_template("authorities/index.html", projects=projects, by_project=by_project)


def _officers_of_others(authority):
    found = {}
    for other in services.list_authorities():
        if other is not authority:
            for user in other.officers:
                found[user.id] = other.slug
    return found


def _form_page(project, authority):
    form = AuthorityForm(obj=authority) if request.method == "GET" and authority else AuthorityForm()
    if request.method == "GET" and authority:
        form.purposes.data = "\n".join(authority.purposes)
        form.officers.data = [user.id for user in authority.officers]
    accounts = services.officer_accounts()
    form.offer_officers(accounts, _officers_of_others(authority))
    if form.validate_on_submit():
        chosen = [user for user in accounts if user.id in set(form.officers.data or ())]
        try:
            saved = services.save_authority(project, authority, slug=form.slug.data, name=form.name.data,
                                            purposes=form.purpose_list(), actor=current_user)
            services.set_officers(saved, chosen, actor=current_user)
        except services.AuthorityError as refused:
            db.session.rollback()
            form.slug.errors.append(str(refused))
        else:
            slug_ = saved.slug
            db.session.commit()
            flash(_("Authority %(slug)s saved.", slug=slug_), "success")
            return redirect(url_for(".index"))
    status = 400 if request.method == "POST" else 200
    return render_template("authorities/form.html", form=form, project=project, authority=authority), status


@bp.route("/projects/<slug>/new", methods=["GET", "POST"])
@permission_required(MANAGE)
def create(slug):
    project = check(MANAGE, get_project_by_slug(slug))
    return _form_page(project, None)


@bp.route("/<int:authority_id>/edit", methods=["GET", "POST"])
@permission_required(MANAGE)
def edit(authority_id):
    authority = load_or_404(Authority, authority_id, MANAGE)
    return _form_page(authority.project, authority)


@bp.get("/tokens")
@permission_required(MANAGE)
def tokens():
    page = services.list_tokens(page=request.args.get("page", 1, type=int), per_page=PER_PAGE)
    return render_template("authorities/tokens.html", page=page, revoke_form=RevokeForm())


@bp.post("/tokens/<int:token_id>/revoke")
@permission_required(MANAGE)
def revoke_token(token_id):
    token = load_or_404(ApiToken, token_id, MANAGE)
    if not RevokeForm().validate_on_submit():
        abort(400)
    if services.revoke_token(token, actor=current_user):
        db.session.commit()
        flash(_("Token %(id)d is revoked: it opens nothing from now on.", id=token_id), "success")
    else:
        flash(_("Token %(id)d was revoked already.", id=token_id), "info")
    return redirect(url_for(".tokens"))


@bp.get("/releases")
@permission_required(RELEASES)
def releases():
    page = services.releases(_project_ids(), page=request.args.get("page", 1, type=int), per_page=PER_PAGE)
    return render_template("authorities/releases.html", page=page)


@bp.get("/officer")
@permission_required(READ)
def officer():
    """An officer's records: choose one of the authority's purposes, then read the profiles as the firewall in
    force releases them for it, a page at a time, searched by pseudonym."""
    authority = services.authority_of(current_user)
    if authority is None:
        return render_template("authorities/no_authority.html")
    purpose = request.args.get("purpose", "")
    if not purpose:
        return render_template("authorities/officer.html", authority=authority, purpose=None)
    if not services.is_slug(purpose):
        abort(400)
    if purpose not in authority.purposes:
        abort(403)
    page = max(1, request.args.get("page", 1, type=int))
    per_page = min(max(1, request.args.get("per_page", services.PER_PAGE_DEFAULT, type=int)),
                   services.PER_PAGE_MAX)
    search = request.args.get("q", "").strip()[:services.SEARCH_LIMIT]
    try:
        view = services.released_page(authority, purpose, page=page, per_page=per_page, pseudonym=search)
    except ValueError as error:
        db.session.rollback()
        return render_template("authorities/officer.html", authority=authority, purpose=purpose, refused=str(error))
    services.record_release(authority, purpose, view.records, channel="ui", user=current_user)
    db.session.commit()
    return render_template("authorities/officer.html", authority=authority, purpose=purpose, view=view,
                           search=search, per_page=per_page, field_label=field_label,
                           recognition_labels=RECOGNITION_LABELS,
                           concepts=profiles.labels(_uris(view.records), current_language()))


def _uris(records):
    """The ESCO skills and occupations named in released records, to show by their labels."""
    found = set()
    for record in records:
        found.update(uri for uri in record.get("skills") or () if isinstance(uri, str))
        found.update(item["occupation"] for item in record.get("work_experience") or ()
                     if isinstance(item, dict) and isinstance(item.get("occupation"), str))
    return found
