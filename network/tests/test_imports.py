"""The network reads only what mel hands it: no module of ``network`` imports a person-level app
(issue 13; import-linter's "network" contract says the same in `make lint`)."""

import ast
from pathlib import Path

PERSON_LEVEL = ("people", "casework", "instruments", "coordination", "community")
NETWORK = Path(__file__).resolve().parents[1]


def imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def person_level_imports(root: Path) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        if "tests" in path.relative_to(root).parts:
            continue  # tests build scenarios across apps
        for name in sorted(imported(path)):
            if name.split(".")[0] in PERSON_LEVEL:
                found.append(f"{path.relative_to(root.parent)}: {name}")
    return found


def test_no_module_of_the_network_imports_a_person_level_app():
    assert list(NETWORK.rglob("*.py"))
    assert person_level_imports(NETWORK) == []


def test_the_check_would_find_a_person_level_import(tmp_path):
    package = tmp_path / "network"
    (package / "exchange").mkdir(parents=True)
    (package / "exchange" / "report.py").write_text("from people.models import Participant\n")

    assert person_level_imports(package) == ["network/exchange/report.py: people.models"]
