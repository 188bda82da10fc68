"""The committee's toelichting per quarter: validated by `check`, demanded by `check --strict`."""

import pytest

from regiomonitor.commands.cli import main
from regiomonitor.plan.commentary import notes_for
from regiomonitor.plan.load import load_plan

# Baseline 12 weeks (2022), target 8 (2026). At 2025-Q4: 11.5 weeks, p = 0.125, e = 1095/1461 = 0.75,
# R = 0.17: Beperkte voortgang, which asks for a toelichting.
DATA = "indicator,period,value,area,source,note\nzorg-wachttijd,2024-Q4,10,,GGD,\nzorg-wachttijd,2025-Q4,11.5,,GGD,\n"

GOOD = """\
quarter: 2025-Q4
indicators:
  zorg-wachttijd:
    toelichting: De wachttijd liep op door personeelstekort.
    vervolgacties:
      - action: Extra intakers werven
        owner: Ziekenhuis Noord
        due: 2026-03-31
doelen:
  welzijn/W1:
    toelichting: Twee nieuwe ontmoetingsplekken geopend.
"""


@pytest.fixture
def plan(minimal_plan):
    """The minimal plan without its one warning (doel W2 served by nothing), so --strict shows our warning."""
    with (minimal_plan / "welzijn.yaml").open("a", encoding="utf-8") as f:
        f.write("initiatives:\n  - id: welzijn-buurthuis\n    name: Buurthuis\n    contributes_to: [W2]\n"
                "    source: {document: testplan, section: Welzijn}\n")
    (minimal_plan / "toelichting").mkdir()
    return minimal_plan


@pytest.fixture
def data(tmp_path):
    (tmp_path / "data" / "measurements").mkdir(parents=True)
    (tmp_path / "data" / "measurements" / "m.csv").write_text(DATA)
    return tmp_path / "data"


def write(plan, quarter: str, text: str):
    (plan / "toelichting" / f"{quarter}.yaml").write_text(text, encoding="utf-8")


def test_commentary_is_loaded_per_quarter(plan):
    write(plan, "2025-Q4", GOOD)
    loaded = load_plan(plan)
    assert not loaded.problems
    indicators, doelen = notes_for(loaded, "2025-Q4")
    note = indicators["zorg-wachttijd"]
    assert note.toelichting == "De wachttijd liep op door personeelstekort."
    assert [(a.action, a.owner, a.due.isoformat()) for a in note.vervolgacties] == [
        ("Extra intakers werven", "Ziekenhuis Noord", "2026-03-31")]
    assert doelen["welzijn/W1"].toelichting == "Twee nieuwe ontmoetingsplekken geopend."
    assert notes_for(loaded, "2025-Q3") == ({}, {})


@pytest.mark.parametrize(("text", "expected"), [
    (GOOD.replace("quarter: 2025-Q4", "quarter: 2025-Q3"),
     "toelichting/2025-Q4.yaml:1:1: quarter: quarter '2025-Q3' does not match the file name 2025-Q4.yaml: "
     "commentary for 2025-Q3 belongs in 2025-Q3.yaml"),
    (GOOD.replace("  zorg-wachttijd:", "  zorg-wachtijd:"),
     "toelichting/2025-Q4.yaml:3:3: indicators.zorg-wachtijd: indicator 'zorg-wachtijd' is not in the plan"),
    (GOOD.replace("  welzijn/W1:", "  welzijn/W9:"),
     "toelichting/2025-Q4.yaml:10:3: doelen.welzijn/W9: theme 'welzijn' has no doel 'W9'"),
    (GOOD.replace("  welzijn/W1:", "  W1:"),
     "toelichting/2025-Q4.yaml:10:3: doelen.W1: doel 'W1' must be written as theme/doel, e.g. acute-zorg/1.1"),
    (GOOD.replace("due: 2026-03-31", "due: eind maart"),
     "toelichting/2025-Q4.yaml:8:14: indicators.zorg-wachttijd.vervolgacties[0].due: must be a date written as "
     "YYYY-MM-DD, e.g. 2026-12-31; got the text 'eind maart'"),
    (GOOD.replace("        owner: Ziekenhuis Noord\n", ""),
     "toelichting/2025-Q4.yaml:6:9: indicators.zorg-wachttijd.vervolgacties[0].owner: required field is missing"),
])
def test_bad_commentary_is_reported_at_its_line(plan, text, expected):
    write(plan, "2025-Q4", text)
    loaded = load_plan(plan)
    messages = [str(p).split("/plan/", 1)[1] for p in loaded.errors]
    assert len(messages) == 1 and messages[0].startswith(expected), messages
    assert set(loaded.themes) == {"zorg", "welzijn"}  # a bad commentary file loses nothing of the plan


def test_strict_check_fails_when_a_kpi_off_course_has_no_toelichting(plan, data, capsys):
    args = ["check", "--plan", str(plan), "--data", str(data), "--quarter", "2025-Q4"]
    assert main(args) == 0  # a warning only
    assert main(args + ["--strict"]) == 1
    out = capsys.readouterr().out
    assert ("toelichting/2025-Q4.yaml:1:1: warning: indicators.zorg-wachttijd: indicator 'zorg-wachttijd' is "
            "'Beperkte voortgang' in 2025-Q4 and has no toelichting") in out
    write(plan, "2025-Q4", GOOD)
    assert main(args + ["--strict"]) == 0
    # The quarter before: 10 weeks (2024-Q4) is still on course, so nothing is asked.
    assert main(["check", "--plan", str(plan), "--data", str(data), "--quarter", "2025-Q3", "--strict"]) == 0


def test_check_rejects_a_badly_written_quarter(plan, capsys):
    with pytest.raises(SystemExit):
        main(["check", "--plan", str(plan), "--quarter", "2025-4"])
    assert "'2025-4' is not a quarter: use YYYY-Qn, e.g. 2026-Q3" in capsys.readouterr().err
