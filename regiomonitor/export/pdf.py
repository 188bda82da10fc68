"""The quarterly PDF report (fpdf2): cover, a one-page summary of all themes, per theme its ambitie, status
distribution, KPI table with commentary and follow-up actions, charts and late werkagenda actions; the
methodology as a footnote and the data notes. Every page's footer carries the quarter, as-of date,
generation time and the plan and data versions.

Text is set in DejaVu Sans (shipped in regiomonitor/fonts, free licence) so that every Dutch character and
sign (ë, ≥, →, –) prints.
"""

from __future__ import annotations

import io
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from regiomonitor.engine.statuses import STALE, label_counts
from regiomonitor.export.formats import Charts
from regiomonitor.export.pack import ExportPack, ThemePart, plan_tables
from regiomonitor.present.views import judgement_line

FONTS = Path(__file__).resolve().parent.parent / "fonts"
GREY = (242, 242, 242)


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

    def footer(self) -> None:
        self.set_y(-16)
        self.set_font("DejaVu", "", 7)
        self.set_text_color(90, 90, 90)
        self.multi_cell(0, 3.5, f"Regiomonitor · {self.pack.stamp} · pagina {self.page_no()}/{{nb}}", align="C")
        self.set_text_color(0, 0, 0)

    def heading(self, text: str, size: int = 16) -> None:
        self.set_font("DejaVu", "B", size)
        self.multi_cell(0, size * 0.5, text)
        self.ln(2)

    def text(self, text: str, size: float = 10, style: str = "") -> None:
        self.set_font("DejaVu", style, size)
        self.multi_cell(0, size * 0.48, text)
        self.ln(1.5)


def write_pdf(pack: ExportPack, theme_pngs: dict[str, bytes], indicator_pngs: dict[str, bytes],
              chart_problem: str | None) -> bytes:
    pdf = _Report(pack)
    _cover(pdf, pack, chart_problem)
    _summary(pdf, pack)
    for part in pack.themes:
        _theme(pdf, part, theme_pngs.get(part.theme.id), indicator_pngs, chart_problem, pack.words)
    pdf.add_page()
    pdf.heading("Methodiek en datanotities", 14)
    pdf.text(pack.method_note, 9)
    for note in pack.data_notes() or ["Geen bijzonderheden in de data."]:
        pdf.text(note, 9)
    return bytes(pdf.output())


def _cover(pdf: _Report, pack: ExportPack, chart_problem: str | None) -> None:
    pdf.add_page()
    pdf.ln(50)
    pdf.heading(pack.plan_title, 24)
    pdf.text(f"Kwartaalrapportage {pack.quarter.label}", 16, "B")
    pdf.text(f"Regio {pack.region}", 13)
    pdf.text(f"Peildatum {pack.as_of.strftime('%d-%m-%Y')}", 13)
    pdf.ln(6)
    if pack.words.committee:
        pdf.text(pack.words.committee, 11, "I")
    pdf.text(f"Gegenereerd {pack.generated.strftime('%d-%m-%Y %H:%M')} · versie plan: {pack.plan_version} · "
             f"versie data: {pack.data_version}", 8)
    for note in pack.data_notes()[:1] + ([chart_problem] if chart_problem else []):
        pdf.set_fill_color(255, 248, 225)
        pdf.set_font("DejaVu", "B", 10)
        pdf.multi_cell(0, 5, note, fill=True)
        pdf.ln(2)


def _summary(pdf: _Report, pack: ExportPack) -> None:
    pdf.add_page()
    w = pack.words
    pdf.heading(f"Samenvatting per {w.theme_mid}")
    rows = [[part.title, str(part.rollup.get("indicators", 0)), judgement_line(part.rollup, w),
             str(part.rollup.get("stale", 0)), f"{part.rollup.get('actions_late', 0)} van {part.rollup.get('actions', 0)}"]
            for part in pack.themes]
    _table(pdf, (50, 14, 62, 22, 26), 9, 5, [w.theme, w.indicators, "Oordeel", STALE.label,
                                             f"{w.actions} te laat"], rows)
    pdf.ln(4)
    pdf.text(f"Statussen per {w.theme_mid}: aantal {w.indicators_mid} per status (grafieken op de pagina per "
             f"{w.theme_mid}).", 9, "I")
    for part in pack.themes:
        counts = ", ".join(f"{status.label}: {count}" for status, count in label_counts(part.rollup))
        pdf.text(f"{part.title} — {counts or 'nog geen ' + w.indicators_mid}", 9)
    if pack.follow_ups:
        pdf.ln(3)
        pdf.text(f"Open vervolgacties ({len(pack.follow_ups)})", 11, "B")
        columns = list(pack.follow_ups[0])
        _table(pdf, (26, 26, 30, 40, 18, 20, 14), 7.5, 3.8, columns,
               [[str(r[c]) for c in columns] for r in pack.follow_ups])
    if pack.plan_changes is not None:
        pdf.ln(3)
        pdf.text("Wijzigingen in het plan dit kwartaal", 11, "B")
        for line in pack.plan_changes or ["Het plan is dit kwartaal niet gewijzigd."]:
            pdf.text(f"• {line}", 8.5)


