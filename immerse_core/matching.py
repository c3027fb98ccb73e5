"""Explainable job and skills matching, on the firewall's view of the profiles only.

A `Matcher` is built from a firewall `Policy`, the stored profile records, the opportunities and the `matching`
module's configuration.  It releases the profiles itself, for the authority `employment-office` and the purpose
`job-matching`, and keeps nothing but that released view: a protected attribute the policy does not release
cannot reach it, and a view that holds one (a special category, even generalised) is refused.

The score of a person for an opportunity is a sum of weighted parts, each weight a setting of the module:

- each essential skill the person has counts `essential_skill`, each one missing counts `-missing_essential_skill`;
- each optional skill the person has counts `optional_skill`, each one missing `-missing_optional_skill`;
- `language` × the share of the required languages the person speaks at the required CEFR level or above;
- `qualification` × the best credit of a qualification at the minimum EQF level or above: 1 when recognised,
  `pending_recognition` while its recognition is pending, `not_recognised` when it was not recognised;
- `region` when the person lives in the opportunity's region, `availability` when the person is available for its
  schedule.

A requirement the opportunity does not set (no language, no minimum EQF level, no region, no schedule) is met by
everyone.  Scores are rounded to 1e-9, so that equal sums tie exactly; ties go to the lower opportunity id, or to
the candidate whose pseudonym sorts first.

The scores of all pairs are one sparse product: each person is a row of features (skills; per language "at level
L or above" for each CEFR level; per EQF level the credit of the person's best qualification at or above it; the
region; each schedule the person is available for) and each opportunity a row of the weights it gives them.
"""
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from .firewall import SPECIAL_CATEGORIES, Policy
from .modules import Matching

AUTHORITY = "employment-office"
PURPOSE = "job-matching"
CEFR_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")
EQF_LEVELS = range(1, 9)
RECOGNITION = ("recognised", "pending", "not_recognised")
SCHEDULES = ("full_time", "part_time", "evenings", "weekends")
KINDS = ("job", "training")
MAX_LIMIT = 100
ROUNDING = 9
_CHUNK = 1024  # profiles scored at once when every profile is ranked


class MatchingError(ValueError):
    """Input the matcher refuses, nothing ranked.  `code` says which check refused it (for a caller that words the
    refusal in its reader's language) and `params` what a message needs."""

    def __init__(self, message, *, code, **params):
        super().__init__(message)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class LanguageGap:
    """A language an opportunity requires at `required` that the person speaks below it (`level`) or not at all
    (`level` None)."""

    language: str
    required: str
    level: str | None


@dataclass(frozen=True)
class Match:
    """One ranked result: a person (by pseudonym) and an opportunity, the score and the reasons behind it.

    `training` maps each missing skill to the ids of the training opportunities that teach it."""

    opportunity_id: int
    candidate: str
    score: float
    matched_essential: tuple[str, ...]
    matched_optional: tuple[str, ...]
    missing_essential: tuple[str, ...]
    missing_optional: tuple[str, ...]
    language_gaps: tuple[LanguageGap, ...]
    qualification_credit: float
    region_met: bool
    schedule_met: bool
    training: Mapping[str, tuple[int, ...]]

    @property
    def matched_skills(self) -> tuple[str, ...]:
        return tuple(sorted(self.matched_essential + self.matched_optional))

    @property
    def missing_skills(self) -> tuple[str, ...]:
        return tuple(sorted(self.missing_essential + self.missing_optional))


@dataclass(frozen=True)
class Ranking:
    """Every row's top results at once: `order[i]` the column indices of row i's best, best first (-1 where a row
    has fewer columns than the limit), `scores[i]` their scores (NaN where -1)."""

    order: np.ndarray
    scores: np.ndarray


def check_limit(limit) -> int:
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise MatchingError(f"limit: a whole number from 1 to {MAX_LIMIT}, not {limit!r}", code="bad_limit",
                            value=limit, low=1, high=MAX_LIMIT)
    return limit


def _cefr(level, where):
    if level not in CEFR_LEVELS:
        raise MatchingError(f"{where}: {level!r} is not a CEFR level ({', '.join(CEFR_LEVELS)})", code="bad_cefr",
                            where=where, value=level)
    return CEFR_LEVELS.index(level) + 1


