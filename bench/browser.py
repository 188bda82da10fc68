"""Benchmark the Overzicht in Chromium against a minimal Streamlit page: how long until each page is drawn.

Starts the dashboard as `make dashboard` does (`streamlit run serve.py`) and bench/minimal_app.py (a title, a line of
text, a select box; plain `streamlit run`) with the same flags and .streamlit/config.toml (tests/browser.py's
`running_app`), each on its own port, and opens them alternately in one headless Chromium (Debian's, through
Playwright): one warm-up load of each that is not counted, then `--runs` loads of each. Every load is a full one in
a fresh browser context (an empty cache, as a first visit); `--cache` opens each load in a new tab of one context
instead, with the browser's cache kept (a returning reader).

Times are the page's own clock (performance.now(), from the start of the navigation), taken in the first animation
frame in which the element is in the page, so Playwright's polling does not add to them:
- *title*: the page's title (h1) is drawn;
- *content*: the page's own content is drawn: for the Overzicht the last theme card (its link "Naar <thema>"), that
  is the region's standing, the attention list and every card; for the minimal page its select box;
- *charts*: the content and every Plotly chart in it is drawn (the cards' status bars; the minimal page has none,
  so there it is the content time).
A second table splits the median load up (when the JavaScript was there, the websocket opened, the first and last
message of the page's script arrived, all its elements were in the page, main-thread time in long tasks, script
bytes, elements), to show where the time goes; the last line times the server alone: the Overzicht in a new session
over Streamlit's own protocol, without a browser (tests/protocol.py). (On two cores the browser's work delays the
messages' arrival too: compare the two.) The machine is shared: the first line says how much CPU other processes
used during the run.

Run: `.venv/bin/python bench/browser.py [--runs 10] [--cache]`. Target (issue 16): the Overzicht drawn in at most
1.5× the time of the minimal page (2.45× measured before).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from regiomonitor.plan.load import load_plan  # noqa: E402
from tests.browser import CHROMIUM_ARGS, running_app  # noqa: E402
from tests.protocol import run_page, session  # noqa: E402

MINIMAL_APP = ROOT / "bench" / "minimal_app.py"
MINIMAL_TITLE = "Minimale pagina"  # bench/minimal_app.py's st.title
TARGET = 1.5
MARKS = ("title", "content", "charts")

# Runs in the page before any of its own scripts. Each animation frame it checks the next mark's condition (a mark
# only counts once the one before it is there), and it records the websocket's messages and the long tasks.
RECORDER = """
(() => {
  const marks = %s;
  const found = window.__bench = {marks: {}, ws: [], longtasks: [], elements: [], done: false};
  const Socket = window.WebSocket;
  window.WebSocket = class extends Socket {
    constructor(...args) {
      super(...args);
      this.addEventListener("open", () => { found.wsOpen = performance.now(); });
      this.addEventListener("message", (e) => {
        found.ws.push([performance.now(), e.data.byteLength ?? e.data.size ?? e.data.length]);
      });
    }
  };
  try {
    new PerformanceObserver((list) => {
      for (const t of list.getEntries()) found.longtasks.push([t.startTime, t.duration]);
    }).observe({type: "longtask", buffered: true});
  } catch (e) {}
  const main = () => document.querySelector('[data-testid="stMain"]');
  const texts = (selector) => [...(main()?.querySelectorAll(selector) ?? [])].map((e) => e.textContent.trim());
  const conditions = {
    title: () => texts("h1").some((t) => t.startsWith(marks.title)),
    content: () => marks.content === null
      ? main()?.querySelector('[data-testid="stSelectbox"] input') != null
      : texts('[data-testid="stPageLink"] a').some((t) => t.includes(marks.content)),
    charts: () => [...main().querySelectorAll('[data-testid="stPlotlyChart"]')]
      .every((chart) => chart.querySelector(".main-svg") != null),
  };
  let next = 0, elements = -1;
  const names = Object.keys(conditions);
  const check = (now) => {
    const count = main()?.querySelectorAll('[data-testid="stElementContainer"]').length ?? 0;
    if (count !== elements) found.elements.push([now, elements = count]);
    while (next < names.length && conditions[names[next]]()) found.marks[names[next++]] = now;
    if (next < names.length) requestAnimationFrame(check); else found.done = true;
  };
  requestAnimationFrame(check);
})();
"""

COLLECT = """() => {
  const b = window.__bench, nav = performance.getEntriesByType("navigation")[0];
  const scripts = performance.getEntriesByType("resource").filter((r) => r.name.endsWith(".js"));
  return {marks: b.marks, wsOpen: b.wsOpen, ws: b.ws, longtasks: b.longtasks, elementCounts: b.elements,
          domContentLoaded: nav.domContentLoadedEventEnd,
          scriptBytes: scripts.reduce((n, r) => n + r.decodedBodySize, 0),
          lastScript: Math.max(0, ...scripts.map((r) => r.responseEnd)),
          elements: document.querySelectorAll('[data-testid="stMain"] [data-testid="stElementContainer"]').length};
}"""


def pages() -> dict[str, dict]:
    """What marks each page as drawn: its title and, for the Overzicht, the link of its last theme card."""
    loaded = load_plan(ROOT / "plan")
    last = loaded.themes[loaded.theme_ids[-1]]
    return {"Overzicht": {"title": loaded.plan.title, "content": f"Naar {last.name}"},
            "minimal page": {"title": MINIMAL_TITLE, "content": None}}


def load(context, url: str, marks: dict, fresh_context: bool, page_log: Path) -> dict:
    """One full load of `url` in a new tab (of a new context when `fresh_context`); the page's timings, when the
    websocket's messages reached the browser (Chromium's own network clock) and the server's page script times."""
    if fresh_context:
        context = context.browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    network = context.new_cdp_session(page)
    document, frames = [], []
    network.on("Network.requestWillBeSent", lambda e: document.append(e["timestamp"]) if e["type"] == "Document" else 0)
    network.on("Network.webSocketFrameReceived", lambda e: frames.append(e["timestamp"]))
    network.send("Network.enable")
    scripts_before = len(page_log.read_text().splitlines()) if page_log.exists() else 0
    try:
        page.add_init_script(RECORDER % json.dumps(marks))
        page.goto(url, wait_until="commit")
        try:
            page.wait_for_function("() => window.__bench && window.__bench.done", timeout=60_000, polling=100)
        except PlaywrightTimeout:
            found = page.evaluate("() => Object.keys(window.__bench.marks)")
            missing = next(mark for mark in MARKS if mark not in found)
            raise SystemExit(f"{url}: {missing} ({marks.get(missing) or 'its element'}) not drawn within 60 s; "
                             "did the page's content change? (see pages() in bench/browser.py)") from None
        page.wait_for_timeout(200)  # messages that arrive after the last mark (the end of the script run)
        timings = page.evaluate(COLLECT)
    finally:
        page.close()
        if fresh_context:
            context.close()
    timings["arrived"] = [1000 * (t - document[0]) for t in frames]
    scripts = page_log.read_text().splitlines()[scripts_before:] if page_log.exists() else []
    timings["script"] = sum(float(line.split("\t")[1]) for line in scripts) if scripts else math.nan
    final = timings["elementCounts"][-1][1]
    timings["placed"] = next(t for t, count in timings["elementCounts"] if count == final)
    return timings


