"""The bad-input corpus: one file per fault, named after it; each gives its exact message at its file and line
(YAML) or row (CSV), loses nothing else, and never exhausts memory."""

import shutil
from datetime import date

import pytest

from regiomonitor.data.measurements import MAX_ROWS
from regiomonitor.data.sources import load_measurements
from regiomonitor.plan.load import load_plan
from regiomonitor.plan.yamlsource import MAX_BYTES
from tests.conftest import FIXTURES

TODAY = date(2026, 11, 23)
EXPECTED = "(expected: indicator, period, value, area, source, note; separator ',')"

CSV_CASES = [
    # fixture, rows that load (period, value), problems (row, column, message)
    ("utf8-bom.csv", [("2024-Q1", 11.5)], []),
    ("blank-and-comment-lines.csv", [("2024-Q1", 11.5), ("2024-Q2", 11.0)], []),
    ("dutch-excel-semicolon-decimal-comma-bom.csv", [("2024-Q1", 11.5), ("2024-Q2", 1010.25), ("2024-Q2", 10.0)], []),
    ("wrong-separator.csv", [], [(1, "", "the columns are separated by '|', which is not supported: save the file "
                                        "as CSV with commas, or with semicolons as Dutch Excel does")]),
    ("tab-separated.csv", [], [(1, "", "the columns are separated by tab, which is not supported: save the file as "
                                       "CSV with commas, or with semicolons as Dutch Excel does")]),
    ("decimal-comma-in-comma-file.csv", [("2024-Q1", 11.5)],
     [(3, "value", "value '11,5' is not a number with a decimal point, e.g. 12.5")]),
    ("missing-column.csv", [], [(1, "", f"missing column(s) value {EXPECTED}")]),
    ("extra-column.csv", [], [(1, "", f"unknown column(s) remark {EXPECTED}")]),
    ("wrong-number-of-cells.csv", [("2024-Q1", 11.5)],
     [(3, "", "has 7 cells, the header has 6"), (4, "", "has 3 cells, the header has 6")]),
    ("text-in-number-column.csv", [("2024-Q1", 11.5)],
     [(3, "value", "value 'elf' is not a number with a decimal point, e.g. 12.5")]),
    ("nan-and-inf.csv", [], [(2, "value", "value 'NaN' is not a finite number"),
                             (3, "value", "value 'inf' is not a finite number"),
                             (4, "value", "value '-Infinity' is not a finite number")]),
    ("far-future-period.csv", [], [(2, "period", "period 2099-Q1 lies in the future")]),
    ("pre-2000-period.csv", [], [(2, "period", "period 1999 is before 2000: check the year")]),
]


@pytest.fixture
def indicators():
    loaded = load_plan(FIXTURES / "plan-minimal")
    return {i.id: i for t in loaded.themes.values() for i in t.indicators}


def load_one(tmp_path, fixture, indicators):
    folder = tmp_path / "data" / "measurements"
    folder.mkdir(parents=True)
    shutil.copy(FIXTURES / "csv" / fixture, folder / fixture)
    return load_measurements(tmp_path / "data", indicators, TODAY), str(folder / fixture)


@pytest.mark.parametrize(("fixture", "rows", "problems"), CSV_CASES, ids=[c[0] for c in CSV_CASES])
def test_csv_fault_is_reported_at_its_row_and_good_rows_load(tmp_path, indicators, fixture, rows, problems):
    result, name = load_one(tmp_path, fixture, indicators)
    assert result.rows.select("period", "value").rows() == rows
    assert [(p.file, p.line, p.field, p.message) for p in result.problems] == [(name, *p) for p in problems]


def test_duplicate_rows_are_all_named_and_none_is_used(tmp_path, indicators):
    result, name = load_one(tmp_path, "duplicate-rows.csv", indicators)
    assert result.rows.select("period", "value").rows() == [("2024-Q2", 9.0)]
    message = (f"duplicate measurement for zorg-wachttijd 2024-Q1 ({name} row 2, {name} row 3): none of them is used")
    assert [(p.line, p.message) for p in result.problems] == [(2, message), (3, message)]


def test_a_million_rows_are_refused_with_a_limit_message_before_parsing(tmp_path, indicators):
    folder = tmp_path / "data" / "measurements"
    folder.mkdir(parents=True)
    with (folder / "one-million-rows.csv").open("w") as f:
        f.write("indicator,period,value,area,source,note\n")
        f.writelines(f"zorg-wachttijd,2024-Q1,{n % 50}.5,wijk-{n},GGD,\n" for n in range(1_000_000))
    result = load_measurements(tmp_path / "data", indicators, TODAY)
    assert result.rows.height == 0
    assert [(p.line, p.message) for p in result.problems] == [
        (1, f"file has 1,000,000 rows; measurement files are limited to {MAX_ROWS:,} rows: split it, e.g. per year "
            "or per source")]


def test_alias_bomb_is_refused_not_expanded(plan_with_bad_theme):
    plan = plan_with_bad_theme("alias-bomb.yaml")
    loaded = load_plan(plan)
    [error] = loaded.errors
    assert (error.file, error.line) == (str(plan / "zorg.yaml"), 3)
    assert error.message == "the file expands to more than 200,000 values (nested aliases?): refused"
    assert "welzijn" in loaded.themes


def test_a_50_mb_plan_file_is_refused_unread(minimal_plan):
    with (minimal_plan / "zorg.yaml").open("w") as f:
        f.write("id: zorg\n")
        chunk = "# " + "x" * 1021 + "\n"
        for _ in range(50 * 1024):
            f.write(chunk)
    size = (minimal_plan / "zorg.yaml").stat().st_size
    assert size > 50_000_000
    [error] = load_plan(minimal_plan).errors
    assert (error.line, error.message) == (
        1, f"file is {size:,} bytes; plan files are limited to {MAX_BYTES:,} bytes")
