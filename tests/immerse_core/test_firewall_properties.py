"""Properties of the firewall for any generated record and any valid policy."""
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from immerse_core.firewall import SPECIAL_CATEGORIES, Policy, PolicyError, Rule
from immerse_core.generalisers import default_generalisers

GENERALISERS = default_generalisers(date(2026, 6, 15), {"28001": "Madrid"})
ATTRIBUTES = ["id", "skills", "postcode", "region", "phone", "gender", "date_of_birth", "nationality",
              "ethnicity", "religion", "health"]
AUTHORITIES = ["employment-office", "health-service"]
PURPOSES = ["job-matching", "healthcare-access"]
VALUES = {"date_of_birth": st.dates(date(1940, 1, 1), date(2026, 6, 15)),
          "nationality": st.sampled_from(["SY", "SN", "ES", "XX"]),
          "postcode": st.sampled_from(["28001", "00100"])}

records = st.fixed_dictionaries({}, optional={a: VALUES.get(a, st.text(max_size=8)) for a in ATTRIBUTES})


@st.composite
def policies(draw):
    rules = {}
    for _ in range(draw(st.integers(0, 12))):
        where = (draw(st.sampled_from(AUTHORITIES)), draw(st.sampled_from(PURPOSES)), draw(st.sampled_from(ATTRIBUTES)))
        action = draw(st.sampled_from(["allow", "generalise", "pseudonymise", "drop"]))
        generaliser = None
        if action == "generalise":
            generaliser = {"date_of_birth": "age_band", "nationality": "world_region",
                           "postcode": "region"}.get(where[2])
            if generaliser is None:
                action = "drop"
        if where[2] in SPECIAL_CATEGORIES and action in ("allow", "pseudonymise"):
            action = "drop"
        rules[where] = Rule(*where, action, generaliser=generaliser, requirements=("REQ-002",))
    return Policy(rules.values(), secret=draw(st.binary(min_size=1, max_size=16)), generalisers=GENERALISERS)


def allowed(policy, authority, purpose):
    return {a for a, r in policy.rules_for(authority, purpose).items() if r.action != "drop"}


@given(policies(), records, st.sampled_from(AUTHORITIES), st.sampled_from(PURPOSES))
def test_release_holds_only_attributes_the_policy_allows(policy, record, authority, purpose):
    assert set(policy.release(record, authority, purpose)) <= allowed(policy, authority, purpose)


@given(policies(), records, st.sampled_from(AUTHORITIES), st.sampled_from(PURPOSES))
def test_special_categories_never_leak_raw(policy, record, authority, purpose):
    view = policy.release(record, authority, purpose)
    for attribute in SPECIAL_CATEGORIES & set(view):
        assert policy.rules_for(authority, purpose)[attribute].action == "generalise"
        assert view[attribute] != record[attribute]


@given(st.sampled_from(sorted(SPECIAL_CATEGORIES)), st.sampled_from(["allow", "pseudonymise"]))
def test_no_policy_releases_a_special_category_raw(attribute, action):
    try:
        Policy([Rule("a", "p", attribute, action, requirements=("REQ-002",))], secret=b"s")
    except PolicyError:
        return
    raise AssertionError("a policy releasing a special category raw was accepted")


@given(st.text(), st.binary(min_size=1))
def test_pseudonyms_are_stable_per_authority_and_differ_across_authorities(value, secret):
    rules = [Rule(a, "p", "id", "pseudonymise", requirements=("REQ-009",)) for a in AUTHORITIES]
    first, second = Policy(rules, secret=secret), Policy(rules, secret=secret)
    mine = first.release({"id": value}, AUTHORITIES[0], "p")["id"]
    assert mine == second.release({"id": value}, AUTHORITIES[0], "p")["id"]
    assert mine != first.release({"id": value}, AUTHORITIES[1], "p")["id"]


@given(policies(), st.lists(records, max_size=8), st.sampled_from(AUTHORITIES), st.sampled_from(PURPOSES))
def test_release_many_is_release_of_each(policy, many, authority, purpose):
    assert policy.release_many(many, authority, purpose) == [policy.release(r, authority, purpose) for r in many]
