"""Authorities, their officers and API tokens, and the release log: plain functions taking models, data and the
`actor`; they flush, the caller commits.  Refusals raise `AuthorityError` (a message for the user) or, for a
request of an authority's system, `TokenRefused` (with the HTTP status it answers).

Tokens are random strings shown once; only their SHA-256 digest is kept, with the purposes they grant, an expiry
and, once revoked, when.  A token opens a purpose only while it grants it and its authority still declares it.
"""
import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from immerse_core.firewall import slug

from .. import configuration_items
from ..auth.models import User
from ..auth.permissions import Role
from ..database import utcnow
from ..extensions import db
from ..signals import accessed, emit
from .models import ApiToken, Authority, Release, authority_officers

NAME_LIMIT = 200
SLUG_LIMIT = 60
TOKEN_PREFIX = "cca_"
DAYS_DEFAULT, DAYS_MAX = 90, 366
CHANNELS = ("ui", "api")


class AuthorityError(ValueError):
    """A request about an authority that cannot be carried out; the message is for the user."""


class TokenRefused(Exception):
    """A request of an authority's system refused: `status` 401 (no valid token) or 403 (a purpose not open to
    it); `code` is the reason for the `WWW-Authenticate` header (RFC 6750)."""

    def __init__(self, status, code, message):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


# --- names: slugs and purposes ----------------------------------------------------------------------------------

def is_slug(text):
    """Whether `text` is already a slug as the firewall writes them (lowercase letters, digits, - and _)."""
    return isinstance(text, str) and 0 < len(text) <= SLUG_LIMIT and slug(text) == text


def checked_slug(text):
    text = (text or "").strip()
    if not is_slug(text):
        raise AuthorityError(_("“%(value)s” is not a short name: use lowercase letters, digits, - and _ only, at "
                               "most %(max)d characters, such as employment-office.", value=text[:80],
                               max=SLUG_LIMIT))
    return text


def checked_purpose(text):
    text = (text or "").strip()
    if not is_slug(text):
        raise AuthorityError(_("“%(value)s” is not a purpose: use lowercase letters, digits, - and _ only, at most "
                               "%(max)d characters, such as job-matching.", value=text[:80], max=SLUG_LIMIT))
    return text


def checked_purposes(values):
    """The purposes, each checked, without repeats, sorted; at least one."""
    purposes = sorted({checked_purpose(value) for value in values if (value or "").strip()})
    if not purposes:
        raise AuthorityError(_("Name at least one purpose."))
    return purposes


# --- authorities and officers -----------------------------------------------------------------------------------

def list_authorities(project_ids=None):
    """Every authority (of the projects `project_ids` when given), by project and slug."""
    query = sa.select(Authority).order_by(Authority.project_id, Authority.slug)
    if project_ids is not None:
        query = query.where(Authority.project_id.in_(project_ids))
    return db.session.scalars(query).all()


def get_authority(project, slug_):
    return db.session.scalar(sa.select(Authority).where(Authority.project_id == project.id,
                                                        Authority.slug == slug_))


def authorities_by_slug(slug_):
    return db.session.scalars(sa.select(Authority).where(Authority.slug == slug_).order_by(Authority.id)).all()


def save_authority(project, authority, *, slug, name, purposes, actor):
    """Create (when `authority` is None) or change an authority of `project`; its slug is unique in the project."""
    slug = checked_slug(slug)
    name = (name or "").strip()
    if not name or len(name) > NAME_LIMIT:
        raise AuthorityError(_("Give the authority a name of at most %(max)d characters.", max=NAME_LIMIT))
    purposes = checked_purposes(purposes)
    other = get_authority(project, slug)
    if other is not None and other is not authority:
        raise AuthorityError(_("This project already has an authority called %(slug)s.", slug=slug))
    created = authority is None
    if created:
        authority = Authority(project_id=project.id)
        db.session.add(authority)
    authority.slug, authority.name, authority.purposes = slug, name, purposes
    db.session.flush()
    return emit("authorities.authority_created" if created else "authorities.authority_changed", authority,
                actor=actor, slug=slug, purposes=purposes)


