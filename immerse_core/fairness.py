"""The fairness audit of rankings: how each group of people fares, outside the matcher.

The matcher never sees a protected attribute; the audit is the one place that reads one (a person's group, such
as their gender), only to compare outcomes across groups, and shows nothing about anyone but aggregates:

- **selection rate**: of a group's places in the rankings, the share that falls in the top N (each ranking is
  one opportunity's ordered candidates, and a person appears in it at most once);
- **impact ratio**: a group's selection rate over the best-served group's; below four fifths (the "four-fifths
  rule" of adverse-impact analysis) it is flagged;
- **exposure**: the attention a ranking gives its positions falls off as 1/log2(1 + rank) (rank 1 gets 1,
  rank 3 gets 0.5); a group's exposure is what its members receive, per place they hold in the rankings
  (normalised by the group's size), and its exposure ratio compares it with the best-exposed group's.

The people per group go through `privacy.table`, the one rule for counts of people: a group of fewer than
`privacy.SMALL_CELL` people is suppressed, and so is any group hidden with it so that no hidden count can be
worked back from the number of people audited.  A suppressed group has no figure given (its people read
"<5"), it is not the best-served group others are compared with, and no ratio is computed from it.  People
whose group is not recorded form the group None.

An audit of some rankings only (one kind of opportunity) is refused when it would single people out against the
audit of every ranking (`filter_refusal`): for some group, or for everyone, the people found only in the other
rankings are fewer than `privacy.SMALL_CELL`.
"""
import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

from .errors import RefusedInput
from .privacy import SINGLES_OUT, SMALL_CELL, Count, table

FOUR_FIFTHS = 0.8


class FairnessError(RefusedInput):
    """Rankings the audit refuses."""


@dataclass(frozen=True)
class GroupOutcome:
    """How one group fared.  Every figure is None when the group is suppressed (`people` then shows "<5")."""

    group: str | None
    people: Count
    places: int | None
    selected: int | None
    selection_rate: float | None
    impact_ratio: float | None
    exposure: float | None
    exposure_ratio: float | None
    flagged: bool = False

    @property
    def suppressed(self) -> bool:
        return self.people.suppressed


@dataclass(frozen=True)
class FairnessAudit:
    """The audit of a set of rankings: the groups in the order given by their names (None last)."""

    top_n: int
    rankings: int
    groups: tuple[GroupOutcome, ...]
    best_served: str | None
    threshold: float = FOUR_FIFTHS

    @property
    def flagged(self) -> tuple[GroupOutcome, ...]:
        return tuple(outcome for outcome in self.groups if outcome.flagged)


def exposure_at(rank: int) -> float:
    """The attention position `rank` (1 first) gets."""
    return 1 / math.log2(1 + rank)


def audit(rankings: Mapping[Hashable, Sequence[Hashable]], groups: Mapping[Hashable, str | None], top_n: int,
          *, threshold: float = FOUR_FIFTHS) -> FairnessAudit:
    """Audit `rankings` (per opportunity, the ordered person ids) with each person's group (`groups`, person id
    → group; a person missing from it is in the group None), selection into the top `top_n`."""
    if isinstance(top_n, bool) or not isinstance(top_n, int) or top_n < 1:
        raise FairnessError(f"top N: a whole number from 1, not {top_n!r}", code="bad_top_n", value=top_n)
    people: dict[str | None, set] = {}
    places: dict[str | None, int] = {}
    selected: dict[str | None, int] = {}
    exposure: dict[str | None, float] = {}
    for opportunity, ranking in rankings.items():
        if len(set(ranking)) != len(ranking):
            raise FairnessError(f"the ranking of {opportunity} names a person twice", code="duplicate_in_ranking",
                                where=opportunity)
        for rank, person in enumerate(ranking, start=1):
            group = groups.get(person)
            people.setdefault(group, set()).add(person)
            places[group] = places.get(group, 0) + 1
            selected[group] = selected.get(group, 0) + (rank <= top_n)
            exposure[group] = exposure.get(group, 0.0) + exposure_at(rank)
    cells, _total = table({group: len(members) for group, members in people.items()})
    shown = {group for group, cell in cells.items() if not cell.suppressed}
    rate = {group: selected[group] / places[group] for group in shown}
    mean_exposure = {group: exposure[group] / places[group] for group in shown}
    best_served = min(shown, key=lambda group: (-rate[group], _order(group)), default=None)
    best_exposure = max(mean_exposure.values(), default=0.0)
    outcomes = []
    for group in sorted(people, key=_order):
        if group not in shown:
            outcomes.append(GroupOutcome(group, cells[group], None, None, None, None, None, None))
            continue
        ratio = rate[group] / rate[best_served] if rate[best_served] else None
        outcomes.append(GroupOutcome(
            group, cells[group], places[group], selected[group], rate[group], ratio,
            mean_exposure[group], mean_exposure[group] / best_exposure if best_exposure else None,
            flagged=ratio is not None and ratio < threshold))
    return FairnessAudit(top_n, len(rankings), tuple(outcomes), best_served, threshold)


def _members(rankings: Mapping[Hashable, Sequence[Hashable]],
             groups: Mapping[Hashable, str | None]) -> dict[str | None, set]:
    """{group: the people holding a place in `rankings`}, the groups as `audit` forms them."""
    found: dict[str | None, set] = {}
    for ranking in rankings.values():
        for person in ranking:
            found.setdefault(groups.get(person), set()).add(person)
    return found


def filter_refusal(rankings: Mapping[Hashable, Sequence[Hashable]],
                   wider: Mapping[Hashable, Sequence[Hashable]],
                   groups: Mapping[Hashable, str | None]) -> str | None:
    """`privacy.SINGLES_OUT` when the audit of `rankings` (some of the `wider` rankings) may not be shown beside
    the audit of `wider`: for some group, or for everyone, the people in `wider` and not in `rankings` are
    fewer than `privacy.SMALL_CELL` (and not none); None when it may.  A group too small in itself is suppressed
    by `audit`, not refused here."""
    filtered, whole = _members(rankings, groups), _members(wider, groups)
    left_out = [len(members - filtered.get(group, set())) for group, members in whole.items()]
    left_out.append(sum(left_out))
    if any(0 < n < SMALL_CELL for n in left_out):
        return SINGLES_OUT
    return None


def _order(group):
    return (group is None, str(group))
