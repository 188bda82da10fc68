"""`status`, `build` and `demo-data` on the command line; demo data that covers every status."""

import json
from collections import Counter
from datetime import date

import duckdb

from regiomonitor.commands.cli import main
from regiomonitor.data.demo import render_demo_csv
from regiomonitor.engine.progress import Progress
from regiomonitor.plan.load import load_plan
from tests.conftest import ROOT

CONTRACT = ["indicator", "theme", "doelen", "latest_value", "latest_period", "baseline_value", "baseline_period",
            "target_value", "target_period", "expected_value", "realised_share", "expected_share", "ratio",
            "status", "stale", "explanation"]


def write_data(minimal_plan, rows: str):
    data = minimal_plan.parent / "data" / "measurements"
    data.mkdir(parents=True)
    (data / "m.csv").write_text("indicator,period,value,area,source,note\n" + rows, encoding="utf-8")
    return data.parent


def test_status_json_has_exactly_the_contract_keys(minimal_plan, capsys):
    # Baseline 12 weeks (2022), target 8 (2026), lower is better.
    data = write_data(minimal_plan, "zorg-wachttijd,2024-Q4,10,,GGD,\n")
    assert main(["status", "--as-of", "2024-12-31", "--plan", str(minimal_plan), "--data", str(data),
                 "--format", "json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert list(row) == CONTRACT
    # t - t0 = 731 days of 1461 to the target: e = 731/1461; p = (10 - 12) / (8 - 12) = 0.5.
    assert row["realised_share"] == 0.5
    assert row["expected_share"] == round(731 / 1461, 6)
    assert row["ratio"] == round(0.5 / (731 / 1461), 6)
    assert row["status"] == "Op koers"
    assert row["doelen"] == ["zorg/1a", "zorg/1b"]


def test_status_history_csv(minimal_plan, capsys):
    data = write_data(minimal_plan, "zorg-wachttijd,2024-Q4,10,,GGD,\nzorg-wachttijd,2025-Q4,11.5,,GGD,\n")
    assert main(["status", "--history", "--as-of", "2025-12-31", "--plan", str(minimal_plan), "--data", str(data),
                 "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "as_of," + ",".join(CONTRACT) + ",change"
    statuses = [(line.split(",")[0], line.split(",")[14], line.rsplit(",", 1)[1]) for line in lines[1:]]
    assert statuses[0] == ("2022-12-31", "Geen gegevens", "")
    assert ("2024-12-31", "Op koers", "") in statuses
    # 2025-Q4: p = 0.125, e = 1095/1461: R = 0.167 -> limited progress, worse than the quarter before.
    assert statuses[-1] == ("2025-12-31", "Beperkte voortgang", "worse")


def test_status_reports_bad_rows_and_demo_on_stderr(minimal_plan, capsys):
    data = write_data(minimal_plan, "zorg-wachttijd,2024-Q4,tien,,GGD,\n")
    (data / "demo").mkdir()
    (data / "demo" / "d.csv").write_text("indicator,period,value,area,source,note\nzorg-wachttijd,2024-Q3,11,,demo,\n")
    assert main(["status", "--as-of", "2024-12-31", "--plan", str(minimal_plan), "--data", str(data)]) == 0
    out, err = capsys.readouterr()
    assert f"{data}/measurements/m.csv:2: value: value 'tien' is not a number with a decimal point, e.g. 12.5" in err
    assert "LET OP: demodata in gebruik" in err
    assert "| zorg-wachttijd |" in out


def test_build_writes_a_database_file(minimal_plan, tmp_path):
    data = write_data(minimal_plan, "zorg-wachttijd,2024-Q4,10,,GGD,\n")
    out = tmp_path / "rm.duckdb"
    assert main(["build", "--plan", str(minimal_plan), "--data", str(data), "--out", str(out)]) == 0
    with duckdb.connect(str(out), read_only=True) as con:
        assert con.execute("select indicator, value from measurements").fetchall() == [("zorg-wachttijd", 10.0)]


def test_committed_demo_data_is_current():
    committed = (ROOT / "data" / "demo" / "demo-measurements.csv").read_text(encoding="utf-8")
    assert committed == render_demo_csv(load_plan(ROOT / "plan")), "run `python -m regiomonitor demo-data`"


def test_demo_data_makes_every_status_occur():
    progress = Progress.build(load_plan(ROOT / "plan"), ROOT / "data", date(2026, 11, 23))
    assert progress.measurements.problems == []
    assert progress.measurements.demo_in_use
    history = progress.history(date(2026, 9, 30))
    assert set(history["status"]) == {
        "Geen gegevens", "Behaald", "Niet behaald", "Op koers", "Matige voortgang", "Beperkte voortgang",
        "Verslechterd", "Verbetering", "Stabiel", "Niet te beoordelen", "Voldoet aan norm", "Voldoet niet aan norm", "Context"}
    latest = progress.status(date(2026, 9, 30))
    assert latest["stale"].any()
    # Real measurements win: the HAP telephone norm has HZK's 2024 figure, not a demo value; it covers the Spoedpost
    # Haarlem only (an area row), so the region itself has no measurement: no judgement for the region.
    hap = latest.filter(latest["indicator"] == "acute-zorg-hap-telefonische-bereikbaarheid").row(0, named=True)
    assert (hap["latest_value"], hap["status"]) == (None, "Geen gegevens")
    areas = progress.measurements.rows.filter(progress.measurements.rows["indicator"] == hap["indicator"])
    assert areas.select("area", "value").rows() == [("Spoedpost Haarlem", 95.0)]
    assert Counter(latest["status"])["Geen gegevens"] >= 1
