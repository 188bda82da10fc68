"""The quarterly reporting round: `template` writes the workbook, a person fills it in (openpyxl, and once saved
by LibreOffice), `intake` checks every cell and writes figures, action reports and toelichting — all or nothing."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest

from regiomonitor.commands.cli import main

# Baseline 12 weeks (2022), target 8 (2026). At 2025-Q4: 11.5 weeks, R = 0.17: Beperkte voortgang, which asks for
# a toelichting (tests/test_commentary.py works it out).
DATA = "indicator,period,value,area,source,note\nzorg-wachttijd,2024-Q4,10,,GGD,\nzorg-wachttijd,2025-Q4,11.5,,GGD,\n"
DUE = date.today() + timedelta(days=90)


@pytest.fixture
def region(minimal_plan):
    data = minimal_plan.parent / "data"
    (data / "measurements").mkdir(parents=True)
    (data / "measurements" / "m.csv").write_text(DATA)
    return minimal_plan, data


def run(*args: str) -> int:
    return main(list(args))


def template(region, out: Path, *extra: str) -> Path:
    plan, data = region
    assert run("template", "--quarter", "2025-Q4", "--out", str(out), "--plan", str(plan), "--data", str(data),
               *extra) == 0
    return out


def intake(region, *files: Path, dry: bool = False) -> int:
    plan, data = region
    return run("intake", *map(str, files), "--plan", str(plan), "--data", str(data), *(["--dry-run"] if dry else []))


def rows(ws) -> list[tuple]:
    return [tuple(r) for r in ws.iter_rows(values_only=True)]


def test_template_has_the_sheets_columns_and_prefilled_rows(region, tmp_path):
    book = openpyxl.load_workbook(template(region, tmp_path / "ronde.xlsx"))
    assert book.sheetnames == ["Metingen", "Acties", "Toelichting", "Uitleg"]
    metingen, acties, toelichting = book["Metingen"], book["Acties"], book["Toelichting"]
    assert rows(metingen)[:2] == [("kpi", "naam", "eenheid", "periode", "gebied", "waarde", "bron", "opmerking"),
                                  ("zorg-wachttijd", "Wachttijd intake", "weken", "2025-Q4", None, None, None, None)]
    assert rows(acties)[:2] == [
        ("actie", "titel", "thema", "start", "einde", "huidige status", "nieuwe status", "toelichting"),
        ("zorg-kpis-opstellen", "KPI's opstellen", "Zorg", "1e kwartaal 2024", "2e kwartaal 2024", "Vertraagd", None,
         None)]
    assert rows(toelichting)[:2] == [("kpi", "naam", "status", "toelichting", "vervolgactie", "eigenaar", "deadline"),
                                     ("zorg-wachttijd", "Wachttijd intake", "Beperkte voortgang", None, None, None, None)]
    # Pre-filled columns are locked, the others open; the sheets are protected (without a password).
    assert all(ws.protection.sheet for ws in (metingen, acties, toelichting))
    assert [metingen[c].protection.locked for c in ("A2", "D2", "E2", "F2", "G2")] == [True, True, False, False, False]
    assert [acties[c].protection.locked for c in ("F2", "G2", "H2")] == [True, False, False]
    assert [toelichting[c].protection.locked for c in ("C2", "D2", "G2")] == [True, False, False]
    value = next(v for v in metingen.data_validations.dataValidation if "F2" in str(v.sqref))
    assert (value.type, value.operator or "between", float(value.formula1), float(value.formula2)) == (
        "decimal", "between", 0, 5000)
    status = next(v for v in acties.data_validations.dataValidation if "G2" in str(v.sqref))
    assert (status.type, status.formula1) == ("list", '"niet gestart,loopt,afgerond,gepauzeerd,geschrapt"')
    properties = {p.name: p.value for p in book.custom_doc_props.props}
    assert properties["regiomonitor-kwartaal"] == "2025-Q4" and properties["regiomonitor-regio"] == "Testregio"
    uitleg = [r[0] for r in rows(book["Uitleg"])]
    assert uitleg[:3] == ["Kwartaalrapportage 4e kwartaal 2025 — Regioplan Testregio",
                          "Regio: Testregio · Thema's: alle thema's", "Inleveren uiterlijk 28-01-2026."]


def test_template_for_one_theme_and_an_unknown_owner(region, tmp_path, capsys):
    book = openpyxl.load_workbook(template(region, tmp_path / "welzijn.xlsx", "--theme", "welzijn"))
    assert len(rows(book["Metingen"])) == 1  # the header only: Welzijn has no KPI's
    assert rows(book["Toelichting"])[1:] == []
    plan, data = region
    assert run("template", "--quarter", "2025-Q4", "--owner", "Niemand", "--out", str(tmp_path / "x.xlsx"),
               "--plan", str(plan), "--data", str(data)) == 1
    assert "FAILED: no KPI or action has owner 'Niemand'; the plan's owners: none" in capsys.readouterr().err


def fill(path: Path, cells: dict[str, dict[str, object]], out: Path) -> Path:
    book = openpyxl.load_workbook(path)
    for sheet, values in cells.items():
        for cell, value in values.items():
            book[sheet][cell] = value
    book.save(out)
    return out


FILLED = {
    "Metingen": {"A3": "zorg-wachttijd", "D3": "2025-Q4", "E3": "Noorddorp", "F3": "9,5", "G3": "GGD"},
    "Acties": {"G2": "Afgerond", "H2": "KPI-lijst vastgesteld"},
    "Toelichting": {"D2": "Personeelstekort bij de intake.", "E2": "Intakers werven", "F2": "Ziekenhuis Noord",
                    "G2": datetime(DUE.year, DUE.month, DUE.day)},
}


def expected_files(region) -> dict[str, str]:
    plan, data = region
    return {
        f"{data}/measurements/ronde-2025-Q4.csv": "indicator,period,value,area,source,note\n"
                                                  "zorg-wachttijd,2025-Q4,9.5,Noorddorp,GGD,\n",
        f"{data}/actions/ronde-2025-Q4.csv": "action,period,status,note,source\n"
                                             "zorg-kpis-opstellen,2025-Q4,afgerond,KPI-lijst vastgesteld,filled.xlsx\n",
        f"{plan}/toelichting/2025-Q4.yaml": "# yaml-language-server: $schema=../schema.json\nquarter: 2025-Q4\n"
                                            "indicators:\n  zorg-wachttijd:\n    toelichting: Personeelstekort bij de "
                                            "intake.\n    vervolgacties:\n    - action: Intakers werven\n      owner: "
                                            f"Ziekenhuis Noord\n      due: {DUE.isoformat()}\n",
    }


def written(region) -> dict[str, str]:
    plan, data = region
    paths = [*(data / "measurements").glob("ronde-*.csv"), *(data / "actions").glob("*.csv"),
             *(plan / "toelichting").glob("*.yaml")] if (plan / "toelichting").exists() or (data / "actions").exists() \
        else [*(data / "measurements").glob("ronde-*.csv")]
    return {str(p): p.read_text(encoding="utf-8") for p in paths}


def test_intake_writes_figures_actions_and_toelichting_and_a_second_run_changes_nothing(region, tmp_path, capsys):
    filled = fill(template(region, tmp_path / "ronde.xlsx"), FILLED, tmp_path / "filled.xlsx")
    capsys.readouterr()
    assert intake(region, filled, dry=True) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"{filled}: warning: is the workbook of 2025-Q4; the current round is {current_round()}",
        "+ Metingen: zorg-wachttijd 2025-Q4 in Noorddorp = 9.5 (GGD)",
        "+ Acties: zorg-kpis-opstellen 2025-Q4: afgerond",
        "+ Toelichting: zorg-wachttijd (2025-Q4): + vervolgactie Intakers werven",
    ]
    assert err.strip() == "OK: 3 change(s); would write 3 file(s)"
    assert written(region) == {}  # a dry run writes nothing
    assert intake(region, filled) == 0
    assert capsys.readouterr().err.strip() == "OK: 3 change(s); wrote 3 file(s)"
    assert written(region) == expected_files(region)
    plan, data = region
    assert run("check", "--plan", str(plan), "--data", str(data), "--quarter", "2025-Q4") == 0
    assert "has no toelichting" not in capsys.readouterr().out  # the round brought the toelichting it asked for
    assert run("status", "--actions", "--as-of", "2025-12-31", "--format", "csv", "--plan", str(plan), "--data",
               str(data)) == 0
    assert ",afgerond,Afgerond,false," in capsys.readouterr().out
    # The same workbook again: everything is already there.
    assert intake(region, filled) == 0
    assert capsys.readouterr().err.strip() == "OK: 0 change(s); wrote 0 file(s)"
    assert written(region) == expected_files(region)


def current_round() -> str:
    from regiomonitor.core.periods import Quarter
    return Quarter.last_complete(date.today()).code


def soffice() -> str:
    path = shutil.which("soffice")
    if path:
        return path
    if os.environ.get("CI"):
        pytest.fail("LibreOffice is not installed: `make test` installs Debian's libreoffice-calc-nogui")
    pytest.skip("LibreOffice is not installed (Debian: apt-get install libreoffice-calc-nogui)")


def test_a_workbook_saved_by_libreoffice_reads_the_same(region, tmp_path, capsys):
    program = soffice()
    filled = fill(template(region, tmp_path / "ronde.xlsx"), FILLED, tmp_path / "filled.xlsx")
    saved = tmp_path / "lo"
    subprocess.run([program, "--headless", "--calc", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir",
                    str(saved), str(filled)], check=True, capture_output=True, timeout=120,
                   env={**os.environ, "HOME": str(tmp_path)})
    assert intake(region, saved / "filled.xlsx") == 0
    assert written(region) == expected_files(region)


def test_a_figure_that_differs_from_the_recorded_one_is_an_error_and_nothing_is_written(region, tmp_path, capsys):
    made = template(region, tmp_path / "ronde.xlsx")
    plan, data = region
    (data / "actions").mkdir()
    (data / "actions" / "eerder.csv").write_text("action,period,status,note,source\n"
                                                 "zorg-kpis-opstellen,2025-Q4,loopt,,trekker\n")
    filled = fill(made, {**FILLED, "Metingen": {"F2": 12, "G2": "GGD", "A3": "zorg-wachttijd", "D3": "2025-Q4",
                                                "E3": "Noorddorp", "F3": 9, "G3": "GGD", "A4": "zorg-wachttijd",
                                                "D4": "2025-Q4", "E4": "Noorddorp", "F4": 9, "G4": "GGD"}},
                  tmp_path / "filled.xlsx")
    capsys.readouterr()
    assert intake(region, filled) == 1
    out = [line for line in capsys.readouterr().out.splitlines() if ": warning: " not in line]
    assert out == [
        f"{filled}:Metingen!F2: waarde: 12 differs from 11.5, already recorded for zorg-wachttijd 2025-Q4 in "
        f"{data}/measurements/m.csv row 3: correct that file, or this cell",
        f"{filled}:Metingen!F4: waarde: zorg-wachttijd 2025-Q4 in Noorddorp is also given in {filled}:Metingen!F3",
        f"{filled}:Acties!G2: nieuwe status: 'afgerond' differs from 'loopt', already recorded for zorg-kpis-opstellen "
        f"2025-Q4 in {data}/actions/eerder.csv row 2: correct that file, or this cell",
    ]
    assert not list(data.glob("*/ronde-*.csv")) and not (plan / "toelichting").exists()  # nothing written


def test_every_bad_cell_is_located_and_nothing_is_written(region, tmp_path, capsys):
    bad = {
        "Metingen": {"F2": "veel", "G2": "GGD",
                     "A3": "zorg-wachtijd", "D3": "2025-Q4", "F3": 1, "G3": "GGD",
                     "A4": "zorg-wachttijd", "D4": "2025-Q3", "F4": 5, "G4": "GGD",
                     "A5": "zorg-wachttijd", "D5": "2025-Q4", "E5": "Zuiddorp", "F5": 6000, "G5": "GGD",
                     "A6": "zorg-wachttijd", "D6": "2025-Q4", "E6": "Noorddorp", "F6": "=1+1", "G6": "GGD",
                     "A7": "zorg-wachttijd", "D7": "2025-Q4", "E7": "Noorddorp", "F7": 4},
        "Acties": {"G2": "bezig"},
        "Toelichting": {"D2": "Te weinig intakers.", "E2": "Werven", "F2": "HR", "G2": "31-12-2020"},
    }
    filled = fill(template(region, tmp_path / "ronde.xlsx"), bad, tmp_path / "filled.xlsx")
    assert intake(region, filled) == 1
    lines = [line for line in capsys.readouterr().out.splitlines() if ": warning: " not in line]
    f = str(filled)
    assert lines == [
        f"{f}:Metingen!F2: waarde: value 'veel' is not a number with a decimal point, e.g. 12.5",
        f"{f}:Metingen!A3: kpi: unknown KPI 'zorg-wachtijd'; did you mean 'zorg-wachttijd'?",
        f"{f}:Metingen!D4: periode: period 2025-Q3 is not due for zorg-wachttijd in the round of 2025-Q4 (due: 2025-Q4)",
        f"{f}:Metingen!F5: waarde: 6000 is outside the range of zorg-wachttijd (0 to 5000)",
        f"{f}:Metingen!F6: waarde: holds a formula: type the value itself",
        f"{f}:Metingen!G7: bron: is empty: say where the figure comes from",
        f"{f}:Acties!G2: nieuwe status: unknown status 'bezig': use one of niet gestart, loopt, afgerond, gepauzeerd, "
        "geschrapt",
        f"{f}:Toelichting!G2: deadline: 31-12-2020 lies in the past: a vervolgactie is due after "
        f"{max(date(2025, 12, 31), date.today()):%d-%m-%Y}",
    ]
    assert written(region) == {}


def test_workbooks_that_are_not_the_rounds_are_refused(region, tmp_path, capsys):
    made = template(region, tmp_path / "ronde.xlsx")
    macro = tmp_path / "ronde.xlsm"
    shutil.copy(made, macro)
    damaged = tmp_path / "kapot.xlsx"
    damaged.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    locked = tmp_path / "wachtwoord.xlsx"
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)  # an encrypted workbook is an OLE file
    book = openpyxl.load_workbook(made)
    book["Metingen"].title = "Metingen (2)"
    book.save(renamed := tmp_path / "hernoemd.xlsx")
    book = openpyxl.load_workbook(made)
    book["Acties"]["A1"] = "actie-id"
    book.save(header := tmp_path / "kop.xlsx")
    assert intake(region, macro, damaged, locked, renamed, header) == 1
    assert [line for line in capsys.readouterr().out.splitlines() if ": warning: " not in line] == [
        f"{macro}: is a macro-enabled workbook (.xlsm): save it as an Excel workbook (.xlsx) without macros",
        f"{damaged}: cannot be read as an Excel workbook (it is damaged: BadZipFile); save it again as .xlsx without "
        "a password",
        f"{locked}: cannot be read as an Excel workbook (it is protected with a password, or damaged: BadZipFile); "
        "save it again as .xlsx without a password",
        f"{renamed}: sheet(s) Metingen missing (found: Metingen (2), Acties, Toelichting, Uitleg): do not rename the "
        "sheets; rename Metingen (2) back",
        f"{header}:Acties!A1: the header row reads actie-id, titel, thema, start, einde, huidige status, nieuwe "
        "status, toelichting; expected actie, titel, thema, start, einde, huidige status, nieuwe status, toelichting: "
        "do not change the column headers",
    ]
    assert written(region) == {}


def test_a_huge_workbook_is_refused_by_size_and_by_rows(region, tmp_path, capsys):
    big = tmp_path / "groot.xlsx"
    with open(big, "wb") as f:
        f.truncate(50_000_001)
    many = tmp_path / "veel.xlsx"
    book = openpyxl.Workbook(write_only=True)
    for name, columns in (("Metingen", ("kpi", "naam", "eenheid", "periode", "gebied", "waarde", "bron", "opmerking")),
                          ("Acties", ("actie", "titel", "thema", "start", "einde", "huidige status", "nieuwe status",
                                      "toelichting")),
                          ("Toelichting", ("kpi", "naam", "status", "toelichting", "vervolgactie", "eigenaar",
                                           "deadline"))):
        sheet = book.create_sheet(name)
        sheet.append(columns)
        if name == "Metingen":
            for _ in range(100_000):
                sheet.append(("zorg-wachttijd", "", "", "2025-Q4", "", 1, "x", ""))
    book.save(many)
    assert intake(region, big, many) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{big}: file is 50,000,001 bytes; workbooks are limited to 50,000,000 bytes",
        f"{many}: does not say which quarter it is for: fill in the workbook `template` made",
        f"{many}:Metingen!A20002: has more than 20,000 rows: a round's workbook holds a few hundred; fill in the "
        "workbook `template` made",
    ]


def test_the_rapportage_page_shows_the_round_and_makes_its_workbook(region, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    plan, data = region
    (plan / "toelichting").mkdir()
    (plan / "toelichting" / "2025-Q3.yaml").write_text(
        "quarter: 2025-Q3\nindicators:\n  zorg-wachttijd:\n    toelichting: Oploop.\n    vervolgacties:\n"
        "      - {action: Intakers werven, owner: Ziekenhuis Noord, due: 2025-11-30}\n", encoding="utf-8")
    monkeypatch.setenv("REGIOMONITOR_PLAN", str(plan))
    monkeypatch.setenv("REGIOMONITOR_DATA", str(data))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.query_params["kwartaal"] = "2025-Q4"
    at.run().switch_page("app_pages/rapportage.py").run()
    assert not at.exception
    assert at.title[0].value == "Rapportage"
    assert "inleveren uiterlijk **28\\-01\\-2026**" in at.markdown[0].value
    from tests.test_app import shown
    assert shown(at.markdown[1].value) == ("**Nog open:** 0 cijfers nog niet binnen · 1 acties zonder melding · "
                                           "1 toelichtingen ontbreken · 1 vervolgacties open.")
    themes = at.dataframe[0].value
    # Zorg: 1 figure due (2025-Q4) and in; its one action has no report; the KPI lacks its toelichting; the
    # follow-up action of 2025-Q3 is open and its deadline (30-11-2025) lies before the round's (28-01-2026).
    assert themes.values.tolist() == [["Zorg", 1, 1, 1, 1, 1, 1]]
    assert list(themes.columns) == ["Thema", "Cijfers verwacht", "Cijfers binnen", "Acties zonder melding",
                                    "Toelichting ontbreekt", "Vervolgacties open", "Over de deadline"]
    owners = at.dataframe[1].value
    assert owners.values.tolist() == [["Ziekenhuis Noord", 0, 0, 0, 0, 1, 1], ["Eigenaar nog niet belegd", 1, 1, 1, 1, 0, 0]]
    at.button[0].click().run()
    assert not at.exception
    assert len(at.get("download_button")) == 1


def test_the_pack_lists_open_follow_ups_and_the_plans_changes_in_the_quarter(region, tmp_path):
    """Follow-up actions of earlier quarters stay in the pack until a round closes them; the plan's changes during
    the quarter come from the git history (commits dated in the quarter)."""
    from regiomonitor.commands.plan_history import quarter_plan_changes
    from regiomonitor.core.periods import Quarter
    from regiomonitor.export.html import write_html
    from regiomonitor.export.pack import build_pack
    from regiomonitor.plan.load import load_plan
    from tests.conftest import judged

    plan, data = region
    repo = plan.parent
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org"}

    def commit(day: str, message: str) -> None:
        dated = {**env, "GIT_AUTHOR_DATE": f"{day}T12:00:00", "GIT_COMMITTER_DATE": f"{day}T12:00:00"}
        subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True, env=dated)
        subprocess.run(["git", "-C", str(repo), "commit", "-q", "-m", message], check=True, env=dated)

    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    commit("2025-09-15", "plan")
    zorg = plan / "zorg.yaml"
    zorg.write_text(zorg.read_text(encoding="utf-8").replace("      value: 8\n", "      value: 7\n"), encoding="utf-8")
    (plan / "toelichting").mkdir()
    (plan / "toelichting" / "2025-Q3.yaml").write_text(
        "quarter: 2025-Q3\nindicators:\n  zorg-wachttijd:\n    toelichting: Oploop.\n    vervolgacties:\n"
        "      - {action: Intakers werven, owner: Ziekenhuis Noord, due: 2025-11-30}\n", encoding="utf-8")
    commit("2025-11-02", "streefwaarde 7 weken")
    changes = quarter_plan_changes(plan, data, Quarter.parse("2025-Q4"))
    assert changes == ["Gewijzigd · Indicator Wachttijd intake: streefwaarde 8 weken (2026) → 7 weken (2026)"]
    assert quarter_plan_changes(plan, data, Quarter.parse("2025-Q3")) is None  # the history starts in it
    assert quarter_plan_changes(plan, data, Quarter.parse("2026-Q1")) == []
    loaded = load_plan(plan)
    pack = build_pack(*judged(loaded, data, "2025-Q4"), data, plan_changes=changes)
    assert pack.follow_ups == [{"Thema": "Zorg", "Eigenaar": "Ziekenhuis Noord", "KPI of doel": "zorg-wachttijd",
                                "Vervolgactie": "Intakers werven", "Deadline": "30-11-2025",
                                "Afgesproken in": "3e kwartaal 2025", "Over de deadline": "ja"}]
    html = write_html(pack, {}, {})
    assert "<h2>Open vervolgacties</h2>" in html and "<td>Intakers werven</td>" in html
    assert "<li>Gewijzigd · Indicator Wachttijd intake: streefwaarde 8 weken (2026) → 7 weken (2026)</li>" in html


def test_after_the_intake_the_dashboard_shows_the_figure_the_action_and_the_toelichting(region, tmp_path,
                                                                                         monkeypatch):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT
    from tests.test_app import shown

    filled = fill(template(region, tmp_path / "ronde.xlsx"), FILLED, tmp_path / "filled.xlsx")
    assert intake(region, filled) == 0
    plan, data = region
    monkeypatch.setenv("REGIOMONITOR_PLAN", str(plan))
    monkeypatch.setenv("REGIOMONITOR_DATA", str(data))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.query_params["kwartaal"] = "2025-Q4"
    at.query_params["kpi"] = "zorg-wachttijd"
    at.run().switch_page("app_pages/indicator.py").run()
    assert not at.exception
    text = shown("\n".join(m.value for m in at.markdown))
    assert "Personeelstekort bij de intake." in text and "Intakers werven" in text
    areas = [d.value for d in at.dataframe if "Noorddorp" in d.value.to_string()]
    assert areas, "the figure for Noorddorp is shown"
    at.switch_page("app_pages/werkagenda.py").run()
    assert not at.exception
    every = at.dataframe[-1].value
    assert every[["Actie", "Status", "Gemeld voor", "Melding"]].values.tolist() == [
        ["KPI's opstellen", "Afgerond", "4e kwartaal 2025", "KPI-lijst vastgesteld"]]


def test_intake_messages_as_github_annotations_and_warnings_about_another_plan_version(region, tmp_path, capsys):
    made = template(region, tmp_path / "ronde.xlsx")
    plan, data = region
    zorg = plan / "zorg.yaml"
    zorg.write_text(zorg.read_text(encoding="utf-8").replace("name: Zorg", "name: Zorg en welzijn"), encoding="utf-8")
    filled = fill(made, {"Acties": {"A2": "zorg-kpis-opstelen", "G2": "loopt"},
                         "Toelichting": {"D2": "x", "E2": "y", "F2": "z", "G2": "volgende week"}},
                  tmp_path / "filled.xlsx")
    capsys.readouterr()
    assert run("intake", str(filled), "--plan", str(plan), "--data", str(data), "--format", "github") == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (f"::warning file={filled},title=Regiomonitor::is the workbook of 2025-Q4; the current round "
                        f"is {current_round()}")
    assert lines[1].startswith(f"::warning file={filled},title=Regiomonitor::was made from plan version inhoud ")
    assert "; the plan is now inhoud " in lines[1]
    assert lines[2:] == [
        f"::error file={filled},title=Regiomonitor%3A Acties!A2 actie::unknown action 'zorg-kpis-opstelen'; did you mean "
        "'zorg-kpis-opstellen'?",
        f"::error file={filled},title=Regiomonitor%3A Toelichting!G2 deadline::'volgende week' is not a date: write "
        "31-12-2026",
    ]
