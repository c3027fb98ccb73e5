"""The demo tells the IMMERSE story of DEMO.md: the job-matching policy and the matching settings the story
names are traced to its requirements, and the rules' requirements exist in the register."""
from cocreate.extensions import db
from cocreate.immerse import services
from cocreate.projects.services import get_project_by_slug
from cocreate.requirements import exchange
from immerse_core.modules import MODULES


def _register(app):
    with app.app_context():
        project = get_project_by_slug("miict")
        records = exchange.records(project)
        rules = MODULES["firewall"].rules(services.current(project, "firewall").document)
        db.session.rollback()
        return ({record.identifier: set(record.items) for record in records},
                [(rule.key, rule.authority, rule.purpose, rule.requirements) for rule in rules])


def test_every_requirement_a_firewall_rule_names_is_in_the_register(seeded):
    register, rules = _register(seeded)
    named = {requirement for *_where, requirements in rules for requirement in requirements}
    assert named and named <= set(register)


def test_the_job_matching_policy_cites_req_002_which_links_the_attributes_it_names(seeded):
    register, rules = _register(seeded)
    job_matching = {key: requirements for key, authority, purpose, requirements in rules
                    if (authority, purpose) == ("employment-office", "job-matching")}
    region = "firewall/employment-office/job-matching/region"  # released for the distance to work (REQ-024)
    assert job_matching.pop(region) == ("REQ-024",) and region in register["REQ-024"]
    assert job_matching and all("REQ-002" in requirements for requirements in job_matching.values())
    assert all(key in register[requirement] for key, requirements in job_matching.items()
               for requirement in requirements)
    named = {f"firewall/employment-office/job-matching/{attribute}"
             for attribute in ("skills", "languages", "qualifications", "work_permit", "gender", "ethnicity",
                               "date_of_birth")}
    assert named <= set(job_matching) and named <= register["REQ-002"]


def test_the_matching_settings_the_story_names_are_cited_by_their_requirements(seeded):
    register, _rules = _register(seeded)
    assert "matching/criterion/informal_skills" in register["REQ-003"]
    assert "matching/criterion/training_for_gaps" in register["REQ-004"]
    assert "matching/weight/pending_recognition" in register["REQ-008"]


def test_the_demos_matching_configuration_counts_pending_recognition_higher(seeded):
    with seeded.app_context():
        document = services.current(get_project_by_slug("miict"), "matching").document
    assert document["weight/pending_recognition"] == 0.6
