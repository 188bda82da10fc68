"""Property-based tests (hypothesis): for any input the loaders return data or a located error, never an
uncaught exception."""

import shutil
import tempfile
from datetime import date
from pathlib import Path

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from regiomonitor.core.periods import PeriodError, Quarter, parse_period
from regiomonitor.data.sources import load_measurements
from regiomonitor.engine.snapshot import quarter_snapshot
from regiomonitor.plan.load import load_plan
from regiomonitor.plan.yamlsource import YamlError, parse_yaml
from tests.conftest import FIXTURES

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ZORG = (FIXTURES / "plan-minimal" / "zorg.yaml").read_text(encoding="utf-8")

# YAML-ish text: fragments of real plan syntax in random order, so the parser gets past the first character.
yaml_pieces = st.sampled_from(["id: zorg\n", "name: Zorg\n", "  - ", "- ", ": ", "&a ", "*a ", "!!python/name:os ",
                               "[", "]", "{", "}", "'", '"', "\t", "\n", "    ", "# x\n", "value: 12\n",
                               "opgaven:\n", "doelen: [1a]\n", "~", "null", "2024-Q1", "1e999", "é", "\x00", "?"])
yaml_text = st.one_of(st.text(max_size=300), st.lists(yaml_pieces, max_size=60).map("".join))
# Nested data of every YAML type, written out as valid YAML: the schema must reject it in words, not crash.
values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20) | st.dates(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=20)
plan_keys = st.sampled_from(["id", "name", "ambitie", "source", "opgaven", "doelen", "indicators", "initiatives",
                             "werkagenda", "knelpunten", "number", "extra"])


def located(problem, name: str) -> bool:
    return problem.file.endswith(name) and problem.line >= 1 and problem.message


@SETTINGS
@given(yaml_text)
def test_parse_yaml_returns_a_document_or_a_located_error(text):
    try:
        doc = parse_yaml(text, "x.yaml")
    except YamlError as exc:
        assert located(exc.problem, "x.yaml")
    else:
        assert isinstance(doc.data, dict)


