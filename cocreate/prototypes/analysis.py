"""What the feedback on a version says: per screen, per task, the SUS; and how two versions compare.

Counts of people are shown only from `SMALL_CELL` on (`immerse_core.privacy`): a filter that leaves fewer
respondents than that shows "<5" and no statistics, so that nobody's answers can be picked out.
"""
from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from immerse_core.privacy import SMALL_CELL, suppress, suppress_counts

from ..extensions import db
from ..usability import difference_of_means, difference_of_proportions, mean_interval, median, wilson_interval
from .models import Feedback, ReactionValue, Round, Task


@dataclass
class ScreenResult:
    screen: object
    pins: list = field(default_factory=list)        # (x, y, comment)
    reactions: dict = field(default_factory=dict)   # ReactionValue -> privacy.Count
    comments: list = field(default_factory=list)
    pin_items: list = field(default_factory=list)   # the Pin rows of `pins`, in the same order
    comment_items: list = field(default_factory=list)  # the Comment rows of `comments`
    voices: list = field(default_factory=list)      # VoiceComment rows


@dataclass
class TaskResultSummary:
    prompt: dict
    screen: object
    target: object
    n: int = 0
    successes: int = 0
    rate: float | None = None
    interval: tuple | None = None
    median_ms: float | None = None
    clicks: list = field(default_factory=list)      # (x, y, success)
    items: list = field(default_factory=list)       # the TaskResult rows


@dataclass
class VersionResult:
    version: object
    n: int
    shown: bool                                     # False when n is small: nothing but "<5" is shown
    count: object = None
    screens: list = field(default_factory=list)
    tasks: list = field(default_factory=list)
    sus_scores: list = field(default_factory=list)
    sus: tuple | None = None                        # (mean, low, high)
    assisted: int = 0


def feedback_on(version, *, site_id=None, stakeholder_group=None):
    query = (sa.select(Feedback).join(Round).where(Round.version_id == version.id)
             .order_by(Feedback.submitted_at, Feedback.id))
    if site_id is not None:
        query = query.where(Feedback.site_id == site_id)
    if stakeholder_group is not None:
        query = query.where(Feedback.stakeholder_group == stakeholder_group)
    return list(db.session.scalars(query))


def summarise(version, *, site_id=None, stakeholder_group=None):
    """The results of `version`'s feedback (optionally from one site, one stakeholder group)."""
    feedback = feedback_on(version, site_id=site_id, stakeholder_group=stakeholder_group)
    n = len(feedback)
    result = VersionResult(version=version, n=n, shown=n == 0 or n >= SMALL_CELL, count=suppress(n))
    if not result.shown:
        return result
    result.assisted = sum(1 for f in feedback if f.assisted)
    screens = {s.id: ScreenResult(screen=s) for s in version.screens}
    reactions = {s: Counter() for s in screens}
    for f in feedback:
        for pin in f.pins:
            if pin.screen_id in screens:
                screens[pin.screen_id].pins.append((pin.x, pin.y, pin.comment))
                screens[pin.screen_id].pin_items.append(pin)
        for reaction in f.reactions:
            if reaction.screen_id in reactions:
                reactions[reaction.screen_id][reaction.value] += 1
        for comment in f.comments:
            if comment.screen_id in screens:
                screens[comment.screen_id].comments.append(comment.text)
                screens[comment.screen_id].comment_items.append(comment)
        for voice in f.voice_comments:
            if voice.screen_id in screens:
                screens[voice.screen_id].voices.append(voice)
    for screen_id, counts in reactions.items():
        screens[screen_id].reactions = suppress_counts({value: counts.get(value, 0) for value in ReactionValue})
    result.screens = list(screens.values())
    result.tasks = _tasks(version, feedback)
    result.sus_scores = [f.sus_score for f in feedback if f.sus_score is not None]
    result.sus = mean_interval(result.sus_scores) if len(result.sus_scores) >= SMALL_CELL else None
    return result


def _tasks(version, feedback):
    """Per task of the version's rounds, grouped by target hotspot and prompt (the same task in each round)."""
    tasks = list(db.session.scalars(sa.select(Task).join(Round).where(Round.version_id == version.id)
                                    .order_by(Task.position, Task.id)))
    by_key = {}
    for task in tasks:
        key = (task.target_id, task.prompt.get(task.round.source_language))
        by_key.setdefault(key, TaskResultSummary(prompt=task.prompt, screen=task.screen, target=task.target))
    ids = {task.id: (task.target_id, task.prompt.get(task.round.source_language)) for task in tasks}
    times = {key: [] for key in by_key}
    for f in feedback:
        for result in f.task_results:
            key = ids.get(result.task_id)
            if key is None:
                continue
            summary = by_key[key]
            summary.n += 1
            summary.successes += result.success
            summary.items.append(result)
            if result.x is not None:
                summary.clicks.append((result.x, result.y, result.success))
            if result.ms is not None:
                times[key].append(result.ms)
    for key, summary in by_key.items():
        if summary.n >= SMALL_CELL:
            summary.rate = summary.successes / summary.n
            summary.interval = wilson_interval(summary.successes, summary.n)
            summary.median_ms = median(times[key])
    return list(by_key.values())


@dataclass
class Change:
    """How one measure moved from an earlier version to a later one."""

    measure: str
    before: float | None
    after: float | None
    difference: tuple | None    # (difference, low, high), 95%
    verdict: str                # improved, regressed, unclear, not_enough

    @property
    def sentence(self):
        return VERDICTS[self.verdict]


VERDICTS = {
    "improved": _l("Improved, by more than the noise: the 95% interval of the difference is above zero."),
    "regressed": _l("Got worse, by more than the noise: the 95% interval of the difference is below zero."),
    "unclear": _l("No clear difference: the change is within the noise (the 95% interval includes zero)."),
    "not_enough": _l("Not enough feedback to compare (at least 5 respondents in each version)."),
}


def _verdict(difference):
    if difference is None:
        return "not_enough"
    _diff, low, high = difference
    return "improved" if low > 0 else "regressed" if high < 0 else "unclear"


def compare(before, after):
    """Changes from VersionResult `before` to `after`: the SUS, then each task both versions asked (by prompt)."""
    changes = []
    sus_difference = (difference_of_means(before.sus_scores, after.sus_scores)
                      if min(len(before.sus_scores), len(after.sus_scores)) >= SMALL_CELL else None)
    changes.append(Change(str(_l("SUS score")), before.sus[0] if before.sus else None,
                          after.sus[0] if after.sus else None, sus_difference, _verdict(sus_difference)))
    earlier = {_task_key(t): t for t in before.tasks}
    for task in after.tasks:
        old = earlier.get(_task_key(task))
        if old is None:
            continue
        difference = (difference_of_proportions(old.successes, old.n, task.successes, task.n)
                      if min(old.n, task.n) >= SMALL_CELL else None)
        changes.append(Change(str(_l("First-tap success: %(task)s", task=_prompt(task))),
                              old.rate, task.rate, difference, _verdict(difference)))
    return changes


def _prompt(task):
    return next(iter(task.prompt.values()), "") if "en" not in task.prompt else task.prompt["en"]


def _task_key(task):
    return _prompt(task).strip().lower()
