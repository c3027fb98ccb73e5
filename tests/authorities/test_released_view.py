"""What officers and authorities' systems see: the project's profiles through the firewall configuration in force,
for one declared purpose, paged and searchable by pseudonym; protected attributes read only when released; on a
policy error nothing but the reason."""
import re

import pytest
import sqlalchemy as sa

from cocreate.extensions import db

from .conftest import bearer

RECORDS = "/api/v1/authority/records"
# What the demo's firewall lets out for the purposes below never more than these
YOUTH = {"person_id", "skills", "date_of_birth"}
HEALTH = {"person_id", "preferred_language", "interpreter_needed"}
PSEUDONYM = re.compile(r"^[0-9a-f]{16}$")


def let_out(app, authority, purpose):
    """The attributes the demo's firewall rules in force release in some form to `authority` for `purpose`, read
    from the rules themselves (a rule for any purpose counts, a rule naming the purpose overrides it)."""
    from cocreate.immerse.services import current
    from cocreate.projects.services import get_project_by_slug

    with app.app_context():
        rules = current(get_project_by_slug("miict"), "firewall").document["rules"]
    chosen = {}
    for rule in sorted(rules, key=lambda rule: rule["purpose"] != "*"):  # the purpose's own rules last: they win
        if rule["authority"] == authority and rule["purpose"] in (purpose, "*") and \
                (not rule["only_for"] or purpose in rule["only_for"]):
            chosen[rule["attribute"]] = rule["action"]
    released = {attribute for attribute, action in chosen.items() if action != "drop"}
    assert {"person_id", "skills"} <= released
    return released


@pytest.fixture
def statements(seeded):
    """Every SQL statement the app's engine runs while the test goes on."""
    seen = []

    def remember(_connection, _cursor, statement, *_args):
        seen.append(statement)

    with seeded.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", remember)
    yield seen
    sa.event.remove(engine, "before_cursor_execute", remember)


def profile_count(app):
    from cocreate.profiles.services import count
    from cocreate.projects.services import get_project_by_slug

    with app.app_context():
        return count(get_project_by_slug("miict").id)


def test_the_api_gives_only_what_the_policy_allows_for_the_purpose(seeded, client, make_token, statements):
    _id, secret = make_token(purposes=("job-matching",))
    job_matching = let_out(seeded, "employment-office", "job-matching")
    response = client.get(RECORDS, query_string={"purpose": "job-matching", "per_page": 100}, headers=bearer(secret))
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert (body["authority"], body["purpose"], body["page"], body["per_page"]) == \
        ("employment-office", "job-matching", 1, 100)
    assert body["total"] == profile_count(seeded) > 100 and len(body["records"]) == 100
    assert all(set(record) == job_matching for record in body["records"])
    assert not job_matching & {"gender", "date_of_birth", "ethnicity", "nationality", "religion", "health"}
    assert all(PSEUDONYM.match(record["person_id"]) for record in body["records"])
    assert not any("profile_protected_attributes" in statement for statement in statements)


def test_protected_attributes_are_read_only_for_a_purpose_that_releases_one(seeded, client, make_token,
                                                                           statements):
    _id, secret = make_token(purposes=("youth-employment",))
    body = client.get(RECORDS, query_string={"purpose": "youth-employment"}, headers=bearer(secret)).get_json()
    assert all(set(record) <= YOUTH for record in body["records"])
    bands = {record["date_of_birth"] for record in body["records"]} - {None}
    assert bands and all(re.match(r"^\d+(–\d+|\+)$|^under", band) for band in bands), bands
    assert any("profile_protected_attributes" in statement for statement in statements)
    for statement in statements:  # only the date of birth is read among the protected attributes
        if "profile_protected_attributes" in statement:
            for other in ("gender", "ethnicity", "religion", "health", "nationality"):
                assert f"profile_protected_attributes.{other}" not in statement


def test_pseudonyms_differ_between_authorities_for_the_same_person(seeded, client, make_token):
    _id, employment = make_token(purposes=("job-matching",))
    _id, health = make_token(authority="health-service", purposes=("healthcare-access",))
    query = {"per_page": 20}
    seen_by_employment = client.get(RECORDS, query_string={**query, "purpose": "job-matching"},
                                    headers=bearer(employment)).get_json()["records"]
    seen_by_health = client.get(RECORDS, query_string={**query, "purpose": "healthcare-access"},
                                headers=bearer(health)).get_json()["records"]
    assert all(set(record) <= HEALTH for record in seen_by_health)
    for first, second in zip(seen_by_employment, seen_by_health):  # the same profiles, in the same order
        assert first["person_id"] != second["person_id"]


