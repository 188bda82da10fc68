"""Benchmark the quarterly committee pack on the real plan with the data in data/ (real and demo).

Times the full pack for all themes (every format), then a single chart (PNG 1600×900) after warm-up with the
browser already running. Run: `.venv/bin/python bench/export.py`. Targets (issue 5): full pack < 60 s on a
2-core machine; one chart < 0.5 s after warm-up.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from regiomonitor.core.periods import Quarter  # noqa: E402
from regiomonitor.engine.progress import Progress  # noqa: E402
from regiomonitor.engine.snapshot import quarter_snapshot  # noqa: E402
from regiomonitor.export import figures, run_export  # noqa: E402
from regiomonitor.export.images import ChartRenderer  # noqa: E402
from regiomonitor.export.pack import build_pack  # noqa: E402
from regiomonitor.plan.load import load_plan  # noqa: E402

QUARTER = Quarter.parse("2026-Q3")


def main() -> None:
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    loaded = load_plan(ROOT / "plan")
    started = time.perf_counter()
    progress = Progress.build(loaded, ROOT / "data")
    with tempfile.TemporaryDirectory() as out:
        result = run_export(quarter_snapshot(progress, QUARTER), QUARTER, ROOT / "data", Path(out))
        total = time.perf_counter() - started
        sizes = {p.suffix: p.stat().st_size for p in result.files if p.parent == Path(out)}
    charts = sum(1 for p in result.files if p.parent.name == "grafieken")
    print(f"Full pack, all themes, all formats: {total:.1f} s ({len(result.files)} files, {charts} chart images)")
    print("  sizes: " + ", ".join(f"{k[1:]} {v / 1e6:.1f} MB" for k, v in sorted(sizes.items())))
    for message in result.messages:  # e.g. charts left out: then the time above is not that of a full pack
        print(f"  message: {message}")

    snapshot = quarter_snapshot(progress, QUARTER)
    pack = build_pack(snapshot, QUARTER, ROOT / "data")
    _, indicator_figs = figures(snapshot, pack)
    fig = next(iter(indicator_figs.values()))
    with ChartRenderer() as renderer:
        renderer.image(fig, "png")  # warm-up
        times = []
        for _ in range(10):
            t = time.perf_counter()
            renderer.image(fig, "png")
            times.append(time.perf_counter() - t)
    print(f"One chart (PNG 1600×900) after warm-up: median {statistics.median(times):.2f} s, "
          f"max {max(times):.2f} s (10 runs)")


if __name__ == "__main__":
    main()
