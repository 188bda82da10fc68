"""The second bad-input corpus (issue 12): every class of hostile input a probe found, one case per fault, each
with its exact message and location; the rest of the plan and data still loads and nothing hangs or crashes.

Fixtures live in tests/fixtures/bad/ (YAML) and tests/fixtures/csv/; what cannot be stored in git (a named pipe,
a socket, a device, a 6 GB sparse file, links to /proc) is made by the test."""

import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import threading
from datetime import date

import pytest

from regiomonitor.data.measurements import MAX_ROWS
from regiomonitor.data.sources import load_measurements
from regiomonitor.plan.load import load_plan
from tests.conftest import FIXTURES, ROOT

TODAY = date(2026, 11, 23)
LIMITS = "outside the years Regiomonitor works with (1990–2100)"
TOO_LARGE = "is larger than Regiomonitor works with (at most 1,000,000,000,000,000 either way)"

THEME_CASES = [  # fixture in tests/fixtures/bad/ put in place of zorg.yaml: line, col, field, message
    # 1. parser exceptions are located problems
    ("deep-nesting.yaml", 2, 56, "", "values are nested more than 50 levels deep: refused"),
    ("invalid-unquoted-date.yaml", 30, 12, "werkagenda[0].start",
     "'2024-02-30' is not a date in the calendar (day is out of range for month): correct it, or put it in quotes "
     "if it is meant as text"),
    ("control-character.yaml", 3, 9, "", "character U+0000 is not allowed in YAML: remove it"),
    ("tag-that-cannot-read-its-value.yaml", 3, 7, "name", "'Zorg' cannot be read as !!float: correct the value or "
                                                          "remove the tag"),
    ("merge-key-not-a-mapping.yaml", 27, 9, "werkagenda[0]",
     "a merge key `<<` needs a mapping or a list of mappings, e.g. `<<: *base`"),
    # 2. values the schema let through but the engine could not use
    ("period-month-13.yaml", 43, 15, "indicators[0].baseline.period", "'2024-13' has month 13: months run from 01 to 12"),
    ("period-february-30.yaml", 47, 15, "indicators[0].target.period", "'2026-02-30' is not a date in the calendar"),
    ("interim-target-year-0000.yaml", 50, 29, "indicators[0].interim_targets[0].period",
     "'0000' has year 0000, which does not exist"),
    ("baseline-year-0001.yaml", 43, 15, "indicators[0].baseline.period", f"'0001': year 0001 is {LIMITS}"),
    ("action-period-year-9999.yaml", 31, 10, "werkagenda[0].end", f"'9999-Q4': year 9999 is {LIMITS}"),
    ("infinite-value.yaml", 42, 14, "indicators[0].baseline.value", "must be a finite number, got '.inf'"),
    ("overflowing-value.yaml", 42, 14, "indicators[0].baseline.value",
     "must be a finite number, got '1.0e+400', which YAML reads as infinity"),
    ("nan-in-norm.yaml", 51, 17, "indicators[0].norm.max", "must be a finite number, got '.nan'"),
    ("value-too-large.yaml", 46, 14, "indicators[0].target.value", f"1e+300 {TOO_LARGE}"),
    ("value-beyond-float.yaml", 46, 14, "indicators[0].target.value", f"a number of 400 digits {TOO_LARGE}"),
    ("value-too-close-to-zero.yaml", 42, 14, "indicators[0].baseline.value",
     "1e-320 is closer to zero than Regiomonitor works with: write 0, or at least 0.000000001 either way"),
    ("max-age-months-too-large.yaml", 50, 21, "indicators[0].max_age_months",
     "must be at most 1200, got the number 99999999999"),
    # 7. messages a person can act on
    ("unquoted-date-where-text-is-expected.yaml", 28, 12, "werkagenda[0].title",
     "must be text, got the date 2024-01-15: put it in quotes"),
    ("number-where-text-is-expected.yaml", 3, 7, "name", "must be text, got the number 2024: put it in quotes"),
    ("valid-range-min-above-max.yaml", 50, 18, "indicators[0].valid_range", "valid_range min 100 is above max 0"),
    ("invisible-character-in-id.yaml", 34, 9, "indicators[0].id",
     "must be an id of lowercase letters, digits and hyphens (e.g. 'acute-zorg'); got the text 'zorg\u200bwachttijd'"),
    # found by the second probe: text no output medium can carry is refused where it enters
    ("direction-override-in-name.yaml", 35, 11, "indicators[0].name",
     "contains U+202E, a character that changes the direction of the text: remove it"),
    ("control-character-as-escape.yaml", 35, 11, "indicators[0].name", "contains U+0000, a control character: remove it"),
    ("surrogate-as-escape-in-key.yaml", 4, 1, "", "contains U+DC00, half of a surrogate pair (not a character): remove it"),
    # ... numbers YAML 1.1 reads as other numbers, and a mapping merged into itself
    ("octal-number.yaml", 42, 14, "indicators[0].baseline.value",
     "'012' is an octal number in YAML (10): write the number in plain digits, or put it in quotes if it is text"),
    ("base-60-number.yaml", 46, 14, "indicators[0].target.value",
     "'1:20' is a base-60 number in YAML (80): write the number in plain digits, or put it in quotes if it is text"),
    ("hexadecimal-number.yaml", 50, 32, "indicators[0].valid_range.max",
     "'0x1F' is a hexadecimal number in YAML (31): write the number in plain digits, or put it in quotes if it is text"),
    ("merge-key-into-itself.yaml", 5, 9, "source", "refers to itself: an alias (*name) inside the value it names (&name)"),
]


