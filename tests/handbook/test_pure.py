"""handbook is a pure library: importing any of its modules pulls in no web framework nor the web app."""
import pkgutil

import handbook
from tests.immerse_core.test_pure import imported_by

MODULES = sorted(["handbook"] + [f"handbook.{m.name}" for m in pkgutil.walk_packages(handbook.__path__)])


def test_every_module_is_found():
    assert {"handbook.snapshot", "handbook.document", "handbook.figures", "handbook.text"} <= set(MODULES)


def test_no_module_imports_flask_or_the_web_app():
    offending = {module: imported_by(module) for module in MODULES}
    assert {module: names for module, names in offending.items() if names} == {}


def test_the_check_sees_the_web_app():
    assert "cocreate" in imported_by("cocreate.handbook_data")
