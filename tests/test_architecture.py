"""The shape of the house: features plug into shared packages and never import one another."""
import ast
from pathlib import Path

import cocreate

PACKAGE = Path(cocreate.__file__).parent
# Shared packages sit below every feature; features sit side by side and meet only through the shared ones.
SHARED = {"auth", "projects", "participants", "evidence", "history", "audit", "privacy", "profiles", "migrations", "templates", "static", "translations"}


def packages():
    return sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists())


def features():
    return [name for name in packages() if name not in SHARED]


def imported_packages(path):
    """The cocreate sub-packages that the module at `path` imports, relative or absolute."""
    module_parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module_parts[:len(module_parts) - node.level]
                target = ".".join(base + ((node.module,) if node.module else ()))
                names = [target] + ([f"{target}.{alias.name}" for alias in node.names] if not node.module else [])
            elif node.module:
                names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "cocreate" and len(parts) > 1:
                found.add(parts[1])
    return found


def test_features_and_shared_packages_are_known():
    assert {"workshops", "surveys", "prototypes"} <= set(features())
    assert {"participants", "evidence"} <= set(packages())


def test_no_feature_imports_another_feature():
    wrong = []
    for feature in features():
        for path in (PACKAGE / feature).rglob("*.py"):
            for other in imported_packages(path) & set(features()) - {feature}:
                wrong.append(f"{path.relative_to(PACKAGE)} imports cocreate.{other}")
    assert wrong == []


def test_shared_packages_import_no_feature():
    wrong = []
    for shared in ("participants", "evidence", "history", "audit", "privacy", "projects", "auth", "profiles"):
        for path in (PACKAGE / shared).rglob("*.py"):
            for other in imported_packages(path) & set(features()):
                wrong.append(f"{path.relative_to(PACKAGE)} imports cocreate.{other}")
    assert wrong == []


def test_the_check_sees_relative_imports():
    """The walk itself: a relative import of another feature is found."""
    module = PACKAGE / "surveys" / "views.py"
    assert "projects" in imported_packages(module)
    assert "participants" in imported_packages(PACKAGE / "surveys" / "services.py")


def test_views_load_objects_through_the_checking_loaders():
    """Views find rows through loaders that answer 404 and 403 (auth.permissions), never by a bare get."""
    wrong = [f"{path.relative_to(PACKAGE)}:{number}"
             for path in PACKAGE.rglob("views.py")
             for number, line in enumerate(path.read_text().splitlines(), start=1) if "db.session.get(" in line]
    assert wrong == []
