"""A project's IMMERSE configurations in the browser: each save a new version, refusals in the reader's
language, a diff between versions, roll back, item pages, and an announcement of every item a version changes."""
import sqlalchemy as sa

from cocreate.audit.models import AuditEntry
from cocreate.extensions import db
from cocreate.history.models import Change
from cocreate.immerse import services
from cocreate.immerse.models import ModuleConfiguration
from cocreate.projects.services import get_project_by_slug
from cocreate.signals import configuration_item_changed

from ..conftest import TEST_PASSWORD

RESEARCHER, FACILITATOR = "researcher1@miict.example", "facilitator.es1@miict.example"
MATCHING = "/immerse/projects/miict/matching"


def _matching_form(app, **changes):
    """The matching form as it stands, with `changes` ({setting name: value}); booleans left out are off."""
    from cocreate.immerse.forms import field_name
    from immerse_core.modules import MODULES

    with app.app_context():
        document = services.current(get_project_by_slug("miict"), "matching").document
    data = {"note": "After the Madrid focus group"}
    for setting in MODULES["matching"].settings:
        value = changes.get(setting.name, document[setting.name])
        if setting.kind == "boolean":
            if value:
                data[field_name(setting)] = "y"
        else:
            data[field_name(setting)] = str(value)
    return data


def _versions(app, module="matching"):
    with app.app_context():
        return db.session.scalars(sa.select(ModuleConfiguration.version).where(
            ModuleConfiguration.module == module).order_by(ModuleConfiguration.version)).all()


def test_a_change_is_kept_as_a_new_version_and_announced(seeded, client, auth):
    announced = []

    def record(key, *, project, actor):
        announced.append(key)

    assert auth.login(RESEARCHER, TEST_PASSWORD).status_code == 302
    configuration_item_changed.connect(record)
    try:
        response = client.post(MATCHING, data=_matching_form(seeded, **{"weight/optional_skill": 1.5}))
    finally:
        configuration_item_changed.disconnect(record)
    assert response.status_code == 302
    assert _versions(seeded) == [1, 2]  # the demo's version, then this one
    assert announced == ["matching/weight/optional_skill"]
    html = client.get(MATCHING).get_data(as_text=True)
    assert "Version 2 is in force." in html and "After the Madrid focus group" in html
    with seeded.app_context():
        change = db.session.scalar(sa.select(Change).where(Change.action == "immerse.configuration_changed")
                                   .order_by(Change.id.desc()).limit(1))
        assert change.details["items"] == ["matching/weight/optional_skill"]
        assert db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "immerse.configuration_changed"))


def test_saving_what_is_in_force_makes_no_version(seeded, client, auth):
    assert auth.login(RESEARCHER, TEST_PASSWORD).status_code == 302
    response = client.post(MATCHING, data=_matching_form(seeded), follow_redirects=True)
    assert "Nothing changed" in response.get_data(as_text=True)
    assert _versions(seeded) == [1]


def test_a_value_out_of_range_is_refused_in_the_readers_language(seeded, client, auth):
    assert auth.login(RESEARCHER, TEST_PASSWORD).status_code == 302
    client.get("/?lang=es")
    response = client.post(MATCHING, data=_matching_form(seeded, **{"weight/pending_recognition": 1.5}))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "escriba un número de 0 a 1" in html.lower()
    assert _versions(seeded) == [1]


def test_facilitators_read_but_do_not_change(seeded, client, auth):
    assert auth.login(FACILITATOR, TEST_PASSWORD).status_code == 302
    html = client.get(MATCHING).get_data(as_text=True)
    assert "matching/weight/optional_skill" in html and "Save as a new version" not in html
    assert client.post(MATCHING, data=_matching_form(seeded, **{"weight/region": 2})).status_code == 403
    assert _versions(seeded) == [1]


