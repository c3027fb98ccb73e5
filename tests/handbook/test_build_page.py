"""The page that builds the handbook or a policy brief: options, a template that is not a .docx, progress,
earlier builds, the download, and who may build what.  Builds run before the page answers (TestConfig), but
one test runs a real background thread."""
import io

import sqlalchemy as sa
from docx import Document

from cocreate.extensions import db
from cocreate.handbook_builds import BuildStatus, HandbookBuild
from handbook import text

from ..statements import count

ADMIN, RESEARCHER = "admin@miict.example", "researcher1@miict.example"
FACILITATOR_ES = "facilitator.es1@miict.example"
PAGE = "/handbook/projects/miict"
EN = text.words(text.translations("en"))


def latest(app):
    with app.app_context():
        build = db.session.scalar(sa.select(HandbookBuild).order_by(HandbookBuild.id.desc()))
        db.session.expunge(build)
        return build


def docx_bytes(response):
    return Document(io.BytesIO(response.data))


def test_the_page_offers_every_option(seeded, client, auth):
    auth.login(RESEARCHER)
    page = client.get(PAGE).get_data(as_text=True)
    for option in ('value="handbook"', 'value="brief"', 'value="-"', 'value="ES"', 'value="IT"', 'value="CY"',
                   'value="ar"', 'value="el"', 'name="date_from"', 'name="date_to"', 'type="file"'):
        assert option in page, option
    project = client.get("/projects/miict").get_data(as_text=True)
    assert 'href="/handbook/projects/miict"' in project and 'href="/requirements/projects/miict/brief"' in project


def test_a_site_s_brief_in_spanish_is_built_listed_and_downloaded(seeded, client, auth):
    auth.login(RESEARCHER)
    response = client.post(PAGE, data={"document": "brief", "scope": "ES", "language": "es",
                                       "date_from": "2019-01-01", "date_to": "2021-12-31"})
    assert response.status_code == 302
    build = latest(seeded)
    assert response.location.endswith(f"/handbook/builds/{build.id}")
    assert build.status == BuildStatus.DONE and build.language == "es" and build.requested_by_name
    spanish = text.brief_words(text.translations("es"))
    assert build.progress_lines == [spanish.brief, spanish.country % {"country": "España"}]
    page = client.get(f"/handbook/builds/{build.id}").get_data(as_text=True)
    assert f"Written: {spanish.brief}" in page and 'http-equiv="refresh"' not in page
    listing = client.get(PAGE).get_data(as_text=True)
    assert f"/handbook/builds/{build.id}/download" in listing and "Policy brief" in listing
    assert "From Jan 1, 2019 to Dec 31, 2021" in listing
    download = client.get(f"/handbook/builds/{build.id}/download")
    assert download.status_code == 200 and download.headers["Cache-Control"] == "no-store"
    assert "handbook-miict-ES-brief-es.docx" in download.headers["Content-Disposition"]
    headings = [p.text for p in docx_bytes(download).paragraphs if p.style.name == "Heading 1"]
    assert headings == [spanish.country % {"country": "España"}]


