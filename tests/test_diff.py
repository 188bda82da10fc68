"""`diff BASE HEAD`: every kind of change to the plan, and the KPI statuses a change alters."""

import json
import shutil
import subprocess
from datetime import date

import pytest

from regiomonitor.commands.cli import main
from regiomonitor.commands.plandiff import diff_plans, render_markdown
from tests.conftest import FIXTURES

AS_OF = date(2024, 12, 31)
# Baseline 12 weeks (2022), target 8 (2026): 10 weeks at 2024-Q4 is on course (R = 1.00).
DATA = "indicator,period,value,area,source,note\nzorg-wachttijd,2024-Q4,10,,GGD,\n"
NEW_THEME = ("id: jeugd\nname: Jeugd\nambitie: Jong en gezond.\nsource: {document: testplan, section: Jeugd}\n"
             "doelen:\n  - id: J1\n    title: Minder schooluitval\n    source: {document: testplan, section: Jeugd}\n")


@pytest.fixture
def pair(tmp_path):
    for side in ("base", "head"):
        shutil.copytree(FIXTURES / "plan-minimal", tmp_path / side / "plan")
        (tmp_path / side / "data" / "measurements").mkdir(parents=True)
        (tmp_path / side / "data" / "measurements" / "m.csv").write_text(DATA)
    return tmp_path


def edit(root, side: str, name: str, old: str, new: str) -> None:
    path = root / side / "plan" / name
    text = path.read_text()
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1))


def run(root):
    return diff_plans("base", "head", (root / "base" / "plan", root / "base" / "data"),
                      (root / "head" / "plan", root / "head" / "data"), AS_OF)


def summary(diff):
    return [(c.kind, c.change, c.id, c.details) for c in diff.changes]


def test_identical_plans_have_no_changes(pair):
    diff = run(pair)
    assert diff.changes == [] and diff.statuses == []
    assert "Geen inhoudelijke wijzigingen" in render_markdown(diff)


def test_changed_target_and_owner_and_the_status_it_alters(pair):
    # Target 4 weeks: at 2024-Q4, p = 2/8 = 0.25, e = 731/1461 = 0.50, R = 0.50: Beperkte voortgang.
    edit(pair, "head", "zorg.yaml", "      value: 8\n", "      value: 4\n")
    edit(pair, "head", "zorg.yaml", "    frequency: quarterly\n", "    frequency: quarterly\n    owner: GGD\n")
    diff = run(pair)
    assert summary(diff) == [("indicator", "changed", "zorg-wachttijd", [
        {"field": "target", "old": "8 weken (2026)", "new": "4 weken (2026)"},
        {"field": "owner", "old": "–", "new": "GGD"}])]
    assert diff.statuses == [{"indicator": "zorg-wachttijd", "name": "Wachttijd intake", "old": "Op koers",
                              "new": "Beperkte voortgang"}]
    markdown = render_markdown(diff)
    assert ("- Indicator `zorg-wachttijd` — Wachttijd intake: streefwaarde 8 weken \\(2026\\) → 4 weken \\(2026\\); "
            "eigenaar – → GGD") in markdown
    assert "| Wachttijd intake (`zorg-wachttijd`) | Op koers | Beperkte voortgang |" in markdown


def test_direction_and_baseline_changes(pair):
    edit(pair, "head", "zorg.yaml", "      value: 12\n", "      value: 13\n")
    diff = run(pair)
    assert summary(diff)[0][3] == [{"field": "baseline", "old": "12 weken (2022)", "new": "13 weken (2022)"}]


def test_renumbered_doel_is_not_a_removal(pair):
    edit(pair, "head", "welzijn.yaml", "  - id: W2\n", "  - id: W3\n")
    diff = run(pair)
    assert summary(diff) == [("doel", "renumbered", "welzijn/W3", [{"field": "id", "old": "W2", "new": "W3"}])]
    assert "**Hernummerd**" in render_markdown(diff)


def test_moved_initiative(pair):
    zorg = (pair / "head" / "plan" / "zorg.yaml").read_text()
    block = zorg[zorg.index("initiatives:\n"):zorg.index("werkagenda:\n")]
    (pair / "head" / "plan" / "zorg.yaml").write_text(zorg.replace(block, ""))
    with (pair / "head" / "plan" / "welzijn.yaml").open("a") as f:
        f.write(block.replace('contributes_to: ["1a", "welzijn/W1"]', 'contributes_to: ["zorg/1a", "W1"]'))
    diff = run(pair)
    assert summary(diff) == [("initiative", "moved", "zorg-wachtlijstteam", [
        {"field": "theme", "old": "zorg", "new": "welzijn"},
        {"field": "contributes_to", "old": "1a, welzijn/W1", "new": "zorg/1a, W1"}])]
    assert "- Samenwerkingsinitiatief `zorg-wachtlijstteam` — Wachtlijstteam: thema zorg → welzijn" in render_markdown(diff)


