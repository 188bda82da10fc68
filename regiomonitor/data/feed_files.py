"""Where a fed figure comes from, written once and read back once: the folders, the `source` text of a row, and when
the next figure is expected.

A fed row's `source` says catalogue, table(s) and the day it was retrieved ("CBS dataderden 50120NED, opgehaald
2026-11-30"); `parse_source` reads exactly that form back, for the provenance the KPI page shows (as Staat VenZ does:
source, table, reporting year, last retrieval, how often the source publishes, when the next figure is expected).
"""

from __future__ import annotations

import calendar
import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from regiomonitor.core.safefiles import Refused, read_bytes

FOLDER = "feeds"
"""data/feeds/: what fetch read from CBS."""
DEMO_FOLDER = "demo-feeds"
"""data/demo-feeds/: what fetch read from a fake server or its recording: test data, shown as demo data."""
BENCHMARKS = "benchmarks"
"""<folder>/benchmarks/<indicator>.csv: the same measure for the Netherlands and the peer regions."""
TABLES = "tables"
"""<folder>/tables/<catalog>-<table>.json: the metadata of each table read (title, measures, dimensions)."""
NETHERLANDS_NAME = "Nederland"
"""The area of the Netherlands' own figure in a benchmarks file (the peer regions go by their name in plan.yaml)."""
MAX_TABLE_FILE = 5_000_000


def table_file(folder: Path, catalog: str, table: str) -> Path:
    """Where fetch keeps a table's metadata: <folder>/tables/<catalog>-<table>.json."""
    return folder / TABLES / f"{catalog}-{table}.json"


def read_table_file(path: Path, root: Path) -> dict | None:
    """A table's kept metadata, or None when the file is missing, too large or not a JSON object."""
    try:
        data = json.loads(read_bytes(path, root, MAX_TABLE_FILE, "table metadata"))
    except (Refused, ValueError):
        return None
    return data if isinstance(data, dict) else None


def table_titles(folder: Path, root: Path) -> dict[str, str]:
    """Table id → title, from the metadata fetch kept (tables/*.json); a file that cannot be read gives no title."""
    titles = {}
    for path in sorted((folder / TABLES).glob("*.json")) if (folder / TABLES).is_dir() else []:
        data = read_table_file(path, root)
        if data is not None and "table" in data and "title" in data:
            titles[str(data["table"])] = str(data["title"])
    return titles


_SOURCE = re.compile(r"^CBS (?P<catalog>opendata|dataderden) (?P<tables>[0-9]{5}[A-Za-z]{3}(?: \+ [0-9]{5}[A-Za-z]{3})*), "
                     r"opgehaald (?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})$")


def source_text(catalog: str, tables: list[str], retrieved: date) -> str:
    return f"CBS {catalog} {' + '.join(tables)}, opgehaald {retrieved.isoformat()}"


@dataclass(frozen=True)
class Retrieved:
    catalog: str
    tables: tuple[str, ...]
    on: date


def parse_source(text: str | None) -> Retrieved | None:
    """The catalogue, tables and date of a source written by `source_text`; None for any other text."""
    match = _SOURCE.match(text or "")
    if match is None:
        return None
    try:
        day = date.fromisoformat(match["date"])
    except ValueError:
        return None
    return Retrieved(match["catalog"], tuple(match["tables"].split(" + ")), day)


def next_expected(last_period_end: date, every_months: int, lag_months: int) -> date:
    """The month the figure after `last_period_end` should appear: one period on, plus the publication lag."""
    months = last_period_end.month + every_months + lag_months
    year, month = last_period_end.year + (months - 1) // 12, (months - 1) % 12 + 1
    return date(year, month, calendar.monthrange(year, month)[1])
