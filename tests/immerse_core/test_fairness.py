"""The fairness audit against figures worked out by hand, small groups suppressed (with secondary suppression, so
that no hidden group's size follows from the people audited), and its refusals."""
import math
import random

import pytest

from immerse_core.fairness import FairnessError, audit, exposure_at, filter_refusal
from immerse_core.matching import Matcher
from immerse_core.privacy import SINGLES_OUT

from .test_matching import default_policy, random_data

# Persons 1-6 are in group "a", 7-12 in "b", 13 and 14 in "c" (too few to show); 15 has no group recorded.
GROUPS = {**{i: "a" for i in range(1, 7)}, **{i: "b" for i in range(7, 13)}, 13: "c", 14: "c"}
RANKINGS = {
    "o1": [1, 2, 7, 3, 8, 13, 4, 9, 5, 10, 6, 11, 12, 14],
    "o2": [7, 1, 8, 2, 9, 3, 14, 10, 4, 11, 5, 12, 6, 13],
}


def exposure(*ranks):
    return sum(1 / math.log2(1 + rank) for rank in ranks)


def test_selection_rates_impact_ratios_and_exposure_by_hand():
    two_groups = {key: [person for person in ranking if person <= 12] for key, ranking in RANKINGS.items()}
    result = audit(two_groups, GROUPS, top_n=4)
    a, b = result.groups
    # Top 4 of o1: 1, 2, 7, 3 (a, a, b, a); of o2: 7, 1, 8, 2 (b, a, b, a). Each group holds 12 places.
    assert (a.group, a.people.value, a.places, a.selected) == ("a", 6, 12, 5)
    assert (b.group, b.people.value, b.places, b.selected) == ("b", 6, 12, 3)
    assert a.selection_rate == pytest.approx(5 / 12) and b.selection_rate == pytest.approx(3 / 12)
    assert result.best_served == "a" and a.impact_ratio == 1.0
    assert b.impact_ratio == pytest.approx(0.6) and b.flagged and not a.flagged
    assert result.flagged == (b,)
    # a holds ranks 1 2 4 6 8 10 in o1 and 2 4 6 8 10 12 in o2; b holds 3 5 7 9 11 12 and 1 3 5 7 9 11.
    a_exposure = exposure(1, 2, 4, 6, 8, 10, 2, 4, 6, 8, 10, 12) / 12
    b_exposure = exposure(3, 5, 7, 9, 11, 12, 1, 3, 5, 7, 9, 11) / 12
    assert a.exposure == pytest.approx(a_exposure) and b.exposure == pytest.approx(b_exposure)
    assert a.exposure_ratio == 1.0 and b.exposure_ratio == pytest.approx(b_exposure / a_exposure)
    assert exposure_at(1) == 1.0 and exposure_at(3) == 0.5


def test_groups_below_five_people_are_suppressed_and_never_the_reference():
    groups = {**GROUPS, **{i: "d" for i in range(16, 21)}}
    rankings = {"o1": [13, 14, 1, 2, 3, 4, 5, 6, 15, 7, 8, 9, 10, 11, 12, 16, 17, 18, 19, 20]}
    result = audit(rankings, groups, top_n=2)
    a, b, c, d, unrecorded = result.groups
    assert c.group == "c" and c.suppressed and str(c.people) == "<5"
    assert (c.places, c.selected, c.selection_rate, c.impact_ratio, c.exposure, c.exposure_ratio) == (None,) * 6
    assert not c.flagged
    assert unrecorded.group is None and unrecorded.suppressed
    # c (2) and the unrecorded (1) hide 3 people: 20 audited minus the groups shown would give them back, so
    # the smallest group shown (d, 5 people) is hidden with them.
    assert d.suppressed and str(d.people) == "<5" and d.selection_rate is None
    # "c" took both top places, yet only a and b (no one selected) are shown: no ratio can be given.
    assert {result.best_served} <= {"a", "b"} and a.selection_rate == b.selection_rate == 0
    assert a.impact_ratio is None and b.impact_ratio is None and not a.flagged and not b.flagged


def test_no_hidden_group_can_be_worked_back_from_the_people_audited():
    # 6 women and 1 man: a man alone would be "<5" beside "6", and 7 audited - 6 = the one man.
    groups = {**{i: "female" for i in range(6)}, 6: "male"}
    result = audit({"o1": list(range(7))}, groups, top_n=3)
    assert all(outcome.suppressed for outcome in result.groups)
    assert all(outcome.selection_rate is None and outcome.impact_ratio is None for outcome in result.groups)
    assert result.best_served is None


def test_an_audit_of_some_rankings_is_refused_when_the_rest_would_single_people_out():
    groups = {**{i: "a" for i in range(20)}, **{i: "b" for i in range(20, 40)}}
    every = {"job": list(range(20, 40)) + list(range(18)), "training": list(range(40))}
    # person 18 and 19 (both "a") hold a place only in the training ranking: "a" in every ranking minus "a" in
    # the job ranking would be those two
    assert filter_refusal({"job": every["job"]}, every, groups) == SINGLES_OUT
    assert filter_refusal({"training": every["training"]}, every, groups) is None   # nobody left out
    wide = {"job": list(range(20, 40)) + list(range(15)), "training": list(range(40))}
    assert filter_refusal({"job": wide["job"]}, wide, groups) is None              # five left out: not one


def test_four_fifths_is_the_line():
    groups = {**{i: "a" for i in range(10)}, **{i: "b" for i in range(10, 20)}}
    # a: 5 of 10 selected; b: 4 of 10 selected (ratio exactly 0.8, not flagged), then 3 (0.6, flagged).
    at_line = {"o": [0, 1, 2, 3, 4, 10, 11, 12, 13, *range(5, 10), *range(14, 20)]}
    assert not audit(at_line, groups, top_n=9).groups[1].flagged
    below = {"o": [0, 1, 2, 3, 4, 10, 11, 12, *range(5, 10), *range(13, 20)]}
    assert audit(below, groups, top_n=8).groups[1].flagged


@pytest.mark.parametrize("top_n", [0, -3, 2.0, "4", None, True])
def test_a_bad_top_n_is_refused(top_n):
    with pytest.raises(FairnessError) as error:
        audit(RANKINGS, GROUPS, top_n=top_n)
    assert error.value.code == "bad_top_n"


def test_a_ranking_naming_a_person_twice_is_refused():
    with pytest.raises(FairnessError) as error:
        audit({"o1": [1, 2, 1]}, GROUPS, top_n=1)
    assert error.value.code == "duplicate_in_ranking"


def test_no_rankings_give_no_groups():
    result = audit({}, GROUPS, top_n=3)
    assert result.groups == () and result.best_served is None and result.rankings == 0


def test_the_audit_reads_the_matchers_rankings_and_the_protected_attributes_apart():
    rng = random.Random(3)
    people, opportunities, config = random_data(rng, 60, 8)
    people = [{**person, "gender": rng.choice(["f", "m"])} for person in people]
    matcher = Matcher(default_policy(), people, opportunities, config)
    ranking = matcher.rank_candidates(20)
    rankings = {int(opportunity_id): [matcher.candidates[c] for c in ranking.order[row]]
                for row, opportunity_id in enumerate(matcher.opportunity_ids)}
    genders = {matcher.pseudonym(person["person_id"]): person["gender"] for person in people}  # for the audit only
    result = audit(rankings, genders, top_n=5)
    assert [outcome.group for outcome in result.groups] == ["f", "m"]
    assert sum(outcome.selected for outcome in result.groups) == 5 * 8
    assert sum(outcome.places for outcome in result.groups) == 20 * 8
