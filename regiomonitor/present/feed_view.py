"""What the KPI page and the pack show of a fed KPI: where its figures come from (provenance, as Staat VenZ shows it)
and how the region stands beside the Netherlands and its peer regions.

Built once per KPI from the plan's feed, the registry and the measurements; per quarter the page asks for the state
up to that quarter's end (`until`), a bisect, no computation on the request path.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date

import polars as pl
import pyarrow as pa

from regiomonitor.core.formatting import number_nl, period_nl, value_with_unit
from regiomonitor.data.feed_files import NETHERLANDS_NAME, next_expected, parse_source
from regiomonitor.plan.model import Indicator

MONTHS_NL = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
             "november", "december")


def month_nl(day: date) -> str:
    return f"{MONTHS_NL[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class Place:
    name: str
    value: float
    is_region: bool


@dataclass(frozen=True)
class Standing:
    """The region beside the Netherlands and its peers for one period, most favourable first where the KPI has a
    direction (else highest first)."""

    period: str
    period_end: date
    places: tuple[Place, ...]
    rank: int | None
    """The region's place among the regions (the Netherlands is a reference, not a competitor), 1 = most favourable."""
    regions: int
    ranked: bool
    """Whether the order means better → worse (the KPI has a direction) or only high → low."""
    text: str = ""
    """The standing in one sentence (`sentence`), written when the view is built."""
    table: pa.Table | None = None
    """Gebied, Waarde: the places as the page lists them."""

    @property
    def decimals(self) -> int:
        """One decimal for all when any figure has decimals (a weighted mean), none when all are whole."""
        return 0 if all(float(p.value).is_integer() for p in self.places) else 1

    def sentence(self, unit: str, netherlands: str = NETHERLANDS_NAME) -> str:
        """'2022: Kennemerland 55,9% — Nederland 56,0%; Gooi en Vechtstreek 55,0% …. Plaats 2 van 3 regio's
        (gunstigst eerst).' The Netherlands first, then the peers in the order of the ranking."""
        region = next((p for p in self.places if p.is_region), None)
        others = sorted((p for p in self.places if not p.is_region), key=lambda p: p.name != netherlands)
        if region is None:
            return ""
        # A long unit ('50-64-jarigen per 85-plusser') is said once, with the region's figure; '%' with every figure.
        bare = not unit.strip().startswith("%")
        shown = lambda p, with_unit: (f"{p.name} {value_with_unit(p.value, unit, self.decimals)}" if with_unit  # noqa: E731
                                      else f"{p.name} {number_nl(p.value, self.decimals)}")
        beside = "; ".join(shown(p, not bare) for p in others)
        text = f"{period_nl(self.period)}: {shown(region, True)}"
        text += f" — {beside}" if beside else ""
        if self.rank is not None and self.regions > 1:
            order = "gunstigst" if self.ranked else "hoogst"
            text += f". Plaats {self.rank} van {self.regions} regio's ({order} eerst)"
        return text + "."


@dataclass(frozen=True)
class Provenance:
    publisher: str
    series_title: str
    catalog_name: str
    tables: tuple[tuple[str, str], ...]
    """(table id, title as CBS gives it) of each edition read."""
    update_text: str
    every_months: int
    lag_months: int
    is_demo: bool


