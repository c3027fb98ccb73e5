"""Results for researchers: per-question counts and percentages, numbers, SUS scores, free text.

Counts shown for a subset of respondents chosen by a participant attribute
(pilot site, stakeholder group, language) are a breakdown by that attribute:
every count below 5 is suppressed there (`immerse_core.privacy.suppress_counts`),
and percentages of suppressed counts with it. With a filter on, more is held back:

- when fewer than SMALL_CELL responses match, no per-question result is shown at
  all (`summarise` returns no QuestionResult; the page says why): with two
  responses, "0, 0, <5, 0" tells exactly what both people answered;
- a zero next to a lone suppressed cell is revealing too (every answer is in the
  suppressed cell), so zeros are then hidden with it ("–");
- lowest and highest values (numbers, dates) are never shown: they are single people; nor is the area that
  locations cover (its edges are single people too). A location's results are its count, and its centre and
  area only from SMALL_CELL answers on (`kinds.Geopoint`): a point is never listed.

Every response is read through the definition of the version it was answered
in. When a question's wording (its source-language label or choice labels)
changed between versions, answers given to each wording are shown apart, each
with its own labels and the versions it covers (`QuestionResult.versions`): a
count of "Health" under one wording is not added to "Health care" under another.
When the wording never changed, one result covers every version (`versions` None).
"""
from dataclasses import dataclass, field
from datetime import date

from immerse_core.privacy import SMALL_CELL, Count, suppress_counts

from ..participants.services import quoting_withdrawn_on

from .kinds import kind_of, pick
from .services import definitions_of_versions, list_responses, questions_of, response_counts, wording, wordings

@dataclass
class Row:
    label: str
    count: Count
    percent: float | None


@dataclass
class QuestionResult:
    question: dict
    label: str
    answered: Count
    rows: list = field(default_factory=list)        # choice counts
    numbers: dict | None = None                      # n, mean, median, min, max
    texts: list = field(default_factory=list)        # (language, text) of free-text answers
    sus_mean: float | None = None
    versions: list | None = None                     # the versions of this wording, when the wording changed
    rows_heading: str = ""                           # what the rows count ("Answer", "SUS score")

    @property
    def slot(self):
        """A name for this result that is unique on the page (a question can have several wordings)."""
        key = self.question["key"]
        return key if self.versions is None else f"{key}-v{self.versions[0]}"


def _percent(count, total):
    """The share of `total` in per cent, None when the count is suppressed."""
    return None if not total or count.suppressed else round(100 * count.value / total, 1)


def summarise(survey, defn, language, *, site_id=None, stakeholder_group=None, response_language=None):
    """(number of responses as a Count, [QuestionResult]) for the responses matching the filters."""
    responses = list_responses(survey, site_id=site_id, stakeholder_group=stakeholder_group,
                               language=response_language)
    filtered = bool(site_id or stakeholder_group or response_language)
    source = defn["source_language"]
    total = len(responses)
    total_shown = suppress_counts({"all": total})["all"] if filtered else Count(total)
    if filtered and total < SMALL_CELL:
        return total_shown, []
    by_version = {}
    for response in responses:
        by_version.setdefault(response.survey_version, []).append(response)
    defns = definitions_of_versions(survey, by_version)
    results = []
    for current in questions_of(defn):
        if not kind_of(current).answers:
            continue
        groups = wordings(current["key"], defns, source)
        if len(groups) <= 1 and (not groups or _same_wording(groups[0][0], current, source)):
            results.append(_result(current, responses, language, source, filtered))
            continue
        for question, versions in groups:
            subset = [r for number in versions for r in by_version[number]]
            result = _result(question, subset, language, source, filtered)
            result.versions = versions
            results.append(result)
    return total_shown, results


def _same_wording(question, other, source):
    return wording(question, source) == wording(other, source)


def _result(question, responses, language, source, filtered):
    """The QuestionResult of `question` over `responses` (all answered with this wording)."""
    kind = kind_of(question)
    key = question["key"]
    values = [r.answers[key] for r in responses if r.answers.get(key) is not None]
    answered = len(values)
    answered_shown = suppress_counts({"n": answered})["n"] if filtered else Count(answered)
    result = QuestionResult(question=question, label=pick(question["label"], language, source)[0],
                            answered=answered_shown)
    summary = kind.summarise(question, values, language, source)
    if summary.counts is not None:
        result.rows = _rows(summary.counts, summary.labels, answered, filtered)
        result.rows_heading = summary.rows_heading
    if answered_shown.suppressed:
        return result
    result.sus_mean = summary.mean_score
    if summary.numbers:
        # the lowest and highest values are single people: never shown for a subset of respondents
        hidden = ("min", "max", "bounds") if filtered else ()
        result.numbers = {name: value for name, value in summary.numbers.items() if name not in hidden} or None
    if summary.texts:
        # An answer whose respondent withdrew consent to quotes is shown nowhere (see surveys.evidence).
        result.texts = [(r.language, r.answers[key]) for r in responses if r.answers.get(key)
                        and (r.participant is None or not quoting_withdrawn_on(r.participant))]
    return result


def _rows(counts, labels, answered, filtered):
    shown = _suppress(counts) if filtered else {key: Count(value) for key, value in counts.items()}
    return [Row(label=labels[key], count=shown[key], percent=_percent(shown[key], answered))
            for key in counts]


def _suppress(counts):
    """`suppress_counts`, and zeros hidden too ("–") when they sit next to a lone suppressed cell."""
    shown = suppress_counts(counts)
    if sum(1 for count in shown.values() if count.suppressed) == 1:
        shown = {key: Count(None, protective=True) if counts[key] == 0 else count for key, count in shown.items()}
    return shown


def breakdown(survey, attribute, labels):
    """Responses per pilot site, stakeholder group or language, small counts suppressed: [(label, Count)]."""
    counts = response_counts(survey, attribute)
    shown = suppress_counts(counts)
    return [(labels(value), shown[value]) for value in sorted(counts, key=lambda v: str(labels(v)))]


def snapshot(survey, question, defn):
    """The result of `question` (a question dict of `defn`, the survey's current definition) over every
    response that may be analysed, as plain data a citation keeps: counts below SMALL_CELL suppressed (and
    the lowest and highest values left out), never a free-text answer."""
    source = defn["source_language"]
    result = _result(question, list_responses(survey), source, source, filtered=True)
    return {"survey": pick(survey.title, source, source)[0], "question": result.label,
            "answered": str(result.answered), "heading": str(result.rows_heading or ""),
            "rows": [[str(row.label), str(row.count), row.percent] for row in result.rows],
            "numbers": {name: value for name, value in (result.numbers or {}).items()},
            "sus_mean": result.sus_mean, "taken_on": date.today().isoformat()}
