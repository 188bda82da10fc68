"""Static chart images through Plotly's kaleido, which drives Chrome or Chromium.

One browser serves a whole export (kaleido's persistent sync server): starting it costs a few seconds,
each chart after that a fraction of a second. Without Chrome or Chromium on the machine the renderer says
so once, in plain words, and the export goes on with the parts that need no images.
"""

from __future__ import annotations

import shutil
import warnings

import plotly.graph_objects as go

MISSING_BROWSER = ("Geen Chrome of Chromium gevonden: statische grafieken (PNG, SVG, en de grafieken in PDF en "
                   "PPTX) konden niet worden gemaakt. Installeer Chromium (Debian/Ubuntu: apt-get install "
                   "chromium) en exporteer opnieuw. HTML en XLSX zijn wel gemaakt.")
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


def browser_available() -> bool:
    return any(shutil.which(name) for name in BROWSERS)


class ChartRenderer:
    """`with ChartRenderer() as charts: charts.image(fig, "png")` — bytes, or None when no browser is there."""

    def __init__(self, width: int = 1600, height: int = 900):
        self.width, self.height = width, height
        self.problem: str | None = None
        self._server = False

    def __enter__(self) -> "ChartRenderer":
        if not browser_available():
            self.problem = MISSING_BROWSER
            return self
        import kaleido

        try:
            kaleido.start_sync_server(silence_warnings=True)
            self._server = True
        except Exception as exc:  # kaleido raises several kinds when the browser cannot start
            self.problem = f"{MISSING_BROWSER} (Melding: {exc})"
        return self

    def __exit__(self, *exc) -> None:
        if self._server:
            import kaleido

            kaleido.stop_sync_server(silence_warnings=True)
            self._server = False

    @property
    def available(self) -> bool:
        return self.problem is None

    def image(self, fig: go.Figure, fmt: str, width: int | None = None, height: int | None = None) -> bytes | None:
        if not self.available:
            return None
        import plotly.io as pio

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "kopts is ignored if using a server": expected here
            return pio.to_image(fig, format=fmt, width=width or self.width, height=height or self.height, scale=1)
