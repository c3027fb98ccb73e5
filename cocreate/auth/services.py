"""Account rules, shared by the web pages and the command line."""
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from flask_babel import gettext as _

from ..extensions import db
from .forms import MIN_PASSWORD_LENGTH
from .models import User
from .permissions import Role


LOGIN_ATTEMPTS = 5
LOCK_MINUTES = 15


class AccountError(ValueError):
    """A request about an account that cannot be carried out; the message is for the user."""


class AccountLocked(AccountError):
    """Too many failed sign-ins in a row: the account waits a while before it accepts another."""


def as_utc(moment):
    """SQLite hands back naive datetimes; every time stored here is UTC."""
    return moment.replace(tzinfo=timezone.utc) if moment is not None and moment.tzinfo is None else moment


def normalise_email(email):
    return (email or "").strip().lower()


def find_user(email):
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def authenticate(email, password, now=None):
    """The active user with this email and password, or None.

    After LOGIN_ATTEMPTS failures in a row an account refuses every password,
    the right one too, for LOCK_MINUTES (AccountLocked), so that passwords
    cannot be guessed by trying many.  The caller commits: failures count.
    """
    now = now or datetime.now(timezone.utc)
    user = find_user(email)
    if user is None or not user.active:
        return None
    if user.locked_until is not None and as_utc(user.locked_until) > now:
        raise AccountLocked(_("Too many failed attempts. Please wait %(minutes)d minutes and try again.",
                              minutes=LOCK_MINUTES))
    if not user.check_password(password or ""):
        user.failed_logins += 1
        if user.failed_logins >= LOGIN_ATTEMPTS:
            user.failed_logins, user.locked_until = 0, now + timedelta(minutes=LOCK_MINUTES)
        db.session.flush()
        return None
    user.failed_logins, user.locked_until, user.last_login_at = 0, None, now
    db.session.flush()
    return user


def check_password_strength(password):
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise AccountError(_("Use at least %(num)d characters.", num=MIN_PASSWORD_LENGTH))


def create_user(email, role, password, *, display_name=None, organisation="", locale=None):
    """Create a staff account; raises AccountError for a taken email, an unknown role or a weak password."""
    email = normalise_email(email)
    if not email or "@" not in email:
        raise AccountError(_("Enter a valid email address."))
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
    return user


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
    if password:
        check_password_strength(password)
        user.set_password(password)
    db.session.flush()
    return user


def change_password(user, current_password, new_password):
    if not user.check_password(current_password):
        raise AccountError(_("The current password is not correct."))
    check_password_strength(new_password)
    user.set_password(new_password)
    db.session.flush()
