"""Helpers that fail: the export with no browser, a browser that stops at once, one that never answers, one that
stops answering half-way, and an --out folder that cannot be written to.

The export must end (a generous outer bound: termination is the property, not speed), write every format that
needs no browser, leave out only the charts it could not make, and say why in one exact message.
"""

import os
import re
import shutil
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader

from regiomonitor.export import images
from regiomonitor.export.run import ExportError, run_export
from regiomonitor.plan.load import load_plan
from tests.browser import chromium_path
from tests.conftest import FIXTURES, judged

# Baseline 12 weeks (2022), target 8 (2026); at 2025-Q4 11.5 weeks. Figures: the status distribution of theme
# Zorg and the time series of its one KPI (theme Welzijn has no KPIs, so no chart).
DATA = "indicator,period,value,area,source,note\nzorg-wachttijd,2024-Q4,10,,GGD,\nzorg-wachttijd,2025-Q4,11.5,,GGD,\n"
OUTER_BOUND = 120  # seconds; the bounds under test are a few seconds
NO_CHART_FILES = ["regiomonitor-2025-Q4.html", "regiomonitor-2025-Q4.pdf", "regiomonitor-2025-Q4.pptx",
                  "regiomonitor-2025-Q4.xlsx"]
ALL_FILES = sorted(NO_CHART_FILES + ["grafieken/thema-zorg-statusverdeling.png", "grafieken/thema-zorg-statusverdeling.svg",
                                     "grafieken/zorg-wachttijd.png", "grafieken/zorg-wachttijd.svg"])


@pytest.fixture
def inputs(tmp_path):
    shutil.copytree(FIXTURES / "plan-minimal", tmp_path / "plan")
    (tmp_path / "data" / "measurements").mkdir(parents=True)
    (tmp_path / "data" / "measurements" / "m.csv").write_text(DATA)
    return tmp_path


@pytest.fixture
def browser_dir(tmp_path, monkeypatch):
    """An empty folder that is all of $PATH, and no $BROWSER_PATH: put a fake `chromium` in it, or leave it empty."""
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", str(folder))
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    return folder


def fake_browser(folder: Path, script: str) -> Path:
    path = folder / "chromium"
    path.write_text(script)
    path.chmod(0o755)
    return path


def export_within(inputs: Path, out: Path, formats=("png", "svg", "pdf", "pptx", "xlsx", "html")):
    """run_export on the test plan, failing the test (instead of hanging it) when it does not end in time."""
    loaded = load_plan(inputs / "plan")
    snapshot, quarter = judged(loaded, inputs / "data", "2025-Q4")
    done = {}

    def run():
        try:
            done["result"] = run_export(snapshot, quarter, inputs / "data", out, formats=formats,
                                        generated=datetime(2026, 1, 15, 9, 30))
        except BaseException as exc:  # re-raised in the test's thread
            done["error"] = exc

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(OUTER_BOUND)
    assert not worker.is_alive(), f"the export did not end within {OUTER_BOUND} s"
    if "error" in done:
        raise done["error"]
    return done["result"]


def written(result, out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in result.files)


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


# The minimal plan's themes have fewer than three KPI's: each is also reported by its plan, on slides of text.
OPENING = [("Regioplan Testregio", 0), ("Waar staan we — 4e kwartaal 2025", 0), ("Vraagt aandacht (2)", 0),
           ("Veranderd sinds vorig kwartaal (1)", 0)]
CLOSING = [("Over deze rapportage", 0)]
ZORG_PLAN = [("Zorg — Doelen", 0), ("Zorg — Werkagenda", 0), ("Zorg — Samenwerkingsinitiatieven", 0)]
WELZIJN_PLAN = [("Welzijn — Doelen", 0), ("Welzijn — Samenwerkingsinitiatieven", 0)]


def deck_pictures(path: Path) -> list[tuple[str, int]]:
    return [(slide.shapes.title.text, sum(s.shape_type == 13 for s in slide.shapes)) for slide in Presentation(path).slides]


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state not in ("Z", "X")  # a killed orphan may wait as a zombie for a parent that does not reap


