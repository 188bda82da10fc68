"""The registry of open-data series, `plan/feeds.yaml`: for each logical series the CBS table id per edition.

Many CBS tables get a new id every year (Kerncijfers wijken en buurten 83765NED for 2017, … 85984NED for 2024); a KPI's
`feed` names the series, and the registry says which tables make it, in which catalogue, with which gemeente codes,
and where each id comes from. When CBS retires a table or publishes a new edition, one entry here changes, with its
source, and no KPI does. The gemeente codes change too (herindeling): `code_changes` says which code took over from
which, from which year, so that a table with the codes of an older edition is read with today's gemeenten.

This module reads and checks the file with the plan (positions, located problems); the fetching itself is
`regiomonitor/feeds/`.
"""

from __future__ import annotations

import difflib
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from regiomonitor.plan.fields import PeriodField, Slug, Strict, Text
from regiomonitor.plan.model import CbsKey, GemeenteCode, Indicator

REGISTRY_FILE = "feeds.yaml"
TableId = Annotated[str, StringConstraints(pattern=r"^[0-9]{5}[A-Za-z]{3}$")]  # as CBS writes it: 85984NED, 03759ned
CatalogId = Literal["opendata", "dataderden"]


class Catalog(Strict):
    url: Text = Field(description="the OData v3 root, e.g. https://opendata.cbs.nl/ODataApi/odata")
    name: Text = Field(description="how the dashboard names it, e.g. 'CBS StatLine'")


class Edition(Strict):
    """One table of a series: the tables of a series together give its periods; for a period two editions both
    publish, the later edition counts (CBS revises)."""

    table: TableId
    codes: int = Field(ge=1900, le=2100, description="the year of the gemeente codes (indeling) the table uses")
    periods: Text | None = Field(default=None, description="the periods the table holds, as CBS describes it")
    keys: dict[CbsKey, CbsKey] = Field(
        default={}, description="measure keys this table writes otherwise than the feeds name them (the feed's key: "
        "this table's), e.g. {ErvarenGezondheidGoedZeerGoed_4: GoedErvarenGezondheid_4}: CBS renumbers a table's "
        "measures from one edition to the next")
    source: Text = Field(description="where this table id comes from (a URL or document), for whoever checks it")
    period: PeriodField | None = Field(default=None, description="the one period of a table without a period "
                                       "dimension, e.g. 2024 for Kerncijfers wijken en buurten 2024")


class Weights(Strict):
    """The population a share or rate is weighted with when gemeenten make a region."""

    series: Slug | None = Field(default=None, description="the series that holds the population; left out: this one")
    measure: CbsKey
    filters: dict[CbsKey, str] = {}


class Update(Strict):
    """How often the source publishes, so the page can say when the next figure is expected."""

    text: Text = Field(description="in words, e.g. 'jaarlijks' or 'elke twee jaar'")
    every_months: int = Field(ge=1, le=120, description="months between two figures")
    lag_months: int = Field(ge=0, le=60, description="months after a period's end its figure appears")


class Series(Strict):
    id: Slug
    title: Text
    publisher: Text = Field(description="who publishes the figures, e.g. 'RIVM en GGD'en (via CBS)'")
    catalog: CatalogId
    area_dimension: CbsKey = Field(description="the table's area dimension, e.g. RegioS or WijkenEnBuurten")
    period_dimension: CbsKey | None = Field(
        default="Perioden", description="the table's period dimension; null for tables of one period each (each "
        "edition's `period`)")
    update: Update
    weights: Weights | None = Field(default=None, description="for feeds that are population-weighted")
    editions: list[Edition] = Field(min_length=1)


class CodeChange(Strict):
    """A gemeente code that ended in a herindeling, and the code that took over its area."""

    old: GemeenteCode
    new: GemeenteCode
    year: int = Field(ge=1900, le=2100, description="the first year of the new code")
    note: Text | None = None
    source: Text


class Registry(Strict):
    catalogs: dict[CatalogId, Catalog]
    code_changes: list[CodeChange] = []
    series: list[Series] = []

    def find(self, series_id: str) -> Series | None:
        return next((s for s in self.series if s.id == series_id), None)


