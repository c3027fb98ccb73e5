"""The fairness audit page: the library's audit of the matcher's rankings by one protected attribute, read for
the audit alone; small groups suppressed; a plain reading; each run in the audit log, never its members."""
import json
import re

import pytest
import sqlalchemy as sa
from flask_babel import force_locale

from cocreate.audit.models import AuditEntry
from cocreate.auth.models import User
from cocreate.extensions import db
from cocreate.immerse import services
from cocreate.immerse.matching import AUDIT_DEPTH
from cocreate.immerse.matching_labels import audit_reading
from cocreate.profiles import services as profiles
from cocreate.profiles.models import ProtectedAttributes
from cocreate.projects.services import get_project_by_slug
from immerse_core import fairness
from immerse_core.matching import Matcher
from immerse_core.modules import ATTRIBUTES

from .matching_helpers import PROTECTED_TABLE, Statements, sign_in

AUDIT = "/immerse/matching/projects/miict/fairness"


def group_rows(page):
    body = page[page.index("<tbody>"):page.index("</tbody>")]
    rows = {}
    for row in body.split("<tr>")[1:]:
        name = re.search(r'data-label="Group" dir="auto">([^<]*)<', row).group(1)
        rows[name] = row
    return rows


def library_rankings(app, kind=None):
    """The demo's rankings of candidates (only for opportunities of `kind`) and each person's gender."""
    project = get_project_by_slug("miict")
    matcher = Matcher(services.firewall_policy(project, app.config["SECRET_KEY"].encode()),
                      profiles.records(project.id, ATTRIBUTES),
                      [offer for offer in profiles.opportunities(project.id) if kind in (None, offer["kind"])],
                      services.current(project, "matching").document)
    ranking = matcher.rank_candidates(AUDIT_DEPTH)
    rankings = {int(opportunity): [matcher.candidates[c] for c in ranking.order[row] if c >= 0]
                for row, opportunity in enumerate(matcher.opportunity_ids)}
    genders = {matcher.pseudonym(record["person_id"]): record["gender"]
               for record in profiles.records(project.id, ["person_id", "gender"])}
    return rankings, genders


def library_audit(app, top_n, kind=None):
    """The library's audit of the demo's rankings of candidates (only for opportunities of `kind`), by gender."""
    return fairness.audit(*library_rankings(app, kind), top_n)


@pytest.mark.parametrize("kind", [None])
def test_the_table_shows_the_librarys_audit_of_the_matchers_rankings(seeded, client, kind):
    sign_in(client, "researcher1@miict.example")
    query = {"attribute": "gender", "top": 7, "lang": "en", **({"kind": kind} if kind else {})}
    response = client.get(AUDIT, query_string=query)
    assert response.status_code == 200
    rows = group_rows(response.get_data(as_text=True))
    with seeded.app_context():
        expected = library_audit(seeded, 7, kind)
    shown = [outcome for outcome in expected.groups if not outcome.suppressed]
    assert len(shown) >= 2
    names = {"female": "women", "male": "men", "non-binary": "non-binary people", None: "not recorded"}
    for outcome in shown:
        row = rows[names[outcome.group]]
        assert f">{outcome.selection_rate:.2f}<" in row and f">{outcome.exposure:.3f}<" in row
        assert f">{outcome.impact_ratio:.2f}<" in row


def test_a_group_of_fewer_than_five_is_suppressed_in_the_table_and_the_chart(seeded, client):
    with seeded.app_context():
        three = db.session.scalars(sa.select(ProtectedAttributes).order_by(ProtectedAttributes.profile_id)
                                   .limit(3)).all()
        for row in three:
            row.gender = "agender"
        db.session.commit()
    sign_in(client, "admin@miict.example")
    page = client.get(AUDIT, query_string={"attribute": "gender", "lang": "en"}).get_data(as_text=True)
    row = group_rows(page)["agender"]
    assert ">&lt;5<" in row and "suppressed: fewer than 5 people" in row
    assert not re.search(r"\d\.\d", row)
    chart = page[page.index('data-bokeh-chart="fairness-chart"'):]
    assert "agender" not in chart and "women" in chart


def test_each_run_is_in_the_audit_log_with_who_which_attribute_and_n_never_the_members(seeded, client):
    sign_in(client, "researcher1@miict.example")
    assert client.get(AUDIT, query_string={"attribute": "age_band", "top": 5}).status_code == 200
    with seeded.app_context():
        entries = db.session.scalars(sa.select(AuditEntry).where(
            AuditEntry.action == "immerse.fairness_audited")).all()
        assert len(entries) == 1
        entry = entries[0]
        researcher = db.session.scalar(sa.select(User.id).where(User.email == "researcher1@miict.example"))
        assert entry.actor_id == researcher
        assert json.loads(entry.details) == {"attribute": "age_band", "top_n": 5, "kind": "all"}