def errors_of(loaded, plan):
    return [(p.file.replace(f"{plan}/", ""), p.line, p.col, p.field, p.message) for p in loaded.errors]


@pytest.mark.parametrize("fixture, line, col, field, message", THEME_CASES, ids=[c[0] for c in THEME_CASES])
def test_hostile_theme_file_gives_one_located_error_and_the_rest_loads(plan_with_bad_theme, fixture, line, col, field,
                                                                       message):
    plan = plan_with_bad_theme(fixture)
    loaded = load_plan(plan)
    assert errors_of(loaded, plan) == [("zorg.yaml", line, col, field, message)]
    assert list(loaded.themes) == ["welzijn"]


def test_ids_that_differ_only_in_case_are_duplicates(plan_with_bad_theme):
    plan = plan_with_bad_theme("ids-differ-only-in-case.yaml")
    assert errors_of(load_plan(plan), plan)[0] == (
        "zorg.yaml", 15, 13, "opgaven[0].doelen[1].id",
        "duplicate doel id '1A' (already used as '1a' in opgaven[0].doelen[0]; ids that differ only in upper and "
        "lower case are the same)")


def test_invisible_characters_are_shown_escaped_in_every_message(plan_with_bad_theme):
    plan = plan_with_bad_theme("invisible-character-in-id.yaml")
    [error] = load_plan(plan).errors
    assert "\u200b" not in str(error)
    assert str(error).endswith("got the text 'zorg\\u200bwachttijd'")


def test_a_file_of_more_values_than_a_plan_needs_is_refused_while_it_is_read(minimal_plan):
    (minimal_plan / "zorg.yaml").write_text("id: zorg\nknelpunten: [" + "a, " * 250_000 + "a]\n")
    [error] = load_plan(minimal_plan).errors
    # Values counted: the file's mapping, 'id', 'zorg', 'knelpunten', the list, then its items: item 199,996 is value
    # 200,001. The first item stands in column 14 and each takes three columns: 14 + 3 × 199,995 = 599,999.
    assert (error.line, error.col, error.message) == (
        2, 599_999, "the file holds more than 200,000 values, far more than a plan file needs: refused")


def test_keys_are_the_text_as_written(minimal_plan):
    (minimal_plan / "toelichting").mkdir()
    (minimal_plan / "toelichting" / "2026-Q3.yaml").write_text(
        "quarter: 2026-Q3\ndoelen:\n  zorg/1.10: {toelichting: x}\n  1.10: {toelichting: y}\n")
    loaded = load_plan(minimal_plan)
    assert [p.message for p in loaded.errors] == [
        "theme 'zorg' has no doel '1.10'", "doel '1.10' must be written as theme/doel, e.g. acute-zorg/1.1"]


