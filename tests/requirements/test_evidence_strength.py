"""Evidence strength: live items, distinct pilot sites and stakeholder groups, for many requirements at once."""
from datetime import date

import sqlalchemy as sa

from cocreate.evidence.registry import Ref
from cocreate.extensions import db
from cocreate.projects.services import get_project_by_slug
from cocreate.requirements import services
from cocreate.requirements.models import Requirement
from cocreate.requirements.services import Strength


def test_strength_counts_items_sites_and_groups_of_live_evidence_in_two_queries(trace_world, app):
    from cocreate.participants.services import get_participant_by_code, withdraw_consent

    with app.test_request_context():
        first = db.session.get(Requirement, trace_world["requirement"])
        second = services.create_requirement(get_project_by_slug("demo"), actor=None, title="Interpreters",
                                             statement="An interpreter is offered.", type="language",
                                             priority="should")
        empty = services.create_requirement(get_project_by_slug("demo"), actor=None, title="Nothing yet",
                                            statement="No evidence.", type="data", priority="could")
        for name in ("quote_es", "note_es", "quote_it", "quote_cy"):
            services.link_evidence(first, Ref(name.split("_")[0], trace_world[name]), justification="x", actor=None)
        services.link_evidence(second, Ref("quote", trace_world["quote_es"]), justification="x", actor=None)
        services.link_evidence(second, Ref("quote", trace_world["quote_it"]), justification="x", actor=None)
        person = get_participant_by_code(trace_world["withdrawn_speaker"])  # the ES quote's speaker
        withdraw_consent(next(c for c in person.consents if c.scope.value == "quotes"), actor=None)
        db.session.flush()

        statements = []

        def count(_connection, _cursor, statement, *_args):
            statements.append(statement)
        sa.event.listen(db.engine, "before_cursor_execute", count)
        try:
            found = services.strength([first, second, empty])
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", count)
        assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) <= 2
        # first: the ES note (no group), the IT quote (ngo), the CY quote (migrant); the ES quote is withdrawn
        assert found[first.id] == Strength(items=3, sites=3, groups=2)
        assert found[second.id] == Strength(items=1, sites=1, groups=1)
        assert found[empty.id] == Strength(0, 0, 0)
        db.session.rollback()


def test_tombstones_do_not_count(trace_world, app):
    with app.test_request_context():
        requirement = db.session.get(Requirement, trace_world["requirement"])
        link = services.link_evidence(requirement, Ref("quote", trace_world["quote_cy"]), justification="x",
                                      actor=None)
        assert services.strength([requirement])[requirement.id].items == 1
        link.removed_on = date.today()
        db.session.flush()
        assert services.strength([requirement])[requirement.id] == Strength(0, 0, 0)
        db.session.rollback()


def test_the_register_and_the_requirement_page_show_the_strength(trace_world, app, client, auth):
    with app.test_request_context():
        requirement = db.session.get(Requirement, trace_world["requirement"])
        for name in ("quote_it", "quote_cy"):
            services.link_evidence(requirement, Ref("quote", trace_world[name]), justification="x", actor=None)
        db.session.commit()
    auth.login_as("researcher")
    expected = "2 items · 2 pilot sites · 2 stakeholder groups"
    assert expected in client.get("/requirements/projects/demo").get_data(as_text=True)
    assert expected in client.get(f"/requirements/{trace_world['requirement']}").get_data(as_text=True)
