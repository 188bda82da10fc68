"""Indicator statuses computed in DuckDB, checked against hand-computed cases.

Most cases use day periods so that the shares come out round: baseline on 01-01-2024, target on
21-01-2024 (20 days later), a measurement on 11-01-2024 is exactly half-way, so the expected share
on the straight line is e = 0.5.
"""

from datetime import date
from pathlib import Path

import pytest
import yaml

from regiomonitor.core.periods import Quarter
from regiomonitor.engine.progress import Progress, quarter_ends
from regiomonitor.plan.load import load_plan
from regiomonitor.present.indicator_view import expected_path

SOURCE = {"document": "t", "section": "s"}
TODAY = date(2026, 11, 23)


def figure(value, period):
    return {"value": value, "period": period, "source": SOURCE}


def indicator(**fields) -> dict:
    base = {"id": "kpi", "name": "KPI", "definition": "d", "unit": "%", "direction": "higher_is_better",
            "kind": "result", "frequency": "quarterly", "doelen": ["1"]}
    return {**base, **fields}


def build(tmp_path: Path, indicators: list[dict], rows: list[tuple], actions: list[dict] = ()) -> Progress:
    plan_dir, data_dir = tmp_path / "plan", tmp_path / "data"
    (data_dir / "measurements").mkdir(parents=True)
    plan_dir.mkdir()
    (plan_dir / "plan.yaml").write_text(yaml.safe_dump({
        "region": "R", "title": "T", "period": {"start": "2024", "end": "2026"}, "municipalities": ["A"],
        "sources": [{"id": "t", "title": "T"}], "themes": ["th"]}), encoding="utf-8")
    (plan_dir / "th.yaml").write_text(yaml.safe_dump({
        "id": "th", "name": "Thema", "ambitie": "a", "source": SOURCE,
        "doelen": [{"id": "1", "title": "Doel", "source": SOURCE}],
        "indicators": indicators, "werkagenda": list(actions)}), encoding="utf-8")
    lines = ["indicator,period,value,area,source,note"] + [",".join(map(str, r)) + ",,test," for r in rows]
    (data_dir / "measurements" / "m.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    loaded = load_plan(plan_dir)
    assert [str(p) for p in loaded.errors] == []
    progress = Progress.build(loaded, data_dir, TODAY)
    assert [str(p) for p in progress.measurements.problems] == []
    return progress


def status_of(progress: Progress, as_of: date, kpi: str = "kpi") -> dict:
    frame = progress.status(as_of)
    return frame.filter(frame["indicator"] == kpi).row(0, named=True)


RISING = dict(baseline=figure(100, "2024-01-01"), target=figure(200, "2024-01-21"))
MID = date(2024, 1, 11)


@pytest.mark.parametrize("value, status, ratio", [
    (147.5, "Op koers", 0.95),           # p = 0.475, e = 0.5: R exactly 0.95
    (147.4, "Matige voortgang", 0.948),
    (130, "Matige voortgang", 0.6),      # R exactly 0.60
    (129.9, "Beperkte voortgang", 0.598),
    (100, "Beperkte voortgang", 0.0),    # no movement: R = 0
    (95, "Verslechterd", -0.1),
    (200, "Behaald", 2.0),
    (210, "Behaald", 2.2),
])
def test_higher_is_better_thresholds(tmp_path, value, status, ratio):
    progress = build(tmp_path, [indicator(**RISING)], [("kpi", "2024-01-11", value)])
    row = status_of(progress, MID)
    assert row["status"] == status
    assert row["expected_value"] == pytest.approx(150)
    assert row["expected_share"] == pytest.approx(0.5)
    assert row["ratio"] == pytest.approx(ratio)


def test_explanation_sentence(tmp_path):
    progress = build(tmp_path, [indicator(**RISING)], [("kpi", "2024-01-11", 130)])
    assert status_of(progress, MID)["explanation"] == (
        "Gerealiseerd 30% van de beoogde stijging, verwacht 50% op 11-01-2024 (R = 0,60): matige voortgang.")


def test_lower_is_better(tmp_path):
    kpi = indicator(direction="lower_is_better", baseline=figure(50, "2024-01-01"), target=figure(30, "2024-01-21"))
    progress = build(tmp_path, [kpi], [("kpi", "2024-01-11", 40)])
    row = status_of(progress, MID)
    assert (row["status"], row["realised_share"], row["ratio"]) == ("Op koers", pytest.approx(0.5), pytest.approx(1))
    assert row["explanation"] == (
        "Gerealiseerd 50% van de beoogde daling, verwacht 50% op 11-01-2024 (R = 1,00): op koers.")


def test_lower_is_better_reached_and_missed(tmp_path):
    kpi = indicator(direction="lower_is_better", baseline=figure(50, "2024-01-01"), target=figure(30, "2024-01-21"))
    progress = build(tmp_path, [kpi], [("kpi", "2024-01-11", 30), ("kpi", "2024-01-21", 31)])
    assert status_of(progress, MID)["status"] == "Behaald"
    later = status_of(progress, date(2024, 1, 21))
    assert later["status"] == "Niet behaald"
    assert later["explanation"] == "Streefwaarde 30% (21-01-2024) niet behaald: laatste meting 31% (21-01-2024)."


def test_interim_targets_bend_the_expected_path(tmp_path):
    # Path 100 (01-01) -> 180 (11-01) -> 200 (21-01). On 06-01 the expected value is 100 + 80 * 5/10 = 140,
    # so e = 0.4; v = 130 gives p = 0.3 and R = 0.75. Without the interim target E = 125 and R = 1.2.
    kpi = indicator(**RISING, interim_targets=[figure(180, "2024-01-11")])
    progress = build(tmp_path, [kpi], [("kpi", "2024-01-06", 130)])
    row = status_of(progress, date(2024, 1, 6))
    assert row["expected_value"] == pytest.approx(140)
    assert (row["ratio"], row["status"]) == (pytest.approx(0.75), "Matige voortgang")
    # The query gives the path it used; the chart draws exactly those points.
    assert row["expected_path"] == [{"x": date(2024, 1, 1), "y": 100, "period": "2024-01-01"},
                                    {"x": date(2024, 1, 11), "y": 180, "period": "2024-01-11"},
                                    {"x": date(2024, 1, 21), "y": 200, "period": "2024-01-21"}]
    loaded_kpi = progress.loaded.themes["th"].indicators[0]
    assert expected_path(loaded_kpi, row) == [(date(2024, 1, 1), 100, "Nulmeting"),
                                              (date(2024, 1, 11), 180, "Tussendoel 11-01-2024"),
                                              (date(2024, 1, 21), 200, "Streefwaarde")]
    # After the interim target: on 16-01 E = 180 + 20 * 5/10 = 190, e = 0.9; v = 180 gives R = 0.8/0.9.
    progress = build(tmp_path / "b", [kpi], [("kpi", "2024-01-16", 180)])
    row = status_of(progress, date(2024, 1, 16))
    assert row["expected_value"] == pytest.approx(190)
    assert row["ratio"] == pytest.approx(0.8 / 0.9)


def test_target_reached_then_lost_again(tmp_path):
    progress = build(tmp_path, [indicator(**RISING)], [("kpi", "2024-01-06", 205), ("kpi", "2024-01-11", 150)])
    assert status_of(progress, date(2024, 1, 6))["status"] == "Behaald"
    assert status_of(progress, MID)["status"] == "Op koers"   # 150 on the line: R = 1


def test_no_data_cases(tmp_path):
    kpi_late = indicator(id="before", baseline=figure(100, "2024-01-11"), target=figure(200, "2024-01-21"))
    progress = build(tmp_path, [indicator(**RISING), kpi_late], [("before", "2024-01-06", 120)])
    # As-of before any data: no measurement after the baseline.
    assert status_of(progress, date(2024, 1, 5))["status"] == "Geen gegevens"
    # A measurement only before the baseline does not count.
    row = status_of(progress, MID, "before")
    assert row["status"] == "Geen gegevens"
    assert row["explanation"] == ("Laatste meting 120% (06-01-2024) ligt niet na de nulmeting (11-01-2024): "
                                  "geen gegevens.")


def test_only_one_measurement_and_no_baseline_in_the_plan(tmp_path):
    progress = build(tmp_path, [indicator(target=figure(200, "2024-01-21"))], [("kpi", "2024-01-01", 100)])
    row = status_of(progress, MID)
    assert (row["status"], row["baseline_value"], row["baseline_period"]) == ("Geen gegevens", 100, "2024-01-01")


def test_first_measurement_is_the_baseline_when_the_plan_gives_none(tmp_path):
    progress = build(tmp_path, [indicator(target=figure(200, "2024-01-21"))],
                     [("kpi", "2024-01-01", 100), ("kpi", "2024-01-11", 150)])
    row = status_of(progress, MID)
    assert (row["status"], row["ratio"]) == ("Op koers", pytest.approx(1))
    assert row["explanation"].endswith(
        "Het plan geeft geen nulmeting: de eerste meting (01-01-2024) telt als nulmeting.")


# Trend without a target: 01-01-2016 to 01-01-2020 is 1461 days = exactly 4 years of 365.25 days.
@pytest.mark.parametrize("direction, value, status", [
    ("higher_is_better", 104, "Verbetering"),      # g = 4/4 = 1 = s (1% of 100): at the threshold
    ("higher_is_better", 103.96, "Stabiel"),       # g = 0.99
    ("higher_is_better", 96, "Verslechterd"),      # g = -1
    ("lower_is_better", 96, "Verbetering"),        # d = -1: g = 1
    ("lower_is_better", 96.04, "Stabiel"),
])
def test_trend_without_target(tmp_path, direction, value, status):
    kpi = indicator(direction=direction, frequency="yearly", baseline=figure(100, "2016-01-01"))
    progress = build(tmp_path, [kpi], [("kpi", "2020-01-01", value)])
    row = status_of(progress, date(2020, 1, 1))
    assert row["status"] == status


def test_trend_explanation_and_own_threshold(tmp_path):
    kpi = indicator(frequency="yearly", baseline=figure(100, "2016-01-01"), trend_threshold=2.5)
    progress = build(tmp_path, [kpi], [("kpi", "2020-01-01", 110)])
    row = status_of(progress, date(2020, 1, 1))
    assert row["status"] == "Verbetering"   # g = 10/4 = 2.5 = own threshold
    assert row["explanation"] == ("Sinds de nulmeting (01-01-2016) 2,5% per jaar verbeterd "
                                  "(drempel 2,5% per jaar): verbetering.")
    assert row["summary"] == "Gaat de goede kant op: stijgt sinds de nulmeting (01-01-2016)."


# The plain sentence for people, per status: no R, no threshold (issue 16). Expectations written out by hand from
# the same cases the thresholds above compute.
@pytest.mark.parametrize("fields, rows, as_of, summary", [
    (RISING, [("kpi", "2024-01-11", 147.5)], MID, "Op koers naar de streefwaarde voor 21-01-2024."),
    (RISING, [("kpi", "2024-01-11", 140)], MID,
     "Gaat de goede kant op, maar langzamer dan nodig voor de streefwaarde voor 21-01-2024."),
    (RISING, [("kpi", "2024-01-11", 100)], MID, "Gaat nauwelijks vooruit; de streefwaarde voor 21-01-2024 raakt "
                                                "buiten bereik."),
    (RISING, [("kpi", "2024-01-11", 95)], MID, "Daalt, terwijl het plan een stijging wil; de streefwaarde voor "
                                               "21-01-2024 raakt buiten bereik."),
    (RISING, [("kpi", "2024-01-11", 200)], MID, "De streefwaarde voor 21-01-2024 is gehaald."),
    # Target 200 by 2025: met in 2025, lost in 2026: said as such, not only "niet gehaald".
    (dict(baseline=figure(100, "2023"), target=figure(200, "2025")), [("kpi", "2025", 205), ("kpi", "2026", 190)],
     date(2026, 12, 31), "De streefwaarde voor 2025 was gehaald (2025), maar de laatste meting (2026) voldoet er "
                         "niet meer aan."),
    (dict(baseline=figure(100, "2023"), target=figure(200, "2025")), [("kpi", "2025", 150), ("kpi", "2026", 210)],
     date(2026, 12, 31), "De streefwaarde voor 2025 is gehaald."),
    (dict(baseline=figure(100, "2023"), target=figure(200, "2025")), [("kpi", "2025", 150)],
     date(2025, 12, 31), "De streefwaarde voor 2025 is niet gehaald."),
    (dict(frequency="yearly", baseline=figure(100, "2016")), [("kpi", "2020", 100.5)], date(2020, 12, 31),
     "Blijft ongeveer gelijk sinds de nulmeting (2016)."),
    (dict(frequency="yearly", direction="lower_is_better", baseline=figure(100, "2016")), [("kpi", "2020", 120)],
     date(2020, 12, 31), "Stijgt sinds de nulmeting (2016), terwijl het plan een daling wil."),
    (dict(norm={"min": 90, "source": SOURCE}), [("kpi", "2024-Q1", 89.9)], date(2024, 3, 31),
     "Voldoet niet aan de norm: 89,9% (1e kwartaal 2024), de norm is minimaal 90%."),
    (dict(norm={"min": 90, "source": SOURCE}), [("kpi", "2024-Q1", 90)], date(2024, 3, 31),
     "Voldoet aan de norm (minimaal 90%)."),
    (dict(frequency="yearly", baseline=figure(0, "2016")), [("kpi", "2020", 5)], date(2020, 12, 31),
     "Niet te beoordelen: de nulmeting is 0."),
    (dict(baseline=figure(100, "2016")), [], date(2020, 12, 31), "Er is nog geen meting."),
    (dict(kind="context"), [("kpi", "2020", 5)], date(2020, 12, 31), "Context: getoond, niet beoordeeld."),
])
def test_plain_summary_per_status(tmp_path, fields, rows, as_of, summary):
    row = status_of(build(tmp_path, [indicator(**fields)], rows), as_of)
    assert row["summary"] == summary
    assert "R =" not in row["summary"] and "drempel" not in row["summary"]


def test_count_units_read_naturally_and_summary_says_the_measurement_is_old(tmp_path):
    kpi = indicator(unit="aantal inzetten", frequency="yearly", baseline=figure(100, "2016"), max_age_months=6)
    row = status_of(build(tmp_path, [kpi], [("kpi", "2020", 110)]), date(2022, 12, 31))
    assert row["explanation"].startswith("Sinds de nulmeting (2016) 2,5 inzetten per jaar verbeterd "
                                         "(drempel 1 inzetten per jaar)")  # 1% of the baseline
    assert row["summary"] == ("Gaat de goede kant op: stijgt sinds de nulmeting (2016). "
                              "De laatste meting is ouder dan 6 maanden.")


def test_baseline_zero_without_threshold_cannot_be_assessed(tmp_path):
    progress = build(tmp_path, [indicator(frequency="yearly", baseline=figure(0, "2016-01-01"))],
                     [("kpi", "2020-01-01", 5)])
    row = status_of(progress, date(2020, 1, 1))
    assert row["status"] == "Niet te beoordelen"
    assert row["explanation"] == "Nulmeting is 0 en er is geen trenddrempel vastgelegd: niet te beoordelen."


@pytest.mark.parametrize("value, status", [(90, "Voldoet aan norm"), (89.9, "Voldoet niet aan norm")])
def test_norm(tmp_path, value, status):
    kpi = indicator(norm={"min": 90, "source": SOURCE})
    progress = build(tmp_path, [kpi], [("kpi", "2024-Q1", value)])
    row = status_of(progress, date(2024, 3, 31))
    assert row["status"] == status
    assert status_of(progress, date(2023, 12, 31))["status"] == "Geen gegevens"


def test_norm_explanation(tmp_path):
    kpi = indicator(direction="within_norm", norm={"min": 2, "max": 4, "source": SOURCE})
    progress = build(tmp_path, [kpi], [("kpi", "2024-Q1", 4.5)])
    assert status_of(progress, date(2024, 3, 31))["explanation"] == (
        "Laatste meting 4,5% (1e kwartaal 2024) voldoet niet aan de norm van minimaal 2% en maximaal 4%.")


@pytest.mark.parametrize("frequency, period, as_of, stale", [
    ("quarterly", "2024-Q1", date(2024, 9, 30), False),   # exactly 6 months: not yet stale
    ("quarterly", "2024-Q1", date(2024, 10, 1), True),
    ("yearly", "2022", date(2024, 12, 31), False),        # exactly 24 months
    ("yearly", "2022", date(2025, 1, 1), True),
    ("monthly", "2024-01", date(2024, 3, 31), False),     # 31-01 + 2 months = 31-03
    ("monthly", "2024-01", date(2024, 4, 1), True),
])
def test_stale_at_the_limit(tmp_path, frequency, period, as_of, stale):
    kpi = indicator(frequency=frequency, baseline=figure(100, "2020"))
    progress = build(tmp_path, [kpi], [("kpi", period, 101)])
    assert status_of(progress, as_of)["stale"] is stale


def test_own_max_age(tmp_path):
    kpi = indicator(baseline=figure(100, "2020"), max_age_months=3)
    progress = build(tmp_path, [kpi], [("kpi", "2024-Q1", 101)])
    assert status_of(progress, date(2024, 6, 30))["stale"] is False
    row = status_of(progress, date(2024, 7, 1))
    assert row["stale"] is True
    assert row["explanation"].endswith("Let op: de laatste meting is ouder dan 3 maanden.")


def test_area_rows_do_not_count_for_the_region(tmp_path):
    progress = build(tmp_path, [indicator(**RISING)], [])
    (tmp_path / "data" / "measurements" / "m.csv").write_text(
        "indicator,period,value,area,source,note\nkpi,2024-01-11,150,Haarlem,test,\n", encoding="utf-8")
    progress = Progress.build(progress.loaded, tmp_path / "data", TODAY)
    assert status_of(progress, MID)["status"] == "Geen gegevens"


def test_werkagenda_action_statuses(tmp_path):
    actions = [
        {"id": "a-late", "title": "Loopt uit", "start": "2024-Q1", "end": "2024-Q2", "status": "loopt", "source": SOURCE},
        {"id": "b-start", "title": "Start later", "start": "2024-Q1", "end": "2025-Q4", "status": "niet gestart",
         "source": SOURCE},
        {"id": "c-done", "title": "Klaar", "start": "2024-Q1", "end": "2024-Q2", "status": "afgerond", "source": SOURCE},
        {"id": "d-future", "title": "Nog niet", "start": "2024-Q3", "end": "2024-Q4", "status": "niet gestart",
         "source": SOURCE},
        {"id": "e-unknown", "title": "Niemand meldt", "start": "2024-Q1", "end": "2024-Q1", "source": SOURCE},
    ]
    progress = build(tmp_path, [indicator(**RISING)], [], actions)
    frame = progress.actions(date(2024, 6, 30))
    assert frame.select("id", "status", "late").rows() == [
        ("a-late", "Loopt", False), ("b-start", "Start vertraagd", True), ("c-done", "Afgerond", False),
        ("d-future", "Niet gestart", False), ("e-unknown", "Niet gerapporteerd", False)]
    frame = progress.actions(date(2024, 7, 1))
    assert frame["status"].to_list() == ["Vertraagd", "Start vertraagd", "Afgerond", "Niet gestart",
                                         "Niet gerapporteerd"]


def test_history_per_quarter_with_change(tmp_path):
    kpi = indicator(baseline=figure(100, "2024-Q1"), target=figure(200, "2025-Q1"))
    rows = [("kpi", "2024-Q2", 125), ("kpi", "2024-Q3", 130), ("kpi", "2024-Q4", 190)]
    progress = build(tmp_path, [kpi], rows)
    history = progress.history(date(2024, 12, 31))
    assert history.select("as_of", "status", "change").rows() == [
        (date(2024, 3, 31), "Geen gegevens", None),
        (date(2024, 6, 30), "Op koers", None),
        (date(2024, 9, 30), "Beperkte voortgang", "worse"),
        (date(2024, 12, 31), "Op koers", "better"),
    ]


def test_no_change_is_reported_between_quarters_without_an_assessment(tmp_path):
    """'Geen gegevens' twice in a row is not 'gelijk': the methodology compares assessments only."""
    kpi = indicator(baseline=figure(100, "2024-Q1"), target=figure(200, "2025-Q1"))
    progress = build(tmp_path, [kpi], [("kpi", "2024-Q4", 175)])
    history = progress.history(date(2024, 12, 31))
    # 175 at 31-12-2024: p = 0.75; e = 275/366 = 0.7514; R = 0.998: on course.
    assert history.select("as_of", "status", "change").rows() == [
        (date(2024, 3, 31), "Geen gegevens", None),
        (date(2024, 6, 30), "Geen gegevens", None),
        (date(2024, 9, 30), "Geen gegevens", None),
        (date(2024, 12, 31), "Op koers", None),
    ]


def test_quarter_helpers():
    assert Quarter.last_complete(date(2026, 11, 23)) == Quarter(2026, 3)
    assert Quarter.last_complete(date(2026, 12, 31)).end == date(2026, 12, 31)
    assert Quarter.last_complete(date(2026, 1, 1)) == Quarter(2025, 4)
    assert (Quarter(2026, 1).previous, Quarter(2026, 4).next, Quarter(2026, 3).label) == (
        Quarter(2025, 4), Quarter(2027, 1), "3e kwartaal 2026")
    assert quarter_ends(date(2024, 2, 10), date(2024, 9, 30)) == [date(2024, 3, 31), date(2024, 6, 30),
                                                                    date(2024, 9, 30)]
    assert quarter_ends(date(2024, 2, 10), date(2024, 8, 15))[-1] == date(2024, 8, 15)


def test_rollups_count_statuses_and_share_on_course(tmp_path):
    kpis = [indicator(id="a", **RISING), indicator(id="b", **RISING), indicator(id="c", **RISING),
            indicator(id="d", **RISING, doelen=[])]
    rows = [("a", "2024-01-11", 150), ("b", "2024-01-11", 95), ("d", "2024-01-11", 210)]
    actions = [{"id": "x", "title": "X", "start": "2024-Q1", "end": "2024-Q1", "doelen": ["1"], "status": "loopt",
                "source": SOURCE}]
    progress = build(tmp_path, kpis, rows, actions)
    # a: Op koers, b: Verslechterd, c: Geen gegevens, d: Behaald (no doel). Assessable: a, b, d.
    theme = progress.rollup(date(2024, 4, 1), "theme").row(0, named=True)
    assert (theme["indicators"], theme["on_track"], theme["worsening"], theme["reached"],
            theme["no_data"], theme["assessable"], theme["on_course"]) == (4, 1, 1, 1, 1, 3, 2)
    assert (theme["with_target"], theme["favourable_without_target"]) == (3, 0)
    assert theme["share_on_course"] == pytest.approx(2 / 3)
    assert (theme["actions"], theme["actions_late"]) == (1, 1)   # not started after its start quarter
    doel = progress.rollup(date(2024, 4, 1), "doel").row(0, named=True)
    assert (doel["theme"], doel["doel"], doel["indicators"], doel["assessable"], doel["on_course"]) == (
        "th", "1", 3, 2, 1)
    assert doel["share_on_course"] == pytest.approx(0.5)


def test_a_worsening_trend_without_a_target_is_not_counted_as_a_target(tmp_path):
    """The committee pack said '1 met streefwaarde' for a KPI without a target whose trend worsened: target and
    trend 'Verslechterd' share a label, and the share line counted labels. It counts codes now."""
    from regiomonitor.present.views import judgement_line
    from regiomonitor.present.words import words_of

    kpis = [indicator(id="a", baseline=figure(100, "2024-Q1")), indicator(id="b", **RISING)]
    progress = build(tmp_path, kpis, [("a", "2024-Q3", 80), ("b", "2024-01-11", 95)])
    rows = progress.status(date(2024, 9, 30)).iter_rows(named=True)
    assert {r["indicator"]: (r["status_code"], r["status"]) for r in rows} == {
        "a": ("trend_worsening", "Verslechterd"), "b": ("worsening", "Verslechterd")}  # one label, two meanings
    theme = progress.rollup(date(2024, 9, 30), "theme").row(0, named=True)
    assert (theme["trend_worsening"], theme["worsening"], theme["with_target"]) == (1, 1, 1)
    assert judgement_line(theme, words_of(progress.loaded)) == (
        "0 gunstig, 2 ongunstig, 0 neutraal van 2 beoordeelbare indicatoren; met streefwaarde: 0 van 1 behaald of op "
        "koers")


def test_changes_since_previous_quarter(tmp_path):
    kpi = indicator(baseline=figure(100, "2024-Q1"), target=figure(200, "2025-Q1"))
    progress = build(tmp_path, [kpi], [("kpi", "2024-Q2", 125), ("kpi", "2024-Q3", 130)])
    [row] = progress.changes(date(2024, 9, 30)).rows(named=True)
    assert (row["previous_status"], row["status"], row["change"]) == ("Op koers", "Beperkte voortgang", "worse")


def test_actions_come_in_plan_order(tmp_path):
    """plan.yaml lists zorg before welzijn (alphabetically the other way round); within a theme, actions keep
    the order of their file (here also not alphabetical)."""
    import shutil

    from tests.conftest import FIXTURES

    plan_dir = tmp_path / "plan"
    shutil.copytree(FIXTURES / "plan-minimal", plan_dir)
    with (plan_dir / "welzijn.yaml").open("a", encoding="utf-8") as f:
        for action_id in ("welzijn-zz", "welzijn-aa"):
            f.write("werkagenda:\n" if action_id == "welzijn-zz" else "")
            f.write(f"  - id: {action_id}\n    title: Actie {action_id}\n    start: 2024-Q1\n    end: 2026-Q4\n"
                    f"    source: {{document: testplan, section: Werkagenda}}\n")
    loaded = load_plan(plan_dir)
    assert not loaded.errors
    actions = Progress.build(loaded, tmp_path / "data").actions(date(2026, 9, 30))
    assert actions["id"].to_list() == ["zorg-kpis-opstellen", "welzijn-zz", "welzijn-aa"]
    assert actions["plan_order"].to_list() == [0, 1, 2]
