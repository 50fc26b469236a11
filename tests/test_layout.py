"""The folder tree is the architecture: a stage imports only the stages below it, and
extraction, which must stay pure, imports none of the others."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "cleannews"

# Stage -> the stages it must never import (the ones beside or above it).
FORBIDDEN = {
    "extraction": {"net", "collect", "warc", "cli", "scraping"},
    "net": {"extraction", "collect", "warc", "cli", "scraping"},
    "warc": {"collect", "cli", "scraping"},  # it shares net/payload's media types and inflate
    "collect": {"warc", "cli"},
    "scraping": {"collect", "warc", "cli"},
}


def imported_stages(source: str, package: tuple[str, ...]) -> set[str]:
    """The cleannews subpackages or modules that a file of `package` imports, absolute or
    relative."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = (*base, *(node.module or "").split(".")) if node.module else base
                names = [(*target, alias.name) for alias in node.names]
            else:
                names = [tuple((node.module or "").split("."))]
        elif isinstance(node, ast.Import):
            names = [tuple(alias.name.split(".")) for alias in node.names]
        else:
            continue
        for name in names:
            if len(name) > 1 and name[0] == "cleannews":
                found.add(name[1])
    return found


def stage_files(stage: str) -> list[Path]:
    folder = PACKAGE / stage
    return sorted(folder.rglob("*.py")) if folder.is_dir() else [PACKAGE / f"{stage}.py"]


@pytest.mark.parametrize("stage", sorted(FORBIDDEN))
def test_a_stage_imports_only_the_stages_below_it(stage):
    offences = {}
    for path in stage_files(stage):
        package = path.relative_to(PACKAGE.parent).parts[:-1]
        imported = imported_stages(path.read_text(encoding="utf-8"), package)
        offences[str(path.relative_to(PACKAGE))] = sorted(imported & FORBIDDEN[stage])
    assert {file: names for file, names in offences.items() if names} == {}


def test_the_checker_sees_relative_and_absolute_imports():
    """A check that could never fail proves nothing: feed it a file that breaks the rule."""
    source = "from ..net import fetcher\nimport cleannews.warc.reader\nfrom . import dom\n"
    assert imported_stages(source, ("cleannews", "extraction")) == {"net", "warc", "extraction"}
    nested = "from ...collect.state import State\nfrom .. import dates\n"
    assert imported_stages(nested, ("cleannews", "extraction", "metadata")) == {
        "collect", "extraction"}
