"""The ESCO taxonomy: the subset CoCreate ships (`esco_subset.json`) and, later, the official CSV download.

This service uses the ESCO classification of the European Commission.
"""
import json
from pathlib import Path

import sqlalchemy as sa

from ..extensions import db
from .models import EscoConcept

SUBSET = Path(__file__).parent / "esco_subset.json"
KINDS = ("occupation", "skill")


def subset() -> dict:
    """The shipped subset as stored: attribution, source, the languages the project translated, concepts."""
    return json.loads(SUBSET.read_text(encoding="utf-8"))


def subset_uris(kind: str | None = None) -> list[str]:
    return [concept["uri"] for concept in subset()["concepts"] if kind is None or concept["kind"] == kind]


def upsert_concepts(concepts, *, shipped=False) -> tuple[int, int]:
    """Add or update concepts ({"uri", "kind", "labels"}); labels are merged per language.  Returns (added,
    updated)."""
    concepts = list(concepts)
    existing = {}
    uris = [concept["uri"] for concept in concepts]
    for start in range(0, len(uris), 1000):
        for row in db.session.scalars(sa.select(EscoConcept).where(EscoConcept.uri.in_(uris[start:start + 1000]))):
            existing[row.uri] = row
    added = updated = 0
    for concept in concepts:
        row = existing.get(concept["uri"])
        if row is None:
            row = EscoConcept(uri=concept["uri"], kind=concept["kind"], labels=dict(concept["labels"]),
                              shipped=shipped)
            db.session.add(row)
            existing[row.uri] = row
            added += 1
        else:
            labels = {**(row.labels or {}), **concept["labels"]}
            if labels != row.labels or row.kind != concept["kind"] or (shipped and not row.shipped):
                row.labels, row.kind, row.shipped = labels, concept["kind"], row.shipped or shipped
                updated += 1
    db.session.flush()
    return added, updated


def load_subset() -> tuple[int, int]:
    """Load the shipped subset (safe to run again); returns (added, updated)."""
    return upsert_concepts(subset()["concepts"], shipped=True)