async def server_alone(port: int, runs: int = 5) -> list[float]:
    """Milliseconds from asking for the Overzicht in a new session to its script_finished, without a browser."""
    times = []
    for _ in range(runs):
        async with session(port) as socket:
            seconds, problems = await run_page(socket, "", "", 60)
            assert not problems, problems
            times.append(1000 * seconds)
    return times


def p90(values: list[float]) -> float:
    """Nearest rank: the smallest value with at least 90% of the values at or below it."""
    ordered = sorted(values)
    return ordered[math.ceil(0.9 * len(ordered)) - 1]


def median_of(loads: list[dict], value) -> float:
    return statistics.median(value(one) for one in loads)


class OtherProcesses(threading.Thread):
    """How much CPU went to processes that are not this benchmark's (its servers and browser are its descendants):
    every process's CPU time is sampled five times a second, so a run that shared the machine says so."""

    def __init__(self):
        super().__init__(daemon=True)
        # (pid, start time) -> (parent pid, CPU ticks) when first seen (a process whose parent ends is handed to
        # init, so the parent it had first is the one that says whose it is), and CPU ticks when last seen
        self.first: dict[tuple[int, int], tuple[int, int]] = {}
        self.last: dict[tuple[int, int], int] = {}
        self.started_at = time.monotonic()
        self.stopping = threading.Event()
        self.sample(at_start=True)

    def sample(self, at_start: bool = False) -> None:
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                fields = Path(entry.path, "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue  # the process has just ended
            key, ticks = (int(entry.name), int(fields[19])), int(fields[11]) + int(fields[12])
            self.first.setdefault(key, (int(fields[1]), ticks if at_start else 0))
            self.last[key] = ticks

    def run(self) -> None:
        while not self.stopping.wait(0.2):
            self.sample()

    def seconds(self) -> tuple[float, float]:
        """CPU seconds of the other processes, and the wall-clock seconds watched."""
        self.stopping.set()
        self.join()
        parents = {pid: parent for (pid, _), (parent, _) in self.first.items()}

        def mine(pid: int) -> bool:
            while pid > 1:
                if pid == os.getpid():
                    return True
                pid = parents.get(pid, 0)
            return False

        ticks = sum(last - self.first[key][1] for key, last in self.last.items() if not mine(key[0]))
        return ticks / os.sysconf("SC_CLK_TCK"), time.monotonic() - self.started_at


def report(results: dict[str, list[dict]], runs: int, cache: bool, others: float, seconds: float) -> None:
    overzicht, minimal = results["Overzicht"], results["minimal page"]
    print(f"{runs} loads of each page, alternating, after one warm-up load each; "
          f"{'new tab, cache kept' if cache else 'fresh browser context (empty cache)'}; {os.cpu_count()} CPUs; "
          f"other processes used {others:.0f} CPU seconds in the {seconds:.0f} s of the run "
          f"({100 * others / seconds / os.cpu_count():.0f}% of the machine)")
    print()
    print("| page | title drawn p50 (ms) | content drawn p50 / p90 (ms) | with charts p50 / p90 (ms) |")
    print("| --- | ---: | ---: | ---: |")
    for name, loads in results.items():
        title, content, charts = ([one["marks"][mark] for one in loads] for mark in MARKS)
        print(f"| {name} | {statistics.median(title):,.0f} | {statistics.median(content):,.0f} / {p90(content):,.0f} "
              f"| {statistics.median(charts):,.0f} / {p90(charts):,.0f} |")
    ratios = {mark: median_of(overzicht, lambda one: one["marks"][mark]) /
              median_of(minimal, lambda one: one["marks"][mark]) for mark in MARKS}
    print(f"| Overzicht / minimal page | {ratios['title']:.2f}× | {ratios['content']:.2f}× | {ratios['charts']:.2f}× |")
    print()
    verdict = "met" if ratios["charts"] <= TARGET else "NOT met"
    print(f"Target: Overzicht drawn (with its charts) in <= {TARGET}× the minimal page: {ratios['charts']:.2f}×, "
          f"{verdict} (content without the charts: {ratios['content']:.2f}×).")
    print()
    print("Where the time goes (medians, ms from the start of the navigation):")
    print()
    columns = {
        "JavaScript loaded (DOMContentLoaded)": lambda one: one["domContentLoaded"],
        "websocket open": lambda one: one["wsOpen"],
        "first message arrived": lambda one: one["arrived"][0],
        "last message arrived": lambda one: one["arrived"][-1],
        "page script on the server (ms, its own time)": lambda one: one["script"],
        "all elements in the page (some still placeholders)": lambda one: one["placed"],
        "title drawn": lambda one: one["marks"]["title"],
        "last script chunk loaded": lambda one: one["lastScript"],
        "content drawn": lambda one: one["marks"]["content"],
        "charts drawn": lambda one: one["marks"]["charts"],
        "main thread in long tasks until drawn": lambda one: sum(
            d for start, d in one["longtasks"] if start < one["marks"]["charts"]),
        "messages": lambda one: len(one["ws"]),
        "message KB": lambda one: sum(size or 0 for _, size in one["ws"]) / 1024,
        "script KB": lambda one: one["scriptBytes"] / 1024,
        "elements in the page": lambda one: one["elements"],
    }
    print("| | " + " | ".join(results) + " |")
    print("| --- | " + " | ".join("---:" for _ in results) + " |")
    for label, value in columns.items():
        medians = (median_of(loads, value) for loads in results.values())
        print(f"| {label} | " + " | ".join("–" if math.isnan(m) else f"{m:,.0f}" for m in medians) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="counted loads of each page (default 10)")
    parser.add_argument("--cache", action="store_true",
                        help="open each load in a new tab of one browser context (cache kept), not a fresh context")
    args = parser.parse_args()
    marks = pages()
    others = OtherProcesses()
    others.start()
    page_log = Path(tempfile.mkdtemp()) / "page-times.tsv"  # the dashboard's own page script times (ui/app_state.py)
    os.environ["REGIOMONITOR_PAGE_LOG"] = str(page_log)
    results: dict[str, list[dict]] = {name: [] for name in marks}
    with running_app() as overzicht_url, running_app(script=MINIMAL_APP) as minimal_url:
        urls = {"Overzicht": overzicht_url, "minimal page": minimal_url}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            try:
                context = browser.new_context(viewport={"width": 1400, "height": 900})
                for run in range(args.runs + 1):  # run 0 is the warm-up (the dashboard's first run prepares its data)
                    for name, url in urls.items():
                        timings = load(context, url, marks[name], not args.cache, page_log)
                        if run:
                            results[name].append(timings)
            finally:
                browser.close()
        without_browser = asyncio.run(server_alone(int(overzicht_url.rsplit(":", 1)[1])))
    report(results, args.runs, args.cache, *others.seconds())
    print()
    print(f"The server alone: a new session gets the whole Overzicht (its script run, every message) in "
          f"{statistics.median(without_browser):.0f} ms over Streamlit's own protocol, without a browser "
          f"(tests/protocol.py, median of {len(without_browser)}).")


if __name__ == "__main__":
    main()