def test_unicode_digits_are_not_digits(minimal_plan, tmp_path, indicators):
    zorg = (minimal_plan / "zorg.yaml").read_text().replace('      period: "2022"\n', '      period: "٢٠٢٢"\n')
    (minimal_plan / "zorg.yaml").write_text(zorg)
    [error] = load_plan(minimal_plan).errors
    assert error.message == ("must be a period: a year (2024), a quarter (2024-Q3), a month (2024-07) or a day "
                             "(2024-07-15); got the text '٢٠٢٢'")
    folder = measurements_dir(tmp_path)
    (folder / "m.csv").write_text("indicator,period,value,area,source,note\nzorg-wachttijd,２０２４-Q4,9,,GGD,\n"
                                  "zorg-wachttijd,2024-Q3,١١,,GGD,\n")
    result = load_measurements(tmp_path / "data", indicators, TODAY)
    assert [(p.line, p.message) for p in result.problems] == [
        (2, "'２０２４-Q4' is not a period: use a year (2024), a quarter (2024-Q3), a month (2024-07) or a day (2024-07-15)"),
        (3, "value '١١' is not a number with a decimal point, e.g. 12.5")]


def test_an_unquoted_day_is_a_period(plan_with_bad_theme):
    loaded = load_plan(plan_with_bad_theme("unquoted-day-as-period.yaml"))
    assert loaded.errors == []
    assert loaded.themes["zorg"].werkagenda[0].end == "2024-06-30"


def test_merge_keys_work_as_yaml_defines(minimal_plan):
    shutil.copy(FIXTURES / "merge-keys.yaml", minimal_plan / "zorg.yaml")
    loaded = load_plan(minimal_plan)
    assert loaded.errors == []
    first, second = loaded.themes["zorg"].werkagenda
    assert (second.id, second.title, second.start, second.end, second.doelen) == (
        "zorg-kpis-bijstellen", "KPI's bijstellen", "2024-Q1", "2024-Q4", ["1a"])  # own keys win, the rest merged
    assert (first.id, first.end) == ("zorg-kpis-opstellen", "2024-Q2")


@pytest.mark.parametrize("fixture, line, col, field, message", [
    ("plan-published-invalid-date.yaml", 4, 12, "published",
     "'2023-02-30' is not a date in the calendar (day is out of range for month): correct it, or put it in quotes if "
     "it is meant as text"),
    ("plan-source-date-unquoted.yaml", 9, 11, "sources[0].date", "must be text, got the date 2023-12-01: put it in quotes"),
])
def test_hostile_plan_file(minimal_plan, fixture, line, col, field, message):
    shutil.copy(FIXTURES / "bad" / fixture, minimal_plan / "plan.yaml")
    assert errors_of(load_plan(minimal_plan), minimal_plan) == [("plan.yaml", line, col, field, message)]


def test_invalid_due_date_in_a_toelichting_file(minimal_plan):
    (minimal_plan / "toelichting").mkdir()
    shutil.copy(FIXTURES / "bad" / "toelichting-due-invalid-date.yaml", minimal_plan / "toelichting" / "2026-Q3.yaml")
    loaded = load_plan(minimal_plan)
    assert errors_of(loaded, minimal_plan) == [(
        "toelichting/2026-Q3.yaml", 8, 14, "indicators.zorg-wachttijd.vervolgacties[0].due",
        "'2026-02-30' is not a date in the calendar (day is out of range for month): correct it, or put it in quotes if "
        "it is meant as text")]
    assert sorted(loaded.themes) == ["welzijn", "zorg"]


def test_toelichting_quarters_and_due_dates_lie_in_the_years_regiomonitor_works_with(minimal_plan):
    (minimal_plan / "toelichting").mkdir()
    (minimal_plan / "toelichting" / "1989-Q4.yaml").write_text("quarter: 1989-Q4\n")
    (minimal_plan / "toelichting" / "2026-Q3.yaml").write_text(
        "quarter: 2026-Q3\nindicators:\n  zorg-wachttijd:\n    toelichting: x\n    vervolgacties:\n"
        "      - {action: y, owner: z, due: 9999-12-31}\n")
    assert errors_of(load_plan(minimal_plan), minimal_plan) == [
        ("toelichting/1989-Q4.yaml", 1, 10, "quarter", f"'1989-Q4': year 1989 is {LIMITS}"),
        ("toelichting/2026-Q3.yaml", 6, 36, "indicators.zorg-wachttijd.vervolgacties[0].due",
         f"'9999-12-31': year 9999 is {LIMITS}")]


