"""The monitor snapshot (every quarter judged once) and the dashboard prepared from it, against hand-computed
statuses, changes and slices."""

from dataclasses import FrozenInstanceError
from datetime import date
from pathlib import Path

import pytest
import yaml

import regiomonitor.present.dashboard
from regiomonitor.core.periods import Quarter
from regiomonitor.engine.progress import Progress
from regiomonitor.engine.snapshot import build_snapshot
from regiomonitor.plan.load import load_plan
from regiomonitor.present.charts import AreaValue, SeriesPoint
from regiomonitor.present.dashboard import PartUnavailable, build_dashboard

SOURCE = {"document": "t", "section": "s"}
LAST = Quarter(2024, 4)
# Baseline 100 at the end of 2023, target 200 at the end of 2025: 731 days. At the end of 2024-Q1 (91 days)
# the expected share is 91/731 = 0.124; 110 realises 0.10, R = 0.80: Matige voortgang. 2024-Q2 (182 days):
# e = 0.249, p = 0.30, R = 1.20: Op koers. 2024-Q3 (274 days): e = 0.375, p = 0.50, R = 1.33: Op koers.
# 2024-Q4 (366 days): e = 0.501, p = 0.40, R = 0.80: Matige voortgang.
REGION = [("2024-Q1", 110), ("2024-Q2", 130), ("2024-Q3", 150), ("2024-Q4", 140)]
AREAS = [("2024-Q1", 5, "A"), ("2024-Q2", 3, "B"), ("2024-Q3", 7, "A")]


