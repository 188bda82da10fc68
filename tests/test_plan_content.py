"""The real plan in plan/: valid, complete, and every quoted figure really stands in its source document."""

from regiomonitor.commands.dump import dump_plan
from regiomonitor.plan.citations import citation_problems, cited_quotes
from regiomonitor.plan.load import load_plan
from tests.conftest import ROOT

LOADED = load_plan(ROOT / "plan")


def test_real_plan_has_no_errors():
    assert [str(p) for p in LOADED.errors] == []


def test_all_six_themes_are_loaded_in_the_plans_order():
    assert [(t.number, t.id) for t in LOADED.themes.values()] == [
        (1, "ouderen"), (2, "mentale-gezondheid"), (3, "gezondheidsverschillen"),
        (4, "acute-zorg"), (5, "arbeidsmarkt"), (6, "digitalisering"),
    ]


def test_every_quote_stands_in_its_source_and_every_figure_carries_one():
    """The check `python -m regiomonitor check` makes (plan/citations.py): each quote found in the text of its
    document, each baseline, target, interim target, norm and comparison with a quote."""
    assert [str(p) for p in citation_problems(LOADED)] == []
    quotes = list(cited_quotes(LOADED))
    on_figures = [path for _, path, _ in quotes if path[0] == "indicators"]
    assert len(quotes) >= 60 and len(on_figures) >= 50  # the plan's quotes were all walked: no pass on none


def test_dump_has_every_theme_with_opgaven_doelen_initiatives_indicators():
    data = dump_plan(LOADED)
    assert len(data["themes"]) == 6
    assert all(theme["opgaven"] for theme in data["themes"])
    assert len(data["initiatives"]) > 0 and len(data["indicators"]) > 0 and len(data["agenda"]) > 0
    indicator_ids = {i["id"] for i in data["indicators"]}
    for theme in data["themes"]:
        for opgave in theme["opgaven"]:
            for doel in opgave["doelen"]:
                assert set(doel["indicators"]) <= indicator_ids


def test_real_plan_passes_check_strict(capsys):
    """Every doel served or its gap stated, every initiative linked or its gap stated, every quote found, and no
    KPI off course on real figures without the quarter's toelichting."""
    from regiomonitor.commands.cli import main

    assert main(["check", "--strict", "--plan", str(ROOT / "plan"), "--data", str(ROOT / "data"),
                 "--quarter", "2026-Q3"]) == 0
    assert capsys.readouterr().err.strip() == "OK: 6 of 6 themes valid, 0 error(s), 0 warning(s)"


def test_plan_wide_sections_hold_the_landelijke_randvoorwaarden_and_the_steps_for_2024():
    sections = {s.id: s for s in LOADED.plan.sections}
    assert sections["landelijke-randvoorwaarden"].title == "Landelijke randvoorwaarden"
    assert len(sections["landelijke-randvoorwaarden"].items) == 15
    steps = sections["vervolgstappen"].items
    assert len(steps) == 16
    assert sorted(str(s.period) for s in steps if s.period) == ["2024"] * 4 + ["2024-Q1"] * 4
