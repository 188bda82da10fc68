"""Benchmark `fetch` against the local CBS server: how long one feed takes when the table is large and paged.

A table in the shape of "Gezondheid per wijk en buurt" with every gemeente and wijk of the Netherlands (about
3,600 areas) and 12 periods: the region's selection (its gemeenten, wijken, peers and NL01) is small, but the whole
dimension list is read for the metadata, and a selection without a filter would be paged in pages of CBS's 10,000
records. Three measurements, side by side, median of 5 runs each:

  1. the Kennemerland feed of that table (metadata + one filtered request + weights),
  2. the same with a page size of 100 (many nextLinks: what the paging costs),
  3. paging the whole table (43,200 records) without a filter, in pages of 10,000.

Run: `.venv/bin/python bench/fetch.py`. The server runs in the same process (a thread), so the times include both
sides; the ratio of 1 to 3 says what the filter saves.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from regiomonitor.feeds.fetch import run_fetch  # noqa: E402
from regiomonitor.feeds.odata import Table  # noqa: E402
from regiomonitor.feeds.transport import Http  # noqa: E402
from regiomonitor.plan.load import load_plan  # noqa: E402
from tests.cbs_server import load_tables, serving  # noqa: E402

RUNS = 5
TODAY = date(2026, 11, 30)


def big_table() -> dict:
    """50120NED's shape with ~3,600 areas (all gemeenten GM0001-GM0400 with 8 wijken each) and 12 periods."""
    tables = load_tables()
    real = tables[("dataderden", "50120NED")]
    rng = random.Random(17)
    areas = list(real["dimensions"]["WijkenEnBuurten"])
    known = {a["Key"].strip() for a in areas}
    for n in range(1, 401):
        code = f"GM{n:04d}"
        if code not in known:
            areas.append({"Key": code.ljust(10), "Title": f"Gemeente {n}"})
        areas += [{"Key": f"WK{n:04d}{w:02d}".ljust(10), "Title": f"Wijk {w}"} for w in range(1, 9)]
    periods = [f"{y}JJ00" for y in range(2011, 2023)]
    measure = "EenOfMeerLangdurigeAandoeningen_16"
    rows = [{"ID": i, "Leeftijd": "20300", "Marges": "MW00000  ", "WijkenEnBuurten": a["Key"], "Perioden": p,
             measure: float(rng.randint(40, 65))} for i, (a, p) in enumerate((a, p) for a in areas for p in periods)]
    return {**real, "dimensions": {**real["dimensions"], "WijkenEnBuurten": areas,
                                   "Perioden": [{"Key": p, "Title": p[:4]} for p in periods]}, "TypedDataSet": rows}


class Counting:
    """The transport with a count of the bytes it received: what a slow network would pay for."""

    def __init__(self, inner):
        self.inner, self.bytes = inner, 0

    def get(self, url):
        response = self.inner.get(url)
        self.bytes += len(response.body)
        return response


def timed(run) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    tables = load_tables()
    tables[("dataderden", "50120NED")] = big_table()
    records = len(tables[("dataderden", "50120NED")]["TypedDataSet"])
    loaded = load_plan(ROOT / "plan")
    one = ["gezondheidsverschillen-chronisch-zieken"]
    with tempfile.TemporaryDirectory() as scratch:
        results, sizes = [], []
        for page_size in (10_000, 100):
            with serving(tables, page_size=page_size) as server:
                http = Counting(Http(redirect=server.url))
                results.append(timed(lambda: run_fetch(loaded, Path(scratch) / "data", http, TODAY, one,
                                                       dry_run=True)))
                sizes.append(http.bytes / RUNS)
        with serving(tables) as server:
            http = Counting(Http(redirect=server.url))
            table = Table(http, "https://dataderden.cbs.nl/ODataApi/odata", "50120NED")
            results.append(timed(lambda: table.get("TypedDataSet")))
            sizes.append(http.bytes / RUNS)
    print(f"table: {records:,} records; median of {RUNS} runs; MB received per run")
    names = ("1. Kennemerland's feed (filtered, pages of 10,000)", "2. the same in pages of 100 (many nextLinks)",
             "3. the whole table, unfiltered, pages of 10,000")
    for name, seconds, size in zip(names, results, sizes):
        print(f"{name:<52} {seconds:5.2f} s  {seconds / results[0]:4.1f}x  {size / 1e6:6.2f} MB")


if __name__ == "__main__":
    main()
