"""The command-line contract: output lines, exit codes, JSON keys, environment variables."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from regiomonitor.commands.cli import main
from tests.conftest import ROOT


@pytest.fixture(autouse=True)
def no_measurements(tmp_path_factory, monkeypatch):
    """`check` reads the data too; these tests are about plan files, so they get an empty data folder
    (the repository's data/ would name indicators the test plans do not have)."""
    monkeypatch.setenv("REGIOMONITOR_DATA", str(tmp_path_factory.mktemp("no-data")))


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "regiomonitor", *args], cwd=ROOT, capture_output=True,
                          text=True, env={**os.environ, **(env or {})})


def test_check_valid_plan_prints_warnings_and_exits_0(minimal_plan, capsys):
    assert main(["check", "--plan", str(minimal_plan)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"{minimal_plan}/welzijn.yaml:11:9: warning: doelen[1].id: doel 'W2' has no indicator, initiative or action "
        "(if the plan names none yet, say so in `gap`)"
    ]
    assert err.strip() == "OK: 2 of 2 themes valid, 0 error(s), 1 warning(s)"


def test_check_strict_fails_on_warnings(minimal_plan, capsys):
    assert main(["check", "--plan", str(minimal_plan), "--strict"]) == 1
    assert "FAILED" in capsys.readouterr().err


def test_check_reports_every_problem_at_once(minimal_plan, capsys):
    zorg = minimal_plan / "zorg.yaml"
    text = zorg.read_text(encoding="utf-8")
    text = text.replace('contributes_to: ["1a", "welzijn/W1"]', 'contributes_to: ["1a", "welzijn/W9"]')
    text = text.replace("priority: hoog", "priority: urgent")
    zorg.write_text(text, encoding="utf-8")
    assert main(["check", "--plan", str(minimal_plan)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert f"{minimal_plan}/zorg.yaml:9:15: opgaven[0].priority: unknown priority 'urgent': use one of the plan's " \
           "`priorities` (hoog)" in out
    assert f"{minimal_plan}/zorg.yaml:24:28: initiatives[0].contributes_to[1]: reference 'welzijn/W9': theme " \
           "'welzijn' has no doel 'W9' (its doelen: W1, W2)" in out


def test_check_reports_theme_listed_without_file(minimal_plan, capsys):
    (minimal_plan / "welzijn.yaml").unlink()
    assert main(["check", "--plan", str(minimal_plan)]) == 1
    out = capsys.readouterr().out
    assert f"{minimal_plan}/plan.yaml:15:16: themes[1]: theme 'welzijn' has no file welzijn.yaml in the plan directory" in out


def test_check_warns_about_unlisted_theme_file(minimal_plan, capsys):
    (minimal_plan / "extra.yaml").write_text("id: extra\n", encoding="utf-8")
    main(["check", "--plan", str(minimal_plan)])
    out = capsys.readouterr().out
    assert (f"{minimal_plan}/plan.yaml:15:9: warning: themes: file extra.yaml is not listed under `themes`, "
            "so it is ignored") in out


def test_dump_contract(minimal_plan, capsys):
    assert main(["dump", "--plan", str(minimal_plan)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["region", "title", "subtitle", "period", "municipalities", "area", "committee", "levels",
                          "priorities", "sources", "sections", "themes", "indicators", "initiatives", "agenda"]
    assert data["region"] == "Testregio"
    assert data["period"] == {"start": "2024", "end": "2026"}
    assert (data["levels"]["opgave"], data["levels"]["opgaven"], data["levels"]["indicator"]) == (
        "Ambitie", "Ambities", "Indicator")
    assert data["committee"] is None
    zorg, welzijn = data["themes"]
    assert zorg["opgaven"][0] == {
        "id": "1", "title": "Wachttijden omlaag", "priority": "hoog",
        "doelen": [{"id": "1a", "title": "Minder wachtenden", "indicators": ["zorg-wachttijd"], "gap": None},
                   {"id": "1b", "title": "Sneller intake", "indicators": ["zorg-wachttijd"], "gap": None}],
    }
    assert [d["id"] for d in welzijn["doelen"]] == ["W1", "W2"]
    [indicator] = data["indicators"]
    assert indicator["baseline"]["value"] == 12 and indicator["baseline"]["period"] == "2022"
    assert indicator["target"]["value"] == 8 and indicator["target"]["source"]["document"] == "testplan"
    assert data["initiatives"] == [{
        "id": "zorg-wachtlijstteam", "name": "Wachtlijstteam", "theme": "zorg", "themes": ["welzijn"],
        "status": "lopend", "partners": ["Ziekenhuis Noord", "Huisartsen Zuid"], "gap": None,
        "contributes_to": ["zorg/1a", "welzijn/W1"],
        "contributes_to_opgaven": [],
    }]
    assert data["agenda"] == [{
        "id": "zorg-kpis-opstellen", "theme": "zorg", "title": "KPI's opstellen", "doelen": ["zorg/1a"],
        "start": "2024-Q1", "end": "2024-Q2", "status": "niet gestart",
    }]


def test_dump_target_to_be_set_is_null(minimal_plan, capsys):
    zorg = minimal_plan / "zorg.yaml"
    text = zorg.read_text(encoding="utf-8")
    start = text.index("    target:")
    zorg.write_text(text[:start] + "    target: to be set\n    frequency: quarterly\n", encoding="utf-8")
    main(["dump", "--plan", str(minimal_plan)])
    assert json.loads(capsys.readouterr().out)["indicators"][0]["target"] is None


def test_environment_variable_points_at_plan(minimal_plan):
    result = run("check", env={"REGIOMONITOR_PLAN": str(minimal_plan)})
    assert result.returncode == 0
    assert "OK: 2 of 2 themes valid" in result.stderr


def test_missing_plan_directory_is_a_clear_error(tmp_path):
    result = run("check", "--plan", str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert result.stdout.strip() == f"{tmp_path}/nowhere: the plan directory does not exist"
    assert "Traceback" not in result.stderr


def test_committed_schema_is_current():
    from regiomonitor.plan.jsonschema import render_schema

    committed = (ROOT / "plan" / "schema.json").read_text(encoding="utf-8")
    assert committed == render_schema(), "plan/schema.json is stale: run `python -m regiomonitor schema`"


@pytest.mark.parametrize("path", sorted((ROOT / "plan").glob("*.yaml")), ids=lambda p: p.name)
def test_every_plan_file_declares_the_schema(path: Path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=schema.json"


def test_initiative_contributing_to_an_opgave(minimal_plan, capsys):
    zorg = minimal_plan / "zorg.yaml"
    zorg.write_text(zorg.read_text(encoding="utf-8").replace(
        'contributes_to: ["1a", "welzijn/W1"]', 'contributes_to: []\n    contributes_to_opgaven: ["1", "3"]'),
        encoding="utf-8")
    assert main(["check", "--plan", str(minimal_plan)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == (f"{minimal_plan}/zorg.yaml:25:35: initiatives[0].contributes_to_opgaven[1]: reference '3': "
                       "theme 'zorg' has no opgave '3' (its opgaven: 1)")
    zorg.write_text(zorg.read_text(encoding="utf-8").replace('["1", "3"]', '["1"]'), encoding="utf-8")
    assert main(["dump", "--plan", str(minimal_plan)]) == 0
    [initiative] = json.loads(capsys.readouterr().out)["initiatives"]
    assert initiative["contributes_to"] == [] and initiative["contributes_to_opgaven"] == ["zorg/1"]


def test_werkagenda_action_references_unknown_indicator(minimal_plan, capsys):
    zorg = minimal_plan / "zorg.yaml"
    zorg.write_text(zorg.read_text(encoding="utf-8").replace(
        "    end: 2024-Q2\n", "    end: 2024-Q2\n    indicators: [zorg-wachttijd, zorg-wachtlijst]\n"
                             "    initiatives: [zorg-wachtlijstteam]\n"), encoding="utf-8")
    assert main(["check", "--plan", str(minimal_plan)]) == 1
    errors = [line for line in capsys.readouterr().out.splitlines() if "warning" not in line]
    assert errors == [f"{minimal_plan}/zorg.yaml:32:34: werkagenda[0].indicators[1]: no indicator with id "
                      "'zorg-wachtlijst' in the plan"]


def test_baseline_equal_to_target_is_rejected(minimal_plan, capsys):
    zorg = minimal_plan / "zorg.yaml"
    zorg.write_text(zorg.read_text(encoding="utf-8").replace("      value: 8\n", "      value: 12\n"), encoding="utf-8")
    assert main(["check", "--plan", str(minimal_plan)]) == 1
    errors = [line for line in capsys.readouterr().out.splitlines() if "warning" not in line]
    assert errors == [f"{minimal_plan}/zorg.yaml:47:14: indicators[0].target.value: target 12 equals the baseline: "
                      "progress cannot be measured"]


def test_check_github_annotations_are_exact(minimal_plan, monkeypatch, capsys):
    monkeypatch.chdir(minimal_plan.parent)
    zorg = minimal_plan / "zorg.yaml"
    zorg.write_text(zorg.read_text(encoding="utf-8").replace("priority: hoog", "priority: urgent"), encoding="utf-8")
    assert main(["check", "--plan", "plan", "--format", "github"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "::warning file=plan/welzijn.yaml,line=11,col=9,title=Regiomonitor%3A doelen[1].id::doel 'W2' has no "
        "indicator, initiative or action (if the plan names none yet, say so in `gap`)",
        "::error file=plan/zorg.yaml,line=9,col=15,title=Regiomonitor%3A opgaven[0].priority::unknown priority "
        "'urgent': use one of the plan's `priorities` (hoog)",
    ]


def test_github_annotation_escapes_like_the_actions_toolkit():
    from regiomonitor.commands.annotations import github_annotation
    from regiomonitor.core.problems import Problem

    problem = Problem("data/a,b.csv", 3, 0, "", "value '50%' is not a number: use 50", "error")
    assert github_annotation(problem) == ("::error file=data/a%2Cb.csv,line=3,title=Regiomonitor::value '50%25' is "
                                          "not a number: use 50")
    # A line break from a file (a key or cell with a newline) is shown as the escape \n: one annotation, one line.
    problem = Problem("plan/x.yaml", 3, 5, "a\nb", "unknown field 'a\nb'", "error")
    assert github_annotation(problem) == ("::error file=plan/x.yaml,line=3,col=5,title=Regiomonitor%3A a\\nb::"
                                          "unknown field 'a\\nb'")
    warning = Problem("plan/x.yaml", 1, 1, "f", "w", "warning")
    assert github_annotation(warning, strict=True).startswith("::error ")  # --strict fails on it, so it is an error


def test_check_reports_bad_measurement_rows(minimal_plan, tmp_path, capsys):
    data = tmp_path / "data" / "measurements"
    data.mkdir(parents=True)
    (data / "m.csv").write_text("indicator,period,value,area,source,note\nzorg-wachttijd,2024-Q4,veel,,GGD,\n")
    assert main(["check", "--plan", str(minimal_plan), "--data", str(tmp_path / "data")]) == 1
    out = capsys.readouterr().out
    assert f"{data}/m.csv:2" in out and "'veel'" in out


ACTIONS = """\
  - id: zorg-lopend
    title: "=Wachtlijst aanpakken"
    doelen: ["1b"]
    start: 2024-Q1
    end: 2024-Q2
    status: lopend
    source: {document: testplan, section: Werkagenda}
  - id: zorg-nog-niet
    title: Huisartsen betrekken
    start: 2024-Q2
    end: 2025
    status: niet gestart
    source: {document: testplan, section: Werkagenda}
  - id: zorg-onbekend
    title: Spreekuur in de wijk
    start: 2024-Q1
    end: 2024-Q2
    source: {document: testplan, section: Werkagenda}
  - id: zorg-zonder-periode
    title: Regionaal overleg
    source: {document: testplan, section: Werkagenda}
"""


def test_status_actions_gives_every_action_with_the_contract_keys(minimal_plan, capsys):
    text = (minimal_plan / "zorg.yaml").read_text(encoding="utf-8")
    (minimal_plan / "zorg.yaml").write_text(text.replace("indicators:\n", ACTIONS + "indicators:\n", 1), encoding="utf-8")
    assert main(["status", "--actions", "--as-of", "2024-12-31", "--format", "json", "--plan", str(minimal_plan),
                 "--data", str(minimal_plan.parent / "data")]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [list(row) for row in rows][0] == ["action", "theme", "title", "doelen", "start", "end", "reported_status",
                                             "status", "late", "explanation"]
    assert [(r["action"], r["reported_status"], r["status"], r["late"]) for r in rows] == [
        ("zorg-kpis-opstellen", "niet gestart", "Vertraagd", True),  # its end (2024-Q2) has passed
        ("zorg-lopend", "loopt", "Vertraagd", True),  # 'lopend' is 'loopt'
        ("zorg-nog-niet", "niet gestart", "Start vertraagd", True),
        ("zorg-onbekend", None, "Niet gerapporteerd", False),  # the plan gives no status: never late
        ("zorg-zonder-periode", None, "Niet gerapporteerd", False)]
    assert rows[1]["doelen"] == ["zorg/1b"]
    assert [r["explanation"] for r in rows][1:] == [
        "Gerapporteerd: loopt, maar de eindperiode (2e kwartaal 2024) is voorbij: vertraagd. Gepland: 1e kwartaal 2024 – "
        "2e kwartaal 2024.",
        "Gerapporteerd: niet gestart, maar de startperiode (2e kwartaal 2024) is voorbij: start vertraagd. Gepland: "
        "2e kwartaal 2024 – 2025.",
        "Geen status gerapporteerd: niet bekend hoe de actie ervoor staat. Gepland: 1e kwartaal 2024 – 2e kwartaal 2024.",
        "Geen status gerapporteerd: niet bekend hoe de actie ervoor staat. Het plan geeft geen periode."]
    assert main(["status", "--actions", "--as-of", "2024-12-31", "--format", "csv", "--plan", str(minimal_plan),
                 "--data", str(minimal_plan.parent / "data")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "action,theme,title,doelen,start,end,reported_status,status,late,explanation"
    assert lines[2].startswith("zorg-lopend,zorg,'=Wachtlijst aanpakken,zorg/1b,2024-Q1,2024-Q2,loopt,Vertraagd,true,")


def test_status_actions_and_history_do_not_combine(minimal_plan):
    result = run("status", "--actions", "--history", "--plan", str(minimal_plan))
    assert result.returncode == 2
    assert "argument --history: not allowed with argument --actions" in result.stderr
