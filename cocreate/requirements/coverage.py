"""How well a project's requirements are traced: the strength of the evidence behind each one, the holes in
the trace, and the traceability matrix (requirements × IMMERSE modules and their configuration items).

Only evidence that still stands counts: a link whose evidence was erased or deleted (a tombstone), or whose
speaker withdrew the consent it needs, is shown on the requirement's page but strengthens nothing.

A *hole* is what a reviewer should look at before the register is trusted (`Hole`):
- no evidence at all — unless the requirement is derived and says from what analysis;
- evidence from one pilot site only (in a project with several sites), or from one stakeholder group only;
- accepted, or further along, with no configuration item that implements it;
- a suspect link to a configuration item, until someone reviews it;
and, for the items themselves, a configuration item that no requirement is behind.
"""
from collections import defaultdict
from dataclasses import dataclass, field
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from immerse_core.privacy import Count, table

from ..configuration_items import items_of
from ..extensions import db
from . import services
from .models import ItemLink, Requirement, Status
from .services import Strength

MODULE_LABELS = {
    "firewall": _l("Firewall"),
    "matching": _l("Matching"),
    "service_profile": _l("Service profile"),
}
# Statuses at which a requirement is meant to be implemented by some configuration item.
NEEDS_AN_ITEM = frozenset({Status.ACCEPTED, Status.IMPLEMENTED, Status.VERIFIED})


class Hole(StrEnum):
    NO_EVIDENCE = "no_evidence"
    ONE_SITE = "one_site"
    ONE_GROUP = "one_group"
    NO_ITEM = "no_item"
    SUSPECT = "suspect"

    @property
    def label(self):
        return HOLE_LABELS[self]


HOLE_LABELS = {
    Hole.NO_EVIDENCE: _l("No evidence"),
    Hole.ONE_SITE: _l("Evidence from one pilot site only"),
    Hole.ONE_GROUP: _l("Evidence from one stakeholder group only"),
    Hole.NO_ITEM: _l("Accepted, but no configuration item implements it"),
    Hole.SUSPECT: _l("A link to a configuration item is suspect"),
}


def module_of(key):
    """The module a configuration item key belongs to: its first part (`firewall/…` → "firewall")."""
    return key.split("/", 1)[0]


def module_label(module):
    return MODULE_LABELS.get(module, module)


@dataclass
class Row:
    """One requirement as the matrix shows it."""

    requirement: Requirement
    strength: Strength
    site_ids: frozenset
    items: dict = field(default_factory=dict)  # module -> [ItemLink, ...], sorted by key
    holes: tuple = ()

    @property
    def suspect_count(self):
        return sum(link.suspect for links in self.items.values() for link in links)


def _links_of(model, requirement_ids):
    ids = sorted(requirement_ids)
    found = []
    for start in range(0, len(ids), 500):
        found += db.session.scalars(sa.select(model).where(model.requirement_id.in_(ids[start:start + 500])))
    return found


def _strengths(links):
    """({requirement id: Strength}, {requirement id: {site id}}) of the rows of `services.live_evidence`."""
    items, sites, groups = defaultdict(int), defaultdict(set), defaultdict(set)
    for link in links:
        items[link.requirement_id] += 1
        if link.site_id is not None:
            sites[link.requirement_id].add(link.site_id)
        if link.stakeholder_group:
            groups[link.requirement_id].add(link.stakeholder_group)
    strengths = {requirement_id: Strength(count, len(sites[requirement_id]), len(groups[requirement_id]))
                 for requirement_id, count in items.items()}
    return strengths, sites


def holes_of(requirement, strength, items, *, several_sites):
    """The holes of one requirement's trace, in the order `Hole` lists them."""
    holes = []
    justified = requirement.derived and requirement.derived_justification.strip()
    if not strength.items and not justified:
        holes.append(Hole.NO_EVIDENCE)
    if strength.items and not justified:
        if several_sites and strength.sites == 1:
            holes.append(Hole.ONE_SITE)
        if strength.groups == 1:
            holes.append(Hole.ONE_GROUP)
    if requirement.status in NEEDS_AN_ITEM and not items:
        holes.append(Hole.NO_ITEM)
    if any(link.suspect for link in items):
        holes.append(Hole.SUSPECT)
    return tuple(holes)


