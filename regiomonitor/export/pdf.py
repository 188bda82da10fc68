"""The quarterly PDF report (fpdf2), in the order of the slides: cover; where the region stands with the attention
list and what changed; open follow-up actions and the plan's changes; per theme its judgement, status chart and KPI
table (most severe first, each status in a badge of its registry colour beside its label: never colour alone) with
the plain sentence, toelichting and vervolgacties, then a chart per KPI that has data; methodology, data notes and
the version details on the last page. Pages carry region, quarter and page number, not the versions.

Structure for assistive technology, as far as fpdf2 writes it: the document language (nl-NL), bookmarks and
structure elements for every heading (`start_section`), and alt text on every chart naming what it shows and the
KPI's status. (fpdf2 does not tag running text or table cells; the HTML report is the fully accessible version.)

Text is set in DejaVu Sans (shipped in regiomonitor/fonts, free licence) so that every Dutch character and
sign (ë, ≥, →, –) prints.
"""

from __future__ import annotations

import io
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace, TextStyle

from regiomonitor.engine.statuses import label_counts, tint
from regiomonitor.export.formats import Charts
from regiomonitor.export.pack import ExportPack, ThemePart, plan_tables
from regiomonitor.present.views import judgement_line

FONTS = Path(__file__).resolve().parent.parent / "fonts"
GREY = (242, 242, 242)
HEADING_LINES = 6
"""A heading of more lines than this is not marked as one (see _Report.heading)."""


class _Report(FPDF):
    def __init__(self, pack: ExportPack):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.pack = pack
        self.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.add_font("DejaVu", "I", str(FONTS / "DejaVuSans-Oblique.ttf"))
        self.set_auto_page_break(auto=True, margin=22)
        self.set_margins(18, 18, 18)
        self.set_title(f"{pack.plan_title} — {pack.quarter.label}")
        self.set_subject(pack.stamp)
        self.set_creator("Regiomonitor")
        self.set_creation_date(pack.generated)
        self.set_lang("nl-NL")
        self.set_section_title_styles(
            TextStyle("DejaVu", "B", 16, t_margin=0, b_margin=3),
            TextStyle("DejaVu", "B", 12, t_margin=3, b_margin=2))

    def footer(self) -> None:
        self.set_y(-16)
        self.set_font("DejaVu", "", 8)
        self.set_text_color(85, 85, 85)
        self.multi_cell(0, 3.5, f"{self.pack.short_stamp} · pagina {self.page_no()} van {{nb}}", align="C")
        self.set_text_color(0, 0, 0)

    def heading(self, text: str, level: int = 0) -> None:
        """A heading: printed, in the bookmarks, and a structure element. fpdf2 cannot mark a heading that runs
        over a page ("A page jump occurred inside a marked sequence"): one that long (plan text can be) is printed
        as text, with its bookmark."""
        size = 16 if level == 0 else 12
        self.set_font("DejaVu", "B", size)
        if len(self.multi_cell(self.epw, size * 0.5, text, dry_run=True, output="LINES")) <= HEADING_LINES:
            self.start_section(text, level, strict=False)
            return
        styles, self.section_title_styles = self.section_title_styles, {}
        self.start_section(text[:200], level, strict=False)  # the bookmark only
        self.section_title_styles = styles
        self.text(text, size * 0.7, "B")

    def text(self, text: str, size: float = 10, style: str = "") -> None:
        self.set_font("DejaVu", style, size)
        self.multi_cell(0, size * 0.48, text, align="L")
        self.ln(1.5)

    def chart(self, png: bytes, alt: str, width: float) -> None:
        self.image(io.BytesIO(png), w=width, alt_text=alt)


def write_pdf(pack: ExportPack, theme_pngs: dict[str, bytes], indicator_pngs: dict[str, bytes],
              chart_problem: str | None) -> bytes:
    pdf = _Report(pack)
    _cover(pdf, pack, chart_problem)
    _region(pdf, pack)
    for part in pack.themes:
        _theme(pdf, part, theme_pngs.get(part.theme.id), indicator_pngs, chart_problem, pack.words)
    pdf.add_page()
    pdf.heading("Methodiek, datanotities en versies")
    pdf.text(pack.method_note, 9)
    for note in pack.data_notes() or ["Geen bijzonderheden in de data."]:
        pdf.text(note, 9)
    pdf.ln(2)
    for line in pack.version_lines():
        pdf.text(line, 9)
    return bytes(pdf.output())


