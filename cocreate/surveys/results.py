"""Results for researchers: per-question counts and percentages, numbers, SUS scores, free text.

Counts shown for a subset of respondents chosen by a participant attribute
(pilot site, stakeholder group, language) are a breakdown by that attribute:
every count below 5 is suppressed there (`immerse_core.privacy.suppress_counts`),
and percentages of suppressed counts with it. With a filter on, more is held back
(`immerse_core.privacy` states the rule):

- when fewer than SMALL_CELL responses match, or fewer than SMALL_CELL of a wider
  view do not (the view with a filter dropped, or none), no per-question result is
  shown at all (`summarise` returns no QuestionResult; `refusal` says why): with two
  responses, "0, 0, <5, 0" tells exactly what both people answered, and 11 responses
  unfiltered against 10 in Arabic single out the one who did not answer in Arabic
  (their count, their mean, their free text missing from the list);
- the cells of a breakdown are suppressed with `privacy.table`: a lone small cell
  takes others with it, every hidden cell reads the same, and where that cannot
  protect it the question's count is hidden too;
- lowest and highest values (numbers, dates) are never shown: they are single people; nor is the area that
  locations cover (its edges are single people too). A location's results are its count, and its centre and
  area only from SMALL_CELL answers on (`kinds.Geopoint`): a point is never listed.

Without a filter, counts are shown as they are, with the same rule for small groups
(`privacy.view_refusal` of no conditions, `privacy.group_shown`): when the whole
survey has fewer than SMALL_CELL responses nothing of them is shown but their number
as "<5" (no counts, means, lowest or highest values, free text); and a question
answered by fewer than SMALL_CELL people shows its counts but no mean, median,
lowest or highest value, SUS mean or free text.

Every response is read through the definition of the version it was answered
in. When a question's wording (its source-language label or choice labels)
changed between versions, answers given to each wording are shown apart, each
with its own labels and the versions it covers (`QuestionResult.versions`): a
count of "Health" under one wording is not added to "Health care" under another.
When the wording never changed, one result covers every version (`versions` None).
"""
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from immerse_core.privacy import (GROUP_HIDDEN_STATISTICS, Count, group_shown, suppress, suppress_counts, table,
                                  view_refusal)

from ..extensions import db
from ..participants.services import withdrew_quoting

from . import logic
from .kinds import kind_of, pick
from .models import Response
from .services import (ANSWERS_TEXT, analysable, answers_from_text, definitions_of_versions, questions_of,
                       response_counts, responses_per_version, wording, wordings)

TEXTS_SHOWN = 10        # free-text answers on the results page; every answer is on the question's paged list
STREAM_ROWS = 1000      # answer rows read from the database at a time


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
    texts: list = field(default_factory=list)        # (language, text) of the first free-text answers
    texts_count: int = 0                             # how many free-text answers may be shown in all
    sus_mean: float | None = None
    versions: list | None = None                     # the versions of this wording, when the wording changed
    rows_heading: str = ""                           # what the rows count ("Answer", "SUS score")

    @property
    def slot(self):
        """A name for this result that is unique on the page (a question can have several wordings)."""
        key = self.question["key"]
        return key if self.versions is None else f"{key}-v{self.versions[0]}"


@dataclass
class _Tally:
    """What one pass over the answer rows gathers for one question (of one wording, or of every version)."""

    question: dict
    versions: list | None = None                     # None: the answers of every version
    values: list = field(default_factory=list)       # every answer given (none of them None)
    texts: list = field(default_factory=list)        # the first TEXTS_SHOWN answers that may be shown
    texts_count: int = 0
    inside: bool = False                             # a question inside a repeated group: one answer per entry


def _inside(group, language, source, outer=""):
    """The questions inside a repeated group (and the groups nested in it), each labelled with the groups
    around it ("Member › Job › Hours a week")."""
    kind = kind_of(group)
    heading = f"{outer}{pick(group['label'], language, source)[0]} › "
    found = []
    for inner in kind.questions(group):
        if not kind_of(inner).answers:
            continue
        found.append({**inner, "label": {language: heading + pick(inner["label"], language, source)[0]}})
        if kind_of(inner).repeats:
            found += _inside(inner, language, source, heading)
    return found