# --- CSV structure -------------------------------------------------------------------------------------------------

EXPECTED = "(expected: indicator, period, value, area, source, note; separator ',')"
CSV_CASES = [  # fixture: rows that load (period, value, area), problems (row, column, message)
    ("duplicate-header-column.csv", [], [(1, "", f"column(s) value appear more than once {EXPECTED}")]),
    ("unterminated-quote.csv", [("2024-Q1", 11.5, None), ("2024-Q3", 10.5, None), ("2024-Q4", 10.0, None)],
     [(3, "", 'a quote (") opens a cell that is not closed on this line: a cell may not span lines')]),
    ("excel-sep-line.csv", [("2024-Q1", 11.5, None), ("2024-Q2", 1010.25, "Noorddorp")], []),
    ("text-after-closing-quote.csv", [("2024-Q2", 11.0, None)],
     [(2, "", "text follows the closing quote of a cell: put the whole cell between quotes")]),
    ("invisible-character-and-capitals-in-indicator.csv", [("2024-Q3", 10.5, None)],
     [(2, "indicator", "unknown indicator 'zorg-wachttijd\u200b'; did you mean 'zorg-wachttijd'?"),
      (3, "indicator", "unknown indicator 'Zorg-Wachttijd'; did you mean 'zorg-wachttijd'?")]),
]


@pytest.fixture
def indicators():
    loaded = load_plan(FIXTURES / "plan-minimal")
    return {i.id: i for t in loaded.themes.values() for i in t.indicators}


def measurements_dir(tmp_path):
    folder = tmp_path / "data" / "measurements"
    folder.mkdir(parents=True)
    return folder


@pytest.mark.parametrize(("fixture", "rows", "problems"), CSV_CASES, ids=[c[0] for c in CSV_CASES])
def test_csv_structure_fault_costs_only_its_row(tmp_path, indicators, fixture, rows, problems):
    folder = measurements_dir(tmp_path)
    shutil.copy(FIXTURES / "csv" / fixture, folder / fixture)
    result = load_measurements(tmp_path / "data", indicators, TODAY)
    assert result.rows.select("period", "value", "area").rows() == rows
    assert [(p.line, p.field, p.message) for p in result.problems] == problems


def test_a_cell_with_a_control_or_direction_character_costs_its_row(tmp_path, indicators):
    folder = measurements_dir(tmp_path)
    (folder / "m.csv").write_text("indicator,period,value,area,source,note\nzorg-wachttijd,2024-Q1,11.5,Noord\u202edorp,GGD,\n"
                                  "zorg-wachttijd,2024-Q2,11,,GGD,bel\x07\nzorg-wachttijd,2024-Q3,10,,GGD,\n")
    result = load_measurements(tmp_path / "data", indicators, TODAY)
    assert result.rows["period"].to_list() == ["2024-Q3"]
    assert [(p.line, p.field, p.message) for p in result.problems] == [
        (2, "area", "contains U+202E, a character that changes the direction of the text: remove it"),
        (3, "note", "contains U+0007, a control character: remove it")]


def test_files_that_are_not_read_are_named(minimal_plan, tmp_path, indicators):
    folder = measurements_dir(tmp_path)
    for name in ("GGD.CSV", "export.xlsx", "README.md"):
        (folder / name).write_text("x")
    (folder / "2024").mkdir()
    result = load_measurements(tmp_path / "data", indicators, TODAY)
    assert [(p.file.replace(f"{folder}/", ""), p.severity, p.message) for p in result.problems] == [
        (name, "warning", "is not read: measurement files are .csv files directly in this folder (from Excel: save as "
                          "CSV UTF-8)") for name in ("2024", "GGD.CSV", "export.xlsx")]
    (minimal_plan / "toelichting").mkdir()
    (minimal_plan / "toelichting" / "2026-Q3.yml").write_text("quarter: 2026-Q3\n")
    (minimal_plan / "Welzijn.YAML").write_text("id: welzijn\n")
    warnings = [(p.file.replace(f"{minimal_plan}/", ""), p.message) for p in load_plan(minimal_plan).warnings]
    assert ("toelichting/2026-Q3.yml", "is not read: toelichting files are named YYYY-Qn.yaml, e.g. 2026-Q3.yaml") in warnings
    assert ("plan.yaml", "file Welzijn.YAML is not read: plan files end in .yaml (lower case)") in warnings