def _eqf(level, where, *, optional=False):
    if optional and level is None:
        return 0
    if isinstance(level, bool) or not isinstance(level, int) or level not in EQF_LEVELS:
        raise MatchingError(f"{where}: {level!r} is not an EQF level (1 to 8)", code="bad_eqf", where=where,
                            value=level)
    return level


def _person_view(view, where):
    """The parts of a released profile the matcher reads, checked: skills, language levels, qualification
    credits per EQF level and recognition, region and availability."""
    skills = frozenset(view.get("skills") or ())
    languages: dict[str, int] = {}
    for entry in view.get("languages") or ():
        level = _cefr(entry.get("level"), f"{where}: {entry.get('language')}")
        languages[entry.get("language")] = max(level, languages.get(entry.get("language"), 0))
    qualifications = []
    for entry in view.get("qualifications") or ():
        eqf = _eqf(entry.get("eqf"), f"{where}: {entry.get('title')}")
        recognition = entry.get("recognition")
        if recognition not in RECOGNITION:
            raise MatchingError(f"{where}: {recognition!r} is not a recognition status", code="bad_recognition",
                                where=where, value=recognition)
        qualifications.append((eqf, recognition))
    availability = frozenset(view.get("availability") or ())
    unknown = sorted(availability - set(SCHEDULES))
    if unknown:
        raise MatchingError(f"{where}: {unknown[0]!r} is not a schedule", code="bad_schedule", where=where,
                            value=unknown[0])
    return {"skills": skills, "languages": languages, "qualifications": tuple(qualifications),
            "region": view.get("region"), "availability": availability}


def _opportunity(opportunity):
    where = f"opportunity {opportunity.get('id')}"
    if isinstance(opportunity.get("id"), bool) or not isinstance(opportunity.get("id"), int):
        raise MatchingError(f"{where}: an opportunity needs a whole-number id", code="bad_opportunity_id",
                            where=where, value=opportunity.get("id"))
    if opportunity.get("kind") not in KINDS:
        raise MatchingError(f"{where}: {opportunity.get('kind')!r} is not a kind ({', '.join(KINDS)})",
                            code="bad_kind", where=where, value=opportunity.get("kind"))
    languages = {}
    for entry in opportunity.get("languages") or ():
        languages[entry.get("language")] = max(_cefr(entry.get("level"), f"{where}: {entry.get('language')}"),
                                               languages.get(entry.get("language"), 0))
    schedule = opportunity.get("schedule")
    if schedule is not None and schedule not in SCHEDULES:
        raise MatchingError(f"{where}: {schedule!r} is not a schedule", code="bad_schedule", where=where,
                            value=schedule)
    essential = frozenset(opportunity.get("essential_skills") or ())
    return {"id": opportunity["id"], "kind": opportunity["kind"], "essential": essential,
            "optional": frozenset(opportunity.get("optional_skills") or ()) - essential,
            "languages": languages, "min_eqf": _eqf(opportunity.get("min_eqf"), where, optional=True),
            "region": opportunity.get("region"), "schedule": schedule}


class Weights:
    """The weights of a checked `matching` configuration."""

    def __init__(self, config: Mapping):
        checked = Matching().check(dict(config))
        self.essential = checked["weight/essential_skill"]
        self.optional = checked["weight/optional_skill"]
        self.missing_essential = checked["weight/missing_essential_skill"]
        self.missing_optional = checked["weight/missing_optional_skill"]
        self.language = checked["weight/language"]
        self.qualification = checked["weight/qualification"]
        self.credit = {"recognised": 1.0, "pending": checked["weight/pending_recognition"],
                       "not_recognised": checked["weight/not_recognised"]}
        self.region = checked["weight/region"]
        self.availability = checked["weight/availability"]
        self.training_for_gaps = checked["criterion/training_for_gaps"]


def qualification_credit(qualifications: Iterable[tuple[int, str]], min_eqf: int, credit: Mapping[str, float]):
    """The best credit among qualifications at `min_eqf` or above (1 when no level is required)."""
    if not min_eqf:
        return 1.0
    return max((credit[recognition] for eqf, recognition in qualifications if eqf >= min_eqf), default=0.0)


