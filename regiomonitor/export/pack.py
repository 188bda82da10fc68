"""Everything a quarterly committee pack shows, computed once and shared by every output format.

Same plan, data and quarter give the same numbers: the pack holds only what the progress engine computes
from the files; the generation time and the versions are the only things that differ between two runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import polars as pl

from regiomonitor.core.formatting import count_nl, number_nl, period_nl, period_range_nl
from regiomonitor.core.periods import Quarter
from regiomonitor.data.sources import DEMO_NOTICE
from regiomonitor.data.versions import DATA_FILES, PLAN_FILES, version_text
from regiomonitor.engine.progress import ACTION_COLUMNS, STATUS_COLUMNS
from regiomonitor.engine.snapshot import Snapshot
from regiomonitor.engine.statuses import DEFAULT_MODERATE, DEFAULT_ON_TRACK, plan_thresholds, severity
from regiomonitor.plan.commentary import Note, notes_for
from regiomonitor.plan.figures import Value
from regiomonitor.plan.index import PlanIndex, build_index
from regiomonitor.plan.model import Theme
from regiomonitor.present.attention_view import RegionSummary, region_summary
from regiomonitor.present.feed_view import FeedView, feed_views
from regiomonitor.present.round_view import open_follow_up_table
from regiomonitor.present.views import (
    all_doelen,
    figure_text,
    latest_text,
    norm_text,
    shared_name,
    theme_initiatives,
)
from regiomonitor.present.words import Words, words_of

CHANGE_NL = {"better": "beter", "same": "gelijk", "worse": "slechter"}


def method_note(on_track: float = DEFAULT_ON_TRACK, moderate: float = DEFAULT_MODERATE, indicator: str = "KPI") -> str:
    """The methodology in one paragraph for the reports, with the plan's own ratio thresholds and its own word for
    an indicator."""
    r1, r0 = number_nl(on_track, 2), number_nl(moderate, 2)
    return (f"Statussen volgens de methodiek van Regiomonitor (docs/methodology.md): een {indicator} met streefwaarde "
            "wordt vergeleken met de rechte lijn van nulmeting naar streefwaarde (R = gerealiseerd / verwacht aandeel; "
            f"R ≥ {r1} op koers, {r0}–{r1} matige voortgang, 0–{r0} beperkte voortgang, < 0 verslechterd); een "
            f"{indicator} zonder streefwaarde op haar trend sinds de nulmeting (verbetering, stabiel, verslechterd); een "
            f"{indicator} met een norm op de laatste meting; context en cijfers zonder vastgelegde richting worden niet "
            "beoordeeld. Verouderd: de laatste meting is ouder dan twee rapportageperioden. Geen gewogen scores.")


@dataclass
class IndicatorLine:
    id: str
    name: str
    unit: str
    latest: str
    target: str
    status: str
    stale: bool
    change: str
    explanation: str
    note: Note | None
    status_code: str = "no_data"
    summary: str = ""
    """The plain sentence (engine/sentences.py); `explanation` is the analyst's, for speaker notes and appendices."""
    has_data: bool = False
    """Whether a measurement is known at the as-of date: a chart without one is listed, not drawn."""
    comparison: str = ""
    """For a fed KPI: the region beside the Netherlands and its peers (present/feed_view.Standing)."""
    provenance: str = ""
    """For a fed KPI: where its figures come from and when they were retrieved, in one line."""

    def commentary(self, source: bool = True) -> list[str]:
        """The plain sentence, the committee's toelichting and follow-up actions, then the comparison with the
        Netherlands and the peers and (with `source`) where the figures come from: the pack's KPI tables. A slide's
        cell leaves the source to the speaker notes, so that a long line never cuts the committee's words."""
        return [self.summary, *(self.note.lines() if self.note else []),
                *[t for t in (self.comparison, self.provenance if source else "") if t]]


@dataclass(frozen=True)
class Moved:
    """A KPI whose status changed since the previous quarter."""
    name: str
    theme: str
    previous: str
    now: str
    change: str   # "better" or "worse"