def officer_accounts():
    """Every officer account, by email: those an authority may have."""
    return db.session.scalars(sa.select(User).where(User.role == Role.OFFICER).order_by(User.email)).all()


def authority_of(user):
    """The authority the officer account `user` belongs to, or None."""
    return db.session.scalar(sa.select(Authority).join(authority_officers)
                             .where(authority_officers.c.user_id == user.id))


def set_officers(authority, users, *, actor):
    """Make `users` (officer accounts) the officers of `authority`; an officer of another authority moves here."""
    users = list({user.id: user for user in users}.values())
    wrong = [user.email for user in users if user.role != Role.OFFICER]
    if wrong:
        raise AuthorityError(_("Only officer accounts belong to an authority, not %(emails)s.",
                               emails=", ".join(wrong)))
    before = {user.id for user in authority.officers}
    after = {user.id for user in users}
    if before == after:
        return authority
    ids = [user.id for user in users]
    db.session.execute(authority_officers.delete().where(
        sa.or_(authority_officers.c.authority_id == authority.id, authority_officers.c.user_id.in_(ids))))
    if ids:
        db.session.execute(authority_officers.insert(), [{"user_id": i, "authority_id": authority.id} for i in ids])
    db.session.flush()
    db.session.expire(authority, ["officers"])
    return emit("authorities.officers_changed", authority, actor=actor,
                officers=sorted(user.email for user in users))


# --- API tokens -------------------------------------------------------------------------------------------------

