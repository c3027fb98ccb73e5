"""A straightforward per-pair matcher: the definition of the score written out for one person and one opportunity
at a time, from a released profile and a checked `matching` configuration.  The vectorised `Matcher` must agree
with it (tests) and is timed against it (bench/matching.py)."""

CEFR = ["A1", "A2", "B1", "B2", "C1", "C2"]


def best_levels(entries):
    levels = {}
    for entry in entries or ():
        levels[entry["language"]] = max(levels.get(entry["language"], 0), CEFR.index(entry["level"]) + 1)
    return levels


def score(person, opportunity, config):
    share = {"recognised": 1.0, "pending": config["weight/pending_recognition"],
             "not_recognised": config["weight/not_recognised"]}
    skills = set(person.get("skills") or ())
    essential = set(opportunity["essential_skills"])
    optional = set(opportunity["optional_skills"]) - essential
    total = 0.0
    for skill in essential:
        total += config["weight/essential_skill"] if skill in skills else -config["weight/missing_essential_skill"]
    for skill in optional:
        total += config["weight/optional_skill"] if skill in skills else -config["weight/missing_optional_skill"]
    spoken, required = best_levels(person.get("languages")), best_levels(opportunity["languages"])
    if required:
        met = sum(1 for language, level in required.items() if spoken.get(language, 0) >= level)
        total += config["weight/language"] * met / len(required)
    else:
        total += config["weight/language"]
    if opportunity["min_eqf"] is None:
        total += config["weight/qualification"]
    else:
        credits = [share[q["recognition"]] for q in person.get("qualifications") or ()
                   if q["eqf"] >= opportunity["min_eqf"]]
        total += config["weight/qualification"] * max(credits, default=0.0)
    if opportunity["region"] is None or opportunity["region"] == person.get("region"):
        total += config["weight/region"]
    if opportunity["schedule"] is None or opportunity["schedule"] in (person.get("availability") or ()):
        total += config["weight/availability"]
    return round(total, 9)


def top_opportunities(person, opportunities, config, limit):
    """The ids of the `limit` best opportunities for one released profile, ties to the lower id."""
    scored = [(-score(person, opportunity, config), opportunity["id"]) for opportunity in opportunities]
    return [opportunity_id for _score, opportunity_id in sorted(scored)[:limit]]


def top_candidates(people, opportunity, config, limit):
    """The pseudonyms of the `limit` best released profiles for one opportunity, ties to the first pseudonym."""
    scored = [(-score(person, opportunity, config), str(person["person_id"])) for person in people]
    return [candidate for _score, candidate in sorted(scored)[:limit]]
