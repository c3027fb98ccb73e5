"""The IMMERSE configuration items requirements may name, by their stable keys: {key: what the item decides}.

They are the items of every registered module's starting configuration; a project's own configurations (in the
web front) may add more.
"""
from .modules import MODULES


def known_items() -> dict[str, str]:
    return {key: item.description for module in MODULES.values()
            for key, item in module.items(module.default()).items()}
