"""`intake`: read returned round workbooks, check every cell with the rules the files have, and — all or nothing —
write the figures to data/measurements/, the action reports to data/actions/ and the toelichting with its
follow-up actions to plan/toelichting/<quarter>.yaml.

A workbook as Dutch Excel or LibreOffice saves it reads as the template wrote it: numbers as numbers or as text
with a decimal comma, dates as dates or as text (31-12-2026), empty rows anywhere. A figure that differs from one
already recorded for the same KPI, period and area is an error naming both, never an overwrite; what is already
recorded is no change, so running the same workbook twice changes nothing.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from regiomonitor.core.periods import PeriodError, Quarter, parse_period
from regiomonitor.core.problems import Problem
from regiomonitor.core.safefiles import Refused, read_bytes
from regiomonitor.core.safetext import csv_cell, forbidden_character
from regiomonitor.data.actions import COLUMNS as REPORT_COLUMNS
from regiomonitor.data.actions import status_of, unknown_status
from regiomonitor.data.measurements import COLUMNS as MEASUREMENT_COLUMNS
from regiomonitor.data.measurements import MAX_BYTES, Suggestions, outside_range, parse_value
from regiomonitor.plan.loaded import LoadedPlan
from regiomonitor.round.sheets import (
    ACTIONS,
    COMMENTARY,
    FOLLOW_UP_DONE,
    FOLLOW_UP_STATES,
    MEASUREMENTS,
    SHEET_NAMES,
    SHEETS,
    Sheet,
    due_periods,
)
from regiomonitor.round.template import PROPERTY_PLAN, PROPERTY_QUARTER

MAX_ROWS = 20_000
"""Rows per sheet: a round holds a few hundred (KPI's × periods × areas); more is not a returned template."""


@dataclass
class Workbook:
    """One returned workbook, read: its quarter and plan version (from the template's properties) and, per
    sheet, its rows as (row number, {column: value})."""
    name: str
    quarter: Quarter | None
    plan_version: str | None
    rows: dict[str, list[tuple[int, dict[str, object]]]] = field(default_factory=dict)


@dataclass
class Intake:
    """What the workbooks bring, checked: the rows to add, the follow-up actions to close, and the problems."""
    problems: list[Problem] = field(default_factory=list)
    measurements: list[dict] = field(default_factory=list)
    reports: list[dict] = field(default_factory=list)
    notes: dict[str, dict[str, dict]] = field(default_factory=dict)
    """Per quarter, per indicator id: {toelichting, vervolgacties}."""
    done: list[tuple[str, str, str, str]] = field(default_factory=list)
    """(quarter of the workbook, KPI or doel, action text, cell) of follow-up actions reported done."""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


def cell_problem(book: str, sheet: Sheet | str, row: int, column: str, message: str,
                 severity: str = "error") -> Problem:
    """'round.xlsx:Metingen!F5: waarde: message' — the file, sheet and cell a person opens."""
    name = sheet if isinstance(sheet, str) else sheet.name
    cell = f"{sheet.letter(column)}{row}" if isinstance(sheet, Sheet) and column in sheet.columns else f"A{row}"
    return Problem(f"{book}:{name}!{cell}", 0, 0, column, message, severity)


def read_workbook(path: Path) -> tuple[Workbook | None, list[Problem]]:
    """The workbook's rows, or None with the reason (not a workbook, macros, a password, too large, renamed
    sheets or columns, formulas). Messages name the file as it was given."""
    name, path = str(path), Path(path).resolve()
    if path.suffix.lower() == ".xlsm":
        return None, [Problem(name, 0, 0, "", "is a macro-enabled workbook (.xlsm): save it as an Excel workbook "
                                               "(.xlsx) without macros")]
    if path.suffix.lower() != ".xlsx":
        return None, [Problem(name, 0, 0, "", "is not an Excel workbook (.xlsx): fill in the workbook `template` made")]
    try:
        raw = read_bytes(path, path.parent, MAX_BYTES, "workbooks")
    except Refused as exc:
        return None, [Problem(name, 0, 0, "", str(exc))]
    try:
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        detail = "it is protected with a password, or damaged" if raw[:4] != b"PK\x03\x04" else "it is damaged"
        return None, [Problem(name, 0, 0, "", f"cannot be read as an Excel workbook ({detail}: {type(exc).__name__}); "
                                               "save it again as .xlsx without a password")]
    try:
        return _sheets(book, name)
    finally:
        book.close()


def _sheets(book, name: str) -> tuple[Workbook | None, list[Problem]]:
    properties = {p.name: getattr(p, "value", None) for p in book.custom_doc_props.props} if book.custom_doc_props else {}
    quarter = None
    try:
        quarter = Quarter.parse(str(properties.get(PROPERTY_QUARTER, "")))
    except PeriodError:
        pass
    read = Workbook(name, quarter, properties.get(PROPERTY_PLAN))
    problems: list[Problem] = []
    missing = [s.name for s in SHEETS if s.name not in book.sheetnames]
    if missing:
        others = [s for s in book.sheetnames if s not in SHEET_NAMES]
        return None, [Problem(name, 0, 0, "", f"sheet(s) {', '.join(missing)} missing (found: "
                              f"{', '.join(book.sheetnames)}): do not rename the sheets"
                              + (f"; rename {', '.join(others)} back" if others else ""))]
    for sheet in SHEETS:
        rows, found = _rows(book[sheet.name], sheet, name)
        problems += found
        read.rows[sheet.name] = rows
    return read, problems


def _rows(ws, sheet: Sheet, book: str) -> tuple[list[tuple[int, dict]], list[Problem]]:
    rows, problems = [], []
    for number, cells in enumerate(ws.iter_rows(), start=1):
        if number > MAX_ROWS + 1:
            return [], [cell_problem(book, sheet.name, number, "", f"has more than {MAX_ROWS:,} rows: a round's "
                                     "workbook holds a few hundred; fill in the workbook `template` made")]
        values = [c.value for c in cells][:len(sheet.columns)] + [None] * max(0, len(sheet.columns) - len(cells))
        if number == 1:
            header = [str(v).strip().lower() if v is not None else "" for v in values]
            if header != list(sheet.columns):
                return [], [cell_problem(book, sheet.name, 1, "", f"the header row reads {', '.join(header)}; expected "
                                         f"{', '.join(sheet.columns)}: do not change the column headers")]
            continue
        formulas = [cell_problem(book, sheet, number, column, "holds a formula: type the value itself")
                    for column, cell in zip(sheet.columns, cells)
                    if getattr(cell, "data_type", None) == "f" or (isinstance(cell.value, str) and cell.value.startswith("="))]
        if formulas:  # the row is not read: what the formula computes is not in the file Regiomonitor reads
            problems += formulas
            continue
        record = {c: (v.strip() if isinstance(v, str) else v) for c, v in zip(sheet.columns, values)}
        record = {c: (None if v == "" else v) for c, v in record.items()}
        if any(v is not None for v in record.values()):
            rows.append((number, record))
    return rows, problems


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _number(value: object) -> float:
    if isinstance(value, bool):
        raise ValueError(f"'{value}' is not a number")
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            raise ValueError(f"'{value}' is not a finite number")
        return float(value)
    text = _text(value)
    return parse_value(text, dutch="," in text)


_DAY = re.compile(r"^([0-9]{1,2})-([0-9]{1,2})-([0-9]{4})$")


def _day(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if match := _DAY.match(text):
        return date(int(match[3]), int(match[2]), int(match[1]))
    return date.fromisoformat(text)


class Checker:
    """The rules of the files, applied to the cells of the workbooks; every problem located."""

    def __init__(self, loaded: LoadedPlan, recorded: dict, reported: dict, today: date):
        self.loaded, self.today = loaded, today
        self.indicators = {i.id: i for t in loaded.themes.values() for i in t.indicators}
        self.actions = {a.id: a for t in loaded.themes.values() for a in t.werkagenda}
        self.suggest_kpi, self.suggest_action = Suggestions(self.indicators), Suggestions(self.actions)
        self.recorded, self.reported = recorded, reported
        self.result = Intake()
        self.seen: dict[tuple, str] = {}

    def problem(self, book: str, sheet: Sheet, row: int, column: str, message: str, severity: str = "error") -> None:
        self.result.problems.append(cell_problem(book, sheet, row, column, message, severity))

    def check(self, book: Workbook) -> None:
        for sheet in SHEETS:
            for row, record in book.rows[sheet.name]:
                bad = next(((c, m) for c, v in record.items() if isinstance(v, str) and (m := forbidden_character(v))),
                           None)
                if bad:
                    self.problem(book.name, sheet, row, *bad)
                    continue
                {"Metingen": self.measurement, "Acties": self.action, "Toelichting": self.note}[sheet.name](
                    book, row, record)

    def fresh(self, book: Workbook, sheet: Sheet, row: int, column: str, key: tuple, value, recorded: dict,
              what: str, shown) -> bool:
        """Whether `value` for `key` is new. Given twice in the workbooks, or different from what is recorded, it is
        an error naming both places; the same as recorded is no change (so a workbook read twice adds nothing)."""
        if key in self.seen:
            self.problem(book.name, sheet, row, column, f"{what} is also given in {self.seen[key]}")
            return False
        self.seen[key] = f"{book.name}:{sheet.name}!{sheet.letter(column)}{row}"
        if key in recorded:
            old, place = recorded[key]
            if old != value:
                self.problem(book.name, sheet, row, column, f"{shown(value)} differs from {shown(old)}, already "
                             f"recorded for {what} in {place}: correct that file, or this cell")
            return False
        return True

    def measurement(self, book: Workbook, row: int, r: dict) -> None:
        s = MEASUREMENTS
        if r["waarde"] is None:
            if r["bron"] is not None or r["opmerking"] is not None:
                self.problem(book.name, s, row, "waarde", "is empty, but bron or opmerking is filled in: give the "
                             "figure, or empty the row", "warning")
            return
        kpi = _text(r["kpi"])
        indicator = self.indicators.get(kpi)
        if indicator is None:
            self.problem(book.name, s, row, "kpi", f"unknown KPI '{kpi}'" + self.suggest_kpi(kpi))
            return
        try:
            period = parse_period(_text(r["periode"]))
        except PeriodError as exc:
            self.problem(book.name, s, row, "periode", str(exc))
            return
        due = due_periods(indicator.frequency, book.quarter)
        if period.text not in due:
            self.problem(book.name, s, row, "periode", f"period {period.text} is not due for {kpi} in the round of "
                         f"{book.quarter} (due: {', '.join(due) or 'nothing this round'})")
            return
        try:
            value = _number(r["waarde"])
        except ValueError as exc:
            self.problem(book.name, s, row, "waarde", str(exc))
            return
        if outside := outside_range(indicator, value):
            self.problem(book.name, s, row, "waarde", f"{value:g} {outside}")
            return
        source = _text(r["bron"])
        if not source:
            self.problem(book.name, s, row, "bron", "is empty: say where the figure comes from")
            return
        area = _text(r["gebied"]) or None
        if not self.fresh(book, s, row, "waarde", (kpi, period.end, area), value, self.recorded,
                          f"{kpi} {period.text}{_in(area)}", lambda v: f"{v:g}"):
            return
        self.result.measurements.append({"indicator": kpi, "period": period.text, "value": value, "area": area or "",
                                         "source": source, "note": _text(r["opmerking"])})

    def action(self, book: Workbook, row: int, r: dict) -> None:
        s = ACTIONS
        if r["nieuwe status"] is None:
            return
        action = _text(r["actie"])
        if action not in self.actions:
            self.problem(book.name, s, row, "actie", f"unknown action '{action}'" + self.suggest_action(action))
            return
        status = status_of(_text(r["nieuwe status"]))
        if status is None:
            self.problem(book.name, s, row, "nieuwe status", unknown_status(_text(r["nieuwe status"])))
            return
        if not self.fresh(book, s, row, "nieuwe status", (action, book.quarter.code), status, self.reported,
                          f"{action} {book.quarter}", lambda v: f"'{v}'"):
            return
        self.result.reports.append({"action": action, "period": book.quarter.code, "status": status,
                                    "note": _text(r["toelichting"]), "source": Path(book.name).name})

    def note(self, book: Workbook, row: int, r: dict) -> None:
        s = COMMENTARY
        key = _text(r["kpi"])
        state = _text(r["status"]).lower()
        if state in FOLLOW_UP_STATES:
            if state == FOLLOW_UP_DONE:
                self.result.done.append((book.quarter.code, key, _text(r["vervolgactie"]), f"{book.name}:{s.name}!"
                                         f"{s.letter('status')}{row}"))
            return
        if not key:
            self.problem(book.name, s, row, "kpi", "is empty: give the id of the KPI the toelichting is about (as in "
                         "the sheet Metingen)")
            return
        if key not in self.indicators:
            self.problem(book.name, s, row, "kpi", f"unknown KPI '{key}'" + self.suggest_kpi(key))
            return
        text = _text(r["toelichting"])
        follow = [_text(r[c]) if c != "deadline" else r[c] for c in ("vervolgactie", "eigenaar", "deadline")]
        if not text:
            if any(follow):
                self.problem(book.name, s, row, "toelichting", "is empty, but a vervolgactie is given: explain the "
                             "status in a few words")
            return
        note: dict = {"toelichting": text, "vervolgacties": []}
        if any(follow):
            missing = [c for c, v in zip(("vervolgactie", "eigenaar", "deadline"), follow) if not v]
            if missing:
                self.problem(book.name, s, row, missing[0], "is empty: a vervolgactie needs vervolgactie, eigenaar "
                             "and deadline")
                return
            try:
                due = _day(follow[2])
            except ValueError:
                self.problem(book.name, s, row, "deadline", f"'{_text(follow[2])}' is not a date: write 31-12-2026")
                return
            if due <= book.quarter.end or due < self.today:
                self.problem(book.name, s, row, "deadline", f"{due:%d-%m-%Y} lies in the past: a vervolgactie is due "
                             f"after {max(book.quarter.end, self.today):%d-%m-%Y}")
                return
            note["vervolgacties"].append({"action": follow[0], "owner": follow[1], "due": due})
        quarter = book.quarter.code
        notes = self.result.notes.setdefault(quarter, {})
        existing = self.loaded.commentary.get(quarter)
        old = existing.indicators.get(key) if existing else None
        if old is not None and old.toelichting != text:
            self.problem(book.name, s, row, "toelichting", f"differs from the toelichting already in toelichting/"
                         f"{quarter}.yaml for {key}: correct one of the two")
            return
        if old is not None:  # the same toelichting: only a follow-up action it does not have yet is new
            known = {f.action for f in old.vervolgacties}
            note["vervolgacties"] = [f for f in note["vervolgacties"] if f["action"] not in known]
            if not note["vervolgacties"]:
                return
        if key in notes:
            self.problem(book.name, s, row, "toelichting", f"{key} has a second toelichting in this round")
            return
        notes[key] = note


def _in(area: str | None) -> str:
    return f" in {area}" if area else ""


@dataclass
class Written:
    """A file the intake writes: its path and its whole new content."""
    path: Path
    content: str


def recorded_measurements(progress) -> dict:
    """(indicator, period end, area) → (value, 'file row n') of every real measurement already recorded."""
    rows = progress.measurements.rows
    real = rows.filter(~rows["is_demo"]) if rows.height else rows
    return {(r["indicator"], r["period_end"], r["area"]): (r["value"], f"{r['file']} row {r['row']}")
            for r in real.iter_rows(named=True)}


def recorded_reports(progress) -> dict:
    return {(r["action"], r["period"]): (r["status"], f"{r['file']} row {r['row']}")
            for r in progress.reports.rows.iter_rows(named=True)}


def take_in(paths: list[Path], progress, data_dir: Path, today: date,
            plan_version: str) -> tuple[Intake, list[Written]]:
    """Check every workbook; when nothing is wrong, the files to write (and none when something is)."""
    from regiomonitor.plan.commentary import open_follow_ups

    loaded = progress.loaded
    checker = Checker(loaded, recorded_measurements(progress), recorded_reports(progress), today)
    result = checker.result
    for path in paths:
        book, problems = read_workbook(Path(path))
        result.problems += problems
        if book is None:
            continue
        if book.quarter is None:
            result.problems.append(Problem(book.name, 0, 0, "", "does not say which quarter it is for: fill in the "
                                                                "workbook `template` made"))
            continue
        current = Quarter.last_complete(today)
        if book.quarter != current:
            result.problems.append(Problem(book.name, 0, 0, "", f"is the workbook of {book.quarter}; the current round "
                                                                f"is {current}", "warning"))
        if book.plan_version and _content(book.plan_version) != _content(plan_version):
            result.problems.append(Problem(book.name, 0, 0, "", f"was made from plan version {book.plan_version}; the "
                                                                f"plan is now {plan_version}: check the figures against "
                                                                "the plan's KPI's", "warning"))
        checker.check(book)
    closing = _follow_ups_done(loaded, result, open_follow_ups)
    order = {str(p): n for n, p in enumerate(paths)}
    result.problems.sort(key=lambda p: _place(p, order))
    if result.errors:
        return result, []
    return result, _files(loaded, Path(data_dir), result, closing)


_CELL = re.compile(r"^(?P<book>.*):(?P<sheet>[^:!]+)!(?P<col>[A-Z]+)(?P<row>[0-9]+)$")


def _place(problem: Problem, order: dict[str, int]) -> tuple:
    """Problems in the order a person walks the workbooks: the files as given, then the sheets in order, then row
    and column."""
    match = _CELL.match(problem.file)
    if not match:
        return (order.get(problem.file, len(order)), -1, 0, "")
    sheet = SHEET_NAMES.index(match["sheet"]) if match["sheet"] in SHEET_NAMES else len(SHEET_NAMES)
    return (order.get(match["book"], len(order)), sheet, int(match["row"]), match["col"])


def _content(version: str) -> str:
    """The content hash of a version text ('commit 1a2b, inhoud 0f1e…' → '0f1e…'): commits differ between clones."""
    return version.rsplit("inhoud ", 1)[-1]


def _follow_ups_done(loaded, result: Intake, open_follow_ups) -> list:
    """The open follow-up actions the workbooks report done (one already closed is no change)."""
    closing, still = [], []
    for quarter, key, action, where in result.done:
        match = [f for f in open_follow_ups(loaded, quarter) if f.key == key and f.follow_up.action == action]
        if match:
            closing += [(m, Quarter.parse(quarter).end) for m in match]
            still.append((quarter, key, action, where))
        elif not _closed(loaded, quarter, key, action):
            result.problems.append(Problem(where, 0, 0, "status", f"no open vervolgactie '{action}' for {key} in an "
                                                                  "earlier quarter"))
    result.done = still
    return closing


def _closed(loaded, before: str, key: str, action: str) -> bool:
    return any(f.action == action and f.done is not None for q, c in loaded.commentary.items() if q < before
               for notes in (c.indicators, c.doelen) for f in (notes[key].vervolgacties if key in notes else []))


def _files(loaded, data_dir: Path, result: Intake, closing: list) -> list[Written]:
    import csv

    files = []
    for folder, rows, columns in (("measurements", result.measurements, MEASUREMENT_COLUMNS),
                                  ("actions", result.reports, REPORT_COLUMNS)):
        by_quarter: dict[str, list[dict]] = {}
        for row in rows:
            by_quarter.setdefault(_quarter_of(row["period"]), []).append(row)
        for quarter, found in by_quarter.items():
            path = data_dir / folder / f"ronde-{quarter}.csv"
            text = path.read_text(encoding="utf-8-sig") if path.is_file() else ",".join(columns) + "\n"
            out = io.StringIO()
            writer = csv.writer(out, lineterminator="\n")
            for row in found:
                writer.writerow([_cell(row[c]) for c in columns])
            files.append(Written(path, text + ("" if text.endswith("\n") else "\n") + out.getvalue()))
    files += _commentary_files(loaded, result.notes, closing)
    return files


def _quarter_of(period: str) -> str:
    return Quarter.of(parse_period(period).end).code


def _cell(value: object) -> str:
    """A figure as the measurement files write it, a text neutralised as every CSV this project writes is."""
    return f"{value:.10g}" if isinstance(value, float) else csv_cell(str(value))


def _commentary_files(loaded, notes: dict, closing: list) -> list[Written]:
    from regiomonitor.plan.commentary import Commentary, commentary_file

    quarters = {q for q, found in notes.items() if found} | {m.quarter for m, _ in closing}
    files = []
    for quarter in sorted(quarters):
        existing = loaded.commentary.get(quarter)
        data = existing.model_dump(mode="python") if existing else {"quarter": quarter, "indicators": {}, "doelen": {}}
        for key, note in notes.get(quarter, {}).items():
            if key in data["indicators"]:
                data["indicators"][key]["vervolgacties"] += note["vervolgacties"]
            else:
                data["indicators"][key] = note
        for item, day in closing:
            if item.quarter != quarter:
                continue
            for follow_up in data[item.kind][item.key]["vervolgacties"]:
                if follow_up["action"] == item.follow_up.action and follow_up.get("done") is None:
                    follow_up["done"] = day
        Commentary.model_validate(data)  # what is written reads back
        files.append(Written(commentary_file(loaded.directory, quarter), commentary_yaml(data)))
    return files


def commentary_yaml(data: dict) -> str:
    import yaml

    def clean(note: dict) -> dict:
        out = {"toelichting": note["toelichting"]}
        if note.get("vervolgacties"):
            out["vervolgacties"] = [{k: v for k, v in f.items() if v is not None} for f in note["vervolgacties"]]
        return out

    body = {"quarter": str(data["quarter"]),
            "indicators": {k: clean(v) for k, v in data["indicators"].items()},
            "doelen": {k: clean(v) for k, v in data["doelen"].items()}}
    body = {k: v for k, v in body.items() if v or k == "quarter"}
    return "# yaml-language-server: $schema=../schema.json\n" + yaml.safe_dump(
        body, allow_unicode=True, sort_keys=False, width=110, default_flow_style=False)


def changes(result: Intake) -> dict[str, list[str]]:
    """What the intake adds, in words, per kind (the command prints it; the pull-request comment lists it)."""
    return {
        "measurements": [f"{m['indicator']} {m['period']}{_in(m['area'] or None)} = {m['value']:g} ({m['source']})"
                         for m in result.measurements],
        "actions": [f"{r['action']} {r['period']}: {r['status']}" for r in result.reports],
        "toelichting": [f"{key} ({quarter})" + (f": + vervolgactie {', '.join(f['action'] for f in note['vervolgacties'])}"
                                                if note["vervolgacties"] else "")
                        for quarter, notes in result.notes.items() for key, note in notes.items()],
        "done": [f"{action} ({key}, {quarter})" for quarter, key, action, _ in result.done],
    }