class Matcher:
    """Ranks opportunities for a person and candidates for an opportunity; see the module's docstring."""

    def __init__(self, policy: Policy, profiles: Iterable[Mapping], opportunities: Iterable[Mapping],
                 config: Mapping):
        self._policy = policy
        self.weights = Weights(config)
        released = policy.release_many(profiles, authority=AUTHORITY, purpose=PURPOSE)
        attributes = set().union(*released) if released else set()
        protected = sorted(attributes & SPECIAL_CATEGORIES)
        if protected:
            raise MatchingError(f"the view released for {PURPOSE} holds {', '.join(protected)}: the matcher never "
                                f"reads a special category", code="protected_attribute", attributes=protected)
        if released and "person_id" not in attributes:
            raise MatchingError(f"the view released for {PURPOSE} has no person_id: results could not name anyone",
                                code="no_person_id")
        self.attributes = frozenset(attributes)
        people = {}
        for view in released:
            candidate = str(view["person_id"])
            if candidate in people:
                raise MatchingError(f"profile {candidate} is given twice", code="duplicate_profile",
                                    where=candidate)
            people[candidate] = _person_view(view, f"profile {candidate}")
        self.candidates = tuple(sorted(people))
        self._people = [people[candidate] for candidate in self.candidates]
        self._row = {candidate: row for row, candidate in enumerate(self.candidates)}
        checked = sorted((_opportunity(opportunity) for opportunity in opportunities), key=lambda o: o["id"])
        ids = [opportunity["id"] for opportunity in checked]
        twice = next((i for i, count in Counter(ids).items() if count > 1), None)
        if twice is not None:
            raise MatchingError(f"opportunity {twice} is given twice", code="duplicate_opportunity", where=twice)
        self._opportunities = checked
        self.opportunity_ids = np.array(ids, dtype=np.int64)
        self._column = {opportunity_id: column for column, opportunity_id in enumerate(ids)}
        self._teaches: dict[str, list[int]] = {}
        for opportunity in checked:
            if opportunity["kind"] == "training":
                for skill in opportunity["essential"] | opportunity["optional"]:
                    self._teaches.setdefault(skill, []).append(opportunity["id"])
        self._build()

    # --- the feature matrices ----------------------------------------------------------------------------------

    def _build(self):
        w = self.weights
        skills = sorted(set().union(*(p["skills"] for p in self._people),
                                    *(o["essential"] | o["optional"] for o in self._opportunities)))
        languages = sorted(set().union(*(p["languages"] for p in self._people),
                                       *(o["languages"] for o in self._opportunities)))
        regions = sorted({p["region"] for p in self._people if p["region"] is not None}
                         | {o["region"] for o in self._opportunities if o["region"] is not None})
        skill_at = {skill: i for i, skill in enumerate(skills)}
        language_base = len(skills)
        language_at = {language: language_base + i * len(CEFR_LEVELS) for i, language in enumerate(languages)}
        eqf_base = language_base + len(languages) * len(CEFR_LEVELS)
        region_base = eqf_base + len(EQF_LEVELS)
        region_at = {region: region_base + i for i, region in enumerate(regions)}
        schedule_base = region_base + len(regions)
        schedule_at = {schedule: schedule_base + i for i, schedule in enumerate(SCHEDULES)}
        width = schedule_base + len(SCHEDULES)

        rows, columns, values = [], [], []
        for row, person in enumerate(self._people):
            features = {skill_at[skill]: 1.0 for skill in person["skills"]}
            for language, level in person["languages"].items():
                for step in range(level):  # "at CEFR level step+1 or above"
                    features[language_at[language] + step] = 1.0
            for eqf in EQF_LEVELS:
                credit = qualification_credit(person["qualifications"], eqf, w.credit)
                if credit:
                    features[eqf_base + eqf - 1] = credit
            if person["region"] is not None:
                features[region_at[person["region"]]] = 1.0
            for schedule in person["availability"]:
                features[schedule_at[schedule]] = 1.0
            rows.extend([row] * len(features))
            columns.extend(features)
            values.extend(features.values())
        self._people_features = sparse.csr_matrix((values, (rows, columns)), shape=(len(self._people), width))

        rows, columns, values = [], [], []
        constant = np.zeros(len(self._opportunities))
        for row, opportunity in enumerate(self._opportunities):
            weights = {}
            for skill in opportunity["essential"]:
                weights[skill_at[skill]] = w.essential + w.missing_essential
            for skill in opportunity["optional"]:
                weights[skill_at[skill]] = w.optional + w.missing_optional
            constant[row] -= (w.missing_essential * len(opportunity["essential"])
                              + w.missing_optional * len(opportunity["optional"]))
            if opportunity["languages"]:
                for language, level in opportunity["languages"].items():
                    weights[language_at[language] + level - 1] = w.language / len(opportunity["languages"])
            else:
                constant[row] += w.language
            if opportunity["min_eqf"]:
                weights[eqf_base + opportunity["min_eqf"] - 1] = w.qualification
            else:
                constant[row] += w.qualification
            if opportunity["region"] is not None:
                weights[region_at[opportunity["region"]]] = w.region
            else:
                constant[row] += w.region
            if opportunity["schedule"] is not None:
                weights[schedule_at[opportunity["schedule"]]] = w.availability
            else:
                constant[row] += w.availability
            rows.extend([row] * len(weights))
            columns.extend(weights)
            values.extend(weights.values())
        self._opportunity_weights = sparse.csr_matrix((values, (rows, columns)),
                                                      shape=(len(self._opportunities), width)).T.tocsr()
        self._constant = constant

    def _scores(self, people_rows) -> np.ndarray:
        """The scores of the given profile rows (a slice) for every opportunity, rounded."""
        block = (self._people_features[people_rows] @ self._opportunity_weights).toarray()
        block += self._constant
        return np.round(block, ROUNDING)

    # --- ranking ------------------------------------------------------------------------------------------------

    def pseudonym(self, person_id) -> str:
        """The pseudonym the firewall gives this person for job matching."""
        released = self._policy.release({"person_id": person_id}, authority=AUTHORITY, purpose=PURPOSE)
        return str(released.get("person_id"))

    def _row_of(self, person_id) -> int:
        row = self._row.get(self.pseudonym(person_id))
        if row is None:
            raise MatchingError(f"no profile {person_id}", code="unknown_profile", where=person_id)
        return row

    def _column_of(self, opportunity_id) -> int:
        column = self._column.get(opportunity_id)
        if column is None:
            raise MatchingError(f"no opportunity {opportunity_id}", code="unknown_opportunity", where=opportunity_id)
        return column

    def top_opportunities(self, person_id, limit: int = 10) -> list[Match]:
        """The best `limit` opportunities for one person, best first, each with its reasons."""
        limit = check_limit(limit)
        row = self._row_of(person_id)
        scores = self._scores(slice(row, row + 1))
        ranking = top_k(scores, limit)
        return [self._match(row, int(column)) for column in ranking.order[0] if column >= 0]

    def top_candidates(self, opportunity_id, limit: int = 10) -> list[Match]:
        """The best `limit` candidates (by pseudonym) for one opportunity, best first, each with its reasons."""
        limit = check_limit(limit)
        column = self._column_of(opportunity_id)
        scores = (self._people_features @ self._opportunity_weights[:, column]).toarray().T
        scores = np.round(scores + self._constant[column], ROUNDING)
        ranking = top_k(scores, limit)
        return [self._match(int(row), column) for row in ranking.order[0] if row >= 0]

    def rank_opportunities(self, limit: int = 10) -> Ranking:
        """Every profile's best `limit` opportunities at once (rows in the order of `candidates`, columns in the
        order of `opportunity_ids`); reasons with `explain`."""
        limit = check_limit(limit)
        parts = [top_k(self._scores(slice(start, start + _CHUNK)), limit)
                 for start in range(0, len(self._people), _CHUNK)]
        if not parts:
            return Ranking(np.empty((0, limit), dtype=np.int64), np.empty((0, limit)))
        return Ranking(np.vstack([part.order for part in parts]), np.vstack([part.scores for part in parts]))

    def rank_candidates(self, limit: int = 10) -> Ranking:
        """Every opportunity's best `limit` candidates at once (rows in the order of `opportunity_ids`, columns in
        the order of `candidates`)."""
        limit = check_limit(limit)
        best = Ranking(np.full((len(self._opportunities), 0), -1, dtype=np.int64),
                       np.empty((len(self._opportunities), 0)))
        for start in range(0, len(self._people), _CHUNK):
            chunk = top_k(self._scores(slice(start, start + _CHUNK)).T, limit)
            order = np.where(chunk.order >= 0, chunk.order + start, -1)
            best = top_k_of(np.hstack([best.scores, chunk.scores]), np.hstack([best.order, order]), limit)
        if best.order.shape[1] < limit:
            pad = limit - best.order.shape[1]
            best = Ranking(np.pad(best.order, ((0, 0), (0, pad)), constant_values=-1),
                           np.pad(best.scores, ((0, 0), (0, pad)), constant_values=np.nan))
        return best

    def explain(self, person_id, opportunity_id) -> Match:
        """One person's score for one opportunity and its reasons."""
        return self._match(self._row_of(person_id), self._column_of(opportunity_id))

    def _match(self, row: int, column: int) -> Match:
        person, opportunity, w = self._people[row], self._opportunities[column], self.weights
        skills = person["skills"]
        gaps = tuple(LanguageGap(language, CEFR_LEVELS[level - 1],
                                 CEFR_LEVELS[person["languages"][language] - 1]
                                 if language in person["languages"] else None)
                     for language, level in sorted(opportunity["languages"].items())
                     if person["languages"].get(language, 0) < level)
        missing_essential = tuple(sorted(opportunity["essential"] - skills))
        missing_optional = tuple(sorted(opportunity["optional"] - skills))
        training = {}
        if w.training_for_gaps:
            for skill in missing_essential + missing_optional:
                teaching = tuple(i for i in self._teaches.get(skill, ()) if i != opportunity["id"])
                if teaching:
                    training[skill] = teaching
        score = float(self._scores(slice(row, row + 1))[0, column])
        return Match(
            opportunity_id=opportunity["id"], candidate=self.candidates[row], score=score,
            matched_essential=tuple(sorted(opportunity["essential"] & skills)),
            matched_optional=tuple(sorted(opportunity["optional"] & skills)),
            missing_essential=missing_essential, missing_optional=missing_optional, language_gaps=gaps,
            qualification_credit=qualification_credit(person["qualifications"], opportunity["min_eqf"], w.credit),
            region_met=opportunity["region"] is None or opportunity["region"] == person["region"],
            schedule_met=opportunity["schedule"] is None or opportunity["schedule"] in person["availability"],
            training=training)


