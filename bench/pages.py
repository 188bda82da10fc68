"""Benchmark the dashboard: each page's script time after warm-up, and how long the app takes to start serving.

Runs on the real plan (plan/) with the data in data/ (real and demo measurements), as the dashboard does by
default. Page scripts run in-process through Streamlit's AppTest; the time reported is that of the page
script itself (measured around `page.run()` in ui.app_state.run_app), and, for reference, the
whole AppTest round trip. Start-up: `streamlit run app.py` until /_stcore/health answers.

`--scale N` runs the pages on the real plan with every KPI N times (bench/progress.py's synthetic plan and
measurements, 11,880 rows per 60 KPI's): the page view must not grow with the plan, because the work is done
once, when the dashboard is prepared (regiomonitor/present/dashboard.py). The first run's time includes that
preparation.

Run: `.venv/bin/python bench/pages.py [--scale N]`. Targets (issue 13): every page's script median <= 50 ms
after warm-up, at 1x and at 100x; start-up < 3 s.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from ui.app_state import PAGE_TIMES, PAGES  # noqa: E402

RUNS = 10
TARGET_MS = 50
# A realistic deep link per page: the largest theme and a KPI with real data.
PARAMS = {"thema": {"thema": "acute-zorg"}, "indicator": {"kpi": "acute-zorg-hap-telefonische-bereikbaarheid"}}


def use_scaled_plan(factor: int) -> None:
    """Make the app load bench/progress.py's plan of `factor` times the KPI's, with its measurements."""
    sys.path.insert(0, str(ROOT / "bench"))
    from progress import measurements_for, scaled_plan

    import ui.app_state
    from regiomonitor.engine.db import build_database
    from regiomonitor.engine.progress import Progress

    loaded = scaled_plan(factor)
    measurements = measurements_for(loaded)
    ui.app_state.load_plan = lambda directory: loaded
    ui.app_state.Progress = type("ScaledProgress", (Progress,), {"build": classmethod(
        lambda cls, plan, data_dir, today=None: Progress(plan, measurements, build_database(plan, measurements)))})
    PARAMS["indicator"] = {"kpi": f"{PARAMS['indicator']['kpi']}-x0"}


def page_times() -> tuple[float, list[tuple[str, float, float, float]]]:
    results, cold = [], None
    for path, title, _, url in PAGES:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        for key, value in {"kwartaal": "2026-Q3", **PARAMS.get(url, {})}.items():
            at.query_params[key] = value
        at.run()
        if cold is None:  # the very first run loads the plan and the data and builds DuckDB
            cold = PAGE_TIMES[-1][1]
        at.switch_page(path).run()  # warm-up
        assert not at.exception, f"{title}: {at.exception}"
        script, total = [], []
        for _ in range(RUNS):
            started = time.perf_counter()
            at.run()
            total.append(1000 * (time.perf_counter() - started))
            script.append(PAGE_TIMES[-1][1])
            assert PAGE_TIMES[-1][0] == url, PAGE_TIMES[-1]
        results.append((title, statistics.median(script), max(script), statistics.median(total)))
    return cold, results


def start_up_seconds() -> float:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "serve.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=os.environ.copy())
    try:
        while True:
            try:
                if urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1).status == 200:
                    return time.perf_counter() - started
            except OSError:
                if time.perf_counter() - started > 60:
                    raise RuntimeError("the app did not start within 60 s") from None
                time.sleep(0.02)
    finally:
        process.terminate()
        process.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1, help="every KPI this many times (default 1: the real plan)")
    scale = parser.parse_args().scale
    if scale > 1:
        use_scaled_plan(scale)
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, plan {scale}x")
    print(f"{'Pagina':<14} {'script mediaan':>15} {'script max':>11} {'AppTest mediaan':>16}   (ms, {RUNS} runs)")
    cold, results = page_times()
    for title, median, worst, total in results:
        flag = "" if median <= TARGET_MS else f"  > {TARGET_MS} ms!"
        print(f"{title:<14} {median:>15.0f} {worst:>11.0f} {total:>16.0f}{flag}")
    print(f"First page run in a fresh process (loads plan and data, prepares the dashboard): {cold:.0f} ms")
    if scale > 1:
        return
    starts = [start_up_seconds() for _ in range(3)]
    print(f"Start-up until serving: median {statistics.median(starts):.2f} s, max {max(starts):.2f} s (3 starts)")


if __name__ == "__main__":
    main()
