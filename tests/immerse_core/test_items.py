"""The configuration items IMMERSE knows, by the keys the firewall itself gives its rules."""
from immerse_core.firewall import Rule
from immerse_core.items import firewall_rules, known_items, module_of


def test_the_demo_policy_matching_and_service_profiles_are_known():
    items = known_items()
    for key in ("firewall/employment-office/job-matching/skills", "firewall/employment-office/job-matching/age_band",
                "firewall/employment-office/youth-employment/age_band",
                "firewall/health-service/healthcare-access/interpreter_needed",
                "firewall/health-service/healthcare-access/person_id",
                "matching/weight/optional_skill", "matching/criterion/informal_skills",
                "matching/weight/pending_recognition", "service_profile/health-service/interpreter"):
        assert key in items and items[key]
    assert list(items) == sorted(items)
    assert {module_of(key) for key in items} == {"firewall", "matching", "service_profile"}


def test_firewall_keys_are_the_rules_own_keys():
    assert Rule("employment-office", "job-matching", "work_permit_status", "allow").key in known_items()
    assert {rule.key for rule in firewall_rules()} <= set(known_items())
