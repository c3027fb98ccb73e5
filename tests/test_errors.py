import sqlalchemy as sa

from cocreate import create_app
from cocreate.config import TestConfig
from cocreate.extensions import db
from cocreate.projects.models import Project


def test_unknown_page_is_a_translated_404(client):
    response = client.get("/nothing-here?lang=el")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert '<html lang="el"' in page and "Page not found" not in page


def test_wrong_method_is_405_with_a_page(client):
    response = client.delete("/login")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]
    assert "<main" in response.get_data(as_text=True)


def test_api_paths_get_json_errors(client):
    response = client.get("/api/v1/nothing")
    assert response.status_code == 404
    assert response.get_json()["error"] == "Page not found"


def test_a_crash_shows_no_trace_and_keeps_nothing_half_written(tmp_path):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'crash.db'}")

    @app.get("/crash")
    def crash():
        db.session.add(Project(slug="half", name="Half written"))
        db.session.flush()
        raise RuntimeError("boom in the middle of a request")

    with app.app_context():
        db.create_all()
    response = app.test_client().get("/crash?lang=ar")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Traceback" not in page and "boom" not in page and 'dir="rtl"' in page
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Project)) == 0
        db.engine.dispose()
