"""The PPTX deck (python-pptx), 16:9, in the order a committee meeting runs: a title slide; where the region stands
(the judgement of every KPI, late actions, what changed) with the attention list; open follow-up actions and the
plan's changes; per theme one summary slide with its KPI table (most severe first: status, change, the plain
sentence, toelichting and vervolgacties), then a chart per KPI that has data (the others are in the table, not
drawn as empty charts); one closing slide with the version details. Every picture has alt text naming the KPI and
its status, every chart slide speaker notes with the explanation; footers carry region, quarter and slide number.
"""

from __future__ import annotations

import io
import re

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

from regiomonitor.core.formatting import count_nl
from regiomonitor.engine.statuses import BY_CODE
from regiomonitor.export.formats import Charts
from regiomonitor.export.pack import ExportPack, IndicatorLine, PlanLine, ThemePart, plan_tables
from regiomonitor.present.views import judgement_line

WIDTH, HEIGHT = Emu(12192000), Emu(6858000)  # 16:9, 13.333 × 7.5 inch, as PowerPoint makes it
MARGIN = Inches(0.5)
# Characters XML 1.0 cannot hold at all, which python-pptx passes on to lxml ("All strings must be XML
# compatible"): the noncharacters U+FFFE and U+FFFF and lone surrogates. (python-pptx escapes the C0 controls
# itself.) The loaders refuse them in plan and data files; this keeps the deck whole if one gets through anyway.
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")
TABLE_TOP_FIRST, TABLE_TOP = Inches(3.45), Inches(1.3)
"""Where a table starts on a theme's summary slide (below its summary and chart), and on any other slide."""
TABLE_BOTTOM = HEIGHT - Inches(0.55)
"""Where a table must end: above the footer."""
FONT_PT = 11
LINE, ROW_PADDING = Emu(int(FONT_PT * 1.2 * 12700)), Inches(0.12)
CHARACTERS_PER_INCH = 13
"""How many characters of 11 pt text fill an inch of a cell, on average: for the height a row will take."""
CELL_CHARACTERS = 230
"""A table cell on a slide holds this much text; the whole text is in the speaker notes, the PDF and the HTML."""


def _xml(text: str) -> str:
    """`text` with each character XML cannot hold written as a visible escape (`\\ufffe`), as messages show them."""
    return _NOT_XML.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


def _short(text: str, most: int = CELL_CHARACTERS) -> str:
    return text if len(text) <= most else text[:most - 1].rstrip() + "…"


def write_pptx(pack: ExportPack, theme_pngs: dict[str, bytes], indicator_pngs: dict[str, bytes],
               chart_problem: str | None) -> bytes:
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    deck.core_properties.title = _xml(f"{pack.plan_title} — {pack.quarter.label}")
    deck.core_properties.subject = _xml(pack.stamp)
    deck.core_properties.author = "Regiomonitor"
    deck.core_properties.language = "nl-NL"
    _title_slide(deck, pack, chart_problem)
    _region_slides(deck, pack)
    if pack.follow_ups:
        rows = [PlanLine(f"{r['KPI of doel']}: {r['Vervolgactie']}", r["Eigenaar"],
                         r["Deadline"] + (" (over de deadline)" if r["Over de deadline"] else "")) for r in pack.follow_ups]
        _table_slides(deck, pack, f"Open vervolgacties ({len(rows)})", ("Vervolgactie", "Eigenaar", "Deadline"),
                      [(r.name, r.detail, r.state) for r in rows], (6.3, 3.5, 2.53))
    if pack.plan_changes:
        _table_slides(deck, pack, "Wijzigingen in het plan dit kwartaal", ("Wijziging",),
                      [(line,) for line in pack.plan_changes], (12.33,))
    for part in pack.themes:
        _theme_slides(deck, pack, part, theme_pngs.get(part.theme.id), indicator_pngs, chart_problem)
    _closing_slide(deck, pack)
    for number, slide in enumerate(deck.slides, start=1):
        _footer(slide, pack, number, len(deck.slides))
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def _title_slide(deck, pack: ExportPack, chart_problem: str | None) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[0])
    title, subtitle = slide.shapes.title, slide.placeholders[1]
    # The template's title layout is drawn for 4:3: placed again for the 16:9 slide.
    title.left, title.top, title.width, title.height = Inches(0.9), Inches(1.6), WIDTH - Inches(1.8), Inches(1.8)
    subtitle.left, subtitle.top, subtitle.width, subtitle.height = (Inches(0.9), Inches(3.6), WIDTH - Inches(1.8),
                                                                    Inches(2.6))
    title.text = _xml(pack.plan_title or "Regiomonitor")
    w = pack.words
    lines = [f"Kwartaalrapportage {pack.quarter.label}", pack.short_stamp, w.committee or "",
             *pack.data_notes()[:1], chart_problem or ""]
    subtitle.text = _xml("\n".join(line for line in lines if line))
    for n, paragraph in enumerate(subtitle.text_frame.paragraphs):
        paragraph.font.size = Pt(24 if n == 0 else 16)


