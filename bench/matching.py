"""Benchmark: the matcher's top 10 opportunities for every profile, against the per-pair definition in the same run.

Synthetic, seeded profiles and opportunities (skill URIs are synthetic strings) go through the default firewall
policy for `employment-office` / `job-matching`, as the matcher takes them.  Timed:

- **the matcher**: `Matcher.rank_opportunities(10)` for every profile (one sparse product per block of profiles,
  then the top 10 of each row) and `Matcher.rank_candidates(10)` for every opportunity;
- **per pair**: the straightforward Python definition (`tests/immerse_core/reference.py`), every opportunity
  scored for each of a sample of profiles and sorted; its time is scaled per pair to the whole set (said so in
  the output), since running it on every pair would take many minutes.

Building the matcher (releasing the profiles, checking them, the feature matrices) is timed apart.  The
rankings of the sample are checked to be the same.

    .venv/bin/python bench/matching.py [--profiles 10000] [--opportunities 5000] [--sample 200]
"""
import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from immerse_core.firewall import Policy
from immerse_core.matching import Matcher
from immerse_core.modules import ATTRIBUTES, Firewall, Matching
from tests.immerse_core import reference

LIMIT = 10
SKILLS = [f"http://example.org/skill/{i:05d}" for i in range(3000)]
LANGUAGES = ["es", "it", "el", "en", "fr", "ar", "ti", "uk"]
REGIONS = ["Comunidad de Madrid", "Cataluña", "Sicilia", "Lazio", "Lefkosia", "Lemesos", "Attiki"]
SCHEDULES = ["full_time", "part_time", "evenings", "weekends"]
STATUSES = ["recognised", "pending", "not_recognised"]


def profiles(n, rng):
    for i in range(1, n + 1):
        yield {"person_id": i, "skills": sorted(rng.sample(SKILLS, rng.randint(3, 15))),
               "languages": [{"language": code, "level": rng.choice(reference.CEFR)}
                             for code in rng.sample(LANGUAGES, rng.randint(1, 3))],
               "qualifications": [{"title": "q", "eqf": rng.randint(1, 8), "recognition": rng.choice(STATUSES)}
                                  for _ in range(rng.randint(0, 2))],
               "work_experience": [], "region": rng.choice(REGIONS),
               "availability": sorted(rng.sample(SCHEDULES, rng.randint(0, 3))), "work_permit": "granted",
               "contact_preferences": ["sms"], "preferred_language": "ar", "interpreter_needed": False,
               "gender": rng.choice(["f", "m", "x"]), "date_of_birth": None, "nationality": "SY",
               "ethnicity": None, "religion": None, "health": None}


def opportunities(n, rng):
    for i in range(1, n + 1):
        yield {"id": i, "kind": rng.choice(["job", "job", "training"]), "title": f"opportunity {i}",
               "provider": "p", "occupation": None, "essential_skills": rng.sample(SKILLS, rng.randint(1, 6)),
               "optional_skills": rng.sample(SKILLS, rng.randint(0, 6)),
               "languages": [{"language": code, "level": rng.choice(reference.CEFR)}
                             for code in rng.sample(LANGUAGES, rng.randint(0, 2))],
               "min_eqf": rng.choice([None, *range(1, 9)]), "region": rng.choice([*REGIONS, None]),
               "schedule": rng.choice([*SCHEDULES, None])}


def clocked(function):
    """The result, the wall-clock time and this process's CPU time (all its threads) of a call."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = function()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def main():
    parser = argparse.ArgumentParser(description="The matcher against the per-pair definition.")
    parser.add_argument("--profiles", type=int, default=10_000)
    parser.add_argument("--opportunities", type=int, default=5_000)
    parser.add_argument("--sample", type=int, default=200, help="profiles the per-pair reference ranks")
    args = parser.parse_args()
    rng = random.Random(12)
    people = list(profiles(args.profiles, rng))
    offers = list(opportunities(args.opportunities, rng))
    firewall = Firewall()
    policy = Policy(firewall.rules(firewall.default()), secret=b"bench secret", attributes=ATTRIBUTES)
    config = Matching().check(Matching().default())

    matcher, built, _ = clocked(lambda: Matcher(policy, people, offers, config))
    ranking, ranked, ranked_cpu = clocked(lambda: matcher.rank_opportunities(LIMIT))
    _, candidates, candidates_cpu = clocked(lambda: matcher.rank_candidates(LIMIT))

    released = {view["person_id"]: view for view in
                policy.release_many(people, authority="employment-office", purpose="job-matching")}
    sample = rng.sample(matcher.candidates, min(args.sample, len(matcher.candidates)))
    expected, per_pair, _ = clocked(lambda: [reference.top_opportunities(released[c], offers, config, LIMIT)
                                        for c in sample])
    row = {candidate: i for i, candidate in enumerate(matcher.candidates)}
    for candidate, best in zip(sample, expected, strict=True):
        assert [int(matcher.opportunity_ids[c]) for c in ranking.order[row[candidate]]] == best, candidate
    pairs = args.profiles * args.opportunities
    scaled = per_pair / (len(sample) * args.opportunities) * pairs

    print(f"{args.profiles:,} profiles x {args.opportunities:,} opportunities, top {LIMIT} each")
    print(f"  building the matcher (release, checks, matrices)      {built:8.2f} s")
    print(f"  matcher: top {LIMIT} opportunities of every profile         {ranked:8.2f} s"
          f" (CPU {ranked_cpu:.2f} s)")
    print(f"  matcher: top {LIMIT} candidates of every opportunity        {candidates:8.2f} s"
          f" (CPU {candidates_cpu:.2f} s)")
    print(f"  per pair, {len(sample)} profiles measured ({per_pair:.2f} s), scaled to all {pairs:,} pairs"
          f" {scaled:8.1f} s")
    print(f"  per pair / matcher (top opportunities): {scaled / ranked:,.0f}x"
          f" (target >= 100x, matcher < 2 s: {'met' if ranked < 2 and scaled / ranked >= 100 else 'NOT met'})")
    print(f"  same rankings for the {len(sample)} profiles sampled: yes; load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
