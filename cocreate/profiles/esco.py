"""The ESCO taxonomy: the subset CoCreate ships (`esco_subset.json`) and, later, the official CSV download.

This service uses the ESCO classification of the European Commission.
"""
import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from ..extensions import db
from .models import EscoConcept, EscoRelation

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


# --- the official ESCO CSV download -----------------------------------------------------------------------------

FILE_NAME = re.compile(r"^(occupations|skills|occupationSkillRelations)_([a-z]{2,3}(?:-[a-z]+)?)\.csv$")
REQUIRED_COLUMNS = {"occupations": ("conceptUri", "preferredLabel"), "skills": ("conceptUri", "preferredLabel"),
                    "occupationSkillRelations": ("occupationUri", "relationType", "skillUri")}
RELATIONS = ("essential", "optional")


class EscoFileError(ValueError):
    """An ESCO download that cannot be loaded; the message names the file and what is wrong."""


@dataclass
class LoadReport:
    """What `load_download` did."""

    languages: list[str] = field(default_factory=list)
    occupations: int = 0
    skills: int = 0
    added: int = 0
    updated: int = 0
    relations_added: int = 0
    relations_changed: int = 0
    relations_skipped: int = 0  # naming a concept the download does not hold


def download_files(folder: Path) -> dict[str, dict[str, Path]]:
    """{"occupations": {language: path}, "skills": {…}, "occupationSkillRelations": {…}} of an ESCO download."""
    found = {name: {} for name in REQUIRED_COLUMNS}
    for path in sorted(Path(folder).iterdir()):
        match = FILE_NAME.match(path.name)
        if match and path.is_file():
            found[match.group(1)][match.group(2)] = path
    return found


def _rows(path: Path, kind: str):
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            reader = csv.DictReader(f)
            missing = [column for column in REQUIRED_COLUMNS[kind] if column not in (reader.fieldnames or ())]
            if missing:
                raise EscoFileError(f"{path.name}: no column {', '.join(missing)} (is this ESCO's CSV download?)")
            for number, row in enumerate(reader, start=2):
                if None in row:
                    raise EscoFileError(f"{path.name}, line {number}: more values than columns")
                yield number, row
    except UnicodeDecodeError:
        raise EscoFileError(f"{path.name}: not UTF-8 text") from None
    except csv.Error as error:
        raise EscoFileError(f"{path.name}: not a CSV file ({error})") from None


def load_download(folder: Path) -> LoadReport:
    """Load ESCO's CSV download from `folder`: occupations and skills in every language found (labels merged per
    language) and the occupation–skill relations.  All or nothing: EscoFileError before anything is written."""
    folder = Path(folder)
    if not folder.is_dir():
        raise EscoFileError(f"{folder}: not a folder")
    files = download_files(folder)
    if not files["occupations"] and not files["skills"]:
        raise EscoFileError(f"{folder}: no occupations_xx.csv or skills_xx.csv (ESCO's CSV download, in any "
                            "language)")
    concepts: dict[str, dict] = {}
    report = LoadReport(languages=sorted(set(files["occupations"]) | set(files["skills"])))
    for kind, prefix in (("occupation", "occupations"), ("skill", "skills")):
        for language, path in files[prefix].items():
            for number, row in _rows(path, prefix):
                uri, label = row["conceptUri"].strip(), row["preferredLabel"].strip()
                if not uri.startswith(("http://", "https://")):
                    raise EscoFileError(f"{path.name}, line {number}: {uri!r} is not a concept URI")
                concept = concepts.setdefault(uri, {"uri": uri, "kind": kind, "labels": {}})
                if concept["kind"] != kind:
                    raise EscoFileError(f"{path.name}, line {number}: {uri} is both an occupation and a skill")
                if label:
                    concept["labels"][language] = label
    relations = {}
    for _language, path in list(files["occupationSkillRelations"].items())[:1]:  # the same in every language
        for number, row in _rows(path, "occupationSkillRelations"):
            relation = row["relationType"].strip().lower()
            if relation not in RELATIONS:
                raise EscoFileError(f"{path.name}, line {number}: relationType {relation!r} is not essential or "
                                    "optional")
            relations[(row["occupationUri"].strip(), row["skillUri"].strip())] = relation
    report.occupations = sum(concept["kind"] == "occupation" for concept in concepts.values())
    report.skills = len(concepts) - report.occupations
    shipped = set(subset_uris())
    report.added, report.updated = upsert_concepts(
        [concept for concept in concepts.values() if concept["uri"] not in shipped])
    shipped_added, shipped_updated = upsert_concepts(
        [concept for concept in concepts.values() if concept["uri"] in shipped], shipped=True)
    report.added += shipped_added
    report.updated += shipped_updated
    _store_relations(relations, report)
    return report


def _store_relations(relations, report):
    uris = sorted({uri for pair in relations for uri in pair})
    ids = {}
    for start in range(0, len(uris), 1000):
        ids.update(db.session.execute(sa.select(EscoConcept.uri, EscoConcept.id).where(
            EscoConcept.uri.in_(uris[start:start + 1000]))).all())
    existing = {(row.occupation_id, row.skill_id): row for row in db.session.scalars(sa.select(EscoRelation))}
    new = []
    for (occupation, skill), relation in relations.items():
        if occupation not in ids or skill not in ids:
            report.relations_skipped += 1
            continue
        row = existing.get((ids[occupation], ids[skill]))
        if row is None:
            new.append({"occupation_id": ids[occupation], "skill_id": ids[skill], "relation": relation})
        elif row.relation != relation:
            row.relation = relation
            report.relations_changed += 1
    if new:
        db.session.execute(sa.insert(EscoRelation), new)
    report.relations_added = len(new)
    db.session.flush()


def skills_of(occupation_uri: str) -> dict[str, list[str]]:
    """{"essential": [skill URIs], "optional": [...]} the taxonomy relates to an occupation."""
    occupation = sa.orm.aliased(EscoConcept)
    skill = sa.orm.aliased(EscoConcept)
    rows = db.session.execute(
        sa.select(EscoRelation.relation, skill.uri).join(occupation, EscoRelation.occupation_id == occupation.id)
        .join(skill, EscoRelation.skill_id == skill.id).where(occupation.uri == occupation_uri).order_by(skill.uri))
    found = {relation: [] for relation in RELATIONS}
    for relation, uri in rows:
        found[relation].append(uri)
    return found