def _theme(pdf: _Report, part: ThemePart, status_png: bytes | None, indicator_pngs: dict[str, bytes],
           chart_problem: str | None, w) -> None:
    pdf.add_page()
    pdf.heading(part.title)
    if part.theme.ambitie:
        pdf.text(f"{w.ambitie}: {part.theme.ambitie}", 10)
    pdf.text(judgement_line(part.rollup, w) + ".", 10, "B")
    if status_png:
        pdf.image(io.BytesIO(status_png), w=160)
    elif chart_problem and part.indicators:
        pdf.text("[grafiek ontbreekt: zie de melding op de voorpagina]", 8, "I")
    if part.indicators:
        rows = [[line.name, line.latest, line.target, line.status + (" · verouderd" if line.stale else ""), line.change,
                 "\n".join(line.note.lines()) if line.note else ""] for line in part.indicators]
        _table(pdf, (38, 28, 24, 22, 16, 46), 7.5, 3.8, [w.indicator, "Laatste meting", "Streefwaarde", "Status",
                                                        "Sinds vorig kwartaal", "Toelichting en vervolgacties"], rows)
    elif w.has_indicators:
        pdf.text(f"Hier zijn nog geen {w.indicators_mid} vastgelegd.", 10, "I")
    for doel, note in part.doel_notes.items():
        pdf.text(f"{w.doel} {doel}: {note.toelichting}", 9)
    for heading, columns, lines in plan_tables(part, w):
        pdf.ln(2)
        pdf.text(heading, 11, "B")
        _table(pdf, (52, 80, 42), 8, 4, list(columns), [[line.name, line.detail, line.state] for line in lines])
    if part.late_actions and not part.by_plan:
        pdf.ln(2)
        pdf.text(f"{w.agenda}: {len(part.late_actions)} {w.actions_mid} lopen achter", 11, "B")
        for action in part.late_actions:
            pdf.text(f"• {action['title']} — {action['status']} ({action['period']})", 8.5)
    for line in part.indicators:
        png = indicator_pngs.get(line.id)
        if png:
            if pdf.get_y() > 190:
                pdf.add_page()
            pdf.image(io.BytesIO(png), w=174)
            pdf.ln(2)


# fpdf refuses a table row taller than a page (ValueError: "The row with index 1 is too high …"), and one long
# toelichting, name or run of combining marks makes such a row. So a cell holds at most CELL_HEIGHT mm of text:
# with the repeated heading row (at most 3 lines, 12 mm) that always fits in the 257 mm between the top margin
# and the footer of an A4 page, and a toelichting of about 1,600 characters still stands in the table itself.
CELL_HEIGHT = 200
MORE = "[… vervolg onder de tabel]"


def _table(pdf: _Report, widths: tuple[float, ...], size: float, line_height: float, headings: list[str],
           rows: list[list[str]]) -> None:
    """A table in which every row fits on a page: a cell longer than CELL_HEIGHT mm (52 lines in the KPI table, 40
    in the summary) shows as many lines as fit and a pointer, and its whole text follows the table, so nothing
    is lost. Lines are measured by fpdf itself (a dry run), so wide or zero-width characters count as printed."""
    pdf.set_font("DejaVu", "", size)
    columns = [w / sum(widths) * pdf.epw for w in widths]
    cut: list[tuple[str, str, str]] = []  # (row label, column heading, whole text)
    with pdf.table(col_widths=widths, line_height=line_height, text_align="LEFT",
                   headings_style=FontFace(emphasis="BOLD", fill_color=GREY)) as table:
        table.row(headings)
        for row in rows:
            cells = [_fitted(pdf, text, width, line_height) for text, width in zip(row, columns)]
            cut += [(row[0], heading, text) for heading, text, cell in zip(headings, row, cells) if cell != text]
            table.row(cells)
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