def _region_slides(deck, pack: ExportPack) -> None:
    """Where the chosen themes stand, and what needs attention: the Overzicht's opening for the meeting."""
    region, w = pack.region_summary, pack.words
    if region is None:
        return
    slide = _titled(deck, f"Waar staan we — {pack.quarter.label}")
    lines = []
    if w.has_indicators:
        lines.append(f"{w.indicators}: {region.judged}.")
        lines.append(f"Sinds vorig kwartaal: {region.better} beter, {region.worse} slechter.")
    if w.has_actions:
        lines.append(f"{w.actions} te laat: {region.actions_late} van {region.actions}.")
    lines.append(f"Vraagt aandacht: {count_nl(len(region.items), 'onderwerp', 'onderwerpen')}"
                 + (" — zie de volgende dia's." if region.items else "."))
    _text(slide, lines, Inches(1.4), Inches(5.4), size=20)
    notes = [f"{i.name} ({i.theme}): {i.status}. {i.why} {i.detail} Vraag het: {i.ask}." for i in region.items]
    if notes:
        slide.notes_slide.notes_text_frame.text = _xml("\n".join(notes))
    if region.items:
        rows = [(f"{i.name}", i.theme, f"{i.status}: {i.why}", i.ask) for i in region.items]
        _table_slides(deck, pack, f"Vraagt aandacht ({len(rows)})", ("Wat", w.theme, "Waarom", "Vraag het"), rows,
                      (3.4, 2.0, 4.6, 2.33), status_codes=[i.status_code if i.kind == "kpi" else None
                                                           for i in region.items], status_column=2)
    if pack.moved:
        rows = [(m.name, m.theme, f"{m.previous} → {m.now}", "beter" if m.change == "better" else "slechter")
                for m in pack.moved]
        _table_slides(deck, pack, f"Veranderd sinds vorig kwartaal ({len(rows)})",
                      (w.indicator, w.theme, "Status", "Richting"), rows, (5.0, 2.6, 3.3, 1.43))


