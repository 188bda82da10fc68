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
