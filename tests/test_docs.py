"""Docs stay honest: every query documents its parameters, the README names commands that exist."""

import re
import textwrap

import pytest
import yaml

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


def yaml_examples() -> list[tuple[str, int, str]]:
    """Every ```yaml block of the README and CONTRIBUTING.md: (file, line, text)."""
    found = []
    for name in ("README.md", "CONTRIBUTING.md"):
        text = (ROOT / name).read_text(encoding="utf-8")
        for match in re.finditer(r"```yaml\n(.*?)```", text, re.S):
            found.append((name, text[:match.start()].count("\n") + 1, textwrap.dedent(match.group(1))))
    return found


@pytest.mark.parametrize(("name", "line", "text"), yaml_examples(), ids=lambda v: str(v)[:20])
def test_every_yaml_example_in_the_docs_is_valid(name, line, text):
    """A theme team copies these: each must be what the schema accepts (the part of a file it shows)."""
    from pydantic import TypeAdapter

    from regiomonitor.plan.commentary import Commentary
    from regiomonitor.plan.figures import FigureOrToBeSet
    from regiomonitor.plan.model import Doel, Indicator, Initiative, Partner

    data = yaml.safe_load(text)
    checked = 0
    for ind in data.get("indicators", []) if isinstance(data.get("indicators"), list) else []:
        Indicator.model_validate(ind)
        checked += 1
    for initiative in data.get("initiatives", []):
        Initiative.model_validate(initiative)
        checked += 1
    for opgave in data.get("opgaven", []):  # the opgave is context; the doel is what the example adds
        for doel in opgave.get("doelen", []):
            Doel.model_validate(doel)
            checked += 1
    for partner in data.get("partners", []):  # plan.yaml's list of partners
        Partner.model_validate(partner)
        checked += 1
    if "quarter" in data:
        Commentary.model_validate(data)
        checked += 1
    if "baseline" in data:
        TypeAdapter(FigureOrToBeSet).validate_python(data["baseline"])
        checked += 1
    assert checked, f"{name}:{line}: an example of a kind this test does not know"


def test_data_sources_maps_every_kpi_and_names_exactly_the_fed_ones():
    """docs/data-sources.md has one row per KPI of the plan, in its table, and says 'feed declared' exactly for the
    KPI's with a `feed`."""
    from regiomonitor.plan.load import load_plan

    loaded = load_plan(ROOT / "plan")
    kpis = {i.id: i for t in loaded.themes.values() for i in t.indicators}
    rows = {}
    for line in (ROOT / "docs" / "data-sources.md").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\| `([a-z0-9-]+)` \|.*\| ([^|]+) \|$", line)
        if match:
            rows[match[1]] = match[2].strip()
    assert set(rows) == set(kpis)
    assert {k for k, status in rows.items() if status == "feed declared"} == {k for k, i in kpis.items() if i.feed}
    assert all(s == "feed declared" or s == "reported by owner" or s.startswith("open source, not fed yet (")
               for s in rows.values())
