"""What the dashboard pages show, computed from the loaded plan without Streamlit.

Keeping this here means the pages only lay things out, and the content is tested without a browser.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import NamedTuple

import polars as pl
import pyarrow as pa

from regiomonitor.core.formatting import period_nl, period_range_nl, value_with_unit
from regiomonitor.engine.snapshot import QuarterState
from regiomonitor.engine.statuses import ACTION_LABEL_OF_PLAN_STATUS, JUDGEMENT_LABELS, LABEL, NO_DATA
from regiomonitor.plan.figures import Comparison, Deadline, Value
from regiomonitor.plan.index import PlanIndex, build_index
from regiomonitor.plan.load import LoadedPlan
from regiomonitor.plan.model import Doel, Indicator, Initiative, Theme
from regiomonitor.present.words import Words

TO_BE_SET_NL = "nog vast te stellen"
DIRECTION_NL = {"higher_is_better": "hoger is beter", "lower_is_better": "lager is beter",
                "within_norm": "binnen de norm blijven", None: "richting niet vastgelegd"}
KIND_NL = {"result": "resultaat", "effort": "inspanning", "context": "context (niet beoordeeld)"}
FREQUENCY_NL = {"monthly": "maandelijks", "quarterly": "per kwartaal", "yearly": "jaarlijks"}


@dataclass(frozen=True)
class ThemeSummary:
    id: str
    number: int | None
    name: str
    ambitie: str
    opgaven: int
    doelen: int
    initiatives: int
    indicators: int
    actions: int
    knelpunten: int


def all_doelen(theme: Theme) -> list[Doel]:
    return [d for o in theme.opgaven for d in o.doelen] + list(theme.doelen)


def theme_summary(theme: Theme) -> ThemeSummary:
    return ThemeSummary(
        id=theme.id, number=theme.number, name=theme.name, ambitie=theme.ambitie,
        opgaven=len(theme.opgaven), doelen=len(all_doelen(theme)), initiatives=len(theme.initiatives),
        indicators=len(theme.indicators), actions=len(theme.werkagenda), knelpunten=len(theme.knelpunten),
    )


def figure_text(figure: Value | Comparison | str, unit: str, deadline: Deadline | None = None) -> str:
    """'35% (2022)' for a cited figure, '35% (2022, aanname)' for one the encoding assumes, 'nog vast te stellen'
    where the plan gives none ('nog vast te stellen, te bereiken in 2025' for a target with a deadline)."""
    if not isinstance(figure, (Value, Comparison)):
        return TO_BE_SET_NL + (f", te bereiken in {period_nl(deadline.period)}" if deadline else "")
    assumed = ", aanname" if getattr(figure, "assumed", None) else ""
    return f"{value_with_unit(figure.value, unit)} ({period_nl(figure.period)}{assumed})"


def norm_text(indicator: Indicator) -> str:
    norm = indicator.norm
    if norm is None:
        return ""
    parts = []
    if norm.min is not None:
        parts.append(f"minimaal {value_with_unit(norm.min, indicator.unit)}")
    if norm.max is not None:
        parts.append(f"maximaal {value_with_unit(norm.max, indicator.unit)}")
    return " en ".join(parts)


def source_text(source) -> str:
    return f"{source.document}: {source.section}" if source else ""


TITLE_CHARS = 60
"""How much of a doel's or opgave's title a reference shows in a table cell."""


def refs_text(index: PlanIndex, theme_id: str, refs: list[str], opgaven: bool = False) -> str:
    """'1 Minder onnodige ritten; Digitalisering 14 Data beschikbaar…': each doel (or opgave) by its number and
    title, those of other themes with the theme's name, as a person reads them."""
    out = []
    for ref in refs:
        target_theme, item_id = index.resolve(theme_id, ref)
        if opgaven:
            title = index.opgaven.get((target_theme, item_id), "")
        else:
            doel = index.doelen.get((target_theme, item_id))
            title = doel.title if doel else ""
        title = title if len(title) <= TITLE_CHARS else title[:TITLE_CHARS - 1].rstrip() + "…"
        theme = index.themes.get(target_theme)
        where = "" if target_theme == theme_id else f"{theme.name if theme else target_theme} "
        out.append(f"{where}{item_id} {title}".rstrip())
    return "; ".join(out)


def judgement_line(rollup: Mapping | None, words: Words) -> str:
    """'3 gunstig, 2 ongunstig, 1 neutraal van 6 beoordeelbare KPI's; met streefwaarde: 0 van 2 behaald of op
    koers' — the registry's judgement first; the share on course only of the KPI's that have a target, so it never
    reads 0% for KPI's that could not be on course."""
    if not rollup or not rollup.get("assessable"):
        return f"nog geen beoordeelbare {words.indicators_mid}"
    judged = ", ".join(f"{rollup[j]} {JUDGEMENT_LABELS[j].lower()}" for j in ("favourable", "unfavourable", "neutral"))
    text = f"{judged} van {rollup['assessable']} beoordeelbare {words.indicators_mid}"
    if rollup["with_target"]:
        text += f"; met streefwaarde: {rollup['on_course']} van {rollup['with_target']} behaald of op koers"
    return text


