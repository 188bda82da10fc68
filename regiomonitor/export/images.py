"""Static chart images through Plotly's kaleido, which drives Chrome or Chromium.

One browser serves a whole export: starting it costs a few seconds (it starts while the export computes its
figures), each chart after that a fraction of a second. The browser runs under a helper process
(regiomonitor.export.render) that the export waits for a bounded time only: START_SECONDS from the launch for
the browser to answer, CHART_SECONDS for each chart in all its formats (both can be set with the environment
variables below, e.g. for a slow machine or a test). So an export with n charts waits at most START_SECONDS +
n × CHART_SECONDS + CLOSE_SECONDS for its browser. When the browser is missing, stops or does not answer in
time, the helper's whole process group is killed, the export goes on with the parts that need no images, and
`problem` says in one plain Dutch message what happened and what to do.

Charts drawn before a browser stops or hangs are kept (they are complete and correct); the message says how
many of the charts were made, so the reader knows the pack is incomplete.

The browser is the one named by $BROWSER_PATH, else the first of BROWSERS on $PATH, and that very program is
the one kaleido starts, so the Export page's warning and the export agree. (kaleido on its own would also
try its own download and fixed install paths; a Chrome downloaded with `kaleido_get_chrome` is used by
pointing BROWSER_PATH at it.)
"""

from __future__ import annotations

import os
import shutil

import plotly.graph_objects as go

from regiomonitor.core.safetext import safe_figure
from regiomonitor.export.renderproc import ChartFailed, HelperStopped, HelperTimeout, RenderProcess

CHARTS = "statische grafieken (PNG, SVG, en de grafieken in PDF en PPTX)"
REINSTALL = "installeer Chromium opnieuw (Debian/Ubuntu: apt-get install chromium)"
MISSING_BROWSER = ("Geen Chrome of Chromium gevonden: statische grafieken (PNG, SVG, en de grafieken in PDF en "
                   "PPTX) konden niet worden gemaakt. Installeer Chromium (Debian/Ubuntu: apt-get install "
                   "chromium) en exporteer opnieuw. De andere formaten zijn wel gemaakt.")
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
START_SECONDS_VARIABLE, START_SECONDS = "REGIOMONITOR_BROWSER_START_SECONDS", 60.0
CHART_SECONDS_VARIABLE, CHART_SECONDS = "REGIOMONITOR_CHART_SECONDS", 30.0
_STOPPED, _SILENT = "stopped half-way", "silent half-way"  # failures whose message counts the charts made


def bad_browser_path(path: str) -> str:
    return (f"BROWSER_PATH wijst naar {path}, maar daar staat geen programma: {CHARTS} konden niet worden "
            "gemaakt. Zet BROWSER_PATH op Chrome of Chromium, of haal BROWSER_PATH weg, en exporteer opnieuw.")


def stopped_at_start(browser: str) -> str:
    return (f"De browser {browser} stopte meteen na het starten: {CHARTS} konden niet worden gemaakt. "
            "Installeer Chromium opnieuw (Debian/Ubuntu: apt-get install chromium) of wijs met BROWSER_PATH een "
            "werkende Chrome of Chromium aan, en exporteer opnieuw.")


def silent_at_start(browser: str, seconds: float) -> str:
    return (f"De browser {browser} reageerde niet binnen {seconds:g} seconden na het starten en is afgesloten: {CHARTS} "
            f"konden niet worden gemaakt. Exporteer opnieuw; gebeurt dit weer, {REINSTALL}.")


def silent_midway(browser: str, seconds: float, made: int, total: int) -> str:
    return (f"De browser {browser} gaf binnen {seconds:g} seconden geen grafiek terug en is afgesloten. Grafieken "
            f"gemaakt: {made} van de {total}; de andere ontbreken (ook in PDF en PPTX). Exporteer opnieuw; "
            f"gebeurt dit weer, {REINSTALL}.")


def stopped_midway(browser: str, made: int, total: int) -> str:
    return (f"De browser {browser} stopte tijdens het maken van de grafieken. Grafieken gemaakt: {made} van de "
            f"{total}; de andere ontbreken (ook in PDF en PPTX). Exporteer opnieuw; gebeurt dit weer, {REINSTALL}.")