def check_feeds(themes: dict, plan, registry: Registry | None, has_registry_file: bool, report) -> None:
    """Each KPI's feed against the registry and the plan file: a known series in the right catalogue, gemeente codes
    to roll up, weights for a weighted mean, and no sum of percentages."""
    fed = [(theme_id, i, ind) for theme_id, theme in themes.items()
           for i, ind in enumerate(theme.indicators) if ind.feed is not None]
    if not fed:
        return
    for theme_id, i, indicator in fed:
        file, at = f"{theme_id}.yaml", ("indicators", i, "feed")
        if registry is None:
            if not has_registry_file:
                report.at(file, at, f"indicator '{indicator.id}' has a feed, but the plan directory has no "
                          f"{REGISTRY_FILE} to say which tables make series '{indicator.feed.series}'")
            continue
        _check_feed(file, at, indicator, plan, registry, report)


def _check_feed(file: str, at: tuple, indicator: Indicator, plan, registry: Registry, report) -> None:
    feed = indicator.feed
    series = registry.find(feed.series)
    if series is None:
        close = difflib.get_close_matches(feed.series, [s.id for s in registry.series], n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        report.at(file, (*at, "series"), f"unknown series '{feed.series}': it is not in {REGISTRY_FILE}{hint}")
        return
    if feed.catalog is not None and feed.catalog != series.catalog:
        report.at(file, (*at, "catalog"), f"catalog '{feed.catalog}' does not match series '{series.id}', which is "
                  f"in catalog '{series.catalog}' ({REGISTRY_FILE})")
    if feed.region == "population-weighted" and series.weights is None:
        report.at(file, (*at, "region"), f"a population-weighted region figure needs weights, and series "
                  f"'{series.id}' declares none in {REGISTRY_FILE}")
    if feed.per is not None and feed.region != "sum":
        report.at(file, (*at, "region"), "a ratio (per) is rolled up as the sum of its numerators over the sum of its "
                  "denominators: write region: sum")
    if feed.region == "sum" and feed.per is None and indicator.unit.strip().startswith("%"):
        report.at(file, (*at, "region"), "a sum of percentages is not a region figure: use population-weighted "
                  f"for a share (unit '{indicator.unit}')")
    if plan is not None and not plan.gemeente_codes:
        report.at(file, at, "a feed rolls gemeenten up to the region, and plan.yaml declares no gemeente_codes "
                  "(e.g. Haarlem: GM0392)")


def check_registry(registry: Registry, report) -> None:
    """Ids and catalogues that must be unique or known: two series with one id, an edition listed twice, weights
    from a series that does not exist, a catalogue without its root."""
    seen: set[str] = set()
    for i, series in enumerate(registry.series):
        if series.id in seen:
            report.at(REGISTRY_FILE, ("series", i, "id"), f"series '{series.id}' is listed twice")
        seen.add(series.id)
        if series.catalog not in registry.catalogs:
            report.at(REGISTRY_FILE, ("series", i, "catalog"), f"catalog '{series.catalog}' has no entry under "
                      "`catalogs` (its url and name)")
        for j, edition in enumerate(series.editions):
            if series.period_dimension is None and edition.period is None:
                report.at(REGISTRY_FILE, ("series", i, "editions", j), f"table {edition.table} has no period dimension "
                          "(period_dimension: null), so it needs `period`: the one period it holds")
        tables = [e.table for e in series.editions]
        for j, table in enumerate(tables):
            if table in tables[:j]:
                report.at(REGISTRY_FILE, ("series", i, "editions", j, "table"), f"table {table} is listed twice")
        if series.weights and series.weights.series and registry.find(series.weights.series) is None:
            report.at(REGISTRY_FILE, ("series", i, "weights", "series"),
                      f"weights from series '{series.weights.series}', which is not in {REGISTRY_FILE}")
    for i, change in enumerate(registry.code_changes):
        if change.old == change.new:
            report.at(REGISTRY_FILE, ("code_changes", i), f"code {change.old} changes into itself")