FEW_INDICATORS = 3
"""A theme with fewer KPI's than this is reported by what else the plan holds for it as well: its doelen with
what serves them, every action with its status, and its initiatives with their partners (a plan of actions and
partnerships has otherwise nothing to show the committee)."""


@dataclass
class PlanLine:
    """One row of a theme's doelen, actions or initiatives in the pack: what it is, and its state in words."""
    name: str
    detail: str
    state: str


@dataclass
class ThemePart:
    theme: Theme
    title: str
    rollup: dict
    indicators: list[IndicatorLine]
    late_actions: list[dict]
    doel_notes: dict[str, Note]
    doelen: list[PlanLine] = field(default_factory=list)
    actions: list[PlanLine] = field(default_factory=list)
    initiatives: list[PlanLine] = field(default_factory=list)
    """Filled for a theme with fewer than FEW_INDICATORS KPI's (`by_plan`), else empty."""

    @property
    def by_plan(self) -> bool:
        return bool(self.doelen or self.actions or self.initiatives)

    @property
    def by_severity(self) -> list[IndicatorLine]:
        """The KPI's most severe first (the registry's order), as the pack's tables list them."""
        return sorted(self.indicators, key=lambda line: severity(line.status_code))

    @property
    def drawn(self) -> list[IndicatorLine]:
        """The KPI's that get a chart: those with a measurement, most severe first."""
        return [line for line in self.by_severity if line.has_data]

    @property
    def without_data(self) -> list[IndicatorLine]:
        return [line for line in self.indicators if not line.has_data]


@dataclass
class ExportPack:
    region: str
    plan_title: str
    quarter: Quarter
    as_of: date
    generated: datetime
    plan_version: str
    data_version: str
    status: pl.DataFrame  # the `status` command's columns, for the chosen themes
    actions: pl.DataFrame  # the `status --actions` columns, for the chosen themes
    measurements: pl.DataFrame
    words: Words  # the plan's own words for its levels, and which it has
    themes: list[ThemePart] = field(default_factory=list)
    demo_in_use: bool = False
    stale: list[str] = field(default_factory=list)
    rejected_rows: int = 0
    method_note: str = field(default_factory=method_note)
    follow_ups: list[dict] = field(default_factory=list)
    """Open follow-up actions at the round's deadline (the Rapportage page's rule): Thema, Eigenaar, KPI of doel,
    Vervolgactie, Deadline, Afgesproken in, Over de deadline."""
    plan_changes: list[str] | None = None
    """What changed in the plan during the quarter (git history); None when that cannot be known."""
    region_summary: RegionSummary | None = None
    """Where the chosen themes stand and what needs attention (the Overzicht's opening, same rules)."""
    moved: list[Moved] = field(default_factory=list)
    feeds: dict[str, FeedView] = field(default_factory=dict)
    """The fed KPI's provenance and comparison series (their charts draw the Netherlands and the peers)."""
    benchmarks: pl.DataFrame | None = None
    """The fed KPI's figures for the Netherlands and the peer regions up to the as-of date (the workbook's sheet)."""

    @property
    def stamp(self) -> str:
        """The full line: quarter, as-of date, generation time, plan and data version. It stands once, in the
        document's properties and on the closing page or slide; pages and charts carry `short_stamp`."""
        return (f"{self.quarter.label} · peildatum {self.as_of.strftime('%d-%m-%Y')} · gegenereerd "
                f"{self.generated.strftime('%d-%m-%Y %H:%M')} · plan: {self.plan_version} · data: {self.data_version}")

    @property
    def short_stamp(self) -> str:
        """What every page, slide and chart carries: region, quarter and as-of date (no versions)."""
        region = f"Regio {self.region} · " if self.region else ""
        return f"{region}{self.quarter.label} · peildatum {self.as_of.strftime('%d-%m-%Y')}"

    def version_lines(self) -> list[str]:
        """The closing page's version details, one per line."""
        return [f"Gegenereerd op {self.generated.strftime('%d-%m-%Y %H:%M')} door Regiomonitor.",
                f"Versie van het plan: {self.plan_version}.", f"Versie van de data: {self.data_version}."]

    @property
    def slug(self) -> str:
        return f"regiomonitor-{self.quarter}"

    def data_notes(self) -> list[str]:
        notes = []
        if self.demo_in_use:
            notes.append(f"Demodata in gebruik. {DEMO_NOTICE}")
        if self.stale:
            notes.append(f"Verouderd ({len(self.stale)} {self.words.indicators_mid}): " + "; ".join(self.stale) + ".")
        if self.rejected_rows:
            notes.append(f"{count_nl(self.rejected_rows, 'meetregel', 'meetregels')} afgewezen; zie Datakwaliteit in "
                         "het dashboard.")
        return notes