@dataclass(frozen=True)
class FeedView:
    indicator: str
    provenance: Provenance
    standings: tuple[Standing, ...]
    figures: tuple[tuple[date, str, date | None], ...]
    """(period end, period, retrieved) of each region figure, in time order."""
    lines: tuple[tuple[str, tuple[tuple[date, float], ...]], ...]
    """The comparison series (Netherlands, each peer) for the KPI chart."""
    region: str = ""
    """The plan's region, the name of its own series beside them."""

    def standing_until(self, end: date) -> Standing | None:
        n = bisect_right(self.standings, end, key=lambda s: s.period_end)
        return self.standings[n - 1] if n else None

    def _latest(self, end: date) -> tuple[str, date | None, date] | None:
        """(period, last retrieval, the month the next figure is expected) of the latest figure up to `end`."""
        known = [f for f in self.figures if f[0] <= end]
        if not known:
            return None
        last_end, last_period, _ = known[-1]
        retrieved = max((r for _, _, r in known if r), default=None)
        return last_period, retrieved, next_expected(last_end, self.provenance.every_months, self.provenance.lag_months)

    def in_words(self, end: date) -> tuple[str, str]:
        """(the standing in one sentence, or '', the source in one short line) as of `end`: the pack's KPI tables and
        `status`."""
        standing = self.standing_until(end)
        return (standing.text if standing else ""), self.provenance_line(end)

    def provenance_line(self, end: date) -> str:
        """The provenance in one short line, for a table cell of the committee pack."""
        p, latest = self.provenance, self._latest(end)
        text = f"Bron: {p.publisher}, tabel {' + '.join(t for t, _ in p.tables)}"
        if latest:
            _, retrieved, expected = latest
            text += (f"; opgehaald {retrieved.strftime('%d-%m-%Y')}" if retrieved else "") + (
                f"; volgend cijfer verwacht rond {month_nl(expected)}" + (" (nog niet binnen)" if expected < end else ""))
        return text + ("; testgegevens, geen echte cijfers." if p.is_demo else ".")

    def provenance_rows(self, end: date) -> list[tuple[str, str]]:
        """Label, text: source, table, reporting year, last retrieval, how often, the next figure expected."""
        p, latest = self.provenance, self._latest(end)
        rows = [("Bron", f"{p.publisher} — {p.series_title} ({p.catalog_name})"),
                ("Tabel", "; ".join(f"{t} {title}".strip() for t, title in p.tables) or "–")]
        if latest:
            last_period, retrieved, expected = latest
            late = (" — die maand is voorbij en er is nog geen nieuw cijfer: staat de nieuwe tabel al in "
                    "plan/feeds.yaml?") if expected < end else ""
            rows += [("Verslagperiode", period_nl(last_period)),
                     ("Laatst opgehaald", retrieved.strftime("%d-%m-%Y") if retrieved else "–"),
                     ("Verschijnt", p.update_text),
                     ("Volgend cijfer verwacht", f"rond {month_nl(expected)}{late}")]
        else:
            rows += [("Verslagperiode", "nog niet opgehaald"), ("Verschijnt", p.update_text)]
        if p.is_demo:
            rows.append(("Let op", "testgegevens uit een nagebootste CBS-tabel, geen echte cijfers"))
        return rows


def _standing(indicator: Indicator, region_name: str, period: str, end: date, region_value: float | None,
              others: list[tuple[str, float, bool]]) -> Standing | None:
    if region_value is None:
        return None
    places = [Place(region_name, region_value, True)] + [Place(n, v, False) for n, v, _ in others]
    sign = {"higher_is_better": -1, "lower_is_better": 1}.get(indicator.direction or "", -1)
    places.sort(key=lambda p: sign * p.value)
    regions = [p for p in places if p.is_region or not _is_netherlands(p.name, others)]
    rank = next(i for i, p in enumerate(regions, 1) if p.is_region)
    made = Standing(period, end, tuple(places), rank, len(regions),
                    indicator.direction in ("higher_is_better", "lower_is_better"))
    table = pa.table({"Gebied": [p.name for p in places],
                      "Waarde": [value_with_unit(p.value, indicator.unit, made.decimals) for p in places]})
    return replace(made, text=made.sentence(indicator.unit), table=table)


def _is_netherlands(name: str, others: list[tuple[str, float, bool]]) -> bool:
    return any(n == name and nl for n, _, nl in others)


def feed_views(loaded, rows: pl.DataFrame, benchmarks: pl.DataFrame, table_titles: Mapping[str, str]
               ) -> dict[str, FeedView]:
    """Every fed KPI's provenance and standings, from its region rows and its benchmark rows."""
    registry = loaded.feeds
    if registry is None or loaded.plan is None:
        return {}
    views = {}
    for theme in loaded.themes.values():
        for ind in theme.indicators:
            series = registry.find(ind.feed.series) if ind.feed else None
            if series is None:
                continue
            own = rows.filter((pl.col("indicator") == ind.id) & pl.col("area").is_null()).sort("period_end")
            bench = benchmarks.filter(pl.col("indicator") == ind.id).sort("period_end", "area")
            figures = tuple((r["period_end"], r["period"], getattr(parse_source(r["source"]), "on", None))
                            for r in own.iter_rows(named=True))
            standings = []
            for r in own.iter_rows(named=True):
                others = [(b["area"], b["value"], b["area"] == NETHERLANDS_NAME)
                          for b in bench.iter_rows(named=True) if b["period"] == r["period"]]
                made = _standing(ind, loaded.plan.region, r["period"], r["period_end"], r["value"], others)
                if made is not None:
                    standings.append(made)
            lines = tuple((name, tuple((b["period_end"], b["value"]) for b in group.iter_rows(named=True)))
                          for (name,), group in bench.group_by("area", maintain_order=True))
            is_demo = bool(own["is_demo"].any()) if own.height else False
            catalog = registry.catalogs.get(series.catalog)
            provenance = Provenance(series.publisher, series.title, catalog.name if catalog else series.catalog,
                                    tuple((e.table, table_titles.get(e.table, "")) for e in series.editions),
                                    series.update.text, series.update.every_months, series.update.lag_months, is_demo)
            views[ind.id] = FeedView(ind.id, provenance, tuple(standings), figures, lines, loaded.plan.region)
    return views
