"""The matcher: rankings and reasons worked out by hand, agreement with the per-pair definition on random data,
and every refusal."""
import random
from datetime import date

import pytest

from immerse_core.firewall import Policy, Rule
from immerse_core.matching import MAX_LIMIT, LanguageGap, Matcher, MatchingError
from immerse_core.modules import ATTRIBUTES, ConfigurationError, Firewall, Matching

from . import reference

ESCO = "http://data.europa.eu/esco/skill/"
LAUNDRY = ESCO + "04838ae5-a737-48a0-a782-3d1b6b6cb75b"  # wash the laundry
DRIVE = ESCO + "0337c577-f837-4518-9263-b753c24f3a21"  # drive automatic car
GUEST = ESCO + "094e594d-83cc-4480-bad8-fae0ec2ed8ab"  # assist guest departure
CLEAN = ESCO + "09dea77e-870c-49eb-9a97-1398bee57bd0"  # cleaning industry health and safety measures
MADRID, SICILIA = "Comunidad de Madrid", "Sicilia"
SECRET = b"matching tests"


def profile(person_id, skills, languages, qualifications, region, availability, **protected):
    return {"person_id": person_id, "skills": sorted(skills),
            "languages": [{"language": code, "level": level} for code, level in languages],
            "qualifications": [{"title": f"q{eqf}", "eqf": eqf, "recognition": status}
                               for eqf, status in qualifications],
            "work_experience": [], "region": region, "availability": sorted(availability), "work_permit": "granted",
            "contact_preferences": ["sms"], "preferred_language": "ar", "interpreter_needed": False,
            "gender": protected.get("gender", "f"), "date_of_birth": protected.get("date_of_birth", date(1990, 1, 1)),
            "nationality": "SY", "ethnicity": "e", "religion": "r", "health": "h"}


def opportunity(id_, kind, essential, optional=(), languages=(), min_eqf=None, region=None, schedule=None):
    return {"id": id_, "kind": kind, "title": f"opportunity {id_}", "provider": "p", "occupation": None,
            "essential_skills": list(essential), "optional_skills": list(optional),
            "languages": [{"language": code, "level": level} for code, level in languages],
            "min_eqf": min_eqf, "region": region, "schedule": schedule}


PROFILES = [
    profile(1, [LAUNDRY, CLEAN], [("es", "B2"), ("ar", "C2")], [(4, "pending")], MADRID, ["full_time"]),
    profile(2, [DRIVE, GUEST], [("es", "A2")], [(5, "recognised")], SICILIA, ["part_time", "weekends"]),
    profile(3, [CLEAN, DRIVE, LAUNDRY], [("it", "B1")], [(3, "not_recognised")], MADRID, []),
]
OPPORTUNITIES = [
    opportunity(10, "job", [LAUNDRY, CLEAN], [DRIVE], [("es", "B1")], 3, MADRID, "full_time"),
    opportunity(20, "job", [GUEST], [DRIVE, LAUNDRY], [("es", "B1"), ("en", "A2")], schedule="weekends"),
    opportunity(30, "training", [GUEST], region=MADRID, schedule="part_time"),
    opportunity(40, "training", [DRIVE]),
]


def default_policy(secret=SECRET):
    firewall = Firewall()
    return Policy(firewall.rules(firewall.default()), secret=secret, attributes=ATTRIBUTES)


def matcher(profiles=PROFILES, opportunities=OPPORTUNITIES, config=None, policy=None):
    return Matcher(policy or default_policy(), profiles, opportunities, config or Matching().default())


def ranked(matches):
    return [(m.opportunity_id, m.score) for m in matches]


