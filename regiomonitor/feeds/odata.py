"""CBS's OData v3 API as a region needs it: a table's metadata, its dimension codes, and the rows of one selection.

The protocol, as CBS documents it (Handleiding CBS Open Data Services; StatLine's OData v3 service at
https://opendata.cbs.nl/ODataApi/odata/<table>/ and https://dataderden.cbs.nl/ODataApi/odata/<table>/):
`TableInfos` (title, modified, frequency), `DataProperties` (every dimension and measure with its `Key`), one entity
set per dimension (its codes as `Key`, names as `Title`), and `TypedDataSet` with `$filter` and `$select`. A response
holds at most 10,000 records and points to the next page with `odata.nextLink`.

CBS writes periods as codes (`2023JJ00` a year, `2023KW03` a quarter, `2023MM07` a month) and area codes padded with
spaces (`GM0392    `); a value it does not publish is null, or '.' in some tables' text output.
"""

from __future__ import annotations

import json
import re
import urllib.parse
from dataclasses import dataclass

from regiomonitor.feeds.transport import FetchError

PAGE_LIMIT = 10_000
"""CBS returns at most this many records per response; more come through odata.nextLink."""
MAX_PAGES = 200
_PERIOD = re.compile(r"^(?P<y>[0-9]{4})(?P<kind>JJ|KW|MM)(?P<n>[0-9]{2})$")
MISSING = (".", "", "-", "x")
"""How CBS marks a value it does not publish, besides null ('.' in its text output, 'x' for confidential)."""


class PeriodCodeError(ValueError):
    pass


def period_text(code: str) -> str:
    """'2023JJ00' → '2023', '2023KW03' → '2023-Q3', '2023MM07' → '2023-07', as the measurement files write them."""
    match = _PERIOD.match(code.strip())
    if match is None:
        raise PeriodCodeError(f"period code '{code.strip()}' is not one CBS uses for a year (2023JJ00), a quarter "
                              "(2023KW03) or a month (2023MM07)")
    year, kind, number = match["y"], match["kind"], int(match["n"])
    if kind == "JJ" and number == 0:
        return year
    if kind == "KW" and 1 <= number <= 4:
        return f"{year}-Q{number}"
    if kind == "MM" and 1 <= number <= 12:
        return f"{year}-{number:02d}"
    raise PeriodCodeError(f"period code '{code.strip()}' is not one CBS uses: {kind} is followed by "
                          + {"JJ": "00", "KW": "01 to 04", "MM": "01 to 12"}[kind])


def number(value: object) -> float | None:
    """A measure's value as a number; None where CBS publishes none; ValueError for text that is no number."""
    if value is None or isinstance(value, bool):
        if isinstance(value, bool):
            raise ValueError(f"value {str(value).lower()} is not a number")
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        if value.strip() in MISSING:
            return None
        try:
            return float(value.strip())
        except ValueError:
            raise ValueError(f"value '{value[:40]}' is text, not a number") from None
    raise ValueError(f"value of type {type(value).__name__} is not a number")


@dataclass(frozen=True)
class Answer:
    records: list[dict]
    synthetic: bool


