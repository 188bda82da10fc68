"""A static HTML report the region can publish as is: one file, Plotly's JavaScript inlined once, so the
interactive charts work without a server and without network access. All text is escaped: the page's with
html.escape, the charts' with safetext.safe_figure in `_figure`, the one place a figure becomes HTML (Plotly
renders `<a href>` in a label as a live link in the published file)."""

from __future__ import annotations

from html import escape

import plotly.graph_objects as go

from regiomonitor.core.safetext import safe_figure
from regiomonitor.engine.statuses import tint
from regiomonitor.export.formats import Charts
from regiomonitor.export.pack import ExportPack, plan_tables
from regiomonitor.present.views import judgement_line

STYLE = """
body{font-family:"Source Sans Pro",Arial,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
h1{margin-bottom:.2em} .stamp{color:#555;font-size:.9em} table{border-collapse:collapse;width:100%;margin:1em 0}
th,td{border:1px solid #ccc;padding:.35em .5em;text-align:left;vertical-align:top;font-size:.92em}
th{background:#f2f2f2} .note{background:#fff8e1;border-left:4px solid #e69f00;padding:.5em 1em}
section{border-top:2px solid #ddd;margin-top:2em} footer{margin-top:3em;color:#555;font-size:.85em}
.badge{display:inline-block;padding:.1em .45em;border-radius:.3em;font-weight:600;color:#111;white-space:nowrap}
.detail{color:#555;font-size:.9em}
@media print{section{break-before:page} table{break-inside:auto} tr,figure,.js-plotly-plot{break-inside:avoid}}
"""


def write_html(pack: ExportPack, theme_charts: dict[str, go.Figure], indicator_charts: dict[str, go.Figure]) -> str:
    e = escape
    parts = [f"<!DOCTYPE html><html lang='nl'><head><meta charset='utf-8'>"
             f"<title>{e(pack.plan_title)} — {e(pack.quarter.label)}</title><style>{STYLE}</style></head><body>",
             f"<h1>{e(pack.plan_title)}</h1><p><strong>Kwartaalrapportage {e(pack.quarter.label)}</strong> · regio "
             f"{e(pack.region)}</p><p class='stamp'>{e(pack.short_stamp)}</p>"]
    parts += [f"<p class='note'>{e(n)}</p>" for n in pack.data_notes()]
    w = pack.words
    parts.append(f"<h2>Samenvatting</h2><table><tr><th>{e(w.theme)}</th><th>{e(w.indicators)}</th><th>Oordeel</th>"
                 f"<th>Verouderd</th><th>{e(w.actions)} te laat</th></tr>")
    for part in pack.themes:
        r = part.rollup
        parts.append(f"<tr><td><a href='#{e(part.theme.id)}'>{e(part.title)}</a></td><td>{r.get('indicators', 0)}</td>"
                     f"<td>{e(judgement_line(r, w))}</td><td>{r.get('stale', 0)}</td>"
                     f"<td>{r.get('actions_late', 0)} van {r.get('actions', 0)}</td></tr>")
    parts.append("</table>")
    parts += _region_section(pack)
    parts += _round_sections(pack)
    first = True
    for part in pack.themes:
        parts.append(f"<section id='{e(part.theme.id)}'><h2>{e(part.title)}</h2>"
                     + (f"<p><strong>{e(w.ambitie)}:</strong> {e(part.theme.ambitie)}</p>" if part.theme.ambitie else "")
                     + f"<p>{e(judgement_line(part.rollup, w))}</p>")
        if part.theme.id in theme_charts:
            parts.append(_figure(theme_charts[part.theme.id], first))
            first = False
        parts.append(_indicator_table(part, w))
        parts += [f"<p><strong>{e(w.doel)} {e(doel)}:</strong> " + "<br>".join(map(e, note.lines())) + "</p>"
                  for doel, note in part.doel_notes.items()]
        if part.without_data:
            parts.append(f"<p class='detail'>Zonder meting, dus zonder grafiek: "
                         f"{e(', '.join(line.name for line in part.without_data))}.</p>")
        for line in part.drawn:
            if line.id in indicator_charts:
                parts.append(_figure(indicator_charts[line.id], first))
                first = False
        parts += [_plan_table(heading, columns, lines) for heading, columns, lines in plan_tables(part, w)]
        if part.late_actions and not part.by_plan:
            parts.append(f"<h3>{e(w.agenda)}: {e(w.actions_mid)} die achterlopen</h3><ul>" + "".join(
                f"<li>{e(a['title'])} — {e(a['status'])} ({e(a['period'])})</li>" for a in part.late_actions) + "</ul>")
        parts.append("</section>")
    parts.append(f"<footer><p><strong>Methodiek.</strong> {e(pack.method_note)}</p><p>{e(pack.stamp)}</p></footer>"
                 "</body></html>")
    return "\n".join(parts)


def _figure(fig: go.Figure, include_js: bool) -> str:
    return safe_figure(fig).to_html(full_html=False, include_plotlyjs=True if include_js else False,
                                    config={"displaylogo": False, "responsive": True})


