"""The package tree shows the architecture: layers import only the layers below them, nobody reaches into
another module's private names, and the pure layers never import plotly or ipywidgets."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import vizlib

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "vizlib"
LAYERS = ["text", "model", "tools", "layout", "figures", "exercises", "widgets"]
"""Bottom first: a module may import its own layer and the layers before it."""
PURE = {"text", "model", "tools", "layout"}
MODULES = sorted(p for p in PKG.rglob("*.py") if p.name != "__init__.py" or p.parent != PKG)


def _layer(path: Path) -> str:
    return path.relative_to(PKG).parts[0]


def _vizlib_imports(tree: ast.AST) -> list[tuple[str, list[str]]]:
    out = []
    for n in ast.walk(tree):
        if isinstance(n, ast.ImportFrom) and n.module and n.module.split(".")[0] == "vizlib":
            out.append((n.module, [a.name for a in n.names]))
        elif isinstance(n, ast.ImportFrom) and n.level:
            raise AssertionError(f"relative import in {n.lineno}: use absolute vizlib.<layer>.<module> imports")
        elif isinstance(n, ast.Import):
            out += [(a.name, []) for a in n.names if a.name.split(".")[0] == "vizlib"]
    return out


def test_every_module_sits_in_a_layer():
    assert {_layer(p) for p in MODULES} == set(LAYERS)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PKG)))
def test_layers_import_only_layers_below(path: Path):
    mine = LAYERS.index(_layer(path))
    for module, _ in _vizlib_imports(ast.parse(path.read_text())):
        parts = module.split(".")
        if len(parts) == 1:
            continue  # "import vizlib" in a doctest-free module would be odd, but harmless
        assert LAYERS.index(parts[1]) <= mine, f"{path.relative_to(PKG)} imports {module} from a higher layer"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PKG)))
def test_no_module_imports_another_modules_private_names(path: Path):
    for module, names in _vizlib_imports(ast.parse(path.read_text())):
        private = [n for n in names if n.startswith("_")]
        assert private == [], f"{path.relative_to(PKG)} imports {private} from {module}"


@pytest.mark.parametrize("path", [p for p in MODULES if _layer(p) in PURE], ids=lambda p: str(p.relative_to(PKG)))
def test_pure_layers_never_import_plotly_or_ipywidgets(path: Path):
    bad = []
    for n in ast.walk(ast.parse(path.read_text())):
        names = [a.name for a in n.names] if isinstance(n, ast.Import) else [n.module or ""] \
            if isinstance(n, ast.ImportFrom) else []
        bad += [m for m in names if m.split(".")[0] in ("plotly", "ipywidgets")]
    assert bad == []


def test_init_imports_every_public_name_explicitly():
    tree = ast.parse((PKG / "__init__.py").read_text())
    imported = {a.asname or a.name for n in tree.body if isinstance(n, ast.ImportFrom) for a in n.names}
    literal = next(n.value for n in tree.body if isinstance(n, ast.Assign)
                   and any(getattr(t, "id", None) == "__all__" for t in n.targets))
    names = ast.literal_eval(literal)
    assert "*" not in imported and set(names) == imported - {"annotations"}
    assert list(names) == sorted(names, key=str.lower) and vizlib.__all__ == names


def test_no_submodule_is_hidden_behind_a_function_of_the_same_name():
    import importlib
    for path in MODULES:
        dotted = "vizlib." + ".".join(path.relative_to(PKG).with_suffix("").parts)
        module = importlib.import_module(dotted)
        parent = importlib.import_module(dotted.rsplit(".", 1)[0])
        assert getattr(parent, dotted.rsplit(".", 1)[1]) is module, f"{dotted} is shadowed in its package"