def failed_charts(failed: int, total: int, detail: str) -> str:
    return (f"De browser kon {failed} van de {total} grafieken niet maken; die ontbreken (ook in PDF en PPTX). "
            f"Melding bij de eerste: {detail}")


def find_browser() -> str | None:
    """The browser the export would start: $BROWSER_PATH when set, else the first of BROWSERS on $PATH."""
    if os.environ.get("BROWSER_PATH"):
        path = os.environ["BROWSER_PATH"]
        found = path if os.path.isfile(path) and os.access(path, os.X_OK) else None
    else:
        found = next((path for name in BROWSERS if (path := shutil.which(name))), None)
    return os.path.abspath(found) if found else None  # the helper runs in another folder


def browser_available() -> bool:
    return find_browser() is not None


def _seconds(variable: str, default: float) -> float:
    try:
        value = float(os.environ.get(variable, default))
    except ValueError:
        return default
    return value if value > 0 else default


class ChartRenderer:
    """`with ChartRenderer() as charts: charts.images(fig, ("png", "svg"))` — the images that could be made.

    Every figure goes through safe_figure here, once, on its way to the browser (Plotly renders its own tags in
    every label). After the browser stopped or hung no further figure is tried; `problem` then says how many
    of the figures asked for were made (the ones before are kept), or why none could be.
    """

    def __init__(self, width: int = 1600, height: int = 900, start_seconds: float | None = None,
                 chart_seconds: float | None = None):
        self.width, self.height = width, height
        self.start_seconds = start_seconds or _seconds(START_SECONDS_VARIABLE, START_SECONDS)
        self.chart_seconds = chart_seconds or _seconds(CHART_SECONDS_VARIABLE, CHART_SECONDS)
        self.browser: str | None = None
        self.asked = self.made = 0
        self._failure: str | None = None  # once set, no more figures are tried
        self._errors: list[str] = []
        self._process: RenderProcess | None = None
        self._ready = False

    def __enter__(self) -> "ChartRenderer":
        self.browser = find_browser() if browser_available() else None  # the one question the Export page asks too
        if self.browser is None:
            self._failure = bad_browser_path(os.environ["BROWSER_PATH"]) if os.environ.get("BROWSER_PATH") \
                else MISSING_BROWSER
            return self
        self._process = RenderProcess(self.browser)
        self._process.launch()
        return self

    def _wait_for_start(self) -> None:
        """The browser starts while the caller goes on; the first figure (or question) waits for it, up to
        start_seconds after it was launched."""
        if self._process is None or self._ready:
            return
        try:
            self._process.wait_ready(self.start_seconds)
            self._ready = True
        except HelperStopped:
            self._failure = stopped_at_start(self.browser)
        except HelperTimeout:
            self._failure = silent_at_start(self.browser, self.start_seconds)

    def __exit__(self, *exc) -> None:
        if self._process is not None:
            self._process.stop()
            self._process = None

    @property
    def available(self) -> bool:
        """Whether figures can (still) be drawn."""
        if self._failure is None:
            self._wait_for_start()
        return self._failure is None

    @property
    def problem(self) -> str | None:
        """One message for the reader on why charts are missing, or None."""
        if self._failure is None:
            self._wait_for_start()
        if self._failure == _STOPPED:
            return stopped_midway(self.browser, self.made, self.asked)
        if self._failure == _SILENT:
            return silent_midway(self.browser, self.chart_seconds, self.made, self.asked)
        if self._failure:
            return self._failure
        return failed_charts(len(self._errors), self.asked, self._errors[0]) if self._errors else None

    def images(self, fig: go.Figure, formats: tuple[str, ...], width: int | None = None,
               height: int | None = None) -> dict[str, bytes]:
        """The figure's image in each format, or {} when it could not be made (see `problem`)."""
        self.asked += 1
        if not self.available:
            return {}
        try:
            drawn = self._process.draw(safe_figure(fig).to_json(), tuple(formats), width or self.width,
                                       height or self.height, self.chart_seconds)
        except ChartFailed as exc:
            self._errors.append(str(exc))
            return {}
        except HelperStopped:
            self._failure = _STOPPED
            return {}
        except HelperTimeout:
            self._failure = _SILENT
            return {}
        self.made += 1
        return drawn

    def image(self, fig: go.Figure, fmt: str, width: int | None = None, height: int | None = None) -> bytes | None:
        return self.images(fig, (fmt,), width, height).get(fmt)
