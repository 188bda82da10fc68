"""Docs stay honest: every query documents its parameters, the README names commands that exist."""

import re

import pytest

from regiomonitor.commands.cli import COMMANDS
from tests.conftest import ROOT

QUERIES = sorted((ROOT / "queries").rglob("*.sql"))


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.relative_to(ROOT / "queries").as_posix())
def test_query_header_names_its_parameters(path):
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"-- {path.stem}:")
    header = "\n".join(line for line in text.splitlines() if line.startswith("--"))
    for parameter in set(re.findall(r"\$([a-z_]+)", text)):
        assert f"${parameter}" in header, f"{path.name} uses ${parameter} without documenting it"


def test_every_layer_file_is_built_and_every_built_layer_has_a_file():
    from regiomonitor.engine.db import LAYERS, STAGING

    files = {p.relative_to(ROOT / "queries").with_suffix("").as_posix() for p in QUERIES if p.parent.name != "queries"}
    built = {f"staging/{v}" for v in STAGING} | {f"intermediate/{step}" for steps in LAYERS.values() for step in steps}
    assert files == built


def test_readme_commands_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in set(re.findall(r"python -m regiomonitor ([a-z-]+)", readme)):
        assert command in COMMANDS, f"README names `{command}`, which the CLI does not have"
    assert "make dashboard" in readme and "make test" in readme
    assert (ROOT / ".ci" / "run").read_text().strip().endswith("make test")


def test_methodology_is_documented_in_dutch_and_english():
    text = (ROOT / "docs" / "methodology.md").read_text(encoding="utf-8")
    assert "## Nederlands" in text and "## English" in text
    for status in ("Op koers", "Matige voortgang", "Beperkte voortgang", "Verslechterd", "Behaald", "Niet behaald",
                   "Verbetering", "Stabiel", "Niet te beoordelen", "Voldoet aan norm", "Vertraagd", "Start vertraagd"):
        assert status in text


def test_readme_describes_every_dashboard_page():
    from ui.app_state import PAGES

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for position, (path, title, _, url) in enumerate(PAGES):
        assert (ROOT / path).exists()
        link = "`/`" if position == 0 else f"`/{url}"
        assert f"| {title} | {link}" in readme, f"README's page table lacks {title} ({link})"
