"""The architecture rules that code review alone would let slip: the import-linter contracts in pyproject.toml
(layers point down, engine libraries hold no web or database code, domain modules import no framework) are
all kept, and every module under src/greenlane opens with a docstring that says what it is for."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "greenlane"
MODULES = sorted(SOURCE.rglob("*.py"))


def contract_names() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return [contract["name"] for contract in config["tool"]["importlinter"]["contracts"]]


def test_every_import_linter_contract_is_kept() -> None:
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )

    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    names = contract_names()
    assert len(names) >= 3
    for name in names:
        assert f"{name} KEPT" in report, report
    assert f"Contracts: {len(names)} kept, 0 broken." in report


def test_the_module_list_is_not_empty() -> None:
    assert len(MODULES) > 50


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(SOURCE)) for p in MODULES])
def test_every_module_starts_with_a_docstring(path: Path) -> None:
    docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))

    assert docstring, f"{path.relative_to(ROOT)} does not start with a docstring"
    assert len(docstring.split()) >= 4, f"{path.relative_to(ROOT)}: say what the module is for and why"
