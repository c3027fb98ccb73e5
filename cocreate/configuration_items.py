"""The configuration items a project has, as the feature that keeps its configuration says.

IMMERSE's web front registers a source here; the traceability of requirements asks here for the items a
requirement may link to and the page that shows one, so that neither feature imports the other.  Without a
source, the items are those of the modules' starting configurations (`immerse_core.items.known_items`).

The same front registers how the firewall configuration in force becomes a policy (`register_policy`), so that
the officers' pages and the authority API apply the firewall a project configured (`policy_of`), with the same
pseudonyms as IMMERSE's preview.
"""
from collections.abc import Callable
from dataclasses import dataclass

from immerse_core.firewall import PolicyError
from immerse_core.items import known_items

SOURCES: list["ItemSource"] = []
POLICIES: list[Callable] = []  # project -> the firewall Policy in force


@dataclass(frozen=True)
class ItemSource:
    items: Callable  # project -> {key: what the item decides, in the reader's language}
    link: Callable  # (project, key) -> evidence.registry-style Link to the item's page, or None


def register(source):
    SOURCES.append(source)
    return source


def items_of(project):
    """{key: description} of every configuration item in force in `project`, ordered by key."""
    if not SOURCES:
        return dict(sorted(known_items().items()))
    found = {}
    for source in SOURCES:
        found.update(source.items(project))
    return dict(sorted(found.items()))


def link_of(project, key):
    for source in SOURCES:
        link = source.link(project, key)
        if link is not None:
            return link
    return None


def register_policy(source):
    POLICIES.append(source)
    return source


def policy_of(project):
    """The firewall policy in force in `project`, as the feature that keeps the configuration builds it
    (PolicyError when it cannot be applied, or when no feature keeps one)."""
    for source in POLICIES:
        return source(project)
    raise PolicyError("no firewall configuration is kept for this project", code="no_firewall")
