"""Every format of the committee pack, once: its code (the command line's `--formats` and the file suffix), its
name on the Export page, its name in a message, and the function that writes it.

A new document format is a writer module with `document(pack, charts) -> bytes` and one line in FORMATS. This
module stays light (no PDF, slide or workbook library): the dashboard's Export page reads it, and the writers are
imported only when a document is made, in the export's own process.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Charts:
    """The pack's charts as the writers take them: PNG images (for the PDF and the deck) and figures (for the
    HTML report), by theme id and by KPI id; `problem` is why images are missing, if they are."""

    theme_pngs: dict[str, bytes] = field(default_factory=dict)
    indicator_pngs: dict[str, bytes] = field(default_factory=dict)
    theme_figures: dict[str, Any] = field(default_factory=dict)
    indicator_figures: dict[str, Any] = field(default_factory=dict)
    problem: str | None = None


@dataclass(frozen=True)
class Format:
    code: str
    label: str
    """Its name on the Export page."""
    document: str | None = None
    """Its name in a sentence ("Het PDF-rapport kon niet worden gemaakt: …"); None for chart images, which are
    written per chart (export/run._chart_images)."""
    writer: str | None = None
    """'module:function', the function taking (pack, charts) and returning the file's bytes."""
    needs_images: bool = False
    """Whether it is made with chart images, which need a browser (export/images)."""

    def write(self, pack, charts: Charts) -> bytes:
        module, function = self.writer.split(":")
        return getattr(importlib.import_module(module), function)(pack, charts)


REGISTRY = (
    Format("png", "Grafieken als PNG (1600×900)", needs_images=True),
    Format("svg", "Grafieken als SVG", needs_images=True),
    Format("pdf", "PDF-rapport", "Het PDF-rapport", "regiomonitor.export.pdf:document", needs_images=True),
    Format("pptx", "PowerPoint (16:9)", "De PPTX-presentatie", "regiomonitor.export.slides:document",
           needs_images=True),
    Format("xlsx", "Excel (statustabel en metingen)", "De Excel-werkmap (XLSX)", "regiomonitor.export.xlsx:document"),
    Format("html", "HTML-rapport (interactief, zonder server)", "Het HTML-rapport",
           "regiomonitor.export.html:document"),
)
BY_CODE = {f.code: f for f in REGISTRY}
FORMATS = tuple(f.code for f in REGISTRY)
IMAGE_FORMATS = {f.code for f in REGISTRY if f.needs_images}
DOCUMENTS = tuple(f for f in REGISTRY if f.writer)
