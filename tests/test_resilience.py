"""The dashboard keeps serving when any single plan, data or toelichting file is hostile: every page runs without
an exception, the part that is broken says so, and the rest of the plan is still shown (issue 12)."""

import os
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import FIXTURES, ROOT
from ui.app_state import PAGES

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


@pytest.mark.browser
def test_every_page_in_chromium_beside_hostile_files_records_no_dialog_and_no_foreign_request(minimal_plan):
    """The same in a real browser, with several hostile files at once: a theme nested 10,000 levels deep, a named
    pipe as the quarter's toelichting, a measurement file linking to /proc/self/environ and one with an unclosed
    quote. Every page draws its title, the broken parts are named, no page shows a traceback, and the browser
    opens no dialog and asks no other host for anything."""
    from urllib.parse import urlparse

    from tests.browser import browser_page, chromium_path, running_app

    chromium_path()
    data = minimal_plan.parent / "data"
    (data / "measurements").mkdir(parents=True)
    theme_file("deep-nesting.yaml")(minimal_plan, data)
    toelichting(os.mkfifo)(minimal_plan, data)
    (data / "measurements" / "environ.csv").symlink_to("/proc/self/environ")
    shutil.copy(FIXTURES / "csv" / "unterminated-quote.csv", data / "measurements" / "m.csv")
    with running_app(minimal_plan, data) as url, browser_page() as page:
        own = urlparse(url).netloc
        requests, dialogs = [], []
        page.on("request", lambda r: requests.append(r.url))
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for path in ["/"] + [f"/{p[3]}" for p in PAGES[1:]]:
            page.goto(url + path)
            page.locator('[data-testid="stMainBlockContainer"] h1').first.wait_for(timeout=20_000)
            page.wait_for_timeout(1000)
            if path == "/":
                page.locator('[data-testid="stCode"]').first.wait_for(timeout=20_000)  # the error panel's list
            text = page.locator('[data-testid="stMain"]').inner_text()
            assert "Traceback" not in text and "Deze pagina kon niet" not in text, path
            if path == "/":
                assert "Welzijn" in text  # the rest of the plan
                assert "values are nested more than 50 levels deep" in text  # the broken theme, named
                assert "named pipe (FIFO)" in text  # the toelichting that was refused unread
            if path == "/datakwaliteit":  # rejected: the link, the unclosed quote, 3 rows of the theme that did not load
                metric = page.locator('[data-testid="stMetric"]', has_text="Afgewezen meetregels").inner_text()
                assert metric.split() == ["Afgewezen", "meetregels", "5"], metric
        assert sorted({u for u in requests if urlparse(u).scheme not in ("data", "blob") and urlparse(u).netloc != own}) == []
        assert dialogs == []


def test_the_change_fingerprint_does_not_walk_into_links(minimal_plan, tmp_path):
    """A link such as plan/alles -> / made every page view walk the whole file system (a recursive glob); and a
    dangling link made the fingerprint empty, so no later change was seen."""
    from regiomonitor.data.versions import PLAN_FILES
    from ui.app_state import _fingerprint

    outside = tmp_path / "elders" / "diep"
    outside.mkdir(parents=True)
    (outside / "x.yaml").write_text("x: 1\n")
    (minimal_plan / "alles").symlink_to(tmp_path / "elders")
    (minimal_plan / "kapot.yaml").symlink_to(tmp_path / "bestaat-niet")
    names = [Path(entry[0]).name for entry in _fingerprint(minimal_plan, PLAN_FILES)]
    assert names == ["kapot.yaml", "plan.yaml", "welzijn.yaml", "zorg.yaml"]