def test_the_measurement_files_together_are_limited(tmp_path, indicators, monkeypatch):
    import regiomonitor.data.measurements as measurements

    monkeypatch.setattr(measurements, "MAX_TOTAL_ROWS", 5)
    folder = measurements_dir(tmp_path)
    rows = "".join(f"zorg-wachttijd,{year},10,,GGD,\n" for year in (2020, 2021, 2022))
    for name in ("a.csv", "b.csv"):
        (folder / name).write_text("indicator,period,value,area,source,note\n# comment\n" + rows)
    result = load_measurements(tmp_path / "data", indicators, TODAY)
    assert result.rows.height == 3
    assert [(p.file.replace(f"{folder}/", ""), p.message) for p in result.problems] == [
        ("b.csv", "file not read: with its 3 rows the measurement files would hold more than 5 rows together; move "
                  "old years out of the data directory")]


def test_unknown_indicators_are_matched_once_and_fuzzily_only_for_the_first_names(tmp_path, indicators):
    folder = measurements_dir(tmp_path)
    names = ["zorg-wachtijd"] * 3 + [f"onbekend-{n}" for n in range(60)] + ["zorg-wachttijt", "ZORG-WACHTTIJD"]
    (folder / "m.csv").write_text("indicator,period,value,area,source,note\n"
                                  + "".join(f"{name},2024,1,,x,\n" for name in names))
    messages = [p.message for p in load_measurements(tmp_path / "data", indicators, TODAY).problems]
    assert messages[:3] == ["unknown indicator 'zorg-wachtijd'; did you mean 'zorg-wachttijd'?"] * 3
    assert messages[-2:] == ["unknown indicator 'zorg-wachttijt'", "unknown indicator 'ZORG-WACHTTIJD'; did you mean "
                                                                   "'zorg-wachttijd'?"]  # past the fuzzy budget


def test_a_cell_longer_than_the_csv_limit_costs_its_row(tmp_path, indicators):
    folder = measurements_dir(tmp_path)
    (folder / "long.csv").write_text("indicator,period,value,area,source,note\n"
                                     f"zorg-wachttijd,2024-Q1,11.5,,GGD,{'x' * 200_000}\n"
                                     "zorg-wachttijd,2024-Q2,11,,GGD,\n")
    result = load_measurements(tmp_path / "data", indicators, TODAY)
    assert result.rows.select("period").to_series().to_list() == ["2024-Q2"]
    assert [(p.line, p.message) for p in result.problems] == [(2, "a cell is longer than 131,072 characters")]


def test_comment_and_blank_lines_do_not_count_towards_the_row_limit(tmp_path, indicators):
    folder = measurements_dir(tmp_path)
    with (folder / "m.csv").open("w") as f:
        f.write("indicator,period,value,area,source,note\n")
        f.writelines("# toelichting bij de export\n\n" for _ in range(1000))
        f.writelines(f"zorg-wachttijd,2024-Q1,{n % 50}.5,wijk-{n},GGD,\n" for n in range(MAX_ROWS))
    result = load_measurements(tmp_path / "data", indicators, TODAY)
    assert (result.rows.height, result.problems) == (MAX_ROWS, [])


def test_a_data_directory_that_does_not_exist_is_an_error(tmp_path, indicators):
    result = load_measurements(tmp_path / "dat", indicators, TODAY)
    assert [str(p) for p in result.problems] == [f"{tmp_path}/dat: the data directory does not exist"]


# --- 3. special files ----------------------------------------------------------------------------------------------

def load_without_hanging(function, *args):
    """Run a loader in a daemon thread: a read that blocks (a named pipe) fails the test instead of hanging it."""
    result = {}
    thread = threading.Thread(target=lambda: result.setdefault("value", function(*args)), daemon=True)
    thread.start()
    thread.join(timeout=20)
    assert not thread.is_alive(), "the loader blocked on a special file"
    return result["value"]


def make_socket(path):
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    return server


SPECIAL = {
    "fifo": (lambda path: os.mkfifo(path), "this is a named pipe (FIFO), not a file: refused without reading it"),
    "folder": (lambda path: path.mkdir(), "this is a folder, not a file: refused without reading it"),
    "socket": (make_socket, "this is a socket, not a file: refused without reading it"),
}