def _cover(pdf: _Report, pack: ExportPack, chart_problem: str | None) -> None:
    pdf.add_page()
    pdf.ln(50)
    pdf.heading(pack.plan_title or "Regiomonitor")
    pdf.text(f"Kwartaalrapportage {pack.quarter.label}", 16, "B")
    pdf.text(f"Regio {pack.region}", 13)
    pdf.text(f"Peildatum {pack.as_of.strftime('%d-%m-%Y')}", 13)
    pdf.ln(6)
    if pack.words.committee:
        pdf.text(pack.words.committee, 11, "I")
    pdf.text(f"Gegenereerd {pack.generated.strftime('%d-%m-%Y %H:%M')}; de versies van plan en data staan op de "
             "laatste pagina.", 8)
    for note in pack.data_notes()[:1] + ([chart_problem] if chart_problem else []):
        pdf.set_fill_color(255, 248, 225)
        pdf.set_font("DejaVu", "B", 10)
        pdf.multi_cell(0, 5, note, fill=True)
        pdf.ln(2)
    pdf.set_fill_color(255, 255, 255)  # the tables that follow fill only their headings and badges


def _region(pdf: _Report, pack: ExportPack) -> None:
    """Where the chosen themes stand, what needs attention (most severe first) and what changed."""
    pdf.add_page()
    w, region = pack.words, pack.region_summary
    pdf.heading(f"Waar staan we — {pack.quarter.label}")
    if region is not None:
        if w.has_indicators:
            pdf.text(f"{w.indicators}: {region.judged}. Sinds vorig kwartaal: {region.better} beter, {region.worse} "
                     "slechter.", 11, "B")
        if w.has_actions:
            pdf.text(f"{w.actions} te laat: {region.actions_late} van {region.actions}.", 11, "B")
        if region.items:
            pdf.heading(f"Vraagt aandacht ({len(region.items)})", 1)
            rows = [[i.name, i.theme, i.status, i.why, i.ask] for i in region.items]
            codes = [i.status_code if i.kind == "kpi" else None for i in region.items]
            _table(pdf, (40, 24, 22, 60, 28), 7.5, 3.8, ["Wat", w.theme, "Status", "Waarom", "Vraag het"], rows,
                   badges=(2, codes))
    summary = [[part.title, str(part.rollup.get("indicators", 0)), judgement_line(part.rollup, w),
                f"{part.rollup.get('actions_late', 0)} van {part.rollup.get('actions', 0)}"] for part in pack.themes]
    pdf.heading(f"Per {w.theme_mid}", 1)
    _table(pdf, (44, 24, 76, 26), 8, 4, [w.theme, w.indicators, "Oordeel", f"{w.actions} te laat"], summary)
    if pack.moved:
        pdf.heading(f"Veranderd sinds vorig kwartaal ({len(pack.moved)})", 1)
        _table(pdf, (64, 36, 52, 22), 7.5, 3.8, [w.indicator, w.theme, "Status", "Richting"],
               [[m.name, m.theme, f"{m.previous} → {m.now}", "beter" if m.change == "better" else "slechter"]
                for m in pack.moved])
    if pack.follow_ups:
        pdf.heading(f"Open vervolgacties ({len(pack.follow_ups)})", 1)
        columns = list(pack.follow_ups[0])
        _table(pdf, (26, 26, 30, 40, 18, 20, 14), 7.5, 3.8, columns,
               [[str(r[c]) for c in columns] for r in pack.follow_ups])
    if pack.plan_changes is not None:
        pdf.heading("Wijzigingen in het plan dit kwartaal", 1)
        for line in pack.plan_changes or ["Het plan is dit kwartaal niet gewijzigd."]:
            pdf.text(f"• {line}", 8.5)


