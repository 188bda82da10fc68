"""The plan-check workflow: it parses, pins its actions, names the commands the README documents, and its
steps run locally, in order, on a clean clone."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "plan-check.yml"


def load():
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def test_workflow_triggers_and_permissions():
    workflow = load()
    triggers = workflow[True]  # PyYAML reads the key `on` as True
    assert triggers["pull_request"]["paths"] == ["plan/**", "data/**"]
    assert triggers["push"]["branches"] == ["main"]
    # contents: write only for the step that commits a workbook's intake to a pull request from the repository.
    assert workflow["permissions"] == {"contents": "write", "pull-requests": "write"}


def test_actions_are_pinned_to_full_commit_shas():
    steps = load()["jobs"]["plan-check"]["steps"]
    uses = [s["uses"] for s in steps if "uses" in s]
    assert uses and all(re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", u) for u in uses), uses
    text = WORKFLOW.read_text(encoding="utf-8")
    assert all(re.search(re.escape(u) + r"  # v\d+\.\d+\.\d+", text) for u in uses)  # version beside the SHA


def test_workflow_runs_the_commands_the_readme_documents():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    runs = "\n".join(s.get("run", "") for s in load()["jobs"]["plan-check"]["steps"])
    assert "make test" in runs and "make test" in readme
    for command in set(re.findall(r"python -m regiomonitor ([a-z-]+)", runs)):
        assert f"python -m regiomonitor {command}" in readme, command
    assert "python -m regiomonitor check --format github" in runs
    assert "python -m regiomonitor.pr_comment" in runs
    assert "regiomonitor check --format github" in readme


def test_comment_is_updated_not_duplicated():
    script = next(s for s in load()["jobs"]["plan-check"]["steps"] if "github-script" in s.get("uses", ""))
    body = script["with"]["script"]
    assert "<!-- regiomonitor-plan-check -->" in body
    assert "updateComment" in body and "createComment" in body and "paginate" in body


def test_workflow_steps_run_locally_on_a_clean_clone():
    """Every run step in order, in a fresh clone; the test step itself is left out (it is this suite)."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "run_workflow_locally.py"), "--skip", "Run the tests",
         "--venv", str(ROOT / ".venv")], capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "[3] Install: success" in result.stdout
    assert "[4] Read the workbooks in data/inbox: success" in result.stdout
    assert "[5] Check the plan: success" in result.stdout
    assert "[6] Run the tests: skipped" in result.stdout
    assert "[7] Write the pull-request comment: success" in result.stdout
    assert "[8] Post or update the comment: skipped (GitHub provides it)" in result.stdout
    assert "[9] Put the workbooks' contents in the pull request: condition not met" in result.stdout
    assert "[10] Fail when the check, the intake or the tests failed: condition not met" in result.stdout


def test_pr_comment_says_what_the_check_found_and_what_changed(tmp_path, monkeypatch):
    import shutil

    from regiomonitor.commands.pr_comment import MARKER, build_comment
    from tests.conftest import FIXTURES

    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "plan-minimal", repo / "plan")
    (repo / "data" / "measurements").mkdir(parents=True)
    (repo / "data" / "measurements" / "m.csv").write_text(
        "indicator,period,value,area,source,note\nzorg-wachttijd,2024-Q4,10,,GGD,\n")
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run(git + ["add", "."], check=True)
    subprocess.run(git + ["commit", "-qm", "base"], check=True)
    zorg = repo / "plan" / "zorg.yaml"
    zorg.write_text(zorg.read_text().replace("priority: hoog", "priority: urgent"))
    monkeypatch.chdir(repo)
    monkeypatch.delenv("REGIOMONITOR_PLAN", raising=False)
    monkeypatch.delenv("REGIOMONITOR_DATA", raising=False)
    from datetime import date

    comment = build_comment("HEAD", check_outcome="failure", tests_outcome="success", as_of=date(2024, 12, 31))
    lines = comment.splitlines()
    assert lines[0] == MARKER
    assert "controle: **mislukt** · tests: **geslaagd**" in lines
    assert "**Controle van het plan:** 1 fout, 1 waarschuwing." in lines
    assert ("plan/zorg.yaml:9:15: opgaven[0].priority: unknown priority 'urgent': use one of the plan's "
            "`priorities` (hoog)") in lines
    # The broken theme cannot be compared: the diff says so instead of reporting it as removed.
    assert any(line.startswith("> **Let op:** het plan in HEAD bevat 1 fout;") for line in lines)
    assert "**Verwijderd**" not in lines
    # zorg's KPI cannot be judged in HEAD: it is not reported as gone either.
    assert not any("zorg-wachttijd" in line for line in lines)


