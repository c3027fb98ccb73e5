import hashlib
from datetime import datetime, timezone

import sqlalchemy as sa
from flask import current_app
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..database import enum_column, utcnow
from ..extensions import db, login_manager
from ..projects.models import PilotSite, Project
from .permissions import Role

# Staff accounts belong to projects; facilitators also to pilot sites (a site's project comes with it).
project_members = db.Table(
    "project_members",
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("project_id", sa.ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True, index=True),
)
site_members = db.Table(
    "site_members",
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("site_id", sa.ForeignKey("pilot_sites.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class User(UserMixin, db.Model):
    """A staff account: admin, facilitator, researcher or authority officer."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(120))
    password_hash: Mapped[str] = mapped_column(sa.String(256))
    role: Mapped[Role] = mapped_column(enum_column(Role, length=20))
    organisation: Mapped[str] = mapped_column(sa.String(200), default="")
    locale: Mapped[str | None] = mapped_column(sa.String(10))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    # What the account works on (admins work on everything, members or not): see auth.permissions.
    projects: Mapped[list[Project]] = relationship(secondary=project_members, order_by=Project.slug)
    sites: Mapped[list[PilotSite]] = relationship(secondary=site_members, order_by=PilotSite.code)

    def __repr__(self):
        return f"<User {self.email} ({self.role.value})>"

    @property
    def is_active(self):
        return self.active

    def set_password(self, password):
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password):
        return check_password_hash(self.password_hash, password)

    def has_role(self, *roles):
        return self.role in roles

    # The token of the sign-in this object was loaded through (see `SignIn`); not stored on the account.
    sign_in_token = None

    def get_id(self):
        """What the session and the remember-me cookie carry: the account and the token of this sign-in."""
        if not self.sign_in_token:
            raise RuntimeError("get_id needs a sign-in: call auth.services.start_sign_in first")
        return f"{self.id}.{self.sign_in_token}"


class SignIn(db.Model):
    """One signed-in device.  Its session and remember-me cookies carry a random token whose digest is kept here:
    signing out, a password change or an administrator ends the sign-in here, so a kept copy of either cookie
    opens nothing afterwards."""

    __tablename__ = "sign_ins"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_digest: Mapped[str] = mapped_column(sa.String(64), unique=True)
    started_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    def __repr__(self):
        return f"<SignIn {self.id} of {self.user_id}>"


def token_digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


def sign_in_lifetime():
    """How long a sign-in lasts at most: as long as the longer of its two cookies."""
    return max(current_app.config["REMEMBER_COOKIE_DURATION"], current_app.config["PERMANENT_SESSION_LIFETIME"])


class FailedSignIn(db.Model):
    """A wrong password or an unknown email, by client (its network address) and the email tried: what the pauses
    of `auth.services.authenticate` count.  Kept for a day at most."""

    __tablename__ = "failed_sign_ins"
    __table_args__ = (sa.Index("ix_failed_sign_ins_client_at", "client", "at"),
                      sa.Index("ix_failed_sign_ins_email_at", "email", "at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    client: Mapped[str] = mapped_column(sa.String(64))
    email: Mapped[str] = mapped_column(sa.String(254))
    at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)


@login_manager.user_loader
def load_user(session_id):
    """The account of a live sign-in whose token the cookie carries, or None."""
    user_id, _, token = (session_id or "").partition(".")
    if not user_id.isdigit() or not token:
        return None
    user = db.session.scalar(
        sa.select(User).join(SignIn, SignIn.user_id == User.id)
        .where(SignIn.token_digest == token_digest(token), User.id == int(user_id), SignIn.ended_at.is_(None),
               SignIn.started_at > datetime.now(timezone.utc) - sign_in_lifetime()))
    if user is None or not user.active:
        return None
    user.sign_in_token = token
    return user
