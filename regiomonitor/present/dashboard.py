"""Everything the dashboard's pages show, prepared once per snapshot: the pages only read it and lay it out.

A page view looks records up by quarter, theme or KPI and slices prepared tables; it runs no query and no
Polars or pyarrow computation. That is what lets many sessions use the dashboard at the same time without
taking turns (ARCHITECTURE.md, "Concurrency"): the only thread-pool work happens here, once, when plan or data
files change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import polars as pl

from regiomonitor.core.periods import Quarter
from regiomonitor.engine.snapshot import Snapshot
from regiomonitor.engine.statuses import INDICATOR_STATUSES, plan_thresholds
from regiomonitor.plan.index import PlanIndex, build_index
from regiomonitor.plan.partners import PartnerNames, partner_names
from regiomonitor.present.attention_view import RegionSummary, region_summary
from regiomonitor.present.feed_view import FeedView, feed_views
from regiomonitor.present.indicator_view import IndicatorDetail, indicator_details
from regiomonitor.present.initiative_view import InitiativeRow, initiative_rows, partner_list
from regiomonitor.present.quality_view import (
    AgendaQuarter,
    OwnersQuarter,
    QualityQuarter,
    agenda_quarter,
    owners_quarter,
    plan_warnings,
    quality_quarter,
    rejected_rows,
)
from regiomonitor.present.round_view import RoundQuarter, arrived_figures, round_quarter
from regiomonitor.present.search import SearchEntry, search_entries
from regiomonitor.present.views import (
    ThemeCard,
    ThemeParts,
    ThemeQuarter,
    ThemeSummary,
    indicator_facts,
    theme_cards,
    theme_indicators,
    theme_parts,
    theme_quarter,
    theme_summary,
)
from regiomonitor.present.words import Words, words_of


class PartUnavailable(Exception):
    """A part of the dashboard that could not be prepared: the page that reads it fails (and says so), the others
    do not."""


@dataclass(frozen=True)
class Unavailable(Mapping):
    """Stands in for a part whose preparation raised: reading it raises PartUnavailable from the original error, so
    the page boundary logs the cause and shows its panel on that page only."""
    name: str
    error: Exception

    def __getitem__(self, key):
        self._fail()

    def __iter__(self):
        self._fail()

    def _fail(self):
        raise PartUnavailable(f"the dashboard's {self.name} could not be prepared") from self.error

    def __len__(self) -> int:
        return 0


def _prepared(name: str, build) -> Mapping:
    try:
        return MappingProxyType(build())
    except Exception as exc:  # one part's failure must not take the other pages down with it
        return Unavailable(name, exc)


ALL_THEMES = "alle"
"""The Werkagenda's choice of every theme at once."""


@dataclass(frozen=True)
class Dashboard:
    snapshot: Snapshot
    words: Words
    """The plan's own words for its levels, and which levels it has."""
    index: PlanIndex
    initiatives: tuple[InitiativeRow, ...]
    initiatives_by_id: Mapping[str, InitiativeRow]
    """The same rows by initiative id: the one a search hit (or a link) names."""
    partners: tuple[str, ...]
    """The partners the initiatives name, each once by its name in the plan (plan.yaml `partners`), sorted."""
    partner_names: PartnerNames
    """Which partner a spelling names (a link may carry any spelling)."""
    search: tuple[SearchEntry, ...]
    """What the sidebar's search finds, in plan order (present/search.py): KPI's, doelen, initiatives, actions,
    partners and owners, each with its label and its link; a page view only ranks them."""
    legend: tuple[tuple[str, str], ...]
    """Every indicator status's code and its meaning in the plan's own thresholds, for the sidebar's legend."""
    thresholds_uniform: bool
    """Whether every KPI with a target uses the thresholds the legend names."""
    kpi_names: Mapping[str, str]
    """Each KPI's label: 'name (theme)'."""
    theme_kpis: Mapping[str, tuple[str, ...]]
    """Per theme its KPI ids, in plan order: the KPI page offers those of the KPI's own theme (a plan of thousands
    of KPI's would otherwise send them all with every page view)."""
    summaries: Mapping[str, ThemeSummary]
    cards: Mapping[Quarter, tuple[ThemeCard, ...]]
    themes: Mapping[str, ThemeParts]
    theme_quarters: Mapping[tuple[Quarter, str], ThemeQuarter]
    indicators: Mapping[str, IndicatorDetail]
    feeds: Mapping[str, FeedView]
    """Each fed KPI's provenance and its standing beside the Netherlands and the peer regions."""
    owners: Mapping[Quarter, OwnersQuarter]
    quality: Mapping[Quarter, QualityQuarter]
    agenda: Mapping[tuple[Quarter, str], AgendaQuarter]
    """Per quarter and theme id (or ALL_THEMES)."""
    rounds: Mapping[Quarter, RoundQuarter]
    """The Rapportage page: the reporting round of each quarter."""
    regions: Mapping[Quarter, RegionSummary]
    """The Overzicht's opening: where the region stands and what needs attention, per quarter."""

    @property
    def loaded(self):
        return self.snapshot.loaded

    @property
    def quarters(self) -> tuple[Quarter, ...]:
        return self.snapshot.quarters