def theme_indicators(loaded: LoadedPlan, index: PlanIndex, theme: Theme) -> list[Indicator]:
    """The theme's own KPI's, then those another theme leads that serve it too: one record, counted with its lead
    theme, shown in every theme it serves."""
    shared = {i.id: i for t in loaded.themes.values() for i in t.indicators}
    return list(theme.indicators) + [shared[i] for kind, i in index.shared.get(theme.id, []) if kind == "indicator"]


def theme_initiatives(loaded: LoadedPlan, index: PlanIndex, theme: Theme) -> list[Initiative]:
    """The theme's own initiatives, then those another theme leads that serve it too."""
    shared = {i.id: i for t in loaded.themes.values() for i in t.initiatives}
    return list(theme.initiatives) + [shared[i] for kind, i in index.shared.get(theme.id, []) if kind == "initiative"]


def shared_name(loaded: LoadedPlan, index: PlanIndex, theme_id: str, record_id: str, name: str) -> str:
    """'Arbeidstekort (trekker: Arbeidsmarkt)' in a theme it serves, 'Arbeidstekort (ook: Mentale gezondheid)' in
    its lead theme, the bare name for a record of one theme."""
    def theme_name(t: str) -> str:
        return loaded.themes[t].name if t in loaded.themes else t
    lead = index.lead.get(record_id, theme_id)
    if lead != theme_id:
        return f"{name} (trekker: {theme_name(lead)})"
    served = index.served_themes(record_id)
    return f"{name} (ook: {', '.join(theme_name(t) for t in served)})" if served else name


def indicator_facts(loaded: LoadedPlan, index: PlanIndex, theme: Theme, words: Words) -> pa.Table:
    """The columns of the KPI table that do not change with the quarter (the first named as the plan names
    its KPI's), for the theme's KPI's and those of other themes that serve it."""
    rows = [(shared_name(loaded, index, theme.id, i.id, i.name), i.unit, DIRECTION_NL[i.direction], KIND_NL[i.kind],
             figure_text(i.baseline, i.unit), figure_text(i.target, i.unit, i.deadline), norm_text(i),
             FREQUENCY_NL[i.frequency], i.owner or "nog niet belegd")
            for i in theme_indicators(loaded, index, theme)]
    names = (words.indicator, "Eenheid", "Richting", "Soort", "Nulmeting", "Streefwaarde", "Norm", "Frequentie",
             "Eigenaar")
    return pa.table({name: pa.array([r[n] for r in rows], pa.string()) for n, name in enumerate(names)})


def indicator_table_at(facts: pa.Table, indicators: list[Indicator], status: Mapping[str, Mapping]) -> pa.Table:
    """The KPI table at one quarter: the facts with each KPI's status and latest measurement beside them."""
    labels = [_status_label(status.get(i.id)) for i in indicators]
    latest = [latest_text(status[i.id]) if i.id in status else "geen meting" for i in indicators]
    first = facts.column_names[0]
    columns = {first: facts[first], "Status": pa.array(labels, pa.string()),
               "Laatste meting": pa.array(latest, pa.string())}
    columns.update({name: facts[name] for name in facts.column_names[1:]})
    return pa.table(columns)


def _status_label(row: Mapping | None) -> str:
    if row is None:
        return LABEL[NO_DATA]
    return row["status"] + (" · verouderd" if row["stale"] else "")


def initiative_table(loaded: LoadedPlan, index: PlanIndex, theme: Theme, words: Words) -> pl.DataFrame:
    """The theme's initiatives and those of other themes that serve it; the column of opgaven only for a plan that
    has opgaven."""
    doelen, opgaven = f"Draagt bij aan {words.doelen_mid}", f"Draagt bij aan {words.opgaven_mid}"
    rows = [{
        words.initiative: shared_name(loaded, index, theme.id, i.id, (f"{i.label}. " if i.label else "") + i.name),
        "Partners": ", ".join(i.partners),
        "Status": i.status_note or i.status,
        doelen: refs_text(index, index.lead.get(i.id, theme.id), i.contributes_to),
        opgaven: refs_text(index, index.lead.get(i.id, theme.id), i.contributes_to_opgaven, opgaven=True),
    } for i in theme_initiatives(loaded, index, theme)]
    columns = [words.initiative, "Partners", "Status", doelen] + ([opgaven] if words.has_opgaven else [])
    return pl.DataFrame(rows, schema=[words.initiative, "Partners", "Status", doelen, opgaven]).select(columns)


