"""The status registry is the one home of every status: the SQL emits its codes, the methodology names its labels,
and no other code file spells a label out."""

import ast
import re

import polars as pl

from regiomonitor.core.periods import Quarter
from regiomonitor.engine.statuses import (
    ACTION_STATUSES,
    BY_CODE,
    INDICATOR_STATUSES,
    attention_labels,
    codes,
    label_counts,
    plan_thresholds,
)
from tests.conftest import FIXTURES, ROOT, code_files


def sql_codes(query: str) -> set[str]:
    """Every quoted result of a `case` in a query: what the query can emit as a status code."""
    text = (ROOT / "queries" / f"{query}.sql").read_text(encoding="utf-8")
    return set(re.findall(r"(?:then|else) '([a-z_]+)'", text))


def test_the_sql_emits_exactly_the_registry_codes():
    assert sql_codes("indicator_status") == {s.code for s in INDICATOR_STATUSES}
    assert sql_codes("action_status") == {a.code for a in ACTION_STATUSES}


def test_the_methodology_names_every_label():
    dutch = (ROOT / "docs" / "methodology.md").read_text(encoding="utf-8").split("## English")[0]
    dutch = " ".join(dutch.lower().split())  # labels may be broken over lines
    missing = [s.label for s in (*INDICATOR_STATUSES, *ACTION_STATUSES) if s.label.lower() not in dutch]
    assert missing == []


def _string_constants(path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def test_status_labels_appear_in_one_code_file():
    labels = {s.label for s in (*INDICATOR_STATUSES, *ACTION_STATUSES)} | {"Verouderd"}
    files = code_files()
    spelled = sorted((path.relative_to(ROOT).as_posix(), text) for path in files
                     for text in _string_constants(path) if text in labels)
    assert {path for path, _ in spelled} == {"regiomonitor/engine/statuses.py"}, spelled


def test_what_needs_attention_is_one_definition():
    assert codes(needs_attention=True) == ["moderate", "limited", "worsening", "missed", "trend_worsening",
                                           "norm_not_met"]
    assert attention_labels() == ("matige voortgang, beperkte voortgang, verslechterd, niet behaald of voldoet niet "
                                  "aan norm")
    assert all(BY_CODE[c].judgement == "unfavourable" for c in codes(needs_attention=True))


def test_the_commentary_rule_asks_for_every_status_that_needs_attention():
    from regiomonitor.commands.checks import missing_commentary
    from regiomonitor.engine.progress import needing_commentary
    from regiomonitor.plan.load import load_plan

    loaded = load_plan(FIXTURES / "plan-minimal")
    frame = pl.DataFrame({"indicator": [s.code for s in INDICATOR_STATUSES],
                          "status_code": [s.code for s in INDICATOR_STATUSES],
                          "status": [s.label for s in INDICATOR_STATUSES]})
    needing = needing_commentary(frame, set())
    asked = [p.field.removeprefix("indicators.") for p in missing_commentary(loaded, needing, Quarter.parse("2026-Q3"))]
    assert asked == codes(needs_attention=True)
    # Judged on demo data, a status asks for nothing: there is nothing real to explain.
    assert needing_commentary(frame, {"worsening"})["indicator"].to_list() == [
        c for c in codes(needs_attention=True) if c != "worsening"]


def test_counts_are_shown_per_label_and_kept_apart_per_code():
    shown = [(status.code, status.label, count) for status, count in
             label_counts({"on_track": 1, "worsening": 2, "trend_worsening": 3, "no_data": 0})]
    assert shown == [("on_track", "Op koers", 1), ("worsening", "Verslechterd", 5)]


def test_the_legend_words_the_plans_own_thresholds(minimal_plan):
    from regiomonitor.plan.load import load_plan

    zorg = (minimal_plan / "zorg.yaml").read_text()
    custom = "    frequency: quarterly\n    thresholds: {on_track: 0.9, moderate: 0.5}\n"
    (minimal_plan / "zorg.yaml").write_text(zorg.replace("    frequency: quarterly\n", custom))
    on_track, moderate, uniform = plan_thresholds(load_plan(minimal_plan))
    assert (on_track, moderate, uniform) == (0.9, 0.5, True)
    assert BY_CODE["moderate"].meaning_for(on_track, moderate) == "achter op de lijn (0,50 ≤ R < 0,90)"
    assert plan_thresholds(load_plan(FIXTURES / "plan-minimal")) == (0.95, 0.60, True)


def test_severity_puts_the_worst_first_then_the_neutral_then_the_favourable():
    from regiomonitor.engine.statuses import severity

    ordered = sorted(BY_CODE, key=severity)
    assert ordered == ["worsening", "missed", "trend_worsening", "norm_not_met", "limited", "moderate",
                       "not_assessable", "no_direction", "context", "no_data", "stable",
                       "on_track", "reached", "improving", "norm_met"]


def test_a_status_badge_tint_keeps_black_text_readable():
    from regiomonitor.engine.statuses import tint

    assert tint("worsening") == (238, 191, 153)   # #D55E00 lightened 60% towards white, by hand
    assert tint(None) is None

    def luminance(rgb):
        channels = [c / 255 for c in rgb]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    assert all((luminance(tint(code)) + 0.05) / 0.05 >= 4.5 for code in BY_CODE)