def snapshot_of(tmp_path: Path):
    plan_dir, data_dir = tmp_path / "plan", tmp_path / "data"
    (data_dir / "measurements").mkdir(parents=True)
    plan_dir.mkdir()
    (plan_dir / "plan.yaml").write_text(yaml.safe_dump({
        "region": "R", "title": "T", "period": {"start": "2024", "end": "2026"}, "municipalities": ["A", "B"],
        "sources": [{"id": "t", "title": "T"}], "themes": ["th"]}), encoding="utf-8")
    (plan_dir / "th.yaml").write_text(yaml.safe_dump({
        "id": "th", "name": "Thema", "ambitie": "a", "source": SOURCE,
        "doelen": [{"id": "1", "title": "Doel", "source": SOURCE}],
        "indicators": [{"id": "kpi", "name": "KPI", "definition": "d", "unit": "%", "direction": "higher_is_better",
                        "kind": "result", "frequency": "quarterly", "doelen": ["1"], "owner": "GGD",
                        "baseline": {"value": 100, "period": "2023", "source": SOURCE},
                        "target": {"value": 200, "period": "2025", "source": SOURCE}}]}), encoding="utf-8")
    lines = ["indicator,period,value,area,source,note"]
    lines += [f"kpi,{period},{value},,test," for period, value in REGION]
    lines += [f"kpi,{period},{value},{area},test," for period, value, area in AREAS]
    (data_dir / "measurements" / "m.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    loaded = load_plan(plan_dir)
    progress = Progress.build(loaded, data_dir, date(2025, 1, 15))
    assert [str(p) for p in [*loaded.errors, *progress.measurements.problems]] == []
    return build_snapshot(progress, LAST), loaded, data_dir


def test_every_quarter_from_the_plan_start_is_judged_with_its_change_since_the_quarter_before(tmp_path):
    snapshot, _, _ = snapshot_of(tmp_path)
    assert [q.code for q in snapshot.quarters] == ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"]
    assert [snapshot.at(q).indicators["kpi"]["status"] for q in snapshot.quarters] == [
        "Matige voortgang", "Op koers", "Op koers", "Matige voortgang"]
    assert [snapshot.at(q).indicators["kpi"]["ratio"] for q in snapshot.quarters] == pytest.approx(
        [0.10 / (91 / 731), 0.30 / (182 / 731), 0.50 / (274 / 731), 0.40 / (366 / 731)])
    # 2023-Q4 had no measurement after the baseline (Geen gegevens): no change to speak of for 2024-Q1.
    assert [snapshot.at(q).changes.row(0, named=True)["change"] for q in snapshot.quarters] == [
        None, "better", "same", "worse"]
    rollup = snapshot.at(Quarter(2024, 2)).theme_rollups["th"]
    assert (rollup["indicators"], rollup["on_track"], rollup["assessable"], rollup["on_course"]) == (1, 1, 1, 1)


def test_the_snapshot_answers_as_the_engine_does_for_each_quarter_end(tmp_path):
    snapshot, loaded, data_dir = snapshot_of(tmp_path)
    fresh = Progress.build(loaded, data_dir, date(2025, 1, 15))
    for quarter in snapshot.quarters:
        state = snapshot.at(quarter)
        assert state.status.to_dicts() == fresh.status(quarter.end).to_dicts()
        assert state.actions.to_dicts() == fresh.actions(quarter.end).to_dicts()
        for level, table in state.rollups.items():
            assert table.to_dicts() == fresh.rollup(quarter.end, level).to_dicts()


def test_the_snapshot_cannot_be_changed(tmp_path):
    snapshot, _, _ = snapshot_of(tmp_path)
    state = snapshot.at(LAST)
    with pytest.raises(FrozenInstanceError):
        state.quarter = Quarter(2020, 1)
    with pytest.raises(TypeError):
        state.indicators["kpi"] = {}
    with pytest.raises(TypeError):
        state.indicators["kpi"]["status"] = "Behaald"
    with pytest.raises(TypeError):
        snapshot.states[LAST] = state


def test_a_kpi_page_reads_slices_up_to_its_quarter(tmp_path):
    snapshot, _, _ = snapshot_of(tmp_path)
    detail = build_dashboard(snapshot).indicators["kpi"]
    q2 = Quarter(2024, 2)
    assert [p.value for p in detail.series_until(q2)] == [110, 130]
    assert detail.series_until(q2)[0] == SeriesPoint("2024-Q1", date(2024, 3, 31), 110.0, False)
    shown, raw = detail.measurements_until(q2)
    # in time order, the region before its areas: 2024-Q1 region and A, 2024-Q2 region and B
    assert shown.to_pydict() == {"Periode": ["1e kwartaal 2024"] * 2 + ["2e kwartaal 2024"] * 2,
                                 "Waarde": ["110", "5", "130", "3"], "Gebied": ["regio", "A", "regio", "B"],
                                 "Bron": ["test"] * 4, "Opmerking": [None] * 4, "Demodata": ["nee"] * 4}
    assert raw.column("value").to_pylist() == [110, 5, 130, 3]
    # latest first, back to the quarter of the baseline (2023-Q4)
    assert detail.history_until(q2).to_pydict() == {
        "Kwartaal": ["2e kwartaal 2024", "1e kwartaal 2024", "4e kwartaal 2023"],
        "Status": ["Op koers", "Matige voortgang", "Geen gegevens"],
        "Verandering": ["beter", "–", "–"],
        "Toelichting": [snapshot.at(q2).indicators["kpi"]["explanation"],
                        snapshot.at(Quarter(2024, 1)).indicators["kpi"]["explanation"],
                        "Nog geen meting sinds de nulmeting (2023): geen gegevens."]}
    assert detail.areas_until(q2) == (AreaValue("A", 5.0, "2024-Q1"), AreaValue("B", 3.0, "2024-Q2"))
    assert detail.areas_until(LAST) == (AreaValue("A", 7.0, "2024-Q3"), AreaValue("B", 3.0, "2024-Q2"))


def test_the_theme_table_and_the_cards_follow_the_quarter(tmp_path):
    snapshot, _, _ = snapshot_of(tmp_path)
    dash = build_dashboard(snapshot)
    table = dash.theme_quarters[Quarter(2024, 3), "th"].indicators.to_pylist()[0]
    assert (table["Indicator"], table["Status"], table["Laatste meting"]) == ("KPI", "Op koers", "150% (3e kwartaal 2024)")
    # 110, 130, 150: the middle one half-way, block round(0.5 * 7) = 4 of 0..7
    assert dash.theme_quarters[Quarter(2024, 3), "th"].sparklines["kpi"] == "▁▅█"
    card = dash.cards[LAST][0]
    assert (card.theme_id, card.better, card.worse) == ("th", 0, 1)
    assert card.moved[0][1:] == ("Op koers", "Matige voortgang", "worse")


def test_a_part_that_cannot_be_prepared_fails_only_the_pages_that_read_it(tmp_path, monkeypatch):
    snapshot, _, _ = snapshot_of(tmp_path)

    def broken(*args):
        raise RuntimeError("kapot")

    monkeypatch.setattr(regiomonitor.present.dashboard, "owners_quarter", broken)
    dash = build_dashboard(snapshot)
    with pytest.raises(PartUnavailable, match="the dashboard's owners could not be prepared") as raised:
        dash.owners[LAST]
    assert str(raised.value.__cause__) == "kapot"
    assert dash.cards[LAST][0].theme_id == "th"  # the other pages' parts are there


def test_one_quarter_judged_on_demand_is_the_same_as_in_the_full_snapshot(tmp_path):
    """`export --quarter` judges one quarter (quarter_snapshot); the dashboard all of them (build_snapshot): the
    quarter's state, and the committee pack read from it, are the same."""
    from datetime import datetime

    from regiomonitor.engine.snapshot import quarter_snapshot
    from regiomonitor.export.pack import build_pack

    snapshot, loaded, data_dir = snapshot_of(tmp_path)
    alone = quarter_snapshot(Progress.build(loaded, data_dir, date(2025, 1, 15)), Quarter(2024, 2))
    full, single = snapshot.at(Quarter(2024, 2)), alone.at(Quarter(2024, 2))
    assert alone.quarters == (Quarter(2024, 2),)
    assert dict(single.indicators["kpi"]) == dict(full.indicators["kpi"])
    assert single.changes.to_dicts() == full.changes.to_dicts() == [
        {"indicator": "kpi", "theme": "th", "name": "KPI", "status": "Op koers", "status_code": "on_track",
         "previous_status": "Matige voortgang", "previous_code": "moderate", "change": "better"}]
    assert dict(single.theme_rollups["th"]) == dict(full.theme_rollups["th"])
    generated = datetime(2026, 1, 1)
    packs = [build_pack(s, Quarter(2024, 2), data_dir, generated=generated) for s in (snapshot, alone)]
    assert packs[0].themes == packs[1].themes
    assert [(line.status, line.change) for line in packs[0].themes[0].indicators] == [("Op koers", "beter")]