def _theme(pdf: _Report, part: ThemePart, status_png: bytes | None, indicator_pngs: dict[str, bytes],
           chart_problem: str | None, w) -> None:
    pdf.add_page()
    pdf.heading(part.title)
    if part.indicators:
        pdf.text(judgement_line(part.rollup, w)[:1].upper() + judgement_line(part.rollup, w)[1:] + ".", 10, "B")
    if part.theme.ambitie:
        pdf.text(f"{w.ambitie}: {part.theme.ambitie}", 9)
    if status_png:
        counts = ", ".join(f"{status.label}: {count}" for status, count in label_counts(part.rollup))
        pdf.chart(status_png, f"Statusverdeling van {part.title}: {counts}.", 150)
    elif chart_problem and part.indicators:
        pdf.text("[grafiek ontbreekt: zie de melding op de voorpagina]", 8, "I")
    if part.indicators:
        lines = part.by_severity
        rows = [[line.name, line.latest, line.target, line.status + (" · verouderd" if line.stale else ""), line.change,
                 "\n".join(line.commentary())] for line in lines]
        _table(pdf, (35, 22, 22, 23, 18, 52), 7.5, 3.8, [w.indicator, "Laatste meting", "Streefwaarde", "Status",
                                                        "Sinds vorig kwartaal", "Uitleg, toelichting en vervolgacties"],
               rows, badges=(3, [line.status_code for line in lines]))
        if part.without_data:
            pdf.text(f"Zonder meting, dus zonder grafiek: {', '.join(line.name for line in part.without_data)}.", 8, "I")
    elif w.has_indicators:
        pdf.text(f"Hier zijn nog geen {w.indicators_mid} vastgelegd.", 10, "I")
    for doel, note in part.doel_notes.items():
        pdf.text(f"{w.doel} {doel}: " + " ".join(note.lines()), 9)
    for heading, columns, lines in plan_tables(part, w):
        pdf.heading(heading, 1)
        _table(pdf, (52, 80, 42), 8, 4, list(columns), [[line.name, line.detail, line.state] for line in lines])
    if part.late_actions and not part.by_plan:
        pdf.heading(f"{w.agenda}: {len(part.late_actions)} {w.actions_mid} lopen achter", 1)
        for action in part.late_actions:
            pdf.text(f"• {action['title']} — {action['status']} ({action['period']})", 8.5)
    for line in part.drawn:
        png = indicator_pngs.get(line.id)
        if png:
            if pdf.get_y() > 190:
                pdf.add_page()
            pdf.chart(png, f"Grafiek van {line.name}, status {line.status}: {line.summary}", 174)
            pdf.ln(2)


# fpdf refuses a table row taller than a page (ValueError: "The row with index 1 is too high …"), and one long
# toelichting, name or run of combining marks makes such a row. So a cell holds at most CELL_HEIGHT mm of text:
# with the repeated heading row (at most 3 lines, 12 mm) that always fits in the 257 mm between the top margin
# and the footer of an A4 page, and a toelichting of about 1,600 characters still stands in the table itself.
CELL_HEIGHT = 200
MORE = "[… vervolg onder de tabel]"


def _table(pdf: _Report, widths: tuple[float, ...], size: float, line_height: float, headings: list[str],
           rows: list[list[str]], badges: tuple[int, list[str | None]] | None = None) -> None:
    """A table in which every row fits on a page: a cell longer than CELL_HEIGHT mm (52 lines in the KPI table, 40
    in the summary) shows as many lines as fit and a pointer, and its whole text follows the table, so nothing
    is lost. Lines are measured by fpdf itself (a dry run), so wide or zero-width characters count as printed.
    `badges`: (column, the status code of each row): that column's cell gets its status's badge tint."""
    pdf.set_font("DejaVu", "", size)
    columns = [w / sum(widths) * pdf.epw for w in widths]
    cut: list[tuple[str, str, str]] = []  # (row label, column heading, whole text)
    with pdf.table(col_widths=widths, line_height=line_height, text_align="LEFT",
                   headings_style=FontFace(emphasis="BOLD", fill_color=GREY)) as table:
        table.row(headings)
        for n, row in enumerate(rows):
            cells = [_fitted(pdf, text, width, line_height) for text, width in zip(row, columns)]
            cut += [(row[0], heading, text) for heading, text, cell in zip(headings, row, cells) if cell != text]
            fill = tint(badges[1][n]) if badges else None
            cells_row = table.row()
            for col, cell in enumerate(cells):
                cells_row.cell(cell, style=FontFace(fill_color=fill, emphasis="BOLD") if fill and col == badges[0]
                               else None)
    if cut:
        pdf.ln(2)
        pdf.text("Vervolg van de tabel: de volledige tekst van de ingekorte cellen", size, "B")
    for label, heading, text in cut:
        short = label if len(label) <= 80 else label[:80] + "…"
        pdf.text(f"{short} — {heading}: {text}", size)


def _fitted(pdf: _Report, text: str, width: float, line_height: float) -> str:
    """`text` as it is when it fits in CELL_HEIGHT mm of a column `width` mm wide; otherwise its first lines
    (as fpdf breaks them) and MORE."""
    most = int(CELL_HEIGHT // line_height)
    lines = pdf.multi_cell(width, line_height, text, dry_run=True, output="LINES")
    if len(lines) <= most:
        return text
    room = most - len(pdf.multi_cell(width, line_height, MORE, dry_run=True, output="LINES"))
    return "\n".join(lines[:room]) + "\n" + MORE


def document(pack: ExportPack, charts: Charts) -> bytes:
    """This format's entry in the registry (export/formats.py)."""
    return write_pdf(pack, charts.theme_pngs, charts.indicator_pngs, charts.problem)