@pytest.mark.parametrize("kind", sorted(SPECIAL))
def test_special_file_as_toelichting_is_refused_unread(minimal_plan, kind):
    make, message = SPECIAL[kind]
    (minimal_plan / "toelichting").mkdir()
    made = make(minimal_plan / "toelichting" / "2026-Q3.yaml")
    loaded = load_without_hanging(load_plan, minimal_plan)
    assert errors_of(loaded, minimal_plan) == [("toelichting/2026-Q3.yaml", 1, 1, "", message)]
    assert sorted(loaded.themes) == ["welzijn", "zorg"]
    if made is not None:
        made.close()


@pytest.mark.parametrize("kind", sorted(SPECIAL))
def test_special_file_as_measurement_file_is_refused_unread(tmp_path, indicators, kind):
    make, message = SPECIAL[kind]
    folder = measurements_dir(tmp_path)
    (folder / "goed.csv").write_text("indicator,period,value,area,source,note\nzorg-wachttijd,2024-Q1,11.5,,GGD,\n")
    made = make(folder / "speciaal.csv")
    result = load_without_hanging(load_measurements, tmp_path / "data", indicators, TODAY)
    assert [(p.file, p.line, p.message) for p in result.problems] == [(str(folder / "speciaal.csv"), 1, message)]
    assert result.rows.height == 1
    if made is not None:
        made.close()


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_theme_entry_that_is_not_a_file_says_what_it_is(minimal_plan, kind):
    make, message = SPECIAL[kind]
    (minimal_plan / "zorg.yaml").unlink()
    make(minimal_plan / "zorg.yaml")
    loaded = load_without_hanging(load_plan, minimal_plan)
    assert errors_of(loaded, minimal_plan) == [("zorg.yaml", 1, 1, "", message)]
    assert list(loaded.themes) == ["welzijn"]


def test_a_device_is_refused_unread(minimal_plan):
    (minimal_plan / "toelichting").mkdir()
    try:
        os.mknod(minimal_plan / "toelichting" / "2026-Q3.yaml", stat.S_IFCHR | 0o600, os.makedev(1, 5))  # /dev/zero
    except PermissionError:
        pytest.skip("creating a device node needs root")
    loaded = load_without_hanging(load_plan, minimal_plan)
    assert errors_of(loaded, minimal_plan) == [
        ("toelichting/2026-Q3.yaml", 1, 1, "", "this is a device, not a file: refused without reading it")]


def test_a_sparse_file_of_6_gb_is_refused_before_reading(minimal_plan):
    with (minimal_plan / "zorg.yaml").open("r+b") as f:
        f.truncate(6 * 1024**3)
    loaded = load_plan(minimal_plan)
    assert errors_of(loaded, minimal_plan) == [
        ("zorg.yaml", 1, 1, "", "file is 6,442,450,944 bytes; plan files are limited to 5,000,000 bytes")]


def test_links_that_leave_the_plan_or_data_directory_are_refused(minimal_plan, tmp_path, indicators):
    outside = tmp_path / "elders.yaml"
    shutil.copy(minimal_plan / "zorg.yaml", outside)
    (minimal_plan / "zorg.yaml").unlink()
    (minimal_plan / "zorg.yaml").symlink_to(outside)
    (minimal_plan / "toelichting").symlink_to("/proc/self")  # a folder link: its files lie outside too
    loaded = load_plan(minimal_plan)
    refused = f"this is a link to a place outside {minimal_plan}/: refused, only files inside it are read"
    assert ("zorg.yaml", 1, 1, "", refused) in errors_of(loaded, minimal_plan)
    assert list(loaded.themes) == ["welzijn"]
    folder = measurements_dir(tmp_path)
    (folder / "environ.csv").symlink_to("/proc/self/environ")
    result = load_measurements(tmp_path / "data", indicators, TODAY)
    assert [p.message for p in result.problems] == [
        f"this is a link to a place outside {tmp_path}/data/: refused, only files inside it are read"]


