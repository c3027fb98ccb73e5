"""A project's configurations of IMMERSE's modules: plain functions taking models, data and the `actor`; they
flush, the caller commits.  A refused configuration raises `immerse_core.modules.ConfigurationError`.

A project that never saved a module's configuration uses the module's starting one, as version 0.
"""
import hashlib
import hmac
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import defer, selectinload

from immerse_core.firewall import ANY_PURPOSE, Policy
from immerse_core.generalisers import default_generalisers
from immerse_core.modules import ATTRIBUTES, MODULES, ConfigurationError, changed_items

from ..extensions import db
from ..signals import configuration_item_changed, emit
from .models import ModuleConfiguration

__all__ = [
    "ConfigurationError",
    "Current",
    "current",
    "declared_purposes",
    "diff",
    "firewall_policy",
    "item_history",
    "items_of",
    "roll_back",
    "save",
    "version",
    "versions",
]


@dataclass(frozen=True)
class Current:
    """The configuration in force: its version (0 for the module's starting one) and its document."""

    module: object
    version: int
    document: dict
    saved: ModuleConfiguration | None = None


def _latest(project, module_key):
    return db.session.scalar(sa.select(ModuleConfiguration).where(
        ModuleConfiguration.project_id == project.id, ModuleConfiguration.module == module_key)
        .order_by(ModuleConfiguration.version.desc()).limit(1))


def current(project, module_key):
    module = MODULES[module_key]
    latest = _latest(project, module_key)
    if latest is None:
        return Current(module, 0, module.check(module.default()))
    return Current(module, latest.version, latest.document, latest)


def versions_query(project, module_key):
    """SQL: the saved versions of the module's configuration, newest first, with who saved each (their
    documents are read only when asked for)."""
    return (sa.select(ModuleConfiguration).where(
        ModuleConfiguration.project_id == project.id, ModuleConfiguration.module == module_key)
        .options(selectinload(ModuleConfiguration.saved_by), defer(ModuleConfiguration.document))
        .order_by(ModuleConfiguration.version.desc()))


def versions(project, module_key):
    """Every saved version of the module's configuration, newest first."""
    return list(db.session.scalars(versions_query(project, module_key)))


def version(project, module_key, number):
    """Version `number` of the module's configuration as (document, saved row or None); None when there is none."""
    if number == 0:
        module = MODULES[module_key]
        return module.check(module.default()), None
    saved = db.session.scalar(sa.select(ModuleConfiguration).where(
        ModuleConfiguration.project_id == project.id, ModuleConfiguration.module == module_key,
        ModuleConfiguration.version == number))
    return (saved.document, saved) if saved is not None else None


def save(project, module_key, document, *, note="", actor, restored_from=None):
    """Keep `document` as the module's next version, when it is valid and changes something; returns the new
    ModuleConfiguration, or None when nothing changed.  Each item it changes is announced, so that the links of
    requirements to it become suspect."""
    module = MODULES[module_key]
    checked = module.check(document)
    before = current(project, module_key)
    changes = changed_items(module, before.document, checked)
    if not changes:
        return None
    saved = ModuleConfiguration(project_id=project.id, module=module_key, version=before.version + 1,
                                document=checked, note=(note or "").strip(), restored_from=restored_from,
                                saved_by_id=actor.id if actor else None)
    db.session.add(saved)
    db.session.flush()
    action = "immerse.configuration_changed" if restored_from is None else "immerse.configuration_rolled_back"
    emit(action, saved, actor=actor, module=module_key, version=saved.version,
         items=[key for key, _old, _new in changes])
    for key, _old, _new in changes:
        configuration_item_changed.send(key, project=project, actor=actor)
    return saved


def roll_back(project, module_key, number, *, actor):
    """Make version `number` the configuration in force again, as a new version (history is never rewritten)."""
    found = version(project, module_key, number)
    if found is None:
        raise LookupError(number)
    document, _saved = found
    return save(project, module_key, document, actor=actor, restored_from=number)


def diff(project, module_key, old_number, new_number):
    """[(item key, value in the old version, value in the new one)] for the items that differ; None when one of
    the versions does not exist."""
    old, new = version(project, module_key, old_number), version(project, module_key, new_number)
    if old is None or new is None:
        return None
    return changed_items(MODULES[module_key], old[0], new[0])


def items_of(project):
    """Every configuration item in force in `project`, {key: (module key, Item)}."""
    found = {}
    for module_key in MODULES:
        module = MODULES[module_key]
        for key, item in module.items(current(project, module_key).document).items():
            found[key] = (module_key, item)
    return found


def item_history(project, key):
    """The saved versions that changed the item `key`, oldest first: [(ModuleConfiguration, old, new)]."""
    module_key = key.split("/", 1)[0]
    module = MODULES.get(module_key)
    if module is None:
        return []
    history, before = [], module.check(module.default())
    for saved in reversed(versions(project, module_key)):
        for changed, old, new in changed_items(module, before, saved.document):
            if changed == key:
                history.append((saved, old, new))
        before = saved.document
    return history


def firewall_policy(project, secret):
    """The firewall configuration in force in `project` as a `Policy`; pseudonyms are keyed by `secret` and the
    project, so that each deployment and project has its own."""
    module = MODULES["firewall"]
    key = hmac.new(secret, b"firewall/" + project.slug.encode(), hashlib.sha256).digest()
    return Policy(module.rules(current(project, "firewall").document), secret=key, attributes=ATTRIBUTES,
                  generalisers=default_generalisers())


def declared_purposes(project):
    """{authority: [purposes]} that the firewall configuration in force names (a rule for any purpose adds
    nothing of its own; its `only_for` purposes do)."""
    found = {}
    for rule in MODULES["firewall"].rules(current(project, "firewall").document):
        purposes = found.setdefault(rule.authority, set())
        purposes.update(rule.only_for if rule.purpose == ANY_PURPOSE else {rule.purpose})
    return {authority: sorted(purposes) for authority, purposes in sorted(found.items()) if purposes}
