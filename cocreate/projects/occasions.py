"""Occasions at pilot sites that other features may tie their records to (a survey handed out at a workshop).

A feature that holds occasions registers a source by name; a feature that refers to one asks here by that
name, so neither imports the other.  The registry starts empty.
"""
from dataclasses import dataclass
from typing import Any, Callable

import sqlalchemy as sa

from ..extensions import db


@dataclass(frozen=True)
class OccasionSource:
    """A kind of occasion: its model, the column of its pilot site, its order and how it is named in a list."""

    name: str
    model: type
    site_column: Any
    order_by: Any
    label: Callable[[Any], str]
    options: Callable[[], tuple] = tuple


SOURCES: dict[str, OccasionSource] = {}


def register(source):
    SOURCES[source.name] = source
    return source


def list_occasions(name, sites):
    """The occasions of kind `name` held at `sites`, in their order ([] when no feature offers that kind)."""
    source = SOURCES.get(name)
    site_ids = [site.id for site in sites]
    if source is None or not site_ids:
        return []
    return db.session.scalars(sa.select(source.model).where(source.site_column.in_(site_ids))
                              .options(*source.options()).order_by(source.order_by)).all()


def get_occasion(name, occasion_id):
    source = SOURCES.get(name)
    return db.session.get(source.model, occasion_id) if source is not None and occasion_id else None


def occasion_label(name, occasion):
    return SOURCES[name].label(occasion)
