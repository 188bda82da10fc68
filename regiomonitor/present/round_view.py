"""The Rapportage page: the quarterly round of one quarter — per theme and per owner which figures are due and
which arrived, which actions have no report for the quarter, which KPI's need a toelichting and lack it, and
which follow-up actions agreed in earlier quarters are open or past their deadline (those of the quarter itself
stand with its toelichting). Prepared once per snapshot (present/dashboard.py)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

import polars as pl
import pyarrow as pa

from regiomonitor.core.formatting import period_nl
from regiomonitor.core.periods import Quarter, parse_period
from regiomonitor.engine.progress import needing_commentary
from regiomonitor.engine.snapshot import QuarterState
from regiomonitor.plan.commentary import open_follow_ups
from regiomonitor.plan.loaded import LoadedPlan
from regiomonitor.present.quality_view import NO_OWNER
from regiomonitor.round.sheets import due_periods, owners, round_deadline

FINISHED = ("done", "dropped")
"""Action status codes that need no further report."""
COUNTS = ("Cijfers verwacht", "Cijfers binnen", "Acties zonder melding", "Toelichting ontbreekt",
          "Vervolgacties open", "Over de deadline")


@dataclass(frozen=True)
class RoundQuarter:
    quarter: Quarter
    deadline: date
    themes: pa.Table
    owners: pa.Table
    missing_figures: pa.Table
    unreported_actions: pa.Table
    missing_commentary: pa.Table
    follow_ups: pa.Table
    owner_names: tuple[str, ...]
    """The owners the plan names, for a workbook per owner."""


def round_quarter(loaded: LoadedPlan, state: QuarterState, arrived: set[tuple[str, date]],
                  demo: set[str]) -> RoundQuarter:
    """`arrived` (arrived_figures) and `demo` (Measurements.demo_fed) are the same for every quarter: the caller
    works them out once."""
    quarter = state.quarter
    deadline = round_deadline(quarter, loaded.plan.reporting.deadline_weeks)
    names = {t: theme.name for t, theme in loaded.themes.items()}
    figures, figure_rows = Counter(), []
    for theme_id, theme in loaded.themes.items():
        for ind in theme.indicators:
            owner = ind.owner or NO_OWNER
            for period in due_periods(ind.frequency, quarter):
                here = (ind.id, parse_period(period).end) in arrived
                figures[("due", names[theme_id], owner)] += 1
                figures[("in", names[theme_id], owner)] += here
                if not here:
                    figure_rows.append((names[theme_id], owner, ind.id, ind.name, period_nl(period)))
    actions = [(names[a["theme"]], a["owner"] or NO_OWNER, a["id"], a["title"], a["status"])
               for a in state.actions.iter_rows(named=True)
               if a["reported_period"] != quarter.code and a["status_code"] not in FINISHED]
    commentary = loaded.commentary.get(quarter.code)
    written = set(commentary.indicators) if commentary else set()
    owners_of = {i.id: i.owner or NO_OWNER for t in loaded.themes.values() for i in t.indicators}
    lacking = [(names[r["theme"]], owners_of.get(r["indicator"], NO_OWNER), r["indicator"], r["name"], r["status"])
               for r in needing_commentary(state.status, demo).iter_rows(named=True) if r["indicator"] not in written]
    follow = _follow_ups(loaded, quarter, deadline)
    has_kpis = any(t.indicators for t in loaded.themes.values())
    has_actions = any(t.werkagenda for t in loaded.themes.values())
    absent = ([] if has_kpis else ["Cijfers verwacht", "Cijfers binnen", "Toelichting ontbreekt"]) + (
        [] if has_actions else ["Acties zonder melding"])  # a level the plan does not have is not counted
    return RoundQuarter(
        quarter=quarter, deadline=deadline,
        themes=_counts("Thema", list(names.values()), figures, actions, lacking, follow, by_theme=True
                       ).drop_columns(absent),
        owners=_counts("Eigenaar", _owners(figures, actions, lacking, follow), figures, actions, lacking, follow,
                       by_theme=False).drop_columns(absent),
        missing_figures=_table(("Thema", "Eigenaar", "KPI id", "KPI", "Periode"), figure_rows),
        unreported_actions=_table(("Thema", "Eigenaar", "Actie id", "Actie", "Status"), actions),
        missing_commentary=_table(("Thema", "Eigenaar", "KPI id", "KPI", "Status"), lacking),
        follow_ups=follow_up_table(follow),
        owner_names=owners(loaded))


def _follow_ups(loaded: LoadedPlan, quarter: Quarter, deadline: date) -> list[tuple]:
    """(theme, owner, KPI or doel, action, due, agreed in, past the deadline) of the follow-up actions agreed before
    `quarter` and still open at its round's deadline."""
    return [(_theme_of(loaded, item.key), item.follow_up.owner, item.key, item.follow_up.action, item.follow_up.due,
             Quarter.parse(item.quarter).label, item.follow_up.due < deadline)
            for item in open_follow_ups(loaded, quarter.code, as_of=deadline)]


