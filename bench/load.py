"""Load test: 20 browser sessions walk through every page of the dashboard for 60 seconds.

One Chromium (Debian's, through Playwright), 20 browser contexts, each its own Streamlit session: each opens
the dashboard once and then visits the pages in turn through the sidebar. A page counts as served when its
title is drawn (page time: from the click to the title); an error is an
exception box, a "page not found" dialog or a timeout. Reports pages served, errors, p50/p95 page time and the
peak memory (VmHWM) of the Streamlit server. Run: `.venv/bin/python bench/load.py [--sessions 20] [--seconds 60]`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.async_api import TimeoutError as PlaywrightTimeout  # noqa: E402

from regiomonitor.app_state import PAGES  # noqa: E402
from regiomonitor.plan import load_plan  # noqa: E402
from tests.browser import CHROMIUM_ARGS, free_port  # noqa: E402


def peak_memory_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


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


async def walk(page, deadline: float, times: list[tuple[str, float]], errors: list[str], timeouts: list[str],
               offset: int) -> None:
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
            failed = await page.locator('[data-testid="stException"]').count()
            if failed or await page.get_by_text("Page not found").count():
                errors.append(f"{title}: error shown")
                continue
            times.append((title, time.monotonic() - started))
        except PlaywrightTimeout:  # the title was not drawn within 60 s: counted apart from errors, and reported
            timeouts.append(title)
        except Exception as exc:  # anything else counts as an error, and the walk goes on
            errors.append(f"{title}: {type(exc).__name__}")
    await page.context.close()


async def main_async(sessions: int, seconds: int) -> None:

    from playwright.async_api import async_playwright

    port = free_port()
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    log = open(ROOT / "test-artifacts" / "load-server.log", "w")  # tracebacks of any error, for the developer
    page_log = ROOT / "test-artifacts" / "load-page-times.tsv"
    page_log.unlink(missing_ok=True)
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.address", "127.0.0.1",
         "--server.port", str(port), "--server.headless", "true"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "REGIOMONITOR_PAGE_LOG": str(page_log)})
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if urllib.request.urlopen(f"{base}/_stcore/health", timeout=1).status == 200:
                    break
            except OSError:
                await asyncio.sleep(0.1)
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            times: list[tuple[str, float]] = []
            errors: list[str] = []
            timeouts: list[str] = []
            opened = time.monotonic()
            pages = await asyncio.gather(*(open_session(browser, base, 1.0 * n) for n in range(sessions)))
            print(f"{sessions} sessions opened in {time.monotonic() - opened:.0f} s (one per second)")
            deadline = time.monotonic() + seconds
            await asyncio.gather(*(walk(page, deadline, times, errors, timeouts, n) for n, page in enumerate(pages)))
            await browser.close()
        memory = peak_memory_mb(server.pid)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    ordered = sorted(seconds for _, seconds in times)
    p95 = ordered[int(0.95 * (len(ordered) - 1))] if ordered else float("nan")
    print(f"{sessions} sessions × {seconds} s, {os.cpu_count()} CPUs: {len(times)} pages served, {len(errors)} errors "
          f"(exception or page not found), {len(timeouts)} timeouts (title not drawn within 60 s)")
    if ordered:
        print(f"page time p50 {statistics.median(ordered):.2f} s, p95 {p95:.2f} s, max {ordered[-1]:.2f} s")
    for title in dict.fromkeys(title for _, title, _, _ in PAGES):
        mine = sorted(seconds for name, seconds in times if name == title)
        if mine:
            print(f"  {title:<12} {len(mine):>4} served, p50 {statistics.median(mine):5.2f} s, max {mine[-1]:5.2f} s, "
                  f"{timeouts.count(title)} timeouts")
    print(f"peak memory of the Streamlit server: {memory:.0f} MB")
    scripts = sorted(float(line.split("\t")[1]) for line in page_log.read_text().splitlines()) if page_log.exists() else []
    if scripts:
        print(f"server-side page script time: p50 {statistics.median(scripts):.0f} ms, "
              f"p95 {scripts[int(0.95 * (len(scripts) - 1))]:.0f} ms ({len(scripts)} script runs)")
    tracebacks = (ROOT / "test-artifacts" / "load-server.log").read_text().count("Traceback")
    print(f"tracebacks in the server log: {tracebacks}")
    for error in errors[:10]:
        print("  error:", error)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    args = parser.parse_args()
    asyncio.run(main_async(args.sessions, args.seconds))


if __name__ == "__main__":
    main()
