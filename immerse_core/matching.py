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

from .errors import RefusedInput
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
_REACH = 2 * 10.0 ** -ROUNDING  # more than a rounding moves a score, and a float's error
_GROUP = 32  # columns looked at together when picking the best of a row
_CHUNK = 2048  # profiles scored at once when every profile is ranked


class MatchingError(RefusedInput):
    """Input the matcher refuses, nothing ranked."""


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


def _shaped(view, where):
    """Refuse a released value not in the shape of a stored profile's (a policy that pseudonymises skills, say)."""
    shapes = {"skills": str, "languages": Mapping, "qualifications": Mapping, "availability": str}
    for attribute, item in shapes.items():
        value = view.get(attribute)
        if value is not None and (not isinstance(value, list | tuple)
                                  or not all(isinstance(entry, item) for entry in value)):
            raise MatchingError(f"{where}: {attribute} is not released as a profile stores it", code="bad_view",
                                where=where, attribute=attribute)
    if not isinstance(view.get("region"), str | None):
        raise MatchingError(f"{where}: region is not released as a profile stores it", code="bad_view",
                            where=where, attribute="region")


def _person_view(view, where):
    """The parts of a released profile the matcher reads, checked: skills, language levels, qualification
    credits per EQF level and recognition, region and availability."""
    _shaped(view, where)
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
        """Skills as a sparse product (people × skills by skills × opportunities); the rest (languages, EQF
        credits, region, schedules and each opportunity's constant part) as a small dense product."""
        w, people, offers = self.weights, self._people, self._opportunities
        skills = sorted(set().union(*(p["skills"] for p in people), *(o["essential"] | o["optional"] for o in offers)))
        skill_at = {skill: i for i, skill in enumerate(skills)}
        rows = [row for row, person in enumerate(people) for _skill in person["skills"]]
        columns = [skill_at[skill] for person in people for skill in person["skills"]]
        # Both sides are padded to a whole number of `_GROUP`s (see `_contenders`); padding scores -inf.
        self._n_people, self._n_offers = _padded(len(people)), _padded(len(offers))
        self._skills = sparse.csr_matrix((np.ones(len(rows)), (rows, columns)), shape=(self._n_people, len(skills)))
        rows, columns, values = [], [], []
        for column, offer in enumerate(offers):
            for skill in offer["essential"]:
                rows.append(skill_at[skill]), columns.append(column), values.append(w.essential + w.missing_essential)
            for skill in offer["optional"]:
                rows.append(skill_at[skill]), columns.append(column), values.append(w.optional + w.missing_optional)
        self._skill_weights = sparse.csr_matrix((values, (columns, rows)), shape=(self._n_offers, len(skills)))

        languages = sorted(set().union(*(p["languages"] for p in people), *(o["languages"] for o in offers)))
        regions = sorted({p["region"] for p in people if p["region"] is not None}
                         | {o["region"] for o in offers if o["region"] is not None})
        # Columns: 0 always 1 (the constant part); 1-8 the credit at each EQF level; then "at CEFR level L or
        # above" per language; then the region; then each schedule.
        language_at = {language: 1 + len(EQF_LEVELS) + i * len(CEFR_LEVELS) for i, language in enumerate(languages)}
        region_at = {region: 1 + len(EQF_LEVELS) + len(languages) * len(CEFR_LEVELS) + i
                     for i, region in enumerate(regions)}
        schedule_at = {schedule: 1 + len(EQF_LEVELS) + len(languages) * len(CEFR_LEVELS) + len(regions) + i
                       for i, schedule in enumerate(SCHEDULES)}
        width = 1 + len(EQF_LEVELS) + len(languages) * len(CEFR_LEVELS) + len(regions) + len(SCHEDULES)
        features = np.zeros((self._n_people, width))
        features[:, 0] = 1.0
        for row, person in enumerate(people):
            for eqf in EQF_LEVELS:
                features[row, eqf] = qualification_credit(person["qualifications"], eqf, w.credit)
            for language, level in person["languages"].items():
                features[row, language_at[language]:language_at[language] + level] = 1.0
            if person["region"] is not None:
                features[row, region_at[person["region"]]] = 1.0
            for schedule in person["availability"]:
                features[row, schedule_at[schedule]] = 1.0
        parts = np.zeros((width, self._n_offers))
        for column, offer in enumerate(offers):
            constant = -(w.missing_essential * len(offer["essential"]) + w.missing_optional * len(offer["optional"]))
            for language, level in offer["languages"].items():
                parts[language_at[language] + level - 1, column] = w.language / len(offer["languages"])
            constant += 0 if offer["languages"] else w.language
            if offer["min_eqf"]:
                parts[offer["min_eqf"], column] = w.qualification
            else:
                constant += w.qualification
            if offer["region"] is not None:
                parts[region_at[offer["region"]], column] = w.region
            else:
                constant += w.region
            if offer["schedule"] is not None:
                parts[schedule_at[offer["schedule"]], column] = w.availability
            else:
                constant += w.availability
            parts[0, column] = constant
        self._features = np.ascontiguousarray(features.T)
        self._parts = np.ascontiguousarray(parts.T)

    def _block(self, start: int, stop: int, buffer: np.ndarray | None = None) -> np.ndarray:
        """The unrounded scores of profiles start:stop for every opportunity, opportunities × profiles (padded:
        -inf beyond the last of either); written into `buffer` when it has the block's shape (a block reused
        saves the memory system mapping fresh pages for each)."""
        stop = min(stop, self._n_people)
        if buffer is None or buffer.shape != (self._n_offers, stop - start):
            buffer = np.empty((self._n_offers, stop - start))
        block = np.matmul(self._parts, self._features[:, start:stop], out=buffer)
        product = (self._skill_weights @ self._skills[start:stop].T).tocsr()
        # A product of sparse matrices holds each (row, column) once, so the sum below adds each once.
        rows = np.repeat(np.arange(product.shape[0]), np.diff(product.indptr))
        block.ravel()[rows * block.shape[1] + product.indices] += product.data
        block[len(self._opportunities):] = -np.inf
        block[:, max(0, len(self._people) - start):] = -np.inf
        return block

    def _score(self, row: int, column: int) -> float:
        skills = self._skill_weights[column] @ self._skills[row].T
        return round(float(self._parts[column] @ self._features[:, row] + skills.sum()), ROUNDING)

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
        ranking = top_k(self._block(row, row + 1), limit, axis=0)
        return [self._match(row, int(column)) for column in ranking.order[0] if column >= 0]

    def top_candidates(self, opportunity_id, limit: int = 10) -> list[Match]:
        """The best `limit` candidates (by pseudonym) for one opportunity, best first, each with its reasons."""
        limit = check_limit(limit)
        column = self._column_of(opportunity_id)
        scores = self._parts[column] @ self._features
        scores += (self._skill_weights[column] @ self._skills.T).toarray()[0]
        scores[len(self._people):] = -np.inf
        ranking = top_k(scores[None, :], limit)
        return [self._match(int(row), column) for row in ranking.order[0] if row >= 0]

    def rank_opportunities(self, limit: int = 10) -> Ranking:
        """Every profile's best `limit` opportunities at once (rows in the order of `candidates`, columns in the
        order of `opportunity_ids`); reasons with `explain`."""
        limit = check_limit(limit)
        buffer = np.empty((self._n_offers, min(_CHUNK, self._n_people)))
        parts = [top_k(self._block(start, start + _CHUNK, buffer), limit, axis=0)
                 for start in range(0, self._n_people, _CHUNK)]
        if not parts:
            return Ranking(np.empty((0, limit), dtype=np.int64), np.empty((0, limit)))
        people = len(self._people)
        return Ranking(np.vstack([part.order for part in parts])[:people],
                       np.vstack([part.scores for part in parts])[:people])

    def rank_candidates(self, limit: int = 10) -> Ranking:
        """Every opportunity's best `limit` candidates at once (rows in the order of `opportunity_ids`, columns in
        the order of `candidates`)."""
        limit = check_limit(limit)
        best = top_k(np.empty((len(self._opportunities), 0)), limit)
        buffer = np.empty((self._n_offers, min(_CHUNK, self._n_people)))
        for start in range(0, self._n_people, _CHUNK):
            chunk = top_k(self._block(start, start + _CHUNK, buffer)[:len(self._opportunities)], limit)
            order = np.where(chunk.order >= 0, chunk.order + start, -1)
            best = top_k_of(np.hstack([best.scores, chunk.scores]), np.hstack([best.order, order]), limit)
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
        score = self._score(row, column)
        return Match(
            opportunity_id=opportunity["id"], candidate=self.candidates[row], score=score,
            matched_essential=tuple(sorted(opportunity["essential"] & skills)),
            matched_optional=tuple(sorted(opportunity["optional"] & skills)),
            missing_essential=missing_essential, missing_optional=missing_optional, language_gaps=gaps,
            qualification_credit=qualification_credit(person["qualifications"], opportunity["min_eqf"], w.credit),
            region_met=opportunity["region"] is None or opportunity["region"] == person["region"],
            schedule_met=opportunity["schedule"] is None or opportunity["schedule"] in person["availability"],
            training=training)