def matrix(project, *, site=None, type=None, priority=None, status=None, holes_only=False):
    """The rows of the traceability matrix and the modules it has columns for, as (rows, modules).

    `site` (a site code) keeps the requirements that concern the site or rest on evidence from it.
    """
    requirements = services.search(project, type=type, priority=priority, status=status)
    ids = {requirement.id for requirement in requirements}
    strengths, sites = _strengths(services.live_evidence(ids))
    item_links = defaultdict(list)
    for link in sorted(_links_of(ItemLink, ids), key=lambda link: link.key):
        item_links[link.requirement_id].append(link)
    several_sites = len(project.sites) > 1
    site_id = next((s.id for s in project.sites if s.code == site), None) if site else None
    rows = []
    for requirement in requirements:
        if site and site not in requirement.site_code_list and site_id not in sites[requirement.id]:
            continue
        strength = strengths.get(requirement.id, Strength())
        links = item_links[requirement.id]
        holes = holes_of(requirement, strength, links, several_sites=several_sites)
        if holes_only and not holes:
            continue
        by_module = defaultdict(list)
        for link in links:
            by_module[module_of(link.key)].append(link)
        rows.append(Row(requirement, strength, frozenset(sites[requirement.id]), dict(by_module), holes))
    return rows, modules_of(project)


def modules_of(project):
    """The modules the matrix has a column for: the known ones, then any other a link names, in order."""
    linked = db.session.scalars(sa.select(ItemLink.key).join(Requirement).where(
        Requirement.project_id == project.id).distinct())
    found = {module_of(key) for key in [*items_of(project), *linked]}
    return [module for module in MODULE_LABELS if module in found] + sorted(found - set(MODULE_LABELS))


def items_without_requirement(project):
    """The configuration items in force in `project` that no requirement names: [(key, description), ...]."""
    linked = set(db.session.scalars(sa.select(ItemLink.key).join(Requirement).where(
        Requirement.project_id == project.id)))
    return [(key, description) for key, description in items_of(project).items() if key not in linked]


@dataclass(frozen=True)
class SiteCoverage:
    """One pilot site in the coverage report."""

    site: object
    backed: int  # requirements resting on evidence from this site
    evidence: int  # standing evidence items from this site
    concerned_unbacked: int  # requirements said to concern this site with no evidence from it
    evidence_shown: Count  # `evidence` as the page may show it (`report`)


@dataclass(frozen=True)
class Report:
    total: int
    with_evidence: int
    derived: int
    holes: dict  # Hole -> number of requirements with it
    items_without_requirement: int
    sites: list  # [SiteCoverage, ...]


def report(project):
    """The coverage report of `project`: counts over the whole register and per pilot site.

    The evidence items per site count what people said: they are shown as `privacy.table` allows, one table
    with the items from no site, whose total the matrix gives (the sum of its evidence column)."""
    rows, _modules = matrix(project)
    links = services.live_evidence({row.requirement.id for row in rows})
    evidence_per_site = defaultdict(int)
    for link in links:
        evidence_per_site[link.site_id] += 1
    shown, _total = table({None: evidence_per_site[None],
                           **{site.id: evidence_per_site[site.id] for site in project.sites}})
    per_site = []
    for site in project.sites:
        backed = sum(site.id in row.site_ids for row in rows)
        unbacked = sum(site.code in row.requirement.site_code_list and site.id not in row.site_ids
                       for row in rows)
        per_site.append(SiteCoverage(site, backed, evidence_per_site[site.id], unbacked, shown[site.id]))
    holes = {hole: sum(hole in row.holes for row in rows) for hole in Hole}
    return Report(total=len(rows), with_evidence=sum(bool(row.strength.items) for row in rows),
                  derived=sum(bool(row.requirement.derived) for row in rows), holes=holes,
                  items_without_requirement=len(items_without_requirement(project)), sites=per_site)


def matrix_table(rows, modules):
    """The matrix as a header and rows of plain cells, for CSV and XLSX: one column per module listing the
    keys of its items (a suspect link marked), and the holes by name."""
    suspect = str(_l("suspect"))
    header = [str(_l("Identifier")), str(_l("Title")), str(_l("Type")), str(_l("Priority")), str(_l("Status")),
              str(_l("Evidence items")), str(_l("Pilot sites")), str(_l("Stakeholder groups")),
              *[str(module_label(module)) for module in modules], str(_l("Holes"))]
    lines = []
    for row in rows:
        requirement = row.requirement
        cells = [requirement.identifier, requirement.title, str(requirement.type.label),
                 str(requirement.priority.label), str(requirement.status.label),
                 row.strength.items, row.strength.sites, row.strength.groups]
        for module in modules:
            cells.append("\n".join(f"{link.key} ({suspect})" if link.suspect else link.key
                                   for link in row.items.get(module, [])))
        cells.append("; ".join(str(hole.label) for hole in row.holes))
        lines.append(cells)
    return header, lines