def wait_until_gone(pid: int, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not alive(pid)


def test_no_browser_at_all(inputs, browser_dir, tmp_path):
    assert not images.browser_available()
    result = export_within(inputs, tmp_path / "out")
    assert written(result, tmp_path / "out") == NO_CHART_FILES
    assert result.messages == [images.MISSING_BROWSER]
    assert result.messages[0] == (
        "Geen Chrome of Chromium gevonden: statische grafieken (PNG, SVG, en de grafieken in PDF en PPTX) konden niet "
        "worden gemaakt. Installeer Chromium (Debian/Ubuntu: apt-get install chromium) en exporteer opnieuw. De andere "
        "formaten zijn wel gemaakt.")
    assert deck_pictures(tmp_path / "out" / "regiomonitor-2025-Q4.pptx") == [
        *OPENING, ("Zorg", 0), *ZORG_PLAN, ("Welzijn", 0), *WELZIJN_PLAN, *CLOSING]
    assert result.messages[0] in pdf_text(tmp_path / "out" / "regiomonitor-2025-Q4.pdf")
    title_slide = Presentation(tmp_path / "out" / "regiomonitor-2025-Q4.pptx").slides[0]
    assert result.messages[0] in title_slide.placeholders[1].text  # "zie de melding op de titeldia" holds


def test_browser_path_that_names_no_program(inputs, browser_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "nergens" / "chrome"))
    result = export_within(inputs, tmp_path / "out", formats=("png", "xlsx"))
    assert written(result, tmp_path / "out") == ["regiomonitor-2025-Q4.xlsx"]
    assert result.messages == [
        f"BROWSER_PATH wijst naar {tmp_path}/nergens/chrome, maar daar staat geen programma: statische grafieken (PNG, "
        "SVG, en de grafieken in PDF en PPTX) konden niet worden gemaakt. Zet BROWSER_PATH op Chrome of Chromium, of "
        "haal BROWSER_PATH weg, en exporteer opnieuw."]


def test_a_browser_that_exits_at_once(inputs, browser_dir, tmp_path):
    browser = fake_browser(browser_dir, "#!/bin/sh\nexit 1\n")
    result = export_within(inputs, tmp_path / "out")
    assert written(result, tmp_path / "out") == NO_CHART_FILES
    assert result.messages == [
        f"De browser {browser} stopte meteen na het starten: statische grafieken (PNG, SVG, en de grafieken in PDF en "
        "PPTX) konden niet worden gemaakt. Installeer Chromium opnieuw (Debian/Ubuntu: apt-get install chromium) of "
        "wijs met BROWSER_PATH een werkende Chrome of Chromium aan, en exporteer opnieuw."]
    assert deck_pictures(tmp_path / "out" / "regiomonitor-2025-Q4.pptx") == [
        *OPENING, ("Zorg", 0), *ZORG_PLAN, ("Welzijn", 0), *WELZIJN_PLAN, *CLOSING]


def test_a_browser_that_never_answers_is_killed_after_the_start_bound(inputs, browser_dir, tmp_path, monkeypatch):
    pid_file = tmp_path / "browser.pid"
    browser = fake_browser(browser_dir, f"#!/bin/sh\necho $$ > {pid_file}\nexec /bin/sleep 100000\n")
    monkeypatch.setenv("REGIOMONITOR_BROWSER_START_SECONDS", "3")
    started = time.monotonic()
    result = export_within(inputs, tmp_path / "out")
    assert time.monotonic() - started >= 3  # it was given its 3 seconds
    assert written(result, tmp_path / "out") == NO_CHART_FILES
    assert result.messages == [
        f"De browser {browser} reageerde niet binnen 3 seconden na het starten en is afgesloten: statische grafieken "
        "(PNG, SVG, en de grafieken in PDF en PPTX) konden niet worden gemaakt. Exporteer opnieuw; gebeurt dit weer, "
        "installeer Chromium opnieuw (Debian/Ubuntu: apt-get install chromium)."]
    assert wait_until_gone(int(pid_file.read_text())), "the hanging browser was left running"


# A `chromium` between kaleido and the real Chromium that passes the DevTools messages on (they end in a NUL byte)
# until kaleido's drawing request number AT: then it stops passing anything on (the browser seems to hang), kills
# the browser and ends (it crashes), or spoils that one request so that Chromium cannot draw it (refuse). A figure
# takes one request per image format, PNG first: with PNG and SVG, requests 1 and 2 draw the status chart, 3 and 4
# the KPI chart; with PNG alone, request 1 draws the status chart and 2 the KPI chart.
PROXY_BROWSER = """#!{python}
import os, signal, sys, threading
REAL, AT, ACTION, MARK = {real!r}, {at}, {action!r}, b"kaleido_scopes.plotly"
open({pid_file!r}, "w").write(str(os.getpid()))
to_real, from_real = os.pipe(), os.pipe()
pid = os.fork()
if pid == 0:
    os.dup2(to_real[0], 3)
    os.dup2(from_real[1], 4)
    for fd in (*to_real, *from_real):
        os.close(fd)
    os.execv(REAL, [REAL, *sys.argv[1:]])
os.close(to_real[0])
os.close(from_real[1])

def requests():
    seen, buffer = 0, b""
    while chunk := os.read(3, 65536):
        *messages, buffer = (buffer + chunk).split(b"\\0")
        for message in messages:
            seen += MARK in message
            if seen == AT and MARK in message and ACTION == "refuse":
                message = message.replace(MARK, b"kaleido_scopes.refused")
            elif seen >= AT and ACTION == "stall":
                while os.read(3, 65536):
                    pass
                return
            elif seen >= AT and ACTION == "crash":
                os.kill(pid, signal.SIGKILL)
                os._exit(1)
            os.write(to_real[1], message + b"\\0")

def answers():
    while chunk := os.read(from_real[0], 65536):
        os.write(4, chunk)

threading.Thread(target=requests, daemon=True).start()
threading.Thread(target=answers, daemon=True).start()
os.waitpid(pid, 0)
"""


