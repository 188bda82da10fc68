"""Benchmark the progress engine on synthetic plans of 1x, 10x and 100x the real plan's indicators.

Each synthetic indicator gets quarterly measurements 2024-Q1 .. 2026-Q3 for the region, every gemeente
and ten wijken. Prints the median of several runs for: building the DuckDB database, the status of all
indicators as of 30-09-2026 and the full quarterly history (the command line's on-demand path), the snapshot
of every quarter from the plan's start to 2026-Q3 (engine/snapshot.py) and the dashboard prepared from it
(present/dashboard.py): what the app builds once per data version. Every run starts from a fresh Progress,
so nothing is answered from a memo. Run: `.venv/bin/python bench/progress.py`. Target (issue 13): snapshot and
dashboard at 100x in <= 5 s together.
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import date
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from regiomonitor.core.periods import Quarter, parse_period  # noqa: E402
from regiomonitor.data.demo import QUARTERS  # noqa: E402
from regiomonitor.data.measurements import SCHEMA, Measurements  # noqa: E402
from regiomonitor.engine.db import build_database  # noqa: E402
from regiomonitor.engine.progress import Progress  # noqa: E402
from regiomonitor.engine.snapshot import build_snapshot  # noqa: E402
from regiomonitor.plan.load import load_plan  # noqa: E402
from regiomonitor.present.dashboard import build_dashboard  # noqa: E402

AS_OF = date(2026, 9, 30)
LAST = Quarter.of(AS_OF)
WIJKEN = [f"wijk-{k:02d}" for k in range(10)]


def scaled_plan(factor: int):
    loaded = load_plan(ROOT / "plan")
    for theme_id, theme in list(loaded.themes.items()):
        copies = [ind.model_copy(update={"id": f"{ind.id}-x{k}"}) for k in range(factor) for ind in theme.indicators]
        loaded.themes[theme_id] = theme.model_copy(update={"indicators": copies})
    return loaded


def measurements_for(loaded) -> Measurements:
    areas = [None, *loaded.plan.municipalities, *WIJKEN]
    ids, periods, values, area_col = [], [], [], []
    for theme in loaded.themes.values():
        for n, ind in enumerate(theme.indicators):
            for q, quarter in enumerate(QUARTERS):
                for a, area in enumerate(areas):
                    ids.append(ind.id)
                    periods.append(quarter)
                    values.append(50.0 + (n % 7) + q * 0.5 + a * 0.1)
                    area_col.append(area)
    ends = {q: parse_period(q).end for q in QUARTERS}
    frame = pl.DataFrame({
        "indicator": ids, "period": periods, "period_end": [ends[p] for p in periods], "value": values,
        "area": area_col, "source": ["bench"] * len(ids), "note": [None] * len(ids), "file": ["bench"] * len(ids),
        "row": list(range(len(ids))), "is_demo": [False] * len(ids)}, schema=SCHEMA)
    return Measurements(rows=frame)


FLOOR_MS = 0.1  # nothing this engine computes takes less: a faster run answered from a memo


def median_ms(action, repeat: int) -> float:
    """The median of `repeat` timed runs after a warm-up. Each run must compute (the actions below make fresh
    objects); a run under FLOOR_MS can only be a memoised answer, and the benchmark refuses to print it."""
    action()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    if min(times) < FLOOR_MS:
        raise SystemExit(f"a run took {min(times):.3f} ms: that is a memoised result, not a measurement")
    return statistics.median(times)


def main() -> None:
    print("| plan | indicators | measurement rows | database (ms) | status (ms) | history (ms) | quarters "
          "| snapshot (ms) | dashboard (ms) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for factor in (1, 10, 100):
        loaded = scaled_plan(factor)
        measurements = measurements_for(loaded)
        count = sum(len(t.indicators) for t in loaded.themes.values())
        repeat = 7 if factor < 100 else 3
        build = median_ms(lambda: build_database(loaded, measurements).close(), repeat)
        con = build_database(loaded, measurements)
        fresh = lambda: Progress(loaded, measurements, con)  # noqa: E731  (no memo: each run computes)
        status = median_ms(lambda: fresh().status(AS_OF), repeat)
        history = median_ms(lambda: fresh().history(AS_OF), repeat)
        quarters = fresh().history(AS_OF)["as_of"].n_unique()
        snapshot = median_ms(lambda: build_snapshot(fresh(), LAST), repeat)
        built = build_snapshot(fresh(), LAST)
        dashboard = median_ms(lambda: build_dashboard(built), repeat)
        print(f"| {factor}x | {count:,} | {measurements.rows.height:,} | {build:,.0f} | {status:,.0f} | "
              f"{history:,.0f} | {quarters} | {snapshot:,.0f} | {dashboard:,.0f} |")


if __name__ == "__main__":
    main()
