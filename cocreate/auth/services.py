"""Account rules, shared by the web pages and the command line."""
from datetime import datetime, timedelta, timezone
from functools import cache

import sqlalchemy as sa
from flask_babel import gettext as _
from werkzeug.security import check_password_hash, generate_password_hash

from ..database import as_utc
from ..extensions import db
from ..signals import emit
from .forms import MIN_PASSWORD_LENGTH
from .models import User
from .permissions import Role


LOGIN_ATTEMPTS = 5
LOCK_MINUTES = 15


class AccountError(ValueError):
    """A request about an account that cannot be carried out; the message is for the user."""




def normalise_email(email):
    return (email or "").strip().lower()


def find_user(email):
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def authenticate(email, password, now=None):
    """The active user with this email and password, or None.

    After LOGIN_ATTEMPTS failures in a row an account refuses every password,
    the right one too, for LOCK_MINUTES, so that passwords cannot be guessed by
    trying many.  From outside, a paused account, a wrong password and an
    unknown email look the same (and take the same time), so the page tells no
    one which emails have accounts.  The caller commits: failures count.
    """
    now = now or datetime.now(timezone.utc)
    user = find_user(email)
    if user is None or not user.active:
        check_password_hash(_dummy_hash(), password or "")
        return None
    password_ok = user.check_password(password or "")
    if is_locked(user, now):
        return None
    if not password_ok:
        # One UPDATE, so that simultaneous attempts cannot each read the same count.
        db.session.execute(sa.update(User).where(User.id == user.id)
                           .values(failed_logins=User.failed_logins + 1)
                           .execution_options(synchronize_session=False))
        db.session.refresh(user, ["failed_logins"])
        if user.failed_logins >= LOGIN_ATTEMPTS:
            user.failed_logins, user.locked_until = 0, now + timedelta(minutes=LOCK_MINUTES)
        db.session.flush()
        return None
    user.failed_logins, user.locked_until, user.last_login_at = 0, None, now
    db.session.flush()
    return user


def is_locked(user, now=None):
    now = now or datetime.now(timezone.utc)
    return user.locked_until is not None and as_utc(user.locked_until) > now


@cache
def _dummy_hash():
    from flask import current_app

    method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    return generate_password_hash("not a password of anyone", method=method)


def check_password_strength(password):
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise AccountError(_("Use at least %(num)d characters.", num=MIN_PASSWORD_LENGTH))


def create_user(email, role, password, *, display_name=None, organisation="", locale=None, actor):
    """Create a staff account; raises AccountError for a taken email, an unknown role or a weak password."""
    email = normalise_email(email)
    if not email or "@" not in email or len(email) > 254:
        raise AccountError(_("Enter a valid email address."))
    for value, limit in ((display_name or "", 120), (organisation or "", 200)):
        if len(value) > limit:
            raise AccountError(_("Use at most %(max)d characters.", max=limit))
    if find_user(email) is not None:
        raise AccountError(_("An account with this email already exists."))
    try:
        role = Role(role)
    except ValueError:
        raise AccountError(_("Unknown role: %(role)s.", role=role)) from None
    check_password_strength(password)
    user = User(email=email, role=role, display_name=display_name or email.split("@")[0],
                organisation=organisation or "", locale=locale, active=True)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return emit("auth.user_created", user, actor=actor)


def update_user(user, *, email, display_name, role, organisation, locale, active, password=None, actor):
    """Change an account as an administrator; an admin cannot lock themselves out."""
    email = normalise_email(email)
    other = find_user(email)
    if other is not None and other.id != user.id:
        raise AccountError(_("An account with this email already exists."))
    role = Role(role)
    if user.id == actor.id and (role != Role.ADMIN or not active):
        raise AccountError(_("You cannot remove your own administrator access."))
    user.email, user.display_name, user.role = email, display_name, role
    user.organisation, user.locale, user.active = organisation or "", locale, active
    user.failed_logins, user.locked_until = 0, None  # an administrator's save lifts a pause
    if password:
        check_password_strength(password)
        user.set_password(password)
    db.session.flush()
    return emit("auth.user_changed", user, actor=actor, role=role.value, active=active)


def set_memberships(user, *, projects=(), sites=(), actor):
    """Make `user` a member of exactly these projects and pilot sites.

    A site brings its project with it.  Only facilitators belong to sites:
    sites given for any other role raise AccountError (administrators work
    everywhere without memberships; researchers and officers by project).
    Announces "auth.memberships_changed" when anything changed.
    """
    sites = list(dict.fromkeys(sites))
    if sites and user.role != Role.FACILITATOR:
        raise AccountError(_("Only facilitators belong to pilot sites. Choose the role Facilitator, "
                             "or clear the pilot sites."))
    projects = list(dict.fromkeys([*projects, *(site.project for site in sites)]))
    before = ({p.id for p in user.projects}, {s.id for s in user.sites})
    user.projects = sorted(projects, key=lambda project: project.slug)
    user.sites = sorted(sites, key=lambda site: (site.project.slug, site.code))
    db.session.flush()
    if before != ({p.id for p in user.projects}, {s.id for s in user.sites}):
        emit("auth.memberships_changed", user, actor=actor)
    return user


def change_password(user, current_password, new_password, *, actor):
    """Change `user`'s own password (the actor is the user); every other session of theirs ends."""
    if not user.check_password(current_password):
        raise AccountError(_("The current password is not correct."))
    check_password_strength(new_password)
    user.set_password(new_password)
    db.session.flush()
    return emit("auth.password_changed", user, actor=actor)


def facilitators_of(site):
    """The active accounts that may run a workshop at `site`: its facilitators, and the administrators."""
    from .models import site_members

    at_site = sa.select(site_members.c.user_id).where(site_members.c.site_id == site.id)
    return db.session.scalars(sa.select(User).where(
        User.active.is_(True),
        sa.or_(User.role == Role.ADMIN, sa.and_(User.role == Role.FACILITATOR, User.id.in_(at_site))))
        .order_by(User.display_name)).all()