def _percent(count, total):
    """The share of `total` in per cent, None when the count is suppressed."""
    return None if not total or count.suppressed else round(100 * count.value / total, 1)


NOT_ASKED = object()


def summarise(survey, defn, language, *, site_id=None, stakeholder_group=None, response_language=None,
              refused=NOT_ASKED):
    """(number of responses as a Count, [QuestionResult]) for the responses matching the filters.

    The answers are read in one pass over the rows of the matching responses (their version, language and
    answers, no objects), whatever the number of questions.  `refused`: what `refusal` said of these filters,
    when the caller has asked it already (the results page shows the reason).
    """
    filters = {"site_id": site_id, "stakeholder_group": stakeholder_group, "language": response_language}
    per_version = responses_per_version(survey, **filters)
    filtered = bool(site_id or stakeholder_group or response_language)
    source = defn["source_language"]
    total = sum(per_version.values())
    if refused is NOT_ASKED:
        refused = refusal(survey, **filters) if filtered else view_refusal({(): total})
    total_shown = suppress(total) if filtered or refused else Count(total)
    if refused:
        return (total_shown if total_shown.suppressed else Count(None)), []
    defns = definitions_of_versions(survey, per_version)
    tallies = []
    for current in questions_of(defn):
        if not kind_of(current).answers:
            continue
        if kind_of(current).repeats:  # the entries counted, then each question inside over every entry
            tallies.append(_Tally(current))
            tallies += [_Tally(inner, inside=True) for inner in _inside(current, language, source)]
            continue
        groups = wordings(current["key"], defns, source)
        if len(groups) <= 1 and (not groups or _same_wording(groups[0][0], current, source)):
            tallies.append(_Tally(current))
            continue
        tallies += [_Tally(question, versions) for question, versions in groups]
    _read_answers(survey, tallies, per_version, filters)
    results = []
    for tally in tallies:
        result = _result(tally, language, source, filtered)
        result.versions = tally.versions
        results.append(result)
    return total_shown, results


def refusal(survey, *, site_id=None, stakeholder_group=None, language=None):
    """Why the responses matching the filters may not be shown (`privacy.view_refusal`), None when they may:
    counted in one statement, by which of the filters each analysable response meets (with no filter, the whole
    survey: refused below SMALL_CELL responses)."""
    conditions = [column == value for column, value in ((Response.site_id, site_id),
                                                        (Response.stakeholder_group, stakeholder_group),
                                                        (Response.language, language)) if value]
    meets = [sa.case((condition, 1), else_=0) for condition in conditions]
    query = sa.select(*meets, sa.func.count()).where(*analysable(survey)).group_by(*meets)
    return view_refusal({tuple(row[:-1]): row[-1] for row in db.session.execute(query)})


def _same_wording(question, other, source):
    return wording(question, source) == wording(other, source)


def _read_answers(survey, tallies, versions, filters):
    """Fill `tallies` from one pass over the answers of the analysable responses matching `filters`, oldest
    first. An answer whose respondent withdrew consent to quotes is counted but never listed (see
    surveys.evidence)."""
    plan = {number: [(tally.question["key"], tally.values.append, tally) for tally in tallies
                     if tally.versions is None or number in tally.versions] for number in versions}
    if not any(plan.values()):
        return
    query = (sa.select(Response.survey_version, Response.language, ANSWERS_TEXT,
                       withdrew_quoting(Response.participant_id))
             .where(*analysable(survey, **filters)).order_by(Response.submitted_at, Response.id)
             .execution_options(yield_per=STREAM_ROWS))
    with db.session.execute(query) as result:
        for number, language, text, withdrawn in result:
            answers = answers_from_text(text)
            if not answers:
                continue
            for key, keep, tally in plan[number]:
                for value in (logic.lookup(answers, key, flat=False) or []) if tally.inside else [answers.get(key)]:
                    if value is None:
                        continue
                    keep(value)
                    if value and not withdrawn:
                        tally.texts_count += 1
                        if len(tally.texts) < TEXTS_SHOWN:
                            tally.texts.append((language, value))


