"""The configuration items a project has, as the feature that keeps its configuration says.

IMMERSE's web front registers a source here; the traceability of requirements asks here for the items a
requirement may link to and the page that shows one, so that neither feature imports the other.  Without a
source, the items are those of the modules' starting configurations (`immerse_core.items.known_items`).

The same front registers where a module's configuration in force is read (`register_documents`), so that the
officers' pages and the authority API apply the firewall a project configured (`document_of`).
"""
from dataclasses import dataclass
from typing import Callable

from immerse_core.items import known_items
from immerse_core.modules import MODULES

SOURCES: list["ItemSource"] = []
DOCUMENTS: list[Callable] = []  # (project, module key) -> the configuration document in force, or None


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


def register_documents(source):
    DOCUMENTS.append(source)
    return source


def document_of(project, module_key):
    """The configuration of the module `module_key` in force in `project`: as its source says, else the module's
    starting configuration."""
    for source in DOCUMENTS:
        document = source(project, module_key)
        if document is not None:
            return document
    module = MODULES[module_key]
    return module.check(module.default())
