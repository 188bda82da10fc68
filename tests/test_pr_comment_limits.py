"""The pull-request comment under hostile pull requests (issue 12, second probe): it compares with the base
revision and nothing else, fits in one GitHub comment, and refuses a quarter it cannot use."""

import shutil
import subprocess
import sys
from datetime import date

import pytest

from regiomonitor.commands import pr_comment
from tests.conftest import FIXTURES, ROOT


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A repository with the minimal plan committed as the base; the work tree is the pull request's head."""
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "plan-minimal", repo / "plan")
    shutil.copytree(FIXTURES / "sources", repo / "sources")  # the text the plan's quotes are checked against
    (repo / "data" / "measurements").mkdir(parents=True)
    (repo / "data" / "measurements" / "m.csv").write_text("indicator,period,value,area,source,note\n")
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run(git + ["add", "."], check=True)
    subprocess.run(git + ["commit", "-qm", "base"], check=True)
    monkeypatch.chdir(repo)
    monkeypatch.delenv("REGIOMONITOR_PLAN", raising=False)
    monkeypatch.delenv("REGIOMONITOR_DATA", raising=False)
    return repo


def base_sha(repo) -> str:
    return subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()


def test_a_thousand_new_doelen_still_fit_in_one_comment(repo):
    zorg = repo / "plan" / "zorg.yaml"
    doelen = "".join(f'      - id: "n{n}"\n        title: Nieuw doel {n} met een wat langere titel om de regel te vullen\n'
                     f"        source: {{document: testplan, section: Zorg}}\n" for n in range(1000))
    zorg.write_text(zorg.read_text().replace("    doelen:\n", "    doelen:\n" + doelen, 1))
    comment = pr_comment.build_comment(base_sha(repo), as_of=date(2024, 12, 31))
    assert len(comment) <= pr_comment.MAX_COMMENT
    assert comment.rstrip().endswith("_… ingekort: de volledige lijst geeft `python -m regiomonitor diff` (de reactie mag "
                                      "niet langer zijn)._")
    assert "- Doel `zorg/n0` — Nieuw doel 0 met een wat langere titel om de regel te vullen" in comment


def test_a_problem_line_is_shortened(repo):
    zorg = repo / "plan" / "zorg.yaml"
    zorg.write_text(zorg.read_text().replace("name: Zorg\n", "name: Zorg\n? " + "x" * 5000 + "\n: 1\n"))
    comment = pr_comment.build_comment(base_sha(repo), as_of=date(2024, 12, 31))
    [line] = [line for line in comment.splitlines() if line.startswith("plan/zorg.yaml:")]
    assert line == "plan/zorg.yaml:4:3: " + "x" * 479 + "…"  # 'file:line:col: field: unknown field …' cut at 500


@pytest.mark.parametrize("quarter, message", [
    ("2026-Q5", "argument --quarter: '2026-Q5' is not a quarter: use YYYY-Qn, e.g. 2026-Q3"),
    ("0000-Q1", "argument --quarter: '0000-Q1': year 0000 is outside the years Regiomonitor works with (1990–2100)"),
    ("2024-07-15", "argument --quarter: '2024-07-15' is not a quarter: use YYYY-Qn, e.g. 2026-Q3"),
])
def test_the_comment_refuses_a_quarter_it_cannot_use(quarter, message):
    done = subprocess.run([sys.executable, "-m", "regiomonitor.pr_comment", "--base", "HEAD", "--quarter", quarter],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1].endswith(message)
    assert "Traceback" not in done.stderr


def test_a_folder_named_after_the_base_commit_cannot_stand_in_for_it(repo):
    """Found by the probe: the pull request changed a target and added a folder named after the base SHA holding a
    copy of its own plan; the comment compared the change with itself and said 'no changes'."""
    sha = base_sha(repo)
    zorg = repo / "plan" / "zorg.yaml"
    zorg.write_text(zorg.read_text().replace("      value: 8\n", "      value: 2\n"))
    shutil.copytree(repo / "plan", repo / sha / "plan")
    shutil.copytree(repo / "data", repo / sha / "data")
    comment = pr_comment.build_comment(sha, as_of=date(2024, 12, 31))
    assert "- Indicator `zorg-wachttijd` — Wachttijd intake: streefwaarde 8 weken \\(2026\\) → 2 weken \\(2026\\)" in comment
    assert "Geen inhoudelijke wijzigingen" not in comment


def test_an_empty_base_is_refused(repo):
    import re

    comment = pr_comment.build_comment("", as_of=date(2024, 12, 31))
    shown = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", comment).replace("\u2060", "")  # what a reader sees
    assert ("_Geen vergelijking met de basis mogelijk: '' is not a git revision: give a commit, branch or tag (a name "
            "that starts with '-' would be read as an option)_") in shown.splitlines()
