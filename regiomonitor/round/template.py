"""`template`: the workbook of one reporting round, for a person to fill in in Excel or LibreOffice.

Pre-filled columns are locked (the sheet is protected without a password: the lock prevents mistakes, not
access); the cells a person fills are open, with a number check on `waarde` (within the KPI's plausible range),
a drop-down on `nieuwe status` and on a follow-up action's `status`, and a date check on `deadline`. Names stand
beside every id. The workbook carries the quarter and the plan's and data's versions (custom document properties
and the Uitleg sheet), so that `intake` can say when a workbook comes from another round.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import xlsxwriter

from regiomonitor.core.formatting import period_nl
from regiomonitor.core.periods import Quarter
from regiomonitor.data.actions import STATUSES
from regiomonitor.data.versions import DATA_FILES, PLAN_ONLY, version_text
from regiomonitor.engine.progress import needing_commentary
from regiomonitor.plan.commentary import open_follow_ups
from regiomonitor.present.words import words_of
from regiomonitor.round.sheets import (
    ACTIONS,
    COMMENTARY,
    EXPLANATION,
    FOLLOW_UP_STATES,
    MEASUREMENTS,
    Sheet,
    due_periods,
    round_deadline,
)

EXTRA_ROWS = 200
"""Open rows below the pre-filled ones, for figures per gemeente or wijk and for new commentary."""
LIMIT = 1e15
PROPERTY_QUARTER, PROPERTY_PLAN, PROPERTY_DATA, PROPERTY_REGION = (
    "regiomonitor-kwartaal", "regiomonitor-plan", "regiomonitor-data", "regiomonitor-regio")


@dataclass(frozen=True)
class Round:
    """What one workbook covers."""
    quarter: Quarter
    themes: tuple[str, ...] = ()
    owner: str | None = None

    def covers(self, theme: str, owner: str | None) -> bool:
        return (not self.themes or theme in self.themes) and (self.owner is None or owner == self.owner)


@dataclass(frozen=True)
class Judged:
    """What the workbook is made from: the plan, its quarter as the engine judged it (a snapshot's QuarterState:
    `status` and `actions`), and the KPI's whose figures are demo data."""
    loaded: object
    state: object
    demo: frozenset[str]


def write_template(judged: Judged, data_dir: Path, chosen: Round) -> bytes:
    loaded, quarter = judged.loaded, chosen.quarter
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
                                        "strings_to_urls": False})
    plan_version, data_version = version_text(loaded.directory, PLAN_ONLY), version_text(Path(data_dir), DATA_FILES)
    for name, value in ((PROPERTY_QUARTER, quarter.code), (PROPERTY_PLAN, plan_version),
                        (PROPERTY_DATA, data_version), (PROPERTY_REGION, loaded.plan.region)):
        book.set_custom_property(name, value)
    formats = _Formats(book)
    _measurements(book, formats, judged, chosen)
    _actions(book, formats, judged, chosen)
    _commentary(book, formats, judged, chosen)
    _explanation(book, formats, judged, chosen, plan_version, data_version)
    book.close()
    return buffer.getvalue()


class _Formats:
    def __init__(self, book):
        self.head = book.add_format({"bold": True, "bg_color": "#E8E8E8", "locked": True})
        self.locked = book.add_format({"locked": True, "bg_color": "#F4F4F4"})
        self.open = book.add_format({"locked": False})
        self.number = book.add_format({"locked": False, "num_format": "#,##0.0##"})
        self.day = book.add_format({"locked": False, "num_format": "dd-mm-yyyy"})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})
        self.title = book.add_format({"bold": True, "font_size": 14})


def _sheet(book, formats: _Formats, sheet: Sheet, rows: list[dict], widths: dict[str, int]):
    """The sheet with its header, `rows` (pre-filled columns locked, the others open) and EXTRA_ROWS open rows."""
    ws = book.add_worksheet(sheet.name)
    for col, column in enumerate(sheet.columns):
        ws.write_string(0, col, column, formats.head)
        ws.set_column(col, col, widths.get(column, 16), formats.open)
    for r, row in enumerate(rows, start=1):
        for col, column in enumerate(sheet.columns):
            value = row.get(column)
            fmt = formats.locked if column in sheet.prefilled else formats.open
            if value is None:
                ws.write_blank(r, col, None, fmt)
            else:
                ws.write_string(r, col, str(value), fmt)
    ws.freeze_panes(1, 0)
    ws.protect("", {"insert_rows": True, "delete_rows": False, "format_columns": True, "autofilter": True,
                    "sort": False})
    return ws