def test_the_whole_project_s_handbook_with_a_template(seeded, client, auth, tmp_path):
    template = Document()
    template.styles["Heading 1"].font.name = "Liberation Serif"
    buffer = io.BytesIO()
    template.save(buffer)
    auth.login(ADMIN)
    response = client.post(PAGE, data={"document": "handbook", "scope": "-", "language": "en",
                                       "template": (io.BytesIO(buffer.getvalue()), "house-style.docx")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    build = latest(seeded)
    assert build.status == BuildStatus.DONE and build.template_name == "house-style.docx"
    assert len(build.progress_lines) == 14 and build.progress_lines[2] == EN.summary
    written = docx_bytes(client.get(f"/handbook/builds/{build.id}/download"))
    assert written.styles["Heading 1"].font.name == "Liberation Serif"


def test_a_template_that_is_not_a_docx_is_refused_with_a_clear_message(seeded, client, auth):
    auth.login(RESEARCHER)
    with seeded.app_context():
        before = db.session.scalar(sa.select(sa.func.count(HandbookBuild.id)))
    for name, data in (("house-style.docx", b"not a word document"), ("house-style.pdf", b"%PDF-1.4")):
        response = client.post(PAGE, data={"document": "handbook", "scope": "-", "language": "en",
                                           "template": (io.BytesIO(data), name)}, content_type="multipart/form-data")
        assert response.status_code == 400
        assert "The template is not a Word document (.docx)." in response.get_data(as_text=True)
    response = client.post(PAGE, data={"document": "handbook", "scope": "-", "language": "en",
                                       "date_from": "2021-01-01", "date_to": "2020-01-01"})
    assert response.status_code == 400 and "The first day comes after the last day." in response.get_data(True)
    with seeded.app_context():
        assert db.session.scalar(sa.select(sa.func.count(HandbookBuild.id))) == before


def test_a_failed_build_shows_the_reason(seeded, client, auth):
    from docx import Document as NewDocument

    template = NewDocument()
    template.styles["Heading 1"].delete()
    buffer = io.BytesIO()
    template.save(buffer)
    auth.login(RESEARCHER)
    client.post(PAGE, data={"document": "handbook", "scope": "-", "language": "en",
                            "template": (io.BytesIO(buffer.getvalue()), "no-headings.docx")},
                content_type="multipart/form-data")
    build = latest(seeded)
    assert build.status == BuildStatus.FAILED
    page = client.get(f"/handbook/builds/{build.id}").get_data(as_text=True)
    assert "The build failed: The template has no style “Heading 1”." in page
    assert client.get(f"/handbook/builds/{build.id}/download").status_code == 404


def test_a_running_build_refreshes_its_page(seeded, client, auth):
    from cocreate.handbook_builds import start_build
    from cocreate.projects.services import get_project_by_slug

    with seeded.app_context():
        build_id = start_build(get_project_by_slug("miict"), actor=None).id
        db.session.commit()
    auth.login(RESEARCHER)
    page = client.get(f"/handbook/builds/{build_id}").get_data(as_text=True)
    assert '<meta http-equiv="refresh" content="3">' in page and "Waiting to start" in page


def test_a_facilitator_builds_for_their_own_site_only(seeded, client, auth):
    auth.login(RESEARCHER)
    client.post(PAGE, data={"document": "brief", "scope": "IT", "language": "en"})
    italian = latest(seeded).id
    client.post(PAGE, data={"document": "brief", "scope": "-", "language": "en"})
    whole = latest(seeded).id
    auth.logout()
    auth.login(FACILITATOR_ES)
    page = client.get(PAGE).get_data(as_text=True)
    assert 'value="ES"' in page and 'value="IT"' not in page and 'value="-"' not in page
    assert f"/handbook/builds/{italian}" not in page and f"/handbook/builds/{whole}" not in page
    for build_id in (italian, whole):
        assert client.get(f"/handbook/builds/{build_id}").status_code == 403
        assert client.get(f"/handbook/builds/{build_id}/download").status_code == 403
    response = client.post(PAGE, data={"document": "brief", "scope": "IT", "language": "en"})
    assert response.status_code == 400 and latest(seeded).id == whole  # not a choice: nothing started
    response = client.post(PAGE, data={"document": "brief", "scope": "ES", "language": "en"})
    assert response.status_code == 302
    own = latest(seeded)
    assert own.id > whole and own.status == BuildStatus.DONE
    assert client.get(f"/handbook/builds/{own.id}/download").status_code == 200


def test_a_build_runs_in_a_background_thread(seeded):
    from cocreate.handbook_builds import launch, output_path, start_build
    from cocreate.projects.services import get_project_by_slug

    seeded.config["HANDBOOK_BUILDS_IN_BACKGROUND"] = True
    with seeded.app_context():
        build_id = start_build(get_project_by_slug("miict"), document_kind="brief", actor=None).id
        db.session.commit()
        thread = launch(build_id)
    assert thread is not None
    thread.join(timeout=120)
    assert not thread.is_alive()
    build = latest(seeded)
    assert build.id == build_id and build.status == BuildStatus.DONE and len(build.progress_lines) == 4
    with seeded.app_context():
        assert Document(str(output_path(build))).paragraphs[1].text == "Policy brief"


def test_the_list_of_builds_reflows_with_every_cell_named_by_its_header(seeded, client, auth):
    from ..html_tables import tables

    auth.login(RESEARCHER)
    client.post(PAGE, data={"document": "brief", "scope": "CY", "language": "el"})
    for language in ("en", "ar"):
        client.get(f"/?lang={language}")
        found = tables(client.get(PAGE).get_data(as_text=True))
        assert len(found) == 1 and "reflow" in found[0].classes and found[0].body_rows
        for row in found[0].body_rows:
            for header, cell in found[0].cells_by_header(row):
                assert cell.label == header


def add_builds(app, count):
    """`count` builds of each of the ES site, the IT site and the whole project, not run."""
    from cocreate.handbook_builds import start_build
    from cocreate.projects.services import get_project_by_slug, get_site

    with app.app_context():
        project = get_project_by_slug("miict")
        for _number in range(count):
            for site in (get_site(project, "ES"), get_site(project, "IT"), None):
                start_build(project, site=site, actor=None)
        db.session.commit()


def test_earlier_builds_come_a_page_at_a_time_and_only_those_one_may_see(seeded, client, auth):
    add_builds(seeded, 12)
    auth.login(FACILITATOR_ES)
    page = client.get(PAGE + "?per_page=10").get_data(as_text=True)
    assert "1–10 of 12" in page and page.count("/handbook/builds/") - page.count("/download") == 10
    assert "Pilot site: IT" not in page and "Whole project" not in page.split("Earlier builds", 1)[1]
    nav = page.split('<nav class="pagination" aria-label="Pages of builds">', 1)[1].split("</nav>", 1)[0]
    assert "page=2" in nav and "per_page=10" in nav
    auth.logout()
    auth.login(RESEARCHER)
    page = client.get(PAGE + "?per_page=10&page=4").get_data(as_text=True)
    assert "31–36 of 36" in page


def test_the_build_page_runs_as_many_statements_with_ten_times_the_builds(seeded, client, auth):
    auth.login(FACILITATOR_ES)
    add_builds(seeded, 3)
    urls = [PAGE, PAGE + "?per_page=10"]
    small = {url: count(seeded, client, url) for url in urls}
    add_builds(seeded, 27)
    assert {url: count(seeded, client, url) for url in urls} == small