@pytest.mark.parametrize("query, message", [
    ({"attribute": "religion"}, "Choose one of the attributes offered for the audit."),
    ({"attribute": "gender", "top": "0"}, "The top N must be a whole number from 1 to 50."),
    ({"attribute": "gender", "top": "51"}, "The top N must be a whole number from 1 to 50."),
    ({"attribute": "gender", "top": "ten"}, "The top N must be a whole number from 1 to 50."),
    ({"attribute": "gender", "kind": "internship"}, "Choose jobs, training or every opportunity."),
])
def test_bad_input_audits_nothing_and_says_why(seeded, client, query, message):
    sign_in(client, "researcher1@miict.example")
    response = client.get(AUDIT, query_string={**query, "lang": "en"})
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert "<tbody>" not in response.get_data(as_text=True)
    with seeded.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "immerse.fairness_audited")) == 0


def test_the_audit_alone_reads_the_protected_table(seeded, client):
    sign_in(client, "researcher1@miict.example")
    with seeded.app_context():
        engine = db.engine
    with Statements(engine) as statements:
        assert client.get(AUDIT, query_string={"attribute": "world_region"}).status_code == 200
    assert len(statements.touching(PROTECTED_TABLE)) == 1


@pytest.mark.parametrize("attribute", ["gender", "age_band", "world_region"])
def test_the_demo_gives_at_least_two_groups_of_five_or_more_for_each_attribute(seeded, client, attribute):
    sign_in(client, "researcher1@miict.example")
    page = client.get(AUDIT, query_string={"attribute": attribute, "lang": "en"}).get_data(as_text=True)
    shown = [row for row in group_rows(page).values() if "suppressed" not in row]
    assert len(shown) >= 2
    assert "of the rate of" in page


def test_the_reading_in_plain_words(app):
    men, women, unknown = ([f"{prefix}{n}" for n in range(10)] for prefix in "mwu")
    rankings = {}
    for number in range(10):
        chosen_women = 4 if number < 6 else 3
        top = men[:5] + women[:chosen_women] + unknown[:10 - 5 - chosen_women]
        rest = [person for person in men + women + unknown if person not in top]
        rankings[number] = top + rest
    groups = {**{person: "male" for person in men}, **{person: "female" for person in women}}
    result = fairness.audit(rankings, groups, top_n=10)
    with app.test_request_context(), force_locale("en"):
        reading = audit_reading(result)
    assert "women are selected at 0.72 of the rate of men: below four fifths." in reading
    with app.test_request_context(), force_locale("es"):
        assert "mujeres: seleccionados a 0.72 de la tasa de hombres: por debajo de cuatro quintos." in \
            audit_reading(result)


def test_no_hidden_group_can_be_worked_back_from_the_people_audited(seeded, client):
    # One person of a group of their own: beside the other groups' sizes, "everyone audited minus the groups
    # shown" would be that one person.
    with seeded.app_context():
        row = db.session.scalars(sa.select(ProtectedAttributes).order_by(ProtectedAttributes.profile_id)).first()
        row.gender = "agender"
        db.session.commit()
        rankings, _genders = library_rankings(seeded)
        audited = len({person for ranking in rankings.values() for person in ranking})
    sign_in(client, "researcher1@miict.example")
    page = client.get(AUDIT, query_string={"attribute": "gender", "lang": "en"}).get_data(as_text=True)
    people = [re.search(r'data-label="People" class="number">([^<]*)<', row).group(1)
              for row in group_rows(page).values()]
    hidden = [cell for cell in people if cell == "&lt;5"]
    shown = sum(int(cell) for cell in people if cell != "&lt;5")
    assert "&lt;5" in group_rows(page)["agender"]
    assert len(hidden) >= 2 and (audited - shown) - (len(hidden) - 1) >= 5
    for row in group_rows(page).values():
        if "&lt;5" in row:
            assert not re.search(r"\d\.\d", row)
    # every ratio shown is to a group shown: the reading names no suppressed group
    hidden_names = [name for name, row in group_rows(page).items() if "&lt;5" in row]
    for sentence in re.findall(r'<p class="reading">([^<]*)</p>', page):
        assert not any(name in sentence for name in hidden_names)


def test_an_audit_of_one_kind_that_would_single_people_out_is_refused(seeded, client):
    # In the demo a few people hold places only in the rankings of training: "every opportunity" minus "jobs"
    # would count them, group by group.
    with seeded.app_context():
        every, _genders = library_rankings(seeded)
        jobs, _genders = library_rankings(seeded, "job")
    left_out = {person for ranking in every.values() for person in ranking} - {
        person for ranking in jobs.values() for person in ranking}
    assert 0 < len(left_out) < 5
    sign_in(client, "researcher1@miict.example")
    whole = client.get(AUDIT, query_string={"attribute": "gender", "lang": "en"})
    assert whole.status_code == 200 and "<tbody>" in whole.get_data(as_text=True)
    response = client.get(AUDIT, query_string={"attribute": "gender", "kind": "job", "lang": "en"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "would single out fewer than 5 people" in page
    assert "<tbody>" not in page and "of the rate of" not in page
    with seeded.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "immerse.fairness_audited")) == 1
