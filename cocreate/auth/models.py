import hashlib
import hmac
from datetime import datetime

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
    # Failed sign-ins in a row; at LOGIN_ATTEMPTS the account waits until locked_until.
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

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

    def get_id(self):
        """The id kept in the session and the remember-me cookie, bound to the current password.

        A password change (or reset) ends every other session and remembered device.
        """
        return f"{self.id}.{self.password_fingerprint()}"

    def password_fingerprint(self):
        """A keyed digest of the password hash: changes with the password, reveals nothing of it."""
        key = current_app.secret_key.encode()
        return hmac.new(key, self.password_hash.encode(), hashlib.sha256).hexdigest()[:24]


@login_manager.user_loader
def load_user(session_id):
    user_id, _, fingerprint = session_id.partition(".")
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not hmac.compare_digest(fingerprint, user.password_fingerprint()):
        return None
    return user
