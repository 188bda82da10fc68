"""The PPTX deck (python-pptx), 16:9: a title slide, one summary slide per theme, one slide per KPI chart.
Every slide's footer carries the quarter, as-of date, generation time and versions."""

from __future__ import annotations

import io
import re

from pptx import Presentation
from pptx.util import Emu, Inches, Pt

from regiomonitor.export.formats import Charts
from regiomonitor.export.pack import ExportPack, PlanLine, plan_tables
from regiomonitor.present.views import judgement_line

WIDTH, HEIGHT = Emu(12192000), Emu(6858000)  # 16:9, 13.333 × 7.5 inch, as PowerPoint makes it
# Characters XML 1.0 cannot hold at all, which python-pptx passes on to lxml ("All strings must be XML
# compatible"): the noncharacters U+FFFE and U+FFFF and lone surrogates. (python-pptx escapes the C0 controls
# itself.) The loaders refuse them in plan and data files; this keeps the deck whole if one gets through anyway.
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


def _xml(text: str) -> str:
    """`text` with each character XML cannot hold written as a visible escape (`\\ufffe`), as messages show them."""
    return _NOT_XML.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


def write_pptx(pack: ExportPack, theme_pngs: dict[str, bytes], indicator_pngs: dict[str, bytes],
               chart_problem: str | None) -> bytes:
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    deck.core_properties.title = _xml(f"{pack.plan_title} — {pack.quarter.label}")
    deck.core_properties.subject = _xml(pack.stamp)
    deck.core_properties.author = "Regiomonitor"

    slide = deck.slides.add_slide(deck.slide_layouts[0])
    slide.shapes.title.text = _xml(f"{pack.plan_title} — {pack.quarter.label}")
    w = pack.words
    slide.placeholders[1].text = _xml(f"Kwartaalrapportage · regio {pack.region} · peildatum "
                                      f"{pack.as_of.strftime('%d-%m-%Y')}"
                                      + "".join(f"\n{n}" for n in [w.committee, *pack.data_notes()[:1], chart_problem]
                                                if n))
    _footer(slide, pack)

    if pack.follow_ups:
        rows = [PlanLine(f"{r['KPI of doel']}: {r['Vervolgactie']}", r["Eigenaar"],
                         r["Deadline"] + (" (over de deadline)" if r["Over de deadline"] else "")) for r in pack.follow_ups]
        _plan_slide(deck, pack, f"Open vervolgacties ({len(rows)})", ("Vervolgactie", "Eigenaar", "Deadline"), rows)
    if pack.plan_changes:
        _plan_slide(deck, pack, "Wijzigingen in het plan dit kwartaal", ("Wijziging", "", ""),
                    [PlanLine(line, "", "") for line in pack.plan_changes])
    for part in pack.themes:
        slide = _titled(deck, part.title)
        body = slide.shapes.add_textbox(Inches(0.5), Inches(1.3), Inches(5.2), Inches(5.4)).text_frame
        body.word_wrap = True
        lines = [*([f"{w.ambitie}: {part.theme.ambitie}"] if part.theme.ambitie else []), judgement_line(part.rollup, w),
                 f"Verouderd: {part.rollup.get('stale', 0)} · {w.actions_mid} te laat: "
                 f"{part.rollup.get('actions_late', 0)} van {part.rollup.get('actions', 0)}"]
        for n, line in enumerate(lines):
            paragraph = body.paragraphs[0] if n == 0 else body.add_paragraph()
            paragraph.text = _xml(line)
            paragraph.font.size = Pt(16 if n else 14)
        png = theme_pngs.get(part.theme.id)
        if png:
            slide.shapes.add_picture(io.BytesIO(png), Inches(5.9), Inches(1.3), width=Inches(7.0))
        elif not part.indicators and w.has_indicators:
            body.add_paragraph().text = _xml(f"Hier zijn nog geen {w.indicators_mid} vastgelegd.")
        elif chart_problem:
            body.add_paragraph().text = "Grafiek ontbreekt: zie de melding op de titeldia."
        _footer(slide, pack)
        for heading, columns, lines in plan_tables(part, w):
            _plan_slide(deck, pack, f"{part.title} — {heading}", columns, lines)
        for line in part.indicators:
            png = indicator_pngs.get(line.id)
            if not png:
                continue
            slide = _titled(deck, f"{line.name} — {line.status}")
            slide.shapes.add_picture(io.BytesIO(png), Inches(1.3), Inches(1.15), height=Inches(5.9))
            _footer(slide, pack)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


ROWS_PER_SLIDE = 10
"""Rows of a plan table on one slide; the rest is named and stands in the PDF, HTML and workbook."""


def _plan_slide(deck, pack: ExportPack, title: str, columns: tuple[str, ...], lines) -> None:
    slide = _titled(deck, title)
    shown = lines[:ROWS_PER_SLIDE]
    table = slide.shapes.add_table(len(shown) + 1, 3, Inches(0.5), Inches(1.3), WIDTH - Inches(1),
                                   Inches(0.4) * (len(shown) + 1)).table
    for col, (heading, width) in enumerate(zip(columns, (4.2, 5.0, 3.1))):
        table.columns[col].width = Inches(width)
        table.cell(0, col).text = _xml(heading)
    for row, line in enumerate(shown, start=1):
        for col, text in enumerate((line.name, line.detail, line.state)):
            cell = table.cell(row, col)
            cell.text = _xml(text)
            cell.text_frame.paragraphs[0].font.size = Pt(11)
    if len(lines) > len(shown):
        note = slide.shapes.add_textbox(Inches(0.5), HEIGHT - Inches(0.9), WIDTH - Inches(1), Inches(0.4))
        note.text_frame.text = f"En nog {len(lines) - len(shown)}: zie de PDF, de HTML-rapportage of de werkmap."
    _footer(slide, pack)


def _titled(deck, title: str):
    slide = deck.slides.add_slide(deck.slide_layouts[5])  # title only
    slide.shapes.title.text = _xml(title)
    slide.shapes.title.left, slide.shapes.title.top = Inches(0.5), Inches(0.3)
    slide.shapes.title.width, slide.shapes.title.height = WIDTH - Inches(1), Inches(0.9)
    for paragraph in slide.shapes.title.text_frame.paragraphs:
        paragraph.font.size = Pt(28)
    return slide


def _footer(slide, pack: ExportPack) -> None:
    box = slide.shapes.add_textbox(Inches(0.5), HEIGHT - Inches(0.45), WIDTH - Inches(1), Inches(0.35))
    box.text_frame.text = _xml(f"Regiomonitor · {pack.stamp}")
    box.text_frame.paragraphs[0].font.size = Pt(9)


def document(pack: ExportPack, charts: Charts) -> bytes:
    """This format's entry in the registry (export/formats.py)."""
    return write_pptx(pack, charts.theme_pngs, charts.indicator_pngs, charts.problem)
