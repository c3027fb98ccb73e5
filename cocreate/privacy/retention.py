"""The registry of data categories that are kept for a limited time: what `purge-expired` deletes.

`RETENTION_CATEGORIES` starts empty.  Each feature registers its own categories from its own package
(surveys: survey responses; workshops: quotes, notes, storyboard frames), as it registers its evidence kinds.
A category names the evidence kind its rows are, so that what is past its time is erased the way a person's
data is: codings removed, requirements told (a tombstone), files removed after commit.

How long each category is kept is configuration: `RETENTION_DAYS = {"survey_responses": 1825, ...}`
(see the README); a category without a period is kept.
"""
from dataclasses import dataclass
from typing import Any, Callable

RETENTION_CATEGORIES: dict[str, "RetentionCategory"] = {}


@dataclass(frozen=True)
class RetentionCategory:
    name: str  # the key in RETENTION_DAYS ("survey_responses")
    label: Any  # what is kept, a lazily translated phrase ("Survey responses")
    kind: str  # the evidence kind whose rows these are ("survey_answer"): erased through it
    expired: Callable  # a moment (an aware datetime in UTC) -> ids of the rows recorded before it


def register_retention(category):
    """Add a data category (a `RetentionCategory`); registering the same name again replaces it."""
    RETENTION_CATEGORIES[category.name] = category
    return category