class Table:
    """One table in one catalogue: `get(entity, query)` with the table's URL and the JSON checks in one place."""

    def __init__(self, transport, root: str, table: str):
        self.transport, self.root, self.table = transport, root.rstrip("/"), table

    def url(self, entity: str, query: dict | None = None) -> str:
        base = f"{self.root}/{self.table}/{entity}"
        return base + ("?" + urllib.parse.urlencode(query, quote_via=urllib.parse.quote) if query else "")

    def get(self, entity: str, query: dict | None = None) -> Answer:
        """Every record of the entity set, following odata.nextLink page by page."""
        url, records, synthetic = self.url(entity, query), [], False
        for _ in range(MAX_PAGES):
            try:
                response = self.transport.get(url)
            except FetchError as exc:
                if exc.status == 404:
                    raise TableGone(self.table, url) from None
                raise
            synthetic = synthetic or response.synthetic
            page, next_link = self._page(response.body, url)
            records.extend(page)
            if next_link is None:
                if len(page) >= PAGE_LIMIT:
                    raise FetchError(f"table {self.table}: a page of {len(page):,} records (CBS's limit) came without "
                                     f"odata.nextLink, so the rest of the selection is missing: {url}")
                return Answer(records, synthetic)
            url = next_link
        raise FetchError(f"table {self.table}: more than {MAX_PAGES} pages for one selection: {url}")

    def _page(self, body: bytes, url: str) -> tuple[list[dict], str | None]:
        try:
            data = json.loads(body)
        except ValueError:
            raise FetchError(f"table {self.table}: the answer is not JSON (it begins {body[:60]!r}): {url}") from None
        if not isinstance(data, dict) or not isinstance(data.get("value"), list):
            raise FetchError(f"table {self.table}: the answer has no list of records ('value'): {url}")
        if not all(isinstance(r, dict) for r in data["value"]):
            raise FetchError(f"table {self.table}: the answer's records are not objects: {url}")
        next_link = data.get("odata.nextLink")
        if next_link is not None and not (isinstance(next_link, str) and next_link.startswith(self.root + "/")):
            raise FetchError(f"table {self.table}: odata.nextLink points outside the table ({str(next_link)[:80]})")
        return data["value"], next_link


class TableGone(FetchError):
    """HTTP 404 for a table: CBS retired it, or the id is wrong."""

    def __init__(self, table: str, url: str):
        super().__init__(f"CBS does not serve table {table} (HTTP 404): it may have been retired or replaced by a new "
                         f"edition: {url}", 404)
        self.table = table


@dataclass(frozen=True)
class Metadata:
    """What a table is: title, when CBS changed it, its measures (key → title, unit) and dimensions (key → codes)."""

    table: str
    title: str
    modified: str
    frequency: str
    measures: dict[str, dict]
    dimensions: dict[str, dict[str, str]]
    """dimension key → {code without CBS's padding: the code as served}"""
    titles: dict[str, str]
    """area code → its name (from the geographic dimensions)"""

    def as_json(self) -> dict:
        return {"table": self.table, "title": self.title, "modified": self.modified, "frequency": self.frequency,
                "measures": self.measures, "dimensions": self.dimensions, "titles": self.titles}

    @classmethod
    def from_json(cls, data: dict) -> "Metadata":
        return cls(data["table"], data["title"], data["modified"], data["frequency"], data["measures"],
                   data["dimensions"], data.get("titles", {}))


DIMENSION_TYPES = ("Dimension", "GeoDimension", "TimeDimension", "GeoDetail")


def read_metadata(table: Table) -> tuple[Metadata, bool]:
    """TableInfos, DataProperties and every dimension's codes (stripped of CBS's padding → the code as served)."""
    infos = table.get("TableInfos")
    properties = table.get("DataProperties")
    info = infos.records[0] if infos.records else {}
    measures, dimensions, titles, synthetic = {}, {}, {}, infos.synthetic or properties.synthetic
    for prop in properties.records:
        key, kind = prop.get("Key"), prop.get("Type")
        if not isinstance(key, str) or not key:
            continue
        if kind in DIMENSION_TYPES:
            codes = table.get(key)
            synthetic = synthetic or codes.synthetic
            dimensions[key] = {c["Key"].strip(): c["Key"] for c in codes.records if isinstance(c.get("Key"), str)}
            if kind in ("GeoDimension", "GeoDetail"):
                titles.update({c["Key"].strip(): str(c.get("Title") or "") for c in codes.records
                               if isinstance(c.get("Key"), str)})
        elif kind != "TopicGroup" and prop.get("Datatype") != "String":  # a text column (a name) is no measure
            measures[key] = {"title": str(prop.get("Title") or key), "unit": str(prop.get("Unit") or "")}
    meta = Metadata(table.table, str(info.get("Title") or table.table), str(info.get("Modified") or ""),
                    str(info.get("Frequency") or ""), measures, dimensions, titles)
    return meta, synthetic


def equals_any(key: str, codes: list[str]) -> str:
    """`(RegioS eq 'GM0392    ' or RegioS eq 'NL01      ')` — codes as the table serves them, padding included."""
    terms = [f"{key} eq '{c.replace(chr(39), chr(39) * 2)}'" for c in codes]
    return terms[0] if len(terms) == 1 else "(" + " or ".join(terms) + ")"