def badge(code: str | None, label: str) -> str:
    """A status as a badge: its label on its registry colour's tint (the PDF's badge), never colour alone."""
    fill = tint(code)
    style = f" style='background:rgb{fill}'" if fill else ""
    return f"<span class='badge'{style}>{escape(label)}</span>"


def _region_section(pack: ExportPack) -> list[str]:
    """Where the chosen themes stand, what needs attention (why, in one plain sentence, the numbers below it, and
    whom to ask) and what changed since the previous quarter."""
    e, w, region = escape, pack.words, pack.region_summary
    if region is None:
        return []
    parts = [f"<h2>Waar staan we — {e(pack.quarter.label)}</h2>"]
    if w.has_indicators:
        parts.append(f"<p><strong>{e(w.indicators)}:</strong> {e(region.judged)}. Sinds vorig kwartaal: {region.better} "
                     f"beter, {region.worse} slechter.</p>")
    if w.has_actions:
        parts.append(f"<p><strong>{e(w.actions)} te laat:</strong> {region.actions_late} van {region.actions}.</p>")
    if region.items:
        parts.append(f"<h3>Vraagt aandacht ({len(region.items)})</h3><table><tr><th>Wat</th><th>{e(w.theme)}</th>"
                     "<th>Status</th><th>Waarom</th><th>Vraag het</th></tr>" + "".join(
                         f"<tr><td>{e(i.name)}</td><td>{e(i.theme)}</td>"
                         f"<td>{badge(i.status_code if i.kind == 'kpi' else None, i.status)}</td>"
                         f"<td>{e(i.why)}" + (f"<br><span class='detail'>{e(i.detail)}</span>" if i.detail else "")
                         + f"</td><td>{e(i.ask)}</td></tr>" for i in region.items) + "</table>")
    if pack.moved:
        parts.append(f"<h3>Veranderd sinds vorig kwartaal ({len(pack.moved)})</h3><ul>" + "".join(
            f"<li>{e(m.name)} ({e(m.theme)}): {e(m.previous)} → {e(m.now)}</li>" for m in pack.moved) + "</ul>")
    return parts


def _round_sections(pack: ExportPack) -> list[str]:
    """The open follow-up actions and what changed in the plan this quarter."""
    e = escape
    parts = []
    if pack.follow_ups:
        columns = list(pack.follow_ups[0])
        parts.append("<h2>Open vervolgacties</h2><table><tr>" + "".join(f"<th>{e(c)}</th>" for c in columns) + "</tr>"
                     + "".join("<tr>" + "".join(f"<td>{e(str(r[c]))}</td>" for c in columns) + "</tr>"
                               for r in pack.follow_ups) + "</table>")
    if pack.plan_changes is not None:
        parts.append("<h2>Wijzigingen in het plan dit kwartaal</h2>" + (
            "<ul>" + "".join(f"<li>{e(line)}</li>" for line in pack.plan_changes) + "</ul>" if pack.plan_changes
            else "<p>Het plan is dit kwartaal niet gewijzigd.</p>"))
    return parts


def _plan_table(heading: str, columns: tuple[str, ...], lines) -> str:
    e = escape
    head = "".join(f"<th>{e(c)}</th>" for c in columns)
    rows = "".join(f"<tr><td>{e(line.name)}</td><td>{e(line.detail)}</td><td>{e(line.state)}</td></tr>"
                   for line in lines)
    return f"<h3>{e(heading)}</h3><table><tr>{head}</tr>{rows}</table>"


def _indicator_table(part, words) -> str:
    e = escape
    rows = [f"<table><tr><th>{e(words.indicator)}</th><th>Laatste meting</th><th>Streefwaarde</th><th>Status</th>"
            "<th>Sinds vorig kwartaal</th><th>Uitleg, toelichting en vervolgacties</th></tr>"]
    for line in part.by_severity:
        status = badge(line.status_code, line.status) + (" verouderd" if line.stale else "")
        note = "<br>".join(map(e, line.note.lines())) if line.note else ""
        rows.append(f"<tr><td>{e(line.name)}</td><td>{e(line.latest)}</td><td>{e(line.target)}</td>"
                    f"<td>{status}</td><td>{e(line.change)}</td><td>{e(line.summary)}<br>"
                    f"<span class='detail'>{e(line.explanation)}</span>" + (f"<br>{note}" if note else "")
                    + "".join(f"<br>{e(t)}" for t in (line.comparison, line.provenance) if t) + "</td></tr>")
    rows.append("</table>")
    if part.indicators:
        return "".join(rows)
    return f"<p>Hier zijn nog geen {e(words.indicators_mid)} vastgelegd.</p>" if words.has_indicators else ""


def document(pack: ExportPack, charts: Charts) -> bytes:
    """This format's entry in the registry (export/formats.py)."""
    return write_html(pack, charts.theme_figures, charts.indicator_figures).encode("utf-8")