def agenda_table(loaded: LoadedPlan, index: PlanIndex, theme: Theme, words: Words) -> pl.DataFrame:
    names = {x.id: x.name for t in loaded.themes.values() for x in (*t.initiatives, *t.indicators)}
    rows = [{
        words.action: a.title,
        words.doelen: refs_text(index, theme.id, a.doelen),
        "Periode": period_range_nl(a.start, a.end),
        "Status in het plan": ACTION_LABEL_OF_PLAN_STATUS[a.status],
        "Betreft": "; ".join(names.get(ref, ref) for ref in (*a.initiatives, *a.indicators)),
        "Omschrijving": a.description or "",
    } for a in theme.werkagenda]
    return pl.DataFrame(rows, schema=[words.action, words.doelen, "Periode", "Status in het plan", "Betreft",
                                      "Omschrijving"])


SHOWN_PER_DOEL = 12
"""How many KPI's the Thema page writes out under one doel (badge, sparkline, explanation); the others are counted
and stand in the theme's KPI table. The real plan has at most 5 per doel; a plan with hundreds would make the page
slow to draw and to read."""


@dataclass(frozen=True)
class DoelView:
    doel: Doel
    indicators: list[Indicator]
    initiatives: list[str]
    actions: list[str]
    related: list[str]
    via_opgave: bool = False
    """Served by an initiative of its opgave (shown with the opgave), though nothing names the doel itself."""

    @property
    def shown(self) -> list[Indicator]:
        return self.indicators[:SHOWN_PER_DOEL]

    @property
    def not_shown(self) -> int:
        return max(0, len(self.indicators) - SHOWN_PER_DOEL)


def doel_views(loaded: LoadedPlan, theme: Theme, doelen: list[Doel], index: PlanIndex | None = None) -> list[DoelView]:
    """Each doel with the indicators that measure it and the initiatives and actions that serve it."""
    index = index or build_index(loaded)
    indicators = {i.id: i for t in loaded.themes.values() for i in t.indicators}
    initiatives = {i.id: i for t in loaded.themes.values() for i in t.initiatives}
    actions = {a.id: a for t in loaded.themes.values() for a in t.werkagenda}
    views = []
    for doel in doelen:
        key = (theme.id, doel.id)
        views.append(DoelView(
            doel=doel,
            indicators=[indicators[i] for i in dict.fromkeys(index.indicators_by_doel.get(key, []))],
            initiatives=[shared_name(loaded, index, theme.id, i, _initiative_name(initiatives[i]))
                         for i in dict.fromkeys(index.initiatives_by_doel.get(key, []))],
            actions=[actions[a].title for a in dict.fromkeys(index.actions_by_doel.get(key, []))],
            related=[refs_text(index, theme.id, [r]) for r in doel.related],
            via_opgave=index.serves(key) and not index.indicators_by_doel.get(key)
            and not index.initiatives_by_doel.get(key) and not index.actions_by_doel.get(key),
        ))
    return views


def latest_text(row: Mapping) -> str:
    if row["latest_value"] is None:
        return "geen meting"
    return f"{value_with_unit(row['latest_value'], row['unit'])} ({period_nl(row['latest_period'])})"


SPARK_BLOCKS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float]) -> str:
    """A text sparkline ('▁▃▅█'): the shape of a series in one line of text, cheap enough for every KPI."""
    if len(values) < 2:
        return ""
    low, high = min(values), max(values)
    if high == low:
        return SPARK_BLOCKS[3] * len(values)
    return "".join(SPARK_BLOCKS[round((v - low) / (high - low) * (len(SPARK_BLOCKS) - 1))] for v in values)


def opgave_initiatives(loaded: LoadedPlan, index: PlanIndex, theme_id: str, opgave_id: str) -> list[str]:
    """Initiatives the plan links to the opgave as a whole (not to one of its doelen)."""
    initiatives = {i.id: i for t in loaded.themes.values() for i in t.initiatives}
    ids = dict.fromkeys(index.initiatives_by_opgave.get((theme_id, opgave_id), []))
    return [shared_name(loaded, index, theme_id, i, _initiative_name(initiatives[i])) for i in ids]


def _initiative_name(initiative) -> str:
    return (f"{initiative.label}. " if initiative.label else "") + initiative.name


def priority_labels(loaded: LoadedPlan) -> dict[str, str]:
    return {p.id: p.label for p in loaded.plan.priorities} if loaded.plan else {}


class Moved(NamedTuple):
    """A KPI whose status changed since the previous quarter."""
    name: str
    previous: str
    now: str
    change: str  # "better" or "worse"