def _load_with_theme(text: str):
    folder = Path(tempfile.mkdtemp()) / "plan"
    try:
        shutil.copytree(FIXTURES / "plan-minimal", folder)
        (folder / "zorg.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
        return load_plan(folder)
    finally:
        shutil.rmtree(folder.parent, ignore_errors=True)


@SETTINGS
@given(st.one_of(yaml_text, st.dictionaries(plan_keys, values, max_size=8).map(
    lambda d: yaml.safe_dump(d, allow_unicode=True))))
def test_any_theme_file_gives_a_plan_or_located_problems(text):
    loaded = _load_with_theme(text)
    assert "welzijn" in loaded.themes  # the other theme always survives
    if "zorg" not in loaded.themes:
        assert loaded.errors and all(located(p, ".yaml") for p in loaded.errors)


@SETTINGS
@given(st.lists(st.sampled_from(["\n", ":", "- ", "  ", "x", "12", "[", "'"]), max_size=20).map("".join))
def test_mutations_of_a_real_theme_file_never_crash(insertion):
    position = len(insertion) * 7 % len(ZORG)
    loaded = _load_with_theme(ZORG[:position] + insertion + ZORG[position:])
    assert all(located(p, ".yaml") for p in loaded.problems)


csv_cell = st.one_of(st.text(max_size=12), st.sampled_from(
    ["zorg-wachttijd", "2024-Q1", "2024", "2024-13", "1999", "2099-Q4", "11,5", "1.234,5", "NaN", "-inf", "", '"',
     "12.5", "1e308", "1e309", "\ufeff", ";", ","]))
csv_rows = st.lists(st.lists(csv_cell, min_size=0, max_size=8), max_size=12)
headers = st.sampled_from(["indicator,period,value,area,source,note", "indicator;period;value;area;source;note",
                           "indicator,period,value", "", "value,indicator,period,extra"])


@SETTINGS
@given(headers, csv_rows, st.sampled_from([",", ";", "\t"]))
def test_any_csv_gives_rows_or_located_problems(header, rows, separator):
    indicators = {i.id: i for t in load_plan(FIXTURES / "plan-minimal").themes.values() for i in t.indicators}
    folder = Path(tempfile.mkdtemp())
    try:
        (folder / "measurements").mkdir()
        text = header + "\n" + "\n".join(separator.join(row) for row in rows)
        (folder / "measurements" / "m.csv").write_text(text, encoding="utf-8", errors="surrogatepass")
        result = load_measurements(folder, indicators)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    assert all(p.file.endswith("m.csv") and p.line >= 1 and p.message for p in result.problems)
    assert result.rows.height <= len(rows)
    assert result.rows["value"].is_finite().all() if result.rows.height else True


@SETTINGS
@given(st.one_of(st.text(max_size=20), st.from_regex(r"\d{4}(-(Q\d|\d{2}|\d{2}-\d{2}))?", fullmatch=True)))
def test_parse_period_returns_a_period_or_a_period_error(text):
    try:
        period = parse_period(text)
    except PeriodError as exc:
        assert str(exc)
    else:
        assert period.start <= period.end


def test_year_zero_is_a_period_error_not_a_crash():
    """The example hypothesis found: '0000' raised ValueError from datetime.date."""
    import pytest

    with pytest.raises(PeriodError, match="'0000' has year 0000, which does not exist"):
        parse_period("0000")


# --- Issue 12: generated nesting, dates, numbers and periods through every loader and every output -----------------

@SETTINGS
@given(st.integers(min_value=1, max_value=3000), st.sampled_from([("[", "]"), ("{a: ", "}"), ("- ", "")]))
def test_any_nesting_depth_gives_a_document_or_a_located_error(depth, brackets):
    opening, closing = brackets
    text = "id: zorg\nname: " + opening * depth + "1" + closing * depth + "\n"
    if opening == "- ":  # block sequences nest by indentation
        text = "id: zorg\nname:\n" + "".join("  " * (n + 1) + "-\n" for n in range(depth)) + "  " * (depth + 1) + "1\n"
    try:
        parse_yaml(text, "x.yaml")
    except YamlError as exc:
        assert located(exc.problem, "x.yaml")
        assert exc.problem.message == "values are nested more than 50 levels deep: refused"


def _finite_json(text: str):
    import json

    return json.loads(text, parse_constant=lambda name: (_ for _ in ()).throw(AssertionError(f"{name} in JSON")))


def _outputs_of_a_valid_plan(folder: Path) -> None:
    """What every command writes for a plan that loads without errors: dump, status and history as JSON and as a
    table, the export's workbook and HTML report (no browser needed)."""
    from datetime import date

    from regiomonitor.commands.dump import dump_plan
    from regiomonitor.commands.status_output import render_status
    from regiomonitor.core.jsontext import json_text
    from regiomonitor.engine.progress import Progress
    from regiomonitor.export import run_export

    loaded = load_plan(folder)
    if loaded.errors:
        assert all(located(p, ".yaml") for p in loaded.errors)
        return
    _finite_json(json_text(dump_plan(loaded)))
    progress = Progress.build(loaded, folder.parent / "data", today=date(2026, 11, 23))
    as_of = date(2026, 9, 30)
    for frame in (progress.status(as_of), progress.history(as_of)):
        _finite_json(render_status(frame, "json"))
        render_status(frame, "table")
    quarter = Quarter.parse("2026-Q3")
    run_export(quarter_snapshot(progress, quarter), quarter, folder.parent / "data", folder.parent / "out",
               formats=("xlsx", "html"))


def _plan_with(tmp: Path, replacements: dict[str, str]) -> Path:
    folder = tmp / "plan"
    shutil.copytree(FIXTURES / "plan-minimal", folder)
    text = ZORG
    for old, new in replacements.items():
        text = text.replace(old, new)
    (folder / "zorg.yaml").write_text(text, encoding="utf-8")
    (tmp / "data" / "measurements").mkdir(parents=True)
    (tmp / "data" / "measurements" / "m.csv").write_text(
        "indicator,period,value,area,source,note\nzorg-wachttijd,2024-Q4,10,,GGD,\nzorg-wachttijd,2025-Q4,9.5,,GGD,\n")
    return folder


numbers = st.one_of(st.floats(), st.integers(min_value=-10**20, max_value=10**20),
                    st.sampled_from([".inf", "-.inf", ".nan", "1.0e+400", "1.0e-320", "0", "-0.0", "5.0e-324"]))
periods = st.one_of(st.from_regex(r"\d{4}(-(Q\d|\d{2}|\d{2}-\d{2}))?", fullmatch=True),
                    st.dates().map(date.isoformat), st.sampled_from(["0000", "0001", "2024-13", "2024-02-30", "9999"]))
OUTPUT_SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@OUTPUT_SETTINGS
@given(numbers, numbers, periods, periods)
@example(12, 8, "2022", "2026")  # valid plans, so the outputs are exercised whatever hypothesis draws
@example("2.0e-9", "1.0e-9", "2022", "2026")  # the smallest figures allowed: shares far from 1
@example("999999999999999", "-999999999999999", "2024-07-15", "2025-Q4")  # the largest figures allowed
def test_any_figures_and_periods_give_located_errors_or_standard_outputs(baseline, target, base_period, target_period):
    tmp = Path(tempfile.mkdtemp())
    try:
        folder = _plan_with(tmp, {"      value: 12\n": f"      value: {baseline}\n",
                                  "      value: 8\n": f"      value: {target}\n",
                                  '      period: "2022"\n': f"      period: {base_period}\n",
                                  '      period: "2026"\n': f'      period: "{target_period}"\n'})
        _outputs_of_a_valid_plan(folder)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@OUTPUT_SETTINGS
@given(st.dates(), st.dates())
def test_unquoted_dates_in_period_and_text_fields_never_crash(start, title):
    tmp = Path(tempfile.mkdtemp())
    try:
        folder = _plan_with(tmp, {"    start: 2024-Q1\n": f"    start: {start.isoformat()}\n",
                                  "    title: KPI's opstellen\n": f"    title: {title.isoformat()}\n"})
        loaded = load_plan(folder)
        assert [p.message for p in loaded.errors if p.field == "werkagenda[0].title"] == [
            f"must be text, got the date {title.isoformat()}: put it in quotes"]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@SETTINGS
@given(st.floats(allow_nan=False, allow_infinity=False), st.one_of(st.none(), st.integers(min_value=0, max_value=6)))
def test_dutch_number_formatting_handles_every_finite_float(value, decimals):
    import re

    from regiomonitor.core.formatting import number_nl

    text = number_nl(value, decimals)
    assert re.fullmatch(r"-?\d{1,3}(\.\d{3})*(,\d+)?|-?\d(,\d+)?e[+-]\d+", text), text


csv_numbers = st.one_of(st.floats().map(repr), st.sampled_from(["1e308", "1e309", "-1e400", "1e-400", "9" * 400]))


@SETTINGS
@given(st.lists(csv_numbers, min_size=1, max_size=6))
def test_any_number_in_a_measurement_file_is_a_finite_value_within_limits_or_a_located_problem(values):
    from regiomonitor.core.limits import MAX_MAGNITUDE

    indicators = {i.id: i for t in load_plan(FIXTURES / "plan-minimal").themes.values() for i in t.indicators}
    folder = Path(tempfile.mkdtemp())
    try:
        (folder / "measurements").mkdir()
        rows = "".join(f"zorg-wachttijd,{2010 + n},{v},,GGD,\n" for n, v in enumerate(values))
        (folder / "measurements" / "m.csv").write_text("indicator,period,value,area,source,note\n" + rows)
        result = load_measurements(folder, indicators)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    assert result.rows.height + len(result.problems) == len(values)
    assert all(abs(v) <= MAX_MAGNITUDE for v in result.rows["value"])
