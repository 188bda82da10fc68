"""Data quality and ownership: what is missing, old or rejected, grouped by whom to ask."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

import polars as pl
import pyarrow as pa

from regiomonitor.core.formatting import period_nl, period_range_nl
from regiomonitor.core.periods import parse_period
from regiomonitor.core.problems import shown_relative
from regiomonitor.core.safetext import SafeFigure, prepared_figure, visible
from regiomonitor.data.measurements import Measurements
from regiomonitor.engine.statuses import NO_DATA, codes
from regiomonitor.plan.figures import Value
from regiomonitor.plan.load import LoadedPlan
from regiomonitor.present.charts import GanttBar, gantt

NO_OWNER = "Eigenaar nog niet belegd"


def problem_table(problems, row_label: str = "Regel") -> pl.DataFrame:
    problems = [shown_relative(p) for p in problems]
    return pl.DataFrame({"Bestand": [visible(p.file) for p in problems], row_label: [p.line for p in problems],
                         "Veld": [visible(p.field) or "–" for p in problems],
                         "Melding": [visible(p.message) for p in problems]},
                        schema={"Bestand": pl.String, row_label: pl.Int64, "Veld": pl.String, "Melding": pl.String})


def plan_warnings(loaded: LoadedPlan) -> pl.DataFrame:
    return problem_table(loaded.warnings)


def rejected_rows(measurements: Measurements) -> pl.DataFrame:
    return problem_table(measurements.problems, "Rij")


def indicator_issues(loaded: LoadedPlan, by_id: Mapping[str, Mapping]) -> pl.DataFrame:
    """One row per problem per indicator: no data, stale, no target, no owner; with its owner (`by_id`: the status
    rows by indicator id)."""
    rows = []
    for theme_id in loaded.theme_ids:
        theme = loaded.themes.get(theme_id)
        for ind in theme.indicators if theme else []:
            row = by_id.get(ind.id, {})
            problems = []
            if row.get("status_code") == NO_DATA:
                problems.append("geen gegevens")
            if row.get("stale"):
                problems.append(f"verouderd (laatste meting {period_nl(row['latest_period'])})")
            if not isinstance(ind.target, Value) and ind.norm is None:
                problems.append("geen streefwaarde")
            if not ind.owner:
                problems.append("geen eigenaar")
            for problem in problems:
                rows.append({"Eigenaar": ind.owner or NO_OWNER, "Thema": theme.name, "KPI": ind.name,
                             "Probleem": problem})
    return pl.DataFrame(rows, schema={"Eigenaar": pl.String, "Thema": pl.String, "KPI": pl.String,
                                      "Probleem": pl.String}).sort("Eigenaar", "Thema", "KPI")


def owner_overview(loaded: LoadedPlan, status: pl.DataFrame, actions: pl.DataFrame) -> pl.DataFrame:
    """Per owner: how many KPI's and actions, how many KPI's not on course, how many actions late."""
    owners = {ind.id: ind.owner or NO_OWNER for t in loaded.themes.values() for ind in t.indicators}
    kpis = status.select("indicator", "status_code").with_columns(
        pl.col("indicator").replace_strict(owners, default=NO_OWNER).alias("owner"))
    kpi_counts = kpis.group_by("owner").agg(
        pl.len().alias("kpis"),
        pl.col("status_code").is_in(codes(needs_attention=True))
        .sum().alias("kpis_attention"))
    act = actions.select(pl.col("owner").fill_null(NO_OWNER), "late")
    action_counts = act.group_by("owner").agg(pl.len().alias("actions"), pl.col("late").sum().alias("actions_late"))
    table = kpi_counts.join(action_counts, on="owner", how="full", coalesce=True)
    table = table.with_columns(pl.exclude("owner").fill_null(0)).sort("owner")
    return table.rename({"owner": "Eigenaar", "kpis": "KPI's", "kpis_attention": "KPI's met aandacht",
                         "actions": "Acties", "actions_late": "Acties te laat"})


def with_theme_names(frame: pl.DataFrame, loaded: LoadedPlan, column: str = "Thema") -> pl.DataFrame:
    """Replace theme ids by the themes' names in one column, for display."""
    names = {t: theme.name for t, theme in loaded.themes.items()}
    return frame.with_columns(pl.col(column).replace_strict(names, default=pl.col(column), return_dtype=pl.String))


@dataclass(frozen=True)
class OwnerPart:
    owner: str
    indicators: pa.Table | None
    actions: pa.Table | None


@dataclass(frozen=True)
class OwnersQuarter:
    """The Eigenaren page at one quarter: the overview, and per owner its KPI's and actions."""
    overview: pa.Table
    owners: tuple[OwnerPart, ...]


def owners_quarter(loaded: LoadedPlan, status: pl.DataFrame, actions: pl.DataFrame) -> OwnersQuarter:
    overview = owner_overview(loaded, status, actions)
    owners = {ind.id: ind.owner or NO_OWNER for t in loaded.themes.values() for ind in t.indicators}
    kpis = with_theme_names(status.select(
        pl.col("indicator").replace_strict(owners, default=NO_OWNER).alias("owner"), pl.col("name").alias("KPI"),
        pl.col("theme").alias("Thema"), pl.col("status").alias("Status")), loaded)
    acts = with_theme_names(actions.select(
        pl.col("owner").fill_null(NO_OWNER), pl.col("title").alias("Actie"), pl.col("theme").alias("Thema"),
        pl.col("status").alias("Status")), loaded)
    kpis_of = kpis.partition_by("owner", as_dict=True, include_key=False)
    acts_of = acts.partition_by("owner", as_dict=True, include_key=False)
    parts = tuple(OwnerPart(owner, _table(kpis_of.get((owner,))), _table(acts_of.get((owner,))))
                  for owner in overview["Eigenaar"].to_list())
    return OwnersQuarter(overview.to_arrow(), parts)