def _theme_slides(deck, pack: ExportPack, part: ThemePart, chart: bytes | None, indicator_pngs: dict[str, bytes],
                  chart_problem: str | None) -> None:
    w = pack.words
    slide = _titled(deck, part.title)
    lines = [judgement_line(part.rollup, w)[:1].upper() + judgement_line(part.rollup, w)[1:] + "."] \
        if part.indicators else []
    if part.rollup.get("actions"):
        lines.append(f"{w.actions} te laat: {part.rollup.get('actions_late', 0)} van {part.rollup.get('actions', 0)}.")
    if part.without_data:
        lines.append(f"Nog zonder meting (geen grafiek): {len(part.without_data)}.")
    if part.theme.ambitie:
        lines.append(f"{w.ambitie}: {_short(part.theme.ambitie, 300)}")
    if not part.indicators and w.has_indicators:
        lines.append(f"Hier zijn nog geen {w.indicators_mid} vastgelegd.")
    elif chart is None and chart_problem:
        lines.append("Grafiek ontbreekt: zie de melding op de titeldia.")
    _text(slide, lines, Inches(1.2), Inches(7.4) if chart else WIDTH - 2 * MARGIN, size=14,
          height=Inches(2.1))
    if chart:
        picture = slide.shapes.add_picture(io.BytesIO(chart), Inches(8.1), Inches(1.15), width=Inches(4.7))
        _alt(picture, f"Statusverdeling van {part.title}: {judgement_line(part.rollup, w)}.")
    if part.indicators:
        rows = [(line.name, line.status + (" · verouderd" if line.stale else ""), line.change,
                 _short(" ".join(line.commentary(source=False)))) for line in part.by_severity]
        slide.notes_slide.notes_text_frame.text = _xml("\n".join(_note(line) for line in part.by_severity))
        _table_slides(deck, pack, part.title, (w.indicator, "Status", "Sinds vorig kwartaal",
                                               "Uitleg, toelichting en vervolgacties"), rows, (3.6, 2.2, 1.6, 4.93),
                      first=slide, status_codes=[line.status_code for line in part.by_severity], status_column=1)
    if part.doel_notes:
        _table_slides(deck, pack, f"{part.title} — toelichting per {w.doel_mid}", (w.doel, "Toelichting"),
                      [(doel, _short(" ".join(note.lines()), 400)) for doel, note in part.doel_notes.items()],
                      (2.0, 10.33))
    for heading, columns, lines in plan_tables(part, w):
        _table_slides(deck, pack, f"{part.title} — {heading}", columns,
                      [(line.name, line.detail, line.state) for line in lines], (4.2, 5.0, 3.13))
    for line in part.drawn:
        png = indicator_pngs.get(line.id)
        if png:
            _chart_slide(deck, line, png)


def _chart_slide(deck, line: IndicatorLine, png: bytes) -> None:
    slide = _titled(deck, line.name)
    _text(slide, [f"{line.status}: {line.summary}"], Inches(1.05), WIDTH - 2 * MARGIN, size=16, height=Inches(0.6))
    picture = slide.shapes.add_picture(io.BytesIO(png), Inches(1.75), Inches(1.7), height=Inches(5.2))
    _alt(picture, f"Grafiek van {line.name}, status {line.status}: {line.summary}")
    slide.notes_slide.notes_text_frame.text = _xml(_note(line))


def _note(line: IndicatorLine) -> str:
    """A KPI in the speaker notes: status, the plain sentence, the analyst's sentence, the committee's words, and
    for a fed KPI the comparison and the source."""
    return " ".join([f"{line.name}: {line.status}.", line.summary, line.explanation,
                     *(line.note.lines() if line.note else []), *[t for t in (line.comparison, line.provenance) if t]])


def _closing_slide(deck, pack: ExportPack) -> None:
    slide = _titled(deck, "Over deze rapportage")
    _text(slide, [*pack.version_lines(), *pack.data_notes(), pack.method_note], Inches(1.3), WIDTH - 2 * MARGIN,
          size=12, height=Inches(5.4))


def _table_slides(deck, pack: ExportPack, title: str, columns: tuple[str, ...], rows: list[tuple[str, ...]],
                  widths: tuple[float, ...], first=None, status_codes: list[str | None] | None = None,
                  status_column: int | None = None) -> None:
    """`rows` as tables, as many rows per slide as fit above the footer ('(2/3)' in the title when there are
    more); with `first`, the first part goes onto that slide below its summary. A status cell begins with a square
    in the registry's colour for that status, beside its label (never colour alone)."""
    chunks = _chunks(columns, rows, widths, TABLE_TOP_FIRST if first is not None else TABLE_TOP)
    for n, (offset, chunk) in enumerate(chunks):
        suffix = f" ({n + 1}/{len(chunks)})" if len(chunks) > 1 else ""
        slide = first if (first is not None and n == 0) else _titled(deck, title + suffix)
        if first is not None and n == 0 and suffix:
            slide.shapes.title.text = _xml(title + suffix)
        top = TABLE_TOP_FIRST if slide is first else TABLE_TOP
        shape = slide.shapes.add_table(len(chunk) + 1, len(columns), MARGIN, top, WIDTH - 2 * MARGIN,
                                       sum(_row_height(row, widths) for row in [columns, *chunk]))
        table = shape.table
        for r, row in enumerate([columns, *chunk]):
            table.rows[r].height = _row_height(row, widths)
        for col, (heading, width) in enumerate(zip(columns, widths)):
            table.columns[col].width = Inches(width)
            table.cell(0, col).text = _xml(heading)
            table.cell(0, col).text_frame.paragraphs[0].font.size = Pt(FONT_PT)
        for r, values in enumerate(chunk, start=1):
            code = status_codes[offset + r - 1] if status_codes else None
            for col, text in enumerate(values):
                _cell(table.cell(r, col), text, code if col == status_column else None)


