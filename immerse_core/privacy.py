"""Small-cell suppression: the rule for showing counts about people.

A count of people with a special-category attribute (gender, age, nationality,
ethnicity, religion, health) is shown only when it is at least `SMALL_CELL`;
a smaller one is shown as "<5".  Where one small cell could be worked back from
the others and the total, a second cell is hidden with it and shown as "–"
(it is not small: it is hidden to protect the small one).  A total is a count
like any other: pass it through `suppress`; when the only non-zero cell is the
small one, the total equals it and is small too.
"""
from dataclasses import dataclass

SMALL_CELL = 5

# The special categories of personal data the platform records about a person, in the order they are shown
# (GDPR art. 9 plus age and nationality, which the project treats alike).  Only ever counted, through `suppress`.
SPECIAL_CATEGORIES = ("gender", "age_band", "nationality", "ethnicity", "religion", "health")


@dataclass(frozen=True)
class Count:
    """A count as it may be shown: `value` is None when it is suppressed.

    `protective` marks a cell hidden only so that a small one beside it cannot be worked back.
    """

    value: int | None
    protective: bool = False

    @property
    def suppressed(self):
        return self.value is None

    def __str__(self):
        if self.value is not None:
            return str(self.value)
        return "–" if self.protective else f"<{SMALL_CELL}"


def suppress(count, threshold=SMALL_CELL):
    """One count, suppressed when it is above zero and below the threshold."""
    if count < 0:
        raise ValueError("a count cannot be negative")
    return Count(None if 0 < count < threshold else count)


def suppress_counts(counts, threshold=SMALL_CELL):
    """Suppress every small count of a breakdown, and a second one where only one would be.

    With one suppressed cell and the total shown, that cell could be worked
    back from the others; so when exactly one cell is small, the next smallest
    non-zero cell is suppressed too.
    """
    shown = {key: suppress(value, threshold) for key, value in counts.items()}
    hidden = [key for key, count in shown.items() if count.suppressed]
    if len(hidden) == 1:
        others = sorted((value, str(key)) for key, value in counts.items()
                        if key not in hidden and value > 0)
        if others:
            smallest = next(key for key in counts if str(key) == others[0][1])
            shown[smallest] = Count(None, protective=True)
    return shown