def test_opportunities_for_a_person_are_ranked_as_worked_out_by_hand():
    # Default weights: essential 3, missing essential -2, optional 1, missing optional -0.5, language 2,
    # qualification 1 (pending 0.5, not recognised 0.25), region 1, availability 0.5.
    m = matcher()
    # 10: 2 essential (6) - 0.5 (no driving) + 2 (es B2 >= B1) + 0.5 (EQF 4 pending) + 1 (Madrid) + 0.5 = 9.5
    # 40: -2 (no driving) + 2 + 1 + 1 + 0.5 (no requirement but the skill) = 2.5
    # 30: -2 + 2 + 1 + 1 (Madrid) + 0 (not part time) = 2; 20: -2 + 1 - 0.5 + 1 (es, not en) + 1 + 1 + 0 = 1.5
    assert ranked(m.top_opportunities(1, 10)) == [(10, 9.5), (40, 2.5), (30, 2.0), (20, 1.5)]
    # 40: 3 + 2 + 1 + 1 + 0.5; 30: 3 + 2 + 1 + 0 (Sicily) + 0.5; 20: 3 + 1 - 0.5 + 0 (es A2 < B1) + 1 + 1 + 0.5
    # 10: -4 + 1 + 0 + 1 (EQF 5 recognised) + 0 + 0
    assert ranked(m.top_opportunities(2, 10)) == [(40, 7.5), (30, 6.5), (20, 6.0), (10, -2.0)]
    # 10: 6 + 1 + 0 (no Spanish) + 0.25 (EQF 3 not recognised) + 1 + 0 (not available) = 8.25; 20 and 30 tie at 2
    assert ranked(m.top_opportunities(3, 10)) == [(10, 8.25), (40, 7.5), (20, 2.0), (30, 2.0)]
    assert ranked(m.top_opportunities(3, 2)) == [(10, 8.25), (40, 7.5)]


def test_candidates_for_an_opportunity_are_ranked_by_pseudonym():
    m = matcher()
    first, second, third = (m.pseudonym(person_id) for person_id in (1, 2, 3))
    assert [(c.candidate, c.score) for c in m.top_candidates(10, 5)] == [(first, 9.5), (third, 8.25), (second, -2.0)]
    tied = sorted([second, third])  # 2 and 3 both score 7.5 for 40: the pseudonym that sorts first goes first
    assert [(c.candidate, c.score) for c in m.top_candidates(40, 3)] == [(tied[0], 7.5), (tied[1], 7.5),
                                                                         (first, 2.5)]
    assert {first, second, third}.isdisjoint({"1", "2", "3"})


def test_each_result_carries_its_reasons():
    m = matcher()
    laundry, porter = m.top_opportunities(1, 4)[0], m.explain(1, 20)
    assert laundry.matched_essential == (LAUNDRY, CLEAN) and laundry.matched_optional == ()
    assert laundry.missing_essential == () and laundry.missing_optional == (DRIVE,)
    assert laundry.language_gaps == () and laundry.qualification_credit == 0.5
    assert laundry.region_met and laundry.schedule_met
    assert laundry.training == {DRIVE: (40,)}
    assert porter.matched_skills == (LAUNDRY,) and porter.missing_skills == (DRIVE, GUEST)
    assert porter.missing_essential == (GUEST,)
    assert porter.language_gaps == (LanguageGap("en", "A2", None),)
    assert porter.training == {GUEST: (30,), DRIVE: (40,)}
    assert not porter.schedule_met and porter.score == 1.5
    assert m.explain(2, 10).language_gaps == (LanguageGap("es", "B1", "A2"),)
    # A training offer does not suggest itself for the gap it would close.
    assert m.explain(1, 30).training == {}


def test_weights_come_from_the_configuration():
    config = {**Matching().default(), "weight/region": 5.0, "weight/pending_recognition": 1.0,
              "criterion/training_for_gaps": False}
    m = matcher(config=config)
    # The region counts 5 instead of 1 (each opportunity here is in Madrid or anywhere), pending recognition 1
    # instead of 0.5: 10: 9.5 + 4 + 0.5; 40: 2.5 + 4; 30: 2 + 4; 20: 1.5 + 4.
    assert ranked(m.top_opportunities(1, 4)) == [(10, 14.0), (40, 6.5), (30, 6.0), (20, 5.5)]
    assert m.explain(1, 20).training == {}


