"""Each broken theme file gets one precise, located message, and the other theme still loads."""

import pytest

from regiomonitor.plan.load import load_plan

CASES = [
    ("tab-indentation.yaml", 5, 1, "", "tab character used for indentation: indent with spaces only"),
    ("duplicate-key.yaml", 5, 1, "name", "duplicate key 'name' (first defined on line 2)"),
    ("unknown-field.yaml", 7, 5, "opgaven[0].titel", "unknown field 'titel'; did you mean 'title'?"),
    ("wrong-type.yaml", 13, 14, "indicators[0].baseline.value", "must be a number, got the text 'twaalf'"),
    ("missing-required-field.yaml", 6, 5, "opgaven[0].title", "required field is missing"),
    ("duplicate-id.yaml", 13, 13, "opgaven[0].doelen[1].id",
     "duplicate doel id '1a' (already used in opgaven[0].doelen[0])"),
    ("dangling-doel-reference.yaml", 16, 28, "initiatives[0].contributes_to[1]",
     "reference '9z': theme 'zorg' has no doel '9z' (its doelen: 1a)"),
    ("target-period-before-baseline.yaml", 18, 15, "indicators[0].target.period",
     "target period 2021-Q4 is not after baseline period 2022"),
    ("target-against-direction.yaml", 17, 14, "indicators[0].target.value",
     "target 15 is above baseline 12, but direction is lower_is_better"),
    ("python-object-tag.yaml", 3, 10, "ambitie",
     "tag !!python/object/apply:os.system is not allowed: plan files are read with safe loading, "
     "which builds no Python objects"),
    ("empty-file.yaml", 1, 1, "", "file is empty: expected a mapping of fields"),
    ("non-utf8.yaml", 3, 40, "", "file is not UTF-8 (byte 0xe9): save it as UTF-8"),
    ("unclosed-bracket.yaml", 3, 8, "", "YAML syntax error: expected ',' or ']', but got ':' "
     "(while parsing a flow sequence that starts on line 2)"),
    ("list-instead-of-mapping.yaml", 1, 1, "", "file holds a list; expected a mapping of fields (key: value)"),
]


@pytest.mark.parametrize("fixture, line, col, field, message", CASES, ids=[c[0] for c in CASES])
def test_bad_theme_file_gives_one_located_error(plan_with_bad_theme, fixture, line, col, field, message):
    plan_dir = plan_with_bad_theme(fixture)
    loaded = load_plan(plan_dir)
    errors = [(p.file, p.line, p.col, p.field, p.message) for p in loaded.errors]
    assert errors == [(str(plan_dir / "zorg.yaml"), line, col, field, message)]
    # The rest of the plan still loads.
    assert "welzijn" in loaded.themes


def test_python_tag_is_never_executed(plan_with_bad_theme, tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr("os.system", lambda cmd: calls.append(cmd))
    load_plan(plan_with_bad_theme("python-object-tag.yaml"))
    assert calls == []


def test_problem_line_format(plan_with_bad_theme):
    plan_dir = plan_with_bad_theme("unknown-field.yaml")
    [error] = load_plan(plan_dir).errors
    assert str(error) == f"{plan_dir}/zorg.yaml:7:5: opgaven[0].titel: unknown field 'titel'; did you mean 'title'?"


def test_broken_plan_file_still_checks_every_theme(minimal_plan):
    import shutil

    from tests.conftest import FIXTURES

    shutil.copy(FIXTURES / "bad" / "duplicate-key.yaml", minimal_plan / "plan.yaml")
    loaded = load_plan(minimal_plan)
    assert [(p.file, p.line, p.message) for p in loaded.errors] == [
        (str(minimal_plan / "plan.yaml"), 5, "duplicate key 'name' (first defined on line 2)")
    ]
    # Without a plan file the theme files found in the directory are still read and shown.
    assert sorted(loaded.themes) == ["welzijn", "zorg"]


def test_a_dutch_theme_team_gets_the_field_and_value_it_means(minimal_plan):
    """Dutch field names and values get a 'did you mean' with the schema's word; 'nog vast te stellen' is accepted."""
    zorg = minimal_plan / "zorg.yaml"
    text = zorg.read_text(encoding="utf-8")
    text = text.replace("    direction: lower_is_better\n", "    direction: lager is beter\n    eigenaar: GGD\n")
    text = text.replace("    frequency: quarterly\n", "    frequency: kwartaal\n")
    zorg.write_text(text, encoding="utf-8")
    loaded = load_plan(minimal_plan)
    messages = sorted(f"{p.field}: {p.message}" for p in loaded.errors)
    assert messages == [
        "indicators[0].direction: must be one of 'higher_is_better', 'lower_is_better' or 'within_norm'; got the "
        "text 'lager is beter'; did you mean 'lower_is_better'?",
        "indicators[0].eigenaar: unknown field 'eigenaar'; did you mean 'owner'?",
        "indicators[0].frequency: must be one of 'monthly', 'quarterly' or 'yearly'; got the text 'kwartaal'; did you "
        "mean 'quarterly'?",
    ]


def test_nog_vast_te_stellen_is_to_be_set(minimal_plan):
    zorg = minimal_plan / "zorg.yaml"
    text = zorg.read_text(encoding="utf-8")
    start = text.index("    target:\n")
    end = text.index("    frequency:", start)
    zorg.write_text(text[:start] + "    target: nog vast te stellen\n" + text[end:], encoding="utf-8")
    loaded = load_plan(minimal_plan)
    assert [str(p) for p in loaded.errors] == []
    assert loaded.themes["zorg"].indicators[0].target == "to be set"