def follow_up_table(follow: list[tuple]) -> pa.Table:
    return _table(("Thema", "Eigenaar", "KPI of doel", "Vervolgactie", "Deadline", "Afgesproken in",
                   "Over de deadline"), [(*r[:4], r[4].strftime("%d-%m-%Y"), r[5], "ja" if r[6] else "") for r in follow])


def open_follow_up_table(loaded: LoadedPlan, quarter: Quarter) -> pa.Table:
    """The Rapportage page's open follow-up actions of `quarter`, for the pack."""
    return follow_up_table(_follow_ups(loaded, quarter, round_deadline(quarter, loaded.plan.reporting.deadline_weeks)))


def arrived_figures(rows: pl.DataFrame) -> set[tuple[str, date]]:
    """(KPI, period end) of every real region figure."""
    if not rows.height:
        return set()
    real = rows.filter(~pl.col("is_demo") & pl.col("area").is_null())
    return set(zip(real["indicator"].to_list(), real["period_end"].to_list()))


def _theme_of(loaded: LoadedPlan, key: str) -> str:
    for theme in loaded.themes.values():
        if any(i.id == key for i in theme.indicators):
            return theme.name
    theme = loaded.themes.get(key.partition("/")[0])
    return theme.name if theme else ""


def _owners(figures: Counter, actions, lacking, follow) -> list[str]:
    found = {owner for (_, _, owner) in figures} | {r[1] for r in actions} | {r[1] for r in lacking} | {
        r[1] for r in follow}
    return sorted(found, key=lambda o: (o == NO_OWNER, o.lower()))


def _counts(label: str, groups: list[str], figures: Counter, actions, lacking, follow, by_theme: bool) -> pa.Table:
    """One row per theme (by_theme) or owner with the round's counts; a row with nothing to report is left out.
    Every list holds (theme name, owner, …) first."""
    column = 0 if by_theme else 1
    rows = []
    for name in groups:
        due = sum(v for (kind, *who), v in figures.items() if kind == "due" and who[column] == name)
        got = sum(v for (kind, *who), v in figures.items() if kind == "in" and who[column] == name)
        row = (name, due, got, sum(r[column] == name for r in actions), sum(r[column] == name for r in lacking),
               sum(r[column] == name for r in follow), sum(r[column] == name and r[6] for r in follow))
        if any(row[1:]):
            rows.append(row)
    return pa.table({label: pa.array([r[0] for r in rows], pa.string()),
                     **{c: pa.array([r[n + 1] for r in rows], pa.int64()) for n, c in enumerate(COUNTS)}})


def _table(columns: tuple[str, ...], rows: list[tuple]) -> pa.Table:
    return pa.table({c: pa.array([str(r[n]) for r in rows], pa.string()) for n, c in enumerate(columns)})
