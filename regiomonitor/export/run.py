"""Making the quarterly committee pack: charts (PNG 1600×900 and SVG), a PDF report, a PPTX deck, an XLSX
workbook and a static HTML report, all from one computed pack (regiomonitor.export.pack)."""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import plotly.graph_objects as go

from regiomonitor.charts import for_export, status_distribution
from regiomonitor.export import CHART_DIR, FORMATS, IMAGE_FORMATS, THEME_CHART_SIZE
from regiomonitor.export.html import write_html
from regiomonitor.export.images import ChartRenderer
from regiomonitor.export.pack import ExportPack, build_pack, output_name
from regiomonitor.export.pdf import write_pdf
from regiomonitor.export.slides import write_pptx
from regiomonitor.export.xlsx import write_xlsx
from regiomonitor.indicator_view import find_indicator, indicator_figure, region_series
from regiomonitor.plan import LoadedPlan
from regiomonitor.progress import Progress


@dataclass
class ExportResult:
    pack: ExportPack
    files: list[Path] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


def figures(loaded: LoadedPlan, progress: Progress, pack: ExportPack) -> tuple[dict[str, go.Figure], dict[str, go.Figure]]:
    """(per theme its status distribution, per indicator its time series), titled and stamped for export."""
    status = {r["indicator"]: r for r in progress.status(pack.as_of).iter_rows(named=True)}
    themes, indicators = {}, {}
    for part in pack.themes:
        if part.indicators:
            title = f"Statusverdeling — {part.title}"
            themes[part.theme.id] = for_export(status_distribution(part.rollup, title), title, pack.stamp)
        for line in part.indicators:
            _, ind = find_indicator(loaded, line.id)
            row = status[line.id]
            chart = indicator_figure(ind, row, region_series(progress.measurements.rows, line.id, pack.as_of))
            indicators[line.id] = for_export(chart, f"{line.name} — {line.status}", pack.stamp)
    return themes, indicators


def run_export(loaded: LoadedPlan, progress: Progress, data_directory: Path, quarter: str, out: Path,
               theme_ids: list[str] | None = None, formats: tuple[str, ...] = FORMATS,
               generated: datetime | None = None) -> ExportResult:
    pack = build_pack(loaded, progress, data_directory, quarter, theme_ids, generated)
    result = ExportResult(pack)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    theme_figs, indicator_figs = figures(loaded, progress, pack)
    theme_pngs: dict[str, bytes] = {}
    indicator_pngs: dict[str, bytes] = {}
    with ChartRenderer() if IMAGE_FORMATS & set(formats) else nullcontext() as renderer:
        if renderer is not None and not renderer.available:
            result.messages.append(renderer.problem)
        elif renderer is not None:
            named = [(f"thema-{k}-statusverdeling", k, f, theme_pngs, THEME_CHART_SIZE) for k, f in theme_figs.items()]
            named += [(k, k, f, indicator_pngs, (1600, 900)) for k, f in indicator_figs.items()]
            for name, key, fig, store, (width, height) in named:
                if {"png", "pdf", "pptx"} & set(formats):
                    store[key] = renderer.image(fig, "png", width, height)
                    if "png" in formats:
                        result.files.append(_write(out / CHART_DIR / f"{name}.png", store[key]))
                if "svg" in formats:
                    result.files.append(_write(out / CHART_DIR / f"{name}.svg", renderer.image(fig, "svg", width, height)))
    problem = result.messages[0] if result.messages else None
    if "pdf" in formats:
        result.files.append(_write(out / output_name(pack, theme_ids, "pdf"),
                                   write_pdf(pack, theme_pngs, indicator_pngs, problem)))
    if "pptx" in formats:
        result.files.append(_write(out / output_name(pack, theme_ids, "pptx"),
                                   write_pptx(pack, theme_pngs, indicator_pngs, problem)))
    if "xlsx" in formats:
        result.files.append(_write(out / output_name(pack, theme_ids, "xlsx"), write_xlsx(pack)))
    if "html" in formats:
        result.files.append(_write(out / output_name(pack, theme_ids, "html"),
                                   write_html(pack, theme_figs, indicator_figs).encode("utf-8")))
    return result


def _write(path: Path, content: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path
