"""The web front of IMMERSE's modules: a project's versioned configuration of each module (firewall, matching,
service profile), with a diff between versions, roll back, and the items requirements link to."""
from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("immerse", __name__, template_folder="templates")
matching_api_bp = Blueprint("matching_api", __name__)  # JSON, at /api/v1/matching

from . import models, views  # noqa: E402,F401
from . import matching_api, matching_views  # noqa: E402,F401
from ..audit import register_audited  # noqa: E402
from ..history import register_actions  # noqa: E402

register_actions({  # how the record of changes names this package's actions
    "immerse.configuration_changed": _l("changed an IMMERSE configuration"),
    "immerse.configuration_rolled_back": _l("rolled an IMMERSE configuration back"),
    "immerse.firewall_previewed": _l("previewed a profile through the firewall"),
    "immerse.fairness_audited": _l("ran the fairness audit of matching"),
})

from .. import configuration_items  # noqa: E402
from ..evidence.registry import Link  # noqa: E402


def _items(project):
    from .labels import item_description
    from .services import items_of

    return {key: str(item_description(module_key, key, item.value))
            for key, (module_key, item) in items_of(project).items()}


def _link(project, key):
    return Link("immerse.item", {"slug": project.slug, "key": key})


configuration_items.register(configuration_items.ItemSource(_items, _link))


def _policy(project):
    from flask import current_app

    from .services import firewall_policy

    return firewall_policy(project, current_app.config["SECRET_KEY"].encode())  # as the preview shows it


configuration_items.register_policy(_policy)

from ..privacy.recipients import Disclosure, register_recipients  # noqa: E402

RELEASING = ("allow", "generalise", "pseudonymise")


def _disclosures(project):
    """The authorities and purposes of the firewall configuration in force in `project`, with what each
    rule releases (what the firewall drops is not a disclosure)."""
    from immerse_core.firewall import ANY_PURPOSE

    from .services import current

    configuration = current(project, "firewall")
    grouped = {}
    for rule in configuration.module.rules(configuration.document):
        if rule.action in RELEASING:
            released, requirements = grouped.setdefault((rule.authority, rule.purpose), ([], set()))
            released.append((rule.attribute, rule.action))
            requirements.update(rule.requirements)
    return [Disclosure(authority, "" if purpose == ANY_PURPOSE else purpose, tuple(sorted(released)),
                       tuple(sorted(requirements)))
            for (authority, purpose), (released, requirements) in grouped.items()]


register_recipients(_disclosures)

register_audited({  # what the audit log keeps of this package's actions
    "immerse.configuration_changed",
    "immerse.configuration_rolled_back",
    "immerse.firewall_previewed",  # it shows one record's protected attributes
    "immerse.fairness_audited",  # it reads a protected attribute of every profile (aggregates shown only)
})
