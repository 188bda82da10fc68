"""The example plans in examples/ are real plans of another shape, tested like Kennemerland's: they pass
`check --strict`, and status, actions, the export and every dashboard page work on them."""

import json

import pytest
from streamlit.testing.v1 import AppTest

from regiomonitor.commands.cli import main
from regiomonitor.plan.load import load_plan
from tests.conftest import ROOT, judged
from ui.app_state import PAGES

HOZL = ROOT / "examples" / "hozl"
DIRS = ["--plan", str(HOZL / "plan"), "--data", str(HOZL / "data")]


def test_hozl_passes_check_strict_on_its_own_last_quarter(capsys):
    # The plan ran until 2024: check reports on 2024-Q4 by default, not on today's last quarter.
    assert main(["check", "--strict", *DIRS]) == 0
    assert capsys.readouterr().err.strip() == "OK: 7 of 7 themes valid, 0 error(s), 0 warning(s)"


def test_hozl_status_judges_what_it_can_and_shows_the_context(capsys):
    assert main(["status", "--as-of", "2024-12-31", "--format", "json", *DIRS]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 49
    statuses = {r["status"] for r in rows}
    assert "Context" in statuses and statuses <= {"Context", "Geen gegevens", "Verslechterd", "Verbetering", "Stabiel"}
    # HOZL's report states the absence (ziekteverzuim) rose: judged lower-is-better, it worsened.
    [verzuim] = [r for r in rows if r["indicator"] == "organisatie-ziekteverzuim"]
    assert verzuim["status"] == "Verslechterd"


def test_hozl_projects_are_listed_and_only_reported_ones_can_be_late(capsys):
    assert main(["status", "--actions", "--as-of", "2024-12-31", "--format", "json", *DIRS]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 40
    assert all(not r["late"] for r in rows if r["reported_status"] is None)


def test_hozl_export_xlsx_and_html(tmp_path):
    from regiomonitor.export import run_export

    loaded = load_plan(HOZL / "plan")
    result = run_export(*judged(loaded, HOZL / "data", "2024-Q4"), HOZL / "data", tmp_path, formats=("xlsx", "html"))
    assert sorted(p.name for p in result.files) == ["regiomonitor-2024-Q4.html", "regiomonitor-2024-Q4.xlsx"]


@pytest.mark.parametrize("page", [path for path, *_ in PAGES])
def test_every_page_runs_on_hozl(page, monkeypatch):
    monkeypatch.setenv("REGIOMONITOR_PLAN", str(HOZL / "plan"))
    monkeypatch.setenv("REGIOMONITOR_DATA", str(HOZL / "data"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run().switch_page(page).run()
    assert not at.exception
    assert not at.error
