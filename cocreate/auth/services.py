"""Account rules, shared by the web pages and the command line."""
import re
import secrets
from datetime import datetime, timedelta, timezone
from functools import cache

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn import zxcvbn

from ..database import as_utc
from ..extensions import db
from ..signals import accessed, emit
from .forms import MIN_PASSWORD_LENGTH
from .models import FailedSignIn, SignIn, User, sign_in_lifetime, token_digest
from .permissions import Role


# Pauses after failed sign-ins, counted per client (network address).  One client gets slower answers, then a
# pause: after CLIENT_FREE failures within CLIENT_WINDOW, each further attempt waits twice as long after the
# latest failure as the one before, up to MAX_WAIT.  One client trying one account waits ACCOUNT_WAIT after
# ACCOUNT_ATTEMPTS failures within ACCOUNT_WINDOW.  Nobody else is held up: a stranger's wrong guesses never lock
# a person out.
CLIENT_WINDOW = timedelta(hours=1)
CLIENT_FREE = 10
MAX_WAIT = timedelta(minutes=15)
ACCOUNT_WINDOW = timedelta(minutes=15)
ACCOUNT_ATTEMPTS = 5
ACCOUNT_WAIT = timedelta(minutes=15)
# Many clients trying one account (guesses spread over many addresses): after ACCOUNT_WIDE_FREE failures on
# the account within ACCOUNT_WIDE_WINDOW, from any client, every device that has not signed in to it before
# waits twice as long after the latest failure as the one before, up to MAX_WAIT.  A device the person signed
# in from carries a signed cookie naming the account (`known_devices`) and is not held up: strangers cannot
# lock staff out.
ACCOUNT_WIDE_WINDOW = timedelta(hours=1)
ACCOUNT_WIDE_FREE = 20
KNOWN_DEVICE_ACCOUNTS = 5  # accounts one device remembers having signed in to (a shared laptop at a site)

# zxcvbn's score (0-4) a password must reach: 3 is "safely unguessable" against online attacks and throttled
# offline ones.
PASSWORD_SCORE = 3


class AccountError(ValueError):
    """A request about an account that cannot be carried out; the message is for the user."""


class SignInPaused(Exception):
    """Too many failed sign-ins from this client (or, `account`, to this account from anywhere, and this device
    never signed in to it): `wait` (a timedelta) before trying again."""

    def __init__(self, wait, account=False):
        super().__init__(wait)
        self.wait = wait
        self.account = account


def normalise_email(email):
    return (email or "").strip().lower()


def find_user(email):
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def sign_in_wait(client, email, now=None, *, known_device=False):
    """How long `client` must wait before trying `email` again (a timedelta), or None.

    `known_device`: the client signed in to this account before, so failures from elsewhere do not hold it up.
    """
    now = now or datetime.now(timezone.utc)
    email = normalise_email(email)
    failures = sa.select(sa.func.count(), sa.func.max(FailedSignIn.at))
    from_client = failures.where(FailedSignIn.client == client)
    waits = []
    by_client, latest = db.session.execute(from_client.where(FailedSignIn.at > now - CLIENT_WINDOW)).one()
    if by_client >= CLIENT_FREE:
        waits.append(as_utc(latest) + _doubling(by_client - CLIENT_FREE) - now)
    by_account, latest_on_account = db.session.execute(from_client.where(
        FailedSignIn.email == email, FailedSignIn.at > now - ACCOUNT_WINDOW)).one()
    if by_account >= ACCOUNT_ATTEMPTS:
        waits.append(as_utc(latest_on_account) + ACCOUNT_WAIT - now)
    if not known_device:
        waits.append(account_wide_wait(email, now))
    wait = max((w for w in waits if w is not None), default=None)
    return wait if wait is not None and wait > timedelta(0) else None


def account_wide_wait(email, now):
    """How long a device new to the account `email` waits because of failures on it from any client, or None."""
    failures, latest = db.session.execute(sa.select(sa.func.count(), sa.func.max(FailedSignIn.at)).where(
        FailedSignIn.email == normalise_email(email), FailedSignIn.at > now - ACCOUNT_WIDE_WINDOW)).one()
    wait = as_utc(latest) + _doubling(failures - ACCOUNT_WIDE_FREE) - now if failures >= ACCOUNT_WIDE_FREE else None
    return wait if wait is not None and wait > timedelta(0) else None


def _doubling(beyond):
    """1, 2, 4, 8… minutes for each failure beyond the free ones, up to MAX_WAIT."""
    return min(timedelta(minutes=2 ** min(beyond, 16)), MAX_WAIT)


def _device_serializer():
    return URLSafeSerializer(current_app.secret_key, salt="known-device")