@dataclass(frozen=True)
class ThemeCard:
    """One theme on the Overzicht for one quarter. `summary` is None for a theme file that could not be loaded."""
    theme_id: str
    summary: ThemeSummary | None
    rollup: Mapping | None
    moved: tuple[Moved, ...]

    @property
    def better(self) -> int:
        return sum(m.change == "better" for m in self.moved)

    @property
    def worse(self) -> int:
        return sum(m.change == "worse" for m in self.moved)


def theme_cards(loaded: LoadedPlan, summaries: Mapping[str, ThemeSummary], state: QuarterState) -> tuple[ThemeCard, ...]:
    moved: dict[str, list[Moved]] = {}
    for row in state.changes.filter(pl.col("change").is_in(["better", "worse"])).iter_rows(named=True):
        moved.setdefault(row["theme"], []).append(
            Moved(row["name"], row["previous_status"], row["status"], row["change"]))
    cards = []
    for t in loaded.theme_ids:
        cards.append(ThemeCard(t, summaries.get(t), state.theme_rollups.get(t), tuple(moved.get(t, ()))))
    return tuple(cards)


ELEMENTS_PER_PART = 64
"""How many elements one part of the Thema page draws for its doelen: a doel's heading is one, a KPI written out
two (its link and its line). Every element costs its share of a page view (about 0.3 ms). The real plan's largest
theme (Acute zorg: 27 doelen, 16 KPI's written out) draws 59, so it is one part; a plan of thousands of KPI's comes
in parts a reader can take in, each as quick to draw as that theme (bench/pages.py --scale 100)."""


@dataclass(frozen=True)
class ThemeSection:
    """One part of the Thema page: per opgave (None: the doelen directly under the theme) its doelen in this part."""
    groups: tuple[tuple[str | None, tuple[DoelView, ...]], ...]
    first: str
    last: str
    """The ids of the first and the last doel in the part (for the choice of part)."""


@dataclass(frozen=True)
class ThemeParts:
    """What the Thema page shows of one theme whatever the quarter: its doelen with what serves them (in parts
    when there are many), the initiatives per opgave, and the initiative and werkagenda tables."""
    parts: tuple[ThemeSection, ...]
    part_of_doel: Mapping[str, int]
    opgave_initiatives: Mapping[str, tuple[str, ...]]
    initiatives: pa.Table
    agenda: pa.Table


def theme_parts(loaded: LoadedPlan, index: PlanIndex, theme: Theme, words: Words) -> ThemeParts:
    groups = [(o.id, doel_views(loaded, theme, o.doelen, index)) for o in theme.opgaven]
    if theme.doelen:
        groups.append((None, doel_views(loaded, theme, theme.doelen, index)))
    parts = split_in_parts(groups)
    return ThemeParts(
        parts=parts,
        part_of_doel=MappingProxyType({view.doel.id: n for n, part in enumerate(parts)
                                       for _, views in part.groups for view in views}),
        opgave_initiatives=MappingProxyType({o.id: tuple(opgave_initiatives(loaded, index, theme.id, o.id))
                                             for o in theme.opgaven}),
        initiatives=initiative_table(loaded, index, theme, words).to_arrow(),
        agenda=agenda_table(loaded, index, theme, words).to_arrow())


def split_in_parts(groups: list[tuple[str | None, list[DoelView]]]) -> tuple[ThemeSection, ...]:
    """Doelen in plan order, in parts of at most ELEMENTS_PER_PART elements (a doel's heading and its KPI's written
    out; a doel is never split, so one with more stands alone). An opgave whose doelen fall in two parts appears
    in both; one without doelen goes with the part it falls in."""
    parts: list[list[tuple[str | None, list[DoelView]]]] = [[]]
    weight = 0
    for opgave, views in groups:
        parts[-1].append((opgave, []))
        for view in views:
            elements = 1 + 2 * len(view.shown)
            if weight and weight + elements > ELEMENTS_PER_PART:
                parts.append([(opgave, [])])
                weight = 0
            parts[-1][-1][1].append(view)
            weight += elements
    done = []
    for part in parts:
        ids = [view.doel.id for _, views in part for view in views]
        done.append(ThemeSection(tuple((o, tuple(v)) for o, v in part), ids[0] if ids else "", ids[-1] if ids else ""))
    return tuple(done)


@dataclass(frozen=True)
class ThemeQuarter:
    """What the Thema page shows of one theme at one quarter: the KPI table and each KPI's sparkline."""
    indicators: pa.Table
    sparklines: Mapping[str, str]


def theme_quarter(indicators: list[Indicator], facts: pa.Table, state: QuarterState,
                  series: Mapping[str, list[float]]) -> ThemeQuarter:
    return ThemeQuarter(indicators=indicator_table_at(facts, indicators, state.indicators),
                        sparklines=MappingProxyType({i.id: sparkline(series.get(i.id, [])) for i in indicators}))