def top_k(scores: np.ndarray, k: int) -> Ranking:
    """Per row of `scores`, the column indices of the k highest, best first, ties to the lower index."""
    n_rows, n_columns = scores.shape
    if n_columns == 0 or n_rows == 0:
        return Ranking(np.full((n_rows, k), -1, dtype=np.int64), np.full((n_rows, k), np.nan))
    if n_columns > k:
        # The k-th highest score of each row: every column scoring at least that is a contender (ties included).
        kth = -np.partition(-scores, k - 1, axis=1)[:, k - 1]
        rows, columns = np.nonzero(scores >= kth[:, None])
    else:
        rows, columns = np.divmod(np.arange(n_rows * n_columns), n_columns)
    return _first_k(rows, columns, scores[rows, columns], n_rows, k)


def top_k_of(scores: np.ndarray, order: np.ndarray, k: int) -> Ranking:
    """Per row, the k best of given (score, index) pairs (index -1: no entry), ties to the lower index."""
    rows, positions = np.nonzero(order >= 0)
    return _first_k(rows, order[rows, positions], scores[rows, positions], scores.shape[0], k)


def _first_k(rows, columns, values, n_rows, k) -> Ranking:
    chosen = np.lexsort((columns, -values, rows))
    rows, columns, values = rows[chosen], columns[chosen], values[chosen]
    starts = np.searchsorted(rows, np.arange(n_rows))
    place = np.arange(len(rows)) - starts[rows]
    keep = place < k
    order = np.full((n_rows, k), -1, dtype=np.int64)
    best = np.full((n_rows, k), np.nan)
    order[rows[keep], place[keep]] = columns[keep]
    best[rows[keep], place[keep]] = values[keep]
    return Ranking(order, best)
