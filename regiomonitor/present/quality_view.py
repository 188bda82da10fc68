"""Data quality and ownership: what is missing, old or rejected, grouped by whom to ask."""

from __future__ import annotations

import polars as pl

from regiomonitor.core.formatting import period_nl
from regiomonitor.core.periods import parse_period
from regiomonitor.core.problems import shown_relative
from regiomonitor.core.safetext import visible
from regiomonitor.data.measurements import Measurements
from regiomonitor.engine.statuses import NO_DATA, codes
from regiomonitor.plan.load import LoadedPlan
from regiomonitor.plan.model import Value

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


def indicator_issues(loaded: LoadedPlan, status: pl.DataFrame) -> pl.DataFrame:
    """One row per problem per indicator: no data, stale, no target, no owner; with its owner."""
    by_id = {row["indicator"]: row for row in status.iter_rows(named=True)}
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


def gantt_frame(actions: pl.DataFrame, theme_names: dict[str, str]) -> pl.DataFrame:
    """Actions with the start of their start period and a short label, for the timeline."""
    starts = [parse_period(s).start for s in actions["start"]]
    labels = [f"{theme_names.get(t, t)} · {title[:45] + '…' if len(title) > 45 else title}"
              for t, title in zip(actions["theme"], actions["title"])]
    unique = []
    for label in labels:  # equal labels would stack on one row
        while label in unique:
            label += " "
        unique.append(label)
    return actions.with_columns(pl.Series("start_begin", starts, dtype=pl.Date), pl.Series("label", unique))
