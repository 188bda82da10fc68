"""CONTRIBUTING.md explains every message a theme team can meet, and only messages that exist."""

import re
import shutil

import pytest

from regiomonitor.data.sources import load_measurements
from regiomonitor.plan.load import load_plan
from tests.conftest import FIXTURES, ROOT

GUIDE = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
SECTION = GUIDE[GUIDE.index("## Foutmeldingen"):GUIDE.index("## Een volledig voorbeeld")]
# The first column of the message tables: `fragment` (or two, separated by /).
FRAGMENTS = [f for row in re.findall(r"^\| (`.+?`(?: / `.+?`)*) \|", SECTION, re.M) for f in re.findall(r"`(.+?)`", row)]
SOURCE = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "regiomonitor").rglob("*.py"))


def documented(message: str) -> bool:
    return any(fragment in message for fragment in FRAGMENTS)


def test_the_guide_is_dutch_and_covers_the_tasks():
    for heading in ("## Bewerken in de webeditor van GitHub", "## Een doel toevoegen", "## Een KPI toevoegen",
                    "## Een meting toevoegen", "## De toelichting van een kwartaal", "## Foutmeldingen",
                    "## Een volledig voorbeeld van een pull request"):
        assert heading in GUIDE


@pytest.mark.parametrize("fragment", FRAGMENTS)
def test_every_documented_message_exists_in_the_code(fragment):
    # Fragments with quotes or backticks are built from pieces in the code; compare on their longest plain part.
    longest = max(re.split(r"[`'(]", fragment), key=len).strip()
    assert longest in SOURCE, f"CONTRIBUTING.md explains {fragment!r}, which no message contains"


@pytest.mark.parametrize("fixture", sorted(p.name for p in (FIXTURES / "bad").glob("*.yaml")))
def test_every_bad_plan_file_gives_a_documented_message(fixture, tmp_path):
    plan = tmp_path / "plan"
    shutil.copytree(FIXTURES / "plan-minimal", plan)
    shutil.copy(FIXTURES / "bad" / fixture, plan / "zorg.yaml")
    problems = load_plan(plan).problems
    assert problems
    undocumented = [str(p) for p in problems if not documented(p.message)]
    assert undocumented == []


def test_every_bad_measurement_row_gives_a_documented_message(tmp_path):
    loaded = load_plan(FIXTURES / "plan-minimal")
    indicators = {i.id: i for t in loaded.themes.values() for i in t.indicators}
    for name in ("every-bad-row.csv", "missing-value-column.csv"):
        (tmp_path / "measurements").mkdir(exist_ok=True)
        shutil.copy(FIXTURES / "csv" / name, tmp_path / "measurements" / name)
    problems = load_measurements(tmp_path, indicators).problems
    assert len(problems) >= 10
    assert [str(p) for p in problems if not documented(p.message)] == []
