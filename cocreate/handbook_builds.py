"""Handbooks and policy briefs built from the web page: the build row, its stored file, and the run.

A build is a row (`HandbookBuild`: its options, who asked, its status and the progress lines the CLI would
print) and, once done, a .docx in the build folder (`HANDBOOK_BUILD_FOLDER`, default `handbook-builds` in the
instance folder; never under static).  `start_build` writes the row and the uploaded template; `launch` runs
it: in a thread of this process, with an app context and a database session of its own, or, when
`HANDBOOK_BUILDS_IN_BACKGROUND` is off (the tests), at once.  The build runs in-process: a worker that stops
takes its running builds with it (they stay "running").  The file and the state are stored, not kept in
memory, so under gunicorn any worker can show the progress and serve the download.
"""
import io
import logging
import threading
import zipfile
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from handbook import brief, document
from handbook import text as handbook_text

from .database import enum_column, utcnow
from .extensions import db
from .handbook_data import ScopeError, build_snapshot
from .signals import emit

log = logging.getLogger(__name__)


class BuildError(ValueError):
    """Options a build cannot be started with; the message says why, in the reader's language."""


class DocumentKind(StrEnum):
    HANDBOOK = "handbook"
    BRIEF = "brief"

    @property
    def label(self):
        return DOCUMENT_LABELS[self]


DOCUMENT_LABELS = {
    DocumentKind.HANDBOOK: _l("Handbook"),
    DocumentKind.BRIEF: _l("Policy brief"),
}


class BuildStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"

    @property
    def label(self):
        return STATUS_LABELS[self]


STATUS_LABELS = {
    BuildStatus.QUEUED: _l("Waiting to start"),
    BuildStatus.RUNNING: _l("Being written"),
    BuildStatus.DONE: _l("Ready"),
    BuildStatus.FAILED: _l("Failed"),
}


class HandbookBuild(db.Model):
    """One build of a project's handbook or policy brief, with the options it was asked with."""

    __tablename__ = "handbook_builds"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    site_id: Mapped[int | None] = mapped_column(sa.ForeignKey("pilot_sites.id", ondelete="CASCADE"))
    document: Mapped[DocumentKind] = mapped_column(enum_column(DocumentKind))
    language: Mapped[str] = mapped_column(sa.String(12))
    date_from: Mapped[date | None] = mapped_column(sa.Date)
    date_to: Mapped[date | None] = mapped_column(sa.Date)
    template_name: Mapped[str] = mapped_column(sa.String(200), default="")  # as uploaded; "" for none
    status: Mapped[BuildStatus] = mapped_column(enum_column(BuildStatus), default=BuildStatus.QUEUED)
    progress: Mapped[str] = mapped_column(sa.Text, default="")  # one line per chapter written
    error: Mapped[str] = mapped_column(sa.Text, default="")
    requested_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    requested_by_name: Mapped[str] = mapped_column(sa.String(200), default="")
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    project = relationship("Project")
    site = relationship("PilotSite")

    @property
    def access_scope(self):
        """(project id, site id or None): a build of one site belongs to that site."""
        return self.project_id, self.site_id

    @property
    def progress_lines(self):
        return [line for line in self.progress.split("\n") if line]

    @property
    def change_label(self):
        return f"{self.document.value} {self.language}"

    @property
    def file_name(self):
        """The name a download is given."""
        scope = f"-{self.site.code}" if self.site else ""
        kind = "-brief" if self.document == DocumentKind.BRIEF else ""
        return f"handbook-{self.project.slug}{scope}{kind}-{self.language}.docx"

    def __repr__(self):
        return f"<HandbookBuild {self.id} {self.document.value} {self.status.value}>"


def build_folder(app=None):
    app = app or current_app
    folder = Path(app.config.get("HANDBOOK_BUILD_FOLDER") or Path(app.instance_path) / "handbook-builds")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def output_path(build, app=None):
    return build_folder(app) / f"build-{build.id}.docx"


def template_path(build, app=None):
    return build_folder(app) / f"build-{build.id}-template.docx"


