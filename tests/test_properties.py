"""Property-based tests (hypothesis): for any input the loaders return data or a located error, never an
uncaught exception."""

import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regiomonitor.measurements import load_measurements
from regiomonitor.periods import PeriodError, parse_period
from regiomonitor.plan import load_plan
from regiomonitor.yamlsource import YamlError, parse_yaml
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
