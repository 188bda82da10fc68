"""Reporting periods: a year, a quarter, a month or a day, written as the plan and the data write them.

A period counts at its last day (a measurement for 2024-Q3 is the value on 30-09-2024), so the
ordering of periods is the ordering of their end dates.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_PATTERN = re.compile(r"^(?P<y>[0-9]{4})(?:-(?:Q(?P<q>[1-4])|(?P<m>[0-9]{2})(?:-(?P<d>[0-9]{2}))?))?$")


class PeriodError(ValueError):
    """A period string that is not one of the accepted forms."""


@dataclass(frozen=True, order=True)
class Period:
    end: date
    start: date
    text: str

    def __str__(self) -> str:
        return self.text


def parse_period(text: str) -> Period:
    """Parse '2024', '2024-Q3', '2024-07' or '2024-07-15'."""
    match = _PATTERN.match(text.strip()) if isinstance(text, str) else None
    if not match:
        raise PeriodError(
            f"'{text}' is not a period: use a year (2024), a quarter (2024-Q3), a month (2024-07) or a day (2024-07-15)"
        )
    year = int(match["y"])
    if year < 1:  # found by the property tests: Python's dates start in year 1
        raise PeriodError(f"'{text}' has year {year:04d}, which does not exist")
    if match["q"]:
        quarter = int(match["q"])
        first_month, last_month = 3 * quarter - 2, 3 * quarter
        start = date(year, first_month, 1)
        end = date(year, last_month, calendar.monthrange(year, last_month)[1])
    elif match["m"]:
        month = int(match["m"])
        if not 1 <= month <= 12:
            raise PeriodError(f"'{text}' has month {month:02d}: months run from 01 to 12")
        if match["d"]:
            try:
                start = end = date(year, month, int(match["d"]))
            except ValueError:
                raise PeriodError(f"'{text}' is not a date in the calendar") from None
        else:
            start = date(year, month, 1)
            end = date(year, month, calendar.monthrange(year, month)[1])
    else:
        start, end = date(year, 1, 1), date(year, 12, 31)
    return Period(end=end, start=start, text=text.strip())


class PeriodText(str):
    """A period as a plan or data file writes it, parsed once.

    It is the text itself (so `dump`, messages and comparisons see exactly what the file says) and carries the
    parsed `Period`: the engine asks `.end` and `.start` instead of parsing the text again."""

    period: Period

    def __new__(cls, text: str) -> "PeriodText":
        period = parse_period(text)
        made = super().__new__(cls, period.text)
        made.period = period
        return made

    @property
    def start(self) -> date:
        return self.period.start

    @property
    def end(self) -> date:
        return self.period.end


_QUARTER = re.compile(r"^(?P<y>[0-9]{4})-Q(?P<q>[1-4])$")
_QUARTER_LAST_DAY = {1: 31, 2: 30, 3: 30, 4: 31}  # 31 March, 30 June, 30 September, 31 December
_ORDINAL_NL = {1: "1e", 2: "2e", 3: "3e", 4: "4e"}


@dataclass(frozen=True, order=True)
class Quarter:
    """A quarter, the unit the dashboard, the toelichting files, the export and the command line report in.

    One type instead of a date here, a 'YYYY-Qn' string there and a period text elsewhere: parse it once (from the
    URL, the command line or a file name), then ask it for its end date, its code or its Dutch label."""

    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> "Quarter":
        """'2026-Q3' -> Quarter(2026, 3); PeriodError for anything else (no line breaks, no other digits)."""
        match = _QUARTER.fullmatch(text) if isinstance(text, str) else None
        if not match:
            raise PeriodError(f"'{text}' is not a quarter: use YYYY-Qn, e.g. 2026-Q3")
        return cls(int(match["y"]), int(match["q"]))

    @classmethod
    def of(cls, day: date) -> "Quarter":
        """The quarter `day` falls in."""
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def last_complete(cls, today: date) -> "Quarter":
        """The last quarter that has fully passed: on 23-11-2026 that is 2026-Q3; on 30-09-2026 too."""
        quarter = cls.of(today)
        return quarter if quarter.end == today else quarter.previous

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        return date(self.year, 3 * self.number, _QUARTER_LAST_DAY[self.number])

    @property
    def previous(self) -> "Quarter":
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    @property
    def next(self) -> "Quarter":
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    @property
    def code(self) -> str:
        """'2026-Q3': in URLs, file names, toelichting files and on the command line."""
        return f"{self.year}-Q{self.number}"

    @property
    def label(self) -> str:
        """'3e kwartaal 2026'."""
        return f"{_ORDINAL_NL[self.number]} kwartaal {self.year}"

    @property
    def short_label(self) -> str:
        """'3e kw. 2026', for chart axes."""
        return f"{_ORDINAL_NL[self.number]} kw. {self.year}"

    def __str__(self) -> str:
        return self.code


def quarters_between(first: date, last: date) -> list[Quarter]:
    """Every quarter from the one `first` falls in up to the one `last` falls in."""
    out, current, final = [], Quarter.of(first), Quarter.of(last)
    while current <= final:
        out.append(current)
        current = current.next
    return out