def test_a_link_inside_the_plan_directory_is_read(minimal_plan):
    (minimal_plan / "teksten").mkdir()
    (minimal_plan / "zorg.yaml").rename(minimal_plan / "teksten" / "zorg.yaml")
    (minimal_plan / "zorg.yaml").symlink_to("teksten/zorg.yaml")
    loaded = load_plan(minimal_plan)
    assert loaded.errors == [] and sorted(loaded.themes) == ["welzijn", "zorg"]


def test_no_message_echoes_a_secret_from_outside_the_plan(minimal_plan, tmp_path):
    """A link to /proc/self/environ put the process's secrets into GitHub annotations: now it is refused unread."""
    secret = "ghp_geheim0123456789"
    data = tmp_path / "data" / "measurements"
    data.mkdir(parents=True)
    (data / "environ.csv").symlink_to("/proc/self/environ")
    (minimal_plan / "toelichting").mkdir()
    (minimal_plan / "toelichting" / "2026-Q3.yaml").symlink_to("/proc/self/environ")
    for refused in ("toelichting/2026-Q3.yaml", "measurements/environ.csv"):  # data is checked once the plan is whole
        done = subprocess.run([sys.executable, "-m", "regiomonitor", "check", "--format", "github", "--plan",
                               str(minimal_plan), "--data", str(tmp_path / "data")], cwd=ROOT, capture_output=True,
                              text=True, env={**os.environ, "GITHUB_TOKEN": secret}, timeout=120)
        assert done.returncode == 1
        assert secret not in done.stdout + done.stderr
        [line] = [line for line in done.stdout.splitlines() if line.startswith("::error")]
        assert refused in line and line.endswith("::this is a link to a place outside " + (
            f"{minimal_plan}/" if refused.startswith("toelichting") else f"{tmp_path}/data/")
            + "%3A refused, only files inside it are read".replace("%3A", ":"))
        (minimal_plan / "toelichting" / "2026-Q3.yaml").unlink(missing_ok=True)


# --- command line ---------------------------------------------------------------------------------------------------

