"""Read measurement CSV files, row by row, reporting bad rows without losing the good ones.

Files come from Excel exports of many organisations. The dialect is decided once per file from the
header line: a `;` separator means a Dutch export, where numbers use a decimal comma (and possibly a
dot for thousands). UTF-8 with or without BOM is accepted. Each bad row is reported with its file
and row number (the header is row 1) and skipped; a row that repeats (indicator, period, area) is
reported together with its twin, and neither is used, because we cannot know which one is right.
Demo rows (data/demo/) are used only for indicators that have no real rows at all.
"""

from __future__ import annotations

import csv
import difflib
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polars as pl

from regiomonitor.core.limits import FIRST_MEASUREMENT_YEAR as EARLIEST_YEAR
from regiomonitor.core.limits import magnitude_problem
from regiomonitor.core.periods import PeriodError, parse_period
from regiomonitor.core.problems import Problem
from regiomonitor.core.safefiles import Refused, read_bytes
from regiomonitor.core.safetext import forbidden_character
from regiomonitor.plan.model import Indicator

COLUMNS = ("indicator", "period", "value", "area", "source", "note")
REQUIRED = ("indicator", "period", "value")
MAX_BYTES = 50_000_000
# A region reports a few thousand rows a quarter. Parsing row by row with a located message per bad row costs
# about 1 kB of memory and 17 µs per row, so one file is capped well below what would strain the dashboard.
MAX_ROWS = 200_000
# All files together: 10 files just under the limit took 95 s and 1.5 GB to check (found by the probe), and an
# Excel sheet holds at most 1,048,576 rows, so the export's Metingen sheet could not hold more anyway.
MAX_TOTAL_ROWS = 1_000_000
SCHEMA = {"indicator": pl.String, "period": pl.String, "period_end": pl.Date, "value": pl.Float64,
          "area": pl.String, "source": pl.String, "note": pl.String, "file": pl.String, "row": pl.Int64,
          "is_demo": pl.Boolean}
_DUTCH_NUMBER = re.compile(r"^[+-]?([0-9]{1,3}(\.[0-9]{3})+|[0-9]+)(,[0-9]+)?$")
_PLAIN_NUMBER = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$")


@dataclass
class Measurements:
    """The good rows of all files, and what was wrong with the others."""

    rows: pl.DataFrame
    problems: list[Problem] = field(default_factory=list)
    benchmarks: pl.DataFrame = field(default_factory=lambda: pl.DataFrame([], schema=SCHEMA))
    """The fed KPI's figures for the Netherlands and the peer regions (area: their name), from the same source."""
    table_titles: dict[str, str] = field(default_factory=dict)
    """The title of each open-data table the feeds were read from (table id → title)."""

    @property
    def demo_in_use(self) -> bool:
        return bool(self.rows["is_demo"].any()) if self.rows.height else False

    def demo_fed(self) -> set[str]:
        """The KPI's whose figures are demo data (a series never mixes demo and real rows)."""
        return set(self.rows.filter(pl.col("is_demo"))["indicator"].to_list()) if self.rows.height else set()


def parse_value(text: str, dutch: bool) -> float:
    """'1.234,5' (Dutch) or '1234.5'; raises ValueError with a plain message."""
    raw = text.strip()
    if raw.lower().lstrip("+-") in ("nan", "inf", "infinity"):
        raise ValueError(f"value '{raw}' is not a finite number")
    if dutch and _DUTCH_NUMBER.match(raw):
        return float(raw.replace(".", "").replace(",", "."))
    if not dutch and _PLAIN_NUMBER.match(raw):
        return float(raw)
    example = "comma, e.g. 12,5" if dutch else "point, e.g. 12.5"
    raise ValueError(f"value '{raw}' is not a number with a decimal {example}")


def _dialect(header: str) -> tuple[str, bool]:
    """(separator, dutch numbers) decided from the header line only."""
    if header.count(";") > header.count(","):
        return ";", True
    return ",", False


_SEP_LINE = re.compile(r'^"?sep=(.)"?,*;*$', re.IGNORECASE)  # Excel's first line naming the separator
_LINE_BREAK = re.compile(r"\r\n|\n|\r")


