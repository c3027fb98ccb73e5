"""Exports and results ask the database the same number of questions however many responses there are."""
from .conftest import site_of


def _count_queries(app, work):
    from contextlib import contextmanager

    import sqlalchemy as sa

    from cocreate.extensions import db

    @contextmanager
    def counting():
        statements = []

        def before(_conn, _cursor, statement, *_args):
            statements.append(statement)
        sa.event.listen(db.engine, "before_cursor_execute", before)
        try:
            yield statements
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", before)
    with app.test_request_context():
        db.session.expire_all()
        with counting() as statements:
            work()
        return len(statements)


def test_the_export_query_count_does_not_grow_with_the_responses(app, make_survey):
    import uuid

    from cocreate.extensions import db
    from cocreate.surveys import exports, results, services
    from cocreate.surveys.models import Survey
    from datetime import date

    from cocreate.participants.models import Consent, ConsentScope, Participant, StakeholderGroup
    from cocreate.participants.services import issue_link_code
    survey_id, _code = make_survey(mode="linked")
    site_id = site_of(app, survey_id)

    def add(start, count):  # each response by a participant of their own
        with app.app_context():
            survey = db.session.get(Survey, survey_id)
            for n in range(start, start + count):
                person = Participant(site_id=site_id, code=f"ES-M-{n:03d}", number=n, languages=["en"],
                                     stakeholder_group=StakeholderGroup.MIGRANT)
                db.session.add(person)
                db.session.flush()
                db.session.add(Consent(participant_id=person.id, scope=ConsentScope.TAKE_PART, form_version="v1",
                                       given_on=date(2024, 1, 1)))
                services.submit_response(survey, client_uuid=str(uuid.UUID(int=n)), language="en",
                                         answers={"working": "no", "story": f"text {n}"}, link_code=issue_link_code(person, actor=None))
            db.session.commit()

    def export():
        survey = services.get_survey(survey_id)
        exports.to_csv(*exports.table(survey))
        exports.to_csv(*exports.codebook(survey))

    def summary():
        survey = services.get_survey(survey_id)
        results.summarise(survey, services.definition(survey), "en")
        for attribute in ("site_id", "stakeholder_group", "language"):
            results.breakdown(survey, attribute, str)

    add(1, 6)  # from five responses on, results are shown
    few = _count_queries(app, export), _count_queries(app, summary)
    add(100, 30)
    many = _count_queries(app, export), _count_queries(app, summary)
    assert many == few, (few, many)
