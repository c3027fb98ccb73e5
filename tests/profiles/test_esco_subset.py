"""The shipped ESCO subset: real concepts, attributed, labelled in English (and the project's translations)."""
import csv
from pathlib import Path

import pytest
import sqlalchemy as sa

from cocreate.extensions import db
from cocreate.profiles.esco import load_subset, subset
from cocreate.profiles.models import EscoConcept

REFERENCE = Path("/work/shared/data/esco-reference")  # the lists the subset was taken from, where present


def test_the_subset_is_attributed_and_sized_for_the_demo():
    document = subset()
    assert "ESCO classification of the European Commission" in document["attribution"]
    concepts = document["concepts"]
    assert 80 <= len(concepts) <= 150
    assert len({concept["uri"] for concept in concepts}) == len(concepts)
    kinds = {concept["kind"] for concept in concepts}
    assert kinds == {"occupation", "skill"}
    for concept in concepts:
        assert concept["uri"].startswith(f"http://data.europa.eu/esco/{concept['kind']}/")
        assert concept["labels"]["en"]
        assert set(concept["labels"]) <= {"en", "es", "it", "fr", "el", "ar"}


@pytest.mark.skipif(not REFERENCE.exists(), reason="the ESCO reference lists are not on this machine")
def test_every_concept_is_a_real_esco_concept_with_its_preferred_label():
    descriptions = {}
    for name in ("skills.csv", "occupations.csv"):
        with open(REFERENCE / name, newline="", encoding="utf-8") as f:
            descriptions.update((row["id"], row["description"]) for row in csv.DictReader(f))
    for concept in subset()["concepts"]:
        assert concept["uri"] in descriptions, concept["uri"]
        assert descriptions[concept["uri"]].startswith(concept["labels"]["en"] + " "), concept["labels"]["en"]


def test_loading_the_subset_twice_adds_each_concept_once(app):
    with app.app_context():
        added, _updated = load_subset()
        assert added == len(subset()["concepts"])
        assert load_subset() == (0, 0)
        db.session.commit()
        rows = db.session.scalars(sa.select(EscoConcept)).all()
        assert len(rows) == added and all(row.shipped for row in rows)
        cook = next(row for row in rows if row.labels["en"] == "cook")
        assert cook.label("es") == "cocinero" and cook.label("wo") == "cook"