def test_added_and_removed_theme_opgave_doel_indicator_initiative_and_action(pair):
    (pair / "head" / "plan" / "jeugd.yaml").write_text(NEW_THEME)
    edit(pair, "head", "plan.yaml", "themes: [zorg, welzijn]", "themes: [zorg, welzijn, jeugd]")
    (pair / "base" / "plan" / "jeugd.yaml").write_text(NEW_THEME)  # a theme only the base lists is removed:
    edit(pair, "base", "plan.yaml", "themes: [zorg, welzijn]", "themes: [zorg, jeugd, welzijn]")
    edit(pair, "head", "plan.yaml", "themes: [zorg, welzijn, jeugd]", "themes: [zorg, welzijn]")
    diff = run(pair)
    assert summary(diff) == [("theme", "removed", "jeugd", []), ("doel", "removed", "jeugd/J1", [])]

    zorg = (pair / "head" / "plan" / "zorg.yaml").read_text()
    for start, end in (("initiatives:\n", "werkagenda:\n"), ("werkagenda:\n", "indicators:\n")):
        zorg = zorg.replace(zorg[zorg.index(start):zorg.index(end)], "")
    zorg = zorg[:zorg.index("indicators:\n")] + "indicators: []\n"
    zorg = zorg.replace('  - id: "1"\n', '  - id: "2"\n')  # opgave 1 removed, opgave 2 added (its doelen move along)
    (pair / "head" / "plan" / "zorg.yaml").write_text(zorg)
    diff = run(pair)
    kinds = {(c.kind, c.change, c.id) for c in diff.changes}
    assert {("opgave", "removed", "zorg/1"), ("opgave", "added", "zorg/2"), ("indicator", "removed", "zorg-wachttijd"),
            ("initiative", "removed", "zorg-wachtlijstteam"), ("action", "removed", "zorg-kpis-opstellen")} <= kinds
    assert {"indicator": "zorg-wachttijd", "name": "Wachttijd intake", "old": "Op koers", "new": "–"} in diff.statuses


def test_changed_action_opgave_and_doel(pair):
    edit(pair, "head", "zorg.yaml", "    end: 2024-Q2\n", "    end: 2025-Q4\n")
    edit(pair, "head", "zorg.yaml", "    title: Wachttijden omlaag\n", "    title: Wachttijden flink omlaag\n")
    edit(pair, "head", "zorg.yaml", "        title: Sneller intake\n", "        title: Snellere intake\n")
    diff = run(pair)
    assert summary(diff) == [
        ("opgave", "changed", "zorg/1", [{"field": "title", "old": "Wachttijden omlaag", "new": "Wachttijden flink omlaag"}]),
        ("doel", "changed", "zorg/1b", [{"field": "title", "old": "Sneller intake", "new": "Snellere intake"}]),
        ("action", "changed", "zorg-kpis-opstellen", [{"field": "period", "old": "1e kwartaal 2024 – 2e kwartaal 2024",
                                                      "new": "1e kwartaal 2024 – 4e kwartaal 2025"}])]


def test_json_output_keys(pair, capsys):
    edit(pair, "head", "welzijn.yaml", "  - id: W2\n", "  - id: W3\n")
    assert main(["diff", str(pair / "base" / "plan"), str(pair / "head" / "plan"), "--data",
                 str(pair / "base" / "data"), "--as-of", "2024-12-31", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["base", "head", "as_of", "changes", "statuses", "errors", "not_compared"]
    assert data["as_of"] == "2024-12-31"
    assert data["not_compared"] == []
    assert data["changes"] == [{"kind": "doel", "change": "renumbered", "id": "welzijn/W3", "name": "Minder eenzaamheid",
                                "theme": "welzijn", "details": [{"field": "id", "old": "W2", "new": "W3"}]}]


def test_git_revisions(tmp_path, capsys, monkeypatch):
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "plan-minimal", repo / "plan")
    (repo / "data" / "measurements").mkdir(parents=True)
    (repo / "data" / "measurements" / "m.csv").write_text(DATA)
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run(git + ["add", "."], check=True)
    subprocess.run(git + ["commit", "-qm", "base"], check=True)
    edit(repo.parent, "repo", "welzijn.yaml", "    title: Minder eenzaamheid\n", "    title: Minder eenzaam\n")
    subprocess.run(git + ["commit", "-qam", "head"], check=True)
    monkeypatch.chdir(repo)
    assert main(["diff", "HEAD~1", "HEAD", "--plan", "plan", "--data", "data", "--as-of", "2024-12-31"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("### Wat deze wijziging met het plan doet (HEAD\\~1 → HEAD)")
    assert "- Doel `welzijn/W2` — Minder eenzaam: titel Minder eenzaamheid → Minder eenzaam" in out
    assert main(["diff", "geen-revisie", "HEAD", "--plan", "plan", "--data", "data"]) == 2
    assert "'geen-revisie' is neither a plan directory nor a git revision" in capsys.readouterr().err
