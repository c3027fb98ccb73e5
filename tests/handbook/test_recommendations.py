"""The policy brief's recommendations: written per pilot country by administrators and researchers, read by
facilitators of that country's sites only, kept in order, validated, and recorded in the history."""
import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.history.models import Change
from cocreate.requirements.models import Recommendation

RESEARCHER, ADMIN = "researcher1@miict.example", "admin@miict.example"
FACILITATOR_ES, FACILITATOR_IT = "facilitator.es1@miict.example", "facilitator.it1@miict.example"
OFFICER = "officer.employment@miict.example"


def texts(app, country):
    with app.app_context():
        return db.session.scalars(sa.select(Recommendation.text).where(Recommendation.country == country)
                                  .order_by(Recommendation.position)).all()


def ids(app, country):
    with app.app_context():
        return db.session.scalars(sa.select(Recommendation.id).where(Recommendation.country == country)
                                  .order_by(Recommendation.position)).all()


def theme_and_requirement(app, theme="Childcare", number=4):
    from cocreate.evidence.models import Code
    from cocreate.requirements.models import Requirement

    with app.app_context():
        return (db.session.scalar(sa.select(Code.id).where(Code.name == theme)),
                db.session.scalar(sa.select(Requirement.id).where(Requirement.number == number)))


def test_the_demo_has_recommendations_for_each_pilot_country(seeded, client, auth):
    auth.login(RESEARCHER)
    page = client.get("/requirements/projects/miict/brief").get_data(as_text=True)
    for country in ("Spain", "Italy", "Cyprus"):
        assert country in page
    page = client.get("/requirements/projects/miict/brief/ES").get_data(as_text=True)
    assert "Reconocer la experiencia laboral informal" in page and 'lang="es"' in page
    assert "Barriers found" in page and "Informal skills" in page


def test_a_researcher_adds_a_recommendation_at_the_end_attached_to_a_theme_and_a_requirement(seeded, client, auth):
    theme, requirement = theme_and_requirement(seeded)
    before = texts(seeded, "IT")
    auth.login(RESEARCHER)
    response = client.post("/requirements/projects/miict/brief/IT/new", data={
        "text": "Open a women-only evening session with childcare.", "language": "en",
        "themes": [str(theme)], "requirements": [str(requirement)]})
    assert response.status_code == 302
    assert texts(seeded, "IT") == [*before, "Open a women-only evening session with childcare."]
    with seeded.app_context():
        added = db.session.scalar(sa.select(Recommendation).where(Recommendation.text.startswith("Open a women")))
        assert [c.name for c in added.themes] == ["Childcare"] and [r.number for r in added.requirements] == [4]
        change = db.session.scalar(sa.select(Change).where(Change.action == "requirements.recommendation_added"))
        assert change.actor_name and change.object_id == added.id and change.details["country"] == "IT"
    page = client.get("/changes/miict").get_data(as_text=True)
    assert "added a recommendation to a policy brief" in page


def test_an_empty_text_or_a_theme_of_another_project_is_refused_and_nothing_is_written(seeded, client, auth):
    from cocreate.evidence.services import save_code
    from cocreate.projects.services import save_project

    with seeded.app_context():
        elsewhere = save_project(None, slug="elsewhere", name="Another project", actor=None)
        foreign = save_code(elsewhere, None, name="Maps", actor=None).id
        db.session.commit()
    before = texts(seeded, "ES")
    auth.login(RESEARCHER)
    response = client.post("/requirements/projects/miict/brief/ES/new", data={"text": "  ", "language": "en"})
    assert response.status_code == 400 and "This field is required." in response.get_data(as_text=True)
    response = client.post("/requirements/projects/miict/brief/ES/new",
                           data={"text": "Something", "language": "en", "themes": [str(foreign)]})
    assert response.status_code == 400
    response = client.post("/requirements/projects/miict/brief/ES/new",
                           data={"text": "Something", "language": "de"})
    assert response.status_code == 400
    assert texts(seeded, "ES") == before
    assert client.get("/requirements/projects/miict/brief/GR/new").status_code == 404  # no site in Greece