def _table(frame: pl.DataFrame | None) -> pa.Table | None:
    return frame.to_arrow() if frame is not None and frame.height else None


@dataclass(frozen=True)
class QualityQuarter:
    """The Datakwaliteit page at one quarter."""
    no_data: int
    stale: int
    per_owner: tuple[tuple[str, pa.Table], ...]
    rejected: pa.Table
    warnings: pa.Table


def quality_quarter(loaded: LoadedPlan, status: Mapping[str, Mapping], rejected: pa.Table,
                    warnings: pa.Table) -> QualityQuarter:
    issues = indicator_issues(loaded, status)
    per_owner = issues.partition_by("Eigenaar", as_dict=True, maintain_order=True, include_key=False)
    return QualityQuarter(
        no_data=issues.filter(pl.col("Probleem") == "geen gegevens").height,
        stale=issues.filter(pl.col("Probleem").str.starts_with("verouderd")).height,
        per_owner=tuple((owner, part.to_arrow()) for (owner,), part in per_owner.items()),
        rejected=rejected, warnings=warnings)


@dataclass(frozen=True)
class AgendaAction:
    """One action at a quarter, as the Werkagenda page shows the action a search hit or a link names."""
    id: str
    title: str
    theme: str
    """The theme's name."""
    status: str
    explanation: str | None
    period: str
    owner: str | None


@dataclass(frozen=True)
class AgendaQuarter:
    """The Werkagenda page at one quarter, for all themes or one: the timeline and the late actions."""
    total: int
    late: pa.Table
    timeline: SafeFigure | None
    actions: pa.Table
    """Every action with its status this quarter, when and by whom it was last reported, and the report's note."""
    """The timeline (charts.gantt) from the plan period's start to its end, prepared; None without actions."""
    by_id: Mapping[str, AgendaAction] = field(default_factory=lambda: MappingProxyType({}))
    """Each action by its id."""

    @property
    def late_count(self) -> int:
        return self.late.num_rows


def agenda_quarter(loaded: LoadedPlan, actions: pl.DataFrame, as_of: date) -> AgendaQuarter:
    theme_names = {t: theme.name for t, theme in loaded.themes.items()}
    short = {t: str(theme.number or t) for t, theme in loaded.themes.items()}
    bars, labels = [], set()
    for row in actions.iter_rows(named=True):
        if row["start"] is None or row["end"] is None:  # listed in the tables, but no bar without a period
            continue
        title = row["title"]
        label = f"{short.get(row['theme'], row['theme'])} · {title[:45] + '…' if len(title) > 45 else title}"
        while label in labels:  # equal labels would stack on one row
            label += " "
        labels.add(label)
        bars.append(GanttBar(label, title, row["status"], row["late"], parse_period(row["start"]).start,
                             row["end_end"]))
    late = actions.filter(pl.col("late"))
    table = pl.DataFrame({
        "Thema": [theme_names.get(t, t) for t in late["theme"]], "Actie": late["title"].to_list(),
        "Status": late["status"].to_list(), "Gerapporteerd": late["reported_status"].to_list(),
        "Periode": [period_range_nl(s, e) for s, e in zip(late["start"], late["end"])],
    }, schema={"Thema": pl.String, "Actie": pl.String, "Status": pl.String, "Gerapporteerd": pl.String,
               "Periode": pl.String})
    every = pl.DataFrame({
        "Thema": [theme_names.get(t, t) for t in actions["theme"]], "Actie": actions["title"].to_list(),
        "Status": actions["status"].to_list(),
        "Gemeld voor": [period_nl(p) if p else ("het plan" if s else "–")
                        for p, s in zip(actions["reported_period"], actions["reported_status"])],
        "Melding": [n or "" for n in actions["reported_note"]],
        "Periode": [period_range_nl(s, e) for s, e in zip(actions["start"], actions["end"])],
    }, schema={"Thema": pl.String, "Actie": pl.String, "Status": pl.String, "Gemeld voor": pl.String,
               "Melding": pl.String, "Periode": pl.String})
    timeline = None
    if bars:
        start = loaded.plan.period.start.start if loaded.plan else min(b.begin for b in bars)
        end = loaded.plan.period.end.end if loaded.plan else max(b.end for b in bars)
        timeline = prepared_figure(gantt(bars, start, end, as_of))
    by_id = {row["id"]: AgendaAction(row["id"], row["title"], theme_names.get(row["theme"], row["theme"]), row["status"],
                                     row["explanation"], period_range_nl(row["start"], row["end"]),
                                     row["owner"])
             for row in actions.iter_rows(named=True)}
    return AgendaQuarter(actions.height, table.to_arrow(), timeline, every.to_arrow(), MappingProxyType(by_id))