def test_codeowners_gives_every_theme_file_an_owner():
    from regiomonitor.plan.load import load_plan

    lines = [line.split() for line in (ROOT / ".github" / "CODEOWNERS").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    owners = {line[0]: line[1:] for line in lines}
    assert owners["*"] == ["@regio-kennemerland/regiomonitor-beheer"]
    for theme_id in load_plan(ROOT / "plan").theme_ids:
        team = owners[f"/plan/{theme_id}.yaml"]
        assert len(team) == 1 and team[0].startswith("@regio-kennemerland/thema-"), theme_id
    assert owners["/plan/toelichting/"] == ["@regio-kennemerland/adviescommissie"]
    assert "@regio-kennemerland/regiomonitor-beheer" in owners["/docs/methodology.md"]
    assert lines[0][0] == "*"  # the general rule first: later lines win


def test_pre_commit_runs_the_check_and_the_linter(tmp_path):
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    assert hooks["regiomonitor-check"]["entry"] == ".venv/bin/python -m regiomonitor check"
    assert hooks["regiomonitor-check"]["files"] == "^(plan|data)/"
    assert hooks["ruff"]["entry"] == ".venv/bin/ruff check"
    result = subprocess.run([str(ROOT / ".venv" / "bin" / "pre-commit"), "run", "--all-files"], cwd=ROOT,
                            capture_output=True, text=True, env={"PRE_COMMIT_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
                            timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "regiomonitor check (plan and data)" in result.stdout and "ruff (lint)" in result.stdout


def test_a_workbook_in_the_inbox_becomes_files_on_the_pull_requests_branch(tmp_path):
    """A theme team uploads a filled round workbook to data/inbox/ on a branch; the workflow (run locally as a pull
    request from the repository) reads it as a dry run, lists what it adds in the comment, then commits the CSV
    and YAML to the branch and removes the workbook."""
    import openpyxl

    origin = tmp_path / "origin.git"
    subprocess.run(["git", "clone", "--quiet", "--bare", str(ROOT), str(origin)], check=True)
    work = tmp_path / "work"
    subprocess.run(["git", "clone", "--quiet", str(origin), str(work)], check=True)
    git = ["git", "-C", str(work), "-c", "user.name=Thema Acute zorg", "-c", "user.email=acute@example.org"]
    subprocess.run(git + ["checkout", "--quiet", "-b", "ronde-2026-q3"], check=True)
    book_path = work / "data" / "inbox" / "acute-zorg.xlsx"
    made = subprocess.run([sys.executable, "-m", "regiomonitor", "template", "--quarter", "2026-Q3", "--theme",
                           "acute-zorg", "--out", str(book_path)], cwd=work, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    book = openpyxl.load_workbook(book_path)
    sheet = book["Metingen"]
    assert sheet["A2"].value == "acute-zorg-seh-stops" and sheet["D2"].value == "2026-Q3"
    sheet["F2"], sheet["G2"] = 212, "SEH Spaarne Gasthuis"
    book.save(book_path)
    subprocess.run(git + ["add", "data/inbox/acute-zorg.xlsx"], check=True)
    subprocess.run(git + ["commit", "--quiet", "-m", "Cijfers 3e kwartaal 2026"], check=True)
    subprocess.run(git + ["push", "--quiet", "origin", "ronde-2026-q3"], check=True)

    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "run_workflow_locally.py"), "--repo", str(origin), "--skip",
         "Run the tests", "--venv", str(ROOT / ".venv"), "--pull-request", "ronde-2026-q3", "--keep"],
        capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "[4] Read the workbooks in data/inbox: success" in result.stdout
    assert "[9] Put the workbooks' contents in the pull request: success" in result.stdout
    clone = Path(re.search(r"clone kept at (\S+)", result.stdout)[1])
    comment = (clone / "pr-comment.md").read_text(encoding="utf-8")
    assert "### Werkmap(pen) in data/inbox: acute\\-zorg\\.xlsx" in comment
    assert "- Metingen: acute\\-zorg\\-seh\\-stops 2026\\-Q3 \\= 212 \\(SEH Spaarne Gasthuis\\)" in comment
    shutil.rmtree(clone.parent, ignore_errors=True)
    # The branch now holds the figure as a CSV row, and the workbook is gone.
    files = subprocess.run(["git", "-C", str(origin), "ls-tree", "-r", "--name-only", "ronde-2026-q3"],
                           capture_output=True, text=True, check=True).stdout.split()
    assert "data/inbox/acute-zorg.xlsx" not in files and "data/measurements/ronde-2026-Q3.csv" in files
    csv_text = subprocess.run(["git", "-C", str(origin), "show", "ronde-2026-q3:data/measurements/ronde-2026-Q3.csv"],
                              capture_output=True, text=True, check=True).stdout
    assert csv_text == ("indicator,period,value,area,source,note\n"
                        "acute-zorg-seh-stops,2026-Q3,212,,SEH Spaarne Gasthuis,\n")
    message = subprocess.run(["git", "-C", str(origin), "log", "-1", "--format=%an: %s", "ronde-2026-q3"],
                             capture_output=True, text=True, check=True).stdout.strip()
    assert message == "Regiomonitor: Intake of acute-zorg.xlsx: figures, action reports and toelichting as files"


FETCH_WORKFLOW = ROOT / ".github" / "workflows" / "fetch.yml"


def test_the_fetch_workflow_runs_monthly_and_on_demand_with_pinned_actions():
    workflow = yaml.safe_load(FETCH_WORKFLOW.read_text(encoding="utf-8"))
    triggers = workflow[True]
    assert triggers["schedule"] == [{"cron": "17 5 3 * *"}]
    assert "replay" in triggers["workflow_dispatch"]["inputs"]
    steps = workflow["jobs"]["fetch"]["steps"]
    uses = [s["uses"] for s in steps if "uses" in s]
    assert uses and all(re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", u) for u in uses), uses
    script = next(s for s in steps if "github-script" in s.get("uses", ""))["with"]["script"]
    assert "pulls.create" in script and "updateComment" in script and "<!-- regiomonitor-plan-check -->" in script


def test_the_fetch_workflow_opens_one_pull_request_with_the_new_figures(tmp_path):
    """Run locally in replay mode on a clone whose main lacks one fed KPI's figures: the workflow fetches, commits the
    figures to the branch regiomonitor/open-data, and writes the comment listing them."""
    origin = tmp_path / "origin.git"
    subprocess.run(["git", "clone", "--quiet", "--bare", str(ROOT), str(origin)], check=True)
    work = tmp_path / "work"
    subprocess.run(["git", "clone", "--quiet", str(origin), str(work)], check=True)
    git = ["git", "-C", str(work), "-c", "user.name=Beheer", "-c", "user.email=beheer@example.org"]
    subprocess.run(git + ["rm", "--quiet", "data/demo-feeds/gezondheidsverschillen-chronisch-zieken.csv"], check=True)
    subprocess.run(git + ["commit", "--quiet", "-m", "Zonder cijfers voor chronisch zieken"], check=True)
    subprocess.run(git + ["push", "--quiet", "origin", "HEAD:main"], check=True)

    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "run_workflow_locally.py"), "--repo", str(origin), "--workflow",
         ".github/workflows/fetch.yml", "--replay", "tests/fixtures/cbs/recording", "--venv", str(ROOT / ".venv"),
         "--keep"], capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "[4] Fetch the open data: success" in result.stdout
    assert "[5] Commit the new figures to the branch: success" in result.stdout
    assert "[6] Write the pull-request comment: success" in result.stdout
    clone = Path(re.search(r"clone kept at (\S+)", result.stdout)[1])
    comment = (clone / "pr-comment.md").read_text(encoding="utf-8")
    shutil.rmtree(clone.parent, ignore_errors=True)
    assert "### Nieuwe cijfers uit open data" in comment
    assert "- **Chronisch zieken**: 39 nieuwe cijfers, 0 herzieningen" in comment
    files = subprocess.run(["git", "-C", str(origin), "ls-tree", "-r", "--name-only", "regiomonitor/open-data"],
                           capture_output=True, text=True, check=True).stdout.split()
    assert "data/demo-feeds/gezondheidsverschillen-chronisch-zieken.csv" in files
    message = subprocess.run(["git", "-C", str(origin), "log", "-1", "--format=%an: %s", "regiomonitor/open-data"],
                             capture_output=True, text=True, check=True).stdout.strip()
    assert message.startswith("Regiomonitor: Open data: new and revised figures from CBS (")


def test_the_fetch_workflow_changes_nothing_without_news(tmp_path):
    origin = tmp_path / "origin.git"
    subprocess.run(["git", "clone", "--quiet", "--bare", str(ROOT), str(origin)], check=True)
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "run_workflow_locally.py"), "--repo", str(origin), "--workflow",
         ".github/workflows/fetch.yml", "--replay", "tests/fixtures/cbs/recording", "--venv", str(ROOT / ".venv")],
        capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no new or revised figures" in result.stdout
    assert "[6] Write the pull-request comment: condition not met" in result.stdout
    branches = subprocess.run(["git", "-C", str(origin), "branch", "--list", "regiomonitor/open-data"],
                              capture_output=True, text=True, check=True).stdout
    assert branches == ""