def test_a_recommendation_of_another_project_s_theme_is_refused_by_the_service(seeded):
    from cocreate.evidence.services import save_code
    from cocreate.projects.services import get_project_by_slug, save_project
    from cocreate.requirements import recommendations

    with seeded.app_context():
        foreign = save_code(save_project(None, slug="other", name="Other", actor=None), None, name="X",
                            actor=None)
        project = get_project_by_slug("miict")
        try:
            recommendations.save_recommendation(project, country="ES", text="T", language="en",
                                                theme_ids=[foreign.id], actor=None)
        except recommendations.RecommendationError as refused:
            assert "only themes and requirements of this project" in str(refused)
        else:
            raise AssertionError("a theme of another project was attached")


def test_editing_changes_the_text_and_its_attachments(seeded, client, auth):
    first = ids(seeded, "CY")[0]
    theme, requirement = theme_and_requirement(seeded, "Waiting times", 6)
    auth.login(ADMIN)
    page = client.get(f"/requirements/recommendations/{first}/edit").get_data(as_text=True)
    assert "Release to each authority only what its purpose needs" in page
    response = client.post(f"/requirements/recommendations/{first}/edit", data={
        "text": "Release only what each purpose needs.", "language": "en", "themes": [str(theme)],
        "requirements": [str(requirement)]})
    assert response.status_code == 302
    with seeded.app_context():
        changed = db.session.get(Recommendation, first)
        assert changed.text == "Release only what each purpose needs." and changed.position == 0
        assert [c.name for c in changed.themes] == ["Waiting times"]
        assert db.session.scalar(sa.select(Change.action).where(Change.object_id == first,
                                                                Change.object_type == "recommendations")) \
            == "requirements.recommendation_changed"


def test_moving_and_deleting_keep_the_order(seeded, client, auth):
    first, second, third = ids(seeded, "ES")
    auth.login(RESEARCHER)
    assert client.post(f"/requirements/recommendations/{third}/move", data={"direction": "up"}).status_code == 302
    assert ids(seeded, "ES") == [first, third, second]
    client.post(f"/requirements/recommendations/{first}/move", data={"direction": "up"})  # already first
    assert ids(seeded, "ES") == [first, third, second]
    page = client.get("/requirements/projects/miict/brief/ES").get_data(as_text=True)
    assert page.index(f'id="recommendation-{third}"') < page.index(f'id="recommendation-{second}"')
    assert client.post(f"/requirements/recommendations/{first}/delete").status_code == 302
    assert ids(seeded, "ES") == [third, second]
    with seeded.app_context():
        assert [r.position for r in db.session.scalars(sa.select(Recommendation).where(
            Recommendation.country == "ES").order_by(Recommendation.position))] == [0, 1]
        actions = set(db.session.scalars(sa.select(Change.action).where(Change.object_type == "recommendations")))
        assert {"requirements.recommendation_moved", "requirements.recommendation_deleted"} <= actions


def test_facilitators_read_only_their_own_countries_and_write_nothing(seeded, client, auth):
    spanish = ids(seeded, "ES")[0]
    auth.login(FACILITATOR_ES)
    assert client.get("/requirements/projects/miict/brief/ES").status_code == 200
    assert client.get("/requirements/projects/miict/brief/IT").status_code == 403
    index = client.get("/requirements/projects/miict/brief").get_data(as_text=True)
    assert "Spain" in index and "Italy" not in index and "Cyprus" not in index
    page = client.get("/requirements/projects/miict/brief/ES").get_data(as_text=True)
    assert "/edit" not in page and "New recommendation" not in page
    assert client.post(f"/requirements/recommendations/{spanish}/delete").status_code == 403
    assert client.post("/requirements/projects/miict/brief/ES/new",
                       data={"text": "X", "language": "en"}).status_code == 403
    auth.logout()
    auth.login(OFFICER)
    assert client.get("/requirements/projects/miict/brief/ES").status_code == 403
    assert client.get("/requirements/projects/miict/brief").status_code == 403
