"""The dashboard keeps serving when any single plan, data or toelichting file is hostile: every page runs without
an exception, the part that is broken says so, and the rest of the plan is still shown (issue 12)."""

import os
import shutil

import pytest
from streamlit.testing.v1 import AppTest

from regiomonitor.app_state import PAGES
from tests.conftest import FIXTURES, ROOT

APP = str(ROOT / "app.py")


def theme_file(fixture):
    def make(plan, data):
        shutil.copy(FIXTURES / "bad" / fixture, plan / "zorg.yaml")
    return make


def toelichting(write):
    def make(plan, data):
        (plan / "toelichting").mkdir(exist_ok=True)
        write(plan / "toelichting" / "2026-Q3.yaml")
    return make


def measurement_file(write):
    def make(plan, data):
        write(data / "measurements" / "m.csv")
    return make


def no_data_directory(plan, data):
    shutil.rmtree(data)


def broken_plan_file(plan, data):
    shutil.copy(FIXTURES / "bad" / "duplicate-key.yaml", plan / "plan.yaml")


CASES = {  # one hostile file each; the minimal plan's other theme ('Welzijn') must still be served
    "theme: nested 10,000 levels": theme_file("deep-nesting.yaml"),
    "theme: impossible unquoted date": theme_file("invalid-unquoted-date.yaml"),
    "theme: month 13 in a baseline": theme_file("period-month-13.yaml"),
    "theme: infinite value": theme_file("infinite-value.yaml"),
    "theme: alias bomb": theme_file("alias-bomb.yaml"),
    "theme: control character": theme_file("control-character.yaml"),
    "theme: a folder": lambda plan, data: ((plan / "zorg.yaml").unlink(), (plan / "zorg.yaml").mkdir()),
    "theme: a link to /etc/passwd": lambda plan, data: ((plan / "zorg.yaml").unlink(),
                                                        (plan / "zorg.yaml").symlink_to("/etc/passwd")),
    "plan file: duplicate key": broken_plan_file,
    "toelichting: named pipe": toelichting(os.mkfifo),
    "toelichting: impossible due date": toelichting(
        lambda path: shutil.copy(FIXTURES / "bad" / "toelichting-due-invalid-date.yaml", path)),
    "toelichting: link to /proc/self/environ": toelichting(lambda path: path.symlink_to("/proc/self/environ")),
    "measurements: named pipe": measurement_file(os.mkfifo),
    "measurements: unclosed quote": measurement_file(
        lambda path: shutil.copy(FIXTURES / "csv" / "unterminated-quote.csv", path)),
    "measurements: link to /proc/self/environ": measurement_file(lambda path: path.symlink_to("/proc/self/environ")),
    "measurements: 6 GB sparse file": measurement_file(lambda path: os.truncate(path.touch() or path, 6 * 1024**3)),
    "data directory missing": no_data_directory,
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_page_is_served_beside_a_hostile_file(case, minimal_plan, monkeypatch):
    data = minimal_plan.parent / "data"
    (data / "measurements").mkdir(parents=True)
    CASES[case](minimal_plan, data)
    monkeypatch.setenv("REGIOMONITOR_PLAN", str(minimal_plan))
    monkeypatch.setenv("REGIOMONITOR_DATA", str(data))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    for path, title, *_ in PAGES:
        if path != PAGES[0][0]:
            at.switch_page(path).run()
        assert not at.exception, (case, title, [e.value for e in at.exception])
        shown = " ".join(str(e.value) for kind in ("title", "subheader", "markdown", "error", "warning", "code")
                         for e in getattr(at, kind))
        assert "Traceback" not in shown, (case, title)
        if title == "Overzicht":
            assert "Welzijn" in shown, case  # the rest of the plan is served
        if path == PAGES[0][0] and case.startswith(("theme", "plan", "toelichting")):
            assert at.error, case  # the broken part is named in an error panel
        if title == "Datakwaliteit" and case.startswith(("measurements", "data")):
            rejected = [f for frame in at.dataframe for f in frame.value.get("Bestand", [])]
            assert any(f.endswith(("m.csv", "data")) for f in rejected), (case, rejected)  # named where data is checked