def _is_skipped(line: str) -> bool:
    """Blank lines and comment lines (starting with #) are not rows: they are skipped and not counted."""
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def _cells(line: str, separator: str) -> list[str]:
    """One line as cells. Each line is read on its own, so a quote that is not closed costs that row, not the rest
    of the file (a field may not span lines)."""
    try:
        return next(csv.reader([line], delimiter=separator, strict=True), [])
    except csv.Error as exc:
        reason = str(exc)
        if reason == "unexpected end of data":
            raise ValueError('a quote (") opens a cell that is not closed on this line: a cell may not span lines') from None
        if "expected after" in reason:
            raise ValueError("text follows the closing quote of a cell: put the whole cell between quotes") from None
        if "field larger than field limit" in reason:
            raise ValueError(f"a cell is longer than {csv.field_size_limit():,} characters") from None
        raise ValueError(f"the line cannot be read as CSV ({reason})") from None


@dataclass
class Reading:
    """What every file of one load shares: the data directory, the plan's indicators, today, the suggestions
    for unknown indicators, and how many rows all files together may still hold."""

    root: Path
    indicators: dict[str, Indicator]
    today: date
    suggest: "Suggestions"
    rows_left: int = field(default_factory=lambda: MAX_TOTAL_ROWS)
    benchmarks: list[dict] = field(default_factory=list)
    table_titles: dict[str, str] = field(default_factory=dict)


class CsvFile:
    """One CSV file of a data folder, read line by line: the dialect from the header (`;` and decimal commas as Dutch
    Excel writes them, or `,`), each bad row reported with its file and row number and skipped. A subclass names
    its columns and reads one row's cells (`record`)."""

    COLUMNS: tuple[str, ...] = COLUMNS
    REQUIRED: tuple[str, ...] = REQUIRED
    WHAT = "measurement files"

    def __init__(self, path: Path, name: str, reading: Reading):
        self.path, self.name, self.reading = path, name, reading
        self.today, self.suggest = reading.today, reading.suggest
        self.problems: list[Problem] = []
        self.rows: list[dict] = []

    def problem(self, row: int, column: str, message: str) -> None:
        self.problems.append(Problem(self.name, row, 0, column, message))

    def read(self) -> None:
        lines = self._lines()
        if lines is None:
            return
        first = 0
        separator = None
        if lines and (declared := _SEP_LINE.match(lines[0].strip())):
            separator, first = declared[1], 1
        if first >= len(lines) or not lines[first].strip():
            self.problem(first + 1, "", "file is empty: expected a header line " + ",".join(self.COLUMNS))
            return
        if separator is None:
            separator = _dialect(lines[first])[0]
        header = self._header(lines[first], first + 1, separator)
        if header is None:
            return
        dutch = separator == ";"
        for number, line in enumerate(lines[first + 1:], start=first + 2):
            if _is_skipped(line):
                continue
            try:
                cells = _cells(line, separator)
            except ValueError as exc:
                self.problem(number, "", str(exc))
                continue
            self._row(number, header, cells, dutch)

    def _lines(self) -> list[str] | None:
        """The file's lines, or None (with the problem reported) when it cannot be read or is too long."""
        try:
            raw = read_bytes(self.path, self.reading.root, MAX_BYTES, self.WHAT)
        except Refused as exc:
            self.problem(1, "", str(exc))
            return None
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            self.problem(line, "", f"file is not UTF-8 (byte 0x{raw[exc.start]:02x}): export it as CSV UTF-8")
            return None
        lines = _LINE_BREAK.split(text)
        if lines and lines[-1] == "":
            lines.pop()
        rows = sum(1 for line in lines[1:] if not _is_skipped(line))
        if rows > MAX_ROWS:
            self.problem(1, "", f"file has {rows:,} rows; {self.WHAT} are limited to {MAX_ROWS:,} "
                                "rows: split it, e.g. per year or per source")
            return None
        if rows > self.reading.rows_left:
            self.problem(1, "", f"file not read: with its {rows:,} rows the {self.WHAT} would hold more than "
                                f"{MAX_TOTAL_ROWS:,} rows together; move old years out of the data directory")
            return None
        self.reading.rows_left -= rows
        return lines

    def _header(self, line: str, number: int, separator: str) -> list[str] | None:
        """The column names, or None (with the problem reported) when the header is not the one we read."""
        try:
            header = [h.strip().lower() for h in _cells(line, separator)]
        except ValueError as exc:
            self.problem(number, "", str(exc))
            return None
        missing = [c for c in self.REQUIRED if c not in header]
        unknown = [h for h in header if h not in self.COLUMNS]
        twice = sorted(h for h, n in Counter(header).items() if n > 1 and h in self.COLUMNS)
        other = next((s for s in ("\t", "|") if set(self.REQUIRED) <= {h.strip().lower() for h in line.split(s)}), None)
        if missing and other:
            shown = "tab" if other == "\t" else f"'{other}'"
            self.problem(number, "", f"the columns are separated by {shown}, "
                                     "which is not supported: save the file as CSV with commas, or with semicolons as "
                                     "Dutch Excel does")
            return None
        if missing or unknown or twice:
            parts = ([f"missing column(s) {', '.join(missing)}"] if missing else []) + (
                [f"unknown column(s) {', '.join(unknown)}"] if unknown else []) + (
                [f"column(s) {', '.join(twice)} appear more than once"] if twice else [])
            self.problem(number, "", "; ".join(parts) + f" (expected: {', '.join(self.COLUMNS)}; separator '{separator}')")
            return None
        return header

    def _row(self, row: int, header: list[str], cells: list[str], dutch: bool) -> None:
        if all(not c.strip() for c in cells):
            return  # a line of empty cells (',,,,,'), as spreadsheets write below the data
        if len(cells) != len(header):
            self.problem(row, "", f"has {len(cells)} cells, the header has {len(header)}")
            return
        record = {h: c.strip() for h, c in zip(header, cells)}
        for column, text in record.items():
            if bad := forbidden_character(text):
                self.problem(row, column, bad)
                return
        self.record(row, record, dutch)

    def record(self, row: int, record: dict[str, str], dutch: bool) -> None:
        raise NotImplementedError