def known_accounts(cookie):
    """The accounts (digests of their emails) a device's signed cookie says it signed in to; [] if forged."""
    try:
        accounts = _device_serializer().loads(cookie) if cookie else []
    except BadSignature:
        return []
    return [a for a in accounts if isinstance(a, str)] if isinstance(accounts, list) else []


def device_cookie(cookie, email):
    """The device cookie's new value after a sign-in to `email`: that account first, a few at most."""
    digest = token_digest(normalise_email(email))[:32]
    accounts = [digest, *(a for a in known_accounts(cookie) if a != digest)][:KNOWN_DEVICE_ACCOUNTS]
    return _device_serializer().dumps(accounts)


def is_known_device(cookie, email):
    return token_digest(normalise_email(email))[:32] in known_accounts(cookie)


def authenticate(email, password, *, client, now=None, known_device=False):
    """The active user with this email and password, or None; raises SignInPaused when `client` must wait.

    A wrong password and an unknown email count alike and look alike from outside (and take the same time), so
    the page tells no one which emails have accounts.  The pauses hold back the client that failed, not the
    account: the right password from another device still signs in, and a device that signed in to the account
    before (`known_device`) is not held up by failures from elsewhere.  The caller commits: failures count.
    """
    now = now or datetime.now(timezone.utc)
    wait = sign_in_wait(client, email, now, known_device=True)
    if wait is not None:
        raise SignInPaused(wait)
    wait = None if known_device else account_wide_wait(email, now)
    if wait is not None:
        raise SignInPaused(wait, account=True)
    user = find_user(email)
    if user is None or not user.active:
        check_password_hash(_dummy_hash(), password or "")
        user = None
    elif not user.check_password(password or ""):
        user = None
    if user is None:
        db.session.execute(sa.delete(FailedSignIn).where(FailedSignIn.at < now - timedelta(days=1)))
        db.session.add(FailedSignIn(client=client[:64], email=normalise_email(email)[:254], at=now))
        db.session.flush()
        return None
    db.session.execute(sa.delete(FailedSignIn).where(FailedSignIn.client == client,
                                                     FailedSignIn.email == user.email))
    user.last_login_at = now
    db.session.flush()
    return user


def start_sign_in(user):
    """A new sign-in for `user` (this device): `user.get_id()` carries its token from now on.  Their sign-ins that
    ended or ran out are forgotten on the way, so the table holds only live ones (and today's ended ones)."""
    now = datetime.now(timezone.utc)
    db.session.execute(sa.delete(SignIn).where(SignIn.user_id == user.id, sa.or_(
        SignIn.ended_at < now - timedelta(days=1), SignIn.started_at < now - sign_in_lifetime())))
    token = secrets.token_urlsafe(32)
    db.session.add(SignIn(user_id=user.id, token_digest=token_digest(token)))
    db.session.flush()
    user.sign_in_token = token
    return accessed("auth.signed_in", user, actor=user)


def end_sign_in(user):
    """Sign out this device: its session and remember-me cookies open nothing any more, copies included."""
    if user.sign_in_token:
        db.session.execute(sa.update(SignIn).where(SignIn.token_digest == token_digest(user.sign_in_token))
                           .values(ended_at=sa.func.now()))
        accessed("auth.signed_out", user, actor=user)


def end_sign_ins(user, *, keep_this_one=False):
    """Sign `user` out everywhere (but on this device, with `keep_this_one`)."""
    query = sa.update(SignIn).where(SignIn.user_id == user.id, SignIn.ended_at.is_(None))
    if keep_this_one and user.sign_in_token:
        query = query.where(SignIn.token_digest != token_digest(user.sign_in_token))
    db.session.execute(query.values(ended_at=sa.func.now()))


@cache
def _dummy_hash():
    from flask import current_app

    method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    return generate_password_hash("not a password of anyone", method=method)


def check_password_strength(password, *, email="", display_name="", organisation=""):
    """Refuse passwords that are short, common or made of the account's own details (zxcvbn's estimate)."""
    password = password or ""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(_("Use at least %(num)d characters.", num=MIN_PASSWORD_LENGTH))
    context = [email, *re.split(r"[@.+_-]", email), display_name, organisation]
    if zxcvbn(password[:100], user_inputs=[word for word in context if word])["score"] < PASSWORD_SCORE:
        raise AccountError(_("This password is too easy to guess: it is common, or made of your name or email. "
                             "Try a few unrelated words."))


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
    check_password_strength(password, email=email, display_name=display_name or "", organisation=organisation or "")
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
    if password:
        check_password_strength(password, email=email, display_name=display_name, organisation=organisation or "")
        user.set_password(password)
    if password or not active:
        end_sign_ins(user)  # a new password, or a disabled account, signs them out everywhere
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
    check_password_strength(new_password, email=user.email, display_name=user.display_name,
                            organisation=user.organisation)
    user.set_password(new_password)
    end_sign_ins(user, keep_this_one=True)
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