def proxy_browser(tmp_path: Path, monkeypatch, at: int, action: str) -> tuple[Path, Path]:
    """(the fake browser, the file it writes its process id to), set as $BROWSER_PATH."""
    pid_file = tmp_path / "browser.pid"
    (tmp_path / "bin").mkdir()
    script = PROXY_BROWSER.format(python=sys.executable, real=chromium_path(), at=at, action=action,
                                  pid_file=str(pid_file))
    browser = fake_browser(tmp_path / "bin", script)
    monkeypatch.setenv("BROWSER_PATH", str(browser))  # $PATH stays: Debian's chromium is a shell script that needs it
    return browser, pid_file


def test_a_browser_that_hangs_half_way_keeps_the_charts_made_before(inputs, tmp_path, monkeypatch):
    browser, pid_file = proxy_browser(tmp_path, monkeypatch, at=3, action="stall")
    monkeypatch.setenv("REGIOMONITOR_CHART_SECONDS", "10")
    result = export_within(inputs, tmp_path / "out")
    out = tmp_path / "out"
    assert written(result, out) == sorted(NO_CHART_FILES + ["grafieken/thema-zorg-statusverdeling.png",
                                                            "grafieken/thema-zorg-statusverdeling.svg"])
    assert result.messages == [
        f"De browser {browser} gaf binnen 10 seconden geen grafiek terug en is afgesloten. Grafieken gemaakt: 1 van "
        "de 2; de andere ontbreken (ook in PDF en PPTX). Exporteer opnieuw; gebeurt dit weer, installeer Chromium "
        "opnieuw (Debian/Ubuntu: apt-get install chromium)."]
    # The theme slide has its chart; the KPI's own slide, which holds only its chart, is left out.
    assert deck_pictures(out / "regiomonitor-2025-Q4.pptx") == [
        *OPENING, ("Zorg", 1), *ZORG_PLAN, ("Welzijn", 0), *WELZIJN_PLAN, *CLOSING]
    assert len(PdfReader(out / "regiomonitor-2025-Q4.pdf").pages[2].images) == 1  # Zorg: status chart, no KPI chart
    assert wait_until_gone(int(pid_file.read_text())), "the hanging browser was left running"


def test_a_browser_that_crashes_half_way_keeps_the_charts_made_before(inputs, tmp_path, monkeypatch):
    browser, _ = proxy_browser(tmp_path, monkeypatch, at=2, action="crash")
    result = export_within(inputs, tmp_path / "out", formats=("png", "pptx", "xlsx"))
    assert written(result, tmp_path / "out") == ["grafieken/thema-zorg-statusverdeling.png",
                                                 "regiomonitor-2025-Q4.pptx", "regiomonitor-2025-Q4.xlsx"]
    assert result.messages == [
        f"De browser {browser} stopte tijdens het maken van de grafieken. Grafieken gemaakt: 1 van de 2; de andere "
        "ontbreken (ook in PDF en PPTX). Exporteer opnieuw; gebeurt dit weer, installeer Chromium opnieuw "
        "(Debian/Ubuntu: apt-get install chromium)."]


def test_a_chart_the_browser_cannot_draw_is_left_out_and_the_next_is_drawn(inputs, tmp_path, monkeypatch):
    proxy_browser(tmp_path, monkeypatch, at=1, action="refuse")  # the status chart's PNG
    result = export_within(inputs, tmp_path / "out", formats=("png", "svg"))
    assert written(result, tmp_path / "out") == ["grafieken/zorg-wachttijd.png", "grafieken/zorg-wachttijd.svg"]
    assert result.messages == [
        "De browser kon 1 van de 2 grafieken niet maken; die ontbreken (ook in PDF en PPTX). Melding bij de eerste: "
        "JavascriptError: TypeError: kaleido_scopes.refused is not a function"]


