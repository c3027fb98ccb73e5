"""Statistical disclosure control: the one rule for showing figures about people.

A count of people is shown only when it is at least `SMALL_CELL` (or zero); a
smaller one is hidden.  Every hidden cell reads the same, "<5" (`HIDDEN`):
the reading never tells a small cell from one hidden with it.

Tables (`suppress_counts`).  When some cells of a table are hidden and its total
is shown, the total minus the shown cells gives the sum of the hidden ones.  So
more cells are hidden with the small ones (the smallest non-zero shown cells
first) until that sum cannot be split in only one way, and more: until every
hidden cell could be `SMALL_CELL` or more, i.e. there are at least two hidden
cells and (sum of hidden cells) − (number of hidden cells − 1) ≥ SMALL_CELL
(each hidden cell holds at least one person; the others could hold one each).
When no choice of cells can do that (a lone small cell beside zeros, or only
small cells), the total is hidden too, and the zeros with it (a lone small cell
beside zeros would otherwise say what everyone in it answered): `table`
returns the total as it may be shown.  A total is never rounded: it is shown
exactly, or hidden.

Groups (`group_shown`).  No statistic of a group below the threshold is shown:
no mean, median, SUS mean or task time, and none of its free text.  Minimum
and maximum are single people: never shown for a group (`GROUP_HIDDEN_STATISTICS`).

Filtered views (`filter_refusal`).  A view filtered from a wider one (by site,
language, stakeholder group) is shown only when both the filtered group and its
complement within the wider view have at least SMALL_CELL people (or the
complement none): otherwise "wider − filtered" would single people out, so the
filtered view is suppressed as a whole and its own count hidden.  The whole view,
filtered by nothing (`view_refusal` of no conditions), is a group like any other:
below SMALL_CELL people it is suppressed as a whole too (no count of it, no
minimum or maximum, no free text).
"""
from dataclasses import dataclass

SMALL_CELL = 5
HIDDEN = f"<{SMALL_CELL}"

# The special categories of personal data the platform records about a person, in the order they are shown
# (GDPR art. 9 plus age and nationality, which the project treats alike).  Only ever counted, through `suppress`.
SPECIAL_CATEGORIES = ("gender", "age_band", "nationality", "ethnicity", "religion", "health")

# Statistics that describe one person of a group, whatever its size.
GROUP_HIDDEN_STATISTICS = ("min", "max")

# Why a filtered view is refused (`filter_refusal`).
TOO_FEW = "too_few"              # the filtered group has fewer than SMALL_CELL people
SINGLES_OUT = "singles_out"      # the rest of the wider view has fewer than SMALL_CELL people


@dataclass(frozen=True)
class Count:
    """A count as it may be shown: `value` is None when it is hidden (every hidden count reads `HIDDEN`)."""

    value: int | None

    @property
    def suppressed(self):
        return self.value is None

    def __str__(self):
        return HIDDEN if self.value is None else str(self.value)


def suppress(count, threshold=SMALL_CELL):
    """One count, hidden when it is above zero and below the threshold."""
    if count < 0:
        raise ValueError("a count cannot be negative")
    return Count(None if 0 < count < threshold else count)


def _safe(hidden_values, threshold):
    """Whether hidden cells holding `hidden_values` (each at least one) cannot be worked back from their sum:
    there are two or more, and each could hold `threshold` people or more."""
    return len(hidden_values) >= 2 and sum(hidden_values) - (len(hidden_values) - 1) >= threshold


def table(counts, threshold=SMALL_CELL):
    """({key: Count}, total Count) of a table of people `counts` ({key: count}), as they may be shown together.

    See the module's docstring for the rule.
    """
    for value in counts.values():
        if value < 0:
            raise ValueError("a count cannot be negative")
    total = sum(counts.values())
    hidden = {key for key, value in counts.items() if 0 < value < threshold}
    if hidden:
        candidates = sorted((value, str(key), key) for key, value in counts.items()
                            if key not in hidden and value > 0)
        while not _safe([counts[key] for key in hidden], threshold) and candidates:
            hidden.add(candidates.pop(0)[2])
    shown_total = Count(total)
    if hidden and not _safe([counts[key] for key in hidden], threshold):
        hidden |= {key for key, value in counts.items() if value == 0}
        shown_total = Count(None)
    cells = {key: Count(None) if key in hidden else Count(value) for key, value in counts.items()}
    return cells, shown_total


def suppress_counts(counts, threshold=SMALL_CELL):
    """The cells of `table(counts)`: {key: Count}.  Show its total as `table` gives it, never as `suppress`."""
    return table(counts, threshold)[0]


def group_shown(people, threshold=SMALL_CELL):
    """Whether statistics (mean, median, SUS mean, task time, free text) of a group of `people` may be shown."""
    return people >= threshold


def filter_refusal(filtered, wider, threshold=SMALL_CELL):
    """Why a view of `filtered` people, out of the `wider` view it was filtered from, may not be shown (None
    when it may): `TOO_FEW` or `SINGLES_OUT`."""
    if filtered < 0 or wider < filtered:
        raise ValueError("a filtered view holds between none and all of the wider one")
    if filtered < threshold:
        return TOO_FEW
    if 0 < wider - filtered < threshold:
        return SINGLES_OUT
    return None


def view_refusal(matches, threshold=SMALL_CELL):
    """`filter_refusal` of a view filtered by several conditions, against every wider view a reader can ask for
    (each with some of the conditions dropped, down to none).

    `matches` is {tuple of booleans, one per condition: whether a person meets it: number of people}.  With no
    conditions (`{(): number of people}`) the view is the whole group, refused as `TOO_FEW` below the threshold.
    """
    matches = {tuple(bool(met) for met in key): n for key, n in matches.items()}
    width = len(next(iter(matches), ()))
    if any(len(key) != width for key in matches):
        raise ValueError("every key names the same conditions")
    filtered = sum(n for key, n in matches.items() if all(key))
    if not width:
        return None if group_shown(filtered, threshold) else TOO_FEW
    refusal = None
    for kept in range(2 ** width - 1):        # every proper subset of the conditions, as a bit mask
        wider = sum(n for key, n in matches.items()
                    if all(met for index, met in enumerate(key) if kept >> index & 1))
        refusal = filter_refusal(filtered, wider, threshold)
        if refusal:
            return refusal
    return refusal
