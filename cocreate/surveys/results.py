"""Results for researchers: per-question counts and percentages, numbers, SUS scores, free text.

Counts shown for a subset of respondents chosen by a participant attribute
(pilot site, stakeholder group, language) are a breakdown by that attribute:
every count below 5 is suppressed there (`immerse_core.privacy.suppress_counts`),
and percentages of suppressed counts with it.
"""
import statistics
from dataclasses import dataclass, field

from immerse_core.privacy import Count, suppress_counts

from .kinds import kind_of, pick
from .services import list_responses, questions_of

SUS_BANDS = [(0, 50), (50, 68), (68, 80.3), (80.3, 100.01)]


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
    results = []
    for question in questions_of(defn):
        kind = kind_of(question)
        if not kind.answers:
            continue
        key = question["key"]
        values = [r.answers[key] for r in responses if r.answers.get(key) is not None]
        answered = len(values)
        answered_shown = suppress_counts({"n": answered})["n"] if filtered else Count(answered)
        result = QuestionResult(question=question, label=pick(question["label"], language, source)[0],
                                answered=answered_shown)
        if question["kind"] == "sus":
            scores = [kind.score(question, v) for v in values]
            counts = {f"{low:g}–{min(high, 100):g}": sum(1 for s in scores if low <= s < high)
                      for low, high in SUS_BANDS}
            result.rows = _rows(counts, {band: band for band in counts}, answered, filtered)
            if scores and not answered_shown.suppressed:
                result.sus_mean = round(statistics.fmean(scores), 1)
        elif kind.chartable:
            options = kind.options(question, language, source)
            counts = {str(value): 0 for value, _label, _pic in options}
            for value in values:
                for chosen in value if isinstance(value, list) else [value]:
                    if str(chosen) in counts:
                        counts[str(chosen)] += 1
            labels = {str(value): str(label) for value, label, _pic in options}
            result.rows = _rows(counts, labels, answered, filtered)
        elif question["kind"] in ("integer", "decimal"):
            if values and not answered_shown.suppressed:
                result.numbers = {"mean": round(statistics.fmean(values), 2), "median": statistics.median(values),
                                  "min": min(values), "max": max(values)}
        elif question["kind"] == "date":
            if values and not answered_shown.suppressed:
                result.numbers = {"min": min(values), "max": max(values)}
        else:
            if not answered_shown.suppressed:
                result.texts = [(r.language, r.answers[key]) for r in responses if r.answers.get(key)]
        results.append(result)
    return total_shown, results


def _rows(counts, labels, answered, filtered):
    shown = suppress_counts(counts) if filtered else {key: Count(value) for key, value in counts.items()}
    return [Row(label=labels[key], count=shown[key], percent=_percent(shown[key], answered))
            for key in counts]


def breakdown(survey, attribute, labels):
    """Responses per pilot site, stakeholder group or language, small counts suppressed: [(label, Count)]."""
    counts = {}
    for response in list_responses(survey):
        value = getattr(response, attribute)
        if value is not None:
            counts[value] = counts.get(value, 0) + 1
    shown = suppress_counts(counts)
    return [(labels(value), shown[value]) for value in sorted(counts, key=lambda v: str(labels(v)))]
