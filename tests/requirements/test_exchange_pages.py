"""The register's files page: downloads for every format (recorded in the audit log), and an import that shows
what it would change (new, changed with each field's old and new value, unchanged) without writing, then applies
exactly that on confirmation, and refuses when the register changed in between or the preview is forged."""
import re

import pytest
import sqlalchemy as sa

from cocreate.audit.models import AuditEntry
from cocreate.extensions import db
from cocreate.projects.services import get_project_by_slug
from cocreate.requirements import exchange
from cocreate.requirements import services as requirements
from cocreate.requirements.models import Requirement


@pytest.fixture
def researcher(app, client, auth, make_project, tmp_path):
    app.config["REQUIREMENT_IMPORT_FOLDER"] = str(tmp_path / "imports")
    make_project("demo", sites=("ES",))
    with app.app_context():
        project = get_project_by_slug("demo")
        for title in ("Forms in Arabic", "Clear consent"):
            requirements.create_requirement(project, actor=None, title=title, statement=f"{title}, always.",
                                            type="language", priority="must")
        db.session.commit()
    auth.login_as("researcher", projects=["demo"])
    return client


def _reqif(app):
    with app.app_context():
        return exchange.to_reqif(get_project_by_slug("demo")).decode()


def _titles(app):
    with app.app_context():
        return db.session.scalars(sa.select(Requirement.title).order_by(Requirement.number)).all()


def _upload(client, text):
    import io

    return client.post("/requirements/projects/demo/import", data={"file": (io.BytesIO(text.encode()), "r.reqif")},
                       content_type="multipart/form-data")


def _token(page):
    return re.search(r'name="token" type="hidden" value="([^"]+)"', page).group(1)


@pytest.mark.parametrize("fmt, mimetype", [("reqif", "application/xml"), ("csv", "text/csv"),
                                           ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")])
def test_each_format_downloads_and_is_recorded(app, researcher, fmt, mimetype):
    page = researcher.get("/requirements/projects/demo/files").get_data(as_text=True)
    assert f"/requirements/projects/demo/export.{fmt}" in page
    response = researcher.get(f"/requirements/projects/demo/export.{fmt}")
    assert response.status_code == 200 and response.mimetype == mimetype
    assert "attachment" in response.headers["Content-Disposition"]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id)).where(
            AuditEntry.action == "requirements.exported")) == 1


def test_the_preview_lists_the_changes_and_writes_nothing_then_the_confirm_applies_them(app, researcher):
    text = _reqif(app).replace("Clear consent", "Clear and simple consent")
    first = re.search(r"<SPEC-OBJECT .*?</SPEC-OBJECT>", text, re.S).group(0)
    text = text.replace("</SPEC-OBJECTS>", first.replace("REQ-001", "REQ-007") + "</SPEC-OBJECTS>", 1)
    preview = _upload(researcher, text)
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "1 new requirement" in page and "1 changed requirement" in page and "1 unchanged requirement" in page
    assert "REQ-007" in page and "<del dir=\"auto\">Clear consent</del>" in page
    assert "<ins dir=\"auto\">Clear and simple consent</ins>" in page
    assert _titles(app) == ["Forms in Arabic", "Clear consent"], "the preview writes nothing"

    done = researcher.post("/requirements/projects/demo/import/confirm", data={"token": _token(page)})
    assert done.status_code == 302
    assert "2 requirements were imported." in researcher.get(done.location).get_data(as_text=True)
    assert _titles(app) == ["Forms in Arabic", "Clear and simple consent", "Forms in Arabic"]
    with app.app_context():
        assert db.session.scalars(sa.select(Requirement.number).order_by(Requirement.number)).all() == [1, 2, 7]


def test_a_register_changed_since_the_preview_is_not_overwritten(app, researcher):
    page = _upload(researcher, _reqif(app).replace("Clear consent", "Clear and simple consent")).get_data(
        as_text=True)
    with app.app_context():
        first = db.session.scalars(sa.select(Requirement).where(Requirement.number == 1)).one()
        requirements.update_requirement(first, actor=None, title="Forms in Arabic and Tigrinya")
        db.session.commit()
    done = researcher.post("/requirements/projects/demo/import/confirm", data={"token": _token(page)},
                           follow_redirects=True)
    assert "The register changed since the preview" in done.get_data(as_text=True)
    assert _titles(app) == ["Forms in Arabic and Tigrinya", "Clear consent"]


def test_a_forged_preview_is_refused(app, researcher):
    done = researcher.post("/requirements/projects/demo/import/confirm", data={"token": "forged.token"},
                           follow_redirects=True)
    assert "This preview is no longer valid" in done.get_data(as_text=True)


def test_a_bad_file_is_refused_on_the_upload_page(app, researcher):
    response = _upload(researcher, "<html/>")
    assert response.status_code == 400 and "not ReqIF" in response.get_data(as_text=True)


def test_a_facilitator_downloads_but_does_not_import(app, client, auth, make_project):
    make_project("demo", sites=("ES",))
    auth.login_as("facilitator", projects=["demo"])
    page = client.get("/requirements/projects/demo/files").get_data(as_text=True)
    assert "export.reqif" in page and "/import" not in page
    assert client.get("/requirements/projects/demo/import").status_code == 403
