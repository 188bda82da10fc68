"""The numbers behind the pack as an Excel workbook: the status table (the `status` command's columns and
values), the actions (the `status --actions` columns, on a sheet named as the plan names its actions), all
measurements up to the as-of date, for fed KPI's the same figures for the Netherlands and the peer regions
(*Vergelijking*), and a sheet that says what the export is."""

from __future__ import annotations

import io
import math
import re
from datetime import date

import polars as pl
import xlsxwriter

from regiomonitor.engine.statuses import STALE
from regiomonitor.export.formats import Charts
from regiomonitor.export.pack import ExportPack

BENCHMARK_SHEET = "Vergelijking"
"""The fed KPI's figures for the Netherlands and the peer regions (the measurement columns), beside *Metingen*."""


def write_xlsx(pack: ExportPack) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
                                        "strings_to_urls": False})
    book.set_properties({"title": f"Regiomonitor {pack.quarter}", "subject": pack.stamp,
                         "comments": pack.stamp, "created": pack.generated})
    bold = book.add_format({"bold": True})
    day = book.add_format({"num_format": "dd-mm-yyyy"})

    about = book.add_worksheet("Over deze export")
    for row, (label, value) in enumerate([
            ("Regio", pack.region), ("Plan", pack.plan_title), ("Kwartaal", pack.quarter.label),
            ("Peildatum", pack.as_of.strftime("%d-%m-%Y")), ("Gegenereerd", pack.generated.strftime("%d-%m-%Y %H:%M")),
            ("Versie plan", pack.plan_version), ("Versie data", pack.data_version),
            (pack.words.themes, ", ".join(part.title for part in pack.themes)), *[("Let op", n) for n in pack.data_notes()]]):
        about.write_string(row, 0, label, bold)
        about.write_string(row, 1, value)
    about.set_column(0, 0, 16)
    about.set_column(1, 1, 110)

    if pack.words.has_indicators:
        _write_frame(book, sheet_name(pack.words.indicators), overview(pack), bold, day,
                     widths=(24, 40, 18, 60, 22, 22, 12, 60, 10, 30))
    _write_frame(book, "Status", pack.status, bold, day)
    if pack.words.has_actions:
        _write_frame(book, sheet_name(pack.words.actions), pack.actions, bold, day)
    _write_frame(book, "Metingen", pack.measurements, bold, day)
    if pack.benchmarks is not None and pack.benchmarks.height:
        _write_frame(book, BENCHMARK_SHEET, pack.benchmarks, bold, day)
    if pack.follow_ups:
        _write_frame(book, "Vervolgacties", pl.DataFrame(pack.follow_ups), bold, day)
    book.close()
    return buffer.getvalue()


def overview(pack: ExportPack) -> pl.DataFrame:
    """The Dutch sheet beside the contract's *Status*: per theme its KPI's by name, most severe first, with the
    status in words, the plain sentence, the figures as the report writes them, and the committee's commentary."""
    w = pack.words
    rows = [{w.theme: part.title, w.indicator: line.name, "Status": line.status, "Uitleg": line.summary,
             "Laatste meting": line.latest, "Streefwaarde": line.target, "Sinds vorig kwartaal": line.change,
             "Toelichting en vervolgacties": "\n".join(line.note.lines()) if line.note else None,
             STALE.label: "ja" if line.stale else None, "Id": line.id}
            for part in pack.themes for line in part.by_severity]
    columns = [w.theme, w.indicator, "Status", "Uitleg", "Laatste meting", "Streefwaarde", "Sinds vorig kwartaal",
               "Toelichting en vervolgacties", STALE.label, "Id"]
    return pl.DataFrame(rows, schema={c: pl.String for c in columns})


def sheet_name(name: str) -> str:
    """The plan's word as an Excel sheet name: without the characters Excel refuses there ([]:*?/\\), at most
    31 characters, and never one of this workbook's own sheets."""
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", name).strip(" '")[:31].strip() or "Acties"
    return cleaned if cleaned.lower() not in OWN_SHEETS else f"{cleaned[:27]} (2)"


OWN_SHEETS = ("status", "metingen", "vergelijking", "over deze export", "vervolgacties")


def _write_frame(book, name: str, frame, bold, day, widths: tuple[int, ...] = ()) -> None:
    sheet = book.add_worksheet(name)
    wrap = book.add_format({"text_wrap": True, "valign": "top"}) if widths else None
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width, wrap)
    for col, column in enumerate(frame.columns):
        sheet.write_string(0, col, column, bold)
    for row, values in enumerate(frame.iter_rows(), start=1):
        for col, value in enumerate(values):
            if value is None or (isinstance(value, float) and not math.isfinite(value)):
                continue  # an empty cell, as in the CSV output; Excel has no infinity
            if isinstance(value, bool):
                sheet.write_boolean(row, col, value)
            elif isinstance(value, (int, float)):
                sheet.write_number(row, col, value)
            elif isinstance(value, date):
                sheet.write_datetime(row, col, value, day)
            elif isinstance(value, list):
                sheet.write_string(row, col, ";".join(map(str, value)))  # as `status --format csv`
            else:
                sheet.write_string(row, col, str(value))  # text is never read as a formula
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(frame.height, 1), max(len(frame.columns) - 1, 0))


def document(pack: ExportPack, charts: Charts) -> bytes:
    """This format's entry in the registry (export/formats.py)."""
    return write_xlsx(pack)
