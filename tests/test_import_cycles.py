"""No module of the plugin imports itself back through others, and none hides an import inside a function:
page models call managers, views live in views modules (docs/architecture.md). The one exception is the
Django idiom of importing signal handlers and checks in `AppConfig.ready()`, which runs after every app
is loaded."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("estates", "safety_walks", "community", "mediation")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" not in path.parts:
                found[module_name(path)] = path
    return found


def with_parents(name: str, known) -> set[str]:
    """Importing a.b.c runs a/__init__, a/b/__init__ and a/b/c: every one of them is an edge."""
    parts = name.split(".")
    return {".".join(parts[:n]) for n in range(1, len(parts) + 1)} & set(known)


def type_checking_only(tree: ast.AST) -> set[int]:
    """Ids of the import nodes inside `if TYPE_CHECKING:`: they never run, so they are no edge."""
    return {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"
        for inner in ast.walk(node)
    }


def imported(tree: ast.AST, name: str, known) -> set[str]:
    targets = set()
    never_run = type_checking_only(tree)
    for node in ast.walk(tree):
        if id(node) in never_run:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                targets |= with_parents(alias.name, known)
        elif isinstance(node, ast.ImportFrom) and node.module:
            base = node.module
            if node.level:  # relative import
                base = ".".join(name.split(".")[: -node.level] + [node.module])
            targets |= with_parents(base, known)
            for alias in node.names:
                targets |= with_parents(f"{base}.{alias.name}", known)
    # A module's own packages are initialised before it runs: importing a sibling is no edge back to them.
    return targets - with_parents(name, known)


def import_graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imported(ast.parse(path.read_text()), name, known) for name, path in known.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == "open":
                return [*stack[stack.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_cycle_finder_sees_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_the_graph_sees_the_page_models_use_the_views():
    graph = import_graph()
    assert "community.views" in graph["community.models.pages"]
    assert "community.models" in graph["community.api"]


def test_no_module_of_the_plugin_imports_in_a_cycle():
    assert find_cycle(import_graph()) is None


def is_app_ready(path: Path, node: ast.AST) -> bool:
    return path.name == "apps.py" and node.name == "ready"


def test_the_local_import_finder_sees_one():
    source = "def f():\n    import os\n"
    function = ast.parse(source).body[0]
    assert any(isinstance(inner, ast.Import) for inner in ast.walk(function))
    assert not is_app_ready(Path("safety_walks/views.py"), function)


@pytest.mark.parametrize("package", PACKAGES)
def test_no_function_local_imports(package):
    local = []
    for path in (ROOT / package).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not is_app_ready(path, node):
                for inner in ast.walk(node):
                    if isinstance(inner, (ast.Import, ast.ImportFrom)):
                        local.append(f"{path.relative_to(ROOT)}:{inner.lineno}")
    assert local == []