def test_a_working_browser_makes_every_chart_and_says_nothing(inputs, tmp_path, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", chromium_path())
    result = export_within(inputs, tmp_path / "out")
    assert written(result, tmp_path / "out") == ALL_FILES
    assert result.messages == []


def test_every_figure_goes_through_safe_figure_once_on_its_way_to_the_browser(tmp_path, monkeypatch):
    import plotly.graph_objects as go

    monkeypatch.setenv("BROWSER_PATH", chromium_path())
    calls = []
    real = images.safe_figure
    monkeypatch.setattr(images, "safe_figure", lambda fig: calls.append(fig) or real(fig))
    fig = go.Figure(go.Bar(x=["a"], y=[1]), layout_title_text="<b>vet</b> & co")
    with images.ChartRenderer() as renderer:
        drawn = renderer.images(fig, ("png", "svg"), 800, 400)
    assert calls == [fig]
    assert drawn["png"][:8] == b"\x89PNG\r\n\x1a\n"
    # Shown as typed, tags and ampersand as text (not bold, and not escaped twice: that would show "&lt;b&gt;").
    assert '<text class="gtitle"' in drawn["svg"].decode()
    assert ">&#60;b&#62;vet&#60;/b&#62; &amp; co</text>" in drawn["svg"].decode()


# --out


@pytest.fixture
def no_work(monkeypatch):
    """The pack is not even computed when --out is wrong: the check comes first."""
    def fail(*args, **kwargs):
        raise AssertionError("the pack was built")

    monkeypatch.setattr("regiomonitor.export.run.build_pack", fail)


def test_out_is_a_file(inputs, tmp_path, no_work):
    target = tmp_path / "rapport.pdf"
    target.write_text("al hier")
    with pytest.raises(ExportError) as raised:
        export_within(inputs, target)
    assert str(raised.value) == f"cannot write to {target}: {target} is a file, not a folder"
    assert target.read_text() == "al hier"


def test_out_is_below_a_file(inputs, tmp_path, no_work):
    (tmp_path / "rapport.pdf").write_text("al hier")
    with pytest.raises(ExportError) as raised:
        export_within(inputs, tmp_path / "rapport.pdf" / "2025-Q4")
    assert str(raised.value) == f"cannot write to {tmp_path}/rapport.pdf/2025-Q4: {tmp_path}/rapport.pdf is a file, not a folder"


def test_out_in_a_place_nobody_can_write(inputs, no_work):
    with pytest.raises(ExportError) as raised:
        export_within(inputs, Path("/proc/regiomonitor-export"))
    assert str(raised.value) == "cannot write to /proc/regiomonitor-export: no such file or directory"


def test_out_without_permission(inputs, tmp_path, no_work, monkeypatch):
    def denied(self, *args, **kwargs):  # the tests run as root, who may write anywhere
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "mkdir", denied)
    with pytest.raises(ExportError) as raised:
        export_within(inputs, tmp_path / "export")
    assert str(raised.value) == f"cannot write to {tmp_path}/export: permission denied"


def test_a_file_that_cannot_be_written_names_the_file(inputs, tmp_path):
    (tmp_path / "out" / "regiomonitor-2025-Q4.xlsx").mkdir(parents=True)  # a folder where the workbook should go
    with pytest.raises(ExportError) as raised:
        export_within(inputs, tmp_path / "out", formats=("html", "xlsx"))
    assert str(raised.value) == f"cannot write to {tmp_path}/out/regiomonitor-2025-Q4.xlsx: is a directory"


def test_an_empty_out_folder_is_made_and_the_probe_leaves_nothing_behind(inputs, tmp_path):
    result = export_within(inputs, tmp_path / "nieuw" / "export", formats=("xlsx",))
    assert sorted(os.listdir(tmp_path / "nieuw" / "export")) == ["regiomonitor-2025-Q4.xlsx"]
    assert written(result, tmp_path / "nieuw" / "export") == ["regiomonitor-2025-Q4.xlsx"]


def test_a_reused_tab_draws_a_figure_as_a_fresh_one_does():
    """The chart helper reuses a browser tab instead of reloading it after every figure (export/render.py): what
    was drawn before must not show in the next image."""
    import plotly.graph_objects as go

    chromium_path()
    first = go.Figure(go.Scatter(x=[1, 2, 3], y=[1, 3, 2], name="eerste"))
    second = go.Figure(go.Bar(x=["a", "b"], y=[5, 7], name="tweede"), layout=dict(title=dict(text="Staven")))
    with images.ChartRenderer() as renderer:
        before = renderer.images(first, ("png", "svg"), 800, 450)
        renderer.images(second, ("png", "svg"), 800, 450)
        after = renderer.images(first, ("png", "svg"), 800, 450)
    assert before["png"] == after["png"]

    def without_ids(svg: bytes) -> str:  # Plotly names each drawing's defs, clip paths and traces with random ids
        return re.sub(r"(defs-|clip|trace|legend)[0-9a-f]{6}", r"\1UID", svg.decode())

    assert without_ids(before["svg"]) == without_ids(after["svg"])
    assert "Staven" not in after["svg"].decode()
