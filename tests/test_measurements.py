"""Measurement files: dialects, and every bad row reported by file and row while the good rows load."""

import shutil
from datetime import date

import pytest

from regiomonitor.data.measurements import parse_value
from regiomonitor.data.sources import load_measurements
from regiomonitor.plan.load import load_plan
from tests.conftest import FIXTURES

TODAY = date(2026, 11, 23)


@pytest.fixture
def indicators(minimal_plan):
    loaded = load_plan(minimal_plan)
    return {i.id: i for t in loaded.themes.values() for i in t.indicators}


def data_with(tmp_path, *fixtures, folder="measurements"):
    target = tmp_path / "data" / folder
    target.mkdir(parents=True)
    for name in fixtures:
        shutil.copy(FIXTURES / "csv" / name, target / name)
    return tmp_path / "data"


@pytest.mark.parametrize("text, dutch, expected", [
    ("12,5", True, 12.5), ("1.234,5", True, 1234.5), ("-3", True, -3.0), ("12.5", False, 12.5),
    ("1e3", False, 1000.0), (" 7 ", False, 7.0), ("1.234", True, 1234.0),
])
def test_parse_value(text, dutch, expected):
    assert parse_value(text, dutch) == expected


@pytest.mark.parametrize("text, dutch, message", [
    ("12.5", True, "value '12.5' is not a number with a decimal comma, e.g. 12,5"),
    ("1,5", False, "value '1,5' is not a number with a decimal point, e.g. 12.5"),
    ("NaN", False, "value 'NaN' is not a finite number"),
])
def test_parse_value_rejects(text, dutch, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        parse_value(text, dutch)


def test_dutch_excel_export_loads_as_is(tmp_path, indicators):
    data = data_with(tmp_path, "dutch-excel-semicolon-decimal-comma-bom.csv")
    result = load_measurements(data, indicators, TODAY)
    assert result.problems == []
    assert result.rows.select("period", "value", "area").rows() == [
        ("2024-Q1", 11.5, None), ("2024-Q2", 1010.25, None), ("2024-Q2", 10.0, "Noorddorp")]
    assert result.rows["period_end"].to_list() == [date(2024, 3, 31), date(2024, 6, 30), date(2024, 6, 30)]


def test_every_bad_row_is_reported_and_good_rows_load(tmp_path, indicators):
    data = data_with(tmp_path, "every-bad-row.csv")
    result = load_measurements(data, indicators, TODAY)
    name = f"{data}/measurements/every-bad-row.csv"
    assert [str(p) for p in result.problems] == [
        f"{name}:3: indicator: unknown indicator 'onbekend-kpi'",
        f"{name}:4: period: '2024-Q5' is not a period: use a year (2024), a quarter (2024-Q3), a month (2024-07) "
        "or a day (2024-07-15)",
        f"{name}:5: value: value 'elf' is not a number with a decimal point, e.g. 12.5",
        f"{name}:6: value: value 'NaN' is not a finite number",
        f"{name}:9: value: value 'inf' is not a finite number",
        f"{name}:10: value: value 6000 is outside the range of zorg-wachttijd (0 to 5000)",
        f"{name}:11: duplicate measurement for zorg-wachttijd 2025-Q2 ({name} row 11, {name} row 12): "
        "none of them is used",
        f"{name}:12: duplicate measurement for zorg-wachttijd 2025-Q2 ({name} row 11, {name} row 12): "
        "none of them is used",
        f"{name}:13: has 7 cells, the header has 6",
        f"{name}:14: period: period 1999 is before 2000: check the year",
        f"{name}:15: period: period 2099-Q1 lies in the future",
    ]
    assert result.rows.select("period", "value", "area", "row").rows() == [
        ("2024-Q1", 11.5, None, 2), ("2025-Q4", 8.5, "Zuiddorp", 16)]


def test_missing_column_rejects_the_file_with_a_clear_message(tmp_path, indicators):
    data = data_with(tmp_path, "missing-value-column.csv")
    result = load_measurements(data, indicators, TODAY)
    assert [str(p) for p in result.problems] == [
        f"{data}/measurements/missing-value-column.csv:1: missing column(s) value "
        "(expected: indicator, period, value, area, source, note; separator ',')"]
    assert result.rows.height == 0


def test_real_rows_take_precedence_over_demo_rows(tmp_path, indicators):
    data = tmp_path / "data"
    demo = data / "demo"
    demo.mkdir(parents=True)
    (demo / "demo.csv").write_text("indicator,period,value,area,source,note\n"
                                   "zorg-wachttijd,2024-Q1,99,,demo,\nzorg-wachttijd,2024-Q3,9,,demo,\n")
    result = load_measurements(data, indicators, TODAY)
    assert result.rows.select("period", "value", "is_demo").rows() == [("2024-Q1", 99.0, True), ("2024-Q3", 9.0, True)]
    assert result.demo_in_use
    # Once an indicator has real data, its demo series is left out entirely: a series never mixes the two.
    shutil.copy(FIXTURES / "csv" / "dutch-excel-semicolon-decimal-comma-bom.csv", demo.parent / "measurements.csv")
    (data / "measurements").mkdir()
    shutil.move(demo.parent / "measurements.csv", data / "measurements" / "real.csv")
    result = load_measurements(data, indicators, TODAY)
    assert result.rows["is_demo"].to_list() == [False, False, False]
    assert not result.demo_in_use


def test_demo_data_is_plausible_for_each_kpi():
    """Issue 16: counts are whole numbers, and a KPI the plan gives no figure for starts at a size its unit makes
    plausible (a waiting time of 6 months, not 100)."""
    from regiomonitor.data.demo import demo_rows, is_count
    from tests.conftest import ROOT

    loaded = load_plan(ROOT / "plan")
    kpis = {i.id: i for t in loaded.themes.values() for i in t.indicators}
    rows = demo_rows(loaded)
    assert all(r["value"] == int(r["value"]) for r in rows if is_count(kpis[r["indicator"]]))
    assert any(is_count(kpis[r["indicator"]]) for r in rows)  # the check above looked at some
    waiting = [r["value"] for r in rows if r["indicator"] == "mentale-gezondheid-wachttijd-langdurige-ggz"]
    assert waiting[0] == 6.0 and max(waiting) < 12
    for r in rows:
        bounds = kpis[r["indicator"]].valid_range
        if bounds and bounds.min is not None:
            assert r["value"] >= bounds.min
        if bounds and bounds.max is not None:
            assert r["value"] <= bounds.max