def test_firewall_rules_are_added_refused_and_removed(seeded, client, auth):
    assert auth.login(RESEARCHER, TEST_PASSWORD).status_code == 302
    rule = {"authority": "education-service", "purpose": "education-enrolment", "attribute": "gender",
            "action": "allow", "generaliser": "", "requirements": "REQ-002", "note": ""}
    response = client.post("/immerse/projects/miict/firewall/rules", data=rule, follow_redirects=True)
    assert "a special-category attribute is only ever generalised or never released" in \
        response.get_data(as_text=True)
    assert _versions(seeded, "firewall") == [1]
    response = client.post("/immerse/projects/miict/firewall/rules",
                           data={**rule, "attribute": "region", "requirements": ""}, follow_redirects=True)
    assert "Version 2 is now in force." in response.get_data(as_text=True)
    key = "firewall/education-service/education-enrolment/region"
    assert key in response.get_data(as_text=True)
    response = client.post(f"/immerse/projects/miict/firewall/rules/{key}/delete", data={"note": "Not needed"},
                           follow_redirects=True)
    assert "Version 3 is now in force." in response.get_data(as_text=True)
    with seeded.app_context():
        assert key not in services.items_of(get_project_by_slug("miict"))


def test_diff_roll_back_and_the_item_page(seeded, client, auth):
    assert auth.login(RESEARCHER, TEST_PASSWORD).status_code == 302
    client.post(MATCHING, data=_matching_form(seeded, **{"weight/optional_skill": 1.5}))
    client.post(MATCHING, data=_matching_form(seeded, **{"weight/optional_skill": 2.5, "weight/region": 0}))
    html = client.get(f"{MATCHING}/diff?from=2&to=3").get_data(as_text=True)
    assert "2 items changed" in html and "matching/weight/region" in html
    assert client.get(f"{MATCHING}/diff?from=1&to=9").status_code == 404
    response = client.post(f"{MATCHING}/versions/2/restore", data={}, follow_redirects=True)
    assert "Version 4 is now in force." in response.get_data(as_text=True)
    assert "Rolled back to version 2." in response.get_data(as_text=True)
    with seeded.app_context():
        current = services.current(get_project_by_slug("miict"), "matching")
        assert current.version == 4 and current.document["weight/optional_skill"] == 1.5
    html = client.get("/immerse/projects/miict/items/matching/weight/optional_skill").get_data(as_text=True)
    assert html.count("Version ") >= 3 and "After the Madrid focus group" in html
    assert client.get("/immerse/projects/miict/items/matching/weight/nothing").status_code == 404
    assert client.post(f"{MATCHING}/versions/7/restore", data={}).status_code == 404


def test_every_page_in_arabic_is_right_to_left_and_translated(seeded, client, auth):
    assert auth.login(RESEARCHER, TEST_PASSWORD).status_code == 302
    client.get("/?lang=ar")
    for url in ("/immerse/", "/immerse/projects/miict", MATCHING, "/immerse/projects/miict/firewall",
                "/immerse/projects/miict/service_profile"):
        html = client.get(url).get_data(as_text=True)
        assert 'dir="rtl"' in html, url
        assert "Version" not in html and "Configuration items" not in html, url


def test_a_new_version_makes_the_links_of_requirements_to_its_changed_items_suspect(seeded, client, auth):
    from cocreate.requirements.models import ItemLink, Requirement

    with seeded.app_context():
        links = db.session.scalars(sa.select(ItemLink).join(Requirement).where(
            ItemLink.key == "matching/weight/optional_skill")).all()
        assert links and not any(link.suspect for link in links)
        other = db.session.scalars(sa.select(ItemLink).where(ItemLink.key != "matching/weight/optional_skill",
                                                             ItemLink.suspect.is_(False))).all()
    assert auth.login(RESEARCHER, TEST_PASSWORD).status_code == 302
    client.post(MATCHING, data=_matching_form(seeded, **{"weight/optional_skill": 1.5}))
    with seeded.app_context():
        assert all(db.session.get(ItemLink, (link.requirement_id, link.key)).suspect for link in links)
        assert not any(db.session.get(ItemLink, (link.requirement_id, link.key)).suspect for link in other)