def build_pack(snapshot: Snapshot, quarter: Quarter, data_directory: Path, theme_ids: list[str] | None = None,
               generated: datetime | None = None, plan_changes: list[str] | None = None) -> ExportPack:
    """The pack of one quarter of a snapshot (the dashboard's, or `quarter_snapshot` for the command line): it
    reads the judged quarter and computes no status of its own."""
    loaded, state, as_of = snapshot.loaded, snapshot.at(quarter), quarter.end
    words = words_of(loaded)
    chosen = [t for t in loaded.theme_ids if t in loaded.themes and (not theme_ids or t in theme_ids)]
    status = state.status.filter(pl.col("theme").is_in(chosen))
    changes = {r["indicator"]: r["change"] for r in state.changes.iter_rows(named=True)}
    actions = state.actions
    kpi_notes, doel_notes = notes_for(loaded, quarter.code)
    ids = set(status["indicator"])
    rows = snapshot.measurements.rows
    pack = ExportPack(
        region=loaded.plan.region if loaded.plan else "", plan_title=loaded.plan.title if loaded.plan else "",
        quarter=quarter, as_of=as_of, generated=generated or datetime.now().replace(microsecond=0),
        plan_version=version_text(loaded.directory, PLAN_FILES),
        data_version=version_text(Path(data_directory), DATA_FILES),
        status=status.select(STATUS_COLUMNS),
        actions=actions.filter(pl.col("theme").is_in(chosen)).rename({"id": "action"}).select(ACTION_COLUMNS),
        measurements=rows.filter(pl.col("indicator").is_in(ids) & (pl.col("period_end") <= as_of))
        .sort("indicator", "period_end", "area", nulls_last=False)
        .select("indicator", "period", "value", "area", "source", "note", "is_demo"),
        demo_in_use=bool(rows.filter(pl.col("indicator").is_in(ids))["is_demo"].any()),
        rejected_rows=len(snapshot.measurements.problems),
        words=words,
        method_note=method_note(*plan_thresholds(loaded)[:2], words.indicator_mid),
        plan_changes=plan_changes,
    )
    pack.region_summary = region_summary(loaded, words, state, chosen)
    theme_names = {t: loaded.themes[t].name for t in chosen}
    pack.moved = [Moved(r["name"], theme_names[r["theme"]], r["previous_status"], r["status"], r["change"])
                  for r in state.changes.iter_rows(named=True)
                  if r["theme"] in theme_names and r["change"] in ("better", "worse")]
    # A chart draws the region's series (present/indicator_view.region_series): without a region figure there is none.
    measured = set(rows.filter((pl.col("period_end") <= as_of) & pl.col("area").is_null())["indicator"].unique()
                   .to_list())
    names = set(theme_names.values())
    pack.follow_ups = [r for r in open_follow_up_table(loaded, quarter).to_pylist() if r["Thema"] in names]
    by_id = state.indicators
    index = build_index(loaded)
    m = snapshot.measurements
    pack.feeds = feed_views(loaded, m.rows, m.benchmarks, m.table_titles)
    pack.benchmarks = (m.benchmarks.filter(pl.col("indicator").is_in(ids) & (pl.col("period_end") <= as_of))
                       .sort("indicator", "period_end", "area").select("indicator", "period", "value", "area", "source",
                                                                       "note", "is_demo"))
    for theme_id in chosen:
        theme = loaded.themes[theme_id]
        lines = []
        for ind in theme.indicators:
            row = by_id[ind.id]
            lines.append(IndicatorLine(
                id=ind.id, name=ind.name, unit=ind.unit,
                latest=latest_text(row), target=_target_text(ind), status=row["status"], stale=row["stale"],
                change=CHANGE_NL.get(changes.get(ind.id), "–"), explanation=row["explanation"],
                note=kpi_notes.get(ind.id), status_code=row["status_code"], summary=row["summary"],
                has_data=ind.id in measured, **_fed(pack.feeds.get(ind.id), as_of)))
            if row["stale"]:
                pack.stale.append(f"{ind.name} (laatste meting {period_nl(row['latest_period'])})")
        late = [{"title": a["title"], "status": a["status"], "period": period_range_nl(a["start"], a["end"])}
                for a in actions.filter((pl.col("theme") == theme_id) & pl.col("late")).iter_rows(named=True)]
        part = ThemePart(
            theme=theme, title=f"{theme.number}. {theme.name}" if theme.number else theme.name,
            rollup=dict(state.theme_rollups.get(theme_id, {})), indicators=lines, late_actions=late,
            doel_notes={k.split("/", 1)[1]: v for k, v in doel_notes.items() if k.startswith(f"{theme_id}/")})
        if len(lines) < FEW_INDICATORS:
            _by_plan(part, loaded, index, actions.filter(pl.col("theme") == theme_id), words)
        pack.themes.append(part)
    return pack


