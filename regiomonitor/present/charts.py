"""Plotly figures from plain records, in Dutch: decimal comma, Dutch quarter labels, labelled statuses.

The same figures serve the dashboard and the static exports, so nothing here knows Streamlit. Nothing here
writes Plotly markup either (no hovertemplate, no `<br>`): every string in a figure is plain text, and the
place where a figure leaves (app_state.chart, the export) escapes it with safetext.safe_figure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import NamedTuple

import plotly.graph_objects as go

from regiomonitor.core.formatting import number_nl, period_nl, value_with_unit
from regiomonitor.core.periods import quarters_between
from regiomonitor.engine.statuses import label_counts


class SeriesPoint(NamedTuple):
    """One region-level measurement of a KPI, as its chart draws it."""
    period: str
    period_end: date
    value: float
    is_demo: bool = False


class AreaValue(NamedTuple):
    """The latest value of a KPI in one gemeente or wijk."""
    area: str
    value: float
    period: str


class GanttBar(NamedTuple):
    """One werkagenda action on the timeline."""
    label: str
    title: str
    status: str
    late: bool
    begin: date
    end: date


FONT = dict(family="Source Sans Pro, Arial, sans-serif", size=13)
# Plotly.js has no Dutch locale bundled in Streamlit: decimal comma and thousands dot via `separators`,
# dates via our own tick labels.
# A light style written out instead of Plotly's "plotly_white" template: merging a named template costs
# about 12 ms per figure, which the overview page (one status bar per theme) cannot afford.
GRID = "#E6E6E6"
BASE_LAYOUT = dict(separators=",.", font=dict(**FONT, color="#2A3F5F"), template="none", paper_bgcolor="white",
                   plot_bgcolor="white", margin=dict(l=10, r=10, t=30, b=10), hoverlabel=dict(align="left"),
                   xaxis=dict(gridcolor=GRID, linecolor=GRID, zerolinecolor=GRID, ticks="", automargin=True,
                              exponentformat="none", separatethousands=True),
                   yaxis=dict(gridcolor=GRID, linecolor=GRID, zerolinecolor="#BBBBBB", ticks="", automargin=True,
                              exponentformat="none", separatethousands=True))
# exponentformat "none": Plotly's default writes SI prefixes on an axis ('0,2n', '1k', '2M'), which read as
# nonsense in Dutch reports; numbers are written out, with the thousands dot.


def _figure(data: list, **layout) -> go.Figure:
    """A figure in the base style, built in one go: its own layout on top of BASE_LAYOUT, nested settings (font,
    margin, axes) merged key by key. Plotly's update calls cost more than the figure itself, and the overview, the
    KPI page and the werkagenda draw theirs on every view or for every quarter."""
    own = {key: {**BASE_LAYOUT[key], **value} if isinstance(value, dict) and isinstance(BASE_LAYOUT.get(key), dict)
           else value for key, value in layout.items()}
    return go.Figure(data=data, layout={**BASE_LAYOUT, **own})
PLOTLY_CONFIG = {"locale": "nl", "displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


def quarter_ticks(start: date, end: date) -> tuple[list[date], list[str]]:
    """Tick positions at quarter ends with Dutch labels ('3e kw. 2026'), at most 7 so they fit side by side."""
    quarters = [q for q in quarters_between(start, end) if q.end <= end]
    if not quarters:  # a span within one quarter (a single point): no quarter end to mark
        return [], []
    step = -(-len(quarters) // 7)
    return [q.end for q in quarters[::step]], [q.short_label for q in quarters[::step]]


BENCHMARK_STYLES = (("#CC79A7", "dot"), ("#56B4E9", "dashdot"), ("#E69F00", "longdash"), ("#009E73", "longdashdot"))
"""The Netherlands and the peer regions beside the region (Okabe-Ito colours, each with its own dash)."""


def indicator_chart(ind: Mapping, series: Sequence[SeriesPoint], path: list[tuple[date, float, str]], unit: str,
                    comparisons: list[tuple[date, float, str]] = (),
                    benchmarks: Sequence[tuple[str, Sequence[tuple[date, float]]]] = (),
                    series_name: str = "Metingen") -> go.Figure:
    """Measurements with baseline, target, interim targets, the expected path, the norm and comparison figures.

    `ind` is a status row; `series` the region-level measurements in time order;
    `path` is the expected path as (date, value, label) points from the baseline to the target (only the
    baseline when there is no target); `comparisons` are reference figures such as a region's average.
    """
    fmt = lambda v: value_with_unit(v, unit)  # noqa: E731
    traces = []
    if len(path) >= 2:
        traces.append(dict(type="scatter", x=[p[0] for p in path], y=[p[1] for p in path], mode="lines",
                           name="Verwachte lijn", line=dict(color="#777777", dash="dash"), hoverinfo="skip"))
    for when, value, label in path:
        symbol = {"Nulmeting": "diamond", "Streefwaarde": "star"}.get(label, "triangle-up")
        traces.append(dict(type="scatter", x=[when], y=[value], mode="markers+text", name=label, text=[label],
                           textposition="top center", marker=dict(symbol=symbol, size=13, color="#0072B2"),
                           hovertext=[f"{label}: {fmt(value)} ({when.strftime('%d-%m-%Y')})"], hoverinfo="text"))
    for when, value, label in comparisons:
        traces.append(dict(type="scatter", x=[when], y=[value], mode="markers+text", name=label, text=[label],
                           textposition="bottom right", marker=dict(symbol="square", size=10, color="#999999"),
                           hovertext=[f"{label}: {fmt(value)} ({when.strftime('%d-%m-%Y')})"], hoverinfo="text"))
    for n, (name, points) in enumerate(benchmarks):
        colour, dash = BENCHMARK_STYLES[n % len(BENCHMARK_STYLES)]
        traces.append(dict(type="scatter", x=[p[0] for p in points], y=[p[1] for p in points], mode="lines+markers",
                           name=name, line=dict(color=colour, dash=dash, width=2), marker=dict(size=6),
                           hovertext=[f"{name}: {fmt(v)} ({w.strftime('%d-%m-%Y')})" for w, v in points],
                           hoverinfo="text"))
    if series:
        traces.append(dict(type="scatter", x=[p.period_end for p in series], y=[p.value for p in series],
                           mode="lines+markers", name=series_name, line=dict(color="#D55E00", width=3),
                           marker=dict(size=8), hovertext=[f"{period_nl(p.period)}: {fmt(p.value)}" for p in series],
                           hoverinfo="text"))
    shapes, notes = [], []
    for bound, label in ((ind.get("norm_min"), "Norm (minimaal)"), (ind.get("norm_max"), "Norm (maximaal)")):
        if bound is not None:  # what fig.add_hline(annotation_position="top left") makes
            shapes.append(dict(type="line", xref="x domain", x0=0, x1=1, yref="y", y0=bound, y1=bound,
                               line=dict(color="#009E73", dash="dot", width=2)))
            notes.append(dict(text=f"{label} {fmt(bound)}", xref="x domain", x=0, xanchor="left", yref="y", y=bound,
                              yanchor="bottom", showarrow=False))
    xaxis, yaxis = {}, dict(title=dict(text=unit))
    dates = ([p[0] for p in path] + [c[0] for c in comparisons] + [p.period_end for p in series]
             + [w for _, points in benchmarks for w, _ in points])
    if dates:
        ticks, labels = quarter_ticks(min(dates), max(dates))
        xaxis.update(tickvals=ticks, ticktext=labels, tickangle=0)
    values = [p[1] for p in path] + [c[1] for c in comparisons] + [p.value for p in series] + [
        v for _, points in benchmarks for _, v in points] + [
        b for b in (ind.get("norm_min"), ind.get("norm_max")) if b is not None]
    if values:
        yaxis["range"] = value_range(values, unit)
    return _figure(traces, height=380, legend=dict(orientation="h", y=-0.15), hovermode="closest", xaxis=xaxis,
                   yaxis=yaxis, shapes=shapes, annotations=notes)


def value_range(values: list[float], unit: str) -> list[float]:
    """A y-axis range that shows the values without magnifying noise: at least 20% of the largest value
    high, never below zero for values that are all positive, and within 0–100 for percentages. Values that are
    all zero get an axis of 0 to 1 (not one a billionth high, whose ticks read '0,2n … 1n')."""
    low, high = min(values), max(values)
    span = max(high - low, 0.2 * max(abs(low), abs(high))) or 1.0
    pad = 0.1 * span if high - low >= span else (span - (high - low)) / 2
    bottom, top = low - pad, high + pad
    if low >= 0 and bottom < 0:
        bottom, top = 0.0, top - bottom
    if unit.strip().startswith("%") and high <= 100 and top > 100:
        bottom, top = max(0.0, bottom - (top - 100)), 100.0
    return [bottom, top]


def area_bars(areas: Sequence[AreaValue], unit: str) -> go.Figure:
    """Latest value per gemeente or wijk."""
    text = [number_nl(a.value) for a in areas]
    bar = go.Bar(x=[a.value for a in areas], y=[a.area for a in areas], orientation="h", text=text,
                 marker_color="#0072B2", hovertext=[f"{a.area}: {t}" for a, t in zip(areas, text)], hoverinfo="text")
    return _figure([bar], height=max(200, 32 * len(areas) + 60), xaxis=dict(title=dict(text=unit)),
                   yaxis=dict(autorange="reversed"))


def gantt(bars: Sequence[GanttBar], start: date, end: date, as_of: date | None = None) -> go.Figure:
    """Werkagenda timeline: one bar per action, in plan order, from the start of its start period to the end
    of its end period; late actions are drawn in vermillion with a hatch pattern; a line marks the as-of date."""
    traces = []
    for late, colour, pattern, name in ((False, "#56B4E9", "", "Op schema"), (True, "#D55E00", "/", "Te laat")):
        part = [b for b in bars if b.late == late]
        if part:
            traces.append(dict(
                type="bar", base=[b.begin for b in part], x=[(b.end - b.begin).days * 86_400_000 for b in part],
                y=[b.label for b in part], orientation="h", name=name,
                marker=dict(color=colour, pattern=dict(shape=pattern)),
                hovertext=[f"{b.title} — {b.status}" for b in part], hoverinfo="text"))
    shapes, notes = [], []
    if as_of is not None:  # what fig.add_vline and fig.add_annotation make
        shapes.append(dict(type="line", x0=as_of.isoformat(), x1=as_of.isoformat(), xref="x", y0=0, y1=1,
                           yref="y domain", line=dict(color="#000000", width=2, dash="dot")))
        notes.append(dict(x=as_of.isoformat(), y=1, yref="paper", yanchor="bottom", showarrow=False,
                          text=f"Peildatum {as_of.strftime('%d-%m-%Y')}"))
    ticks, labels = quarter_ticks(start, end)
    return _figure(traces, barmode="overlay", height=max(250, 28 * len(bars) + 80), shapes=shapes, annotations=notes,
                   legend=dict(orientation="h", y=1.05, x=1, xanchor="right"),
                   xaxis=dict(type="date", tickvals=ticks, ticktext=labels, range=[start, end]),
                   yaxis=dict(autorange="reversed", automargin=True, categoryorder="array",
                              categoryarray=[b.label for b in bars]))


def status_distribution(rollup_row: dict, title: str, counted: str = "KPI's") -> go.Figure:
    """Per status the number of KPI's (`counted`: the plan's word for them), one labelled bar each: readable in
    print and without colour."""
    shown = label_counts(rollup_row)
    present, counts = [s.label for s, _ in shown], [c for _, c in shown]
    bar = go.Bar(x=counts, y=present, orientation="h", text=[str(c) for c in counts], textposition="outside",
                 marker_color=[s.colour for s, _ in shown], hovertext=[f"{s}: {c}" for s, c in zip(present, counts)],
                 hoverinfo="text")
    return _figure([bar], title=dict(text=title), height=max(250, 45 * len(present) + 120), showlegend=False,
                   yaxis=dict(autorange="reversed", categoryorder="array", categoryarray=present),
                   xaxis=dict(title=dict(text=f"aantal {counted}"), dtick=1 if max(counts, default=0) <= 10 else None))


def for_export(fig: go.Figure, title: str, stamp: str) -> go.Figure:
    """A dashboard figure made ready for slides and reports: a title, larger text, and the line that says
    which quarter, as-of date, generation time and plan and data version it shows."""
    out = go.Figure(fig)
    out.update_layout(title=dict(text=title, x=0.01, xanchor="left", font=dict(size=26),
                                 subtitle=dict(text=stamp, font=dict(size=13, color="#555555"))),
                      font=dict(size=18), height=None, margin=dict(l=80, r=40, t=110, b=80))
    return out
