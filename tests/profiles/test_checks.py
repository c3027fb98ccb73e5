"""What a profile or opportunity may hold: CEFR and EQF levels in range, known recognition statuses and dates;
unknown ESCO URIs are kept and flagged, not refused."""
import pytest

from cocreate.extensions import db
from cocreate.profiles import services
from cocreate.profiles.models import Profile
from cocreate.projects.models import Project

from .conftest import SKILL, UNKNOWN, full_profile


def _codes(data, check=services.check_profile):
    with pytest.raises(services.RecordError) as refused:
        check(data)
    return {(problem.field, problem.code) for problem in refused.value.problems}


@pytest.mark.parametrize("level", ["C3", "A0", "", "b 1"])
def test_a_cefr_level_out_of_range_is_refused(app, project, level):
    with app.app_context():
        assert ("languages", "bad_cefr") in _codes(full_profile(languages=[{"language": "es", "level": level}]))


@pytest.mark.parametrize("eqf", [0, 9, "x", 4.5, ""])
def test_an_eqf_level_outside_one_to_eight_is_refused(app, project, eqf):
    with app.app_context():
        data = full_profile(qualifications=[{"title": "Diploma", "eqf": eqf, "recognition": "recognised"}])
        assert _codes(data) == {("qualifications", "bad_eqf")}
        assert ("min_eqf", "bad_eqf") in _codes({"kind": "job", "title": "Cook", "min_eqf": 0},
                                                services.check_opportunity)


def test_a_bad_recognition_status_is_refused(app, project):
    with app.app_context():
        data = full_profile(qualifications=[{"title": "Diploma", "eqf": 3, "recognition": "approved"}])
        assert _codes(data) == {("qualifications", "bad_recognition")}


@pytest.mark.parametrize("born", ["1990-13-01", "17/05/1990", "2990-01-01"])
def test_a_bad_date_of_birth_is_refused(app, project, born):
    with app.app_context():
        assert {field for field, _code in _codes(full_profile(date_of_birth=born))} == {"date_of_birth"}


def test_every_problem_of_a_profile_is_reported_at_once(app, project):
    with app.app_context():
        codes = _codes(full_profile(languages=[{"language": "es", "level": "Z9"}], work_permit="maybe",
                                    availability=["sometimes"], skills=["cooking"], nationality="Morocco"))
        assert codes == {("languages", "bad_cefr"), ("work_permit", "bad_work_permit"),
                         ("availability", "bad_availability"), ("skills", "not_a_uri"),
                         ("nationality", "bad_country")}


def test_an_unknown_esco_uri_is_kept_and_flagged(app, project):
    with app.app_context():
        record, warnings = services.check_profile(full_profile(skills=[UNKNOWN, SKILL]))
        assert record["skills"] == sorted([UNKNOWN, SKILL])
        assert [(w.code, w.params["value"], w.warning) for w in warnings] == [("unknown_uri", UNKNOWN, True)]
        profile = services.add_profile(db.session.get(Project, project), full_profile(skills=[UNKNOWN, SKILL]),
                                       actor=None)
        db.session.commit()
        assert db.session.get(Profile, profile.id).unknown_uris == [UNKNOWN]
        assert services.records(project, ["skills"])[0]["skills"] == sorted([UNKNOWN, SKILL])


def test_flags_follow_the_taxonomy(app, project):
    """A URI unknown when the profile was added is no longer flagged once the taxonomy holds it."""
    from cocreate.profiles.esco import upsert_concepts

    with app.app_context():
        profile = services.add_profile(db.session.get(Project, project), full_profile(skills=[UNKNOWN]), actor=None)
        assert profile.unknown_uris == [UNKNOWN]
        upsert_concepts([{"uri": UNKNOWN, "kind": "skill", "labels": {"en": "a skill loaded later"}}])
        assert services.refresh_unknown_uris(project) == 1
        assert profile.unknown_uris == []


def test_an_opportunity_needs_a_kind_and_a_title(app, project):
    with app.app_context():
        assert _codes({"kind": "internship", "title": ""}, services.check_opportunity) == {
            ("kind", "bad_kind"), ("title", "no_title")}
        record, warnings = services.check_opportunity({"kind": "training", "title": "Course",
                                                       "essential_skills": [UNKNOWN]})
        assert record["essential_skills"] == [UNKNOWN] and warnings[0].params["value"] == UNKNOWN
