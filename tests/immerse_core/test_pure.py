"""immerse_core is a pure library: importing any of its modules pulls in no web framework nor the web app."""
import pkgutil
import subprocess
import sys

import immerse_core

FORBIDDEN = ("flask", "flask_sqlalchemy", "sqlalchemy", "cocreate")
MODULES = sorted(["immerse_core"] + [f"immerse_core.{m.name}" for m in pkgutil.walk_packages(immerse_core.__path__)])

CHECK = """
import importlib, sys
importlib.import_module({module!r})
print(" ".join(sorted(name for name in sys.modules if name.split(".")[0] in {forbidden!r})))
"""


def imported_by(module):
    result = subprocess.run([sys.executable, "-c", CHECK.format(module=module, forbidden=FORBIDDEN)],
                            capture_output=True, text=True, check=True)
    return result.stdout.split()


def test_every_module_is_found():
    assert {"immerse_core.firewall", "immerse_core.generalisers", "immerse_core.privacy", "immerse_core.matching",
            "immerse_core.fairness"} <= set(MODULES)


def test_no_module_imports_flask_or_the_web_app():
    offending = {module: imported_by(module) for module in MODULES}
    assert {module: names for module, names in offending.items() if names} == {}


def test_the_check_sees_a_forbidden_import():
    # The same check run on a module that does import Flask reports it, so the test above can fail.
    assert "flask" in imported_by("flask")
