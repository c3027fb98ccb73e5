"""The registry of IMMERSE modules: starting configurations, the checks a configuration passes, its items
by stable key, and what a new version changes."""
import pytest

from immerse_core.items import known_items
from immerse_core.modules import MODULES, ConfigurationError, Module, Setting, SettingsModule, changed_items, register


def codes(error):
    return sorted(problem.code for problem in error.value.problems)


def test_every_module_starts_from_a_configuration_it_accepts():
    assert {"firewall", "matching", "service_profile"} <= set(MODULES)
    for module in MODULES.values():
        checked = module.check(module.default())
        assert module.check(checked) == checked
        assert all(key.startswith(f"{module.key}/") for key in module.items(checked))


def test_item_keys_are_the_stable_keys_requirements_link_to():
    items = known_items()
    assert "firewall/employment-office/job-matching/gender" in items
    assert "firewall/employment-office/youth-employment/date_of_birth" in items
    assert "firewall/health-service/any/person_id" in items
    assert "matching/weight/optional_skill" in items and "matching/criterion/informal_skills" in items
    assert "service_profile/interpreter/offered" in items


def test_settings_are_checked_all_at_once():
    matching = MODULES["matching"]
    config = {**matching.default(), "weight/optional_skill": 11, "weight/region": "high",
              "weight/language": True, "criterion/informal_skills": "yes", "shoe_size": 42}
    with pytest.raises(ConfigurationError) as error:
        matching.check(config)
    assert codes(error) == ["not_a_boolean", "not_a_number", "not_a_number", "out_of_range", "unknown_setting"]
    out_of_range = next(p for p in error.value.problems if p.code == "out_of_range")
    assert out_of_range.where == "weight/optional_skill" and out_of_range.params == {"low": 0, "high": 10}


def test_choices_are_among_the_options():
    profile = MODULES["service_profile"]
    with pytest.raises(ConfigurationError) as error:
        profile.check({**profile.default(), "reading_level": "legalese", "channel/offered": [],
                       "language/offered": ["ar", "xx"]})
    assert codes(error) == ["no_choice", "not_an_option", "not_an_option"]
    assert profile.check({**profile.default(), "language/offered": ["ti", "ar", "ar"]})["language/offered"] == \
        ["ar", "ti"]


@pytest.mark.parametrize("rule, code", [
    ({"attribute": "gender", "action": "allow", "requirements": ["REQ-002"]}, "special_released"),
    ({"attribute": "date_of_birth", "action": "generalise", "generaliser": "age_band"},
     "special_without_requirement"),
    ({"attribute": "shoe_size", "action": "allow"}, "unknown_attribute"),
    ({"attribute": "skills", "action": "publish"}, "unknown_action"),
    ({"attribute": "skills", "action": "allow", "requirements": ["REQ-1x"]}, "bad_requirement"),
    ({"attribute": "person_id", "action": "pseudonymise"}, "pseudonymise_without_requirement"),
    ({"attribute": "region", "action": "generalise", "generaliser": "postcode"}, "unknown_generaliser"),
])
def test_a_firewall_rule_that_breaks_a_rule_of_the_policy_is_refused(rule, code):
    firewall = MODULES["firewall"]
    config = {"rules": [{"authority": "police", "purpose": "checks", **rule}]}
    with pytest.raises(ConfigurationError) as error:
        firewall.check(config)
    assert codes(error) == [code]


def test_firewall_rules_are_normalised_and_a_duplicate_refused():
    firewall = MODULES["firewall"]
    checked = firewall.check({"rules": [{"authority": "Employment Office", "purpose": "Job Matching",
                                         "attribute": "skills", "action": "allow"}]})
    assert list(firewall.items(checked)) == ["firewall/employment-office/job-matching/skills"]
    rule = checked["rules"][0]
    with pytest.raises(ConfigurationError) as error:
        firewall.check({"rules": [rule, dict(rule)]})
    assert codes(error) == ["duplicate"]
    with pytest.raises(ConfigurationError) as error:
        firewall.check({"rules": [{"authority": "x"}], "extra": 1})
    assert codes(error) == ["bad_rule", "unknown_setting"]


def test_changed_items_of_a_new_version():
    matching = MODULES["matching"]
    before = matching.check(matching.default())
    after = {**before, "weight/optional_skill": 2.0}
    assert changed_items(matching, before, after) == [("matching/weight/optional_skill", 1.0, 2.0)]
    assert changed_items(matching, before, before) == []
    firewall = MODULES["firewall"]
    old = firewall.check(firewall.default())
    new = {"rules": [rule for rule in old["rules"] if rule["attribute"] != "interpreter_needed"]}
    assert [key for key, _old, new_value in changed_items(firewall, old, new) if new_value is None] == \
        ["firewall/health-service/healthcare-access/interpreter_needed"]


def test_a_further_module_is_one_class():
    try:
        @register
        class Outreach(SettingsModule):
            key = "outreach"
            name = "Outreach"
            settings = (Setting("visits_per_month", "number", 2, "Home visits a month.", 0, 30),)

        assert isinstance(MODULES["outreach"], Module)
        assert "outreach/visits_per_month" in known_items()
    finally:
        MODULES.pop("outreach", None)