def _measurements(book, formats: _Formats, judged: Judged, chosen: Round) -> None:
    rows, ranges = [], []
    for theme_id, theme in judged.loaded.themes.items():
        for ind in theme.indicators:
            if not chosen.covers(theme_id, ind.owner):
                continue
            for period in due_periods(ind.frequency, chosen.quarter):
                rows.append({"kpi": ind.id, "naam": ind.name, "eenheid": ind.unit, "periode": period, "gebied": None})
                bounds = ind.valid_range
                ranges.append((bounds.min if bounds and bounds.min is not None else -LIMIT,
                               bounds.max if bounds and bounds.max is not None else LIMIT))
    ws = _sheet(book, formats, MEASUREMENTS, rows, {"kpi": 34, "naam": 40, "periode": 10, "gebied": 18, "bron": 30,
                                                    "opmerking": 30})
    col = MEASUREMENTS.columns.index("waarde")
    ws.set_column(col, col, 12, formats.number)
    for r, (low, high) in enumerate(ranges, start=1):
        ws.data_validation(r, col, r, col, {
            "validate": "decimal", "criteria": "between", "minimum": low, "maximum": high,
            "error_title": "Geen geldig getal",
            "error_message": f"Vul een getal in tussen {low:g} en {high:g} (decimaalteken zoals in uw Excel)."})
    last = len(rows) + EXTRA_ROWS
    ws.data_validation(len(rows) + 1, col, last, col, {
        "validate": "decimal", "criteria": "between", "minimum": -LIMIT, "maximum": LIMIT,
        "error_title": "Geen getal", "error_message": "Vul een getal in."})


def _actions(book, formats: _Formats, judged: Judged, chosen: Round) -> None:
    loaded = judged.loaded
    now = judged.state.actions
    owners = {a.id: a.owner for t in loaded.themes.values() for a in t.werkagenda}
    rows = [{"actie": a["id"], "titel": a["title"], "thema": loaded.themes[a["theme"]].name,
             "start": period_nl(a["start"]) if a["start"] else None, "einde": period_nl(a["end"]) if a["end"] else None,
             "huidige status": a["status"]}
            for a in now.iter_rows(named=True) if chosen.covers(a["theme"], owners.get(a["id"]))]
    ws = _sheet(book, formats, ACTIONS, rows, {"actie": 34, "titel": 50, "thema": 22, "huidige status": 18,
                                               "nieuwe status": 16, "toelichting": 40})
    col = ACTIONS.columns.index("nieuwe status")
    ws.data_validation(1, col, len(rows), col, {
        "validate": "list", "source": list(STATUSES), "error_title": "Kies een status",
        "error_message": "Kies een status uit de lijst: " + ", ".join(STATUSES) + "."})


