"""Matching and the fairness audit on a project's stored profiles and opportunities.

The matcher is built with the firewall policy in force and the `matching` configuration in force, from stored
records holding only the attributes the firewall's rules for `employment-office` / `job-matching` release: the
table of protected attributes is never read for matching.  The fairness audit is the one reader of a protected
attribute here, and only to put people into groups.
"""
import sqlalchemy as sa

from immerse_core import fairness
from immerse_core.firewall import SPECIAL_CATEGORIES
from immerse_core.generalisers import default_generalisers
from immerse_core.matching import (
    AUTHORITY,
    MAX_LIMIT,
    PURPOSE,
    Matcher,
    MatchingError,
    check_limit,
)

from ..extensions import db
from ..profiles import services as profiles
from ..profiles.models import Profile
from . import services

DEFAULT_LIMIT = 10
# The audit's groups: the attribute read from the protected table, and how it is generalised into a group.
AUDIT_ATTRIBUTES = {"gender": ("gender", None), "age_band": ("date_of_birth", "age_band"),
                    "world_region": ("nationality", "world_region")}
AUDIT_DEPTH = MAX_LIMIT  # each opportunity's ranking the audit reads: its first candidates
MAX_TOP_N = AUDIT_DEPTH // 2


def parse_limit(text, default=DEFAULT_LIMIT):
    """The limit of a URL's query string: a whole number from 1 to 100, else MatchingError (`bad_limit`)."""
    if text is None or text == "":
        return default
    try:
        value = int(text.strip())
    except ValueError:
        value = text
    return check_limit(value)


def released_attributes(policy):
    """The stored attributes the firewall releases for job matching (person_id always, so results name
    someone); MatchingError when one is a special category, before anything is read."""
    attributes = {attribute for attribute, rule in policy.rules_for(AUTHORITY, PURPOSE).items()
                  if rule.action != "drop"}
    protected = sorted(attributes & SPECIAL_CATEGORIES)
    if protected:
        raise MatchingError(f"the view released for {PURPOSE} holds {', '.join(protected)}",
                            code="protected_attribute", attributes=protected)
    return sorted(attributes | {"person_id"})


def own_profile_ids(project, site_ids):
    """The ids of the project's profiles at these sites."""
    return list(db.session.scalars(sa.select(Profile.id).where(Profile.project_id == project.id,
                                                               Profile.site_id.in_(site_ids))))


def build_matcher(project, secret, *, site_ids=None, kind=None):
    """A Matcher of the project's profiles (only those at `site_ids` when given) and opportunities (only of
    `kind` when given), with the firewall policy and matching configuration in force."""
    policy = services.firewall_policy(project, secret)
    attributes = released_attributes(policy)
    ids = own_profile_ids(project, site_ids) if site_ids is not None else None
    stored = profiles.records(project.id, attributes, ids=ids)
    offers = profiles.opportunities(project.id)
    if kind is not None:
        offers = [offer for offer in offers if offer["kind"] == kind]
    return Matcher(policy, stored, offers, services.current(project, "matching").document), offers


def parse_top_n(text):
    """The audit's N: a whole number from 1 to MAX_TOP_N (default 10), else FairnessError (`bad_top_n`)."""
    if text is None or text == "":
        return DEFAULT_LIMIT
    try:
        value = int(text.strip())
    except ValueError:
        value = None
    if value is None or not 1 <= value <= MAX_TOP_N:
        raise fairness.FairnessError(f"top N: a whole number from 1 to {MAX_TOP_N}", code="bad_top_n",
                                     value=text, high=MAX_TOP_N)
    return value


def groups_of(project, matcher, attribute):
    """pseudonym → group for every profile of the matcher, from the protected table (the one place it is read)."""
    stored, generaliser = AUDIT_ATTRIBUTES[attribute]
    generalise = default_generalisers()[generaliser] if generaliser else None
    found = {}
    for record in profiles.records(project.id, ["person_id", stored]):
        value = record[stored]
        if value is not None and generalise is not None:
            value = generalise(value)
        found[matcher.pseudonym(record["person_id"])] = value
    return found


def _rankings(project, secret, kind):
    """(matcher, per opportunity its first AUDIT_DEPTH candidates) of the opportunities of `kind` (all: None)."""
    matcher, _offers = build_matcher(project, secret, kind=kind)
    ranking = matcher.rank_candidates(AUDIT_DEPTH)
    return matcher, {int(opportunity_id): [matcher.candidates[column] for column in ranking.order[row] if column >= 0]
                     for row, opportunity_id in enumerate(matcher.opportunity_ids)}


def run_audit(project, secret, attribute, top_n, *, kind=None):
    """The fairness audit of the project's rankings of candidates (per opportunity, its first AUDIT_DEPTH),
    selection into the top `top_n`, groups by `attribute` (a key of AUDIT_ATTRIBUTES).

    The audit of one `kind` of opportunity is refused (FairnessError `singles_out`) when, beside the audit of
    every opportunity, it would single people out (`fairness.filter_refusal`)."""
    if attribute not in AUDIT_ATTRIBUTES:
        raise ValueError(attribute)
    matcher, rankings = _rankings(project, secret, kind)
    groups = groups_of(project, matcher, attribute)
    if kind is not None:
        _whole_matcher, every_ranking = _rankings(project, secret, None)
        if fairness.filter_refusal(rankings, every_ranking, groups):
            raise fairness.FairnessError(f"the audit of {kind} alone would single people out",
                                         code="singles_out", kind=kind)
    return fairness.audit(rankings, groups, top_n)