def test_a_missing_essential_skill_weighs_more_than_a_missing_optional_one():
    m = matcher(opportunities=[opportunity(1, "job", [GUEST], [DRIVE]), opportunity(2, "job", [DRIVE], [GUEST])],
                profiles=[profile(7, [DRIVE], [], [], None, [])])
    assert ranked(m.top_opportunities(7, 2)) == [(2, 3.0 - 0.5 + 2 + 1 + 1 + 0.5), (1, -2.0 + 1 + 2 + 1 + 1 + 0.5)]


def test_pending_recognition_counts_less_and_not_recognised_less_still():
    people = [profile(i, [], [], [(6, status)], None, []) for i, status in
              enumerate(["not_recognised", "recognised", "pending"], start=1)]
    people.append(profile(4, [], [], [(5, "recognised")], None, []))  # below the minimum level
    m = matcher(profiles=people, opportunities=[opportunity(1, "job", [], min_eqf=6)])
    credits = {c.candidate: c.qualification_credit for c in m.top_candidates(1, 4)}
    assert [credits[m.pseudonym(i)] for i in (2, 3, 1, 4)] == [1.0, 0.5, 0.25, 0.0]
    assert [c.candidate for c in m.top_candidates(1, 4)] == [m.pseudonym(i) for i in (2, 3, 1, 4)]


def random_data(rng, n_people, n_opportunities):
    skills = [f"{ESCO}{i:04d}" for i in range(30)]
    languages, regions = ["es", "it", "el", "en", "ar"], [MADRID, SICILIA, "Lefkosia"]
    levels, schedules = reference.CEFR, ["full_time", "part_time", "evenings", "weekends"]
    people = [profile(i, rng.sample(skills, rng.randint(0, 8)),
                      [(rng.choice(languages), rng.choice(levels)) for _ in range(rng.randint(0, 3))],
                      [(rng.randint(1, 8), rng.choice(["recognised", "pending", "not_recognised"]))
                       for _ in range(rng.randint(0, 2))],
                      rng.choice([*regions, None]), rng.sample(schedules, rng.randint(0, 3)))
              for i in rng.sample(range(1, 10 * n_people), n_people)]
    opportunities = [opportunity(i, rng.choice(["job", "training"]), rng.sample(skills, rng.randint(0, 4)),
                                 rng.sample(skills, rng.randint(0, 4)),
                                 [(rng.choice(languages), rng.choice(levels)) for _ in range(rng.randint(0, 2))],
                                 rng.choice([None, *range(1, 9)]), rng.choice([*regions, None]),
                                 rng.choice([*schedules, None]))
                     for i in rng.sample(range(1, 10 * n_opportunities), n_opportunities)]
    config = {**Matching().default(), **{key: round(rng.uniform(0, 5), 2) for key in (
        "weight/essential_skill", "weight/optional_skill", "weight/missing_essential_skill",
        "weight/missing_optional_skill", "weight/language", "weight/qualification", "weight/region",
        "weight/availability")}, "weight/pending_recognition": 0.5, "weight/not_recognised": 0.2}
    return people, opportunities, config


# Sizes (people, opportunities): few of each; many people (the best of each opportunity's are looked for in
# groups of people); many opportunities (the same for each person's best).
@pytest.mark.parametrize(("seed", "sizes", "limit"), [
    (0, (20, 5), 3), (1, (90, 40), 12), (2, (1500, 30), 10), (3, (2100, 12), 1), (4, (40, 1500), 12),
    (5, (30, 2200), 4), (6, (260, 250), 3), (7, (300, 200), 100)])
