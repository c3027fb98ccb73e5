"""What ties a participant to the rest of the platform: the registry that deleting a participant reads.

A tie counts the rows of one kind that name a participant.  Each feature registers its own, as it registers
its evidence kinds, so that this package names none of them:

- a tie that `keeps` the person is their words or deeds (quotes, survey answers: every evidence kind); while
  one exists the participant is not deleted, because deleting would remove or anonymise evidence without the
  record that erasure keeps;
- any other tie goes with the person (their consents, their profile, their attendance at workshops).
"""
from dataclasses import dataclass
from typing import Any, Callable

import sqlalchemy as sa

from ..extensions import db

TIES: dict[str, "Tie"] = {}


@dataclass(frozen=True)
class Tie:
    name: str
    label: Any  # what is counted, a lazily translated phrase ("Attendance at workshops")
    count: Callable[[int], int]  # participant id -> number of rows
    keeps: bool = False
    # participant id -> [plain dict of each row]: what the person's own export of their data shows of it
    export: Callable[[int], list] | None = None
    # one row of `export` -> [(label, value)], both plain text in the current language: how the readable page of
    # the export shows it (without, the row's values side by side)
    describe: Callable[[dict], list] | None = None
    # participant id -> [(label, URL)] of the pages where staff correct these rows (the right to rectification)
    corrections: Callable[[int], list] | None = None


def register_tie(tie):
    """Add a tie (a `Tie`); registering the same name again replaces it."""
    TIES[tie.name] = tie
    return tie


def counting(column):
    """A tie's `count`: the rows whose `column` holds the participant's id."""
    return lambda participant_id: db.session.scalar(sa.select(sa.func.count()).where(column == participant_id))


def ties_of(participant):
    """[(tie, count)] of the ties that hold rows for `participant`."""
    found = [(tie, tie.count(participant.id)) for tie in TIES.values()]
    return [(tie, n) for tie, n in found if n]
