"""Making the quarterly committee pack: charts (PNG 1600×900 and SVG), a PDF report, a PPTX deck, an XLSX
workbook and a static HTML report, all from one computed pack (regiomonitor.export.pack)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path

import plotly.graph_objects as go

from regiomonitor.core import safefiles
from regiomonitor.core.periods import Quarter
from regiomonitor.core.safefiles import Refused
from regiomonitor.core.safetext import visible
from regiomonitor.engine.snapshot import Snapshot
from regiomonitor.export import CHART_DIR, THEME_CHART_SIZE
from regiomonitor.export.formats import BY_CODE, DOCUMENTS, FORMATS, Charts
from regiomonitor.export.images import ChartRenderer
from regiomonitor.export.pack import ExportPack, build_pack, output_name
from regiomonitor.present.charts import for_export, status_distribution
from regiomonitor.present.indicator_view import find_indicator, indicator_figure, region_series, series_until


@dataclass
class ExportResult:
    pack: ExportPack
    files: list[Path] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


def figures(snapshot: Snapshot, pack: ExportPack) -> tuple[dict[str, go.Figure], dict[str, go.Figure]]:
    """(per theme its status distribution, per indicator its time series), titled and stamped for export."""
    status = snapshot.at(pack.quarter).indicators
    series = region_series(snapshot.measurements.rows)
    themes, indicators = {}, {}
    for part in pack.themes:
        if part.indicators:
            title = f"Statusverdeling — {part.title}"
            chart = status_distribution(part.rollup, title, pack.words.indicators_mid)
            themes[part.theme.id] = for_export(chart, title, pack.short_stamp)
        for line in part.drawn:  # a KPI without a measurement is listed in its table, not drawn as an empty chart
            _, ind = find_indicator(snapshot.loaded, line.id)
            chart = indicator_figure(ind, status[line.id], series_until(series.get(line.id, ()), pack.as_of),
                                     pack.feeds.get(line.id))
            indicators[line.id] = for_export(chart, f"{line.name} — {line.status}", pack.short_stamp)
    return themes, indicators


class ExportError(Exception):
    """The export cannot be written where it was asked to go: a sentence for the command line, no traceback."""


def run_export(snapshot: Snapshot, quarter: Quarter, data_directory: Path, out: Path,
               theme_ids: list[str] | None = None, formats: tuple[str, ...] = FORMATS,
               generated: datetime | None = None, plan_changes: list[str] | None = None,
               progress: Callable[[int, int], None] | None = None) -> ExportResult:
    """Every format asked for, of one quarter of `snapshot` (the command line passes `quarter_snapshot`).
    Chart images that cannot be made (no browser, or one that stops or hangs: see
    regiomonitor.export.images) are left out with one message in `result.messages`; the other formats are
    made all the same. So is a document whose library fails on some text (see `_documents`). `progress(done,
    total)` is called before the first chart and after each one (the Export page's bar). ExportError when
    `out` cannot be written to (checked before any work) or a file in it cannot be written."""
    out = writable_folder(Path(out))
    png_for = {f.code for f in DOCUMENTS if f.needs_images} | {"png"}
    wanted = (("png",) if png_for & set(formats) else ()) + (("svg",) if "svg" in formats else ())
    with ChartRenderer() if wanted else nullcontext() as renderer:  # the browser starts while the pack is computed
        pack = build_pack(snapshot, quarter, data_directory, theme_ids, generated, plan_changes)
        result = ExportResult(pack)
        theme_figs, indicator_figs = figures(snapshot, pack)
        charts = [(f"thema-{k}-statusverdeling", k, f, THEME_CHART_SIZE, True) for k, f in theme_figs.items()]
        charts += [(k, k, f, (1600, 900), False) for k, f in indicator_figs.items()]
        theme_pngs, indicator_pngs = _chart_images(renderer, charts, wanted, formats, out, result,
                                                   progress or (lambda done, total: None))
    charts = Charts(theme_pngs, indicator_pngs, theme_figs, indicator_figs,
                    result.messages[0] if result.messages else None)
    _documents({f.code: partial(f.write, pack, charts) for f in DOCUMENTS if f.code in formats},
               lambda fmt: out / output_name(pack, theme_ids, fmt), out, result)
    return result


def _documents(makers: dict[str, Callable[[], bytes]], path: Callable[[str], Path], out: Path,
               result: ExportResult) -> None:
    """Make and write each document on its own. A library that cannot make its document from some text (fpdf,
    python-pptx and lxml each refuse things the others accept) costs that document only: one Dutch sentence in
    `result.messages`, and the other formats are still written. A file that cannot be written is an --out problem
    (ExportError) and stops the export, as before."""
    failed = []
    for fmt, make in makers.items():
        try:
            content = make()
        except Exception as exc:  # any failure of one writer: its reason goes into the message
            failed.append((fmt, _why(exc)))
            continue
        result.files.append(_write(path(fmt), content, out))
    for fmt, why in failed:
        rest = "; de andere bestanden wel." if result.files else "."
        result.messages.append(f"{BY_CODE[fmt].document} kon niet worden gemaakt: {why}{rest}")


def _why(exc: Exception) -> str:
    """The first line of an exception's message, escaped and cut to 300 characters (it may quote plan text)."""
    lines = str(exc).strip().splitlines()
    text = visible(lines[0]) if lines else type(exc).__name__
    return text if len(text) <= 300 else text[:299] + "…"


def _chart_images(renderer: ChartRenderer | None, charts: list[tuple[str, str, go.Figure, tuple[int, int], bool]],
                  wanted: tuple[str, ...], formats: tuple[str, ...], out: Path, result: ExportResult,
                  progress: Callable[[int, int], None]) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """Draw each chart (name, key, figure, size, is a theme chart) in the `wanted` image formats; write the PNG
    and SVG files asked for; return the PNGs (theme and indicator charts by key) for the PDF and the deck."""
    theme_pngs: dict[str, bytes] = {}
    indicator_pngs: dict[str, bytes] = {}
    if renderer is None or not charts:
        return theme_pngs, indicator_pngs
    progress(0, len(charts))
    for done, (name, key, fig, (width, height), is_theme) in enumerate(charts, start=1):
        drawn = renderer.images(fig, wanted, width, height)
        if "png" in drawn:
            (theme_pngs if is_theme else indicator_pngs)[key] = drawn["png"]
        for fmt in ("png", "svg"):
            if fmt in drawn and fmt in formats:
                result.files.append(_write(out / CHART_DIR / f"{name}.{fmt}", drawn[fmt], out))
        progress(done, len(charts))
    if renderer.problem:
        result.messages.append(renderer.problem)
    return theme_pngs, indicator_pngs


def writable_folder(out: Path) -> Path:
    """`out`, made if need be, once it is known that files can be written there; ExportError naming the path
    when not (a file where a folder should be, no permission, a read-only or virtual file system)."""
    try:
        return safefiles.writable_folder(out)
    except Refused as exc:
        raise ExportError(f"cannot write to {out}: {exc}") from None


def _write(path: Path, content: bytes, out: Path) -> Path:
    """Write one file of the export inside `out` with regiomonitor.core.safefiles: a named pipe, device, folder or link
    at its name, or a folder link out of `out`, is refused without being opened; a file is replaced as a whole."""
    try:
        return safefiles.write_bytes(path, out, content)
    except Refused as exc:  # e.g. the disk is full, or a folder stands where the file should go
        raise ExportError(f"cannot write to {path}: {exc}") from None