def _result(tally, language, source, filtered):
    """The QuestionResult of a tally's question over the answers it gathered (all given to this wording)."""
    question = tally.question
    kind = kind_of(question)
    values = tally.values
    answered = len(values)
    answered_shown = suppress(answered) if filtered else Count(answered)
    result = QuestionResult(question=question, label=pick(question["label"], language, source)[0],
                            answered=answered_shown)
    summary = kind.summarise(question, values, language, source)
    if summary.counts is not None:
        result.rows, rows_total = _rows(summary.counts, summary.labels, answered, filtered)
        result.rows_heading = summary.rows_heading
        if rows_total.suppressed:
            # the cells cannot protect a small one with the count of answers shown: it is hidden with them
            result.answered = answered_shown = Count(None)
    if answered_shown.suppressed or not group_shown(answered):
        return result
    result.sus_mean = summary.mean_score
    if summary.numbers:
        # the lowest and highest values are single people: never shown for a subset of respondents
        hidden = GROUP_HIDDEN_STATISTICS if filtered else ()
        result.numbers = {name: value for name, value in summary.numbers.items() if name not in hidden} or None
        if filtered and result.numbers and "entries" in result.numbers:  # a count of entries, like any count
            result.numbers["entries"] = suppress(result.numbers["entries"])
    if summary.texts:
        result.texts, result.texts_count = tally.texts, tally.texts_count
    return result


def _rows(counts, labels, answered, filtered):
    """([Row], the total of the counts as it may be shown beside them)."""
    if filtered:
        shown, total = table(counts)
    else:
        shown, total = {key: Count(value) for key, value in counts.items()}, Count(sum(counts.values()))
    return [Row(label=labels[key], count=shown[key], percent=_percent(shown[key], answered))
            for key in counts], total


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
    tally = _Tally(question)
    _read_answers(survey, [tally], responses_per_version(survey), {})
    result = _result(tally, source, source, filtered=True)
    return {"survey": pick(survey.title, source, source)[0], "question": result.label,
            "answered": str(result.answered), "heading": str(result.rows_heading or ""),
            "rows": [[str(row.label), str(row.count), row.percent] for row in result.rows],
            "numbers": {name: value for name, value in (result.numbers or {}).items()},
            "sus_mean": result.sus_mean, "taken_on": date.today().isoformat()}


# --- every free-text answer to one question, a page at a time --------------------------------------------

TEXTS_PER_PAGE = 20
MOST_TEXTS_PER_PAGE = 100


def _answer_text(key):
    """SQL: the answer to question `key` of a response as text (NULL when not answered)."""
    return Response.answers[key].as_string()


def _texts_matching(survey, key, words):
    """SQL: the WHERE clauses of the analysable responses with an answer to `key` holding every one of `words`."""
    text = _answer_text(key)
    return [*analysable(survey), text.is_not(None), text != "",
            *(text.icontains(word, autoescape=True) for word in words)]


def search_words(text, limit=10):
    """The words to look for in `text` (at most `limit`, each at most 100 characters)."""
    return [word[:100] for word in (text or "").split()[:limit]]


def per_page(asked):
    """The page size asked for in the URL, within 1…MOST_TEXTS_PER_PAGE (TEXTS_PER_PAGE when not a number)."""
    return min(max(asked or TEXTS_PER_PAGE, 1), MOST_TEXTS_PER_PAGE)


def free_text_page(survey, key, *, words=(), page=1, size=TEXTS_PER_PAGE, options=()):
    """One page of the analysable responses that answered free-text question `key` (with every one of `words`
    in the answer), oldest first: a Flask-SQLAlchemy Pagination of Response, loaded with `options`."""
    query = (sa.select(Response).where(*_texts_matching(survey, key, words))
             .order_by(Response.submitted_at, Response.id).options(*options))
    return db.paginate(query, page=page, per_page=size, error_out=False, max_per_page=MOST_TEXTS_PER_PAGE)


def page_of_answer(survey, key, response_id, *, words=(), size=TEXTS_PER_PAGE):
    """The number of the page of `free_text_page` that holds the answer of response `response_id` (1 when it is
    not on any)."""
    response = sa.select(Response.submitted_at, Response.id).where(Response.id == response_id).subquery()
    before = (sa.select(sa.func.count()).select_from(Response).join(response, sa.true())
              .where(*_texts_matching(survey, key, words),
                     sa.or_(Response.submitted_at < response.c.submitted_at,
                            sa.and_(Response.submitted_at == response.c.submitted_at, Response.id < response.c.id))))
    return db.session.scalar(before) // size + 1
