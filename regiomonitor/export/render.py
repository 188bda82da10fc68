"""The chart helper process: `python -m regiomonitor.export.render BROWSER PARENT_PID`, started by
regiomonitor.export.images.ChartRenderer. It opens one headless browser through kaleido and draws the figures
it is asked for, one request at a time.

A browser can be missing, stop at once or stop answering. In a process of its own that can neither hang nor
crash the export: the export waits a bounded time for each answer and, when none comes, kills this process's
whole group, the browser included. That is also why this process sets no time limits of its own: the export
is the one place that decides when a browser has taken too long.

Protocol, one JSON object a line. On stdout: `{"ready": true}` once the browser answers, or
`{"stopped": "<detail>"}` when it could not be started. On stdin, per figure:
`{"figure": "<file with the figure as JSON>", "formats": ["png", "svg"], "width": 1600, "height": 900,
"out": "<path without suffix>"}`, answered with `{"done": ["<path>.png", "<path>.svg"]}`, `{"error": "<detail>"}`
(this figure could not be drawn) or `{"stopped": "<detail>"}` (the browser is gone; the process ends).
Figures and images go through files, so a line in a pipe stays short and a write to it can never block the
export. End of stdin closes the browser and ends the process.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import sys
import threading
import time
from pathlib import Path
from typing import TextIO


def _same_group_chromium():
    """choreographer starts the browser in a session of its own; here it stays in this process's group, so
    that killing the group (what the export does when the browser does not answer) takes the browser along."""
    from choreographer.browsers import Chromium

    class SameGroupChromium(Chromium):
        def get_popen_args(self):
            args = dict(super().get_popen_args())
            args["start_new_session"] = False
            return args

    return SameGroupChromium


def _leave_with_parent(parent: int) -> None:
    """Should the export itself be killed, nobody would end this process and its browser: they end themselves."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os.killpg(os.getpgrp(), signal.SIGKILL)

    threading.Thread(target=watch, daemon=True).start()


TABS = 2
"""Browser tabs kaleido draws in: a figure's PNG and SVG are drawn side by side."""
RELOAD_EVERY = 40
"""Figures a tab draws before it is reloaded (see _reusing_kaleido)."""


def _reusing_kaleido():
    """kaleido reloads a tab — its page with plotly.js, megabytes — after every figure, to start each from a clean
    page. On the 2-core machine that reload was 0.3–0.6 s of every chart's 0.4–0.7 s, and a full pack draws over a
    hundred images. Drawing a figure replaces the previous one in the tab (the same bytes come out whatever was drawn
    before: checked when this was written), so a tab is reloaded only every RELOAD_EVERY figures. This overrides
    kaleido's `_return_kaleido_tab` (kaleido 1.x); should a later kaleido rename it, charts are drawn as before, only
    slower (bench/export.py would show it)."""
    from kaleido import Kaleido

    class ReusingKaleido(Kaleido):
        drawn = 0

        async def _return_kaleido_tab(self, tab) -> None:
            self.drawn += 1
            if self.drawn % RELOAD_EVERY == 0:
                await super()._return_kaleido_tab(tab)
            else:
                await self.tabs_ready.put(tab)

    return ReusingKaleido


async def _draw(browser, request: dict) -> dict:
    figure = json.loads(Path(request["figure"]).read_text(encoding="utf-8"))
    formats = request["formats"]
    images = await asyncio.gather(*(browser.calc_fig(figure, opts={
        "format": fmt, "width": request["width"], "height": request["height"], "scale": 1}) for fmt in formats))
    done = []
    for fmt, content in zip(formats, images):
        target = Path(f"{request['out']}.{fmt}")
        target.write_bytes(content)
        done.append(str(target))
    return {"done": done}


def _detail(exc: Exception) -> str:
    """One line on what went wrong. kaleido's JavascriptError holds the whole DevTools answer as text: of that,
    the JavaScript error's own description is what tells a person something."""
    text = str(exc)
    described = re.search(r"'description': '([^'\\]*)", text)
    return f"{type(exc).__name__}: {described[1] if described else (text.splitlines() or [''])[0]}"[:300]


async def serve(path: str, requests: TextIO, answers: TextIO) -> int:
    from choreographer.errors import BrowserClosedError, BrowserFailedError, ChannelClosedError

    def answer(message: dict) -> None:
        answers.write(json.dumps(message) + "\n")
        answers.flush()

    try:
        # No MathJax (it comes from a CDN and our charts set no formulas); no render time limit (see above).
        browser = _reusing_kaleido()(n=TABS, path=path, timeout=None, mathjax=False,
                                     browser_cls=_same_group_chromium())
        await browser.open()
    except Exception as exc:  # choreographer and kaleido raise several kinds when the browser does not start
        answer({"stopped": _detail(exc)})
        return 1
    answer({"ready": True})
    loop = asyncio.get_running_loop()
    try:
        while line := await loop.run_in_executor(None, requests.readline):
            try:
                answer(await _draw(browser, json.loads(line)))
            except (BrowserClosedError, BrowserFailedError, ChannelClosedError) as exc:  # no use trying the next
                answer({"stopped": _detail(exc)})
                return 1
            except Exception as exc:  # one figure the browser cannot draw; the next may well work
                if browser.subprocess.poll() is not None:
                    answer({"stopped": _detail(exc)})
                    return 1
                answer({"error": _detail(exc)})
    finally:
        await browser.close()
    return 0


def main(argv: list[str]) -> int:
    path, parent = argv[0], int(argv[1])
    _leave_with_parent(parent)
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # a stray print from a library cannot garble the answers
    return asyncio.run(serve(path, sys.stdin, answers))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
