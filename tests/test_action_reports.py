"""Action progress as data (data/actions/*.csv): the status of an action as of a quarter is its latest report up
to that quarter, else the plan's own status, else Niet gerapporteerd; bad rows are located and lose nothing."""

from __future__ import annotations

import json
from datetime import date

import pytest

from regiomonitor.commands.cli import main
from regiomonitor.data.actions import load_action_reports
from regiomonitor.plan.load import load_plan

HEADER = "action,period,status,note,source\n"


@pytest.fixture
def data(minimal_plan):
    folder = minimal_plan.parent / "data"
    (folder / "actions").mkdir(parents=True)
    (folder / "measurements").mkdir()
    return folder


def actions_at(minimal_plan, data, as_of: str, capsys) -> dict:
    assert main(["status", "--actions", "--as-of", as_of, "--format", "json", "--plan", str(minimal_plan),
                 "--data", str(data)]) == 0
    [row] = json.loads(capsys.readouterr().out)
    return row


def test_the_latest_report_up_to_the_date_gives_the_status(minimal_plan, data, capsys):
    (data / "actions" / "zorg.csv").write_text(HEADER + "zorg-kpis-opstellen,2024-Q1,Lopend,,Trekker Zorg\n"
                                               "zorg-kpis-opstellen,2024-Q3,afgerond,klaar,Trekker Zorg\n")
    before = actions_at(minimal_plan, data, "2023-12-31", capsys)
    # Before any report the plan's own status stands: niet gestart, and its start has not passed.
    assert (before["reported_status"], before["status"], before["late"]) == ("niet gestart", "Niet gestart", False)
    assert before["explanation"] == "Gerapporteerd: niet gestart. Gepland: 1e kwartaal 2024 – 2e kwartaal 2024."
    q1 = actions_at(minimal_plan, data, "2024-03-31", capsys)
    assert (q1["reported_status"], q1["status"], q1["late"]) == ("loopt", "Loopt", False)
    assert q1["explanation"] == "Gerapporteerd voor 1e kwartaal 2024: loopt. Gepland: 1e kwartaal 2024 – 2e kwartaal 2024."
    # 2024-Q2 brought no report: the Q1 report stands, and the sentence says nothing came for Q2.
    q2 = actions_at(minimal_plan, data, "2024-06-30", capsys)
    assert q2["status"] == "Loopt"
    assert q2["explanation"].endswith("Voor 2e kwartaal 2024 is nog niets gerapporteerd.")
    # After its end period, still running: late.
    q2_late = actions_at(minimal_plan, data, "2024-07-15", capsys)
    assert (q2_late["status"], q2_late["late"]) == ("Vertraagd", True)
    q3 = actions_at(minimal_plan, data, "2024-09-30", capsys)
    assert (q3["reported_status"], q3["status"], q3["late"]) == ("afgerond", "Afgerond", False)


def test_without_plan_status_or_report_an_action_is_not_reported(minimal_plan, data, capsys):
    zorg = minimal_plan / "zorg.yaml"
    zorg.write_text(zorg.read_text(encoding="utf-8").replace("    status: niet gestart\n", ""), encoding="utf-8")
    row = actions_at(minimal_plan, data, "2025-06-30", capsys)
    assert (row["reported_status"], row["status"], row["late"]) == (None, "Niet gerapporteerd", False)
    (data / "actions" / "zorg.csv").write_text(HEADER + "zorg-kpis-opstellen,2025-Q1,gestart,,\n")
    row = actions_at(minimal_plan, data, "2025-06-30", capsys)
    assert (row["reported_status"], row["status"], row["late"]) == ("loopt", "Vertraagd", True)


def test_bad_rows_are_located_and_the_good_ones_kept(minimal_plan, data):
    (data / "actions" / "zorg.csv").write_text(
        HEADER
        + "zorg-kpis-opstelen,2024-Q3,loopt,,\n"         # 2: a typo in the id
        + "zorg-kpis-opstellen,2024,loopt,,\n"           # 3: a year, not a quarter
        + "zorg-kpis-opstellen,2030-Q1,loopt,,\n"        # 4: the future
        + "zorg-kpis-opstellen,2024-Q2,afgerondd,,\n"    # 5: a misspelt status
        + "zorg-kpis-opstellen,2024-Q4,loopt,a,\n"       # 6 and 7: twice for one quarter
        + "zorg-kpis-opstellen,2024-Q4,afgerond,b,\n"
        + "zorg-kpis-opstellen,2024-Q1,loopt,goed,Trekker\n")  # 8: good
    (data / "actions" / "export.xlsx").write_bytes(b"PK")
    reports = load_action_reports(data, load_plan(minimal_plan), today=date(2026, 11, 30))
    name = f"{data}/actions"
    assert [str(p) for p in reports.problems] == [
        f"{name}/export.xlsx: warning: is not read: action report files are .csv files directly in this folder (from Excel: "
        "save as CSV UTF-8)",
        f"{name}/zorg.csv:2: action: unknown action 'zorg-kpis-opstelen'; did you mean 'zorg-kpis-opstellen'?",
        f"{name}/zorg.csv:3: period: '2024' is not a quarter: use YYYY-Qn, e.g. 2026-Q3",
        f"{name}/zorg.csv:4: period: period 2030-Q1 lies in the future",
        f"{name}/zorg.csv:5: status: unknown status 'afgerondd': use one of niet gestart, loopt, afgerond, gepauzeerd, "
        "geschrapt; did you mean 'afgerond'?",
        f"{name}/zorg.csv:6: duplicate report for action zorg-kpis-opstellen 2024-Q4 ({name}/zorg.csv row 6, "
        f"{name}/zorg.csv row 7): none of them is used",
        f"{name}/zorg.csv:7: duplicate report for action zorg-kpis-opstellen 2024-Q4 ({name}/zorg.csv row 6, "
        f"{name}/zorg.csv row 7): none of them is used",
    ]
    assert reports.rows.select("action", "period", "status", "note", "source").rows() == [
        ("zorg-kpis-opstellen", "2024-Q1", "loopt", "goed", "Trekker")]


def test_a_dutch_excel_save_is_read(minimal_plan, data):
    (data / "actions" / "zorg.csv").write_bytes(
        "\ufeffaction;period;status;note;source\r\nzorg-kpis-opstellen;2024-Q2;Afgerond;\"klaar; op tijd\";HZK\r\n"
        ";;;;\r\n".encode("utf-8"))
    reports = load_action_reports(data, load_plan(minimal_plan), today=date(2026, 11, 30))
    assert reports.problems == []
    assert reports.rows.select("period", "status", "note").rows() == [("2024-Q2", "afgerond", "klaar; op tijd")]


def test_check_reports_bad_action_rows(minimal_plan, data, capsys):
    (data / "actions" / "zorg.csv").write_text(HEADER + "zorg-kpis-opstellen,2024-Q2,bezig,,\n")
    assert main(["check", "--plan", str(minimal_plan), "--data", str(data)]) == 1
    assert (f"{data}/actions/zorg.csv:2: status: unknown status 'bezig': use one of niet gestart, loopt, afgerond, "
            "gepauzeerd, geschrapt") in capsys.readouterr().out