def legend(loaded) -> tuple[tuple[tuple[str, str], ...], bool]:
    on_track, moderate, uniform = plan_thresholds(loaded)
    return tuple((s.code, s.meaning_for(on_track, moderate)) for s in INDICATOR_STATUSES), uniform


def rounds(snapshot: Snapshot) -> dict[Quarter, RoundQuarter]:
    """Every quarter's reporting round; what arrived and what is demo data are read from the rows once."""
    arrived, demo = arrived_figures(snapshot.measurements.rows), snapshot.measurements.demo_fed()
    return {q: round_quarter(snapshot.loaded, snapshot.at(q), arrived, demo) for q in snapshot.quarters}


def build_dashboard(snapshot: Snapshot) -> Dashboard:
    loaded = snapshot.loaded
    index = build_index(loaded)
    themes = dict(loaded.themes)
    details = _prepared("KPI details", lambda: indicator_details(loaded, snapshot.measurements.rows, snapshot.history,
                                                                  snapshot.quarters))
    quarters = snapshot.quarters

    def per_quarter(build) -> dict:
        return {q: build(q, snapshot.at(q)) for q in quarters}

    words = words_of(loaded)
    kpis = {t: theme_indicators(loaded, index, theme) for t, theme in themes.items()}
    facts = {t: indicator_facts(loaded, index, theme, words) for t, theme in themes.items()}
    summaries = MappingProxyType({t: theme_summary(theme) for t, theme in themes.items()})

    def theme_tables(q: Quarter, state) -> dict:
        values = {i: [p.value for p in d.series_until(q)] for i, d in details.items()}
        return {(q, t): theme_quarter(kpis[t], facts[t], state, values) for t in themes}

    def agenda(q: Quarter, state) -> dict:
        parts = {(q, ALL_THEMES): agenda_quarter(loaded, state.actions, q.end)}
        for t in themes:
            parts[q, t] = agenda_quarter(loaded, state.actions.filter(pl.col("theme") == t), q.end)
        return parts

    def merged(build) -> dict:
        return {key: value for part in per_quarter(build).values() for key, value in part.items()}

    rejected, warnings = rejected_rows(snapshot.measurements).to_arrow(), plan_warnings(loaded).to_arrow()

    def quality(q: Quarter, state) -> QualityQuarter:
        return quality_quarter(loaded, state.indicators, rejected, warnings)

    meanings, uniform = legend(loaded)
    names = partner_names(loaded.plan)
    initiatives = tuple(initiative_rows(loaded, names))
    return Dashboard(
        snapshot=snapshot, words=words, index=index, initiatives=initiatives,
        initiatives_by_id=MappingProxyType({row.id: row for row in initiatives}),
        partners=partner_list(initiatives), partner_names=names,
        search=search_entries(loaded, words, initiatives, names), legend=meanings, thresholds_uniform=uniform,
        kpi_names=MappingProxyType({i.id: f"{i.name} ({theme.name})" for theme in themes.values()
                                    for i in theme.indicators}),
        theme_kpis=MappingProxyType({t: tuple(i.id for i in kpis[t]) for t in themes}),
        summaries=summaries,
        cards=_prepared("theme cards", lambda: per_quarter(lambda q, state: theme_cards(loaded, summaries, state))),
        themes=_prepared("theme parts", lambda: {t: theme_parts(loaded, index, th, words) for t, th in themes.items()}),
        theme_quarters=_prepared("theme tables", lambda: merged(theme_tables)),
        indicators=details,
        feeds=_prepared("open-data feeds", lambda: MappingProxyType(feed_views(
            loaded, snapshot.measurements.rows, snapshot.measurements.benchmarks, snapshot.measurements.table_titles))),
        owners=_prepared("owners", lambda: per_quarter(lambda q, state: owners_quarter(loaded, state.status,
                                                                                       state.actions))),
        quality=_prepared("data quality", lambda: per_quarter(quality)),
        agenda=_prepared("werkagenda", lambda: merged(agenda)),
        rounds=_prepared("rapportage", lambda: rounds(snapshot)),
        regions=_prepared("region summary", lambda: per_quarter(lambda q, state: region_summary(loaded, words, state))))
