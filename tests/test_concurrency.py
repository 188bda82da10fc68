"""Many sessions at once, without a global lock: a regression test for the deadlock that once hung every session.

With 20 browser sessions, a page script holding the GIL waited on a Polars or pyarrow worker that waited for the GIL,
and every session hung for good (bench/load.py, seen with py-spy). The cure was first a global lock that made page
scripts take turns; now a page view does no data-frame work at all (it reads the prepared dashboard,
regiomonitor/present/dashboard.py) and the pools are limited to one thread (app.py, engine/db.py). This test drives
24 sessions through every page of the running server at the same time, over Streamlit's own websocket protocol
(each session is a script thread on the server, as it is for a browser), and fails on a page that does not finish
within its bound, shows an error, or raises. The export page's long work runs in a child process.
"""

import asyncio
import time

import pytest

from regiomonitor.export.child import export_command, export_in_child, progress_text
from tests.browser import chromium_path, running_app
from tests.protocol import run_page, session
from ui.app_state import PAGES

SESSIONS = 24
SECONDS = 20  # how long the sessions keep walking through the pages
PAGE_BOUND = 30  # a page that has not finished after this many seconds is hung
QUARTERS = ["", "kwartaal=2024-Q2", "kwartaal=2025-Q3"]  # the default quarter and two others


async def open_page(port: int, page: str, query: str) -> list[str]:
    """Run one page in a new session; the problems it showed (error panels, exceptions), or 'hung'."""
    async with session(port) as socket:
        return (await run_page(socket, page, query, PAGE_BOUND))[1]


async def walk(port: int, number: int, until: float) -> tuple[int, list[str]]:
    """One session's walk: every page in turn (each session starting elsewhere), in one of three quarters."""
    pages = [url for _, _, _, url in PAGES]
    served, problems, step = 0, [], number
    while time.monotonic() < until:
        found = await open_page(port, pages[step % len(pages)], QUARTERS[number % len(QUARTERS)])
        served, problems, step = served + 1, problems + found, step + 1
    return served, problems


async def sessions(port: int) -> list[tuple[int, list[str]]]:
    until = time.monotonic() + SECONDS
    return await asyncio.gather(*(walk(port, n, until) for n in range(SESSIONS)))


@pytest.mark.browser
def test_24_sessions_walk_every_page_at_the_same_time_without_hanging_or_failing():
    with running_app() as url:
        port = int(url.rsplit(":", 1)[1])
        asyncio.run(open_page(port, "", ""))  # the first view builds the dashboard; the walk starts after it
        results = asyncio.run(sessions(port))
    problems = [p for _, found in results for p in found]
    assert problems == []
    # every session got well beyond its first page: nobody waited for the others
    assert min(served for served, _ in results) >= len(PAGES)


def test_the_export_command_names_plan_data_quarter_themes_and_formats(tmp_path):
    command = export_command(tmp_path / "plan", tmp_path / "data", "2026-Q3", tmp_path / "out", ["zorg", "welzijn"],
                             ("xlsx", "html"))
    assert command[1:] == ["-m", "regiomonitor", "export", "--plan", str(tmp_path / "plan"), "--data",
                           str(tmp_path / "data"), "--quarter", "2026-Q3", "--out", str(tmp_path / "out"),
                           "--formats", "xlsx,html", "--progress", "--theme", "zorg", "--theme", "welzijn"]


def test_the_export_reports_its_charts_as_they_are_drawn(minimal_plan, tmp_path):
    chromium_path()
    (tmp_path / "data" / "measurements").mkdir(parents=True)
    (tmp_path / "data" / "measurements" / "m.csv").write_text("indicator,period,value,area,source,note\n"
                                                              "zorg-wachttijd,2025-Q4,11,,GGD,\n")
    seen = []
    result = export_in_child(minimal_plan, tmp_path / "data", "2025-Q4", tmp_path / "out", None, ("png", "xlsx"),
                             progress=lambda done, total: seen.append((done, total)))
    assert result.error is None
    assert seen == [(0, 2), (1, 2), (2, 2)]  # the status chart of Zorg and its one KPI's chart
    assert sorted(p.name for p in result.files) == ["regiomonitor-2025-Q4.xlsx", "thema-zorg-statusverdeling.png",
                                                    "zorg-wachttijd.png"]


@pytest.mark.parametrize("done, total, elapsed, text", [
    (0, 66, 1.0, "Grafieken: 0 van 66 getekend…"),
    (2, 66, 9.0, "Grafieken: 2 van 66 getekend…"),                       # too early for an honest rate
    (3, 66, 6.0, "Grafieken: 3 van 66 getekend · nog ongeveer 2 minuten"),  # 2 s a chart: 126 s left
    (60, 66, 30.0, "Grafieken: 60 van 66 getekend · nog ongeveer 3 seconden"),
    (65, 66, 65.0, "Grafieken: 65 van 66 getekend · nog ongeveer 1 seconde"),
    (66, 66, 70.0, "Alle 66 grafieken getekend; de documenten worden gemaakt…"),
])
def test_progress_text(done, total, elapsed, text):
    assert progress_text(done, total, elapsed) == text


def test_a_failed_export_gives_the_reason_not_a_traceback(minimal_plan, tmp_path):
    result = export_in_child(minimal_plan, tmp_path / "data", "2025-Q4", tmp_path / "out", ["onbekend"], ("xlsx",))
    assert result.files == []
    assert result.error == ("De export is niet gemaakt: FAILED: unknown theme(s) onbekend; the plan has: zorg, welzijn")
    assert "Traceback" not in result.error


def test_an_export_that_takes_too_long_is_stopped(minimal_plan, tmp_path):
    result = export_in_child(minimal_plan, tmp_path / "data", "2025-Q4", tmp_path / "out", None, ("xlsx",),
                             timeout=0.01)
    assert result.files == []
    assert result.error.startswith("De export duurde langer dan")
    assert result.error.endswith("en is afgebroken. Probeer minder thema's of formaten tegelijk.")
