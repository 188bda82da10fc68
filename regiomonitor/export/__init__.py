"""The quarterly committee pack: charts (PNG 1600×900 and SVG), a PDF report, a PPTX deck, an XLSX workbook
and a static HTML report (made in regiomonitor.export.run).

This package module stays light: the dashboard's Export page needs only the format names and the zip, and has
the pack made by a child process (regiomonitor.export.child), so the server never loads the PDF, slide and
workbook libraries. `run_export`, `figures` and `ExportResult` load them on first use.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from regiomonitor.export.formats import FORMATS, IMAGE_FORMATS  # noqa: F401  (the formats live in one registry)

CHART_DIR = "grafieken"
THEME_CHART_SIZE = (1200, 540)  # a status distribution has at most 12 bars: wide and low reads best
_MADE_IN_RUN = {"run_export", "figures", "ExportResult"}


def __getattr__(name: str):
    if name in _MADE_IN_RUN:
        from regiomonitor.export import run

        return getattr(run, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def zip_bytes(files: list[Path], root: Path) -> bytes:
    """One download for the export page: the files with their paths relative to the export folder."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            archive.write(path, path.relative_to(root).as_posix())
    return buffer.getvalue()