def _padded(n: int) -> int:
    return -(-n // _GROUP) * _GROUP


def top_k(scores: np.ndarray, k: int, axis: int = 1) -> Ranking:
    """Per row of `scores` (unrounded; per column with axis=0), the indices of the k highest after rounding, best
    first, ties to the lower index; -inf is never ranked."""
    n_lines, n_items = scores.shape if axis == 1 else scores.shape[::-1]
    if n_items <= k or n_lines == 0:
        lines, items = np.divmod(np.arange(n_lines * n_items), n_items)
    else:
        lines, items = _contenders(scores, k, axis)
    values = scores[lines, items] if axis == 1 else scores[items, lines]
    ranked = values > -np.inf
    return _first_k(lines[ranked], items[ranked], np.round(values[ranked], ROUNDING), n_lines, k)


def _contenders(scores, k, axis):
    """The (line, item) pairs that may be among a line's k best once rounded (lines are rows with axis=1,
    columns with axis=0).

    Rounding keeps the order, so all of them score at least a line's k-th highest unrounded score less the
    rounding's reach.  Rather than select the k-th highest of every line, its items are cut into groups of
    `_GROUP`: the k-th highest of the groups' maxima is a threshold that k items reach, close below the k-th
    highest score, and only the groups whose maximum reaches it are looked into."""
    n_items = scores.shape[axis]
    groups = n_items // _GROUP
    if groups < 2 * k or n_items % _GROUP:
        lines = scores if axis == 1 else scores.T
        kth = np.partition(lines, n_items - k, axis=1)[:, n_items - k]
        return np.nonzero(lines >= (kth - _REACH)[:, None])
    if axis == 1:
        grouped = scores.reshape(scores.shape[0], groups, _GROUP)  # lines × groups × items of a group
        maxima = grouped.max(axis=2)
    else:
        grouped = scores.reshape(groups, _GROUP, scores.shape[1])  # groups × items of a group × lines
        maxima = grouped.max(axis=1).T
    threshold = np.partition(maxima, groups - k, axis=1)[:, groups - k] - _REACH
    line, group = np.nonzero(maxima >= threshold[:, None])
    values = grouped[line, group, :] if axis == 1 else grouped[group, :, line]
    chosen, place = np.nonzero(values >= threshold[line, None])
    return line[chosen], group[chosen] * _GROUP + place


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
