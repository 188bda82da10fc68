"""Load test: 20 sessions walk through every page of the dashboard for 60 seconds.

Each session opens the dashboard once and then visits the pages in turn, going on as soon as a page is there
(`--think S` pauses S seconds on each page, as a reader would). `--browsers B` of the sessions (default 1) are
Chromium tabs (Debian's, through Playwright) that click through the sidebar: a page counts as served when its title
is drawn (page time: from the click to the title), as a reader sees it. The other sessions speak Streamlit's own
websocket protocol, as the browser does (tests/protocol.py): to the server each is a session with its own script
thread like a browser's; a page counts as served when its script has finished and sent everything.

Why not 20 tabs: on the 2-core machine the tabs run beside the server, which in use they would not, and 20 tabs
rendering Streamlit's React pages take most of the CPU. Pages were then reported "not drawn within 60 s" although
the server had run their scripts in well under a second (its log shows every one): the starved tabs were measured,
not the server. `--browsers 20` still runs that set-up. The browsers run at the lowest priority (nice 19), so that
the server gets the CPU it would have on a machine of its own.

An error is an exception box or error panel, a "page not found" dialog, a page not served within 60 s, or any
other failure. Reports pages served, errors, p50/p95 page time of the tabs and of the protocol sessions, the peak
memory (VmHWM) of the Streamlit server, and from the server's own log each page script's time. Exit status 1 when
there was any error.
Run: `.venv/bin/python bench/load.py [--sessions 20] [--browsers 1] [--seconds 60] [--think 0]`.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import math
import os
import random
import statistics
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.async_api import TimeoutError as PlaywrightTimeout  # noqa: E402

from regiomonitor.plan.load import load_plan  # noqa: E402
from tests.browser import CHROMIUM_ARGS, free_port  # noqa: E402
from tests.protocol import run_page, session  # noqa: E402
from ui.app_state import PAGES  # noqa: E402


def p95(ordered: list[float]) -> float:
    """Nearest rank: the smallest value with at least 95% of the values at or below it."""
    return ordered[math.ceil(0.95 * len(ordered)) - 1] if ordered else float("nan")


def peak_memory_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@functools.cache
def headings() -> dict[str, str]:
    """The title each page draws first, so a session knows when the page it asked for is there."""
    loaded = load_plan(ROOT / "plan")
    theme = loaded.themes[loaded.theme_ids[0]]
    first_kpi = next(i for t in loaded.themes.values() for i in t.indicators)
    return {"Overzicht": loaded.plan.title, "Thema": f"{theme.number}. {theme.name}", "KPI": first_kpi.name,
            "Initiatieven": "Samenwerkingsinitiatieven", "Werkagenda": "Werkagenda", "Datakwaliteit": "Datakwaliteit",
            "Eigenaren": "Eigenaren", "Export": "Kwartaalexport",
            "Methodiek": "Methodiek voortgangsbepaling / Progress methodology"}


async def open_session(browser, base: str, delay: float):
    """One user opens the dashboard (staggered, as people do not all press Enter in the same second)."""
    await asyncio.sleep(delay)
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    await page.goto(base, wait_until="domcontentloaded", timeout=180_000)
    await page.get_by_role("heading", name=headings()["Overzicht"]).first.wait_for(timeout=180_000)
    return page


async def walk(page, deadline: float, times: list[tuple[str, float]], errors: list[tuple[str, str]], offset: int,
               think: float) -> None:
    """Then goes from page to page through the sidebar until the deadline."""
    titles = headings()
    order = [title for _, title, _, _ in PAGES]
    step = offset
    while time.monotonic() < deadline:
        title = order[step % len(order)]
        step += 1
        started = time.monotonic()
        try:
            await page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True).click()
            await page.get_by_role("heading", name=titles[title]).first.wait_for(timeout=60_000)
            if await page.locator('[data-testid="stException"]').count():
                errors.append((title, "exception shown"))
            elif await page.get_by_text("Page not found").count():
                errors.append((title, "page not found"))
            else:
                times.append((title, time.monotonic() - started))
                await asyncio.sleep(think)
        except PlaywrightTimeout:
            errors.append((title, "not drawn within 60 s"))
        except Exception as exc:  # anything else counts as an error too, and the walk goes on
            errors.append((title, type(exc).__name__))
    await page.context.close()


PAGE_BOUND = 60  # seconds: a page not served by then is an error


async def protocol_session(port: int, delay: float, ready: asyncio.Future, deadline_at: asyncio.Future,
                           times: list[tuple[str, float]], errors: list[tuple[str, str]], offset: int,
                           think: float) -> None:
    """A session without a browser: it opens the dashboard (then `ready` is set), and when `deadline_at` gives the
    deadline, walks the pages as the sidebar would."""
    await asyncio.sleep(delay)
    titles = {url: title for _, title, _, url in PAGES}
    async with session(port) as socket:
        _, problems = await run_page(socket, "", "", 180)
        errors.extend(("Overzicht", p) for p in problems)
        ready.set_result(None)
        deadline = await deadline_at
        # Readers do not click in step: each waits a while before its first click and stays 0.5–1.5 × `think` on a
        # page (seeded per session, so runs compare); without it every session would click at the same moment.
        pause = random.Random(offset)
        await asyncio.sleep(pause.uniform(0, think))
        step = offset
        while time.monotonic() < deadline:
            url = list(titles)[step % len(titles)]
            step += 1
            try:
                seconds, problems = await run_page(socket, url, "", PAGE_BOUND)
            except Exception as exc:  # a closed connection or anything else counts as an error, and the walk ends
                errors.append((titles[url], type(exc).__name__))
                return
            if problems:
                errors.extend((titles[url], p) for p in problems)
            else:
                times.append((titles[url], seconds))
                await asyncio.sleep(think * pause.uniform(0.5, 1.5))


async def main_async(sessions: int, browsers: int, seconds: int, think: float) -> int:

    from playwright.async_api import async_playwright

    port = free_port()
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    log = open(ROOT / "test-artifacts" / "load-server.log", "w")  # tracebacks of any error, for the developer
    page_log = ROOT / "test-artifacts" / "load-page-times.tsv"
    page_log.unlink(missing_ok=True)
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "serve.py"), "--server.address", "127.0.0.1",
         "--server.port", str(port), "--server.headless", "true"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "REGIOMONITOR_PAGE_LOG": str(page_log)})
    base = f"http://127.0.0.1:{port}"
    os.nice(19)  # the browsers started from here on run at a lower priority than the server (see the docstring)
    tab_times: list[tuple[str, float]] = []
    socket_times: list[tuple[str, float]] = []
    errors: list[tuple[str, str]] = []
    try:
        for _ in range(300):
            try:
                if urllib.request.urlopen(f"{base}/_stcore/health", timeout=1).status == 200:
                    break
            except OSError:
                await asyncio.sleep(0.1)
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            opened = time.monotonic()
            loop = asyncio.get_running_loop()
            deadline_at, ready = loop.create_future(), [loop.create_future() for _ in range(browsers, sessions)]
            others = [asyncio.create_task(protocol_session(port, 1.0 * n, ready[n - browsers], deadline_at,
                                                           socket_times, errors, n, think))
                      for n in range(browsers, sessions)]
            pages = await asyncio.gather(*(open_session(browser, base, 1.0 * n) for n in range(browsers)))
            await asyncio.gather(*ready)  # every session has opened the dashboard
            print(f"{sessions} sessions ({browsers} in Chromium) opened in {time.monotonic() - opened:.0f} s "
                  f"(one per second)")
            opening_runs = len(page_log.read_text().splitlines()) if page_log.exists() else 0
            deadline = time.monotonic() + seconds
            deadline_at.set_result(deadline)
            await asyncio.gather(*others,
                                 *(walk(page, deadline, tab_times, errors, n, think) for n, page in enumerate(pages)))
            await browser.close()
        memory = peak_memory_mb(server.pid)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    times = tab_times + socket_times
    kinds = ", ".join(f"{n} {kind}" for kind, n in Counter(kind for _, kind in errors).items())
    print(f"{sessions} sessions × {seconds} s, think {think:g} s, {os.cpu_count()} CPUs: {len(times)} pages served, "
          f"{len(errors)} errors{f' ({kinds})' if kinds else ''}")
    for who, mine in (("in Chromium (drawn)", tab_times), ("over the protocol (script finished)", socket_times)):
        ordered = sorted(seconds for _, seconds in mine)
        if ordered:
            print(f"page time {who}: {len(ordered)} pages, p50 {statistics.median(ordered):.2f} s, "
                  f"p95 {p95(ordered):.2f} s, max {ordered[-1]:.2f} s")
    for title in dict.fromkeys(title for _, title, _, _ in PAGES):
        mine = sorted(seconds for name, seconds in times if name == title)
        if mine:
            print(f"  {title:<12} {len(mine):>4} served, p50 {statistics.median(mine):5.2f} s, max {mine[-1]:5.2f} s, "
                  f"{sum(name == title for name, _ in errors)} errors")
    print(f"peak memory of the Streamlit server: {memory:.0f} MB")
    runs = [line.split("\t") for line in page_log.read_text().splitlines()] if page_log.exists() else []
    for phase, part in (("opening", runs[:opening_runs]), ("walking", runs[opening_runs:])):
        scripts = sorted(float(run[1]) for run in part)
        if scripts:
            print(f"server-side page scripts while {phase}: {len(scripts)} runs, p50 {statistics.median(scripts):.0f} ms, "
                  f"p95 {p95(scripts):.0f} ms, max {scripts[-1]:.0f} ms")
    tracebacks = (ROOT / "test-artifacts" / "load-server.log").read_text().count("Traceback")
    print(f"tracebacks in the server log: {tracebacks}")
    for title, kind in errors[:10]:
        print(f"  error: {title}: {kind}")
    return 1 if errors or tracebacks else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--browsers", type=int, default=1, help="how many of the sessions are Chromium tabs")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--think", type=float, default=0.0, help="seconds a session stays on a page (default 0)")
    args = parser.parse_args()
    sys.exit(asyncio.run(main_async(args.sessions, min(args.browsers, args.sessions), args.seconds, args.think)))


if __name__ == "__main__":
    main()