def token_digest(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(authority, purposes, *, days=DAYS_DEFAULT, actor):
    """A new token of `authority` for `purposes` (each declared by the authority), valid `days` days: returns
    (ApiToken, the token itself), the only time the token is seen."""
    purposes = checked_purposes(purposes)
    undeclared = [purpose for purpose in purposes if purpose not in authority.purposes]
    if undeclared:
        raise AuthorityError(_("%(authority)s does not declare the purpose %(purposes)s.", authority=authority.slug,
                               purposes=", ".join(undeclared)))
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= DAYS_MAX:
        raise AuthorityError(_("A token is valid for 1 to %(max)d days.", max=DAYS_MAX))
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(authority_id=authority.id, digest=token_digest(secret), purposes=purposes,
                     expires_at=utcnow() + timedelta(days=days))
    token.authority = authority
    db.session.add(token)
    db.session.flush()
    emit("authorities.token_created", token, actor=actor, authority=authority.slug, purposes=purposes,
         expires_at=token.expires_at)
    return token, secret


def get_token(token_id):
    return db.session.get(ApiToken, token_id)


def revoke_token(token, *, actor):
    """Revoke `token` from now on; False when it was revoked already."""
    if token.revoked_at is not None:
        return False
    token.revoked_at = utcnow()
    db.session.flush()
    emit("authorities.token_revoked", token, actor=actor, authority=token.authority.slug)
    return True


def list_tokens(project_ids=None, *, page=1, per_page=50):
    """The tokens (of the projects `project_ids` when given), newest first, a page at a time."""
    query = sa.select(ApiToken).join(Authority).order_by(ApiToken.id.desc())
    if project_ids is not None:
        query = query.where(Authority.project_id.in_(project_ids))
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def authenticate(header):
    """The live token an `Authorization: Bearer …` header carries; TokenRefused (401) otherwise."""
    scheme, _space, secret = (header or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise TokenRefused(401, "", _("Send an API token as Authorization: Bearer followed by the token."))
    token = db.session.scalar(sa.select(ApiToken).where(ApiToken.digest == token_digest(secret.strip())))
    if token is None:
        raise TokenRefused(401, "invalid_token", _("This token is not valid."))
    state = token.state()
    if state == "revoked":
        raise TokenRefused(401, "invalid_token", _("This token was revoked."))
    if state == "expired":
        raise TokenRefused(401, "invalid_token", _("This token has expired."))
    return token


def open_purpose(token, purpose):
    """Check that `token` opens `purpose` (a well-formed purpose: see `checked_purpose`); TokenRefused (403)."""
    if purpose not in token.purposes:
        raise TokenRefused(403, "insufficient_scope",
                           _("This token is not granted the purpose %(purpose)s.", purpose=purpose))
    if purpose not in token.authority.purposes:
        raise TokenRefused(403, "insufficient_scope",
                           _("%(authority)s no longer declares the purpose %(purpose)s.",
                             authority=token.authority.slug, purpose=purpose))
    token.last_used_at = utcnow()
    return token


# --- the firewall in force and the release log ------------------------------------------------------------------

def policy_in_force(project):
    """The firewall policy of the configuration in force in `project` (PolicyError when it cannot be applied)."""
    return configuration_items.policy_of(project)


def record_release(authority, purpose, released, *, channel, user=None, token=None):
    """Log that `released` (the records as the firewall let them out) went to `authority` for `purpose`."""
    if channel not in CHANNELS:
        raise ValueError(channel)
    attributes = sorted({attribute for record in released for attribute in record})
    release = Release(project_id=authority.project_id, authority_id=authority.id, authority_slug=authority.slug,
                      purpose=purpose, channel=channel, records=len(released), attributes=attributes,
                      user_id=user.id if user is not None else None,
                      token_id=token.id if token is not None else None)
    db.session.add(release)
    db.session.flush()
    return accessed("authorities.records_released", release, actor=user, authority=authority.slug,
                    purpose=purpose, channel=channel, records=len(released), attributes=attributes,
                    token=token.id if token is not None else None)


def releases(project_ids=None, *, authority_id=None, page=1, per_page=50):
    """The release log (of the projects `project_ids` when given), newest first, a page at a time."""
    query = sa.select(Release).options(selectinload(Release.user)).order_by(Release.id.desc())
    if project_ids is not None:
        query = query.where(Release.project_id.in_(project_ids))
    if authority_id is not None:
        query = query.where(Release.authority_id == authority_id)
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


# --- the released view ------------------------------------------------------------------------------------------

PER_PAGE_DEFAULT, PER_PAGE_MAX = 25, 100
SEARCH_LIMIT = 64


@dataclass(frozen=True)
class ReleasedPage:
    """One page of the records as the firewall releases them to an authority for a purpose."""

    records: list
    page: int
    per_page: int
    total: int
    attributes: tuple  # what the policy lets out for this authority and purpose (the rules that do not drop)

    @property
    def pages(self):
        return max(1, -(-self.total // self.per_page))


def released_attributes(policy, authority, purpose):
    """The attributes the policy's rules for `authority` and `purpose` let out in some form: the only ones read
    from the database (a protected attribute is read only when one of them)."""
    return tuple(sorted(attribute for attribute, rule in policy.rules_for(authority.slug, purpose).items()
                        if rule.action != "drop"))


def released_page(authority, purpose, *, page=1, per_page=PER_PAGE_DEFAULT, pseudonym=""):
    """Page `page` of the project's profiles as `authority` sees them for `purpose`, only those whose released
    identifier starts with `pseudonym` when one is given.  Raises ValueError (PolicyError among them) when the
    firewall cannot be applied: then nothing is released."""
    from ..profiles import services as profiles

    policy = policy_in_force(authority.project)
    attributes = released_attributes(policy, authority, purpose)
    offset = (page - 1) * per_page
    project_id = authority.project_id
    pseudonym = (pseudonym or "").strip().lower()
    if pseudonym:
        if "person_id" not in attributes:
            return ReleasedPage([], page, per_page, 0, attributes)
        identities = profiles.records(project_id, ["person_id"])
        named = policy.release_many(identities, authority.slug, purpose)
        ids = [stored["person_id"] for stored, seen in zip(identities, named)
               if str(seen.get("person_id", "")).lower().startswith(pseudonym)]
        total, chosen = len(ids), ids[offset:offset + per_page]
        stored = profiles.records(project_id, list(attributes), ids=chosen) if chosen else []
    else:
        total = profiles.count(project_id)
        stored = profiles.records(project_id, list(attributes), offset=offset, limit=per_page)
    return ReleasedPage(policy.release_many(stored, authority.slug, purpose), page, per_page, total, attributes)