class FileReader(CsvFile):
    """A measurement file: `indicator, period, value, area, source, note`."""

    def __init__(self, path: Path, name: str, is_demo: bool, reading: Reading):
        super().__init__(path, name, reading)
        self.is_demo, self.indicators = is_demo, reading.indicators

    def record(self, row: int, record: dict[str, str], dutch: bool) -> None:
        indicator = self.indicators.get(record["indicator"])
        if indicator is None:
            self.problem(row, "indicator", f"unknown indicator '{record['indicator']}'"
                                           + self.suggest(record["indicator"]))
            return
        try:
            period = parse_period(record["period"])
        except PeriodError as exc:
            self.problem(row, "period", str(exc))
            return
        if period.end.year < EARLIEST_YEAR:
            self.problem(row, "period", f"period {period.text} is before {EARLIEST_YEAR}: check the year")
            return
        if period.start > self.today:
            self.problem(row, "period", f"period {period.text} lies in the future")
            return
        try:
            value = parse_value(record["value"], dutch)
        except ValueError as exc:
            self.problem(row, "value", str(exc))
            return
        if not math.isfinite(value):
            self.problem(row, "value", f"value '{record['value']}' is not a finite number")
            return
        if magnitude_problem(value):
            self.problem(row, "value", f"value {magnitude_problem(value)}")
            return
        if outside := outside_range(indicator, value):
            self.problem(row, "value", f"value {record['value']} {outside}")
            return
        self.rows.append({"indicator": indicator.id, "period": period.text, "period_end": period.end, "value": value,
                          "area": record.get("area") or None, "source": record.get("source") or None,
                          "note": record.get("note") or None, "file": self.name, "row": row,
                          "is_demo": self.is_demo})


class Suggestions:
    """'; did you mean 'zorg-wachttijd'?' for a near miss (a capital, a typo, an invisible character).

    Fuzzy matching costs milliseconds per name, and a hostile file can hold 200,000 unknown names (found by the
    probe: eight minutes): each name is looked at once, and only the first FUZZY_BUDGET names get a fuzzy match."""

    FUZZY_BUDGET = 50

    def __init__(self, known: dict, unreadable: tuple[str, ...] = ()):
        self.known = list(known)
        self.folded = {k.casefold(): k for k in known}
        self.seen: dict[str, str] = {}
        # Theme files that could not be read: their indicators are unknown for now, not wrong.
        self.elsewhere = (f" (it may be defined in {', '.join(unreadable)}, which could not be read: see the plan's "
                          "errors)") if unreadable else ""

    def __call__(self, name: str) -> str:
        if name not in self.seen:
            close = self.folded.get(name.strip().casefold())
            if close is None and len(self.seen) < self.FUZZY_BUDGET:
                close = next(iter(difflib.get_close_matches(name, self.known, n=1)), None)
            self.seen[name] = f"; did you mean '{close}'?" if close else self.elsewhere
        return self.seen[name]


def outside_range(indicator: Indicator, value: float) -> str | None:
    """'is outside the range of zorg-wachttijd (0 to 5000)' when `value` lies outside the KPI's valid_range."""
    bounds = indicator.valid_range
    if bounds and ((bounds.min is not None and value < bounds.min) or (bounds.max is not None and value > bounds.max)):
        return f"is outside the range of {indicator.id} ({_bound(bounds.min)} to {_bound(bounds.max)})"
    return None


def _bound(value: float | None) -> str:
    return "…" if value is None else f"{value:g}"
