"""Properties of the firewall and the matcher for any generated profile (the shared record shape) and any valid
generated policy: only what the policy allows is released, transformed as it says; protected attributes never
reach the matcher; the same person has a different pseudonym for each authority."""
import hashlib
import hmac
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from immerse_core.firewall import SPECIAL_CATEGORIES, Policy, Rule
from immerse_core.generalisers import default_generalisers
from immerse_core.matching import AUTHORITY, PURPOSE, Matcher, MatchingError
from immerse_core.modules import ATTRIBUTES, CHANNELS, Matching

from .test_matching import CLEAN, DRIVE, GUEST, LAUNDRY, opportunity

GENERALISERS = default_generalisers(date(2026, 6, 15), {"Sicilia": "Southern Italy"})
AUTHORITIES = ["employment-office", "health-service", "education-service"]
PURPOSES = ["job-matching", "youth-employment", "healthcare-access", "*"]
SKILLS = [LAUNDRY, DRIVE, GUEST, CLEAN]
REGIONS = ["Comunidad de Madrid", "Sicilia", "Lefkosia"]
PROTECTED = ("gender", "date_of_birth", "nationality", "ethnicity", "religion", "health")
OPPORTUNITIES = [opportunity(1, "job", [LAUNDRY], [DRIVE], [("es", "B1")], 3, "Sicilia", "full_time"),
                 opportunity(2, "training", [GUEST, CLEAN], min_eqf=5, schedule="evenings"),
                 opportunity(3, "job", [DRIVE], [CLEAN], [("it", "A2"), ("en", "C1")], region="Lefkosia")]

levels = st.sampled_from(["A1", "A2", "B1", "B2", "C1", "C2"])
protected_values = {
    "gender": st.one_of(st.none(), st.sampled_from(["f", "m", "x"])),
    "date_of_birth": st.one_of(st.none(), st.dates(date(1940, 1, 1), date(2010, 1, 1))),
    "nationality": st.one_of(st.none(), st.sampled_from(["SY", "SN", "ER", "UA", "CO"])),
    "ethnicity": st.one_of(st.none(), st.text(max_size=6)),
    "religion": st.one_of(st.none(), st.text(max_size=6)),
    "health": st.one_of(st.none(), st.text(max_size=6)),
}
protected = st.fixed_dictionaries(protected_values)


def profiles(person_id):
    return st.fixed_dictionaries({
        "person_id": st.just(person_id),
        "skills": st.lists(st.sampled_from(SKILLS), unique=True).map(sorted),
        "languages": st.lists(st.fixed_dictionaries({"language": st.sampled_from(["es", "it", "en", "ar"]),
                                                     "level": levels}), max_size=3),
        "qualifications": st.lists(st.fixed_dictionaries({
            "title": st.text(max_size=5), "eqf": st.integers(1, 8),
            "recognition": st.sampled_from(["recognised", "pending", "not_recognised"])}), max_size=2),
        "work_experience": st.just([]),
        "region": st.one_of(st.none(), st.sampled_from(REGIONS)),
        "availability": st.lists(st.sampled_from(["full_time", "part_time", "evenings", "weekends"]),
                                 unique=True).map(sorted),
        "work_permit": st.sampled_from(["granted", "pending", "none", None]),
        "contact_preferences": st.lists(st.sampled_from(CHANNELS), unique=True, max_size=2),
        "preferred_language": st.sampled_from(["ar", "ti", None]),
        "interpreter_needed": st.booleans(),
        **protected_values,
    })


people = st.integers(1, 4).flatmap(lambda n: st.tuples(*(profiles(i) for i in range(1, n + 1))))

MATCHED = {"skills", "languages", "qualifications", "region", "availability"}
GENERALISABLE = {"date_of_birth": "age_band", "nationality": "world_region", "region": "region"}