def _row_height(row: tuple[str, ...], widths: tuple[float, ...]) -> int:
    """The height a row takes once its text wraps: its tallest cell's lines, estimated from the text's length."""
    lines = max(sum(-(-max(len(part), 1) // max(int(width * CHARACTERS_PER_INCH) - 2, 1)) for part in text.split("\n"))
                for text, width in zip(row, widths))
    return int(lines * LINE + ROW_PADDING)


def _chunks(columns: tuple[str, ...], rows: list[tuple[str, ...]], widths: tuple[float, ...],
            first_top: int) -> list[tuple[int, list]]:
    """The rows per slide, in order (offset of the first, rows): each slide's table ends above the footer; the
    first slide's table starts at `first_top`, the others below their title. A row taller than a slide stands on
    its own (its cell text is cut to CELL_CHARACTERS)."""
    chunks: list[tuple[int, list]] = []
    top, used, current, offset = first_top, 0, [], 0
    heading = _row_height(columns, widths)
    for n, row in enumerate(rows):
        height = _row_height(row, widths)
        if current and top + heading + used + height > TABLE_BOTTOM:
            chunks.append((offset, current))
            top, used, current, offset = TABLE_TOP, 0, [], n
        current.append(row)
        used += height
    chunks.append((offset, current))
    return chunks


def _cell(cell, text: str, status_code: str | None) -> None:
    paragraph = cell.text_frame.paragraphs[0]
    if status_code in BY_CODE:
        mark = paragraph.add_run()
        mark.text = "■ "
        mark.font.color.rgb = RGBColor.from_string(BY_CODE[status_code].colour.lstrip("#"))
        mark.font.size = Pt(FONT_PT)
    run = paragraph.add_run()
    run.text = _xml(text)
    run.font.size = Pt(FONT_PT)


def _text(slide, lines: list[str], top, width, size: int, height=None) -> None:
    box = slide.shapes.add_textbox(MARGIN, top, width, height or Inches(5.2)).text_frame
    box.word_wrap = True
    for n, line in enumerate(lines):
        paragraph = box.paragraphs[0] if n == 0 else box.add_paragraph()
        paragraph.text = _xml(line)
        paragraph.font.size = Pt(size)
        paragraph.space_after = Pt(6)


def _alt(picture, text: str) -> None:
    """The picture's alternative text (what a screen reader says, PowerPoint's 'Alt Text'), instead of the file
    name python-pptx writes there."""
    properties = picture._element.nvPicPr.cNvPr
    properties.set("descr", _xml(text))
    properties.set("name", _xml(_short(text, 80)))


def _titled(deck, title: str):
    slide = deck.slides.add_slide(deck.slide_layouts[5])  # title only
    slide.shapes.title.text = _xml(title)
    slide.shapes.title.left, slide.shapes.title.top = MARGIN, Inches(0.3)
    slide.shapes.title.width, slide.shapes.title.height = WIDTH - 2 * MARGIN, Inches(0.8)
    for paragraph in slide.shapes.title.text_frame.paragraphs:
        paragraph.font.size = Pt(28)
    return slide


def _footer(slide, pack: ExportPack, number: int, total: int) -> None:
    box = slide.shapes.add_textbox(MARGIN, HEIGHT - Inches(0.4), WIDTH - 2 * MARGIN, Inches(0.3))
    box.text_frame.text = _xml(f"{pack.short_stamp} · dia {number} van {total}")
    box.text_frame.paragraphs[0].font.size = Pt(10)
    box.text_frame.paragraphs[0].font.color.rgb = RGBColor(0x55, 0x55, 0x55)


def document(pack: ExportPack, charts: Charts) -> bytes:
    """This format's entry in the registry (export/formats.py)."""
    return write_pptx(pack, charts.theme_pngs, charts.indicator_pngs, charts.problem)