def run(*args):
    return subprocess.run([sys.executable, "-m", "regiomonitor", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)


@pytest.mark.parametrize("args, message", [
    (["status", "--as-of", "9999-12-31"], f"argument --as-of: '9999-12-31': year 9999 is {LIMITS}"),
    (["export", "--quarter", "0000-Q1", "--out", "x"], f"argument --quarter: '0000-Q1': year 0000 is {LIMITS}"),
    (["check", "--quarter", "2101-Q1"], f"argument --quarter: '2101-Q1': year 2101 is {LIMITS}"),
    (["diff", "HEAD", "HEAD", "--as-of", "0001-01-01"], f"argument --as-of: '0001-01-01': year 0001 is {LIMITS}"),
    (["status", "--as-of", "2024W011"], "argument --as-of: '2024W011' is not a date: use YYYY-MM-DD, e.g. 2026-09-30"),
    (["check", "--quarter", "2026-Q3\n"], "argument --quarter: '2026-Q3\n' is not a quarter: use YYYY-Qn, e.g. 2026-Q3"),
])
def test_command_line_dates_out_of_range_get_a_message(args, message):
    done = run(*args)
    assert done.returncode == 2
    assert done.stderr.rstrip().endswith(message.rstrip())
    assert "Traceback" not in done.stderr


def test_a_plan_with_an_impossible_period_is_refused_by_every_command(plan_with_bad_theme, tmp_path):
    plan = plan_with_bad_theme("period-month-13.yaml")
    for args in (["status"], ["status", "--history"], ["dump"], ["export", "--quarter", "2026-Q3", "--out",
                                                                   str(tmp_path / "out")]):
        done = run(*args, "--plan", str(plan), "--data", str(tmp_path))
        assert done.returncode == 1, args
        assert "Traceback" not in done.stderr
        assert "indicators[0].baseline.period: '2024-13' has month 13" in done.stderr


def test_a_data_directory_that_does_not_exist_fails_check(minimal_plan, tmp_path):
    done = run("check", "--plan", str(minimal_plan), "--data", str(tmp_path / "nergens"))
    assert done.returncode == 1
    assert done.stdout.strip().splitlines()[-1] == f"{tmp_path}/nergens: the data directory does not exist"


def test_every_json_output_is_standard_json(minimal_plan, tmp_path):
    def strict(text):
        return json.loads(text, parse_constant=lambda name: pytest.fail(f"{name} is not JSON"))

    data = tmp_path / "data" / "measurements"
    data.mkdir(parents=True)
    (data / "m.csv").write_text("indicator,period,value,area,source,note\nzorg-wachttijd,2024-Q4,1e-300,,GGD,\n"
                                "zorg-wachttijd,2025-Q1,999999999999999,,GGD,\n")
    for args in (["dump"], ["status", "--format", "json"], ["status", "--history", "--format", "json"],
                 ["diff", str(minimal_plan), str(minimal_plan), "--format", "json"]):
        done = run(*args, "--plan", str(minimal_plan), "--data", str(tmp_path / "data"))
        assert done.returncode == 0, (args, done.stderr)
        strict(done.stdout)


# --- diff of a revision with odd entries ----------------------------------------------------------------------------

def git(repo, *args):
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@t"})


def test_diff_of_a_revision_with_links_reports_them_as_not_comparable(tmp_path, capsys, monkeypatch):
    from regiomonitor.commands.cli import main

    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "plan-minimal", repo / "plan")
    (repo / "data").mkdir()
    (repo / "data" / "README.md").write_text("data\n")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "base")
    (repo / "plan" / "welzijn.yaml").unlink()
    (repo / "plan" / "welzijn.yaml").symlink_to("/etc/passwd")
    (repo / "plan" / "geheim.yaml").symlink_to("../../../../../../root/.ssh/id_rsa")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "links")
    monkeypatch.chdir(repo)
    assert main(["diff", "HEAD~1", "HEAD", "--as-of", "2024-12-31", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["not_compared"] == [{"side": "HEAD", "entry": "plan/geheim.yaml: a symbolic link"},
                                    {"side": "HEAD", "entry": "plan/welzijn.yaml: a symbolic link"}]
    assert data["errors"] == {"HEAD~1": 0, "HEAD": 1}  # welzijn.yaml is missing on HEAD: "has no file"
    assert main(["diff", "HEAD~1", "HEAD", "--as-of", "2024-12-31"]) == 0
    assert ("> **Niet vergeleken** (geen gewoon bestand, of te groot): plan\\/geheim\\.yaml\\: a symbolic link (HEAD); "
            "plan\\/welzijn\\.yaml\\: a symbolic link (HEAD)") in capsys.readouterr().out.splitlines()


def test_diff_refuses_a_revision_that_reads_as_an_option(tmp_path, capsys, monkeypatch):
    from regiomonitor.commands.cli import main

    monkeypatch.chdir(ROOT)
    assert main(["diff", "--as-of", "2024-12-31", "--", "--output=/tmp/x", "HEAD"]) == 2
    assert capsys.readouterr().err.strip() == "FAILED: '--output=/tmp/x' is not a plan directory or a git revision"


def test_rows_of_a_theme_that_did_not_load_say_where_their_indicator_may_be(plan_with_bad_theme, tmp_path):
    from regiomonitor.engine.progress import Progress

    plan = plan_with_bad_theme("deep-nesting.yaml")
    folder = measurements_dir(tmp_path)
    (folder / "m.csv").write_text("indicator,period,value,area,source,note\nzorg-wachttijd,2024-Q1,11.5,,GGD,\n")
    progress = Progress.build(load_plan(plan), tmp_path / "data", today=TODAY)
    assert [p.message for p in progress.measurements.problems] == [
        "unknown indicator 'zorg-wachttijd' (it may be defined in zorg.yaml, which could not be read: see the plan's "
        "errors)"]


def test_rows_that_end_on_the_same_day_are_duplicates(tmp_path, indicators):
    folder = measurements_dir(tmp_path)
    (folder / "m.csv").write_text("indicator,period,value,area,source,note\nzorg-wachttijd,2024-Q4,11,,GGD,\n"
                                  "zorg-wachttijd,2024-12,12,,GGD,\nzorg-wachttijd,2024-Q3,10,,GGD,\n")
    result = load_measurements(tmp_path / "data", indicators, TODAY)
    assert result.rows["period"].to_list() == ["2024-Q3"]
    name = str(folder / "m.csv")
    message = (f"duplicate measurement for zorg-wachttijd 2024-Q4 / 2024-12 ({name} row 2, {name} row 3): none of "
               "them is used")
    assert [(p.line, p.message) for p in result.problems] == [(2, message), (3, message)]
