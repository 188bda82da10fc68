"""One KPI or initiative serving several themes, doelen the plan leaves open (`gap`), plan-wide sections and a
target's deadline: how check judges them and how the dashboard and the exports show them."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import polars as pl

from regiomonitor.commands.checks import missing_commentary
from regiomonitor.commands.cli import main
from regiomonitor.core.periods import Quarter
from regiomonitor.engine.progress import ACTION_COLUMNS, Progress
from regiomonitor.engine.statuses import codes
from regiomonitor.export.pack import build_pack
from regiomonitor.export.xlsx import sheet_name, write_xlsx
from regiomonitor.plan.index import build_index
from regiomonitor.plan.load import load_plan
from regiomonitor.present.views import figure_text, indicator_facts, theme_indicators
from regiomonitor.present.words import words_of
from tests.conftest import judged

REPO = Path(__file__).resolve().parents[1]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def check_lines(plan: Path, capsys) -> list[str]:
    (plan.parent / "data").mkdir(exist_ok=True)
    main(["check", "--plan", str(plan), "--data", str(plan.parent / "data")])
    return [line.split("/plan/", 1)[1] for line in capsys.readouterr().out.splitlines() if "/plan/" in line]


def test_a_shared_kpi_is_one_record_shown_in_every_theme_it_serves(minimal_plan, tmp_path):
    edit(minimal_plan / "zorg.yaml", '    kind: result\n    doelen: ["1a", "1b"]',
         '    kind: result\n    themes: [welzijn]\n    doelen: ["1a", "1b"]')
    loaded = load_plan(minimal_plan)
    index = build_index(loaded)
    assert index.served_themes("zorg-wachttijd") == ["welzijn"]
    zorg, welzijn = loaded.themes["zorg"], loaded.themes["welzijn"]
    assert [i.id for i in theme_indicators(loaded, index, welzijn)] == ["zorg-wachttijd"]
    words = words_of(loaded)
    assert indicator_facts(loaded, index, welzijn, words)["Indicator"].to_pylist() == ["Wachttijd intake (trekker: Zorg)"]
    assert indicator_facts(loaded, index, zorg, words)["Indicator"].to_pylist() == ["Wachttijd intake (ook: Welzijn)"]
    # Counted once: the plan still has one KPI, judged once, with its lead theme.
    progress = Progress.build(loaded, tmp_path / "data")
    status = progress.status(Quarter.parse("2025-Q4").end)
    assert status.select("indicator", "theme").rows() == [("zorg-wachttijd", "zorg")]


def test_check_names_a_shared_theme_it_does_not_know_and_one_listed_needlessly(minimal_plan, capsys):
    edit(minimal_plan / "zorg.yaml", "    status: lopend\n    contributes_to:",
         "    status: lopend\n    themes: [welzijm, zorg, welzijn, welzijn]\n    contributes_to:")
    assert check_lines(minimal_plan, capsys) == [
        "welzijn.yaml:11:9: warning: doelen[1].id: doel 'W2' has no indicator, initiative or action (if the plan "
        "names none yet, say so in `gap`)",
        "zorg.yaml:24:14: initiatives[0].themes[0]: unknown theme 'welzijm': did you mean 'welzijn'?",
        "zorg.yaml:24:23: warning: initiatives[0].themes[1]: 'zorg' is this file's own theme (the lead theme): list "
        "only the other themes the record serves",
        "zorg.yaml:24:38: warning: initiatives[0].themes[3]: theme 'welzijn' is listed twice",
    ]


def test_a_gap_says_why_nothing_serves_a_doel_and_silences_the_warning(minimal_plan, capsys):
    edit(minimal_plan / "welzijn.yaml", "    title: Minder eenzaamheid\n",
         "    title: Minder eenzaamheid\n    gap: Het plan noemt hiervoor nog geen actie.\n")
    assert check_lines(minimal_plan, capsys) == []
    assert main(["check", "--plan", str(minimal_plan), "--data", str(minimal_plan.parent / "data"), "--strict"]) == 0


def test_an_initiative_of_the_doels_opgave_serves_the_doel(minimal_plan, capsys):
    """Plans list initiatives per opgave; the doelen of that opgave are then served (no warning)."""
    edit(minimal_plan / "zorg.yaml", 'contributes_to: ["1a", "welzijn/W1"]', 'contributes_to_opgaven: ["1"]')
    edit(minimal_plan / "zorg.yaml", '    doelen: ["1a", "1b"]\n    baseline', '    doelen: []\n    baseline')
    edit(minimal_plan / "zorg.yaml", '    doelen: ["1a"]\n    start', '    doelen: []\n    start')
    assert [line.split(": ", 1)[0] for line in check_lines(minimal_plan, capsys)] == [
        "welzijn.yaml:8:9", "welzijn.yaml:11:9"]  # W1 and W2 lost their only link; 1a and 1b are served via opgave 1


def test_an_initiative_the_plan_links_to_nothing_says_so_in_gap(minimal_plan, capsys):
    edit(minimal_plan / "zorg.yaml", 'contributes_to: ["1a", "welzijn/W1"]', "contributes_to: []")
    assert "zorg.yaml:20:9: warning: initiatives[0].id: initiative 'zorg-wachtlijstteam' contributes to no doel or " \
           "opgave (`contributes_to` and `contributes_to_opgaven` are empty; if the plan links it to none, say so in " \
           "`gap`)" in check_lines(minimal_plan, capsys)
    edit(minimal_plan / "zorg.yaml", "contributes_to: []", "contributes_to: []\n    gap: De dia noemt geen doel.")
    assert not any("zorg-wachtlijstteam" in line for line in check_lines(minimal_plan, capsys))


def test_a_deadline_without_a_number_is_shown_with_the_target_to_be_set(minimal_plan):
    edit(minimal_plan / "zorg.yaml", "    frequency: quarterly\n",
         "    deadline:\n      period: '2025'\n      source: {document: testplan, section: Zorg, quote: \"In 2026 is "
         "de wachttijd 8 weken.\"}\n    frequency: quarterly\n")
    edit(minimal_plan / "zorg.yaml", "    target:\n      value: 8\n      period: \"2026\"\n      source: {document: "
         "testplan, section: Zorg, quote: \"In 2026 is de wachttijd 8 weken.\"}\n", "    target: nog vast te stellen\n")
    indicator = load_plan(minimal_plan).themes["zorg"].indicators[0]
    assert figure_text(indicator.target, indicator.unit, indicator.deadline) == "nog vast te stellen, te bereiken in 2025"
    assert figure_text(indicator.baseline, indicator.unit) == "12 weken (2022)"


def test_figures_of_demo_data_ask_no_toelichting():
    loaded = load_plan(REPO / "plan")
    progress = Progress.build(loaded, REPO / "data")
    demo = progress.measurements.demo_fed()
    assert "acute-zorg-zelfverwijzers-hap" in demo  # fed by data/demo/ only
    assert "acute-zorg-hap-telefonische-bereikbaarheid" not in demo  # real HZK figures
    end = Quarter.parse("2026-Q3").end
    attention = progress.status(end).filter(pl.col("status_code").is_in(codes(needs_attention=True)))
    assert attention.height > 0  # demo figures off course …
    assert missing_commentary(loaded, progress.needing_commentary(end), Quarter.parse("2026-Q3")) == []  # … ask nothing


def test_the_workbook_has_the_actions_on_a_sheet_named_in_the_plans_words(minimal_plan):
    edit(minimal_plan / "plan.yaml", "levels:\n", "levels:\n  actions: 'Projecten: [lopend]'\n")
    loaded = load_plan(minimal_plan)
    data = minimal_plan.parent / "data"
    (data / "measurements").mkdir(parents=True)
    snapshot, quarter = judged(loaded, data, "2024-Q3")
    book = openpyxl.load_workbook(io.BytesIO(write_xlsx(build_pack(snapshot, quarter, data))))
    assert book.sheetnames == ["Over deze export", "Indicatoren", "Status", "Projecten   lopend", "Metingen"]
    sheet = book["Projecten   lopend"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ACTION_COLUMNS
    assert rows[1][:3] == ["zorg-kpis-opstellen", "zorg", "KPI's opstellen"]
    assert rows[1][6:9] == ["niet gestart", "Vertraagd", True]


def test_sheet_names_keep_to_excels_rules():
    assert sheet_name("Acties") == "Acties"
    assert sheet_name("a/b\\c?d*e[f]g:h") == "a b c d e f g h"
    assert sheet_name("x" * 40) == "x" * 31
    assert sheet_name("Status") == "Status (2)"
    assert sheet_name("[]") == "Acties"


def test_kennemerland_encodes_each_shared_record_once():
    loaded = load_plan(REPO / "plan")
    index = build_index(loaded)
    names = [i.name.lower() for t in loaded.themes.values() for i in t.indicators]
    assert names.count("arbeidstekort") == 1
    assert index.served_themes("arbeidsmarkt-arbeidstekort") == ["mentale-gezondheid"]
    assert index.served_themes("arbeidsmarkt-uitstroom-nieuwe-medewerkers-binnen-2-jaar") == ["acute-zorg"]
    initiatives = [i.name for t in loaded.themes.values() for i in t.initiatives]
    for words in ("semd", "cazhem", "met spoed beschikbaar", "digitaal gezondheid"):
        assert sum(words in name.lower().replace("spoedeisende medische dienst", "semd") for name in initiatives) == 1, words
    assert set(index.served_themes("acute-zorg-semd")) == {"ouderen", "digitalisering"}