def is_docx(data):
    """Whether `data` (bytes) is a Word document: a zip package with a word/document.xml."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return "word/document.xml" in package.namelist()
    except zipfile.BadZipFile:
        return False


def builds_query(project, *, site_ids, whole_project):
    """SQL: the project's builds of the pilot sites `site_ids`, and of the whole project when `whole_project`
    (what the reader may see), newest first."""
    shown = HandbookBuild.site_id.in_(site_ids)
    if whole_project:
        shown = sa.or_(shown, HandbookBuild.site_id.is_(None))
    return (sa.select(HandbookBuild).where(HandbookBuild.project_id == project.id, shown)
            .order_by(HandbookBuild.created_at.desc(), HandbookBuild.id.desc()))


def start_build(project, *, site=None, document_kind=DocumentKind.HANDBOOK, language="en", date_from=None,
                date_to=None, template=None, template_name="", actor):
    """A new build row (flushed) with its template stored; BuildError for options it cannot be built with.

    `template` is the uploaded template's bytes (None for none).  Nothing is written when the options are
    refused."""
    if language not in handbook_text.LANGUAGES:
        raise BuildError(_l("Choose one of the languages offered."))
    if site is not None and site.project_id != project.id:
        raise BuildError(_l("Choose one of the project's pilot sites."))
    if date_from and date_to and date_from > date_to:
        raise BuildError(_l("The first day comes after the last day."))
    if template is not None and not is_docx(template):
        raise BuildError(_l("The template is not a Word document (.docx)."))
    build = HandbookBuild(project_id=project.id, site_id=site.id if site else None,
                          document=DocumentKind(document_kind), language=language, date_from=date_from,
                          date_to=date_to, template_name=(template_name or "")[:200] if template else "",
                          requested_by_id=getattr(actor, "id", None),
                          requested_by_name=getattr(actor, "display_name", "") or "")
    db.session.add(build)
    db.session.flush()
    if template is not None:
        template_path(build).write_bytes(template)
    return emit("handbook.build_started", build, actor=actor, document=build.document, language=language,
                site=site.code if site else None)


def launch(build_id, app=None):
    """Run the build `build_id` (committed): in a thread of its own, or at once when background builds are off.
    Returns the thread (None when it ran at once)."""
    app = app or current_app._get_current_object()
    if not app.config.get("HANDBOOK_BUILDS_IN_BACKGROUND", True):
        run_build(app, build_id)
        return None
    thread = threading.Thread(target=run_build, args=(app, build_id), name=f"handbook-build-{build_id}",
                              daemon=True)
    thread.start()
    return thread


def run_build(app, build_id):
    """Write build `build_id`'s document, storing each progress line as it goes; the reason when it fails.

    Runs in an app context of its own, so with a database session of its own."""
    with app.app_context():
        build = db.session.get(HandbookBuild, build_id)
        if build is None or build.status != BuildStatus.QUEUED:
            return
        build.status = BuildStatus.RUNNING
        db.session.commit()
        lines = []

        def progress(title):
            lines.append(title)
            build.progress = "\n".join(lines)
            db.session.commit()

        out = output_path(build, app)
        try:
            snapshot = build_snapshot(build.project, language=build.language,
                                      site_code=build.site.code if build.site else None,
                                      date_from=build.date_from, date_to=build.date_to)
            template = template_path(build, app) if build.template_name else None
            writer = brief if build.document == DocumentKind.BRIEF else document
            writer.build(snapshot, out, handbook_text.translations(build.language), template=template,
                         progress=progress)
        except (document.HandbookError, ScopeError, handbook_text.UnknownLanguage) as error:
            _failed(build, out, str(error))
        except Exception as error:  # the page says it failed and why; the log keeps the trace
            log.exception("handbook build %s failed", build_id)
            _failed(build, out, f"{type(error).__name__}: {error}")
        else:
            build.status = BuildStatus.DONE
            build.finished_at = utcnow()
            db.session.commit()
        finally:
            db.session.remove()


def _failed(build, out, reason):
    db.session.rollback()
    out.unlink(missing_ok=True)
    build.status = BuildStatus.FAILED
    build.error = reason[:2000]
    build.finished_at = utcnow()
    db.session.commit()
