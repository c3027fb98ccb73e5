"""`services.records`: stored profile records holding exactly the attributes asked for, the protected table read
only when a protected attribute is asked for, and ten thousand records in one query."""
from datetime import date

import pytest
import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.profiles import services
from cocreate.profiles.models import Profile, ProtectedAttributes
from cocreate.projects.models import PilotSite, Project
from immerse_core.modules import ATTRIBUTES

from .conftest import OCCUPATION, OTHER_SKILL, SKILL, full_profile


class Statements:
    """The SQL statements the database is sent while counting."""

    def __init__(self, engine):
        self.engine, self.sent = engine, []

    def _listen(self, _conn, _cursor, statement, *_args):
        self.sent.append(statement)

    def __enter__(self):
        sa.event.listen(self.engine, "before_cursor_execute", self._listen)
        return self

    def __exit__(self, *exc):
        sa.event.remove(self.engine, "before_cursor_execute", self._listen)

    def touching(self, table):
        return [statement for statement in self.sent if table in statement]


def _add(project_id, count=1, **changes):
    project = db.session.get(Project, project_id)
    site = db.session.scalars(sa.select(PilotSite).where(PilotSite.project_id == project_id)).first()
    ids = [services.add_profile(project, full_profile(**changes), site=site, actor=None).id for _ in range(count)]
    db.session.commit()
    return ids


def test_a_record_holds_exactly_the_attributes_asked_for(app, project):
    with app.app_context():
        [person] = _add(project)
        [record] = services.records(project, ["skills", "region", "work_permit"])
        assert record == {"skills": sorted([SKILL, OTHER_SKILL]),
                          "region": "Comunidad de Madrid", "work_permit": "granted"}
        [record] = services.records(project, ATTRIBUTES)
        assert set(record) == set(ATTRIBUTES)
        assert record["person_id"] == person
        assert record["availability"] == ["evenings", "part_time"]
        assert record["languages"] == [{"language": "ar", "level": "C2"}, {"language": "es", "level": "A2"}]
        assert record["qualifications"] == [{"title": "Diploma in catering", "eqf": 4, "recognition": "pending"}]
        assert record["work_experience"] == [{"occupation": OCCUPATION, "years": 3.5}]
        assert record["interpreter_needed"] is True
        assert record["date_of_birth"] == date(1990, 5, 17)
        assert record["nationality"] == "MA" and record["health"] == "reduced mobility"


def test_records_are_ordered_by_id_and_paged(app, project):
    with app.app_context():
        ids = _add(project, 5)
        assert [r["person_id"] for r in services.records(project, ["person_id"])] == ids
        assert [r["person_id"] for r in services.records(project, ["person_id"], offset=1, limit=2)] == ids[1:3]
        assert [r["person_id"] for r in services.records(project, ["person_id"], ids=[ids[3], ids[0]])] == \
            [ids[0], ids[3]]
        assert services.count(project) == 5


def test_records_of_another_project_are_not_returned(app, project, make_project):
    with app.app_context():
        _add(project, 2)
        from cocreate.projects.services import get_project_by_slug
    other = make_project("other", sites=())
    with app.app_context():
        other_id = get_project_by_slug(other).id
        assert services.records(other_id, ["person_id"]) == []
        assert services.records(other_id, ["person_id"], ids=[1, 2]) == []
        assert services.count(other_id) == 0


def test_an_unknown_attribute_is_refused(app, project):
    with app.app_context(), pytest.raises(ValueError, match="address"):
        services.records(project, ["skills", "address"])


def test_a_profile_without_protected_attributes_reads_them_as_none(app, project):
    with app.app_context():
        _add(project, gender=None, date_of_birth=None, nationality=None, ethnicity=None, religion=None, health=None)
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ProtectedAttributes)) == 0
        [record] = services.records(project, ["person_id", "gender", "date_of_birth"])
        assert record["gender"] is None and record["date_of_birth"] is None


def test_the_protected_table_is_read_only_when_a_protected_attribute_is_asked_for(app, project):
    with app.app_context():
        _add(project, 3)
        plain = [name for name in ATTRIBUTES if name not in services.PROTECTED]
        with Statements(db.engine) as statements:
            records = services.records(project, plain)
        assert len(records) == 3 and not any(services.PROTECTED & set(record) for record in records)
        assert statements.touching("profile_protected_attributes") == []
        with Statements(db.engine) as statements:
            records = services.records(project, ["skills", "gender"])
        assert len(statements.touching("profile_protected_attributes")) == 1
        assert [record["gender"] for record in records] == ["female"] * 3


def test_protected_is_the_six_special_categories_of_the_record():
    assert services.PROTECTED == {"gender", "date_of_birth", "nationality", "ethnicity", "religion", "health"}
    assert services.PROTECTED < set(ATTRIBUTES)


def test_ten_thousand_records_take_one_query(app, project):
    with app.app_context():
        rows = [{"project_id": project, "skills": [SKILL], "languages": [{"language": "es", "level": "B1"}],
                 "qualifications": [], "work_experience": [], "availability": ["full_time"],
                 "contact_preferences": ["sms"], "interpreter_needed": False, "unknown_uris": [],
                 "region": "Lazio"} for _ in range(10_000)]
        db.session.execute(sa.insert(Profile), rows)
        ids = db.session.scalars(sa.select(Profile.id).order_by(Profile.id)).all()
        db.session.execute(sa.insert(ProtectedAttributes), [{"profile_id": i, "gender": "male"} for i in ids])
        db.session.commit()
        with Statements(db.engine) as statements:
            records = services.records(project, ATTRIBUTES)
        assert len(records) == 10_000 and len(statements.sent) == 1
        assert records[-1]["gender"] == "male" and records[-1]["person_id"] == ids[-1]
        with Statements(db.engine) as statements:
            chosen = services.records(project, ["person_id", "skills"], ids=ids[::2])
        assert len(chosen) == 5_000 and len(statements.sent) <= 5


def test_opportunities_are_plain_dicts_ordered_by_id(app, project):
    with app.app_context():
        project_row = db.session.get(Project, project)
        first = services.add_opportunity(project_row, {
            "kind": "job", "title": "Kitchen porter", "provider": "Hostelería Castellana", "occupation": OCCUPATION,
            "essential_skills": [SKILL], "optional_skills": [SKILL], "languages": [{"language": "es", "level": "a2"}],
            "min_eqf": "2", "region": "Comunidad de Madrid", "schedule": "full_time"}, actor=None)
        second = services.add_opportunity(project_row, {"kind": "training", "title": "Food hygiene course",
                                                        "essential_skills": [SKILL]}, actor=None)
        db.session.commit()
        assert services.opportunities(project) == [
            {"id": first.id, "kind": "job", "title": "Kitchen porter", "provider": "Hostelería Castellana",
             "occupation": OCCUPATION, "essential_skills": [SKILL], "optional_skills": [],
             "languages": [{"language": "es", "level": "A2"}], "min_eqf": 2, "region": "Comunidad de Madrid",
             "schedule": "full_time"},
            {"id": second.id, "kind": "training", "title": "Food hygiene course", "provider": "",
             "occupation": None, "essential_skills": [SKILL], "optional_skills": [], "languages": [],
             "min_eqf": None, "region": None, "schedule": None}]
        assert [o["id"] for o in services.opportunities(project, ids=[second.id])] == [second.id]
