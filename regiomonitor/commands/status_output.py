"""Status tables as text for the command line: a Markdown table, JSON records or CSV."""

from __future__ import annotations

import math

import polars as pl

from regiomonitor.core.jsontext import json_text
from regiomonitor.core.safetext import csv_text


def _plain(value):
    if isinstance(value, float) and math.isfinite(value):
        return round(value, 6)
    return value


def render_status(frame: pl.DataFrame, fmt: str) -> str:
    if fmt == "json":
        return json_text([{k: _plain(v) for k, v in row.items()} for row in frame.iter_rows(named=True)])
    flat = frame.with_columns(pl.col("doelen").list.join(";"))
    if fmt == "csv":  # plan text (titles) may start like a formula: a spreadsheet that opens the file runs none
        return csv_text(flat)
    with pl.Config(tbl_cols=-1, tbl_rows=-1, fmt_str_lengths=400, tbl_width_chars=10_000, float_precision=3,
                   tbl_hide_dataframe_shape=True, tbl_hide_column_data_types=True, tbl_formatting="MARKDOWN"):
        return str(flat) + "\n"
