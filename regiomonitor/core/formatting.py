"""Dutch formatting of numbers, periods and text for the dashboard and reports."""

from __future__ import annotations

import math
from functools import lru_cache

from regiomonitor.core.periods import PeriodError, Quarter, parse_period

MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december"]


# The three formatters are pure and are called for every row of every quarter of the snapshot, with few distinct
# arguments: each distinct call is worked out once.
@lru_cache(maxsize=1 << 16)
def number_nl(value: float | None, decimals: int | None = None) -> str:
    """1234.5 -> '1.234,5'; whole numbers without decimals, others with at most two, unless `decimals` is given.
    Small values keep two significant digits (0.0012 -> '0,0012', not '0,00'); below 10^-6 and from 10^15 the
    notation is scientific ('1e-07', '1,2e+20'). Every finite float has a text; a value that is not one reads '–'."""
    if value is None or not math.isfinite(value):
        return "–"
    value = float(value) or 0.0  # -0.0 reads 0
    if abs(value) >= 1e15 or 0 < abs(value) < 1e-6:
        return f"{value:.2g}".replace(".", ",")
    if decimals is None and 0 < abs(value) < 0.01:
        return f"{value:.{1 - math.floor(math.log10(abs(value)))}f}".rstrip("0").replace(".", ",")
    if decimals is None:
        decimals = 0 if value.is_integer() else 1 if round(value, 1) == round(value, 2) else 2
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


# Units that add nothing after a number: '12 aantal' reads as '12'; an undecided unit is not shown.
BARE_UNITS = {"aantal", "nog te bepalen", ""}
COUNT_PREFIX = "aantal "


@lru_cache(maxsize=1 << 16)
def value_with_unit(value: float | None, unit: str, decimals: int | None = None) -> str:
    """'55,9%', '12 inzetten'; `decimals` fixes the decimals, so that figures side by side read alike."""
    if value is None:
        return "–"
    unit = unit.strip()
    number = number_nl(value, decimals)
    if unit in BARE_UNITS:
        return number
    if unit.startswith("%"):
        return f"{number}{unit}"
    if unit.startswith(COUNT_PREFIX):  # 'aantal inzetten': '12 inzetten'
        unit = unit[len(COUNT_PREFIX):]
    return f"{number} {unit}"


@lru_cache(maxsize=1 << 12)
def period_nl(text: str | None) -> str:
    """'2024-Q3' -> '3e kwartaal 2024', '2024-07' -> 'juli 2024', '2024-07-15' -> '15-07-2024'."""
    if not text:
        return "–"
    try:
        period = parse_period(text)
    except PeriodError:
        return text
    if "-Q" in text:
        return Quarter.parse(text.strip()).label
    if len(text) == 7:
        return f"{MONTHS[period.end.month - 1]} {period.end.year}"
    if len(text) == 10:
        return period.end.strftime("%d-%m-%Y")
    return text


def period_range_nl(start: str | None, end: str | None) -> str:
    """'2024 – 2026'; one side when the plan gives only one ('vanaf 2024', 'tot en met 2026'); '–' for none."""
    if start is None or end is None:
        return f"vanaf {period_nl(start)}" if start else f"tot en met {period_nl(end)}" if end else "–"
    return period_nl(start) if start == end else f"{period_nl(start)} – {period_nl(end)}"


def count_nl(n: int, one: str, many: str) -> str:
    """'1 dag', '3 dagen', '0 fouten': a count with the Dutch singular or plural, never 'dag(en)'."""
    return f"{n} {one if n == 1 else many}"
