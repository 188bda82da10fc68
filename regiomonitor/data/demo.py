"""Deterministic demo measurements, so the dashboard can be shown before real data arrives.

Demo rows live in `data/demo/`, carry source `demo`, and every page and export says when they are in
use. They start at the plan's baselines (or, where the plan gives none, at a reference figure it
does give) and follow a scenario chosen by the indicator's position in the plan, so that every status
of the methodology occurs: on course, moderate and limited progress, worsening, reached and missed
targets, improving, stable and worsening trends, norms met and not met, stale series and no data.
The same plan always gives the same file.
"""

from __future__ import annotations

import csv
import io
import random
from datetime import date

from regiomonitor.core.periods import parse_period
from regiomonitor.plan.figures import Value
from regiomonitor.plan.load import LoadedPlan
from regiomonitor.plan.model import Indicator

QUARTERS = [f"{year}-Q{q}" for year in (2024, 2025, 2026) for q in (1, 2, 3, 4)][:11]  # 2024-Q1 … 2026-Q3
DEMO_FILE = "demo-measurements.csv"
# Multipliers of the expected progress, per quarter: how far along the straight line to the target a
# series is. One list per target scenario; each passes through several statuses over time.
TARGET_SCENARIOS = [
    [1.1] * 6 + [0.8] * 5,                    # op koers, later matige voortgang
    [0.4] * 5 + [-0.3] * 6,                   # beperkte voortgang, later verslechterd
    [1.3] * 4 + [0.5] * 7,                    # behaald, later niet behaald (after the target date)
]
TREND_PER_YEAR = [0.04, 0.0, -0.04]           # improving, stable, worsening: share of the start value per year


def _start_value(ind: Indicator, position: int) -> float:
    if isinstance(ind.baseline, Value):
        return ind.baseline.value
    for figure in ind.comparisons:
        return figure.value
    if ind.norm is not None:
        return ind.norm.min if ind.norm.min is not None else ind.norm.max
    if isinstance(ind.target, Value):
        # Halfway to (or twice) the target: a plausible place to start from.
        return ind.target.value * (0.5 if ind.direction == "higher_is_better" else 2.0)
    # No reference figure at all: a plausible size for the unit (a waiting time of months, not 100 months), else
    # 100 units; every fifth one 0, for which a trend cannot be judged.
    if position % 5 == 4:
        return 0.0
    unit = ind.unit.strip().lower()
    return next((start for word, start in TYPICAL_START.items() if word in unit), 100.0)


TYPICAL_START = {"maand": 6.0, "week": 8.0, "weken": 8.0, "dag": 30.0, "minu": 15.0, "%": 50.0}
"""A plausible first value for a KPI without any figure in the plan, by a word of its unit."""


def is_count(ind: Indicator) -> bool:
    """A KPI that counts things: its demo values are whole numbers."""
    return ind.unit.strip().lower().startswith(("aantal", "count"))


def _years(period: str, since: date) -> float:
    return (parse_period(period).end - since).days / 365.25


def _clamp(ind: Indicator, value: float) -> float:
    low = ind.valid_range.min if ind.valid_range and ind.valid_range.min is not None else None
    high = ind.valid_range.max if ind.valid_range and ind.valid_range.max is not None else None
    if ind.unit.strip() == "%":
        low, high = 0.0 if low is None else low, 100.0 if high is None else high
    if low is not None:
        value = max(low, value)
    if high is not None:
        value = min(high, value)
    return float(round(value)) if is_count(ind) else round(value, 1)


def _target_series(ind: Indicator, start: float, scenario: list[float]) -> list[float]:
    target = ind.target
    t0 = parse_period(QUARTERS[0]).end if not isinstance(ind.baseline, Value) else ind.baseline.period.end
    t1 = target.period.end
    values = []
    for quarter, multiplier in zip(QUARTERS, scenario):
        t = parse_period(quarter).end
        share = min(1.0, max(0.0, (t - t0).days / (t1 - t0).days))
        values.append(start + multiplier * share * (target.value - start))
    if not isinstance(ind.baseline, Value):
        values[0] = start  # the first measurement becomes the baseline
    return values


def _norm_series(ind: Indicator, meets: bool, rng: random.Random) -> list[float]:
    """Within the norm (`meets`) or outside it in the latest quarters, and on the other side of it in the first
    half: a norm that slips, or one that is reached, as happens."""
    norm = ind.norm
    bound, inward = (norm.min, 1.0) if norm.min is not None else (norm.max, -1.0)
    half = len(QUARTERS) // 2
    return [bound + (2.0 if meets == (n >= half) else -2.0) * inward + rng.uniform(-0.5, 0.5)
            for n, _ in enumerate(QUARTERS)]


def _trend_series(ind: Indicator, start: float, slope_share: float, rng: random.Random) -> list[float]:
    sign = 1 if ind.direction == "higher_is_better" else -1
    since = ind.baseline.period.end if isinstance(ind.baseline, Value) else parse_period(QUARTERS[0]).end
    slope = sign * slope_share * abs(start)
    noise = 0.002 * abs(start)
    return [start + slope * max(0.0, _years(q, since)) + rng.uniform(-noise, noise) for q in QUARTERS]


def _series(ind: Indicator, position: int, counters: dict[str, int]) -> tuple[list[float], int]:
    """The values of one indicator and how many quarters it reports (fewer: a stale series; 0: no data)."""
    rng = random.Random(ind.id)
    start = _start_value(ind, position)
    if ind.direction == "within_norm" or (ind.norm is not None and not isinstance(ind.target, Value)):
        counters["norm"] += 1
        return _norm_series(ind, counters["norm"] % 2 == 0, rng), len(QUARTERS)
    if isinstance(ind.target, Value):
        counters["target"] += 1
        return _target_series(ind, start, TARGET_SCENARIOS[(counters["target"] - 1) % len(TARGET_SCENARIOS)]), len(QUARTERS)
    counters["trend"] += 1
    trend = counters["trend"]
    values = _trend_series(ind, start, TREND_PER_YEAR[trend % len(TREND_PER_YEAR)], rng)
    reported = 0 if trend % 9 == 8 else 2 if trend % 7 == 6 else len(QUARTERS)
    return values, reported


def demo_rows(loaded: LoadedPlan) -> list[dict]:
    """Quarterly demo rows 2024-Q1 … 2026-Q3 for the plan's indicators, region level and per gemeente."""
    rows = []
    counters = {"target": 0, "trend": 0, "norm": 0}
    municipalities = loaded.plan.municipalities if loaded.plan else []
    indicators = [i for t in loaded.theme_ids if t in loaded.themes for i in loaded.themes[t].indicators]
    for position, ind in enumerate(indicators):
        values, reported = _series(ind, position, counters)
        for quarter, value in list(zip(QUARTERS, values))[:reported]:
            rows.append({"indicator": ind.id, "period": quarter, "value": _clamp(ind, value), "area": ""})
            if ind.geo_level == "gemeente":
                for k, municipality in enumerate(municipalities):
                    spread = 1 + 0.08 * (k - len(municipalities) / 2) / max(1, len(municipalities))
                    rows.append({"indicator": ind.id, "period": quarter, "value": _clamp(ind, value * spread),
                                 "area": municipality})
    return rows


def render_demo_csv(loaded: LoadedPlan) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["indicator", "period", "value", "area", "source", "note"])
    for row in demo_rows(loaded):
        writer.writerow([row["indicator"], row["period"], f"{row['value']:.1f}", row["area"], "demo",
                         "gegenereerde demodata"])
    return out.getvalue()