def test_the_vectorised_matcher_agrees_with_the_per_pair_definition(seed, sizes, limit):
    rng = random.Random(seed)
    people, opportunities, config = random_data(rng, *sizes)
    policy = default_policy()
    m = Matcher(policy, people, opportunities, config)
    released = policy.release_many(people, "employment-office", "job-matching")
    by_pseudonym = {view["person_id"]: view for view in released}
    ranking = m.rank_opportunities(limit)
    for row, candidate in enumerate(m.candidates):
        expected = reference.top_opportunities(by_pseudonym[candidate], opportunities, config, limit)
        assert [int(m.opportunity_ids[c]) for c in ranking.order[row] if c >= 0] == expected
    offers = {o["id"]: o for o in opportunities}
    for person in rng.sample(people, 5):
        view = by_pseudonym[m.pseudonym(person["person_id"])]
        matches = m.top_opportunities(person["person_id"], limit)
        assert [match.opportunity_id for match in matches] == \
            reference.top_opportunities(view, opportunities, config, limit)
        assert [match.score for match in matches] == [
            reference.score(view, offers[match.opportunity_id], config)
            for match in matches]
    candidates = m.rank_candidates(limit)
    offers = {o["id"]: o for o in opportunities}
    for row, opportunity_id in enumerate(m.opportunity_ids):
        offer = offers[opportunity_id]
        expected = reference.top_candidates(released, offer, config, limit)
        assert [m.candidates[c] for c in candidates.order[row] if c >= 0] == expected
    for offer in rng.sample(opportunities, 5):
        expected = reference.top_candidates(released, offer, config, limit)
        assert [match.candidate for match in m.top_candidates(offer["id"], limit)] == expected


def test_fewer_results_than_the_limit_when_there_are_fewer():
    m = matcher()
    assert len(m.top_opportunities(1, 100)) == 4 and len(m.top_candidates(10, 100)) == 3
    ranking = m.rank_candidates(5)
    assert ranking.order.shape == (4, 5) and (ranking.order[:, 3:] == -1).all()
    empty = Matcher(default_policy(), [], OPPORTUNITIES, Matching().default())
    assert empty.top_candidates(10, 5) == [] and empty.rank_opportunities(3).order.shape == (0, 3)


@pytest.mark.parametrize("limit", [0, -1, MAX_LIMIT + 1, 2.5, "10", None, True])
def test_a_limit_out_of_range_is_refused(limit):
    m = matcher()
    for call in (lambda: m.top_opportunities(1, limit), lambda: m.top_candidates(10, limit),
                 lambda: m.rank_opportunities(limit), lambda: m.rank_candidates(limit)):
        with pytest.raises(MatchingError) as error:
            call()
        assert error.value.code == "bad_limit"


def with_(record, **changes):
    return {**record, **changes}


@pytest.mark.parametrize(("people", "opportunities", "code"), [
    ([with_(PROFILES[0], languages=[{"language": "es", "level": "D1"}])], OPPORTUNITIES, "bad_cefr"),
    ([with_(PROFILES[0], languages=[{"language": "es", "level": "b1"}])], OPPORTUNITIES, "bad_cefr"),
    (PROFILES, [with_(OPPORTUNITIES[0], languages=[{"language": "es", "level": "C3"}])], "bad_cefr"),
    ([with_(PROFILES[0], qualifications=[{"title": "x", "eqf": 9, "recognition": "pending"}])], OPPORTUNITIES,
     "bad_eqf"),
    ([with_(PROFILES[0], qualifications=[{"title": "x", "eqf": "4", "recognition": "pending"}])], OPPORTUNITIES,
     "bad_eqf"),
    (PROFILES, [with_(OPPORTUNITIES[0], min_eqf=0)], "bad_eqf"),
    (PROFILES, [with_(OPPORTUNITIES[0], min_eqf=True)], "bad_eqf"),
    ([with_(PROFILES[0], qualifications=[{"title": "x", "eqf": 4, "recognition": "maybe"}])], OPPORTUNITIES,
     "bad_recognition"),
    ([with_(PROFILES[0], availability=["nights"])], OPPORTUNITIES, "bad_schedule"),
    (PROFILES, [with_(OPPORTUNITIES[0], schedule="nights")], "bad_schedule"),
    (PROFILES, [with_(OPPORTUNITIES[0], kind="internship")], "bad_kind"),
    (PROFILES, [with_(OPPORTUNITIES[0], id="10")], "bad_opportunity_id"),
    ([PROFILES[0], with_(PROFILES[1], person_id=1)], OPPORTUNITIES, "duplicate_profile"),
    (PROFILES, [OPPORTUNITIES[0], with_(OPPORTUNITIES[1], id=10)], "duplicate_opportunity"),
])
def test_bad_input_is_refused_with_its_code(people, opportunities, code):
    with pytest.raises(MatchingError) as error:
        matcher(profiles=people, opportunities=opportunities)
    assert error.value.code == code