@st.composite
def policies(draw, pseudonymise_everywhere=False):
    rules = {}
    for _ in range(draw(st.integers(0, 25))):
        where = (draw(st.sampled_from(AUTHORITIES)), draw(st.sampled_from(PURPOSES)),
                 draw(st.sampled_from(ATTRIBUTES)))
        action = draw(st.sampled_from(["allow", "generalise", "pseudonymise", "drop"]))
        generaliser = GENERALISABLE.get(where[2]) if action == "generalise" else None
        if action == "generalise" and generaliser is None:
            action = "drop"
        if where[2] in SPECIAL_CATEGORIES and action in ("allow", "pseudonymise"):
            action = "drop"
        only_for = frozenset(draw(st.lists(st.sampled_from(PURPOSES[:3]), max_size=2))) if where[1] == "*" else ()
        rules[where] = Rule(*where, action, generaliser=generaliser, only_for=frozenset(only_for),
                            requirements=("REQ-002",))
    if pseudonymise_everywhere:
        rules = {where: rule for where, rule in rules.items() if where[2] != "person_id"}
        for authority in AUTHORITIES:
            rules[(authority, "*", "person_id")] = Rule(authority, "*", "person_id", "pseudonymise",
                                                        requirements=("REQ-009",))
    return Policy(rules.values(), secret=draw(st.binary(min_size=1, max_size=16)), generalisers=GENERALISERS,
                  attributes=ATTRIBUTES)


def expected_value(policy, rule, value):
    if value is None or rule.action == "allow":
        return value
    if rule.action == "generalise":
        return GENERALISERS[rule.generaliser](value)
    return hmac.new(policy.pseudonym_key(rule.authority), str(value).encode(), hashlib.sha256).hexdigest()[:16]


@given(policies(), profiles(7), st.sampled_from(AUTHORITIES), st.sampled_from(PURPOSES[:3]))
def test_a_release_holds_only_what_the_policy_allows_transformed_as_it_says(policy, record, authority, purpose):
    rules = policy.rules_for(authority, purpose)
    view = policy.release(record, authority, purpose)
    assert set(view) == {attribute for attribute, rule in rules.items() if rule.action != "drop"}
    for attribute, value in view.items():
        assert value == expected_value(policy, rules[attribute], record[attribute])
        if attribute in SPECIAL_CATEGORIES:
            assert rules[attribute].action == "generalise"


@settings(max_examples=60, deadline=None)
@given(policies(pseudonymise_everywhere=True), people, st.lists(protected, min_size=4, max_size=4))
def test_protected_attributes_never_reach_the_matcher(policy, records, others):
    released = policy.release_many(records, AUTHORITY, PURPOSE)
    in_view = set().union(*released)
    try:
        matcher = Matcher(policy, records, OPPORTUNITIES, Matching().default())
    except MatchingError as refused:
        # Refused only for a view holding a special category, naming nobody, or holding a part of a profile
        # the policy transformed (a pseudonymised list of skills, say).
        rules = policy.rules_for(AUTHORITY, PURPOSE)
        assert (refused.code == "protected_attribute" and in_view & SPECIAL_CATEGORIES) or \
            (refused.code == "no_person_id" and "person_id" not in in_view) or \
            (refused.code == "bad_view" and any(rules[a].action != "allow" for a in MATCHED & set(rules)))
        return
    assert not matcher.attributes & SPECIAL_CATEGORIES
    # Whatever the protected attributes hold, the matcher's results are the same.
    changed = [{**record, **other} for record, other in zip(records, others, strict=False)]
    again = Matcher(policy, changed, OPPORTUNITIES, Matching().default())
    for record in records:
        assert again.top_opportunities(record["person_id"], 3) == matcher.top_opportunities(record["person_id"], 3)
    for offer in OPPORTUNITIES:
        assert again.top_candidates(offer["id"], 4) == matcher.top_candidates(offer["id"], 4)


@given(policies(pseudonymise_everywhere=True), st.integers(1, 10**9), st.sampled_from(PURPOSES[:3]))
def test_the_same_person_has_a_different_pseudonym_for_each_authority(policy, person_id, purpose):
    pseudonyms = [policy.release({"person_id": person_id}, authority, purpose).get("person_id")
                  for authority in AUTHORITIES]
    assert len(set(pseudonyms)) == len(AUTHORITIES) and str(person_id) not in pseudonyms


@settings(max_examples=30, deadline=None)
@given(policies(pseudonymise_everywhere=True), people)
def test_the_matcher_names_candidates_by_the_employment_offices_pseudonym_only(policy, records):
    try:
        matcher = Matcher(policy, records, OPPORTUNITIES, Matching().default())
    except MatchingError:
        return
    others = {policy.release({"person_id": r["person_id"]}, authority, PURPOSE)["person_id"]
              for r in records for authority in AUTHORITIES[1:]}
    named = {match.candidate for offer in OPPORTUNITIES for match in matcher.top_candidates(offer["id"], 4)}
    assert named == {matcher.pseudonym(r["person_id"]) for r in records}
    assert named.isdisjoint(others) and named.isdisjoint({str(r["person_id"]) for r in records})
