import math
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..projects.services import list_projects
from . import bp, services
from .forms import ChangePasswordForm, LoginForm, PreferencesForm, UserForm
from .models import User
from .permissions import load_or_404, permission_required


# A device that signed in to an account before is not held up by failed sign-ins to it from elsewhere.
DEVICE_COOKIE = "cocreate_device"
DEVICE_COOKIE_AGE = 180 * 24 * 3600  # seconds


def safe_next_url(target):
    """Only same-site paths are followed after login, never another host."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            device = request.cookies.get(DEVICE_COOKIE)
            user = services.authenticate(form.email.data, form.password.data, client=request.remote_addr or "",
                                         known_device=services.is_known_device(device, form.email.data))
        except services.SignInPaused as paused:
            minutes = max(1, math.ceil(paused.wait.total_seconds() / 60))
            if paused.account:
                flash(ngettext("Too many failed sign-ins to this account from elsewhere. On a device you have "
                               "not signed in from before, try again in %(num)d minute.",
                               "Too many failed sign-ins to this account from elsewhere. On a device you have "
                               "not signed in from before, try again in %(num)d minutes.", minutes), "error")
            else:
                flash(ngettext("Too many failed sign-ins from this device. Try again in %(num)d minute.",
                               "Too many failed sign-ins from this device. Try again in %(num)d minutes.", minutes),
                      "error")
            return render_template("auth/login.html", form=form), 429, {"Retry-After": str(minutes * 60)}
        if user is None:
            db.session.commit()  # failed attempts count
            flash(_("The email or password is not correct."), "error")
            return render_template("auth/login.html", form=form), 401
        language = session.get("lang")
        session.clear()  # a fresh session at every login
        if language:
            session["lang"] = language
        session.permanent = True  # expires after PERMANENT_SESSION_LIFETIME
        services.start_sign_in(user)
        db.session.commit()
        login_user(user, remember=form.remember.data)
        response = redirect(safe_next_url(request.args.get("next")) or url_for("main.index"))
        response.set_cookie(DEVICE_COOKIE, services.device_cookie(device, user.email), max_age=DEVICE_COOKIE_AGE,
                            secure=current_app.config["SESSION_COOKIE_SECURE"], httponly=True, samesite="Lax")
        return response
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    services.end_sign_in(current_user)
    db.session.commit()
    language = session.get("lang")
    session.clear()
    logout_user()  # after clearing: it leaves the note that removes the remember-me cookie
    if language:
        session["lang"] = language
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    password_form = ChangePasswordForm(prefix="password")
    preferences_form = PreferencesForm(prefix="preferences", locale=current_user.locale or "en")
    if preferences_form.submit_preferences.data and preferences_form.validate_on_submit():
        current_user.locale = preferences_form.locale.data
        session["lang"] = current_user.locale
        db.session.commit()
        flash(_("Your preferences are saved."), "success")
        return redirect(url_for("auth.account"))
    if password_form.submit.data and password_form.validate_on_submit():
        try:
            services.change_password(current_user, password_form.current_password.data,
                                     password_form.new_password.data, actor=current_user)
        except services.AccountError as error:
            password_form.current_password.errors.append(str(error))
        else:
            db.session.commit()  # this device stays signed in; the others do not
            flash(_("Your password is changed."), "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/account.html", password_form=password_form,
                           preferences_form=preferences_form)


@bp.get("/users")
@permission_required("users.manage")
def users():
    accounts = db.session.scalars(sa.select(User).order_by(User.role, User.email)
                                  .options(selectinload(User.projects), selectinload(User.sites))).all()
    return render_template("auth/users.html", users=accounts)


@bp.route("/users/new", methods=["GET", "POST"])
@permission_required("users.manage")
def create_user():
    projects = list_projects()
    form = UserForm()
    form.offer_memberships(projects)
    form.password.label.text = _("First password")
    form.password.description = _("Tell it to the person in a safe way; they can change it under Your account.")
    if form.validate_on_submit():
        if not form.password.data:
            form.password.errors.append(_("Set a first password for the new account."))
        else:
            try:
                user = services.create_user(
                    form.email.data, form.role.data, form.password.data,
                    display_name=form.display_name.data, organisation=form.organisation.data,
                    locale=form.locale.data, actor=current_user)
                user.active = form.active.data
            except services.AccountError as error:
                db.session.rollback()
                form.email.errors.append(str(error))
            else:
                if _save_memberships(user, form, projects):
                    db.session.commit()
                    flash(_("Account %(email)s created.", email=user.email), "success")
                    return redirect(url_for("auth.users"))
    return render_template("auth/user_form.html", form=form, user=None)


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
@permission_required("users.manage")
def edit_user(user_id):
    user = load_or_404(User, user_id)
    projects = list_projects()
    form = UserForm(obj=user, role=user.role.value, locale=user.locale or "en",
                    project_ids=[project.id for project in user.projects], site_ids=[site.id for site in user.sites])
    form.offer_memberships(projects)
    if form.validate_on_submit():
        try:
            services.update_user(
                user, email=form.email.data, display_name=form.display_name.data, role=form.role.data,
                organisation=form.organisation.data, locale=form.locale.data, active=form.active.data,
                password=form.password.data, actor=current_user)
        except services.AccountError as error:
            db.session.rollback()
            form.email.errors.append(str(error))
        else:
            if _save_memberships(user, form, projects):
                db.session.commit()
                flash(_("Account %(email)s saved.", email=user.email), "success")
                return redirect(url_for("auth.users"))
    return render_template("auth/user_form.html", form=form, user=user)


def _save_memberships(user, form, projects):
    """Give `user` the projects and sites ticked in `form`; False (all undone, error shown) when refused."""
    try:
        services.set_memberships(user, **form.chosen_memberships(projects), actor=current_user)
    except services.AccountError as error:
        db.session.rollback()
        form.site_ids.errors.append(str(error))
        return False
    return True
