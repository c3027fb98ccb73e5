"""Benchmark: records per second through the firewall, against baselines measured in the same run.

Synthetic profiles of 20 attributes are released for `employment-office` / `job-matching` through a policy
that allows, generalises (date of birth → age band, postcode → region, nationality → world region),
pseudonymises (the id) and drops the rest.  Baselines:

- **the floor**: a bare dict comprehension keeping the allowed keys (no generalisation, no pseudonym);
- **pycasbin** (if installed, the `bench` extra): a general-purpose policy engine asked, per attribute,
  whether it may be released (the same allow/deny decisions), then the allowed keys kept as the floor does.

    .venv/bin/python bench/firewall_throughput.py [--records 100000] [--casbin-records 5000]
"""
import argparse
import random
import time
from datetime import date

from immerse_core.firewall import Policy, Rule
from immerse_core.generalisers import default_generalisers

AUTHORITY, PURPOSE = "employment-office", "job-matching"
ATTRIBUTES = ["id", "skills", "languages", "qualifications", "eqf_level", "recognition", "occupation",
              "years_experience", "postcode", "availability", "work_permit", "contact_channel", "phone",
              "email", "date_of_birth", "gender", "nationality", "ethnicity", "religion", "health"]
ACTIONS = {"id": ("pseudonymise", None), "postcode": ("generalise", "region"),
           "date_of_birth": ("generalise", "age_band"), "nationality": ("generalise", "world_region"),
           **{a: ("allow", None) for a in ["skills", "languages", "qualifications", "eqf_level", "recognition",
                                           "occupation", "years_experience", "availability", "work_permit"]},
           **{a: ("drop", None) for a in ["phone", "email", "contact_channel", "gender", "religion"]}}
POSTCODES = {f"{28000 + i:05d}": f"region-{i % 7}" for i in range(100)}
CASBIN_MODEL = """
[request_definition]
r = sub, pur, attr
[policy_definition]
p = sub, pur, attr
[policy_effect]
e = some(where (p.eft == allow))
[matchers]
m = r.sub == p.sub && r.pur == p.pur && r.attr == p.attr
"""


def profiles(n, seed=1):
    rng = random.Random(seed)
    for i in range(n):
        yield {"id": f"ES-M-{i:06d}", "skills": ["http://data.europa.eu/esco/skill/x"], "languages": {"es": "B1"},
               "qualifications": ["q"], "eqf_level": rng.randint(1, 8), "recognition": "pending",
               "occupation": "o", "years_experience": rng.randint(0, 30), "postcode": rng.choice(list(POSTCODES)),
               "availability": "full-time", "work_permit": "yes", "contact_channel": "sms", "phone": "555",
               "email": "a@b", "date_of_birth": date(rng.randint(1950, 2005), rng.randint(1, 12), 1),
               "gender": "f", "nationality": rng.choice(["SY", "SN", "MA", "AF"]), "ethnicity": "e",
               "religion": "r", "health": "h"}


def timed(function):
    start = time.perf_counter()
    result = function()
    return result, time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--casbin-records", type=int, default=5_000)
    args = parser.parse_args()
    rules = [Rule(AUTHORITY, PURPOSE, a, action, generaliser=g, requirements=("REQ-002",))
             for a, (action, g) in ACTIONS.items()]
    policy = Policy(rules, secret=b"bench secret",
                    generalisers=default_generalisers(date(2026, 6, 15), POSTCODES), attributes=ATTRIBUTES)
    records = list(profiles(args.records))
    allowed = [a for a, (action, _) in ACTIONS.items() if action != "drop"]

    _, floor = timed(lambda: [{k: r[k] for k in allowed if k in r} for r in records])
    released, firewall = timed(lambda: policy.release_many(records, AUTHORITY, PURPOSE))
    assert set(released[0]) == set(allowed)
    rate = {"floor (dict comprehension)": args.records / floor, "firewall (release_many)": args.records / firewall}
    try:
        import casbin
    except ImportError:
        casbin = None
        print("pycasbin not installed: `pip install -e '.[bench]'` to compare with it")
    if casbin:
        model = casbin.model.Model()
        model.load_model_from_text(CASBIN_MODEL)
        enforcer = casbin.Enforcer(model)
        for a in allowed:
            enforcer.add_policy(AUTHORITY, PURPOSE, a)
        sample = records[:args.casbin_records]
        seen, elapsed = timed(lambda: [{k: v for k, v in r.items() if enforcer.enforce(AUTHORITY, PURPOSE, k)}
                                       for r in sample])
        assert set(seen[0]) == set(allowed)
        rate[f"pycasbin per attribute ({len(sample):,} records)"] = len(sample) / elapsed

    print(f"{args.records:,} records of {len(ATTRIBUTES)} attributes, {AUTHORITY} / {PURPOSE}")
    for name, value in rate.items():
        print(f"  {name:42} {value:>12,.0f} records/s")
    print(f"  firewall / floor: {rate['firewall (release_many)'] / rate['floor (dict comprehension)']:.2f}x")
    if casbin:
        casbin_rate = rate[next(name for name in rate if name.startswith("pycasbin"))]
        print(f"  firewall / pycasbin: {rate['firewall (release_many)'] / casbin_rate:.1f}x")


if __name__ == "__main__":
    main()
