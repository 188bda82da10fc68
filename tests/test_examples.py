"""The example plans in examples/ are real plans of another shape, tested like Kennemerland's: they pass
`check --strict`, and status, actions, the export and every dashboard page work on them."""

import json
import re

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from regiomonitor.commands.cli import main
from regiomonitor.plan.load import load_plan
from tests.conftest import FIXTURES, ROOT, judged
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
    # The report speaks HOZL's words: its summary names bedrijfsonderdelen and kengetallen, never Kennemerland's.
    html = (tmp_path / "regiomonitor-2024-Q4.html").read_text(encoding="utf-8")
    assert "<th>Bedrijfsonderdeel</th><th>Kengetallen</th>" in html
    ours_only = ours(html, plan_texts(HOZL / "plan"))
    assert [word for word in ("KPI", "Werkagenda", "Thema", "Adviescommissie", "Opgave") if word in ours_only] == []


@pytest.mark.parametrize("page", [path for path, *_ in PAGES])
def test_every_page_runs_on_hozl(page, monkeypatch):
    monkeypatch.setenv("REGIOMONITOR_PLAN", str(HOZL / "plan"))
    monkeypatch.setenv("REGIOMONITOR_DATA", str(HOZL / "data"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run().switch_page(page).run()
    assert not at.exception
    assert not at.error


FOREIGN = ("KPI", "Opgave", "opgave", "Werkagenda", "werkagenda", "Initiatie", "initiatie", "Thema", "thema",
           "Samenwerkingsinitiatie", "Indicator", "indicator", "Adviescommissie")
"""Kennemerland's level names (and the defaults), none of which the HOZL plan uses."""


def shown_texts(at) -> list[str]:
    """Every text a reader sees on the page: headings, text, notes, labels, options, links and table columns."""
    texts = [e.value for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error",
                                  "success") for e in getattr(at, kind)]
    texts += [e.label for kind in ("selectbox", "multiselect", "expander", "button", "radio", "tabs")
              for e in getattr(at, kind)]
    texts += [str(o) for kind in ("selectbox", "multiselect", "radio") for e in getattr(at, kind) for o in e.options]
    texts += [e.proto.label for e in at.get("page_link")] + [e.label for e in at.metric]
    texts += [c for e in at.dataframe for c in e.value.columns]
    return texts


def plan_texts(folder) -> list[str]:
    """Every text the plan's own files hold (the plan may use any word in its own sentences), longest first."""
    def walk(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from walk(item)
        elif isinstance(value, list):
            for item in value:
                yield from walk(item)

    texts = {t for path in folder.glob("*.yaml") for t in walk(yaml.safe_load(path.read_text(encoding="utf-8")))}
    return sorted((t for t in texts if len(t) > 3), key=len, reverse=True)


def ours(text: str, plan: list[str]) -> str:
    """What a shown text says in the dashboard's own words: the plan's texts taken out (markdown escapes undone)."""
    text = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text).replace("\u2060", "")
    for own in plan:
        text = text.replace(own, "")
    return text


ACTIONS_ONLY = FIXTURES / "plan-actions-only"
"""A plan of another depth: ambitions with change strategies and an action plan; no opgaven, KPI's or initiatives."""


def test_a_plan_of_actions_only_passes_check_strict_and_reports_its_actions(tmp_path, capsys):
    dirs = ["--plan", str(ACTIONS_ONLY), "--data", str(tmp_path)]
    assert main(["check", "--strict", *dirs]) == 0
    assert capsys.readouterr().err.strip() == "OK: 2 of 2 themes valid, 0 error(s), 0 warning(s)"
    assert main(["status", "--as-of", "2026-09-30", "--format", "json", *dirs]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["status", "--actions", "--as-of", "2026-09-30", "--format", "json", *dirs]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["action"], r["status"], r["late"]) for r in rows] == [
        ("wijk-loketten", "Niet gerapporteerd", False), ("wijk-huisartsen", "Loopt", False),
        ("mantelzorg-respijtpool", "Niet gerapporteerd", False),
        ("mantelzorg-aanspreekpunt", "Niet gerapporteerd", False)]


def test_a_plan_without_kpis_or_initiatives_has_no_pages_for_them(tmp_path, monkeypatch):
    monkeypatch.setenv("REGIOMONITOR_PLAN", str(ACTIONS_ONLY))
    monkeypatch.setenv("REGIOMONITOR_DATA", str(tmp_path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("app_pages/indicator.py")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("app_pages/initiatieven.py")


@pytest.mark.parametrize(("plan_dir", "page"), [
    *[(HOZL / "plan", path) for path, *_ in PAGES if "methodiek" not in path],
    *[(ACTIONS_ONLY, path) for path, *_ in PAGES if path not in ("app_pages/methodiek.py", "app_pages/indicator.py",
                                                                 "app_pages/initiatieven.py")]],
    ids=lambda v: v if isinstance(v, str) else v.parent.name if v.name == "plan" else v.name)
def test_no_page_speaks_of_a_level_the_plan_does_not_have(plan_dir, page, monkeypatch, tmp_path):
    monkeypatch.setenv("REGIOMONITOR_PLAN", str(plan_dir))
    monkeypatch.setenv("REGIOMONITOR_DATA", str(plan_dir.parent / "data" if plan_dir == HOZL / "plan" else tmp_path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run().switch_page(page).run()
    assert not at.exception
    plan = plan_texts(plan_dir)
    found = sorted({f"{word}: {ours(text, plan)[:80]}" for text in shown_texts(at) for word in FOREIGN
                    if word in ours(text, plan)})
    assert found == []
