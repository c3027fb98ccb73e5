from datetime import date

import pytest

from immerse_core.firewall import Policy, PolicyError, Rule
from immerse_core.generalisers import default_generalisers

SECRET = b"test secret"
GENERALISERS = default_generalisers(date(2026, 6, 15), {"28001": "Comunidad de Madrid"})
RECORD = {"id": "p-1", "skills": ["cook"], "postcode": "28001", "date_of_birth": date(2001, 6, 15),
          "gender": "f", "nationality": "SY", "religion": "x", "phone": "555"}


def policy(*rules, **kwargs):
    return Policy(rules, secret=SECRET, generalisers=GENERALISERS, **kwargs)


def rule(attribute, action, purpose="job-matching", **kwargs):
    kwargs.setdefault("requirements", ("REQ-002",))
    return Rule("employment-office", purpose, attribute, action, **kwargs)


def test_allow_generalise_pseudonymise_and_drop():
    p = policy(rule("skills", "allow"), rule("postcode", "generalise", generaliser="region"),
               rule("id", "pseudonymise", requirements=("REQ-009",)), rule("phone", "drop"))
    view = p.release(RECORD, "employment-office", "job-matching")
    assert set(view) == {"skills", "postcode", "id"}
    assert view["skills"] == ["cook"] and view["postcode"] == "Comunidad de Madrid"
    assert view["id"] != "p-1" and len(view["id"]) == 16


def test_deny_by_default_and_other_authorities_get_nothing():
    p = policy(rule("skills", "allow"))
    assert p.release(RECORD, "employment-office", "job-matching") == {"skills": ["cook"]}
    assert p.release(RECORD, "health-service", "job-matching") == {}
    assert p.release(RECORD, "employment-office", "other") == {}


def test_special_categories_are_dropped_unless_generalised():
    p = policy(rule("date_of_birth", "generalise", purpose="*", generaliser="age_band",
                    only_for=frozenset({"youth-employment"}), requirements=("REQ-005",)),
               rule("nationality", "generalise", generaliser="world_region"))
    assert p.release(RECORD, "employment-office", "youth-employment") == {"date_of_birth": "25–34"}
    assert p.release(RECORD, "employment-office", "job-matching") == {"nationality": "Western Asia"}


def test_a_rule_for_the_purpose_wins_over_one_for_any_purpose():
    p = policy(rule("phone", "allow", purpose="*"), rule("phone", "drop"))
    assert p.release(RECORD, "employment-office", "job-matching") == {}
    assert p.release(RECORD, "employment-office", "other") == {"phone": "555"}


def test_pseudonyms_are_stable_per_authority_and_differ_across_authorities():
    rules = [Rule(a, "p", "id", "pseudonymise", requirements=("REQ-009",)) for a in ("one", "two")]
    p = Policy(rules, secret=SECRET)
    one = p.release(RECORD, "one", "p")["id"]
    assert one == p.release(dict(RECORD), "one", "p")["id"]
    assert one != p.release(RECORD, "two", "p")["id"]
    assert one != Policy(rules, secret=b"other").release(RECORD, "one", "p")["id"]


@pytest.mark.parametrize("rules, message", [
    ([rule("skills", "share")], "unknown action 'share'"),
    ([rule("postcode", "generalise")], "generalise needs a known generaliser"),
    ([rule("postcode", "generalise", generaliser="shoe_size")], "not 'shoe_size'"),
    ([rule("skills", "allow", generaliser="region")], "only for the action generalise"),
    ([rule("skills", "allow"), rule("skills", "drop")], "a second rule for the same attribute"),
    ([rule("gender", "allow")], "only ever generalised or dropped"),
    ([rule("nationality", "pseudonymise")], "only ever generalised or dropped"),
    ([rule("date_of_birth", "generalise", generaliser="age_band", requirements=())], "must cite a requirement"),
    ([rule("id", "pseudonymise", requirements=())], "must cite a requirement"),
    ([rule("skills", "allow", requirements=("issue 4",))], "not a requirement id"),
])
def test_invalid_policies_are_refused_naming_the_rule(rules, message):
    with pytest.raises(PolicyError, match=message) as error:
        policy(*rules)
    assert "firewall/employment-office/job-matching/" in str(error.value)


def test_unknown_attributes_are_refused_when_attributes_are_listed():
    with pytest.raises(PolicyError, match="unknown attribute 'shoe_size'"):
        policy(rule("shoe_size", "allow"), attributes=RECORD)


def test_rule_keys_are_stable_slugs():
    assert rule("age_band", "drop").key == "firewall/employment-office/job-matching/age_band"
    assert Rule("Health Service", "*", "x", "drop").key == "firewall/health-service/any/x"


def test_explain_names_the_rule_and_its_requirements():
    p = policy(rule("skills", "allow"), rule("id", "pseudonymise", requirements=("REQ-009",)))
    decisions = {d.attribute: d for d in p.explain(RECORD, "employment-office", "job-matching")}
    assert set(decisions) == set(RECORD)
    assert decisions["id"].action == "pseudonymise" and decisions["id"].requirements == ("REQ-009",)
    assert "firewall/employment-office/job-matching/id" in decisions["id"].reason
    assert decisions["gender"].action == "drop" and decisions["gender"].rule is None
    assert "denied by default" in decisions["gender"].reason


def test_on_an_error_nothing_is_released():
    p = policy(rule("skills", "allow"), rule("date_of_birth", "generalise", generaliser="age_band"))
    with pytest.raises(ValueError):
        p.release_many([RECORD, {**RECORD, "date_of_birth": "not a date"}], "employment-office", "job-matching")