def test_pages_follow_one_another_without_overlap(seeded, client, make_token):
    _id, secret = make_token()
    total = profile_count(seeded)

    def page(number):
        return client.get(RECORDS, query_string={"purpose": "job-matching", "per_page": 40, "page": number},
                          headers=bearer(secret)).get_json()

    first, second = page(1), page(2)
    assert len(first["records"]) == len(second["records"]) == 40
    assert not {r["person_id"] for r in first["records"]} & {r["person_id"] for r in second["records"]}
    last = page(-(-total // 40))
    assert len(last["records"]) == total - 40 * (-(-total // 40) - 1)
    beyond = page(-(-total // 40) + 1)
    assert beyond["records"] == [] and beyond["total"] == total


def test_every_api_answer_is_logged_with_its_token(seeded, client, make_token):
    from cocreate.authorities.models import Release

    token_id, secret = make_token()
    client.get(RECORDS, query_string={"purpose": "job-matching", "per_page": 7}, headers=bearer(secret))
    client.get(RECORDS, query_string={"purpose": "youth-employment"}, headers=bearer(secret))  # 403: no release
    with seeded.app_context():
        releases = db.session.scalars(sa.select(Release)).all()
        assert [(r.channel, r.purpose, r.records, r.attributes, r.token_id, r.user_id) for r in releases] == \
            [("api", "job-matching", 7, sorted(let_out(seeded, "employment-office", "job-matching")), token_id, None)]


def test_an_officer_reads_the_released_view_and_the_release_is_logged(seeded, client, auth):
    from cocreate.auth.services import find_user
    from cocreate.authorities.models import Release
    from cocreate.profiles.labels import field_label

    auth.login("officer.employment@miict.example")
    response = client.get("/authorities/officer", query_string={"purpose": "job-matching", "per_page": 5})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    rows = re.findall(r"<tr>(.*?)</tr>", page.split("<tbody>")[1], re.DOTALL)
    assert len(rows) == 5
    headers = re.findall(r'<th scope="col">(.*?)</th>', page)
    with seeded.test_request_context():
        assert headers == [field_label(name) for name in sorted(let_out(seeded, "employment-office",
                                                                           "job-matching"))]
    for hidden in ("Gender", "Date of birth", "Ethnicity", "Contact preferences"):
        assert hidden not in headers
    with seeded.app_context():
        release = db.session.scalars(sa.select(Release)).one()
        assert (release.channel, release.purpose, release.records, release.user_id) == \
            ("ui", "job-matching", 5, find_user("officer.employment@miict.example").id)


def test_an_officer_finds_a_person_by_the_start_of_their_pseudonym(seeded, client, auth, make_token):
    _id, secret = make_token()
    wanted = client.get(RECORDS, query_string={"purpose": "job-matching", "page": 3},
                        headers=bearer(secret)).get_json()["records"][0]["person_id"]
    auth.login("officer.employment@miict.example")
    page = client.get("/authorities/officer", query_string={"purpose": "job-matching", "q": wanted[:8]})
    text = page.get_data(as_text=True)
    assert wanted in text
    assert len(re.findall(r"<tr>", text.split("<tbody>")[1])) < 5
    nothing = client.get("/authorities/officer", query_string={"purpose": "job-matching", "q": "zzzz"})
    assert "No record matches." in nothing.get_data(as_text=True)


def test_page_sizes_in_the_address_are_bounded(seeded, client, auth):
    auth.login("officer.employment@miict.example")
    page = client.get("/authorities/officer", query_string={"purpose": "job-matching", "per_page": 100000})
    assert len(re.findall(r"<tr>", page.get_data(as_text=True).split("<tbody>")[1])) == 100


def test_the_view_follows_the_firewall_configuration_in_force(seeded, client, make_token):
    from cocreate.immerse import services as immerse
    from cocreate.projects.services import get_project_by_slug

    _id, secret = make_token()
    before = let_out(seeded, "employment-office", "job-matching")
    assert "contact_preferences" not in before
    with seeded.app_context():
        project = get_project_by_slug("miict")
        document = immerse.current(project, "firewall").document
        rule = {"authority": "employment-office", "purpose": "job-matching", "attribute": "contact_preferences",
                "action": "allow", "requirements": []}
        immerse.save(project, "firewall", {"rules": [*document["rules"], rule]}, actor=None)
        db.session.commit()
    records = client.get(RECORDS, query_string={"purpose": "job-matching"}, headers=bearer(secret)).get_json()
    assert all(set(record) == before | {"contact_preferences"} for record in records["records"])


def test_on_a_policy_error_nothing_is_shown_but_the_reason(seeded, client, auth, make_token, monkeypatch):
    from cocreate import configuration_items
    from cocreate.authorities.models import Release
    from immerse_core.firewall import Policy, Rule
    from immerse_core.modules import ATTRIBUTES

    _id, secret = make_token()
    broken = [Rule("employment-office", "job-matching", "shoe_size", "allow")]
    monkeypatch.setattr(configuration_items, "policy_of",
                        lambda project: Policy(broken, secret=b"key", attributes=ATTRIBUTES))
    response = client.get(RECORDS, query_string={"purpose": "job-matching"}, headers=bearer(secret))
    assert response.status_code == 409
    assert set(response.get_json()) == {"error"} and "shoe_size" in response.get_json()["error"]
    auth.login("officer.employment@miict.example")
    page = client.get("/authorities/officer", query_string={"purpose": "job-matching"}).get_data(as_text=True)
    assert "The firewall cannot be applied, so nothing is shown" in page and "shoe_size" in page
    assert "<tbody>" not in page
    with seeded.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Release)) == 0


def test_skills_read_by_their_esco_labels_in_the_readers_language(seeded, client, auth):
    auth.login("officer.employment@miict.example")
    page = client.get("/authorities/officer", query_string={"purpose": "job-matching", "per_page": 3})
    text = page.get_data(as_text=True)
    body = text.split("<tbody>")[1]
    assert 'title="http://data.europa.eu/esco/skill/' in body  # a label, the URI kept as its title
    assert "<code>http://data.europa.eu/esco/skill/" not in body


def test_an_officer_sees_a_person_as_the_firewall_preview_shows_them(seeded, client, make_token):
    from cocreate.immerse.services import firewall_policy
    from cocreate.profiles.services import records
    from cocreate.projects.services import get_project_by_slug

    _id, secret = make_token(purposes=("youth-employment",))
    seen = client.get(RECORDS, query_string={"purpose": "youth-employment", "per_page": 3},
                      headers=bearer(secret)).get_json()["records"]
    with seeded.app_context():
        project = get_project_by_slug("miict")
        policy = firewall_policy(project, seeded.config["SECRET_KEY"].encode())
        stored = records(project.id, ["person_id", "skills", "date_of_birth"], limit=3)
        assert policy.release_many(stored, "employment-office", "youth-employment") == seen