def test_unknown_profiles_and_opportunities_are_refused():
    m = matcher()
    for call, code in ((lambda: m.top_opportunities(99, 5), "unknown_profile"),
                       (lambda: m.top_candidates(99, 5), "unknown_opportunity"),
                       (lambda: m.explain(1, 99), "unknown_opportunity"),
                       (lambda: m.explain(m.pseudonym(1), 10), "unknown_profile")):
        with pytest.raises(MatchingError) as error:
            call()
        assert error.value.code == code


def test_a_bad_configuration_is_refused():
    with pytest.raises(ConfigurationError):
        matcher(config={**Matching().default(), "weight/not_recognised": 2})


def test_the_matcher_refuses_a_view_holding_a_special_category():
    rules = [*Firewall().rules(Firewall().default()),
             Rule("employment-office", "job-matching", "nationality", "generalise", generaliser="world_region",
                  requirements=("REQ-002",))]
    with pytest.raises(MatchingError) as error:
        matcher(policy=Policy(rules, secret=SECRET, attributes=ATTRIBUTES))
    assert error.value.code == "protected_attribute" and error.value.params["attributes"] == ["nationality"]


def test_the_matcher_needs_the_person_released_to_name_results():
    policy = Policy([Rule("employment-office", "job-matching", "skills", "allow", requirements=("REQ-002",))],
                    secret=SECRET)
    with pytest.raises(MatchingError) as error:
        matcher(policy=policy)
    assert error.value.code == "no_person_id"


def test_the_matcher_sees_only_what_the_policy_releases():
    # Without region and availability released, nobody gets those parts of the score.
    rules = [r for r in Firewall().rules(Firewall().default()) if r.attribute not in ("region", "availability")]
    m = matcher(policy=Policy(rules, secret=SECRET, attributes=ATTRIBUTES))
    assert m.attributes == {"person_id", "skills", "languages", "qualifications", "work_permit"}
    assert m.explain(1, 10).score == 9.5 - 1 - 0.5
    assert not m.explain(1, 10).region_met


def test_the_default_firewall_releases_what_matching_needs_and_no_protected_attribute():
    released = default_policy().release(PROFILES[0], "employment-office", "job-matching")
    assert set(released) == {"person_id", "skills", "languages", "qualifications", "work_permit", "region",
                             "availability"}
    assert released["region"] == MADRID and released["availability"] == ["full_time"]
    rules = Firewall().rules(Firewall().default())
    cited = {r.attribute: r.requirements for r in rules if r.purpose == "job-matching"}
    assert cited["availability"] == ("REQ-002",) and cited["region"] == ("REQ-024",)  # distance to work


def test_a_view_not_shaped_as_a_stored_profile_is_refused():
    rules = [r for r in Firewall().rules(Firewall().default()) if r.attribute != "skills"]
    rules.append(Rule("employment-office", "job-matching", "skills", "pseudonymise", requirements=("REQ-002",)))
    with pytest.raises(MatchingError) as error:
        matcher(policy=Policy(rules, secret=SECRET, attributes=ATTRIBUTES))
    assert error.value.code == "bad_view" and error.value.params["attribute"] == "skills"
