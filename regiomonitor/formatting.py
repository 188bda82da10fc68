"""Dutch formatting of numbers, periods and text for the dashboard and reports."""

from __future__ import annotations

import re

from regiomonitor.periods import PeriodError, parse_period

MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december"]


def number_nl(value: float | None, decimals: int | None = None) -> str:
    """1234.5 -> '1.234,5'; whole numbers without decimals unless `decimals` is given."""
    if value is None:
        return "–"
    if decimals is None:
        decimals = 0 if float(value).is_integer() else min(2, len(repr(float(value)).split(".")[1]))
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


# Units that add nothing after a number: '12 aantal' reads as '12'; an undecided unit is not shown.
BARE_UNITS = {"aantal", "nog te bepalen", ""}


def value_with_unit(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    unit = unit.strip()
    if unit in BARE_UNITS:
        return number_nl(value)
    if unit.startswith("%"):
        return f"{number_nl(value)}{unit}"
    return f"{number_nl(value)} {unit}"


def period_nl(text: str | None) -> str:
    """'2024-Q3' -> '3e kwartaal 2024', '2024-07' -> 'juli 2024', '2024-07-15' -> '15-07-2024'."""
    if not text:
        return "–"
    try:
        period = parse_period(text)
    except PeriodError:
        return text
    if "-Q" in text:
        return f"{text[-1]}e kwartaal {text[:4]}"
    if len(text) == 7:
        return f"{MONTHS[period.end.month - 1]} {period.end.year}"
    if len(text) == 10:
        return period.end.strftime("%d-%m-%Y")
    return text


def period_range_nl(start: str, end: str) -> str:
    return period_nl(start) if start == end else f"{period_nl(start)} – {period_nl(end)}"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~$:])")


def md_escape(text: str) -> str:
    """Escape text from plan files so Streamlit's Markdown shows it literally (no links, no markup)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
