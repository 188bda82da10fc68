"""The ranges of values Regiomonitor can reason about, in one place.

A value outside them is refused where it enters (the plan schema, a measurement row, a command-line option)
with a message, instead of reaching the engine: a baseline in year 0001 would make the quarterly history
half a million rows, a value of 1e308 overflows to infinity in the first subtraction.
"""

from __future__ import annotations

# Plan periods (baselines, targets, werkagenda, the plan's own period) and dates on the command line.
FIRST_YEAR = 1990
LAST_YEAR = 2100
# A measurement before this year is almost always a typo in the year (measurement files are recent data).
FIRST_MEASUREMENT_YEAR = 2000
# The largest magnitude of any figure in a plan or measurement: far above any count or amount of money in a
# region (10^15). And the smallest non-zero one (10^-9): no regional figure is that precise, and with both
# bounds every difference, share, ratio and trend the engine derives stays finite (found by the property tests:
# a baseline of 1e-320 made a realised share of -infinity).
MAX_MAGNITUDE = 1e15
MIN_MAGNITUDE = 1e-9
# Ages in months and page numbers: counts a person writes, bounded so that date arithmetic cannot overflow.
MAX_MONTHS = 1200
MAX_PAGE = 100_000


def year_problem(year: int) -> str | None:
    """Why a year cannot be a plan period or date, or None when it can."""
    if FIRST_YEAR <= year <= LAST_YEAR:
        return None
    return f"year {year:04d} is outside the years Regiomonitor works with ({FIRST_YEAR}–{LAST_YEAR})"


def magnitude_problem(value: float) -> str | None:
    """Why a finite number is too large, or too close to zero, to work with; None when it is fine."""
    if abs(value) > MAX_MAGNITUDE:
        return too_large(f"{value:.3g}")
    if 0 < abs(value) < MIN_MAGNITUDE:
        return f"{value:.3g} is closer to zero than Regiomonitor works with: write 0, or at least 0.000000001 either way"
    return None


def too_large(shown: str) -> str:
    return f"{shown} is larger than Regiomonitor works with (at most {MAX_MAGNITUDE:,.0f} either way)"