def _by_plan(part: ThemePart, loaded, index: PlanIndex, actions: pl.DataFrame, words: Words) -> None:
    """The theme's doelen (what serves each, or the plan's own word on why nothing does), its actions with their
    status this quarter, and its initiatives (its own and those of other themes that serve it)."""
    theme = part.theme
    for doel in all_doelen(theme):
        key = (theme.id, doel.id)
        served = [(len(set(index.indicators_by_doel.get(key, []))), words.indicator_mid, words.indicators_mid),
                  (len(set(index.initiatives_by_doel.get(key, []))), words.initiative_mid, words.initiatives_mid),
                  (len(set(index.actions_by_doel.get(key, []))), words.action_mid, words.actions_mid)]
        text = ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in served if n)
        if not text:
            text = doel.gap or (f"via de {words.opgave_mid}" if index.serves(key) else "nog niets gekoppeld")
        part.doelen.append(PlanLine(doel.id, doel.title, text))
    for row in actions.iter_rows(named=True):
        part.actions.append(PlanLine(row["title"], period_range_nl(row["start"], row["end"]),
                                     row["status"]))
    for initiative in theme_initiatives(loaded, index, theme):
        name = shared_name(loaded, index, theme.id, initiative.id, initiative.name)
        part.initiatives.append(PlanLine(name, ", ".join(initiative.partners) or "–",
                                         initiative.status_note or initiative.status))


def _fed(view: FeedView | None, as_of) -> dict[str, str]:
    """A fed KPI's comparison and provenance lines as of the quarter's end; nothing for a KPI without a feed."""
    if view is None:
        return {}
    comparison, provenance = view.in_words(as_of)
    return {"comparison": comparison, "provenance": provenance}


def _target_text(ind) -> str:
    """The target, or for a KPI held to a norm (and without target) the norm, as the dashboard words it."""
    if ind.norm is not None and not isinstance(ind.target, Value):
        return "norm " + norm_text(ind)
    return figure_text(ind.target, ind.unit, ind.deadline)


def plan_tables(part: ThemePart, words: Words) -> list[tuple[str, tuple[str, str, str], list[PlanLine]]]:
    """The tables a theme reported by its plan shows, each with its heading and column names, in the plan's words:
    every format lays out the same."""
    tables = [(words.doelen, (words.doel, "Omschrijving", "Wat eraan werkt"), part.doelen),
              (words.agenda, (words.action, "Periode", "Status"), part.actions),
              (words.initiatives, (words.initiative, "Partners", "Status"), part.initiatives)]
    return [table for table in tables if table[2]]


def output_name(pack: ExportPack, theme_ids: list[str] | None, suffix: str) -> str:
    themes = "-" + "-".join(theme_ids) if theme_ids else ""
    return f"{pack.slug}{themes}.{suffix}"
