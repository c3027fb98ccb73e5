import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.projects.models import PilotSite, Project


def count(app, model):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def site_form(**changes):
    form = {"code": "GR", "country": "GR", "city": "Athens", "host_languages": "el",
            "participant_languages": "ar, fa, ps", "partner_organisation": "An NGO", "public_partner": "A city"}
    form.update(changes)
    return form


def test_admin_creates_a_project(app, client, auth):
    auth.login_as("admin")
    response = client.post("/projects/new", data={"slug": "pilot-2", "name": "Second pilot",
                                                  "start_date": "2022-01-10", "end_date": "2023-06-30"})
    assert response.status_code == 302 and response.headers["Location"] == "/projects/pilot-2"
    assert "Second pilot" in client.get("/projects/").get_data(as_text=True)


def test_project_form_refuses_bad_input(app, client, auth, make_project):
    make_project("taken")
    auth.login_as("admin")
    cases = [
        ({"slug": "Bad Slug", "name": "x"}, "Use lower-case letters, digits and hyphens only."),
        ({"slug": "taken", "name": "x"}, "Another project already uses the short name taken."),
        ({"slug": "ok", "name": "x", "start_date": "2022-02-01", "end_date": "2021-01-01"},
         "The end date is before the start date."),
        ({"slug": "ok", "name": ""}, "This field is required."),
        ({"slug": "new", "name": "x"}, "This short name is reserved."),
        ({"slug": "abc\n", "name": "x", "start_date": "x"}, "Not a valid date value."),
    ]
    for data, message in cases:
        response = client.post("/projects/new", data=data)
        assert response.status_code == 200
        assert message in response.get_data(as_text=True)
    assert count(app, Project) == 1


def test_facilitator_adds_and_edits_a_site_with_language_names(app, client, auth, make_project):
    make_project("demo", sites=("ES",))
    auth.login_as("facilitator", sites=[("demo", "ES")])
    assert client.post("/projects/demo/sites/new", data=site_form()).status_code == 302
    page = client.get("/projects/demo?lang=en").get_data(as_text=True)
    assert "Athens, Greece" in page and "Arabic, Persian, and Pashto" in page
    page = client.get("/projects/demo?lang=es").get_data(as_text=True)
    assert "Grecia" in page and "árabe, persa y pastún" in page
    page = client.get("/projects/demo?lang=ar").get_data(as_text=True)
    assert "العربية والفارسية والبشتو" in page  # joined the Arabic way, not with Latin commas

    response = client.post("/projects/demo/sites/GR/edit", data=site_form(city="Thessaloniki"))
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(PilotSite.city).where(PilotSite.code == "GR")) == "Thessaloniki"


def test_a_facilitator_changes_only_their_own_sites_and_reads_the_rest(app, client, auth, make_project):
    make_project("demo", sites=("ES", "CY"))
    make_project("elsewhere", sites=("IT",))
    auth.login_as("facilitator", sites=[("demo", "ES")])
    assert client.get("/projects/demo/sites/ES/edit").status_code == 200
    assert client.post("/projects/demo/sites/CY/edit", data=site_form(code="CY")).status_code == 403
    page = client.get("/projects/demo").get_data(as_text=True)
    assert "/projects/demo/sites/ES/edit" in page and "/projects/demo/sites/CY/edit" not in page
    assert client.get("/projects/elsewhere").status_code == 403
    assert client.post("/projects/elsewhere/sites/new", data=site_form()).status_code == 403
    listed = client.get("/projects/").get_data(as_text=True)
    assert "/projects/demo" in listed and "/projects/elsewhere" not in listed
    with app.app_context():
        assert db.session.scalar(sa.select(PilotSite.city).where(PilotSite.code == "CY")) == "Madrid"


def test_a_facilitator_without_a_site_in_the_project_adds_none(client, auth, make_project):
    make_project("demo", sites=())
    auth.login_as("facilitator", projects=["demo"])
    assert client.get("/projects/demo").status_code == 200
    assert client.post("/projects/demo/sites/new", data=site_form()).status_code == 403


def test_site_form_refuses_bad_input(app, client, auth, make_project):
    make_project("demo", sites=("ES",))
    auth.login_as("admin")
    cases = [
        (site_form(code="greece"), "Use two or three capital letters, such as CY."),
        (site_form(code="ES"), "This project already has a site with the code ES."),
        (site_form(participant_languages="ar, elvish"), "Not a language we know: “elvish”."),
        (site_form(host_languages=""), "Name at least one language."),
        (site_form(country="XX"), "Not a valid choice."),
        (site_form(country="EU"), "Not a valid choice."),
        (site_form(city="x" * 121), "Use at most 120 characters."),
    ]
    for data, message in cases:
        response = client.post("/projects/demo/sites/new", data=data)
        assert response.status_code == 200
        assert message in response.get_data(as_text=True), message
    assert count(app, PilotSite) == 1


def test_researcher_reads_but_does_not_edit(client, auth, make_project):
    make_project("demo")
    make_project("elsewhere")
    auth.login_as("researcher", projects=["demo"])
    assert client.get("/projects/demo").status_code == 200
    assert client.get("/projects/elsewhere").status_code == 403
    assert client.post("/projects/demo/sites/new", data=site_form()).status_code == 403
    assert "New pilot site" not in client.get("/projects/demo").get_data(as_text=True)


def test_unknown_project_or_site_is_404(client, auth, make_project):
    make_project("demo")
    auth.login_as("admin")
    assert client.get("/projects/nope").status_code == 404
    assert client.get("/projects/demo/sites/ZZ/edit").status_code == 404


def test_stray_spaces_and_newlines_are_not_stored(app, client, auth, make_project):
    make_project("demo", sites=())
    auth.login_as("admin")
    assert client.post("/projects/new", data={"slug": " pilot-3\n", "name": "  Third  "}).status_code == 302
    assert client.post("/projects/demo/sites/new", data=site_form(code="GR\n")).status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(Project.slug).where(Project.name == "Third")) == "pilot-3"
        assert db.session.scalar(sa.select(PilotSite.code)) == "GR"


def test_a_nul_character_is_refused_before_it_reaches_the_database(app, client, auth, make_project):
    auth.login_as("admin")
    response = client.post("/projects/new", data={"slug": "nul", "name": "bad\x00name"})
    assert response.status_code == 400
    assert client.get("/projects/?q=a%00b").status_code == 400
    assert count(app, Project) == 0


def test_validation_messages_are_translated_in_arabic(client, auth):
    auth.login_as("admin")
    page = client.post("/projects/new?lang=ar", data={"slug": "ok", "name": "x" * 201}).get_data(as_text=True)
    assert "Use at most" not in page and "Field cannot be longer" not in page
    assert "200" in page
