"""One feed read from CBS: for each edition of its series the table's metadata, the declared measure for the areas
the region needs, and the region's figure rolled up from its gemeenten, beside the Netherlands and the peer regions.

Every failure is a `Problem` located where it can be mended: a measure the table lacks at the KPI's `feed`, a retired
table at its entry in plan/feeds.yaml, a bad record at the table and record. A failed edition costs that edition, a
bad record that record: what can be read is kept.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from math import prod

from regiomonitor.core.periods import parse_period
from regiomonitor.core.problems import Problem
from regiomonitor.feeds.areas import NETHERLANDS, Region, carried_forward, combine, roll_up, wijk_of
from regiomonitor.feeds.odata import Metadata, PeriodCodeError, Table, TableGone, equals_any, number, period_text, read_metadata
from regiomonitor.feeds.transport import FetchError
from regiomonitor.plan.feeds import REGISTRY_FILE, Edition, Series


@dataclass(frozen=True)
class Row:
    period: str
    value: float
    area: str | None
    source: str
    note: str | None = None


@dataclass
class Values:
    """What the tables of one selection gave: values per (period, today's code), wijk values, names, the tables."""

    parts: dict[tuple[str, str], list[tuple[str, float]]] = field(default_factory=dict)
    """(period, today's code) → [(the code as the table served it, value)]: more than one for a merged gemeente."""
    table_of: dict[tuple[str, str], str] = field(default_factory=dict)
    """(period, today's code) → the table the value came from (a later edition wins)."""
    wijken: dict[tuple[str, str], tuple[float, str]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    tables: list[Metadata] = field(default_factory=list)
    synthetic: bool = False


class Reader:
    """Reads selections from the catalogues of one registry, reporting located problems into `problems`."""

    def __init__(self, loaded, transport, wanted: set[str], wijk_gemeenten: tuple[str, ...]):
        self.loaded, self.registry, self.transport = loaded, loaded.feeds, transport
        self.wanted, self.wijk_gemeenten = wanted | {NETHERLANDS}, wijk_gemeenten
        self.problems: list[Problem] = []
        self._metadata: dict[str, tuple[Metadata, bool]] = {}
        self.weights: dict[str, tuple[dict, str]] = {}  # per series id: the population it is weighted with

    def at(self, file: str, path: tuple, message: str, severity: str = "error") -> None:
        self.problems.append(self.loaded.problem_at(file, path, message, severity))

    def root(self, series: Series) -> str:
        return self.registry.catalogs[series.catalog].url

    def series_path(self, series: Series) -> tuple:
        return ("series", self.registry.series.index(series))

    def select(self, series: Series, measure: str, filters: dict, where: tuple[str, tuple], wijken: bool,
               check: dict | None = None) -> Values:
        """The measure for the wanted areas from every edition of `series`; a later edition wins for a period.
        A filter with a list of codes adds their values up. `check`: the filters whose codes are located at `where`
        (default: all of them; a ratio's denominator checks only its own)."""
        values = Values()
        for e, edition in enumerate(series.editions):
            place = (*self.series_path(series), "editions", e, "table")
            try:
                self._edition(series, edition, measure, filters, where, wijken, values,
                              filters if check is None else check)
            except TableGone as exc:
                self.at(REGISTRY_FILE, place, f"{exc} — update the entry for series '{series.id}' "
                        f"(its newest table id, with its source)")
            except FetchError as exc:
                self.at(REGISTRY_FILE, place, str(exc))
            except _Unusable:
                pass  # located already
        return values

    def _meta(self, series: Series, table: Table) -> tuple[Metadata, bool]:
        key = f"{series.catalog}/{table.table}"
        if key not in self._metadata:
            self._metadata[key] = read_metadata(table)
        return self._metadata[key]

    def _edition(self, series: Series, edition: Edition, measure: str, filters: dict, where: tuple[str, tuple],
                 wijken: bool, values: Values, check: dict) -> None:
        measure = edition.keys.get(measure, measure)  # this edition's key for the feed's measure
        table = Table(self.transport, self.root(series), edition.table)
        meta, synthetic = self._meta(series, table)
        values.tables.append(meta)
        values.names.update(meta.titles)
        values.synthetic = values.synthetic or synthetic
        self._checked(series, edition, meta, measure, check, where)
        if check is not filters and misfits(meta, series, measure, filters):
            raise _Unusable  # a ratio's shared filters: located where the numerator was checked
        served = meta.dimensions[series.area_dimension]
        chosen = {raw: code for code, raw in served.items()
                  if carried_forward(code, edition.codes, self.registry.code_changes) in self.wanted
                  or (wijken and wijk_of(code, self.wijk_gemeenten))}
        self._unserved(series, edition, served, where)
        if not chosen:
            return
        others = [equals_any(dim, [meta.dimensions[dim][c] for c in _codes(codes)]) for dim, codes in filters.items()]
        select = [series.area_dimension, measure] + ([series.period_dimension] if series.period_dimension else [])
        records = []
        for areas in _batches(table, sorted(chosen), series.area_dimension, others, select):
            query = {"$filter": " and ".join([equals_any(series.area_dimension, areas), *others]),
                     "$select": ",".join(select)}
            answer = table.get("TypedDataSet", query)
            values.synthetic = values.synthetic or answer.synthetic
            records += answer.records
        self._records(series, edition, measure, records, chosen, values, filters)

    def _checked(self, series: Series, edition: Edition, meta: Metadata, measure: str, filters: dict[str, str],
                 where: tuple[str, tuple]) -> None:
        found = located_misfits(self.loaded, meta, series, measure, filters, where)
        self.problems += found
        if found:
            raise _Unusable

    def _unserved(self, series: Series, edition: Edition, served: dict[str, str], where) -> None:
        """A wanted gemeente no served code leads to: a code from another edition, or one CBS never used."""
        today = {carried_forward(code, edition.codes, self.registry.code_changes) for code in served}
        for code in sorted(self.wanted - today):
            self.at(REGISTRY_FILE, (*self.series_path(series), "editions", series.editions.index(edition), "codes"),
                    f"gemeente {code} is not in table {edition.table} (gemeente codes of {edition.codes}), and no "
                    f"code change in {REGISTRY_FILE} leads to it: is the code right, or is a herindeling missing "
                    "under code_changes?", "warning")

    def _records(self, series: Series, edition: Edition, measure: str, records: list[dict], chosen: dict[str, str],
                 values: Values, filters: dict) -> None:
        place = (*self.series_path(series), "editions", series.editions.index(edition), "table")
        if records and not any(measure in r for r in records):
            self.at(REGISTRY_FILE, place, f"table {edition.table}: the answer has no measure '{measure}' (asked for "
                    "with $select)")
            return
        expected = prod(len(_codes(codes)) for codes in filters.values())  # records that make one value
        seen_codes: dict[str, str] = {}
        sums: dict[tuple[str, str], list] = {}  # (period, served code) → [total, records, all known]
        for record in records:
            raw = record.get(series.area_dimension)
            code = chosen.get(raw) if isinstance(raw, str) else None
            if code is None:
                continue
            period = self._period(series, edition, record, seen_codes, place)
            if period is None:
                continue
            try:
                value = number(record.get(measure))
            except ValueError as exc:
                self.at(REGISTRY_FILE, place, f"table {edition.table}, record {record.get('ID', '?')} "
                        f"({code.strip()} {period}): {exc}; the record is left out")
                value = None
            total = sums.setdefault((period, code), [0.0, 0, True])
            total[0] += value or 0.0
            total[1] += 1
            total[2] = total[2] and value is not None
        fresh: dict[tuple[str, str], list[tuple[str, float]]] = defaultdict(list)
        for (period, code), (total, count, known) in sums.items():
            if not known or count != expected:
                continue  # a value CBS does not publish, or one of the codes added up is missing: no figure
            if code.startswith("WK"):
                values.wijken[(period, code)] = (total, edition.table)
            else:
                fresh[(period, carried_forward(code, edition.codes, self.registry.code_changes))].append((code, total))
        for key, parts in fresh.items():
            values.parts[key] = parts
            values.table_of[key] = edition.table

    def _period(self, series: Series, edition: Edition, record: dict, seen: dict[str, str], place) -> str | None:
        if series.period_dimension is None:
            return str(edition.period) if edition.period else None
        code = record.get(series.period_dimension)
        if not isinstance(code, str):
            return None
        if code in seen:
            return seen[code] or None
        try:
            seen[code] = period_text(code)
            parse_period(seen[code])
        except (PeriodCodeError, ValueError) as exc:
            self.at(REGISTRY_FILE, place, f"table {edition.table}: {exc}; its records are left out")
            seen[code] = ""
        return seen[code] or None


MAX_URL = 2000
"""Longest request URL sent: a longer `$filter` is split over several requests by area. 2,048 characters is the
default query-string limit of Microsoft IIS, which serves StatLine; CBS's own limit has not been checked from here."""


def _batches(table: Table, areas: list[str], key: str, others: list[str], select: list[str]) -> list[list[str]]:
    """The areas in groups whose request URL stays within MAX_URL (at least one area per request)."""
    def length(group: list[str]) -> int:
        query = {"$filter": " and ".join([equals_any(key, group), *others]), "$select": ",".join(select)}
        return len(table.url("TypedDataSet", query))

    batches: list[list[str]] = []
    for area in areas:
        if batches and length(batches[-1] + [area]) <= MAX_URL:
            batches[-1].append(area)
        else:
            batches.append([area])
    return batches


def _codes(codes: str | list[str]) -> list[str]:
    return list(codes) if isinstance(codes, list) else [codes]


def misfits(meta: Metadata, series: Series, measure: str, filters: dict) -> list[tuple[bool, tuple, str]]:
    """What in a feed (or its series) the table does not have: (in the registry?, path, message) — for `fetch`, and
    for `check` from the metadata the last fetch kept."""
    found = []
    if measure not in meta.measures:
        known = ", ".join(list(meta.measures)[:12]) + (" …" if len(meta.measures) > 12 else "")
        found.append((False, ("measure",), f"table {meta.table} (series '{series.id}') has no measure '{measure}'; "
                                           f"it has: {known}"))
    for dim, codes in filters.items():
        if dim not in meta.dimensions:
            found.append((False, ("filters", dim), f"table {meta.table} has no dimension '{dim}'; it has: "
                                                   f"{', '.join(meta.dimensions)}"))
            continue
        for n, code in enumerate(_codes(codes)):
            if code not in meta.dimensions[dim]:
                shown = ", ".join(list(meta.dimensions[dim])[:12])
                at = ("filters", dim, n) if isinstance(codes, list) else ("filters", dim)
                found.append((False, at, f"dimension {dim} of table {meta.table} has no code '{code}'; it has: "
                                         f"{shown}" + (" …" if len(meta.dimensions[dim]) > 12 else "")))
    for dim, what in ((series.area_dimension, "area_dimension"), (series.period_dimension, "period_dimension")):
        if dim is not None and dim not in meta.dimensions:
            found.append((True, (what,), f"table {meta.table} has no dimension '{dim}'; it has: "
                                         f"{', '.join(meta.dimensions)}"))
    return found


def located_misfits(loaded, meta: Metadata, series: Series, measure: str, filters: dict,
                    where: tuple[str, tuple]) -> list[Problem]:
    """`misfits` as problems: at the series in the registry, or at the feed (`where`: its file and path)."""
    registry_path = ("series", loaded.feeds.series.index(series))
    return [loaded.problem_at(REGISTRY_FILE, (*registry_path, *path), message) if in_registry
            else loaded.problem_at(where[0], (*where[1], *path), message)
            for in_registry, path, message in misfits(meta, series, measure, filters)]


class _Unusable(Exception):
    """An edition whose metadata does not fit the feed: reported, and the next edition is read."""


def merged(values: Values, weights: dict[tuple[int, str], float] | None) -> dict[tuple[str, str], float]:
    """Value per (period, today's code), the parts of a merged gemeente combined as the feed combines gemeenten."""
    out = {}
    for key, parts in values.parts.items():
        if len(parts) == 1:
            out[key] = parts[0][1]
            continue
        year = int(key[0][:4])
        part_weights = None if weights is None else [weights.get((year, code.strip())) for code, _ in parts]
        if part_weights is not None and not all(part_weights):
            continue
        out[key] = combine([v for _, v in parts], part_weights)
    return out


def region_value(region: Region, period: str, by_code: dict[tuple[str, str], float],
                 weights: dict[tuple[int, str], float] | None) -> tuple[float | None, list[str]]:
    values = {code: v for (p, code), v in by_code.items() if p == period}
    year_weights = None if weights is None else {code: w for (y, code), w in weights.items() if y == int(period[:4])}
    rolled = roll_up(region, values, year_weights)
    return rolled.value, rolled.missing


def netherlands(period: str, by_code: dict[tuple[str, str], float]) -> float | None:
    return by_code.get((period, NETHERLANDS))


__all__ = ["Reader", "Row", "Values", "merged", "netherlands", "region_value"]