def _commentary(book, formats: _Formats, judged: Judged, chosen: Round) -> None:
    loaded, quarter = judged.loaded, chosen.quarter
    themes = {i.id: (t, i) for t, theme in loaded.themes.items() for i in theme.indicators}
    status = needing_commentary(judged.state.status, set(judged.demo))
    rows = [{"kpi": r["indicator"], "naam": r["name"], "status": r["status"]}
            for r in status.iter_rows(named=True) if chosen.covers(r["theme"], themes[r["indicator"]][1].owner)]
    kpi_rows = len(rows)
    for item in open_follow_ups(loaded, quarter.code):
        theme_id = themes[item.key][0] if item.key in themes else item.key.partition("/")[0]
        if not chosen.covers(theme_id, item.follow_up.owner if chosen.owner else None):
            continue
        name = themes[item.key][1].name if item.key in themes else item.key
        rows.append({"kpi": item.key, "naam": f"{name} — vervolgactie uit {Quarter.parse(item.quarter).label}",
                     "status": "open", "vervolgactie": item.follow_up.action, "eigenaar": item.follow_up.owner,
                     "deadline": item.follow_up.due})
    ws = _sheet(book, formats, COMMENTARY, [{k: v for k, v in r.items() if k != "deadline"} for r in rows],
                {"kpi": 34, "naam": 44, "status": 22, "toelichting": 50, "vervolgactie": 40, "eigenaar": 24,
                 "deadline": 12})
    status_col, deadline_col = COMMENTARY.columns.index("status"), COMMENTARY.columns.index("deadline")
    ws.set_column(deadline_col, deadline_col, 12, formats.day)
    for r, row in enumerate(rows, start=1):
        if r <= kpi_rows:
            ws.write_string(r, status_col, row["status"], formats.locked)  # the KPI's status: the engine's
        else:  # a follow-up action: its text, owner and deadline were agreed; the person says open or afgerond
            for column in ("vervolgactie", "eigenaar"):
                ws.write_string(r, COMMENTARY.columns.index(column), row[column], formats.locked)
            ws.write_datetime(r, deadline_col, _datetime(row["deadline"]), formats.locked)
            ws.data_validation(r, status_col, r, status_col, {
                "validate": "list", "source": list(FOLLOW_UP_STATES), "error_title": "Open of afgerond",
                "error_message": "Kies 'open' of 'afgerond'."})
    ws.data_validation(1, deadline_col, kpi_rows or 1, deadline_col, {
        "validate": "date", "criteria": ">", "minimum": _datetime(quarter.end),
        "error_title": "Geen geldige datum", "error_message": f"Vul een datum in na {quarter.end:%d-%m-%Y}."})


def _datetime(day: date):
    from datetime import datetime
    return datetime(day.year, day.month, day.day)


def _explanation(book, formats: _Formats, judged: Judged, chosen: Round, plan_version: str,
                 data_version: str) -> None:
    loaded, quarter = judged.loaded, chosen.quarter
    words = words_of(loaded)
    deadline = round_deadline(quarter, loaded.plan.reporting.deadline_weeks)
    scope = ", ".join(loaded.themes[t].name for t in chosen.themes if t in loaded.themes) or f"alle {words.themes_mid}"
    lines = [
        (f"Kwartaalrapportage {quarter.label} — {loaded.plan.title}", formats.title),
        (f"Regio: {loaded.plan.region} · {words.themes}: {scope}"
         + (f" · eigenaar: {chosen.owner}" if chosen.owner else ""), None),
        (f"Inleveren uiterlijk {deadline:%d-%m-%Y}.", None),
        ("", None),
        ("Metingen: vul per regel `waarde` in (een getal; decimaalteken zoals in uw Excel), met `bron` (waar het "
         "cijfer vandaan komt) en zo nodig een `opmerking`. Cijfers per gemeente of wijk: voeg een regel toe met "
         "dezelfde kpi en periode en de naam van het gebied in `gebied`. Leeg `gebied` = de hele regio.", None),
        (f"Acties: kies bij `nieuwe status` de stand van elke {words.action_mid} aan het eind van {quarter.label}; "
         "licht zo nodig toe. Leeg laten = niets gemeld.", None),
        (f"Toelichting: schrijf bij elke {words.indicator_mid} die niet op koers is een korte `toelichting` en, waar "
         "nodig, een "
         "`vervolgactie` met `eigenaar` en `deadline` (een datum). Vervolgacties uit eerdere kwartalen staan eronder: "
         "zet `status` op 'afgerond' als ze klaar zijn.", None),
        ("Grijze kolommen zijn vooraf ingevuld en beveiligd (zonder wachtwoord). Verander geen kolomkoppen of "
         "bladnamen: Regiomonitor leest het bestand daaraan.", None),
        ("", None),
        (f"Gemaakt uit plan: {plan_version} · data: {data_version}.", None),
        ("Inlezen: python -m regiomonitor intake <bestand>.xlsx (of upload het in data/inbox/ via een pull request).",
         None),
    ]
    ws = book.add_worksheet(EXPLANATION)
    ws.set_column(0, 0, 120, formats.wrap)
    for row, (text, fmt) in enumerate(lines):
        ws.write_string(row, 0, text, fmt or formats.wrap)
    ws.protect("")
